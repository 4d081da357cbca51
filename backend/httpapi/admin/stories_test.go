package admin_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// listIDs returns the ids of a list answer, in order.
func listIDs(t *testing.T, m map[string]any) []string {
	t.Helper()
	data, ok := m["data"].([]any)
	if !ok {
		t.Fatalf("not a list: %v", m)
	}
	ids := make([]string, len(data))
	for i, d := range data {
		ids[i] = d.(map[string]any)["id"].(string)
	}
	return ids
}

// uploadImage adds a small JPEG to the media library and returns its id.
func uploadImage(t *testing.T, c *cmstest.Client, seed int) string {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, err := w.CreateFormFile("file", "cover.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(cmstest.JPEG(t, 64, 48, seed)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	res := c.Send(cmstest.Request{Method: "POST", Path: "/media", Body: b.Bytes(),
		Header: map[string]string{"Content-Type": w.FormDataContentType()}})
	if res.Status != http.StatusCreated {
		t.Fatalf("upload: got %d %s", res.Status, res.Body)
	}
	return res.JSON(t)["id"].(string)
}

// publishedArticle creates an article with a body as the editor and
// publishes it through the workflow.
func publishedArticle(t *testing.T, editor *cmstest.Client, headline string, extra map[string]any) map[string]any {
	t.Helper()
	body := map[string]any{"headline": headline, "language": "ar", "body": arabicBody}
	for k, v := range extra {
		body[k] = v
	}
	art := editor.Must(201, "POST", "/articles", body)
	return editor.Must(200, "POST", "/articles/"+art["id"].(string)+"/publish", nil)
}

func auditActions(t *testing.T, admin *cmstest.Client, entityType string) []string {
	t.Helper()
	var out []string
	for _, e := range decodeList(t, mustList(t, admin, "/audit?limit=100&entity_type="+entityType)) {
		out = append(out, e["action"].(string))
	}
	return out
}

// mustList returns the data array of a list answer as JSON.
func mustList(t *testing.T, c *cmstest.Client, path string) []byte {
	t.Helper()
	res := c.Do("GET", path, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("GET %s: got %d %s", path, res.Status, res.Body)
	}
	var l struct{ Data json.RawMessage }
	if err := json.Unmarshal(res.Body, &l); err != nil {
		t.Fatal(err)
	}
	return l.Data
}

