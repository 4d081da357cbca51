package admin_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestPreviewLinks: the owner or an editor makes a link that shows the
// working copy through the delivery API; expired or tampered tokens are 404.
func TestPreviewLinks(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		app := cmstest.NewApp(t, db)
		w, other, ed := newClient(t, app, "writer"), newClient(t, app, "writer"), newClient(t, app, "editor")
		sec := ed.Must(201, "POST", "/sections", map[string]any{"name": "العالم"})
		art := w.Must(201, "POST", "/articles", map[string]any{"headline": "مسودة للمعاينة", "body": arabicBody, "section_id": sec["id"]})
		path := "/articles/" + art["id"].(string)

		link := w.Must(201, "POST", path+"/preview-links", map[string]any{"expires_in_hours": 2})
		url := link["url"].(string)
		if !strings.HasPrefix(url, "/api/v1/preview/prv_") {
			t.Fatalf("preview url: %v", url)
		}
		res := app.Do(cmstest.Request{Method: "GET", Path: url})
		if res.Status != http.StatusOK {
			t.Fatalf("preview: %d %s", res.Status, res.Body)
		}
		p := res.JSON(t)
		if p["headline"] != "مسودة للمعاينة" || p["section"].(map[string]any)["slug"] != "العالم" || p["preview"] == nil {
			t.Errorf("preview body: %s", res.Body)
		}
		if _, ok := p["created_by"]; ok {
			t.Error("the preview exposes created_by")
		}
		if res.Header.Get("Cache-Control") != "private, no-store" || res.Header.Get("X-Robots-Tag") == "" {
			t.Errorf("preview caching headers: %v", res.Header)
		}
		// The preview follows the working copy.
		w.Must(200, "PATCH", path, map[string]any{"headline": "عنوان معدل"}, cmstest.ETag(art))
		if got := app.Do(cmstest.Request{Method: "GET", Path: url}).JSON(t)["headline"]; got != "عنوان معدل" {
			t.Errorf("preview after an edit: got %v", got)
		}
		// Another writer may not make a link to a draft they cannot see.
		wantError(t, other.Do("POST", path+"/preview-links", nil), http.StatusNotFound, "not_found")
		ed.Must(201, "POST", path+"/preview-links", nil)
		wantError(t, w.Do("POST", path+"/preview-links", map[string]any{"expires_in_hours": 1000}), http.StatusUnprocessableEntity, "invalid")

		// Tampered and expired tokens are 404.
		tampered := url[:len(url)-2] + "xx"
		if strings.HasSuffix(url, "xx") {
			tampered = url[:len(url)-2] + "yy"
		}
		for _, bad := range []string{tampered, "/api/v1/preview/nope", "/api/v1/preview/prv_"} {
			wantError(t, app.Do(cmstest.Request{Method: "GET", Path: bad}), http.StatusNotFound, "not_found")
		}
		now = now.Add(2*time.Hour + time.Second)
		wantError(t, app.Do(cmstest.Request{Method: "GET", Path: url}), http.StatusNotFound, "not_found")
	})
}
