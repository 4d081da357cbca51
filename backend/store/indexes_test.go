package store_test

import (
	"context"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// The columns that readers' pages look rows up by, alone: each needs an
// index that starts with it. A composite key that starts with another
// column does not serve the lookup, and nothing fails without one; the
// page just reads the whole index or table (the article page did, at
// 11 to 22 ms an article with 100,000 of them, until migration 00006).
var lookupColumns = []struct{ table, column string }{
	{"article_publications", "slug"},       // the article page
	{"article_slugs", "slug"},              // an old slug's 301
	{"article_publications", "section_id"}, // a section's list
	{"publication_stories", "article_id"},  // an article's stories
	{"publication_stories", "story_id"},    // a story's list
	{"publication_tags", "article_id"},     // an article's tags
	{"publication_tags", "tag_id"},         // a tag's list
	{"publication_authors", "article_id"},  // an article's bylines
	{"publication_authors", "author_id"},   // an author's list
	{"corrections", "article_id"},          // an article's corrections
	{"live_entries", "article_id"},         // a live article's entries
	{"comments", "article_id"},             // an article's comments
	{"sections", "slug"}, {"tags", "slug"}, {"stories", "slug"}, {"authors", "slug"},
}

func TestLookupsHaveIndexes(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		for _, l := range lookupColumns {
			q := `SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
				JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
				WHERE c.relname = ? AND a.attname = ?`
			if db.Dialect() == store.SQLite {
				q = `SELECT count(*) FROM pragma_index_list(?1) l JOIN pragma_index_info(l.name) i
					WHERE i.seqno = 0 AND i.name = ?2`
			}
			var n int64
			err := db.InTx(context.Background(), func(tx *store.Tx) error { return tx.Raw(&n, q, l.table, l.column) })
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("no index on %s starts with %s", l.table, l.column)
			}
		}
	})
}
