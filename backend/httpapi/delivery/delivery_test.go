package delivery_test

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

const admin = "/api/admin/v1"

func get(t *testing.T, app *cmstest.App, path string, header ...string) *cmstest.Response {
	t.Helper()
	req := cmstest.Request{Method: "GET", Path: path}
	if len(header) == 2 {
		req.Header = map[string]string{header[0]: header[1]}
	}
	return app.Do(req)
}

func body(i int) []map[string]any {
	return []map[string]any{{"type": "paragraph", "text": fmt.Sprintf("نص الفقرة رقم %d عن <b>المفاوضات</b>", i)}}
}

// newsroom makes a small newsroom through the admin API and returns the ids.
type newsroom struct {
	app                         *cmstest.App
	editor                      *cmstest.Client
	section, tag, author, story map[string]any
}

func setup(t *testing.T, db *store.DB) *newsroom {
	app := cmstest.NewApp(t, db)
	ed := app.NewClient(t, "editor")
	n := &newsroom{app: app, editor: ed}
	n.section = ed.Must(201, "POST", admin+"/sections", map[string]any{"name": "العالم العربي"})
	n.tag = ed.Must(201, "POST", admin+"/tags", map[string]any{"name": "مفاوضات أستانا"})
	n.author = ed.Must(201, "POST", admin+"/authors", map[string]any{"name": "مراسلنا", "slug": "correspondent", "bio": "يغطي الشؤون السياسية"})
	n.story = ed.Must(201, "POST", admin+"/stories", map[string]any{"title": "مفاوضات أستانا", "featured": true})
	return n
}

// publish creates and publishes an article, returning it.
func (n *newsroom) publish(t *testing.T, fields map[string]any) map[string]any {
	t.Helper()
	art := n.editor.Must(201, "POST", admin+"/articles", fields)
	return n.editor.Must(200, "POST", admin+"/articles/"+art["id"].(string)+"/publish", nil)
}

