package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"newsroom/cms"
)

// Bulk loading: the rows of many objects written with multi-row INSERTs, for
// the bulk generator (package demo) that fills a database for benchmarks.
// The methods write exactly the rows the services write one by one, so what
// they load is indistinguishable from content made through the API: every
// live article has its working copy, its first revision, its live version
// with the same JSON snapshot as Publish writes, and the publication_* rows
// readers' lists walk.

// maxParams is how many bind parameters one statement may carry: PostgreSQL's
// wire protocol counts them in 16 bits, and SQLite's default limit is 32766.
func (tx *Tx) maxParams() int {
	if tx.db.dialect == Postgres {
		return 65000
	}
	return 32000
}

// insertRows inserts rows (each a value per column) into table, as many rows
// per statement as the parameter limit allows. It bypasses GORM's statement
// builder, which walks every one of tens of thousands of arguments through
// reflection, and speaks to the transaction's connection directly.
func (tx *Tx) insertRows(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(tx.maxParams()/len(cols), 1)
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	pg := tx.db.dialect == Postgres
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		var b strings.Builder
		b.Grow(len(head) + len(batch)*len(cols)*8)
		b.WriteString(head)
		args := make([]any, 0, len(batch)*len(cols))
		for i, r := range batch {
			if len(r) != len(cols) {
				return fmt.Errorf("bulk insert into %s: a row has %d values for %d columns", table, len(r), len(cols))
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j, v := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				if pg {
					b.WriteByte('$')
					b.WriteString(strconv.Itoa(len(args)))
				} else {
					b.WriteByte('?')
				}
			}
			b.WriteByte(')')
		}
		if _, err := tx.g.Statement.ConnPool.ExecContext(tx.g.Statement.Context, b.String(), args...); err != nil {
			return fmt.Errorf("bulk insert into %s: %w", table, translate(err))
		}
	}
	return nil
}

// BulkSections inserts new sections (ids, slugs and times set by the
// caller). A taken slug fails the whole call with EConflict.
func (tx *Tx) BulkSections(list []*cms.Section) error {
	rows := make([][]any, len(list))
	for i, s := range list {
		rows[i] = []any{s.ID, s.Name, s.Slug, s.Description, s.ParentID, s.Position, s.Version, s.CreatedAt.UTC(), s.UpdatedAt.UTC()}
	}
	return tx.insertRows("sections", []string{"id", "name", "slug", "description", "parent_id", "position", "version", "created_at", "updated_at"}, rows)
}

// BulkTags inserts new tags, like BulkSections.
func (tx *Tx) BulkTags(list []*cms.Tag) error {
	rows := make([][]any, len(list))
	for i, t := range list {
		rows[i] = []any{t.ID, t.Name, t.Slug, t.Version, t.CreatedAt.UTC(), t.UpdatedAt.UTC()}
	}
	return tx.insertRows("tags", []string{"id", "name", "slug", "version", "created_at", "updated_at"}, rows)
}

// BulkAuthors inserts new author profiles, like BulkSections.
func (tx *Tx) BulkAuthors(list []*cms.Author) error {
	rows := make([][]any, len(list))
	for i, a := range list {
		rows[i] = []any{a.ID, a.Name, a.Slug, a.Bio, a.AvatarMediaID, a.UserID, a.Version, a.CreatedAt.UTC(), a.UpdatedAt.UTC()}
	}
	return tx.insertRows("authors", []string{"id", "name", "slug", "bio", "avatar_media_id", "user_id", "version", "created_at", "updated_at"}, rows)
}

// BulkStories inserts new stories, like BulkSections.
func (tx *Tx) BulkStories(list []*cms.Story) error {
	rows := make([][]any, len(list))
	for i, s := range list {
		rows[i] = []any{s.ID, s.Title, s.Slug, s.Description, string(s.Status), s.WhatWeKnow, utc(s.WhatWeKnowUpdatedAt), s.CoverMediaID,
			s.Featured, s.Position, s.ManualOrder, s.Version, s.CreatedAt.UTC(), s.UpdatedAt.UTC()}
	}
	return tx.insertRows("stories", []string{"id", "title", "slug", "description", "status", "what_we_know", "what_we_know_updated_at",
		"cover_media_id", "featured", "position", "manual_order", "version", "created_at", "updated_at"}, rows)
}

