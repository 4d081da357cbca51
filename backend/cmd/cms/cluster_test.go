//go:build cluster

// The checks of the cluster test, made over HTTP through the load balancer
// and on each server directly. scripts/cluster-test.sh (`make
// cluster-test`) starts the cluster — PostgreSQL and its streaming replica,
// the S3 gateway, two `cms serve` and nginx — and runs these with `-tags
// cluster`; the kill and rolling-restart phases are in the script.

package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"newsroom/cmstest"
)

// cluster is what the script started, from CMS_CLUSTER_* variables.
type cluster struct {
	lb               string   // nginx, http://127.0.0.1:PORT
	servers          []string // each `cms serve`, directly
	primary, replica *sql.DB  // the database servers, directly
	email, password  string   // the bootstrap admin
	editor, edPass   string   // an editor made with `cms user create`
	urls             string   // where to write the delivery URLs the load phases use
}

func clusterFromEnv(t *testing.T) *cluster {
	t.Helper()
	get := func(k string) string {
		v := os.Getenv(k)
		if v == "" {
			t.Fatalf("%s is not set: run scripts/cluster-test.sh (make cluster-test)", k)
		}
		return v
	}
	c := &cluster{lb: get("CMS_CLUSTER_LB"), email: get("CMS_CLUSTER_ADMIN_EMAIL"), password: get("CMS_CLUSTER_ADMIN_PASSWORD"),
		editor: get("CMS_CLUSTER_EDITOR_EMAIL"), edPass: get("CMS_CLUSTER_EDITOR_PASSWORD"),
		servers: strings.Split(get("CMS_CLUSTER_SERVERS"), ","), urls: get("CMS_CLUSTER_URLS_FILE")}
	var err error
	if c.primary, err = sql.Open("pgx", get("CMS_CLUSTER_DATABASE_URL")); err != nil {
		t.Fatal(err)
	}
	if c.replica, err = sql.Open("pgx", get("CMS_CLUSTER_REPLICA_URL")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.primary.Close(); c.replica.Close() })
	return c
}

// login signs in through the balancer as the editor, or with admin as the
// admin.
func (c *cluster) login(t *testing.T, admin ...bool) string {
	t.Helper()
	email, password := c.editor, c.edPass
	if len(admin) > 0 && admin[0] {
		email, password = c.email, c.password
	}
	tok, _ := call(t, c.lb, "", "POST", "/api/admin/v1/auth/login", map[string]string{"email": email, "password": password}, 200)["token"].(string)
	if tok == "" {
		t.Fatal("login through the balancer gave no token")
	}
	return tok
}

// headline is the headline the delivery API at base serves for the slug.
func headline(t *testing.T, base, slug string) string {
	t.Helper()
	res, err := http.Get(base + "/api/v1/articles/" + url.PathEscape(slug))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a struct{ Headline string }
	_ = json.NewDecoder(res.Body).Decode(&a)
	return a.Headline
}

// TestClusterLogin: a session made through the balancer is known to every
// server (sessions live in PostgreSQL).
func TestClusterLogin(t *testing.T) {
	c := clusterFromEnv(t)
	tok := c.login(t, true)
	for _, s := range c.servers {
		if me := call(t, s, tok, "GET", "/api/admin/v1/me", nil, 200); me["email"] != c.email {
			t.Errorf("%s: /me is %v", s, me)
		}
	}
	t.Logf("signed in through the balancer; the session works on all %d servers", len(c.servers))
}