func TestReading(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		app := n.app
		art := n.publish(t, map[string]any{"headline": "جولة جديدة من مفاوضات أستانا", "summary": "الخارجية تعلن الموعد", "body": body(1),
			"section_id": n.section["id"], "tag_ids": []any{n.tag["id"]}, "author_ids": []any{n.author["id"]}, "story_ids": []any{n.story["id"]},
			"source": "وكالات"})
		other := n.publish(t, map[string]any{"headline": "Ceasefire holds", "language": "en", "body": body(2), "related_ids": []any{art["id"]}})

		res := get(t, app, "/api/v1/articles/"+url.PathEscape(art["slug"].(string)))
		if res.Status != 200 {
			t.Fatalf("article by slug: %d %s", res.Status, res.Body)
		}
		a := res.JSON(t)
		if a["headline"] != "جولة جديدة من مفاوضات أستانا" || a["section"].(map[string]any)["slug"] != "العالم-العربي" ||
			len(a["tags"].([]any)) != 1 || a["authors"].([]any)[0].(map[string]any)["name"] != "مراسلنا" ||
			a["stories"].([]any)[0].(map[string]any)["slug"] != "مفاوضات-أستانا" || a["published_at"] == nil {
			t.Errorf("embedded article: %s", res.Body)
		}
		for _, private := range []string{"created_by", "status", "version", "allowed_actions", "live_writer_ids", "has_unpublished_changes"} {
			if _, ok := a[private]; ok {
				t.Errorf("the delivery article exposes %q", private)
			}
		}
		etag := res.Header.Get("ETag")
		if etag == "" || !strings.Contains(res.Header.Get("Cache-Control"), "max-age") || !strings.Contains(res.Header.Get("Surrogate-Key"), "article:"+art["id"].(string)) {
			t.Errorf("caching headers: %v", res.Header)
		}
		if r := get(t, app, "/api/v1/articles/"+url.PathEscape(art["slug"].(string)), "If-None-Match", etag); r.Status != http.StatusNotModified || len(r.Body) != 0 {
			t.Errorf("If-None-Match: got %d with %d bytes, want 304 and no body", r.Status, len(r.Body))
		}
		rel := get(t, app, "/api/v1/articles/"+other["slug"].(string)).JSON(t)["related"].([]any)
		if len(rel) != 1 || rel[0].(map[string]any)["id"] != art["id"] {
			t.Errorf("related: %v", rel)
		}

		// Lists and filters.
		list := get(t, app, "/api/v1/articles").JSON(t)["data"].([]any)
		if len(list) != 2 || list[0].(map[string]any)["id"] != other["id"] {
			t.Errorf("newest first: %v", list)
		}
		for _, q := range []string{"section=" + url.QueryEscape("العالم-العربي"), "tag=" + url.QueryEscape("مفاوضات-أستانا"), "author=correspondent",
			"story=" + url.QueryEscape("مفاوضات-أستانا"), "language=ar", "kind=standard&language=ar"} {
			l := get(t, app, "/api/v1/articles?"+q).JSON(t)["data"].([]any)
			if len(l) != 1 || l[0].(map[string]any)["id"] != art["id"] {
				t.Errorf("?%s: got %d articles", q, len(l))
			}
		}
		if r := get(t, app, "/api/v1/articles?section=nope"); r.Status != 422 {
			t.Errorf("unknown section: got %d, want 422", r.Status)
		}
		for _, q := range []string{"limit=0", "limit=101", "language=fr", "kind=poem", "cursor=%%%", "cursor=garbage!!"} {
			if r := get(t, app, "/api/v1/articles?"+q); r.Status < 400 || r.Status >= 500 {
				t.Errorf("?%s: got %d, want 4xx", q, r.Status)
			}
		}
		st := get(t, app, "/api/v1/stories/"+url.PathEscape("مفاوضات-أستانا")).JSON(t)
		if st["published_count"] != 1.0 || len(st["articles"].(map[string]any)["data"].([]any)) != 1 {
			t.Errorf("story: %v", st)
		}
		strip := get(t, app, "/api/v1/stories?featured=true").JSON(t)["data"].([]any)
		if len(strip) != 1 {
			t.Errorf("featured strip: %v", strip)
		}
		if l := get(t, app, "/api/v1/sections").JSON(t)["data"].([]any); len(l) != 1 {
			t.Errorf("sections: %v", l)
		}
		if v := get(t, app, "/api/v1/authors/correspondent").JSON(t); v["bio"] != "يغطي الشؤون السياسية" || len(v["articles"].(map[string]any)["data"].([]any)) != 1 {
			t.Errorf("author page: %v", v)
		}
		get(t, app, "/api/v1/tags/"+url.PathEscape("مفاوضات-أستانا"))

		// A changed slug keeps the old one as a redirect once republished.
		cur := n.editor.Must(200, "GET", admin+"/articles/"+art["id"].(string), nil)
		cur = n.editor.Must(200, "PATCH", admin+"/articles/"+art["id"].(string), map[string]any{"slug": "astana-new-round"}, cmstest.ETag(cur))
		n.editor.Must(200, "POST", admin+"/articles/"+art["id"].(string)+"/publish", nil)
		r := app.Do(cmstest.Request{Method: "GET", Path: "/api/v1/articles/" + url.PathEscape(art["slug"].(string)), NoRedirect: true})
		if r.Status != http.StatusMovedPermanently || !strings.HasSuffix(r.Header.Get("Location"), "/api/v1/articles/astana-new-round") {
			t.Errorf("old slug: got %d Location %q, want 301 to the new slug", r.Status, r.Header.Get("Location"))
		}
		if get(t, app, "/api/v1/articles/astana-new-round").Status != 200 {
			t.Error("new slug does not answer")
		}

		// ninjs.
		nj := get(t, app, "/api/v1/articles/astana-new-round", "Accept", "application/ninjs+json")
		if !strings.HasPrefix(nj.Header.Get("Content-Type"), "application/ninjs+json") || nj.JSON(t)["type"] != "text" ||
			nj.JSON(t)["headlines"].([]any)[0].(map[string]any)["value"] != "جولة جديدة من مفاوضات أستانا" {
			t.Errorf("ninjs: %s %s", nj.Header.Get("Content-Type"), nj.Body)
		}
	})
}

func TestPaging(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		now := time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { now = now.Add(time.Second); return now }
		const total = 23
		for i := 0; i < total; i++ {
			n.publish(t, map[string]any{"headline": fmt.Sprintf("خبر رقم %d", i), "body": body(i)})
		}
		seen := map[string]bool{}
		var prev time.Time
		path := "/api/v1/articles?limit=5"
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("paging does not end")
			}
			page := get(t, n.app, path).JSON(t)
			for _, d := range page["data"].([]any) {
				m := d.(map[string]any)
				at, _ := time.Parse(time.RFC3339Nano, m["published_at"].(string))
				if seen[m["id"].(string)] || (!prev.IsZero() && at.After(prev)) {
					t.Errorf("repeat or order broken at %v", m["headline"])
				}
				seen[m["id"].(string)], prev = true, at
			}
			next, _ := page["next_cursor"].(string)
			if next == "" {
				break
			}
			path = "/api/v1/articles?limit=5&cursor=" + url.QueryEscape(next)
		}
		if len(seen) != total {
			t.Errorf("paged through %d articles, want %d", len(seen), total)
		}
	})
}

