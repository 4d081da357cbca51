package store

import (
	"math"
	"strings"
	"time"

	"gorm.io/gorm"

	"newsroom/cms"
)

type sectionRow struct {
	ID          string `gorm:"primaryKey"`
	Name        string
	Slug        string
	Description string
	ParentID    *string
	Position    int
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (sectionRow) TableName() string { return "sections" }

func (r *sectionRow) section() *cms.Section {
	return &cms.Section{ID: r.ID, Name: r.Name, Slug: r.Slug, Description: r.Description, ParentID: r.ParentID,
		Position: r.Position, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type tagRow struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	Slug      string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (tagRow) TableName() string { return "tags" }

func (r *tagRow) tag() *cms.Tag {
	return &cms.Tag{ID: r.ID, Name: r.Name, Slug: r.Slug, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type authorRow struct {
	ID            string `gorm:"primaryKey"`
	Name          string
	Slug          string
	Bio           string
	AvatarMediaID *string
	UserID        *string
	Version       int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (authorRow) TableName() string { return "authors" }

func (r *authorRow) author() *cms.Author {
	return &cms.Author{ID: r.ID, Name: r.Name, Slug: r.Slug, Bio: r.Bio, AvatarMediaID: r.AvatarMediaID, UserID: r.UserID,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

const slugTaken = "is already used; choose another"

// CreateSection inserts s, setting its id, version and times.
// Returns EConflict naming "slug" when the slug is taken.
func (tx *Tx) CreateSection(s *cms.Section) error {
	row := sectionRow{ID: cms.NewID(tx.Now), Name: s.Name, Slug: s.Slug, Description: s.Description, ParentID: s.ParentID,
		Position: s.Position, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	if err := tx.g.Create(&row).Error; err != nil {
		return duplicateField(err, "slug", slugTaken)
	}
	*s = *row.section()
	return nil
}

// Section returns the section with the id. Returns ENotFound when there is none.
func (tx *Tx) Section(id string) (*cms.Section, error) {
	var row sectionRow
	if err := tx.g.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "section")
	}
	return row.section(), nil
}

// SectionAncestors returns the ids of the section's parent, its parent's
// parent and so on, nearest first; used to refuse cycles.
func (tx *Tx) SectionAncestors(id string) ([]string, error) {
	var out []string
	for cur := id; len(out) < 100; {
		var row sectionRow
		if err := tx.g.Select("parent_id").Where("id = ?", cur).Take(&row).Error; err != nil {
			return nil, notFound(err, "section")
		}
		if row.ParentID == nil {
			return out, nil
		}
		out = append(out, *row.ParentID)
		cur = *row.ParentID
	}
	return out, nil
}

// ListFilter narrows and pages the lists of sections, tags and authors.
type ListFilter struct {
	Query    string  // matched against name and slug
	ParentID *string // sections only; "" selects top-level sections
	Cursor   string
	Limit    int
}

// ListSections returns sections ordered by position, then name.
func (tx *Tx) ListSections(f ListFilter) (cms.Page[*cms.Section], error) {
	q := tx.g.Model(&sectionRow{})
	if f.ParentID != nil {
		if *f.ParentID == "" {
			q = q.Where("parent_id IS NULL")
		} else {
			q = q.Where("parent_id = ?", *f.ParentID)
		}
	}
	var rows []sectionRow
	next, err := pageBy(q, f, &rows, "position", func(r sectionRow) (any, string) { return r.Position, r.ID })
	if err != nil {
		return cms.Page[*cms.Section]{}, err
	}
	page := cms.Page[*cms.Section]{Data: make([]*cms.Section, len(rows)), NextCursor: next}
	for i := range rows {
		page.Data[i] = rows[i].section()
	}
	return page, nil
}

// pageBy runs a keyset-paginated query ordered by (col, id), with the name/slug
// search of f, into rows, and returns the next cursor.
func pageBy[R any](q *gorm.DB, f ListFilter, rows *[]R, col string, key func(R) (any, string)) (string, error) {
	if f.Query != "" {
		like := "%" + escapeLike(strings.ToLower(f.Query)) + "%"
		q = q.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR slug LIKE ? ESCAPE '\\')", like, like)
	}
	var after struct {
		V  any    `json:"v"`
		ID string `json:"id"`
	}
	if err := decodeCursor(f.Cursor, &after, "v", "id"); err != nil {
		return "", err
	}
	if after.ID != "" {
		// The cursor comes from the client: its sort value must have the
		// column's type, or the database refuses the comparison.
		var zero R
		like, _ := key(zero)
		v, ok := cursorValue(after.V, like)
		if !ok {
			return "", errNotCursor()
		}
		q = q.Where("("+col+" > ? OR ("+col+" = ? AND id > ?))", v, v, after.ID)
	}
	if err := q.Order(col).Order("id").Limit(f.Limit + 1).Find(rows).Error; err != nil {
		return "", translate(err)
	}
	if len(*rows) <= f.Limit {
		return "", nil
	}
	*rows = (*rows)[:f.Limit]
	v, id := key((*rows)[f.Limit-1])
	after.V, after.ID = v, id
	return encodeCursor(after), nil
}

// cursorValue converts the sort value decoded from a cursor to the type of
// like, the value of a string or an INTEGER column; ok is false when it
// cannot be one (another JSON type, a fraction, out of range).
func cursorValue(v, like any) (_ any, ok bool) {
	switch like.(type) {
	case string:
		s, ok := v.(string)
		return s, ok
	case int, int64:
		n, ok := v.(float64) // JSON numbers decode as float64
		if !ok || n != math.Trunc(n) || n < math.MinInt32 || n > math.MaxInt32 {
			return nil, false
		}
		return int64(n), true
	}
	return nil, false
}

// SectionChange holds the fields UpdateSection sets; nil leaves a field as it is.
type SectionChange struct {
	Name, Slug, Description *string
	ParentID                **string
	Position                *int
}

// UpdateSection applies the change when the section's version is version.
// Returns ENotFound, EPreconditionFail or EConflict naming "slug".
func (tx *Tx) UpdateSection(id string, version int64, c SectionChange) (*cms.Section, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	setIf(set, "name", c.Name)
	setIf(set, "slug", c.Slug)
	setIf(set, "description", c.Description)
	setIf(set, "position", c.Position)
	if c.ParentID != nil {
		set["parent_id"] = *c.ParentID
	}
	if err := tx.updateVersioned(&sectionRow{}, "section", id, version, set, "slug", slugTaken); err != nil {
		return nil, err
	}
	return tx.Section(id)
}

// DeleteSection removes the section. Returns ENotFound, or EConflict when
// sub-sections or articles still use it.
func (tx *Tx) DeleteSection(id string) error {
	return tx.deleteRow(&sectionRow{}, "section", id, "the section still has sub-sections or articles; move them first")
}

// CreateTag inserts t, setting its id, version and times.
// Returns EConflict naming "slug" when the slug is taken.
func (tx *Tx) CreateTag(t *cms.Tag) error {
	row := tagRow{ID: cms.NewID(tx.Now), Name: t.Name, Slug: t.Slug, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	if err := tx.g.Create(&row).Error; err != nil {
		return duplicateField(err, "slug", slugTaken)
	}
	*t = *row.tag()
	return nil
}

// Tag returns the tag with the id. Returns ENotFound when there is none.
func (tx *Tx) Tag(id string) (*cms.Tag, error) {
	var row tagRow
	if err := tx.g.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "tag")
	}
	return row.tag(), nil
}

// ListTags returns tags ordered by name.
func (tx *Tx) ListTags(f ListFilter) (cms.Page[*cms.Tag], error) {
	var rows []tagRow
	next, err := pageBy(tx.g.Model(&tagRow{}), f, &rows, "name", func(r tagRow) (any, string) { return r.Name, r.ID })
	if err != nil {
		return cms.Page[*cms.Tag]{}, err
	}
	page := cms.Page[*cms.Tag]{Data: make([]*cms.Tag, len(rows)), NextCursor: next}
	for i := range rows {
		page.Data[i] = rows[i].tag()
	}
	return page, nil
}

// TagChange holds the fields UpdateTag sets; nil leaves a field as it is.
type TagChange struct{ Name, Slug *string }

// UpdateTag applies the change when the tag's version is version.
// Returns ENotFound, EPreconditionFail or EConflict naming "slug".
func (tx *Tx) UpdateTag(id string, version int64, c TagChange) (*cms.Tag, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	setIf(set, "name", c.Name)
	setIf(set, "slug", c.Slug)
	if err := tx.updateVersioned(&tagRow{}, "tag", id, version, set, "slug", slugTaken); err != nil {
		return nil, err
	}
	return tx.Tag(id)
}

// DeleteTag removes the tag and detaches it from articles.
// Returns ENotFound when there is none.
func (tx *Tx) DeleteTag(id string) error {
	return tx.deleteRow(&tagRow{}, "tag", id, "the tag is still in use")
}

// CreateAuthor inserts a, setting its id, version and times.
// Returns EConflict naming "slug" when the slug is taken.
func (tx *Tx) CreateAuthor(a *cms.Author) error {
	row := authorRow{ID: cms.NewID(tx.Now), Name: a.Name, Slug: a.Slug, Bio: a.Bio, AvatarMediaID: a.AvatarMediaID,
		UserID: a.UserID, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	if err := tx.g.Create(&row).Error; err != nil {
		if isDuplicate(err) {
			return duplicateField(err, "slug", slugTaken)
		}
		return refErr(err, "user_id", "no such user")
	}
	*a = *row.author()
	return nil
}

// Author returns the author profile with the id. Returns ENotFound when there is none.
func (tx *Tx) Author(id string) (*cms.Author, error) {
	var row authorRow
	if err := tx.g.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "author")
	}
	return row.author(), nil
}

// ListAuthors returns author profiles ordered by name.
func (tx *Tx) ListAuthors(f ListFilter) (cms.Page[*cms.Author], error) {
	var rows []authorRow
	next, err := pageBy(tx.g.Model(&authorRow{}), f, &rows, "name", func(r authorRow) (any, string) { return r.Name, r.ID })
	if err != nil {
		return cms.Page[*cms.Author]{}, err
	}
	page := cms.Page[*cms.Author]{Data: make([]*cms.Author, len(rows)), NextCursor: next}
	for i := range rows {
		page.Data[i] = rows[i].author()
	}
	return page, nil
}

// AuthorChange holds the fields UpdateAuthor sets; nil leaves a field as it is.
type AuthorChange struct {
	Name, Slug, Bio       *string
	AvatarMediaID, UserID **string
}

// UpdateAuthor applies the change when the profile's version is version.
// Returns ENotFound, EPreconditionFail or EConflict naming "slug".
func (tx *Tx) UpdateAuthor(id string, version int64, c AuthorChange) (*cms.Author, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	setIf(set, "name", c.Name)
	setIf(set, "slug", c.Slug)
	setIf(set, "bio", c.Bio)
	if c.AvatarMediaID != nil {
		set["avatar_media_id"] = *c.AvatarMediaID
	}
	if c.UserID != nil {
		set["user_id"] = *c.UserID
	}
	if err := tx.updateVersioned(&authorRow{}, "author", id, version, set, "slug", slugTaken); err != nil {
		return nil, refErr(err, "user_id", "no such user, or no such media asset")
	}
	return tx.Author(id)
}

// DeleteAuthor removes the profile. Returns ENotFound, or EConflict when
// articles still carry the byline.
func (tx *Tx) DeleteAuthor(id string) error {
	return tx.deleteRow(&authorRow{}, "author", id, "articles still carry this byline; remove it from them first")
}

func (tx *Tx) deleteRow(model any, what, id, inUse string) error {
	res := tx.g.Where("id = ?", id).Delete(model)
	if res.Error != nil {
		if err := translate(res.Error); cms.ErrorCode(err) == cms.EConflict {
			return cms.Errorf(cms.EConflict, "%s", inUse)
		}
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return cms.Errorf(cms.ENotFound, "%s not found", what)
	}
	return nil
}

// refErr returns err translated, or, for a foreign-key violation, EInvalid
// naming field.
func refErr(err error, field, msg string) error {
	if err == nil {
		return nil
	}
	if isForeignKey(err) {
		return cms.FieldError(field, msg)
	}
	return translate(err)
}

func setIf[T any](set map[string]any, col string, v *T) {
	if v != nil {
		set[col] = *v
	}
}