func TestStories(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		admin := newClient(t, app, "admin")

		st := editor.Must(201, "POST", "/stories", map[string]any{
			"title": "الحرب في السودان", "description": "تغطية مستمرة", "what_we_know": "• بدأ القتال في نيسان\n• نزح الملايين",
		})
		id := st["id"].(string)
		if st["slug"] != "الحرب-في-السودان" || st["status"] != "developing" || st["featured"] != false || st["manual_order"] != false ||
			st["published_count"] != 0.0 || st["article_count"] != 0.0 || st["version"] != 1.0 || st["what_we_know_updated_at"] == nil {
			t.Fatalf("created: %v", st)
		}
		res := editor.Do("GET", "/stories/"+id, nil)
		if res.Status != 200 || res.Header.Get("ETag") != `"1"` || res.JSON(t)["title"] != "الحرب في السودان" {
			t.Fatalf("GET: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}

		// Slugs are unique: from the same title, and chosen.
		wantError(t, editor.Do("POST", "/stories", map[string]any{"title": "الحرب في السودان"}), http.StatusConflict, "conflict")
		res = editor.Do("POST", "/stories", map[string]any{"title": "Sudan", "slug": "الحرب-في-السودان"})
		wantError(t, res, http.StatusConflict, "conflict")
		if fields(t, res)["slug"] == nil {
			t.Errorf("409 without the slug field: %s", res.Body)
		}
		// Validation.
		for _, tc := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"description": "no title"}, "title"},
			{map[string]any{"title": "x", "status": "over"}, "status"},
			{map[string]any{"title": "x", "slug": "Not A Slug"}, "slug"},
			{map[string]any{"title": "x", "position": -1}, "position"},
			{map[string]any{"title": "x", "cover_media_id": "no-such-image"}, "cover_media_id"},
			{map[string]any{"title": strings.Repeat("x", 201)}, "title"},
		} {
			res := editor.Do("POST", "/stories", tc.body)
			wantError(t, res, http.StatusUnprocessableEntity, "invalid")
			if fields(t, res)[tc.field] == nil {
				t.Errorf("POST %v: no message for %s in %s", tc.body, tc.field, res.Body)
			}
		}

		// PATCH needs the version.
		wantError(t, editor.Do("PATCH", "/stories/"+id, map[string]any{"status": "concluded"}), http.StatusPreconditionRequired, "precondition_required")
		wantError(t, editor.Do("PATCH", "/stories/"+id, map[string]any{"status": "concluded"}, `"7"`), http.StatusPreconditionFailed, "precondition_failed")
		cover := uploadImage(t, editor, 3)
		wwk := st["what_we_know_updated_at"]
		st = editor.Must(200, "PATCH", "/stories/"+id, map[string]any{"title": "حرب السودان", "cover_media_id": cover}, cmstest.ETag(st))
		if st["title"] != "حرب السودان" || st["slug"] != "الحرب-في-السودان" || st["cover_media_id"] != cover || st["version"] != 2.0 {
			t.Fatalf("after PATCH: %v", st)
		}
		if st["what_we_know_updated_at"] != wwk {
			t.Errorf("what_we_know_updated_at changed without a new summary: %v -> %v", wwk, st["what_we_know_updated_at"])
		}
		wantError(t, editor.Do("PATCH", "/stories/"+id, map[string]any{"status": "concluded"}, `"1"`), http.StatusPreconditionFailed, "precondition_failed")
		time.Sleep(2 * time.Millisecond)
		st = editor.Must(200, "PATCH", "/stories/"+id, map[string]any{"what_we_know": "• وقف لإطلاق النار", "status": "concluded", "cover_media_id": nil}, cmstest.ETag(st))
		if st["status"] != "concluded" || st["cover_media_id"] != nil || st["what_we_know"] != "• وقف لإطلاق النار" || st["what_we_know_updated_at"] == wwk {
			t.Fatalf("after the second PATCH: %v", st)
		}
		wantError(t, editor.Do("PATCH", "/stories/"+id, map[string]any{"cover_media_id": "nope"}, cmstest.ETag(st)), http.StatusUnprocessableEntity, "invalid")
		wantError(t, editor.Do("PATCH", "/stories/nope", map[string]any{"title": "x"}, `"1"`), http.StatusNotFound, "not_found")

		// The home page's strip: featured stories by position; the plain
		// list newest first.
		var strip []string
		for i, pos := range []int{2, 0, 1} {
			s := editor.Must(201, "POST", "/stories", map[string]any{"title": fmt.Sprintf("Featured %d", i), "featured": true, "position": pos})
			strip = append(strip, s["id"].(string))
		}
		other := editor.Must(201, "POST", "/stories", map[string]any{"title": "Not featured"})["id"].(string)
		if got, want := listIDs(t, editor.Must(200, "GET", "/stories?featured=true", nil)), []string{strip[1], strip[2], strip[0]}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("featured strip: got %v, want %v", got, want)
		}
		if got := listIDs(t, editor.Must(200, "GET", "/stories?featured=false", nil)); fmt.Sprint(got) != fmt.Sprint([]string{other, id}) {
			t.Errorf("not featured: got %v, want %v", got, []string{other, id})
		}
		all := listIDs(t, editor.Must(200, "GET", "/stories", nil))
		if want := []string{other, strip[2], strip[1], strip[0], id}; fmt.Sprint(all) != fmt.Sprint(want) {
			t.Errorf("newest first: got %v, want %v", all, want)
		}
		// Paging walks both orders without gaps or repeats.
		for _, q := range []string{"featured=true&", ""} {
			var walked []string
			cursor := ""
			for range 10 {
				page := editor.Must(200, "GET", "/stories?"+q+"limit=2&cursor="+cursor, nil)
				walked = append(walked, listIDs(t, page)...)
				next, _ := page["next_cursor"].(string)
				if next == "" {
					break
				}
				cursor = next
			}
			full := listIDs(t, editor.Must(200, "GET", "/stories?"+q+"limit=100", nil))
			if fmt.Sprint(walked) != fmt.Sprint(full) {
				t.Errorf("paging %q: got %v, want %v", q, walked, full)
			}
		}
		if got := listIDs(t, editor.Must(200, "GET", "/stories?status=concluded", nil)); fmt.Sprint(got) != fmt.Sprint([]string{id}) {
			t.Errorf("status=concluded: got %v", got)
		}
		if got := listIDs(t, editor.Must(200, "GET", "/stories?q=السودان", nil)); fmt.Sprint(got) != fmt.Sprint([]string{id}) {
			t.Errorf("q=السودان: got %v", got)
		}
		wantError(t, editor.Do("GET", "/stories?status=over", nil), http.StatusUnprocessableEntity, "invalid")
		wantError(t, editor.Do("GET", "/stories?featured=maybe", nil), http.StatusUnprocessableEntity, "invalid")

		// Deleting a story no article is in.
		wantError(t, editor.Do("DELETE", "/stories/"+other, nil, `"9"`), http.StatusPreconditionFailed, "precondition_failed")
		if res := editor.Do("DELETE", "/stories/"+other, nil); res.Status != http.StatusNoContent {
			t.Fatalf("DELETE: got %d %s", res.Status, res.Body)
		}
		wantError(t, editor.Do("GET", "/stories/"+other, nil), http.StatusNotFound, "not_found")
		wantError(t, editor.Do("DELETE", "/stories/"+other, nil), http.StatusNotFound, "not_found")

		got := fmt.Sprint(auditActions(t, admin, "story"))
		for _, want := range []string{"story.create", "story.update", "story.delete"} {
			if !strings.Contains(got, want) {
				t.Errorf("audit: got %s, want %s in it", got, want)
			}
		}
	})
}

