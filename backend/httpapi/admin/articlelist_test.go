package admin_test

import (
	"net/url"
	"slices"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestArticleListFilters checks every filter of the admin article list, on
// its own and combined, the writer's narrower view, and paging by cursor:
// each filter must keep exactly the articles it names.
func TestArticleListFilters(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		writer := newClient(t, app, "writer")
		id := func(m map[string]any) string { return m["id"].(string) }
		section := id(editor.Must(201, "POST", "/sections", map[string]any{"name": "الشرق الأوسط"}))
		tag := id(editor.Must(201, "POST", "/tags", map[string]any{"name": "دبلوماسية"}))
		author := id(editor.Must(201, "POST", "/authors", map[string]any{"name": "سلمى الكاتبة"}))
		story := id(editor.Must(201, "POST", "/stories", map[string]any{"title": "Cairo talks"}))

		draft := id(editor.Must(201, "POST", "/articles", map[string]any{"headline": "الوفود تتمسك بالمفاوضات", "section_id": section,
			"tag_ids": []string{tag}, "author_ids": []string{author}, "body": arabicBody}))
		published := editor.Must(201, "POST", "/articles", map[string]any{"headline": "Talks resume in Cairo", "language": "en", "kind": "live",
			"story_ids": []string{story}, "body": []map[string]any{{"type": "paragraph", "text": "Delegations arrived on Monday."}}})
		editor.Must(200, "POST", "/articles/"+id(published)+"/publish", nil)
		inReview := id(writer.Must(201, "POST", "/articles", map[string]any{"headline": "مفاوضات أستانا تستأنف", "body": arabicBody}))
		writer.Must(200, "POST", "/articles/"+inReview+"/submit", nil)

		list := func(c *cmstest.Client, query string) []string {
			t.Helper()
			got := listIDs(t, c.Must(200, "GET", "/articles?limit=100&"+query, nil))
			slices.Sort(got)
			return got
		}
		sorted := func(ids ...string) []string { slices.Sort(ids); return ids }
		q := func(words string) string { return "q=" + url.QueryEscape(words) }
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"", sorted(draft, id(published), inReview)},
			{"status=draft", sorted(draft)},
			{"status=published", sorted(id(published))},
			{"status=in_review", sorted(inReview)},
			{"status=archived", nil},
			{"section=" + section, sorted(draft)},
			{"tag=" + tag, sorted(draft)},
			{"author=" + author, sorted(draft)},
			{"story=" + story, sorted(id(published))},
			{"created_by=" + writer.ID, sorted(inReview)},
			{"language=en", sorted(id(published))},
			{"kind=live", sorted(id(published))},
			// Arabic-aware, with or without the article and clitics:
			// "بالمفاوضات" and "مفاوضات" are both found.
			{q("مفاوضات"), sorted(draft, inReview)},
			{q("المفاوضات"), sorted(draft, inReview)},
			{q("استانا"), sorted(draft, inReview)}, // arabicBody names Astana
			{q("الوفود"), sorted(draft)},
			{q("وفود"), sorted(draft)},
			{q("CAIRO"), sorted(id(published))},
			{q("مفاوضات") + "&status=draft", sorted(draft)},
			{"language=ar&created_by=" + writer.ID + "&status=draft", nil},
		} {
			if got := list(editor, c.query); !slices.Equal(got, c.want) {
				t.Errorf("?%s: got %v, want %v", c.query, got, c.want)
			}
		}
		// A writer sees their own articles and live ones, never another's draft.
		if got, want := list(writer, ""), sorted(id(published), inReview); !slices.Equal(got, want) {
			t.Errorf("writer's list: got %v, want %v", got, want)
		}
		if got := list(writer, q("الوفود")); len(got) != 0 {
			t.Errorf("writer's search finds another's draft: %v", got)
		}
		// Paging one by one walks every article once.
		var walked []string
		for cursor := ""; ; {
			page := editor.Must(200, "GET", "/articles?limit=1&cursor="+url.QueryEscape(cursor), nil)
			walked = append(walked, listIDs(t, page)...)
			next, _ := page["next_cursor"].(string)
			if next == "" || len(walked) > 3 {
				break
			}
			cursor = next
		}
		if slices.Sort(walked); !slices.Equal(walked, sorted(draft, id(published), inReview)) {
			t.Errorf("paged one by one: %v", walked)
		}
		for _, bad := range []string{"status=nope", "language=fr", "kind=poem", "limit=0", "cursor=zzz"} {
			if res := editor.Do("GET", "/articles?"+bad, nil); res.Status != 422 {
				t.Errorf("?%s: got %d %s, want 422", bad, res.Status, res.Body)
			}
		}
		// An id that names nothing filters everything out, as any id would
		// that no article links to.
		if got := list(editor, "section=no-such-section"); len(got) != 0 {
			t.Errorf("an unknown section: %v", got)
		}
	})
}