// SlugIDs maps the slug of every section, tag, author or story (table is
// "sections", "tags", "authors" or "stories") to its id.
func (tx *Tx) SlugIDs(table string) (map[string]string, error) {
	switch table {
	case "sections", "tags", "authors", "stories":
	default:
		return nil, fmt.Errorf("SlugIDs: unknown table %q", table)
	}
	var rows []struct{ ID, Slug string }
	if err := tx.g.Table(table).Select("id, slug").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Slug] = r.ID
	}
	return out, nil
}

// NextStoryPositions returns, for each story, the position the next article
// added to it takes in its manual order (what SetArticleLinks would give).
func (tx *Tx) NextStoryPositions() (map[string]int, error) {
	var rows []struct {
		StoryID string
		N       int
	}
	if err := tx.g.Raw("SELECT story_id, MAX(position) + 1 AS n FROM article_stories GROUP BY story_id").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.StoryID] = r.N
	}
	return out, nil
}

// BulkArticle is one article for BulkArticles.
type BulkArticle struct {
	// Article is the working copy with its links, as the services would
	// leave it: a draft (version 1), in review (2) or published (3, Live,
	// with FirstPublishedAt and PublishedAt set).
	Article *cms.Article
	// Search is its text for search (TextsOf), as the editorial service
	// computes it.
	Search SearchText
	// StoryPositions are the article's places in the manual order of each
	// of Article.StoryIDs (see NextStoryPositions).
	StoryPositions []int
	// Writer created (and submitted) it; Editor published it.
	Writer, Editor cms.Actor
}

