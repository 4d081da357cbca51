package delivery_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestLiveEntries: entries of a published live article reach readers at
// once, by polling with since and over Server-Sent Events.
func TestLiveEntries(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		art := n.publish(t, map[string]any{"headline": "مباشر: تطورات المفاوضات", "kind": "live", "body": body(1)})
		slug := url.PathEscape(art["slug"].(string))
		entries := admin + "/articles/" + art["id"].(string) + "/live-entries"
		n.editor.Must(201, "POST", entries, map[string]any{"title": "افتتاح الجلسة", "body": body(2)})

		first := get(t, n.app, "/api/v1/articles/"+slug+"/live-entries")
		if first.Status != 200 {
			t.Fatalf("live entries: %d %s", first.Status, first.Body)
		}
		list := first.JSON(t)
		since := list["server_time"].(string)
		if len(list["data"].([]any)) != 1 {
			t.Fatalf("entries: %s", first.Body)
		}
		// A new entry is there at once, for a fresh read and for a poll.
		n.editor.Must(201, "POST", entries, map[string]any{"title": "وصول الوفود", "body": body(3), "pinned": true})
		if got := get(t, n.app, "/api/v1/articles/"+slug+"/live-entries").JSON(t)["data"].([]any); len(got) != 2 || got[0].(map[string]any)["title"] != "وصول الوفود" {
			t.Errorf("after a new pinned entry: %v", got)
		}
		poll := get(t, n.app, "/api/v1/articles/"+slug+"/live-entries?since="+url.QueryEscape(since)).JSON(t)["data"].([]any)
		if len(poll) != 1 || poll[0].(map[string]any)["title"] != "وصول الوفود" {
			t.Errorf("poll since %s: %v", since, poll)
		}
		if r := get(t, n.app, "/api/v1/articles/"+slug+"/live-entries?since=yesterday"); r.Status != 422 {
			t.Errorf("bad since: got %d, want 422", r.Status)
		}

		// Server-Sent Events: an entry posted while a reader listens arrives.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", n.app.URL+"/api/v1/articles/"+slug+"/live-entries/stream", nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
			t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		got := make(chan string, 10)
		go func() {
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "data: ") {
					got <- sc.Text()
				}
			}
			close(got)
		}()
		time.Sleep(200 * time.Millisecond) // the stream is open and waiting
		posted := time.Now()
		n.editor.Must(201, "POST", entries, map[string]any{"title": "بيان مشترك", "body": body(4)})
		select {
		case line := <-got:
			if !strings.Contains(line, "بيان مشترك") {
				t.Errorf("stream event: %s", line)
			}
			t.Logf("the entry reached the stream after %v", time.Since(posted))
		case <-time.After(5 * time.Second):
			t.Fatal("the new entry did not reach the stream")
		}
		// Not a live article: no live coverage.
		plain := n.publish(t, map[string]any{"headline": "خبر عادي", "body": body(5)})
		if r := get(t, n.app, "/api/v1/articles/"+url.PathEscape(plain["slug"].(string))+"/live-entries"); r.Status != 404 {
			t.Errorf("live entries of a standard article: got %d, want 404", r.Status)
		}
	})
}

// TestLiveEntriesCacheControl: live coverage is cached for at most 10
// seconds, revalidated in the background for at most 10 more, whatever the
// API's own caching; a poll with since is never reused.
func TestLiveEntriesCacheControl(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db, cmstest.Options{CacheMaxAge: 60, StaleWhileRevalidate: 300})
		ed := app.NewClient(t, "editor")
		art := ed.Must(201, "POST", admin+"/articles", map[string]any{"headline": "مباشر: الجلسة الختامية", "kind": "live", "body": body(1)})
		ed.Must(200, "POST", admin+"/articles/"+art["id"].(string)+"/publish", nil)
		ed.Must(201, "POST", admin+"/articles/"+art["id"].(string)+"/live-entries", map[string]any{"title": "بدء الجلسة", "body": body(2)})
		slug := url.PathEscape(art["slug"].(string))
		for path, want := range map[string]string{
			"/api/v1/articles/" + slug + "/live-entries": "public, max-age=10, stale-while-revalidate=10",
			"/api/v1/articles/" + slug + "/live-entries?since=" + url.QueryEscape(time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)): "no-cache",
			// The article page itself keeps the API's caching.
			"/api/v1/articles/" + slug: "public, max-age=60, stale-while-revalidate=300",
		} {
			res := get(t, app, path)
			if got := res.Header.Get("Cache-Control"); res.Status != 200 || got != want {
				t.Errorf("%s: got %d Cache-Control %q, want 200 %q", path, res.Status, got, want)
			}
		}
	})
}