// TestClusterPublish: a publish through the balancer is visible on every
// server within a second, though each had the old version cached, and on
// the PostgreSQL replica.
func TestClusterPublish(t *testing.T) {
	c := clusterFromEnv(t)
	tok := c.login(t)
	body := []map[string]any{{"type": "paragraph", "text": "نص الخبر في العنقود"}}
	art := call(t, c.lb, tok, "POST", "/api/admin/v1/articles", map[string]any{"headline": "خبر العنقود الأول", "body": body}, 201)
	id := art["id"].(string)
	art = call(t, c.lb, tok, "POST", "/api/admin/v1/articles/"+id+"/publish", nil, 200)
	slug := art["slug"].(string)
	for _, s := range c.servers {
		waitFor(t, 5*time.Second, s+" serves the first version", func() bool { return headline(t, s, slug) == "خبر العنقود الأول" })
		headline(t, s, slug) // cached now
	}
	cur := call(t, c.lb, tok, "PATCH", "/api/admin/v1/articles/"+id, map[string]any{"headline": "خبر العنقود المحدث"}, 200, "If-Match", etag(art))
	_ = cur
	call(t, c.lb, tok, "POST", "/api/admin/v1/articles/"+id+"/publish", nil, 200)
	published := time.Now()
	for _, s := range c.servers {
		waitFor(t, time.Second-time.Since(published), s+" serves the new version", func() bool { return headline(t, s, slug) == "خبر العنقود المحدث" })
		t.Logf("%s serves the new version %v after the publish", s, time.Since(published).Round(time.Millisecond))
	}
	took := waitFor(t, time.Second, "the PostgreSQL replica holds the new version", func() bool {
		var h string
		err := c.replica.QueryRow("SELECT headline FROM article_publications WHERE article_id = $1", id).Scan(&h)
		return err == nil && h == "خبر العنقود المحدث"
	})
	t.Logf("the PostgreSQL replica holds it %v later", took.Round(time.Millisecond))
	if h := headline(t, c.lb, slug); h != "خبر العنقود المحدث" {
		t.Errorf("through the balancer: %q", h)
	}
	// The load phases of the script read these, through the balancer.
	var urls []string
	for i := range 20 {
		a := call(t, c.lb, tok, "POST", "/api/admin/v1/articles", map[string]any{"headline": fmt.Sprintf("خبر للتحميل رقم %d", i), "body": body}, 201)
		a = call(t, c.lb, tok, "POST", "/api/admin/v1/articles/"+a["id"].(string)+"/publish", nil, 200)
		urls = append(urls, c.lb+"/api/v1/articles/"+url.PathEscape(a["slug"].(string)))
	}
	urls = append(urls, c.lb+"/api/v1/articles", c.lb+"/api/v1/articles?limit=5", c.lb+"/api/v1/sections", c.lb+"/api/v1/search?q="+url.QueryEscape("خبر"))
	if err := os.WriteFile(c.urls, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestClusterScheduled: articles scheduled for the same moment are each
// published exactly once, though every server runs a scheduler.
func TestClusterScheduled(t *testing.T) {
	c := clusterFromEnv(t)
	tok := c.login(t)
	body := []map[string]any{{"type": "paragraph", "text": "نص"}}
	at := time.Now().Add(2 * time.Second).Truncate(time.Second).Add(time.Second)
	var ids, slugs []string
	for i := range 10 {
		a := call(t, c.lb, tok, "POST", "/api/admin/v1/articles", map[string]any{"headline": fmt.Sprintf("خبر مجدول في العنقود %d", i), "body": body}, 201)
		call(t, c.lb, tok, "POST", "/api/admin/v1/articles/"+a["id"].(string)+"/schedule", map[string]any{"publish_at": at.Format(time.RFC3339)}, 200)
		ids, slugs = append(ids, a["id"].(string)), append(slugs, a["slug"].(string))
	}
	if time.Now().After(at) {
		t.Fatalf("scheduling took too long: %v passed before the servers were watching", at)
	}
	took := waitFor(t, time.Until(at)+15*time.Second, "every scheduled article live on every server", func() bool {
		for _, s := range c.servers {
			for i, slug := range slugs {
				if headline(t, s, slug) != fmt.Sprintf("خبر مجدول في العنقود %d", i) {
					return false
				}
			}
		}
		return true
	})
	for _, id := range ids {
		var n int
		if err := c.primary.QueryRow("SELECT COUNT(*) FROM workflow_events WHERE article_id = $1 AND action = 'publish_due'", id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("article %s was published by the scheduler %d times, want once", id, n)
		}
	}
	t.Logf("%d articles scheduled for %s: each published exactly once, live on every server %v after the call",
		len(ids), at.Format(time.TimeOnly), took.Round(time.Millisecond))
}

// TestClusterUpload: an image uploaded through the balancer (stored in S3)
// is served, byte for byte, by every server.
func TestClusterUpload(t *testing.T) {
	c := clusterFromEnv(t)
	tok := c.login(t)
	img := cmstest.PNG(t, 640, 480, int(time.Now().UnixNano()%1000), false)
	m := upload(t, c.lb, tok, "cluster.png", img, map[string]string{"alt_text": "صورة العنقود"})
	files := mediaURLs(m)
	for _, f := range files {
		var first []byte
		for _, s := range c.servers {
			res, err := http.Get(s + f)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || len(b) == 0 {
				t.Fatalf("%s%s: %d", s, f, res.StatusCode)
			}
			if first == nil {
				first = b
			} else if !bytes.Equal(first, b) {
				t.Errorf("%s serves other bytes for %s", s, f)
			}
		}
	}
	t.Logf("the upload and its %d renditions are served by all %d servers", len(files)-1, len(c.servers))
}