// BulkArticles inserts articles as if each had been created by its writer
// (revision 1 and the create event), submitted when in review or beyond,
// and published by its editor when live: the working copy, its slug, links
// and media, its revision and workflow history, and for live ones the live
// version and its publication_* rows. Slugs must be unused. It does not
// tell the delivery cache: load before serving, or restart.
func (tx *Tx) BulkArticles(list []BulkArticle) error {
	// Parents before children, as the foreign keys want.
	var (
		articles = &bulkTable{name: "articles", cols: []string{"id", "kind", "language", "headline", "subheadline", "summary", "slug", "body",
			"hero_media_id", "section_id", "source", "status", "changes_requested", "live", "has_unpublished_changes", "comments_open", "version",
			"created_by", "submitted_at", "first_published_at", "published_at", "publish_at", "unpublished_at", "archived_at", "search_headline",
			"search_text", "created_at", "updated_at"}}
		slugs      = &bulkTable{name: "article_slugs", cols: []string{"language", "slug", "article_id", "created_at"}}
		tags       = &bulkTable{name: "article_tags", cols: []string{"article_id", "tag_id", "position"}}
		stories    = &bulkTable{name: "article_stories", cols: []string{"article_id", "story_id", "position"}}
		authors    = &bulkTable{name: "article_authors", cols: []string{"article_id", "author_id", "position"}}
		related    = &bulkTable{name: "article_related", cols: []string{"article_id", "related_id", "position"}}
		media      = &bulkTable{name: "article_media", cols: []string{"article_id", "media_id"}}
		revisions  = &bulkTable{name: "article_revisions", cols: []string{"id", "article_id", "number", "article_version", "snapshot", "author_id", "author_name", "note", "created_at"}}
		events     = &bulkTable{name: "workflow_events", cols: []string{"id", "article_id", "actor_id", "actor_name", "action", "from_status", "to_status", "note", "details", "created_at"}}
		pubs       = &bulkTable{name: "article_publications", cols: []string{"article_id", "revision_number", "article_version", "kind", "language", "slug", "headline", "section_id", "hero_media_id", "snapshot", "published_by", "published_at", "search_headline", "search_text", "summary", "body_text", "texts_version", "version", "created_at", "updated_at"}}
		pubTags    = &bulkTable{name: "publication_tags", cols: []string{"article_id", "tag_id", "position", "published_at"}}
		pubStories = &bulkTable{name: "publication_stories", cols: []string{"article_id", "story_id", "position", "published_at"}}
		pubAuthors = &bulkTable{name: "publication_authors", cols: []string{"article_id", "author_id", "position", "published_at"}}
	)
	for _, b := range list {
		a := b.Article
		if len(b.StoryPositions) != len(a.StoryIDs) {
			return fmt.Errorf("bulk article %s: %d story positions for %d stories", a.ID, len(b.StoryPositions), len(a.StoryIDs))
		}
		row, err := rowOf(a, b.Search)
		if err != nil {
			return err
		}
		articles.add(row.ID, row.Kind, row.Language, row.Headline, row.Subheadline, row.Summary, row.Slug, row.Body,
			row.HeroMediaID, row.SectionID, row.Source, row.Status, row.ChangesRequested, row.Live, row.HasUnpublishedChanges,
			row.CommentsOpen, row.Version, row.CreatedBy, utc(row.SubmittedAt), utc(row.FirstPublishedAt), utc(row.PublishedAt),
			utc(row.PublishAt), utc(row.UnpublishedAt), utc(row.ArchivedAt), row.SearchHeadline, row.SearchText,
			row.CreatedAt.UTC(), row.UpdatedAt.UTC())
		slugs.add(string(a.Language), a.Slug, a.ID, a.CreatedAt.UTC())
		for i, id := range a.TagIDs {
			tags.add(a.ID, id, i)
		}
		for i, id := range a.StoryIDs {
			stories.add(a.ID, id, b.StoryPositions[i])
		}
		for i, id := range a.AuthorIDs {
			authors.add(a.ID, id, i)
		}
		for i, id := range a.RelatedIDs {
			related.add(a.ID, id, i)
		}
		for _, id := range a.Content().MediaIDs() {
			media.add(a.ID, id)
		}
		snap, err := json.Marshal(a.Content())
		if err != nil {
			return err
		}
		revisions.add(cms.NewID(a.CreatedAt), a.ID, int64(1), int64(1), string(snap), actorID(b.Writer), b.Writer.Name, "created", a.CreatedAt.UTC())
		event := func(by cms.Actor, action cms.Action, from, to cms.Status, at time.Time, details *string) {
			events.add(cms.NewID(at), a.ID, actorID(by), by.Name, string(action), string(from), string(to), "", details, at.UTC())
		}
		event(b.Writer, "create", "", cms.StatusDraft, a.CreatedAt, nil)
		if a.SubmittedAt != nil {
			event(b.Writer, cms.ActionSubmit, cms.StatusDraft, cms.StatusInReview, *a.SubmittedAt, nil)
		}
		if !a.Live {
			continue
		}
		if a.FirstPublishedAt == nil || a.Status != cms.StatusPublished {
			return fmt.Errorf("bulk article %s: a live article must be published, with its first publication time", a.ID)
		}
		at := a.FirstPublishedAt.UTC()
		details := `{"revision":1}`
		event(b.Editor, cms.ActionPublish, cms.StatusInReview, cms.StatusPublished, at, &details)
		// The same snapshot and columns as Publish writes.
		live, err := json.Marshal(a)
		if err != nil {
			return err
		}
		pubs.add(a.ID, int64(1), a.Version, string(a.Kind), string(a.Language), a.Slug, a.Headline, a.SectionID, a.HeroMediaID,
			string(live), actorID(b.Editor), at, b.Search.Headline, b.Search.Text, b.Search.Summary, b.Search.Body, int64(1), int64(1), at, at)
		for i, id := range a.TagIDs {
			pubTags.add(a.ID, id, i, at)
		}
		for i, id := range a.StoryIDs {
			pubStories.add(a.ID, id, b.StoryPositions[i], at)
		}
		for i, id := range a.AuthorIDs {
			pubAuthors.add(a.ID, id, i, at)
		}
	}
	for _, t := range []*bulkTable{articles, slugs, tags, stories, authors, related, media, revisions, events, pubs, pubTags, pubStories, pubAuthors} {
		if err := tx.insertRows(t.name, t.cols, t.rows); err != nil {
			return err
		}
	}
	return nil
}

// bulkTable collects the rows of one table for insertRows.
type bulkTable struct {
	name string
	cols []string
	rows [][]any
}

func (t *bulkTable) add(values ...any) { t.rows = append(t.rows, values) }

// actorID is the user id an actor's rows refer to, or NULL for a system or
// operator actor.
func actorID(a cms.Actor) *string {
	if a.UserID == "" {
		return nil
	}
	id := a.UserID
	return &id
}

// CountArticles returns how many articles there are, in any state.
func (tx *Tx) CountArticles() (int64, error) {
	var n int64
	err := tx.g.Model(&articleRow{}).Count(&n).Error
	return n, translate(err)
}
