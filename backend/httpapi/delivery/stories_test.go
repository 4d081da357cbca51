package delivery_test

import (
	"net/url"
	"slices"
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