// TestCacheInvalidation: what readers see changes at the publish, not later.
func TestCacheInvalidation(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		art := n.publish(t, map[string]any{"headline": "العنوان الأول", "body": body(1)})
		path := "/api/v1/articles/" + url.PathEscape(art["slug"].(string))
		first := get(t, n.app, path)
		list := get(t, n.app, "/api/v1/articles")
		if get(t, n.app, path).Header.Get("ETag") != first.Header.Get("ETag") {
			t.Fatal("ETag changes without a change")
		}
		// An unpublished edit changes nothing for readers.
		cur := n.editor.Must(200, "GET", admin+"/articles/"+art["id"].(string), nil)
		n.editor.Must(200, "PATCH", admin+"/articles/"+art["id"].(string), map[string]any{"headline": "العنوان الثاني"}, cmstest.ETag(cur))
		if got := get(t, n.app, path).JSON(t)["headline"]; got != "العنوان الأول" {
			t.Errorf("an unpublished edit reached readers: %v", got)
		}
		n.editor.Must(200, "POST", admin+"/articles/"+art["id"].(string)+"/publish", nil)
		again := get(t, n.app, path)
		if again.JSON(t)["headline"] != "العنوان الثاني" || again.Header.Get("ETag") == first.Header.Get("ETag") {
			t.Errorf("after republish: %v (ETag %s)", again.JSON(t)["headline"], again.Header.Get("ETag"))
		}
		if strings.Contains(string(get(t, n.app, "/api/v1/articles").Body), "العنوان الأول") || get(t, n.app, "/api/v1/articles").Header.Get("ETag") == list.Header.Get("ETag") {
			t.Error("the list still shows the old headline")
		}
		n.editor.Must(200, "POST", admin+"/articles/"+art["id"].(string)+"/unpublish", map[string]any{"reason": "خطأ"})
		if r := get(t, n.app, path); r.Status != 404 {
			t.Errorf("after unpublish: got %d, want 404", r.Status)
		}
	})
}

// TestLinksFollowEveryPublish checks the live tags, bylines and stories
// after each way of publishing: the first time, again while live (the old
// live links replaced), and after an unpublish (the old ones gone with the
// live version), and that readers never see links of an earlier version.
func TestLinksFollowEveryPublish(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		tag2 := n.editor.Must(201, "POST", admin+"/tags", map[string]any{"name": "الهدنة"})
		author2 := n.editor.Must(201, "POST", admin+"/authors", map[string]any{"name": "مراسلة أخرى", "slug": "second"})
		story2 := n.editor.Must(201, "POST", admin+"/stories", map[string]any{"title": "الهدنة"})
		art := n.publish(t, map[string]any{"headline": "خبر بروابط", "body": body(1),
			"tag_ids": []any{n.tag["id"]}, "author_ids": []any{n.author["id"]}, "story_ids": []any{n.story["id"]}})
		id := art["id"].(string)
		path := "/api/v1/articles/" + url.PathEscape(art["slug"].(string))
		links := func(step string, want map[string]any) {
			t.Helper()
			a := get(t, n.app, path).JSON(t)
			got := map[string]any{}
			for _, k := range []string{"tags", "authors", "stories"} {
				var ids []any
				for _, x := range a[k].([]any) {
					ids = append(ids, x.(map[string]any)["id"])
				}
				got[k] = ids
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: live links %v, want %v", step, got, want)
			}
		}
		relink := func(tags, authors, stories []any) {
			cur := n.editor.Must(200, "GET", admin+"/articles/"+id, nil)
			n.editor.Must(200, "PATCH", admin+"/articles/"+id, map[string]any{"tag_ids": tags, "author_ids": authors, "story_ids": stories}, cmstest.ETag(cur))
		}
		links("first publish", map[string]any{"tags": []any{n.tag["id"]}, "authors": []any{n.author["id"]}, "stories": []any{n.story["id"]}})

		relink([]any{tag2["id"]}, []any{author2["id"], n.author["id"]}, []any{story2["id"]})
		n.editor.Must(200, "POST", admin+"/articles/"+id+"/publish", nil)
		links("republished while live", map[string]any{"tags": []any{tag2["id"]}, "authors": []any{author2["id"], n.author["id"]}, "stories": []any{story2["id"]}})

		n.editor.Must(200, "POST", admin+"/articles/"+id+"/unpublish", map[string]any{"reason": "مراجعة"})
		relink([]any{n.tag["id"]}, []any{n.author["id"]}, []any{n.story["id"], story2["id"]})
		n.editor.Must(200, "POST", admin+"/articles/"+id+"/publish", nil)
		links("published after an unpublish", map[string]any{"tags": []any{n.tag["id"]}, "authors": []any{n.author["id"]}, "stories": []any{n.story["id"], story2["id"]}})

		// The old tag's page no longer lists it, the current one does.
		if body := string(get(t, n.app, "/api/v1/tags/"+url.PathEscape(tag2["slug"].(string))).Body); strings.Contains(body, id) {
			t.Errorf("the tag it lost still lists it: %s", body)
		}
		if body := string(get(t, n.app, "/api/v1/tags/"+url.PathEscape(n.tag["slug"].(string))).Body); !strings.Contains(body, id) {
			t.Errorf("its tag does not list it: %s", body)
		}
	})
}
