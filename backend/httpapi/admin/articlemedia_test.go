package admin_test

import (
	"net/http"
	"slices"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestArticleMediaFollowsTheWorkflow checks article_media, the set that
// protects images in use from deletion, after every workflow step that
// changes which images the working copy and the live version use: it must
// always hold both versions' images, and nothing else. Publishing and
// unpublishing skip rewriting it when it cannot have changed (make bench),
// which this checks too.
func TestArticleMediaFollowsTheWorkflow(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		image := func(seed int) string { return uploadImage(t, editor, seed) }
		a, b := image(1), image(2)
		art := editor.Must(201, "POST", "/articles", map[string]any{"headline": "صور", "hero_media_id": a, "body": arabicBody})
		id := art["id"].(string)
		inUse := func(step string, want ...string) {
			t.Helper()
			rows, err := app.DB.SQL().Query("SELECT media_id FROM article_media WHERE article_id = "+placeholder(db)+" ORDER BY media_id", id)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var m string
				if err := rows.Scan(&m); err != nil {
					t.Fatal(err)
				}
				got = append(got, m)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: article_media %v, want %v", step, got, want)
			}
		}
		hero := func(mediaID string) {
			t.Helper()
			cur := editor.Must(200, "GET", "/articles/"+id, nil)
			editor.Must(200, "PATCH", "/articles/"+id, map[string]any{"hero_media_id": mediaID}, cmstest.ETag(cur))
		}
		action := func(name string) {
			t.Helper()
			var body any
			if name == "unpublish" {
				body = map[string]any{"reason": "مراجعة"}
			}
			editor.Must(200, "POST", "/articles/"+id+"/"+name, body)
		}
		inUse("draft", a)
		action("publish")
		inUse("published", a)
		hero(b)
		inUse("working copy changed while live", a, b)
		action("publish")
		inUse("republished", b)
		action("unpublish")
		inUse("unpublished without changes", b)
		action("publish")
		inUse("published again", b)
		hero(a)
		action("unpublish")
		inUse("unpublished with changes", a)
		hero(b)
		action("publish")
		inUse("published after a change while unpublished", b)

		// And what it protects: the image no version uses can go.
		if r := editor.Do("DELETE", "/media/"+a, nil); r.Status != http.StatusNoContent {
			t.Errorf("delete the unused image: %d %s", r.Status, r.Body)
		}
		if r := editor.Do("DELETE", "/media/"+b, nil); r.Status != http.StatusConflict {
			t.Errorf("delete the image in use: %d %s", r.Status, r.Body)
		}
	})
}
