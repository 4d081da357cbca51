package demo_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsroom/accounts"
	"newsroom/arabic"
	"newsroom/cmstest"
	"newsroom/demo"
	"newsroom/store"
)

// TestBulk checks that bulk-generated articles are served like articles made
// through the API (lists, by slug, search, the admin API and its revisions),
// and that its drafts stay private, so the generator cannot drift from the
// application's data shape without this failing.
func TestBulk(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		app := cmstest.NewApp(t, db)
		if err := demo.Seed(ctx, app.Accounts, app.Editorial, cmstest.Password, io.Discard); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.SeedMedia(ctx, app.Media, io.Discard); err != nil {
			t.Fatal(err)
		}
		const n = 300
		if err := demo.Bulk(ctx, db, demo.Sizes{Articles: n, Sections: 12, Stories: 6, Tags: 60, Authors: 8}, io.Discard); err != nil {
			t.Fatal(err)
		}

		// Every live article, newest first, through the cursor.
		var live []map[string]any
		cursor := ""
		for {
			res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/articles?limit=100&cursor=" + url.QueryEscape(cursor)})
			if res.Status != http.StatusOK {
				t.Fatalf("list: %d %s", res.Status, res.Body)
			}
			page := res.JSON(t)
			for _, a := range page["data"].([]any) {
				live = append(live, a.(map[string]any))
			}
			next, _ := page["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		// One in 40 is a draft and one in 100 in review: 8 + 3 of 300.
		if got, want := len(live), n-11; got != want {
			t.Fatalf("got %d live articles, want %d", got, want)
		}
		arabicCount := 0
		for i, a := range live {
			if i > 0 && a["published_at"].(string) > live[i-1]["published_at"].(string) {
				t.Fatalf("list not newest first at %d", i)
			}
			if a["language"] == "ar" {
				arabicCount++
			}
		}
		if arabicCount < n*6/10 || arabicCount > n*95/100 {
			t.Errorf("got %d Arabic articles of %d, want about 80%%", arabicCount, len(live))
		}

		// By slug: the full article with what it embeds.
		for _, a := range []map[string]any{live[0], live[len(live)/2], live[len(live)-1]} {
			res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/articles/" + url.PathEscape(a["slug"].(string))})
			if res.Status != http.StatusOK {
				t.Fatalf("article %s: %d %s", a["slug"], res.Status, res.Body)
			}
			art := res.JSON(t)
			if art["headline"] != a["headline"] || len(art["body"].([]any)) < 2 || art["section"] == nil || len(art["authors"].([]any)) == 0 {
				t.Errorf("article %s is missing parts: %s", a["slug"], res.Body)
			}
		}
		// Section lists filter on the live rows.
		sec := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/sections"}).JSON(t)["data"].([]any)
		if len(sec) != 12 {
			t.Errorf("got %d sections, want 12", len(sec))
		}

		// Search finds an article by two words of its headline.
		target := live[3]
		words := strings.Fields(target["headline"].(string))
		q := words[0] + " " + words[1]
		found := false
		cursor = ""
		for range 20 {
			res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/search?limit=100&q=" + url.QueryEscape(q) + "&cursor=" + url.QueryEscape(cursor)})
			if res.Status != http.StatusOK {
				t.Fatalf("search %q: %d %s", q, res.Status, res.Body)
			}
			page := res.JSON(t)
			for _, r := range page["data"].([]any) {
				if r.(map[string]any)["id"] == target["id"] {
					found = true
				}
			}
			next, _ := page["next_cursor"].(string)
			if found || next == "" {
				break
			}
			cursor = next
		}
		if !found {
			t.Errorf("search for %q (normalised %q) did not find %s", q, arabic.Normalize(q), target["slug"])
		}
		// The benchmark's queries find articles.
		for _, q := range demo.SearchQueries[:2] {
			res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/search?q=" + url.QueryEscape(q)})
			if res.Status != http.StatusOK || len(res.JSON(t)["data"].([]any)) == 0 {
				t.Errorf("search %q found nothing: %d %s", q, res.Status, res.Body)
			}
		}

		// The admin API reads the working copies and their first revision,
		// and drafts stay off the delivery API.
		op := accounts.OperatorActor()
		drafts, err := app.Editorial.ListArticles(ctx, op, store.ArticleFilter{Status: "draft", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(drafts.Data) != 8 {
			t.Fatalf("got %d drafts, want 8", len(drafts.Data))
		}
		d := drafts.Data[0]
		if res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/articles/" + url.PathEscape(d.Slug)}); res.Status != http.StatusNotFound {
			t.Errorf("a draft is served to readers: %d", res.Status)
		}
		rev, err := db.View(ctx).Revision(d.ID, 1)
		if err != nil || rev.Content == nil || rev.Content.Headline != d.Headline {
			t.Errorf("revision 1 of a draft: %v, %+v", err, rev)
		}
		full, err := app.Editorial.Article(ctx, op, live[0]["id"].(string))
		if err != nil || !full.Live || full.Version != 3 || len(full.AuthorIDs) == 0 {
			t.Errorf("working copy of a live article: %v %+v", err, full)
		}
	})
}

// TestSearchPagingEnds pages through a search that matches more than the
// 1,000 results search serves: the walk must end at 1,000, each cursor new,
// rather than hand back the same cursor once the limit is reached.
func TestSearchPagingEnds(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		app := cmstest.NewApp(t, db)
		if err := demo.Seed(ctx, app.Accounts, app.Editorial, cmstest.Password, io.Discard); err != nil {
			t.Fatal(err)
		}
		if err := demo.Bulk(ctx, db, demo.Sizes{Articles: 1500, Sections: 2, Stories: 1, Tags: 5, Authors: 2}, io.Discard); err != nil {
			t.Fatal(err)
		}
		seen, cursors := map[string]bool{}, map[string]bool{}
		cursor := ""
		for page := 0; ; page++ {
			if page > 20 {
				t.Fatalf("still paging after %d pages (%d results)", page, len(seen))
			}
			res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/search?limit=100&q=" + url.QueryEscape("في") + "&cursor=" + url.QueryEscape(cursor)})
			if res.Status != http.StatusOK {
				t.Fatalf("page %d: %d %s", page, res.Status, res.Body)
			}
			m := res.JSON(t)
			for _, r := range m["data"].([]any) {
				id := r.(map[string]any)["id"].(string)
				if seen[id] {
					t.Fatalf("page %d repeats %s", page, id)
				}
				seen[id] = true
			}
			next, _ := m["next_cursor"].(string)
			if next == "" {
				if page != 9 {
					t.Errorf("the walk ended after %d pages of 100, want 10", page+1)
				}
				break
			}
			if cursors[next] {
				t.Fatalf("page %d hands back cursor %q again (%d results so far)", page, next, len(seen))
			}
			cursors[next], cursor = true, next
		}
		// A cursor to the end (as an older answer may have handed out):
		// nothing, and no cursor.
		end := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/search?q=" + url.QueryEscape("في") + "&cursor=MTAwMA"}).JSON(t)
		if data, _ := end["data"].([]any); len(data) != 0 || end["next_cursor"] != nil {
			t.Errorf("past the 1,000th result: %v", end)
		}
		if len(seen) != store.MaxSearchResults {
			t.Errorf("got %d results, want the first %d of more matches (does the query match enough articles?)", len(seen), store.MaxSearchResults)
		}
	})
}
