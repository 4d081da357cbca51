package delivery_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestStoriesFeaturedFirst: GET /api/v1/stories lists the featured strip
// first, by position, then the other stories most recently updated first,
// as its summary says; pages of one cross from the strip to the rest.
func TestStoriesFeaturedFirst(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		ed := app.NewClient(t, "editor")
		now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { now = now.Add(time.Minute); return now }
		// Created in this order, so the newest is the last.
		for _, s := range []map[string]any{
			{"title": "الثانية في الشريط", "featured": true, "position": 2},
			{"title": "قصة قديمة"},
			{"title": "الأولى في الشريط", "featured": true, "position": 1},
			{"title": "قصة حديثة"},
		} {
			ed.Must(201, "POST", admin+"/stories", s)
		}
		want := []string{"الأولى في الشريط", "الثانية في الشريط", "قصة حديثة", "قصة قديمة"}
		var got []string
		path := "/api/v1/stories?limit=3"
		for path != "" {
			page := get(t, app, path).JSON(t)
			for _, s := range page["data"].([]any) {
				got = append(got, s.(map[string]any)["title"].(string))
			}
			path = ""
			if next, _ := page["next_cursor"].(string); next != "" {
				path = "/api/v1/stories?limit=3&cursor=" + url.QueryEscape(next)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("stories: got %v, want %v", got, want)
		}
		if r := get(t, app, "/api/v1/stories?cursor=eyJmIjp0cnVlLCJpZCI6IngifQ"); r.Status != 422 {
			t.Errorf("a cursor without a position: got %d, want 422", r.Status)
		}
	})
}

// TestStoriesFeaturedFilter: ?featured=true is the strip alone, by
// position; ?featured=false every other story, most recently updated
// first, never a featured one; both page without repeating or skipping.
func TestStoriesFeaturedFilter(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		ed := app.NewClient(t, "editor")
		now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { now = now.Add(time.Minute); return now }
		for _, s := range []map[string]any{
			{"title": "الثانية في الشريط", "featured": true, "position": 2},
			{"title": "قصة قديمة"},
			{"title": "الأولى في الشريط", "featured": true, "position": 1},
			{"title": "قصة وسطى"},
			{"title": "الثالثة في الشريط", "featured": true, "position": 3},
			{"title": "قصة حديثة"},
		} {
			ed.Must(201, "POST", admin+"/stories", s)
		}
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"featured=true", []string{"الأولى في الشريط", "الثانية في الشريط", "الثالثة في الشريط"}},
			{"featured=false", []string{"قصة حديثة", "قصة وسطى", "قصة قديمة"}},
		} {
			for _, limit := range []string{"2", "20"} {
				var got []string
				path := "/api/v1/stories?" + c.query + "&limit=" + limit
				for pages := 0; path != "" && pages < 10; pages++ {
					res := get(t, app, path)
					if res.Status != 200 {
						t.Fatalf("%s: %d %s", path, res.Status, res.Body)
					}
					page := res.JSON(t)
					for _, s := range page["data"].([]any) {
						s := s.(map[string]any)
						if want := c.query == "featured=true"; s["featured"] != want {
							t.Errorf("?%s lists %q with featured %v", c.query, s["title"], s["featured"])
						}
						got = append(got, s["title"].(string))
					}
					path = ""
					if next, _ := page["next_cursor"].(string); next != "" {
						path = "/api/v1/stories?" + c.query + "&limit=" + limit + "&cursor=" + url.QueryEscape(next)
					}
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("?%s&limit=%s: got %v, want %v", c.query, limit, got, c.want)
				}
			}
		}
	})
}

// TestStoriesShowFreshCoversAndCounts: the stories list and a story's page
// name their cover images and the articles key, so a new caption of a
// cover and a publish or unpublish (which change published_count) drop
// them from the cache, whatever stories the article's working copy names.
func TestStoriesShowFreshCoversAndCounts(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		ed := n.editor
		cover := upload(t, n.app, ed, 5)
		other := ed.Must(201, "POST", admin+"/stories", map[string]any{"title": "قصة أخرى", "cover_media_id": cover["id"]})
		storyPage := "/api/v1/stories/" + url.PathEscape(other["slug"].(string))
		const list = "/api/v1/stories"
		shown := func(path string) map[string]any {
			t.Helper()
			res := get(t, n.app, path)
			if res.Status != 200 {
				t.Fatalf("%s: %d %s", path, res.Status, res.Body)
			}
			if path == storyPage {
				return res.JSON(t)
			}
			s := item(res.JSON(t)["data"].([]any), other["id"])
			if s == nil {
				t.Fatalf("%s does not list the story: %s", path, res.Body)
			}
			return s
		}
		caption := func(path string) any {
			c, _ := shown(path)["cover_image"].(map[string]any)
			if c == nil {
				t.Fatalf("%s: the story has no cover image", path)
			}
			return c["caption"]
		}
		for _, p := range []string{list, storyPage} {
			if got := caption(p); got != "صورة المراسلة" {
				t.Errorf("%s: caption %v, want the uploaded one", p, got)
			}
			sk := strings.Fields(get(t, n.app, p).Header.Get("Surrogate-Key"))
			for _, k := range []string{"media:" + cover["id"].(string), "articles", "story:" + other["id"].(string)} {
				if !slices.Contains(sk, k) {
					t.Errorf("%s: Surrogate-Key %v lacks %s", p, sk, k)
				}
			}
		}
		ed.Must(200, "PATCH", admin+"/media/"+cover["id"].(string), map[string]any{"caption": "غلاف جديد"}, cmstest.ETag(cover))
		for _, p := range []string{list, storyPage} {
			if got := caption(p); got != "غلاف جديد" {
				t.Errorf("%s after the caption changed: %v, want غلاف جديد", p, got)
			}
		}

		count := func(step string, want float64) {
			t.Helper()
			if got := shown(list)["published_count"]; got != want {
				t.Errorf("%s: the list's published_count %v, want %v", step, got, want)
			}
		}
		count("before", 0)
		art := n.publish(t, map[string]any{"headline": "خبر في القصة الأخرى", "body": body(1), "story_ids": []any{other["id"]}})
		count("published into the story", 1)
		// The working copy leaves the story (readers still see it there),
		// then the article is unpublished: the story's count drops although
		// the working copy no longer names it.
		cur := ed.Must(200, "PATCH", admin+"/articles/"+art["id"].(string), map[string]any{"story_ids": []any{}}, cmstest.ETag(art))
		count("the working copy left the story", 1)
		ed.Must(200, "POST", admin+"/articles/"+cur["id"].(string)+"/unpublish", nil)
		count("unpublished", 0)
	})
}