// TestStoryArticles drives a story's timeline: membership and manual
// order set by PUT, live articles counted and kept in step for readers,
// delete refused while articles are in it.
func TestStoryArticles(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Second); return now }
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		writer := newClient(t, app, "writer")
		other := newClient(t, app, "writer")
		admin := newClient(t, app, "admin")

		st := editor.Must(201, "POST", "/stories", map[string]any{"title": "مفاوضات أستانا"})
		id := st["id"].(string)
		a := publishedArticle(t, editor, "الجولة الأولى", nil)["id"].(string)
		c := publishedArticle(t, editor, "الجولة الثالثة", nil)["id"].(string)
		b := editor.Must(201, "POST", "/articles", map[string]any{"headline": "مسودة الجولة الثانية", "body": arabicBody})["id"].(string)
		w := writer.Must(201, "POST", "/articles", map[string]any{"headline": "مسودة الكاتب", "body": arabicBody})["id"].(string)

		st = editor.Must(200, "PUT", "/stories/"+id+"/articles", map[string]any{"article_ids": []string{b, a, c, w}}, cmstest.ETag(st))
		if st["manual_order"] != true || st["article_count"] != 4.0 || st["published_count"] != 2.0 || st["version"] != 2.0 {
			t.Fatalf("after PUT: %v", st)
		}
		timeline := func(c *cmstest.Client) (ids []string, pos []float64, live []bool) {
			t.Helper()
			for _, e := range decodeList(t, mustList(t, c, "/stories/"+id+"/articles?limit=100")) {
				ids = append(ids, e["id"].(string))
				pos = append(pos, e["position"].(float64))
				live = append(live, e["live"].(bool))
			}
			return
		}
		ids, pos, live := timeline(editor)
		if fmt.Sprint(ids) != fmt.Sprint([]string{b, a, c, w}) || fmt.Sprint(pos) != "[0 1 2 3]" || fmt.Sprint(live) != "[false true true false]" {
			t.Fatalf("manual timeline: got %v %v %v", ids, pos, live)
		}
		// The articles name the story now.
		if art := editor.Must(200, "GET", "/articles/"+a, nil); fmt.Sprint(art["story_ids"]) != fmt.Sprint([]string{id}) {
			t.Errorf("story_ids of a member: got %v", art["story_ids"])
		}
		// Writers see their own and the live ones only.
		if ids, _, _ := timeline(writer); fmt.Sprint(ids) != fmt.Sprint([]string{a, c, w}) {
			t.Errorf("the writer's timeline: got %v", ids)
		}
		if ids, _, _ := timeline(other); fmt.Sprint(ids) != fmt.Sprint([]string{a, c}) {
			t.Errorf("another writer's timeline: got %v", ids)
		}
		// Paging the manual order.
		p1 := editor.Must(200, "GET", "/stories/"+id+"/articles?limit=3", nil)
		p2 := editor.Must(200, "GET", "/stories/"+id+"/articles?limit=3&cursor="+p1["next_cursor"].(string), nil)
		if got := append(listIDs(t, p1), listIDs(t, p2)...); fmt.Sprint(got) != fmt.Sprint([]string{b, a, c, w}) || p2["next_cursor"] != nil {
			t.Errorf("paged timeline: got %v, next %v", got, p2["next_cursor"])
		}

		// Readers' timeline (publication_stories) follows: live articles
		// only, in the same order.
		pubOrder := func() string {
			t.Helper()
			rows, err := db.SQL().Query("SELECT article_id, position FROM publication_stories WHERE story_id = "+placeholder(db)+" ORDER BY position", id)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var aid string
				var p int
				if err := rows.Scan(&aid, &p); err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprintf("%s:%d", aid, p))
			}
			return strings.Join(out, " ")
		}
		if got, want := pubOrder(), fmt.Sprintf("%s:1 %s:2", a, c); got != want {
			t.Errorf("readers' timeline: got %s, want %s", got, want)
		}

		// A new order; an article leaves.
		st = editor.Must(200, "PUT", "/stories/"+id+"/articles", map[string]any{"article_ids": []string{c, w, a}}, cmstest.ETag(st))
		if st["article_count"] != 3.0 || st["published_count"] != 2.0 {
			t.Fatalf("after the second PUT: %v", st)
		}
		if got, want := pubOrder(), fmt.Sprintf("%s:0 %s:2", c, a); got != want {
			t.Errorf("readers' timeline after reordering: got %s, want %s", got, want)
		}
		if art := editor.Must(200, "GET", "/articles/"+b, nil); len(art["story_ids"].([]any)) != 0 {
			t.Errorf("story_ids of an article taken out: got %v", art["story_ids"])
		}
		// Newest first once the manual order is off: by first publication,
		// drafts by creation.
		st = editor.Must(200, "PATCH", "/stories/"+id, map[string]any{"manual_order": false}, cmstest.ETag(st))
		if ids, _, _ := timeline(editor); fmt.Sprint(ids) != fmt.Sprint([]string{w, c, a}) {
			t.Errorf("newest-first timeline: got %v, want %v", ids, []string{w, c, a})
		}
		p1 = editor.Must(200, "GET", "/stories/"+id+"/articles?limit=2", nil)
		p2 = editor.Must(200, "GET", "/stories/"+id+"/articles?limit=2&cursor="+p1["next_cursor"].(string), nil)
		if got := append(listIDs(t, p1), listIDs(t, p2)...); fmt.Sprint(got) != fmt.Sprint([]string{w, c, a}) {
			t.Errorf("paged newest-first timeline: got %v", got)
		}

		// published_count counts live articles only: unpublishing one
		// takes it off readers' timeline.
		editor.Must(200, "POST", "/articles/"+a+"/unpublish", map[string]any{"reason": "خطأ"})
		if st = editor.Must(200, "GET", "/stories/"+id, nil); st["published_count"] != 1.0 || st["article_count"] != 3.0 {
			t.Errorf("after unpublishing a member: %v", st)
		}

		// Bad lists change nothing.
		before := editor.Must(200, "GET", "/stories/"+id, nil)
		for _, tc := range []struct {
			body any
			want int
		}{
			{map[string]any{"article_ids": []string{a, "no-such-article", "nor-this"}}, 422},
			{map[string]any{"article_ids": []string{a, a}}, 422},
			{map[string]any{"article_ids": []string{""}}, 422},
			{map[string]any{"article_ids": make([]string, 501)}, 422},
			{map[string]any{}, 422},
			{map[string]any{"article_ids": "a"}, 422},
			{map[string]any{"article_ids": []any{1}}, 422},
			{map[string]any{"ids": []string{a}}, 400},
			{`{"article_ids": [`, 400},
		} {
			res := editor.Do("PUT", "/stories/"+id+"/articles", tc.body)
			if res.Status != tc.want || fields(t, res) == nil && tc.want == 422 {
				t.Errorf("PUT %v: got %d %s, want %d with fields", tc.body, res.Status, res.Body, tc.want)
			}
		}
		res := editor.Do("PUT", "/stories/"+id+"/articles", map[string]any{"article_ids": []string{a, "no-such-article", "nor-this"}})
		if msg, _ := fields(t, res)["article_ids"].(string); !strings.Contains(msg, "no-such-article, nor-this") {
			t.Errorf("missing ids: got %s", res.Body)
		}
		wantError(t, editor.Do("PUT", "/stories/"+id+"/articles", map[string]any{"article_ids": []string{a}}, `"1"`), http.StatusPreconditionFailed, "precondition_failed")
		wantError(t, editor.Do("PUT", "/stories/nope/articles", map[string]any{"article_ids": []string{a}}), http.StatusNotFound, "not_found")
		if after := editor.Must(200, "GET", "/stories/"+id, nil); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("refused PUTs changed the story:\ngot  %v\nwant %v", after, before)
		}

		// A story with articles cannot be deleted; once emptied it can.
		res = editor.Do("DELETE", "/stories/"+id, nil)
		wantError(t, res, http.StatusConflict, "conflict")
		if e := res.JSON(t)["error"].(map[string]any); !strings.HasPrefix(e["message"].(string), "3 articles are still in this story") ||
			e["details"].(map[string]any)["article_count"] != 3.0 {
			t.Errorf("409: got %s", res.Body)
		}
		editor.Must(200, "PUT", "/stories/"+id+"/articles", map[string]any{"article_ids": []string{}})
		if res := editor.Do("DELETE", "/stories/"+id, nil); res.Status != http.StatusNoContent {
			t.Fatalf("DELETE of an emptied story: got %d %s", res.Status, res.Body)
		}
		if got := fmt.Sprint(auditActions(t, admin, "story")); strings.Count(got, "story.articles") != 3 {
			t.Errorf("audit: got %s, want three story.articles", got)
		}
	})
}

