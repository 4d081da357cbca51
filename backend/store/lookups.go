package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"newsroom/cms"
)

// The lookups below fetch the objects an article refers to, many ids at a
// time, for the delivery API to embed them. Unknown ids are left out.

// SectionsByID returns the sections with the ids, keyed by id.
func (tx *Tx) SectionsByID(ids []string) (map[string]*cms.Section, error) {
	out := map[string]*cms.Section{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []sectionRow
	if err := tx.g.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for i := range rows {
		out[rows[i].ID] = rows[i].section()
	}
	return out, nil
}

// TagsByID returns the tags with the ids, keyed by id.
func (tx *Tx) TagsByID(ids []string) (map[string]*cms.Tag, error) {
	out := map[string]*cms.Tag{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []tagRow
	if err := tx.g.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for i := range rows {
		out[rows[i].ID] = rows[i].tag()
	}
	return out, nil
}

// AuthorsByID returns the author profiles with the ids, keyed by id.
func (tx *Tx) AuthorsByID(ids []string) (map[string]*cms.Author, error) {
	out := map[string]*cms.Author{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []authorRow
	if err := tx.g.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for i := range rows {
		out[rows[i].ID] = rows[i].author()
	}
	return out, nil
}

// AuthorsOfUsers returns the author profiles linked to the users with the
// ids (authors.user_id), keyed by user id; a user with several profiles
// gets the one created first, and one with none is left out.
func (tx *Tx) AuthorsOfUsers(userIDs []string) (map[string]*cms.Author, error) {
	out := map[string]*cms.Author{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var rows []authorRow
	if err := tx.g.Where("user_id IN ?", userIDs).Order("created_at").Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for i := range rows {
		if u := rows[i].UserID; u != nil && out[*u] == nil {
			out[*u] = rows[i].author()
		}
	}
	return out, nil
}

// StoryRef is what an article shows of a story it belongs to.
type StoryRef struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Slug   string `json:"slug"`
	Status string `json:"status"`
}

// StoryRefsByID returns the stories with the ids, keyed by id.
func (tx *Tx) StoryRefsByID(ids []string) (map[string]*StoryRef, error) {
	out := map[string]*StoryRef{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []StoryRef
	if err := tx.g.Table("stories").Select("id, title, slug, status").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for i := range rows {
		out[rows[i].ID] = &rows[i]
	}
	return out, nil
}

// MediaByID returns the media assets with the ids, keyed by id, without URLs
// (the caller sets them with its public base).
func (tx *Tx) MediaByID(ids []string) (map[string]*cms.MediaAsset, error) {
	out := map[string]*cms.MediaAsset{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []mediaRow
	if err := tx.g.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	list, err := assets(rows)
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		out[m.ID] = m
	}
	return out, nil
}

// LiveArticle is an article's live version as readers see it.
type LiveArticle struct {
	Article     *cms.Article // the published snapshot
	PublishedAt time.Time    // first publication
	UpdatedAt   time.Time    // last republish
	Version     int64        // counts republishes
}

// LiveArticlesByID returns the live versions of the articles with the ids,
// keyed by id; articles that are not live are left out.
func (tx *Tx) LiveArticlesByID(ids []string) (map[string]*LiveArticle, error) {
	out := map[string]*LiveArticle{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []publicationRow
	if err := tx.g.Select("article_id, snapshot, published_at, updated_at, version").Where("article_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		live, err := r.live()
		if err != nil {
			return nil, err
		}
		out[r.ArticleID] = live
	}
	return out, nil
}

// LiveText is what search snippets need of a live article.
type LiveText struct {
	Summary string
	// Body is the body as plain text.
	Body string
	// SearchText is the text the search index was made from (subheadline,
	// summary and body, normalised with arabic.Normalize): whether a query
	// word occurs in the body at all, without normalising it again.
	SearchText string
}

// LiveTexts returns the summary, body and search text of each live article
// among ids, from the columns a publish stores beside the snapshot: search
// reads 20 at a time for its snippets, and fetching and decoding their
// snapshots was a third of a cache-missed search's CPU (make bench). A
// version whose stored texts are missing or of an older version (made
// before migration 00008 and not filled in yet, or republished by a replica
// of the release before) has its snapshot decoded, and its body made plain
// by bodyText, as FillPublicationTexts would.
func (tx *Tx) LiveTexts(ids []string, bodyText func([]cms.Block) string) (map[string]*LiveText, error) {
	out := map[string]*LiveText{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ArticleID         string
		SearchText        string
		Summary, BodyText *string
		Snapshot          *string // only when the texts are not this version's
	}
	err := tx.g.Table("article_publications").
		Select("article_id, search_text, summary, body_text, CASE WHEN "+staleTexts+" THEN snapshot END AS snapshot").
		Where("article_id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		t := &LiveText{SearchText: r.SearchText}
		if r.Snapshot == nil && r.Summary != nil && r.BodyText != nil {
			t.Summary, t.Body = *r.Summary, *r.BodyText
		} else {
			var body []cms.Block
			if err := json.Unmarshal([]byte(*r.Snapshot), &snapshotText{&t.Summary, &body}); err != nil {
				return nil, fmt.Errorf("decode the live version of article %s: %w", r.ArticleID, err)
			}
			t.Body = bodyText(body)
		}
		out[r.ArticleID] = t
	}
	return out, nil
}

// staleTexts holds for a publication whose stored texts are missing or not
// of its version (see LiveText).
const staleTexts = "COALESCE(texts_version, 0) <> version OR summary IS NULL OR body_text IS NULL"

// snapshotText decodes only the summary and body of a snapshot.
type snapshotText struct {
	Summary *string      `json:"summary"`
	Body    *[]cms.Block `json:"body"`
}

// FillPublicationTexts stores the summary and body text (made by bodyText)
// of every live version without texts of its version, batch by batch,
// and reports each batch to progress (done, of total). Idempotent: `cms
// migrate` (and `cms serve` when it migrates) call it, and an interrupted fill goes
// on from where it stopped. A version republished meanwhile is left to its
// publish, which stores its own texts.
func (db *DB) FillPublicationTexts(ctx context.Context, bodyText func([]cms.Block) string, progress func(done, total int)) error {
	var total int64
	if err := db.g.WithContext(ctx).Table("article_publications").Where(staleTexts).Count(&total).Error; err != nil {
		return translate(err)
	}
	for done := 0; done < int(total); {
		var rows []struct {
			ArticleID string
			Version   int64
			Snapshot  string
		}
		err := db.g.WithContext(ctx).Table("article_publications").Select("article_id, version, snapshot").
			Where(staleTexts).Order("article_id").Limit(500).Scan(&rows).Error
		if err != nil {
			return translate(err)
		}
		if len(rows) == 0 {
			break
		}
		err = db.InTx(ctx, func(tx *Tx) error {
			for _, r := range rows {
				var summary string
				var body []cms.Block
				if err := json.Unmarshal([]byte(r.Snapshot), &snapshotText{&summary, &body}); err != nil {
					return fmt.Errorf("decode the live version of article %s: %w", r.ArticleID, err)
				}
				err := tx.g.Exec("UPDATE article_publications SET summary = ?, body_text = ?, texts_version = version WHERE article_id = ? AND version = ?",
					summary, bodyText(body), r.ArticleID, r.Version).Error
				if err != nil {
					return translate(err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		done += len(rows)
		if progress != nil {
			progress(min(done, int(total)), int(total))
		}
	}
	return nil
}

func (r *publicationRow) live() (*LiveArticle, error) {
	var a cms.Article
	if err := json.Unmarshal([]byte(r.Snapshot), &a); err != nil {
		return nil, err
	}
	return &LiveArticle{Article: &a, PublishedAt: r.PublishedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version}, nil
}
