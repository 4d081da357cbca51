package store

import (
	"fmt"
	"time"

	"newsroom/cms"
)

// LiveArticleBySlug returns the live version of the article readers reach
// by slug. When slug is an old slug of a live article, it returns ENotFound
// with Details["redirect_slug"] set to the current one (a 301 for readers).
// Returns ENotFound when no live article has or had the slug.
func (tx *Tx) LiveArticleBySlug(slug string) (*LiveArticle, error) {
	var row publicationRow
	err := tx.g.Select("article_id, snapshot, published_at, updated_at, version").Where("slug = ?", slug).Take(&row).Error
	if err == nil {
		return row.live()
	}
	if err := notFound(err, "article"); cms.ErrorCode(err) != cms.ENotFound {
		return nil, err
	}
	var current []string
	err = tx.g.Table("article_slugs s").Select("p.slug").
		Joins("JOIN article_publications p ON p.article_id = s.article_id").
		Where("s.slug = ?", slug).Pluck("p.slug", &current).Error
	if err != nil {
		return nil, translate(err)
	}
	if len(current) == 1 && current[0] != slug {
		return nil, &cms.Error{Code: cms.ENotFound, Message: "the article has moved", Details: map[string]any{"redirect_slug": current[0]}}
	}
	return nil, cms.Errorf(cms.ENotFound, "article not found")
}

// LiveArticleByID returns the live version of the article with the id.
// Returns ENotFound when it is not live.
func (tx *Tx) LiveArticleByID(id string) (*LiveArticle, error) {
	var row publicationRow
	if err := tx.g.Select("article_id, snapshot, published_at, updated_at, version").Where("article_id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "article")
	}
	return row.live()
}

// IDBySlug returns the id of the section, tag, author or story (kind is
// the table: "sections", "tags", "authors", "stories") with the slug.
// Returns ENotFound when there is none.
func (tx *Tx) IDBySlug(kind, slug string) (string, error) {
	switch kind {
	case "sections", "tags", "authors", "stories":
	default:
		return "", fmt.Errorf("IDBySlug: unknown kind %q", kind)
	}
	var ids []string
	if err := tx.g.Table(kind).Where("slug = ?", slug).Limit(1).Pluck("id", &ids).Error; err != nil {
		return "", translate(err)
	}
	if len(ids) == 0 {
		noun := map[string]string{"sections": "section", "tags": "tag", "authors": "author", "stories": "story"}[kind]
		return "", cms.Errorf(cms.ENotFound, "%s not found", noun)
	}
	return ids[0], nil
}

// LiveSummary is a live article in a list: what a teaser needs.
type LiveSummary struct {
	ID          string
	Kind        cms.Kind
	Language    cms.Language
	Slug        string
	Headline    string
	Summary     string
	SectionID   *string
	HeroMediaID *string
	PublishedAt time.Time
	UpdatedAt   time.Time
}

// LiveFilter narrows ListLive; empty fields do not filter.
type LiveFilter struct {
	SectionID, StoryID, TagID, AuthorID string
	Language                            cms.Language
	Kind                                cms.Kind
	// Since keeps articles first published at or after it (news sitemaps).
	Since  time.Time
	Cursor string
	Limit  int
}