// TestStoryPermissions checks the policy's story rights over HTTP: editors
// manage; writers, editors and moderators read; admins hold no story right.
func TestStoryPermissions(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		art := editor.Must(201, "POST", "/articles", map[string]any{"headline": "Membership", "language": "en"})["id"].(string)
		for _, role := range []string{"writer", "editor", "moderator", "admin"} {
			t.Run(role, func(t *testing.T) {
				c := newClient(t, app, role)
				st := editor.Must(201, "POST", "/stories", map[string]any{"title": "Story for " + role})
				id := st["id"].(string)
				read := role != "admin"
				manage := role == "editor"
				status := func(ok bool, okStatus int) int {
					if ok {
						return okStatus
					}
					return http.StatusForbidden
				}
				for _, tc := range []struct {
					method, path string
					body         any
					ifMatch      string
					want         int
				}{
					{"GET", "/stories", nil, "", status(read, 200)},
					{"GET", "/stories/" + id, nil, "", status(read, 200)},
					{"GET", "/stories/" + id + "/articles", nil, "", status(read, 200)},
					{"POST", "/stories", map[string]any{"title": "New by " + role}, "", status(manage, 201)},
					{"PATCH", "/stories/" + id, map[string]any{"featured": true}, `"1"`, status(manage, 200)},
					{"PUT", "/stories/" + id + "/articles", map[string]any{"article_ids": []string{art}}, "", status(manage, 200)},
					{"PUT", "/stories/" + id + "/articles", map[string]any{"article_ids": []string{}}, "", status(manage, 200)},
					{"DELETE", "/stories/" + id, nil, "", status(manage, 204)},
				} {
					res := c.Do(tc.method, tc.path, tc.body, tc.ifMatch)
					if res.Status != tc.want {
						t.Errorf("%s %s as %s: got %d, want %d: %s", tc.method, tc.path, role, res.Status, tc.want, res.Body)
					}
					if tc.want == http.StatusForbidden {
						wantError(t, res, http.StatusForbidden, "forbidden")
					}
				}
			})
		}
	})
}

