package store

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"gorm.io/gorm"

	"newsroom/cms"
)

type mediaRow struct {
	ID             string `gorm:"primaryKey"`
	ObjectKey      string
	Filename       string
	ContentType    string
	Width          int
	Height         int
	Bytes          int64
	Checksum       string
	Caption        string
	Credit         string
	AltText        string
	Source         string
	UsageTerms     string
	RightsExpireAt *time.Time
	FocalX         float64
	FocalY         float64
	Renditions     string
	UploadedBy     *string
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (mediaRow) TableName() string { return "media_assets" }

// renditionJSON is one element of media_assets.renditions.
type renditionJSON struct {
	Name   string `json:"name"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Key    string `json:"key"`
}

func encodeRenditions(rs []cms.Rendition) string {
	out := make([]renditionJSON, len(rs))
	for i, r := range rs {
		out[i] = renditionJSON{Name: r.Name, Width: r.Width, Height: r.Height, Key: r.Key}
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic("encode renditions: " + err.Error()) // plain values only
	}
	return string(b)
}

func (r *mediaRow) asset() (*cms.MediaAsset, error) {
	m := &cms.MediaAsset{
		ID: r.ID, ObjectKey: r.ObjectKey, Filename: r.Filename, ContentType: r.ContentType,
		Width: r.Width, Height: r.Height, Bytes: r.Bytes, Checksum: r.Checksum,
		Caption: r.Caption, Credit: r.Credit, AltText: r.AltText, Source: r.Source, UsageTerms: r.UsageTerms,
		// REAL is single precision on PostgreSQL; focal points have three decimals.
		FocalPoint: cms.FocalPoint{X: math.Round(r.FocalX*1000) / 1000, Y: math.Round(r.FocalY*1000) / 1000}, UploadedBy: r.UploadedBy,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Renditions: []cms.Rendition{},
	}
	if r.RightsExpireAt != nil {
		t := r.RightsExpireAt.UTC()
		m.RightsExpireAt = &t
	}
	var rs []renditionJSON
	if err := json.Unmarshal([]byte(r.Renditions), &rs); err != nil {
		return nil, fmt.Errorf("media asset %s: read renditions: %w", r.ID, err)
	}
	for _, x := range rs {
		m.Renditions = append(m.Renditions, cms.Rendition{Name: x.Name, Width: x.Width, Height: x.Height, Key: x.Key})
	}
	return m, nil
}

func assets(rows []mediaRow) ([]*cms.MediaAsset, error) {
	out := make([]*cms.MediaAsset, 0, len(rows))
	for i := range rows {
		m, err := rows[i].asset()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// CreateMedia inserts m, setting its id, version and times. The objects it
// names must already be stored. Returns EConflict naming "checksum" when an
// asset with the same checksum exists (the caller returns that one instead).
func (tx *Tx) CreateMedia(m *cms.MediaAsset) error {
	row := mediaRow{
		ID: cms.NewID(tx.Now), ObjectKey: m.ObjectKey, Filename: m.Filename, ContentType: m.ContentType,
		Width: m.Width, Height: m.Height, Bytes: m.Bytes, Checksum: m.Checksum,
		Caption: m.Caption, Credit: m.Credit, AltText: m.AltText, Source: m.Source, UsageTerms: m.UsageTerms,
		RightsExpireAt: m.RightsExpireAt, FocalX: m.FocalPoint.X, FocalY: m.FocalPoint.Y,
		Renditions: encodeRenditions(m.Renditions), UploadedBy: m.UploadedBy,
		Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now,
	}
	if err := tx.g.Create(&row).Error; err != nil {
		return duplicateField(err, "checksum", "the same image is already in the library")
	}
	created, err := row.asset()
	if err != nil {
		return err
	}
	*m = *created
	return nil
}

// Media returns the asset with the id. Returns ENotFound when there is none.
func (tx *Tx) Media(id string) (*cms.MediaAsset, error) {
	var row mediaRow
	if err := tx.g.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "media asset")
	}
	return row.asset()
}

// MediaByChecksum returns the asset whose original has the checksum.
// Returns ENotFound when there is none.
func (tx *Tx) MediaByChecksum(checksum string) (*cms.MediaAsset, error) {
	var row mediaRow
	if err := tx.g.Where("checksum = ?", checksum).Take(&row).Error; err != nil {
		return nil, notFound(err, "media asset")
	}
	return row.asset()
}

// MediaFilter narrows ListMedia. Zero values do not filter.
type MediaFilter struct {
	Query          string // part of the caption, credit or alt text
	UploadedBy     string
	ContentType    string
	UploadedAfter  *time.Time // created_at >= UploadedAfter
	UploadedBefore *time.Time // created_at < UploadedBefore
	Cursor         string
	Limit          int
}

// ListMedia returns assets newest first, a page at a time (keyset on the
// UUIDv7 id, so a deep page costs what the first does).
func (tx *Tx) ListMedia(f MediaFilter) (cms.Page[*cms.MediaAsset], error) {
	q := tx.g.Model(&mediaRow{})
	if f.Query != "" {
		like := "%" + escapeLike(strings.ToLower(f.Query)) + "%"
		q = q.Where("(LOWER(caption) LIKE ? ESCAPE '\\' OR LOWER(credit) LIKE ? ESCAPE '\\' OR LOWER(alt_text) LIKE ? ESCAPE '\\')", like, like, like)
	}
	if f.UploadedBy != "" {
		q = q.Where("uploaded_by = ?", f.UploadedBy)
	}
	if f.ContentType != "" {
		q = q.Where("content_type = ?", f.ContentType)
	}
	if f.UploadedAfter != nil {
		q = q.Where("created_at >= ?", f.UploadedAfter.UTC())
	}
	if f.UploadedBefore != nil {
		q = q.Where("created_at < ?", f.UploadedBefore.UTC())
	}
	var before string
	if err := decodeCursor(f.Cursor, &before); err != nil {
		return cms.Page[*cms.MediaAsset]{}, err
	}
	if before != "" {
		q = q.Where("id < ?", before)
	}
	var rows []mediaRow
	if err := q.Order("id DESC").Limit(f.Limit + 1).Find(&rows).Error; err != nil {
		return cms.Page[*cms.MediaAsset]{}, translate(err)
	}
	page := cms.Page[*cms.MediaAsset]{}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		page.NextCursor = encodeCursor(rows[len(rows)-1].ID)
	}
	var err error
	page.Data, err = assets(rows)
	return page, err
}

// MediaChange holds the fields UpdateMedia sets; nil leaves a field as it is.
type MediaChange struct {
	Caption, Credit, AltText, Source, UsageTerms *string
	RightsExpireAt                               **time.Time
	FocalPoint                                   *cms.FocalPoint
	// Renditions replaces the rendition list (new crops after a focal
	// point change).
	Renditions []cms.Rendition
}

// UpdateMedia applies the change when the asset's version is still version.
// Returns ENotFound or EPreconditionFail with the current version.
func (tx *Tx) UpdateMedia(id string, version int64, c MediaChange) (*cms.MediaAsset, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	setIf(set, "caption", c.Caption)
	setIf(set, "credit", c.Credit)
	setIf(set, "alt_text", c.AltText)
	setIf(set, "source", c.Source)
	setIf(set, "usage_terms", c.UsageTerms)
	if c.RightsExpireAt != nil {
		if t := *c.RightsExpireAt; t != nil {
			set["rights_expire_at"] = t.UTC()
		} else {
			set["rights_expire_at"] = nil
		}
	}
	if c.FocalPoint != nil {
		set["focal_x"] = c.FocalPoint.X
		set["focal_y"] = c.FocalPoint.Y
	}
	if c.Renditions != nil {
		set["renditions"] = encodeRenditions(c.Renditions)
	}
	if err := tx.updateVersioned(&mediaRow{}, "media asset", id, version, set, "", ""); err != nil {
		return nil, err
	}
	return tx.Media(id)
}

// maxMediaUsers bounds the users MediaUsers lists; the 409 says "and more".
const maxMediaUsers = 50

// MediaUsers lists what uses the asset: articles (working copy or live
// version: hero image, body images, through article_media and the hero
// columns; live entries that are not deleted, through live_entry_media),
// stories (cover) and author profiles (avatar), at most 50, articles first.
func (tx *Tx) MediaUsers(id string) ([]cms.MediaUser, error) {
	var users []cms.MediaUser
	seen := map[string]bool{}
	add := func(kind string, rows []struct{ ID, Title string }) {
		for _, r := range rows {
			if k := kind + "/" + r.ID; !seen[k] && len(users) < maxMediaUsers {
				seen[k] = true
				users = append(users, cms.MediaUser{Kind: kind, ID: r.ID, Title: r.Title})
			}
		}
	}
	queries := []struct{ kind, sql string }{
		{"article", "SELECT a.id AS id, a.headline AS title FROM article_media m JOIN articles a ON a.id = m.article_id WHERE m.media_id = ? ORDER BY a.id LIMIT 50"},
		{"article", "SELECT id, headline AS title FROM articles WHERE hero_media_id = ? ORDER BY id LIMIT 50"},
		{"article", "SELECT article_id AS id, headline AS title FROM article_publications WHERE hero_media_id = ? ORDER BY article_id LIMIT 50"},
		{"article", "SELECT DISTINCT a.id AS id, a.headline AS title FROM live_entry_media m JOIN live_entries e ON e.id = m.entry_id JOIN articles a ON a.id = e.article_id WHERE m.media_id = ? ORDER BY a.id LIMIT 50"},
		{"story", "SELECT id, title FROM stories WHERE cover_media_id = ? ORDER BY id LIMIT 50"},
		{"author", "SELECT id, name AS title FROM authors WHERE avatar_media_id = ? ORDER BY id LIMIT 50"},
	}
	for _, q := range queries {
		var rows []struct{ ID, Title string }
		if err := tx.g.Raw(q.sql, id).Scan(&rows).Error; err != nil {
			return nil, translate(err)
		}
		add(q.kind, rows)
	}
	return users, nil
}

// DeleteMedia removes the asset's row (not its objects). Returns ENotFound,
// or EConflict when something still refers to it.
func (tx *Tx) DeleteMedia(id string) error {
	return tx.deleteRow(&mediaRow{}, "media asset", id, "the image is in use; remove it from the articles, live entries, stories and profiles that use it first")
}

// ExpiredMedia returns the assets among ids whose usage rights have expired
// at t (rights_expire_at <= t), ordered by id; unknown ids are ignored.
// Publishing (editorial, and the scheduler through it) calls it in its
// transaction with the ids of the hero and body images and refuses with
// cms.RightsExpiredError when the result is not empty.
func (tx *Tx) ExpiredMedia(ids []string, at time.Time) ([]*cms.MediaAsset, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []mediaRow
	err := tx.g.Where("id IN ? AND rights_expire_at IS NOT NULL AND rights_expire_at <= ?", ids, at.UTC()).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	return assets(rows)
}

// MediaObjectKeys calls fn with every blob key a media row refers to (the
// originals and all renditions), for the orphan collector.
func (tx *Tx) MediaObjectKeys(fn func(key string)) error {
	var rows []mediaRow
	err := tx.g.Select("id", "object_key", "renditions").Order("id").
		FindInBatches(&rows, 1000, func(*gorm.DB, int) error {
			for i := range rows {
				fn(rows[i].ObjectKey)
				var rs []renditionJSON
				if err := json.Unmarshal([]byte(rows[i].Renditions), &rs); err != nil {
					return fmt.Errorf("media asset %s: read renditions: %w", rows[i].ID, err)
				}
				for _, r := range rs {
					fn(r.Key)
				}
			}
			return nil
		}).Error
	return translate(err)
}