// ListLive lists live articles newest first (by first publication), with
// keyset pagination on (published_at, id) so a page 500 deep costs what
// the first does.
func (tx *Tx) ListLive(f LiveFilter) (cms.Page[*LiveSummary], error) {
	summary := "json_extract(p.snapshot, '$.summary')"
	if tx.db.dialect == Postgres {
		summary = "p.snapshot->>'summary'"
	}
	cols := "p.article_id AS id, p.kind, p.language, p.slug, p.headline, " + summary + " AS summary, p.section_id, p.hero_media_id, p.published_at, p.updated_at"
	// Filtering by a link table walks that table's (x_id, published_at,
	// article_id) index in list order and joins the few rows it keeps.
	q := tx.g.Table("article_publications p")
	order := "p"
	for _, l := range []struct{ table, col, v string }{{"publication_stories", "story_id", f.StoryID}, {"publication_tags", "tag_id", f.TagID}, {"publication_authors", "author_id", f.AuthorID}} {
		if l.v != "" && order == "p" {
			q = tx.g.Table(l.table+" l").Joins("JOIN article_publications p ON p.article_id = l.article_id").Where("l."+l.col+" = ?", l.v)
			order = "l"
		} else if l.v != "" {
			q = q.Where("p.article_id IN (SELECT article_id FROM "+l.table+" WHERE "+l.col+" = ?)", l.v)
		}
	}
	q = q.Select(cols)
	if f.SectionID != "" {
		q = q.Where("p.section_id = ?", f.SectionID)
	}
	if f.Language != "" {
		q = q.Where("p.language = ?", f.Language)
	}
	if f.Kind != "" {
		q = q.Where("p.kind = ?", f.Kind)
	}
	if !f.Since.IsZero() {
		q = q.Where("p.published_at >= ?", f.Since)
	}
	var after struct {
		T  time.Time `json:"t"`
		ID string    `json:"id"`
	}
	if err := decodeCursor(f.Cursor, &after, "t", "id"); err != nil {
		return cms.Page[*LiveSummary]{}, err
	}
	if after.ID != "" {
		// A row-value comparison, which PostgreSQL turns into a range of
		// the (…, published_at DESC, article_id DESC) index: the equivalent
		// "a < x OR (a = x AND b < y)" was only a filter, so page 500 read
		// and threw away the 9,980 rows before it (make bench,
		// docs/benchmarks.md). SQLite has row values since 3.15.
		q = q.Where("("+order+".published_at, "+order+".article_id) < (?, ?)", after.T, after.ID)
	}
	var rows []liveRow
	if err := q.Order(order + ".published_at DESC").Order(order + ".article_id DESC").Limit(f.Limit + 1).Scan(&rows).Error; err != nil {
		return cms.Page[*LiveSummary]{}, translate(err)
	}
	page := cms.Page[*LiveSummary]{}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		after.T, after.ID = last.PublishedAt.UTC(), last.ID
		page.NextCursor = encodeCursor(after)
	}
	page.Data = make([]*LiveSummary, len(rows))
	for i, r := range rows {
		page.Data[i] = r.summary()
	}
	return page, nil
}

// liveRow is a live article as lists and search read it.
type liveRow struct {
	ID, Kind, Language, Slug, Headline string
	Summary                            *string
	SectionID, HeroMediaID             *string
	PublishedAt, UpdatedAt             time.Time
}

func (r liveRow) summary() *LiveSummary {
	s := &LiveSummary{ID: r.ID, Kind: cms.Kind(r.Kind), Language: cms.Language(r.Language), Slug: r.Slug, Headline: r.Headline,
		SectionID: r.SectionID, HeroMediaID: r.HeroMediaID, PublishedAt: r.PublishedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.Summary != nil {
		s.Summary = *r.Summary
	}
	return s
}

// LiveLinks is the section and bylines of a live article's published
// version (article_publications.section_id and publication_authors, never
// the working copy), for lists to show beside each headline. Only what
// a list item shows is read: a section's ID, Name and Slug; an author's
// ID, Name and Slug (the bio and portrait are for the author's page).
type LiveLinks struct {
	Section *cms.Section  // nil: none
	Authors []*cms.Author // in byline order
}

// LiveLinks returns the LiveLinks of each live article among ids, keyed by
// id, in one query for the whole page; articles that are not live are left
// out.
func (tx *Tx) LiveLinks(ids []string) (map[string]*LiveLinks, error) {
	out := map[string]*LiveLinks{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ArticleID                           string
		SectionID, SectionName, SectionSlug *string
		AuthorID, AuthorName, AuthorSlug    *string
	}
	err := tx.g.Table("article_publications p").
		Select("p.article_id, s.id AS section_id, s.name AS section_name, s.slug AS section_slug, "+
			"a.id AS author_id, a.name AS author_name, a.slug AS author_slug").
		Joins("LEFT JOIN sections s ON s.id = p.section_id").
		Joins("LEFT JOIN publication_authors pa ON pa.article_id = p.article_id").
		Joins("LEFT JOIN authors a ON a.id = pa.author_id").
		Where("p.article_id IN ?", ids).
		Order("p.article_id").Order("pa.position").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		l := out[r.ArticleID]
		if l == nil {
			l = &LiveLinks{Authors: []*cms.Author{}}
			if r.SectionID != nil {
				l.Section = &cms.Section{ID: *r.SectionID, Name: *r.SectionName, Slug: *r.SectionSlug}
			}
			out[r.ArticleID] = l
		}
		if r.AuthorID != nil {
			l.Authors = append(l.Authors, &cms.Author{ID: *r.AuthorID, Name: *r.AuthorName, Slug: *r.AuthorSlug})
		}
	}
	return out, nil
}

// LiveStoryIDs returns the stories each live article is in, as readers see
// them (publication_stories, which a story's own ordering may change after
// the article was published).
func (tx *Tx) LiveStoryIDs(articleID string) ([]string, error) {
	var ids []string
	err := tx.g.Table("publication_stories").Where("article_id = ?", articleID).Order("story_id").Pluck("story_id", &ids).Error
	return ids, translate(err)
}

// CountLive returns how many articles are live.
func (tx *Tx) CountLive() (int64, error) {
	var n int64
	err := tx.g.Table("article_publications").Count(&n).Error
	return n, translate(err)
}

