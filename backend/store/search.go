package store

import (
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"newsroom/arabic"
	"newsroom/cms"
)

// MaxSearchResults bounds how deep search results can be paged: ranked
// results page by offset, and nobody reads page 50 of a search.
const MaxSearchResults = 1000

// SearchRecentDays is the reach of search's first band: articles first
// published in the last 30 days (from the start of today, UTC) come before
// older ones.
const SearchRecentDays = 30

// SearchLive finds live articles matching query (already normalised with
// arabic.Normalize, words ANDed, each in any of its written forms:
// arabic.Forms), in two bands: first those published in
// the last SearchRecentDays, then the older ones; within a band, articles
// whose headline holds every word come first, then the newest.
//
// Recency before relevance is what a news reader searching "وزير الخارجية"
// wants, and it keeps a search cheap: a common query matches thousands of
// articles over the years, and ranking all of them (ts_rank reads each
// one's whole text) cost 20 ms of database time per search, where the
// recent band holds a few hundred, found in one scan of the index over the
// words and the publication day (migration 00005; make bench,
// docs/benchmarks.md). Older
// articles are read only when the recent band runs out.
//
// PostgreSQL uses the GIN-indexed search_document, SQLite the FTS5 table
// article_search. It returns the page and whether more results follow; the
// cursor is an offset. The summaries are left empty: the caller reads the
// page's live versions for snippets anyway, and they hold them (reading
// them here as well decompressed every result's snapshot twice).
func (tx *Tx) SearchLive(query string, f LiveFilter) (cms.Page[*LiveSummary], error) {
	offset := 0
	if err := decodeCursor(f.Cursor, &offset); err != nil || offset < 0 || offset > MaxSearchResults {
		return cms.Page[*LiveSummary]{}, errNotCursor()
	}
	limit := min(f.Limit, MaxSearchResults-offset)
	if limit <= 0 {
		// The last page was the 1,000th result: nothing more, and no
		// cursor (one pointing here again sent clients round in a loop).
		return cms.Page[*LiveSummary]{Data: []*LiveSummary{}}, nil
	}
	cutoff := tx.Now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -SearchRecentDays)

	var rows []liveRow
	if err := tx.searchBand(query, f, cutoff, true).Clauses(searchOrder(query)).Offset(offset).Limit(limit + 1).Scan(&rows).Error; err != nil {
		return cms.Page[*LiveSummary]{}, translate(err)
	}
	if len(rows) <= limit {
		// The recent band ran out on this page: the rest comes from the
		// older one, from its start, unless the page begins past the
		// recent band (then how many that band holds says where).
		olderOffset := 0
		if len(rows) == 0 && offset > 0 {
			var recent int64
			if err := tx.searchBand(query, f, cutoff, true).Count(&recent).Error; err != nil {
				return cms.Page[*LiveSummary]{}, translate(err)
			}
			olderOffset = max(0, offset-int(recent))
		}
		var older []liveRow
		if err := tx.searchBand(query, f, cutoff, false).Clauses(searchOrder(query)).Offset(olderOffset).Limit(limit + 1 - len(rows)).Scan(&older).Error; err != nil {
			return cms.Page[*LiveSummary]{}, translate(err)
		}
		rows = append(rows, older...)
	}
	page := cms.Page[*LiveSummary]{}
	if len(rows) > limit {
		rows = rows[:limit]
		if offset+limit < MaxSearchResults {
			page.NextCursor = encodeCursor(offset + limit)
		}
	}
	page.Data = make([]*LiveSummary, len(rows))
	for i, r := range rows {
		page.Data[i] = r.summary()
	}
	return page, nil
}

// searchBand selects the live articles matching query and f, published
// since cutoff (recent) or before it.
func (tx *Tx) searchBand(query string, f LiveFilter, cutoff time.Time, recent bool) *gorm.DB {
	q := tx.g.Table("article_publications p").
		Select("p.article_id AS id, p.kind, p.language, p.slug, p.headline, NULL AS summary, p.section_id, p.hero_media_id, p.published_at, p.updated_at")
	if tx.db.dialect == Postgres {
		q = q.Where("p.search_document @@ to_tsquery('simple', ?)", tsQuery(query))
	} else {
		q = q.Joins("JOIN article_search ON article_search.article_id = p.article_id").Where("article_search MATCH ?", ftsQuery(query))
	}
	switch {
	case tx.db.dialect == Postgres && recent:
		// The same bound as published_at >= cutoff (a midnight UTC), in
		// the form the search index holds (migration 00005).
		q = q.Where("epoch_day(p.published_at) >= ?", epochDay(cutoff))
	case tx.db.dialect == Postgres:
		q = q.Where("epoch_day(p.published_at) < ?", epochDay(cutoff))
	case recent:
		q = q.Where("p.published_at >= ?", cutoff)
	default:
		q = q.Where("p.published_at < ?", cutoff)
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
	return q
}

// epochDay is PostgreSQL's epoch_day: whole days since 1970-01-01 UTC.
func epochDay(t time.Time) int64 { return t.Unix() / 86400 }

// searchOrder puts articles whose headline holds every query word (one of
// its arabic.Cores, so in any form) first, then the newest. One ORDER BY clause: gorm merges several into one and
// drops the arguments of all but the last.
func searchOrder(query string) clause.OrderBy {
	words := strings.Fields(query)
	first, args := "0", []any(nil)
	if len(words) > 0 {
		conds := make([]string, len(words))
		for i, w := range words {
			// A core of the word, so any of its forms: "مفاوضات" is in
			// "المفاوضات".
			var ors []string
			for _, core := range arabic.Cores(w) {
				ors = append(ors, "p.search_headline LIKE ? ESCAPE '\\'")
				args = append(args, "%"+escapeLike(core)+"%")
			}
			conds[i] = "(" + strings.Join(ors, " OR ") + ")"
		}
		first = "CASE WHEN " + strings.Join(conds, " AND ") + " THEN 0 ELSE 1 END"
	}
	return clause.OrderBy{Expression: clause.Expr{SQL: first + ", p.published_at DESC, p.article_id DESC", Vars: args, WithoutParentheses: true}}
}
