package delivery_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strconv"
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

// TestLiveEntriesPaging checks that a long live blog can be read to its
// first entry: the first page leads with the pinned entries, next_cursor
// walks the rest newest first without repeating a pinned one, and a poll
// with since that reaches its limit answers a server_time that the next
// poll goes on from without losing an entry.
func TestLiveEntriesPaging(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		art := n.publish(t, map[string]any{"headline": "مباشر: ليلة الانتخابات", "kind": "live", "body": body(1)})
		path := "/api/v1/articles/" + url.PathEscape(art["slug"].(string)) + "/live-entries"
		entries := admin + "/articles/" + art["id"].(string) + "/live-entries"
		start := get(t, n.app, path).JSON(t)["server_time"].(string)
		const total = 503 // past the 500 a poll answers
		for i := range total {
			n.editor.Must(201, "POST", entries, map[string]any{"title": "تحديث " + strconv.Itoa(i), "body": body(1), "pinned": i == 3 || i == 400})
		}
		titles := func(data []any) []string {
			var out []string
			for _, e := range data {
				out = append(out, e.(map[string]any)["title"].(string))
			}
			return out
		}

		first := get(t, n.app, path).JSON(t)
		got := titles(first["data"].([]any))
		if len(got) != 22 || got[0] != "تحديث 400" || got[1] != "تحديث 3" || got[2] != "تحديث 502" || first["next_cursor"] == nil {
			t.Fatalf("first page: %d entries %v…, next_cursor %v; want the 2 pinned, then the newest 20", len(got), got[:min(4, len(got))], first["next_cursor"])
		}
		seen := map[string]int{}
		for _, title := range got {
			seen[title]++
		}
		for cursor, pages := first["next_cursor"], 1; cursor != nil; pages++ {
			page := get(t, n.app, path+"?limit=100&cursor="+url.QueryEscape(cursor.(string)))
			if page.Status != 200 || pages > 10 {
				t.Fatalf("page %d: %d %s", pages, page.Status, page.Body)
			}
			body := page.JSON(t)
			for _, title := range titles(body["data"].([]any)) {
				seen[title]++
			}
			cursor = body["next_cursor"]
		}
		if len(seen) != total {
			t.Errorf("paging reached %d of %d entries", len(seen), total)
		}
		for title, times := range seen {
			if times != 1 {
				t.Errorf("%s came %d times", title, times)
			}
		}

		// A poll since the start gets 500 entries and a server_time at
		// the last of them; polling on from it brings the last 3.
		poll := get(t, n.app, path+"?since="+url.QueryEscape(start)).JSON(t)
		polled := titles(poll["data"].([]any))
		if len(polled) != 500 || poll["next_cursor"] != nil {
			t.Fatalf("poll: %d entries, next_cursor %v", len(polled), poll["next_cursor"])
		}
		rest := titles(get(t, n.app, path+"?since="+url.QueryEscape(poll["server_time"].(string))).JSON(t)["data"].([]any))
		if all := append(polled, rest...); len(all) != total || all[total-1] != "تحديث 502" {
			t.Errorf("two polls brought %d entries, the last %q; want all %d", len(all), all[len(all)-1], total)
		}

		// A poll's limit bounds it too, and its server_time goes on from
		// the last entry it holds.
		small := get(t, n.app, path+"?limit=2&since="+url.QueryEscape(start)).JSON(t)
		if got := titles(small["data"].([]any)); len(got) != 2 || got[1] != "تحديث 1" {
			t.Errorf("a poll with limit 2: %v", got)
		} else if next := titles(get(t, n.app, path+"?limit=2&since="+url.QueryEscape(small["server_time"].(string))).JSON(t)["data"].([]any)); len(next) != 2 || next[0] != "تحديث 2" {
			t.Errorf("the poll after it: %v, want updates 2 and 3", next)
		}

		for _, bad := range []string{"?limit=0", "?limit=101", "?cursor=zzz", "?since=" + url.QueryEscape(start) + "&cursor=" + url.QueryEscape(first["next_cursor"].(string))} {
			if r := get(t, n.app, path+bad); r.Status != 422 {
				t.Errorf("%s: got %d %s, want 422", bad, r.Status, r.Body)
			}
		}
	})
}

// TestLiveEntryBylines: readers see a live entry's writer by name and, when
// the writer's account has an author profile, as a byline linking to the
// author's page; never the account's id, in answers and in the stream.
func TestLiveEntryBylines(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		writer := n.app.NewClient(t, "editor")
		profile := n.editor.Must(201, "POST", admin+"/authors", map[string]any{"name": "سلمى المراسلة", "slug": "salma", "user_id": writer.ID})
		art := n.publish(t, map[string]any{"headline": "مباشر: القمة", "kind": "live", "body": body(1)})
		path := "/api/v1/articles/" + url.PathEscape(art["slug"].(string)) + "/live-entries"
		entries := admin + "/articles/" + art["id"].(string) + "/live-entries"
		writer.Must(201, "POST", entries, map[string]any{"title": "من القاعة", "body": body(2)})
		n.editor.Must(201, "POST", entries, map[string]any{"title": "من المكتب", "body": body(3)})

		res := get(t, n.app, path)
		byTitle := map[string]map[string]any{}
		for _, e := range res.JSON(t)["data"].([]any) {
			byTitle[e.(map[string]any)["title"].(string)] = e.(map[string]any)
		}
		for _, e := range byTitle {
			if _, ok := e["author_id"]; ok {
				t.Errorf("an entry shows its writer's account id: %v", e)
			}
		}
		if au, _ := byTitle["من القاعة"]["author"].(map[string]any); au["id"] != profile["id"] || au["slug"] != "salma" || au["name"] != "سلمى المراسلة" {
			t.Errorf("the profiled writer's entry: author %v", byTitle["من القاعة"]["author"])
		}
		if e := byTitle["من المكتب"]; e["author"] != nil || e["author_name"] == "" {
			t.Errorf("an entry by a writer without a profile: %v, want author null and author_name", e)
		}
		if body := string(res.Body); strings.Contains(body, writer.ID) || strings.Contains(body, n.editor.ID) {
			t.Errorf("the entries show an account id:\n%s", body)
		}
		if sk := res.Header.Get("Surrogate-Key"); !strings.Contains(sk, "author:"+profile["id"].(string)) {
			t.Errorf("Surrogate-Key %q does not name the byline's author", sk)
		}

		// The stream sends the same shape.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", n.app.URL+path+"/stream", nil)
		req.Header.Set("Last-Event-ID", "2000-01-01T00:00:00Z") // replay from the start
		stream, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer stream.Body.Close()
		sc := bufio.NewScanner(stream.Body)
		seen := 0
		for seen < 2 && sc.Scan() {
			line, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			seen++
			if strings.Contains(line, writer.ID) || strings.Contains(line, "author_id") {
				t.Errorf("a streamed entry shows an account id: %s", line)
			}
			if strings.Contains(line, "من القاعة") && !strings.Contains(line, `"slug":"salma"`) {
				t.Errorf("the streamed entry lacks its byline: %s", line)
			}
		}
		if seen != 2 {
			t.Errorf("the stream sent %d of the 2 entries", seen)
		}
	})
}
