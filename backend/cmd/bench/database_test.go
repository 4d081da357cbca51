package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// The database-alone saves write what a save writes, on real articles: the
// new text, a revision and an audit row each, which the admin API then
// shows as it shows a save's.
func TestDatabaseSaves(t *testing.T) {
	ctx := context.Background()
	url := cmstest.PostgresDatabaseURL(t)
	db, err := store.Open(ctx, url, cmstest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	app := cmstest.NewApp(t, db)
	editor := app.NewClient(t, "editor", "admin")
	var ids []string
	for i := range 2 {
		art := editor.Must(http.StatusCreated, http.MethodPost, "/api/admin/v1/articles", benchArticle(i))
		ids = append(ids, art["id"].(string))
	}

	r, err := databaseSaves(ctx, url, ids, Load{Connections: 2, Warmup: 100 * time.Millisecond, Duration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests == 0 || r.Errors != 0 || r.P50 <= 0 || r.P99 < r.P50 {
		t.Fatalf("unexpected result: %+v", r)
	}
	saves, first := 0, 0
	for i, id := range ids {
		art := editor.Must(http.StatusOK, http.MethodGet, "/api/admin/v1/articles/"+id, nil)
		version := int(art["version"].(float64))
		saves += version - 1
		if i == 0 {
			first = version - 1
		}
		text := art["body"].([]any)[0].(map[string]any)["text"].(string)
		if want := fmt.Sprintf("%d ", version-1); !strings.HasPrefix(text, want) {
			t.Errorf("article %s, version %d: first paragraph %.40q, want it to start with %q", id, version, text, want)
		}
		revs := editor.Must(http.StatusOK, http.MethodGet, "/api/admin/v1/articles/"+id+"/revisions?limit=1", nil)
		if n := int(revs["data"].([]any)[0].(map[string]any)["number"].(float64)); n != version {
			t.Errorf("article %s: newest revision %d, want one per save, %d", id, n, version)
		}
	}
	// Warm-up and in-flight saves are written but not counted.
	if saves < r.Requests {
		t.Errorf("%d saves counted, but the articles' versions say %d were written", r.Requests, saves)
	}
	audit := editor.Must(http.StatusOK, http.MethodGet, "/api/admin/v1/audit?action=article.update&entity_id="+ids[0]+"&limit=100", nil)
	if n := len(audit["data"].([]any)); n != min(first, 100) {
		t.Errorf("%d article.update audit rows for the first article, want one per save: %d", n, min(first, 100))
	}

	if _, err := databaseSaves(ctx, url, []string{"no-such-article"}, Load{Connections: 1, Duration: time.Second}); err == nil ||
		!strings.Contains(err.Error(), "no-such-article") {
		t.Errorf("an unknown article: err = %v, want one naming it", err)
	}
}