// SitemapEntry is one live article in a sitemap.
type SitemapEntry struct {
	Slug      string
	Language  cms.Language
	UpdatedAt time.Time
}

// SitemapPage returns live articles newest first, limit of them from offset.
func (tx *Tx) SitemapPage(offset, limit int) ([]SitemapEntry, error) {
	var rows []struct {
		Slug, Language string
		UpdatedAt      time.Time
	}
	err := tx.g.Table("article_publications").Select("slug, language, updated_at").
		Order("published_at DESC").Order("article_id DESC").Offset(offset).Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]SitemapEntry, len(rows))
	for i, r := range rows {
		out[i] = SitemapEntry{Slug: r.Slug, Language: cms.Language(r.Language), UpdatedAt: r.UpdatedAt.UTC()}
	}
	return out, nil
}

// IndexFilter pages LiveTags and LiveAuthors.
type IndexFilter struct {
	// Language, when set, counts (and keeps) only live articles in it.
	Language cms.Language
	Cursor   string
	Limit    int
}

// LiveTag is a tag in the index of tags: one that live articles carry, and
// how many do.
type LiveTag struct {
	ID, Name, Slug string
	PublishedCount int64
}

// LiveAuthor is an author profile in the index of authors: one that live
// articles credit, and how many do. It holds the public fields of the
// profile only (no linked user).
type LiveAuthor struct {
	ID, Name, Slug, Bio string
	AvatarMediaID       *string
	PublishedCount      int64
}

// LiveTags returns the tags of live articles (publication_tags, never the
// working copies), A–Z by slug, each with its count of live articles.
// Returns EInvalid naming "cursor" for a cursor this list did not make.
func (tx *Tx) LiveTags(f IndexFilter) (cms.Page[*LiveTag], error) {
	var rows []*LiveTag
	next, err := liveIndex(tx, "tags", "publication_tags", "tag_id", "t.id, t.name, t.slug", f, &rows, func(r *LiveTag) string { return r.Slug })
	return cms.Page[*LiveTag]{Data: rows, NextCursor: next}, err
}

// LiveAuthors returns the author profiles credited by live articles
// (publication_authors, never the working copies), A–Z by slug, each with
// its count of live articles. Returns EInvalid naming "cursor" for a cursor
// this list did not make.
func (tx *Tx) LiveAuthors(f IndexFilter) (cms.Page[*LiveAuthor], error) {
	var rows []*LiveAuthor
	next, err := liveIndex(tx, "authors", "publication_authors", "author_id", "t.id, t.name, t.slug, t.bio, t.avatar_media_id", f, &rows,
		func(r *LiveAuthor) string { return r.Slug })
	return cms.Page[*LiveAuthor]{Data: rows, NextCursor: next}, err
}

// liveIndex pages the rows of table (tags or authors) that link, the live
// link table, names through col, ordered by slug, into rows, and returns the
// next cursor.
//
// The order is by slug, not by count: an index page of a site lists tags
// and authors A–Z (the slug is the name in lower case, unique, so there are
// no ties), and a publish between two pages moves no row across the cursor,
// where an order by count would skip or repeat the rows whose counts
// changed. It is also cheap: the query walks the table's unique slug index
// from the cursor, keeps a row when one link exists (the link table's
// (col, published_at, article_id) index), and counts the links of the
// limit+1 rows it keeps only, never aggregating every live link.
func liveIndex[R any](tx *Tx, table, link, col, cols string, f IndexFilter, rows *[]R, slug func(R) string) (string, error) {
	var after struct {
		Slug string `json:"s"`
	}
	if err := decodeCursor(f.Cursor, &after, "s"); err != nil {
		return "", err
	}
	live := "FROM " + link + " l WHERE l." + col + " = t.id"
	var lang []any
	if f.Language != "" {
		live = "FROM " + link + " l JOIN article_publications p ON p.article_id = l.article_id WHERE l." + col + " = t.id AND p.language = ?"
		lang = []any{string(f.Language)}
	}
	q := "SELECT " + cols + ", (SELECT COUNT(*) " + live + ") AS published_count FROM " + table + " t WHERE EXISTS (SELECT 1 " + live + ")"
	args := append(append([]any{}, lang...), lang...)
	if after.Slug != "" {
		q += " AND t.slug > ?"
		args = append(args, after.Slug)
	}
	q += " ORDER BY t.slug LIMIT ?"
	args = append(args, f.Limit+1)
	if err := tx.g.Raw(q, args...).Scan(rows).Error; err != nil {
		return "", translate(err)
	}
	if len(*rows) <= f.Limit {
		return "", nil
	}
	*rows = (*rows)[:f.Limit]
	after.Slug = slug((*rows)[f.Limit-1])
	return encodeCursor(after), nil
}
