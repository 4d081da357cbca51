package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"newsroom/cms"
)

type liveEntryRow struct {
	ID         string `gorm:"primaryKey"`
	ArticleID  string
	Title      string
	Body       string
	Pinned     bool
	AuthorID   *string
	AuthorName string
	Version    int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	DeletedAt  *time.Time
}

func (liveEntryRow) TableName() string { return "live_entries" }

func (r *liveEntryRow) entry() (*cms.LiveEntry, error) {
	e := &cms.LiveEntry{ID: r.ID, ArticleID: r.ArticleID, Title: r.Title, Pinned: r.Pinned, AuthorID: r.AuthorID,
		AuthorName: r.AuthorName, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		DeletedAt: utc(r.DeletedAt)}
	if err := json.Unmarshal([]byte(r.Body), &e.Body); err != nil {
		return nil, fmt.Errorf("decode body of live entry %s: %w", r.ID, err)
	}
	if e.Body == nil {
		e.Body = []cms.Block{}
	}
	return e, nil
}

func liveEntries(rows []liveEntryRow) ([]*cms.LiveEntry, error) {
	out := make([]*cms.LiveEntry, len(rows))
	for i := range rows {
		e, err := rows[i].entry()
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

func entryBodyJSON(body []cms.Block) (string, error) {
	if body == nil {
		return "[]", nil
	}
	b, err := json.Marshal(body)
	return string(b), err
}

// setEntryMedia records the media assets the entry's body uses (image and
// video blocks) in live_entry_media, so that deleting one is refused while
// readers see the entry; a nil body records none (a deleted entry). Returns
// EInvalid naming body[i].media_id for an asset that does not exist (also
// one deleted by a transaction that committed meanwhile).
func (tx *Tx) setEntryMedia(entryID string, body []cms.Block) error {
	if err := tx.g.Exec("DELETE FROM live_entry_media WHERE entry_id = ?", entryID).Error; err != nil {
		return translate(err)
	}
	for i, b := range body {
		if b.MediaID == "" {
			continue
		}
		err := tx.g.Exec("INSERT INTO live_entry_media (entry_id, media_id) VALUES (?, ?) ON CONFLICT DO NOTHING", entryID, b.MediaID).Error
		if err != nil {
			return refErr(err, "body["+strconv.Itoa(i)+"].media_id", "no such media asset")
		}
	}
	return nil
}

// CreateLiveEntry inserts e (ArticleID, Title, Body, Pinned and the author
// set by the caller), setting its id, version and times, and records the
// media its body uses. Returns EInvalid naming article_id or
// body[i].media_id when they do not exist.
func (tx *Tx) CreateLiveEntry(e *cms.LiveEntry) error {
	body, err := entryBodyJSON(e.Body)
	if err != nil {
		return err
	}
	row := liveEntryRow{ID: cms.NewID(tx.Now), ArticleID: e.ArticleID, Title: e.Title, Body: body, Pinned: e.Pinned,
		AuthorID: e.AuthorID, AuthorName: e.AuthorName, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	if err := tx.g.Create(&row).Error; err != nil {
		return refErr(err, "article_id", "no such article")
	}
	if err := tx.setEntryMedia(row.ID, e.Body); err != nil {
		return err
	}
	created, err := row.entry()
	if err != nil {
		return err
	}
	*e = *created
	return nil
}

// LiveEntry returns the entry of the article with the id. Returns ENotFound
// when there is none, when it belongs to another article and when it was
// deleted.
func (tx *Tx) LiveEntry(articleID, id string) (*cms.LiveEntry, error) {
	var row liveEntryRow
	if err := tx.g.Where("id = ? AND article_id = ? AND deleted_at IS NULL", id, articleID).Take(&row).Error; err != nil {
		return nil, notFound(err, "live entry")
	}
	return row.entry()
}

// LiveEntryChange holds the fields UpdateLiveEntry sets; nil leaves a field
// as it is.
type LiveEntryChange struct {
	Title  *string
	Body   *[]cms.Block
	Pinned *bool
}

// UpdateLiveEntry applies the change to the article's entry when its
// version is version; a new body replaces the media recorded for it.
// Returns ENotFound (also for a deleted entry), EPreconditionFail with the
// current version, or EInvalid naming body[i].media_id.
func (tx *Tx) UpdateLiveEntry(articleID, id string, version int64, c LiveEntryChange) (*cms.LiveEntry, error) {
	if _, err := tx.LiveEntry(articleID, id); err != nil {
		return nil, err
	}
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	setIf(set, "title", c.Title)
	setIf(set, "pinned", c.Pinned)
	if c.Body != nil {
		body, err := entryBodyJSON(*c.Body)
		if err != nil {
			return nil, err
		}
		set["body"] = body
	}
	if err := tx.updateVersioned(&liveEntryRow{}, "live entry", id, version, set, "", ""); err != nil {
		return nil, err
	}
	if c.Body != nil {
		if err := tx.setEntryMedia(id, *c.Body); err != nil {
			return nil, err
		}
	}
	return tx.LiveEntry(articleID, id)
}

// DeleteLiveEntry marks the article's entry deleted (deleted_at, a new
// version and updated_at), so that LiveEntriesSince reports the deletion,
// and forgets the media it used: readers no longer see them.
// checkVersion makes the version a precondition. Returns ENotFound (also
// for an entry already deleted) or EPreconditionFail.
func (tx *Tx) DeleteLiveEntry(articleID, id string, version int64, checkVersion bool) error {
	cur, err := tx.LiveEntry(articleID, id)
	if err != nil {
		return err
	}
	if !checkVersion {
		version = cur.Version
	}
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now, "deleted_at": tx.Now}
	if err := tx.updateVersioned(&liveEntryRow{}, "live entry", id, version, set, "", ""); err != nil {
		return err
	}
	return tx.setEntryMedia(id, nil)
}

// LiveEntryFilter pages ListLiveEntries.
type LiveEntryFilter struct {
	IncludeDeleted bool
	// Pinned, when set, keeps only pinned (or only unpinned) entries.
	Pinned *bool
	Cursor string
	Limit  int
}

// ListLiveEntries returns the article's entries newest first (by creation),
// without the deleted ones unless f.IncludeDeleted.
func (tx *Tx) ListLiveEntries(articleID string, f LiveEntryFilter) (cms.Page[*cms.LiveEntry], error) {
	q := tx.g.Model(&liveEntryRow{}).Where("article_id = ?", articleID)
	if !f.IncludeDeleted {
		q = q.Where("deleted_at IS NULL")
	}
	if f.Pinned != nil {
		q = q.Where("pinned = ?", *f.Pinned)
	}
	var after struct {
		T  *time.Time `json:"t"`
		ID string     `json:"id"`
	}
	if err := decodeCursor(f.Cursor, &after, "t", "id"); err != nil {
		return cms.Page[*cms.LiveEntry]{}, err
	}
	if after.ID != "" {
		t := after.T.UTC()
		q = q.Where("(created_at < ? OR (created_at = ? AND id < ?))", t, t, after.ID)
	}
	var rows []liveEntryRow
	if err := q.Order("created_at DESC").Order("id DESC").Limit(f.Limit + 1).Find(&rows).Error; err != nil {
		return cms.Page[*cms.LiveEntry]{}, translate(err)
	}
	page := cms.Page[*cms.LiveEntry]{}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		t := last.CreatedAt.UTC()
		after.T, after.ID = &t, last.ID
		page.NextCursor = encodeCursor(after)
	}
	var err error
	page.Data, err = liveEntries(rows)
	return page, err
}

// LiveEntriesSince returns the article's entries written (created, changed
// or deleted) after since, oldest change first (updated_at, then id), for
// the delivery API's ?since= polling and its event stream. A deleted entry
// comes with DeletedAt set and without its title and body, which readers
// must no longer see.
//
// At most limit entries are returned (all when limit <= 0), except that
// the answer never stops in the middle of entries sharing one updated_at:
// the caller can ask for the next ones with since set to the last entry's
// UpdatedAt and miss nothing. Times are those of each writing transaction's start, so a
// transaction that commits after a poll may carry an earlier time than the
// poll saw: pollers should go back a few seconds and skip entries whose
// version they already have.
func (tx *Tx) LiveEntriesSince(articleID string, since time.Time, limit int) ([]*cms.LiveEntry, error) {
	q := tx.g.Where("article_id = ? AND updated_at > ?", articleID, since.UTC()).Order("updated_at").Order("id")
	if limit > 0 {
		q = q.Limit(limit)
	}
	var rows []liveEntryRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	if limit > 0 && len(rows) == limit {
		last := rows[len(rows)-1]
		var more []liveEntryRow
		if err := tx.g.Where("article_id = ? AND updated_at = ? AND id > ?", articleID, last.UpdatedAt.UTC(), last.ID).
			Order("id").Find(&more).Error; err != nil {
			return nil, translate(err)
		}
		rows = append(rows, more...)
	}
	out, err := liveEntries(rows)
	if err != nil {
		return nil, err
	}
	for _, e := range out {
		if e.DeletedAt != nil {
			e.Title, e.Body = "", []cms.Block{}
		}
	}
	return out, nil
}
