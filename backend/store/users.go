package store

import (
	"strings"
	"time"

	"gorm.io/gorm"

	"newsroom/cms"
)

type userRow struct {
	ID           string `gorm:"primaryKey"`
	Email        string
	Name         string
	PasswordHash string
	Roles        string
	Active       bool
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

func (r *userRow) user() *cms.User {
	return &cms.User{
		ID: r.ID, Email: r.Email, Name: r.Name, Roles: cms.SplitRoles(r.Roles),
		Active: r.Active, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// NewUser holds what CreateUser stores. PasswordHash is already hashed.
type NewUser struct {
	Email        string
	Name         string
	PasswordHash string
	Roles        []cms.Role
}

// CreateUser inserts an active user. The e-mail is stored lower-cased.
// Returns EConflict naming "email" when the address is taken.
func (tx *Tx) CreateUser(u NewUser) (*cms.User, error) {
	row := userRow{
		ID: cms.NewID(tx.Now), Email: strings.ToLower(u.Email), Name: u.Name, PasswordHash: u.PasswordHash,
		Roles: cms.JoinRoles(u.Roles), Active: true, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now,
	}
	if err := tx.g.Create(&row).Error; err != nil {
		return nil, duplicateField(err, "email", "is already used by another user")
	}
	return row.user(), nil
}

// CountUsers returns how many users exist.
func (tx *Tx) CountUsers() (int64, error) {
	var n int64
	err := tx.g.Model(&userRow{}).Count(&n).Error
	return n, translate(err)
}

// User returns the user with the id. Returns ENotFound when there is none.
func (tx *Tx) User(id string) (*cms.User, error) {
	var row userRow
	if err := tx.g.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "user")
	}
	return row.user(), nil
}

// UserCredentials returns the user with the e-mail (any case) and its password
// hash. Returns ENotFound when there is none.
func (tx *Tx) UserCredentials(email string) (*cms.User, string, error) {
	var row userRow
	if err := tx.g.Where("email = ?", strings.ToLower(email)).Take(&row).Error; err != nil {
		return nil, "", notFound(err, "user")
	}
	return row.user(), row.PasswordHash, nil
}

// UserFilter narrows ListUsers.
type UserFilter struct {
	Role   cms.Role // "" for any
	Active *bool
	Query  string // matched against name and e-mail
	// NameOnly matches Query against the name alone, for lists whose
	// readers must not learn e-mail addresses by searching for them.
	NameOnly bool
	IDs      []string // only these users; nil for any
	Cursor   string
	Limit    int
}

// ListUsers returns users oldest first, a page at a time.
func (tx *Tx) ListUsers(f UserFilter) (cms.Page[*cms.User], error) {
	q := tx.g.Model(&userRow{})
	if f.Role != "" {
		// roles is a short comma-separated list; pad it so "editor" cannot match inside another name.
		q = q.Where("(',' || roles || ',') LIKE ?", "%,"+string(f.Role)+",%")
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	if f.Query != "" {
		like := "%" + escapeLike(strings.ToLower(f.Query)) + "%"
		if f.NameOnly {
			q = q.Where("LOWER(name) LIKE ? ESCAPE '\\'", like)
		} else {
			q = q.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')", like, like)
		}
	}
	if f.IDs != nil {
		q = q.Where("id IN ?", f.IDs)
	}
	var after string
	if err := decodeCursor(f.Cursor, &after); err != nil {
		return cms.Page[*cms.User]{}, err
	}
	if after != "" {
		q = q.Where("id > ?", after)
	}
	var rows []userRow
	if err := q.Order("id").Limit(f.Limit + 1).Find(&rows).Error; err != nil {
		return cms.Page[*cms.User]{}, translate(err)
	}
	page := cms.Page[*cms.User]{Data: make([]*cms.User, 0, len(rows))}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		page.NextCursor = encodeCursor(rows[len(rows)-1].ID)
	}
	for i := range rows {
		page.Data = append(page.Data, rows[i].user())
	}
	return page, nil
}

// UserChange holds the fields UpdateUser sets; nil leaves a field as it is.
type UserChange struct {
	Name         *string
	Email        *string
	Roles        []cms.Role
	Active       *bool
	PasswordHash *string
}

// UpdateUser applies the change when the user's version is still version.
// Returns ENotFound, EPreconditionFail with the current version when it moved
// on, or EConflict naming "email" when the new address is taken.
func (tx *Tx) UpdateUser(id string, version int64, c UserChange) (*cms.User, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	if c.Name != nil {
		set["name"] = *c.Name
	}
	if c.Email != nil {
		set["email"] = strings.ToLower(*c.Email)
	}
	if c.Roles != nil {
		set["roles"] = cms.JoinRoles(c.Roles)
	}
	if c.Active != nil {
		set["active"] = *c.Active
	}
	if c.PasswordHash != nil {
		set["password_hash"] = *c.PasswordHash
	}
	if err := tx.updateVersioned(&userRow{}, "user", id, version, set, "email", "is already used by another user"); err != nil {
		return nil, err
	}
	return tx.User(id)
}

// updateVersioned updates the row with id when its version is version.
// Returns ENotFound when there is no such row and EPreconditionFail (with the
// current version in Details) when the version moved on.
func (tx *Tx) updateVersioned(model any, what, id string, version int64, set map[string]any, uniqueField, uniqueMsg string) error {
	res := tx.g.Model(model).Where("id = ? AND version = ?", id, version).Updates(set)
	if res.Error != nil {
		if uniqueField != "" {
			return duplicateField(res.Error, uniqueField, uniqueMsg)
		}
		return translate(res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var current struct{ Version int64 }
	if err := tx.g.Model(model).Select("version").Where("id = ?", id).Take(&current).Error; err != nil {
		return notFound(err, what)
	}
	return &cms.Error{
		Code:    cms.EPreconditionFail,
		Message: "the " + what + " was changed by someone else since you loaded it; reload and apply your change again",
		Details: map[string]any{"current_version": current.Version},
	}
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
