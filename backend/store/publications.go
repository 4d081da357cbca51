package store

import (
	"encoding/json"
	"strconv"
	"time"

	"gorm.io/gorm/clause"

	"newsroom/cms"
)

type publicationRow struct {
	ArticleID      string `gorm:"primaryKey"`
	RevisionNumber int64
	ArticleVersion int64
	Kind           string
	Language       string
	Slug           string
	Headline       string
	SectionID      *string
	HeroMediaID    *string
	Snapshot       string
	PublishedBy    *string
	PublishedAt    time.Time
	SearchHeadline string
	SearchText     string
	Summary        *string
	BodyText       *string
	TextsVersion   *int64 // the Version of Summary and BodyText (see LiveTexts)
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (publicationRow) TableName() string { return "article_publications" }

// Publish makes a the live version readers see: it writes the publication
// row (a snapshot of a, replacing any earlier live version) and the live
// tags, stories and bylines, in the caller's transaction. publishedAt is the
// public publication time (the first publish) and the order of every list;
// the row's updated_at is now. replacing says whether a live version exists
// (a republish): without one there are no live tags, bylines or stories to
// delete first, since unpublishing deletes the publication row and they go
// with it (ON DELETE CASCADE), and a publish skips those three statements.
func (tx *Tx) Publish(a *cms.Article, revision int64, by cms.Actor, publishedAt time.Time, s SearchText, replacing bool) error {
	snap, err := json.Marshal(a)
	if err != nil {
		return err
	}
	one := int64(1)
	row := publicationRow{ArticleID: a.ID, RevisionNumber: revision, ArticleVersion: a.Version, Kind: string(a.Kind),
		Language: string(a.Language), Slug: a.Slug, Headline: a.Headline, SectionID: a.SectionID, HeroMediaID: a.HeroMediaID,
		Snapshot: string(snap), PublishedAt: publishedAt.UTC(), SearchHeadline: s.Headline, SearchText: s.Text,
		Summary: &s.Summary, BodyText: &s.Body, TextsVersion: &one, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	if by.UserID != "" {
		id := by.UserID
		row.PublishedBy = &id
	}
	err = tx.g.Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "article_id"}},
		DoUpdates: clause.Assignments(map[string]any{
			"revision_number": row.RevisionNumber, "article_version": row.ArticleVersion, "kind": row.Kind,
			"language": row.Language, "slug": row.Slug, "headline": row.Headline, "section_id": row.SectionID,
			"hero_media_id": row.HeroMediaID, "snapshot": row.Snapshot, "published_by": row.PublishedBy,
			"published_at": row.PublishedAt, "search_headline": row.SearchHeadline, "search_text": row.SearchText,
			"summary": row.Summary, "body_text": row.BodyText,
			"texts_version": clause.Expr{SQL: "article_publications.version + 1"},
			"version":       clause.Expr{SQL: "article_publications.version + 1"}, "updated_at": row.UpdatedAt,
		}),
	}).Create(&row).Error
	if err != nil {
		return duplicateField(err, "slug", "is the slug of another live article")
	}
	for _, l := range []struct {
		table, col string
		ids        []string
	}{{"publication_tags", "tag_id", a.TagIDs}, {"publication_authors", "author_id", a.AuthorIDs}} {
		if replacing {
			if err := tx.g.Exec("DELETE FROM "+l.table+" WHERE article_id = ?", a.ID).Error; err != nil {
				return translate(err)
			}
		}
		// One multi-row INSERT rather than one per tag or byline: fewer
		// round trips while the publish holds its locks (make bench).
		rows := make([][]any, len(l.ids))
		for i, id := range l.ids {
			rows[i] = []any{a.ID, id, i, row.PublishedAt}
		}
		if err := tx.insertRows(l.table, []string{"article_id", l.col, "position", "published_at"}, rows); err != nil {
			return err
		}
	}
	// Live stories keep the article's place in each story's manual order.
	if replacing {
		if err := tx.g.Exec("DELETE FROM publication_stories WHERE article_id = ?", a.ID).Error; err != nil {
			return translate(err)
		}
	}
	err = tx.g.Exec("INSERT INTO publication_stories (article_id, story_id, position, published_at) "+
		"SELECT article_id, story_id, position, ? FROM article_stories WHERE article_id = ?", row.PublishedAt, a.ID).Error
	return translate(err)
}

// SetLiveCommentsOpen opens or closes comments on the live version without
// republishing it: the snapshot's comments_open alone changes (readers'
// comment intake and pages read it there), not its text, times or version.
func (tx *Tx) SetLiveCommentsOpen(articleID string, open bool) error {
	set, value := "jsonb_set(snapshot, '{comments_open}', to_jsonb(?::boolean))", any(open)
	if tx.db.dialect != Postgres {
		set, value = "json_set(snapshot, '$.comments_open', json(?))", strconv.FormatBool(open)
	}
	return translate(tx.g.Exec("UPDATE article_publications SET snapshot = "+set+" WHERE article_id = ?", value, articleID).Error)
}

// Unpublish removes the live version: readers no longer see the article.
func (tx *Tx) Unpublish(articleID string) error {
	return translate(tx.g.Exec("DELETE FROM article_publications WHERE article_id = ?", articleID).Error)
}

// LiveMediaIDs returns the media assets the article's live version uses.
func (tx *Tx) LiveMediaIDs(articleID string) ([]string, error) {
	var snap []string
	if err := tx.g.Model(&publicationRow{}).Where("article_id = ?", articleID).Pluck("snapshot", &snap).Error; err != nil {
		return nil, translate(err)
	}
	if len(snap) == 0 {
		return nil, nil
	}
	var a cms.Article
	if err := json.Unmarshal([]byte(snap[0]), &a); err != nil {
		return nil, err
	}
	return a.Content().MediaIDs(), nil
}

// PublishedCount returns how many live articles each story has.
func (tx *Tx) PublishedCount(storyIDs []string) (map[string]int64, error) {
	out := make(map[string]int64, len(storyIDs))
	if len(storyIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		StoryID string
		N       int64
	}
	if err := tx.g.Table("publication_stories").Select("story_id, COUNT(*) AS n").Where("story_id IN ?", storyIDs).
		Group("story_id").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.StoryID] = r.N
	}
	return out, nil
}
