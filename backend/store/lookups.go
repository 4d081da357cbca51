package store

import (
	"encoding/json"
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
	Summary string      `json:"summary"`
	Body    []cms.Block `json:"body"`
	// SearchText is the text the search index was made from (subheadline,
	// summary and body, normalised with arabic.Normalize): whether a query
	// word occurs in the body at all, without normalising it again.
	SearchText string `json:"-"`
}

// LiveTexts returns the summary, body and search text of each live article
// among ids. Only those two fields of the snapshots are decoded: search
// reads 20 at a time for its snippets, and decoding whole articles was a
// fifth of a cache-missed search's time (make bench).
func (tx *Tx) LiveTexts(ids []string) (map[string]*LiveText, error) {
	out := map[string]*LiveText{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ArticleID  string
		Snapshot   string
		SearchText string
	}
	if err := tx.g.Table("article_publications").Select("article_id, snapshot, search_text").Where("article_id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		t := LiveText{SearchText: r.SearchText}
		if err := json.Unmarshal([]byte(r.Snapshot), &t); err != nil {
			return nil, err
		}
		out[r.ArticleID] = &t
	}
	return out, nil
}

func (r *publicationRow) live() (*LiveArticle, error) {
	var a cms.Article
	if err := json.Unmarshal([]byte(r.Snapshot), &a); err != nil {
		return nil, err
	}
	return &LiveArticle{Article: &a, PublishedAt: r.PublishedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version}, nil
}
