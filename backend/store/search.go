package store

import (
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"newsroom/cms"
)

// MaxSearchResults bounds how deep search results can be paged: ranked
// results page by offset, and nobody reads page 50 of a search.
const MaxSearchResults = 1000

// SearchLive finds live articles matching query (already normalised with
// arabic.Normalize, words ANDed), best first: headline matches before text
// matches, then by rank, then newest. PostgreSQL uses the GIN-indexed
// search_document; SQLite the FTS5 table article_search. It returns the
// page and whether more results follow; the cursor is an offset.
func (tx *Tx) SearchLive(query string, f LiveFilter) (cms.Page[*LiveSummary], error) {
	offset := 0
	if err := decodeCursor(f.Cursor, &offset); err != nil || offset < 0 || offset > MaxSearchResults {
		return cms.Page[*LiveSummary]{}, cms.FieldError("cursor", "is not a cursor this API returned; start again without it")
	}
	summary := "json_extract(p.snapshot, '$.summary')"
	var rank string
	var rankArgs []any
	var q = tx.g.Table("article_publications p")
	if tx.db.dialect == Postgres {
		summary = "p.snapshot->>'summary'"
		// ts_rank with the headline (weight A) weighing 1 and the text (B)
		// 0.4; the first key puts any headline match ahead of text matches.
		q = q.Select("p.article_id AS id, p.kind, p.language, p.slug, p.headline, NULL AS summary, p.section_id, p.hero_media_id, p.published_at, p.updated_at").
			Where("p.search_document @@ plainto_tsquery('simple', ?)", query)
		rank, rankArgs = "ts_rank('{0.1,0.2,0.4,1}', p.search_document, plainto_tsquery('simple', ?)) DESC", []any{query}
	} else {
		fts := ftsQuery(query)
		q = q.Select("p.article_id AS id, p.kind, p.language, p.slug, p.headline, NULL AS summary, p.section_id, p.hero_media_id, p.published_at, p.updated_at").
			Joins("JOIN article_search ON article_search.article_id = p.article_id").
			Where("article_search MATCH ?", fts)
		rank = "bm25(article_search, 0.0, 10.0, 1.0)"
	}
	if f.SectionID != "" {
		q = q.Where("p.section_id = ?", f.SectionID)
	}
	if f.Language != "" {
		q = q.Where("p.language = ?", f.Language)
	}
	if f.Kind != "" {
		q = q.Where("p.kind = ?", f.Kind)
	}
	for _, l := range []struct{ table, col, v string }{{"publication_stories", "story_id", f.StoryID}, {"publication_tags", "tag_id", f.TagID}, {"publication_authors", "author_id", f.AuthorID}} {
		if l.v != "" {
			q = q.Where("p.article_id IN (SELECT article_id FROM "+l.table+" WHERE "+l.col+" = ?)", l.v)
		}
	}
	var rows []struct {
		ID, Kind, Language, Slug, Headline string
		Summary                            *string
		SectionID, HeroMediaID             *string
		PublishedAt, UpdatedAt             time.Time
	}
	limit := min(f.Limit, MaxSearchResults-offset)
	// One ORDER BY clause: gorm merges several into one and drops the
	// arguments of all but the last.
	hfSQL, hfArgs := headlineFirst(query)
	order := orderBy(hfSQL+", "+rank+", p.published_at DESC, p.article_id DESC", append(hfArgs, rankArgs...)...)
	if err := q.Clauses(order).Offset(offset).Limit(limit + 1).Scan(&rows).Error; err != nil {
		return cms.Page[*LiveSummary]{}, translate(err)
	}
	page := cms.Page[*LiveSummary]{}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor(offset + limit)
	}
	// The summaries are read for the page alone: in the ranking query they
	// were read from every matching article's snapshot (decompressed) before
	// the sort kept a page of them, a third of a search's time with
	// thousands of matches (make bench, docs/benchmarks.md).
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	summaries := map[string]string{}
	if len(ids) > 0 {
		var sums []struct{ ID, Summary string }
		if err := tx.g.Table("article_publications p").Select("p.article_id AS id, COALESCE("+summary+", '') AS summary").
			Where("p.article_id IN ?", ids).Scan(&sums).Error; err != nil {
			return cms.Page[*LiveSummary]{}, translate(err)
		}
		for _, s := range sums {
			summaries[s.ID] = s.Summary
		}
	}
	page.Data = make([]*LiveSummary, len(rows))
	for i, r := range rows {
		page.Data[i] = &LiveSummary{ID: r.ID, Kind: cms.Kind(r.Kind), Language: cms.Language(r.Language), Slug: r.Slug, Headline: r.Headline,
			Summary: summaries[r.ID], SectionID: r.SectionID, HeroMediaID: r.HeroMediaID, PublishedAt: r.PublishedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	}
	return page, nil
}

// headlineFirst is an ORDER BY term that puts articles whose headline holds
// every query word ahead of the others.
func headlineFirst(query string) (string, []any) {
	words := strings.Fields(query)
	if len(words) == 0 {
		return "0", nil
	}
	conds := make([]string, len(words))
	args := make([]any, len(words))
	for i, w := range words {
		conds[i] = "p.search_headline LIKE ? ESCAPE '\\'"
		args[i] = "%" + escapeLike(w) + "%"
	}
	return "CASE WHEN " + strings.Join(conds, " AND ") + " THEN 0 ELSE 1 END", args
}

func orderBy(sql string, args ...any) clause.OrderBy {
	return clause.OrderBy{Expression: clause.Expr{SQL: sql, Vars: args, WithoutParentheses: true}}
}
