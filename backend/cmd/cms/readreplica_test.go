package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/editorial"
)

func TestServeRefusesReadURLs(t *testing.T) {
	for _, tc := range []struct{ name, primary, read, maxLag string }{
		{"sqlite primary", "sqlite", "postgres://u@127.0.0.1:5432/db", ""},
		{"not postgres", "postgres", "mysql://u@127.0.0.1/db", ""},
		{"sqlite replica", "postgres", "postgres://u@127.0.0.1:5432/db, sqlite:r.db", ""},
		{"max lag", "postgres", "postgres://u@127.0.0.1:5432/db", "1ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dbURL := "sqlite:" + filepath.Join(dir, "cms.db")
			if tc.primary == "postgres" {
				dbURL = "postgres://u@127.0.0.1:1/db"
			}
			t.Setenv("CMS_DATABASE_URL", dbURL)
			t.Setenv("CMS_STORAGE_DIR", filepath.Join(dir, "media"))
			t.Setenv("CMS_DATABASE_READ_URLS", tc.read)
			if tc.maxLag != "" {
				t.Setenv("CMS_DATABASE_READ_MAX_LAG", tc.maxLag)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"serve"}, strings.NewReader(""), &stdout, &stderr)
			want := "CMS_DATABASE_READ_URLS"
			if tc.maxLag != "" {
				want = "CMS_DATABASE_READ_MAX_LAG"
			}
			if code != 1 || !strings.Contains(stderr.String(), want) {
				t.Errorf("got exit %d, stderr %q; want 1 naming %s", code, stderr.String(), want)
			}
		})
	}
}

// TestServeReadsFromReplica: two `cms serve` processes with the streaming
// replica as their read replica. Delivery reads reach the replica, and a
// publish through one server is visible on the other within a second.
func TestServeReadsFromReplica(t *testing.T) {
	cmstest.LockReplica(t, false)
	dbURL := cmstest.PostgresDatabaseURL(t)
	name := strings.TrimPrefix(mustURL(t, dbURL).Path, "/")
	ru := mustURL(t, cmstest.PostgresReplicaURL(t))
	ru.Path = "/" + name
	replicaURL := ru.String()
	_, ed, editor := newsroomOn(t, dbURL)
	addrA := startServe(t, dbURL, "CMS_DATABASE_READ_URLS="+replicaURL).addr
	addrB := startServe(t, dbURL, "CMS_DATABASE_READ_URLS="+replicaURL).addr

	ctx := context.Background()
	h := "خبر يقرأ من النسخة"
	body := []cms.Block{{Type: "paragraph", Text: "نص"}}
	art, err := ed.CreateArticle(ctx, editor, editorial.ArticleInput{Headline: &h, Body: &body})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ed.Transition(ctx, editor, art.ID, cms.ActionPublish, 0, false, editorial.TransitionInput{}); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/articles/" + url.PathEscape(art.Slug)
	headline := func(addr string) string {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var a struct{ Headline string }
		_ = json.NewDecoder(res.Body).Decode(&a)
		return a.Headline
	}
	for _, addr := range []string{addrA, addrB} {
		deadline := time.Now().Add(10 * time.Second)
		for headline(addr) != h {
			if time.Now().After(deadline) {
				t.Fatalf("%s does not serve the published article", addr)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	// Searches miss the cache; once the replica is in use they read it.
	replica, err := sql.Open("pgx", replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; ; i++ {
		res, err := http.Get(fmt.Sprintf("http://%s/api/v1/search?q=%s&limit=%d", addrB, url.QueryEscape("خبر"), i%50+1))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		var n int
		if err := replica.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
			AND application_name = 'cms-read'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no delivery read of the servers reached the replica")
		}
		time.Sleep(50 * time.Millisecond)
	}

	republishVisible(t, ed, editor, art.ID, addrA, addrB, headline)
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
