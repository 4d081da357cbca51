package store

import (
	"encoding/json"
	"fmt"
	"time"

	"newsroom/cms"
)

type revisionRow struct {
	ID             string `gorm:"primaryKey"`
	ArticleID      string
	Number         int64
	ArticleVersion int64
	Snapshot       string
	AuthorID       *string
	AuthorName     string
	Note           string
	RestoredFrom   *int64
	CreatedAt      time.Time
}

func (revisionRow) TableName() string { return "article_revisions" }

func (r *revisionRow) revision(withContent bool) (*cms.Revision, error) {
	rev := &cms.Revision{Number: r.Number, ArticleVersion: r.ArticleVersion, AuthorID: r.AuthorID, AuthorName: r.AuthorName,
		Note: r.Note, RestoredFrom: r.RestoredFrom, CreatedAt: r.CreatedAt.UTC()}
	if withContent {
		var c cms.Content
		if err := json.Unmarshal([]byte(r.Snapshot), &c); err != nil {
			return nil, fmt.Errorf("decode revision %d of article %s: %w", r.Number, r.ArticleID, err)
		}
		rev.Content = &c
	}
	return rev, nil
}

// AddRevision stores the next immutable revision of the article's content,
// made by the actor, and returns its number.
func (tx *Tx) AddRevision(articleID string, articleVersion int64, c cms.Content, a cms.Actor, note string, restoredFrom *int64) (int64, error) {
	snap, err := json.Marshal(c)
	if err != nil {
		return 0, err
	}
	var authorID *string
	if a.UserID != "" {
		id := a.UserID
		authorID = &id
	}
	// The number is taken in the INSERT itself: one round trip instead of
	// two on every save (make bench). The article's row is locked by the
	// caller's update, so two saves cannot take the same number.
	var row struct{ Number int64 }
	err = tx.g.Raw("INSERT INTO article_revisions (id, article_id, number, article_version, snapshot, author_id, author_name, note, restored_from, created_at) "+
		"VALUES (?, ?, (SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = ?), ?, ?, ?, ?, ?, ?, ?) RETURNING number",
		cms.NewID(tx.Now), articleID, articleID, articleVersion, string(snap), authorID, a.Name, note, restoredFrom, tx.Now).Scan(&row).Error
	if err != nil {
		return 0, translate(err)
	}
	return row.Number, nil
}

// Revisions lists the article's revisions, newest first, without content.
func (tx *Tx) Revisions(articleID string, cursor string, limit int) (cms.Page[*cms.Revision], error) {
	q := tx.g.Model(&revisionRow{}).Select("id, article_id, number, article_version, author_id, author_name, note, restored_from, created_at").
		Where("article_id = ?", articleID)
	var before int64
	if err := decodeCursor(cursor, &before); err != nil {
		return cms.Page[*cms.Revision]{}, err
	}
	if before > 0 {
		q = q.Where("number < ?", before)
	}
	var rows []revisionRow
	if err := q.Order("number DESC").Limit(limit + 1).Find(&rows).Error; err != nil {
		return cms.Page[*cms.Revision]{}, translate(err)
	}
	page := cms.Page[*cms.Revision]{}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor(rows[len(rows)-1].Number)
	}
	page.Data = make([]*cms.Revision, len(rows))
	for i := range rows {
		page.Data[i], _ = rows[i].revision(false)
	}
	return page, nil
}

// Revision returns one revision with its content. Returns ENotFound.
func (tx *Tx) Revision(articleID string, number int64) (*cms.Revision, error) {
	var row revisionRow
	if err := tx.g.Where("article_id = ? AND number = ?", articleID, number).Take(&row).Error; err != nil {
		return nil, notFound(err, "revision")
	}
	return row.revision(true)
}

// LatestRevision returns the number of the article's newest revision.
func (tx *Tx) LatestRevision(articleID string) (int64, error) {
	var last struct{ N int64 }
	err := tx.g.Raw("SELECT COALESCE(MAX(number), 0) AS n FROM article_revisions WHERE article_id = ?", articleID).Scan(&last).Error
	return last.N, translate(err)
}

type workflowEventRow struct {
	ID         string `gorm:"primaryKey"`
	ArticleID  string
	ActorID    *string
	ActorName  string
	Action     string
	FromStatus string
	ToStatus   string
	Note       string
	Details    *string
	CreatedAt  time.Time
}

func (workflowEventRow) TableName() string { return "workflow_events" }

// AddWorkflowEvent records a transition of the article.
func (tx *Tx) AddWorkflowEvent(articleID string, a cms.Actor, action cms.Action, from, to cms.Status, note string, details map[string]any) error {
	row := workflowEventRow{ID: cms.NewID(tx.Now), ArticleID: articleID, ActorName: a.Name, Action: string(action),
		FromStatus: string(from), ToStatus: string(to), Note: note, CreatedAt: tx.Now}
	if a.UserID != "" {
		id := a.UserID
		row.ActorID = &id
	}
	if len(details) > 0 {
		b, err := json.Marshal(details)
		if err != nil {
			return err
		}
		d := string(b)
		row.Details = &d
	}
	return translate(tx.g.Create(&row).Error)
}

// WorkflowEvents returns the article's history, oldest first.
func (tx *Tx) WorkflowEvents(articleID string) ([]*cms.WorkflowEvent, error) {
	var rows []workflowEventRow
	if err := tx.g.Where("article_id = ?", articleID).Order("created_at").Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]*cms.WorkflowEvent, len(rows))
	for i, r := range rows {
		e := &cms.WorkflowEvent{ID: r.ID, ActorID: r.ActorID, ActorName: r.ActorName, Action: cms.Action(r.Action),
			FromStatus: cms.Status(r.FromStatus), ToStatus: cms.Status(r.ToStatus), Note: r.Note, CreatedAt: r.CreatedAt.UTC()}
		if r.Details != nil {
			_ = json.Unmarshal([]byte(*r.Details), &e.Details) // written by AddWorkflowEvent
		}
		out[i] = e
	}
	return out, nil
}

// CountWorkflowEvents counts the article's events with the action.
func (tx *Tx) CountWorkflowEvents(articleID string, action cms.Action) (int64, error) {
	var n int64
	err := tx.g.Model(&workflowEventRow{}).Where("article_id = ? AND action = ?", articleID, action).Count(&n).Error
	return n, translate(err)
}

// AddCorrection stores a public correction of the article.
func (tx *Tx) AddCorrection(articleID, typ, note string, a cms.Actor) (*cms.Correction, error) {
	c := &cms.Correction{ID: cms.NewID(tx.Now), Type: typ, Note: note, CreatedAt: tx.Now}
	var by *string
	if a.UserID != "" {
		id := a.UserID
		by = &id
	}
	err := tx.g.Exec("INSERT INTO corrections (id, article_id, type, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		c.ID, articleID, typ, note, by, tx.Now).Error
	return c, translate(err)
}

// Corrections returns the article's public corrections, oldest first.
func (tx *Tx) Corrections(articleID string) ([]cms.Correction, error) {
	var rows []struct {
		ID, Type, Note string
		CreatedAt      time.Time
	}
	if err := tx.g.Table("corrections").Select("id, type, note, created_at").Where("article_id = ?", articleID).
		Order("created_at").Order("id").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]cms.Correction, len(rows))
	for i, r := range rows {
		out[i] = cms.Correction{ID: r.ID, Type: r.Type, Note: r.Note, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}
