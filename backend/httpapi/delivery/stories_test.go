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