// TestStoriesBadInput sends malformed bodies to the story routes: each is a
// 4xx JSON error and nothing changes.
func TestStoriesBadInput(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		st := editor.Must(201, "POST", "/stories", map[string]any{"title": "Ceasefire"})
		id := st["id"].(string)
		snapshot := func() string {
			return string(mustList(t, editor, "/stories?limit=100")) + string(mustList(t, editor, "/stories/"+id+"/articles?limit=100"))
		}
		before := snapshot()
		for _, tc := range []struct {
			method, path, body string
			want               int
		}{
			{"POST", "/stories", `{"title":`, 400},
			{"POST", "/stories", `{"title": "x", "zzz": 1}`, 400},
			{"POST", "/stories", `{"title": 7}`, 422},
			{"POST", "/stories", `{"title": "x", "featured": "yes"}`, 422},
			{"POST", "/stories", `{"title": "x", "position": 1.5}`, 422},
			{"POST", "/stories", `{"title": "x", "cover_media_id": 3}`, 422},
			{"POST", "/stories", `{"title": "a\u0000b"}`, 422},
			{"POST", "/stories", `[]`, 400},
			{"PATCH", "/stories/" + id, `{"status": ["concluded"]}`, 422},
			{"PATCH", "/stories/" + id, `{"what_we_know": {}}`, 422},
			{"PATCH", "/stories/" + id, `{"unknown": true}`, 400},
			{"PUT", "/stories/" + id + "/articles", `{"article_ids": {"a": 1}}`, 422},
			{"PUT", "/stories/" + id + "/articles", `{"article_ids": [] } {}`, 400},
		} {
			res := app.Do(cmstest.Request{Method: tc.method, Path: api + tc.path, Token: editor.Token, Body: tc.body,
				Header: map[string]string{"If-Match": cmstest.ETag(st)}})
			if res.Status != tc.want {
				t.Errorf("%s %s %s: got %d, want %d: %s", tc.method, tc.path, tc.body, res.Status, tc.want, res.Body)
			}
			if e, _ := res.JSON(t)["error"].(map[string]any); e == nil {
				t.Errorf("%s %s %s: no JSON error: %s", tc.method, tc.path, tc.body, res.Body)
			}
		}
		if after := snapshot(); after != before {
			t.Errorf("bad input changed the stories:\ngot  %s\nwant %s", after, before)
		}
	})
}
