package delivery_test

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestTagAndAuthorIndexes: GET /tags and /authors list what live articles
// carry, A to Z by slug, with counts of live articles (in a language with
// ?language=), page by keyset cursors, refuse bad input naming the field,
// and drop their cached pages on a publish, an unpublish and a rename.
func TestTagAndAuthorIndexes(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		ed := app.NewClient(t, "editor")
		mk := func(kind, name, slug string, extra map[string]any) map[string]any {
			fields := map[string]any{"name": name, "slug": slug}
			for k, v := range extra {
				fields[k] = v
			}
			return ed.Must(201, "POST", admin+"/"+kind, fields)
		}
		// Slugs without hyphens or capitals sort alike in every collation.
		alpha, beta, gamma, delta := mk("tags", "Alpha", "alpha", nil), mk("tags", "Beta", "beta", nil), mk("tags", "Gamma", "gamma", nil),
			mk("tags", "Delta", "delta", nil)
		avatar := upload(t, app, ed, 5)
		userID, email, _ := app.User("writer")
		xena := mk("authors", "Xena", "xena", map[string]any{"bio": "Covers the talks", "avatar_media_id": avatar["id"], "user_id": userID})
		yuri, zoe := mk("authors", "Yuri", "yuri", nil), mk("authors", "Zoe", "zoe", nil)
		ids := func(xs ...map[string]any) []any {
			out := []any{}
			for _, x := range xs {
				out = append(out, x["id"])
			}
			return out
		}
		create := func(headline, lang string, tags, authors []any) map[string]any {
			return ed.Must(201, "POST", admin+"/articles", map[string]any{"headline": headline, "language": lang, "body": body(1),
				"tag_ids": tags, "author_ids": authors})
		}
		publish := func(a map[string]any) map[string]any {
			return ed.Must(200, "POST", admin+"/articles/"+a["id"].(string)+"/publish", nil)
		}
		publish(create("خبر أول", "ar", ids(alpha, beta), ids(xena)))
		second := publish(create("Second story", "en", ids(alpha, delta), ids(xena, yuri)))
		// Gamma and Zoe are on a draft only.
		draft := create("مسودة", "ar", ids(gamma), ids(zoe))

		type entry struct {
			slug  string
			count float64
		}
		list := func(path string) ([]entry, map[string]any) {
			t.Helper()
			res := get(t, app, path)
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, res.Status, res.Body)
			}
			page := res.JSON(t)
			var out []entry
			for _, x := range page["data"].([]any) {
				m := x.(map[string]any)
				out = append(out, entry{m["slug"].(string), m["published_count"].(float64)})
			}
			return out, page
		}
		want := func(path string, w ...entry) {
			t.Helper()
			if got, _ := list(path); !reflect.DeepEqual(got, w) {
				t.Errorf("GET %s: got %v, want %v", path, got, w)
			}
		}
		want("/api/v1/tags", entry{"alpha", 2}, entry{"beta", 1}, entry{"delta", 1})
		want("/api/v1/tags?language=en", entry{"alpha", 1}, entry{"delta", 1})
		want("/api/v1/tags?language=ar", entry{"alpha", 1}, entry{"beta", 1})
		want("/api/v1/authors", entry{"xena", 2}, entry{"yuri", 1})
		want("/api/v1/authors?language=ar", entry{"xena", 1})

		// The fields: a tag's, and what the author page shows of a profile
		// (never the linked user).
		_, tags := list("/api/v1/tags")
		if got := keysOf(tags["data"].([]any)[0].(map[string]any)); !reflect.DeepEqual(got, []string{"id", "name", "published_count", "slug"}) {
			t.Errorf("tag fields: got %v", got)
		}
		res := get(t, app, "/api/v1/authors")
		if strings.Contains(string(res.Body), email) || strings.Contains(string(res.Body), userID) {
			t.Errorf("the authors index shows the linked user: %s", res.Body)
		}
		x := res.JSON(t)["data"].([]any)[0].(map[string]any)
		img, _ := x["avatar"].(map[string]any)
		if got := keysOf(x); !reflect.DeepEqual(got, []string{"avatar", "bio", "id", "name", "published_count", "slug"}) ||
			x["id"] != xena["id"] || x["name"] != "Xena" || x["bio"] != "Covers the talks" || img == nil || img["id"] != avatar["id"] || img["url"] == "" {
			t.Errorf("author entry: %v", x)
		}
		if y := res.JSON(t)["data"].([]any)[1].(map[string]any); y["avatar"] != nil {
			t.Errorf("an author without avatar: %v, want avatar null", y)
		}
		if sk := strings.Fields(res.Header.Get("Surrogate-Key")); !slices.Contains(sk, "media:"+avatar["id"].(string)) {
			t.Errorf("Surrogate-Key %v lacks the avatar", sk)
		}
		if h := app.Do(cmstest.Request{Method: http.MethodHead, Path: "/api/v1/tags"}); h.Status != http.StatusOK || len(h.Body) != 0 || h.Header.Get("ETag") == "" {
			t.Errorf("HEAD /api/v1/tags: got %d with %d bytes and ETag %q", h.Status, len(h.Body), h.Header.Get("ETag"))
		}

		// Paging one at a time gives the whole list, each once, in order.
		for _, p := range []string{"/api/v1/tags", "/api/v1/authors", "/api/v1/tags?language=en"} {
			all, _ := list(p + sep(p) + "limit=100")
			var paged []entry
			cursor := ""
			for i := 0; i < 10; i++ {
				q := p + sep(p) + "limit=1"
				if cursor != "" {
					q += "&cursor=" + cursor
				}
				got, page := list(q)
				paged = append(paged, got...)
				next, _ := page["next_cursor"].(string)
				if next == "" {
					break
				}
				cursor = next
			}
			if len(all) < 2 || !reflect.DeepEqual(paged, all) {
				t.Errorf("%s one by one: got %v, want %v", p, paged, all)
			}
		}

		// Bad input: 422 naming the field.
		articles := get(t, app, "/api/v1/articles?limit=1").JSON(t)["next_cursor"].(string)
		for q, field := range map[string]string{"limit=0": "limit", "limit=101": "limit", "limit=-1": "limit", "limit=abc": "limit",
			"cursor=garbage!!": "cursor", "cursor=" + articles: "cursor", "language=fr": "language"} {
			for _, p := range []string{"/api/v1/tags", "/api/v1/authors"} {
				res := get(t, app, p+"?"+q)
				e, _ := res.JSON(t)["error"].(map[string]any)
				fields, _ := e["fields"].(map[string]any)
				if res.Status != http.StatusUnprocessableEntity || fields[field] == nil {
					t.Errorf("GET %s?%s: got %d %s, want 422 naming %s", p, q, res.Status, res.Body, field)
				}
			}
		}

		// A publish adds the draft's tag and author; an unpublish takes
		// away what only it carried; renames show at once.
		publish(draft)
		want("/api/v1/tags", entry{"alpha", 2}, entry{"beta", 1}, entry{"delta", 1}, entry{"gamma", 1})
		want("/api/v1/authors", entry{"xena", 2}, entry{"yuri", 1}, entry{"zoe", 1})
		ed.Must(200, "POST", admin+"/articles/"+second["id"].(string)+"/unpublish", map[string]any{"reason": "x"})
		want("/api/v1/tags", entry{"alpha", 1}, entry{"beta", 1}, entry{"gamma", 1})
		want("/api/v1/tags?language=en")
		want("/api/v1/authors", entry{"xena", 1}, entry{"zoe", 1})
		cur := ed.Must(200, "GET", admin+"/tags/"+alpha["id"].(string), nil)
		ed.Must(200, "PATCH", admin+"/tags/"+alpha["id"].(string), map[string]any{"name": "Alpha renamed"}, cmstest.ETag(cur))
		if _, page := list("/api/v1/tags"); page["data"].([]any)[0].(map[string]any)["name"] != "Alpha renamed" {
			t.Errorf("after a tag rename: %v", page["data"])
		}
		cur = ed.Must(200, "GET", admin+"/authors/"+zoe["id"].(string), nil)
		ed.Must(200, "PATCH", admin+"/authors/"+zoe["id"].(string), map[string]any{"name": "Zoe renamed"}, cmstest.ETag(cur))
		if _, page := list("/api/v1/authors"); page["data"].([]any)[1].(map[string]any)["name"] != "Zoe renamed" {
			t.Errorf("after an author rename: %v", page["data"])
		}
	})
}

// sep is the separator before another query parameter of path.
func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}
