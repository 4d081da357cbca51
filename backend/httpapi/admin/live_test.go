package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/media"
	"newsroom/store"
)

func entryBody(text string) []map[string]any {
	return []map[string]any{{"type": "paragraph", "text": text}}
}

// TestLiveEntries covers who may write a live article's entries, pinning,
// validation, If-Match, deletion and what pollers of the delivery API are
// told.
func TestLiveEntries(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Second); return now }
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		assigned := newClient(t, app, "writer")
		unassigned := newClient(t, app, "writer")
		moderator := newClient(t, app, "moderator")
		admin := newClient(t, app, "admin")

		art := editor.Must(201, "POST", "/articles", map[string]any{"kind": "live", "headline": "تغطية مباشرة: مفاوضات أستانا", "body": arabicBody})
		id := art["id"].(string)
		entries := "/articles/" + id + "/live-entries"

		// Before publication only the editor sees the draft: a writer gets
		// 404 even when the article exists.
		wantError(t, unassigned.Do("POST", entries, map[string]any{"body": entryBody("x")}), http.StatusNotFound, "not_found")
		// Only editors assign writers, even to a writer's own live article;
		// its creator may post to it, even as a draft.
		wantError(t, assigned.Do("POST", "/articles", map[string]any{"kind": "live", "headline": "تغطيتي", "live_writer_ids": []string{unassigned.ID}}),
			http.StatusForbidden, "forbidden")
		own := assigned.Must(201, "POST", "/articles", map[string]any{"kind": "live", "headline": "تغطيتي"})
		assigned.Must(201, "POST", "/articles/"+own["id"].(string)+"/live-entries", map[string]any{"body": entryBody("تجربة")})
		wantError(t, unassigned.Do("POST", "/articles/"+own["id"].(string)+"/live-entries", map[string]any{"body": entryBody("x")}), http.StatusNotFound, "not_found")
		art = editor.Must(200, "PATCH", "/articles/"+id, map[string]any{"live_writer_ids": []string{assigned.ID}}, cmstest.ETag(art))
		art = editor.Must(200, "POST", "/articles/"+id+"/publish", nil)
		if art["live"] != true {
			t.Fatalf("not live: %v", art)
		}

		// The assigned writer posts; the entry is theirs.
		e1 := assigned.Must(201, "POST", entries, map[string]any{"title": "عاجل", "body": entryBody("بدأت الجلسة الأولى <script>alert(1)</script>")})
		if e1["article_id"] != id || e1["author_id"] != assigned.ID || e1["pinned"] != false || e1["version"] != 1.0 || e1["title"] != "عاجل" || e1["deleted_at"] != nil {
			t.Fatalf("created entry: %v", e1)
		}
		if text := e1["body"].([]any)[0].(map[string]any)["text"].(string); strings.Contains(text, "script") {
			t.Errorf("the body was not sanitised: %q", text)
		}
		e1id := e1["id"].(string)
		res := assigned.Do("GET", entries+"/"+e1id, nil)
		if res.Status != 200 || res.Header.Get("ETag") != `"1"` {
			t.Fatalf("GET entry: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}
		// An unassigned writer sees the live article but may not post.
		wantError(t, unassigned.Do("POST", entries, map[string]any{"body": entryBody("x")}), http.StatusForbidden, "forbidden")
		// Moderators and admins never write entries.
		wantError(t, moderator.Do("POST", entries, map[string]any{"body": entryBody("x")}), http.StatusForbidden, "forbidden")
		wantError(t, admin.Do("POST", entries, map[string]any{"body": entryBody("x")}), http.StatusForbidden, "forbidden")
		wantError(t, admin.Do("GET", entries, nil), http.StatusForbidden, "forbidden")

		// Only editors pin.
		wantError(t, assigned.Do("POST", entries, map[string]any{"body": entryBody("x"), "pinned": true}), http.StatusForbidden, "forbidden")
		wantError(t, assigned.Do("PATCH", entries+"/"+e1id, map[string]any{"pinned": true}, `"1"`), http.StatusForbidden, "forbidden")
		e2 := editor.Must(201, "POST", entries, map[string]any{"body": entryBody("ملخص: ما نعرفه حتى الآن"), "pinned": true})
		if e2["pinned"] != true || e2["author_id"] != editor.ID {
			t.Fatalf("editor's pinned entry: %v", e2)
		}
		e2id := e2["id"].(string)
		// Writers change their own entries only; editors any.
		wantError(t, assigned.Do("PATCH", entries+"/"+e2id, map[string]any{"title": "x"}, `"1"`), http.StatusForbidden, "forbidden")
		e1 = assigned.Must(200, "PATCH", entries+"/"+e1id, map[string]any{"title": "عاجل: بدء الجلسة"}, cmstest.ETag(e1))
		if e1["version"] != 2.0 || e1["title"] != "عاجل: بدء الجلسة" || e1["pinned"] != false {
			t.Fatalf("after the writer's PATCH: %v", e1)
		}
		e1 = editor.Must(200, "PATCH", entries+"/"+e1id, map[string]any{"pinned": true}, cmstest.ETag(e1))
		if e1["pinned"] != true || e1["version"] != 3.0 {
			t.Fatalf("after the editor pinned it: %v", e1)
		}
		// Sending the pin it already has is no pinning.
		e1 = assigned.Must(200, "PATCH", entries+"/"+e1id, map[string]any{"pinned": true, "body": entryBody("بدأت الجلسة الأولى في أستانا")}, cmstest.ETag(e1))

		// If-Match: required, and stale is refused.
		wantError(t, assigned.Do("PATCH", entries+"/"+e1id, map[string]any{"title": "y"}), http.StatusPreconditionRequired, "precondition_required")
		res = assigned.Do("PATCH", entries+"/"+e1id, map[string]any{"title": "y"}, `"2"`)
		wantError(t, res, http.StatusPreconditionFailed, "precondition_failed")
		if d := res.JSON(t)["error"].(map[string]any)["details"].(map[string]any); d["current_version"] != e1["version"] {
			t.Errorf("412 details: got %v, want current_version %v", d, e1["version"])
		}

		// Blocks are validated like an article's body.
		res = assigned.Do("POST", entries, map[string]any{"body": []map[string]any{
			{"type": "paragraph", "text": "ok"}, {"type": "paragraph", "text": "ok"}, {"type": "heading", "level": 9, "text": "x"}}})
		wantError(t, res, http.StatusUnprocessableEntity, "invalid")
		if fields(t, res)["body[2].level"] == nil {
			t.Errorf("invalid block: got %s, want a message for body[2].level", res.Body)
		}
		for _, body := range []map[string]any{
			{"title": "no body"},
			{"body": []any{}},
			{"body": []map[string]any{{"type": "marquee", "text": "x"}}},
			{"body": []map[string]any{{"type": "image", "media_id": "no-such-image"}}},
			{"body": entryBody("x"), "title": strings.Repeat("x", 301)},
			{"body": entryBody("x"), "title": "two\nlines"},
		} {
			wantError(t, assigned.Do("POST", entries, body), http.StatusUnprocessableEntity, "invalid")
		}
		wantError(t, assigned.Do("PATCH", entries+"/"+e1id, map[string]any{"body": []map[string]any{{"type": "embed", "url": "javascript:alert(1)"}}}, cmstest.ETag(e1)),
			http.StatusUnprocessableEntity, "invalid")

		// Entries belong to live articles only.
		std := editor.Must(201, "POST", "/articles", map[string]any{"headline": "Standard", "language": "en", "body": arabicBody})["id"].(string)
		res = editor.Do("POST", "/articles/"+std+"/live-entries", map[string]any{"body": entryBody("x")})
		wantError(t, res, http.StatusConflict, "conflict")
		if msg := res.JSON(t)["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "live articles") {
			t.Errorf("409 message: %q", msg)
		}
		if l := editor.Must(200, "GET", "/articles/"+std+"/live-entries", nil); len(l["data"].([]any)) != 0 {
			t.Errorf("entries of a standard article: %v", l)
		}
		wantError(t, editor.Do("POST", "/articles/nope/live-entries", map[string]any{"body": entryBody("x")}), http.StatusNotFound, "not_found")
		wantError(t, editor.Do("GET", "/articles/"+std+"/live-entries/"+e1id, nil), http.StatusNotFound, "not_found")

		// The list: newest first, pinned ones included as such, paged.
		e3 := assigned.Must(201, "POST", entries, map[string]any{"body": entryBody("انتهت الجلسة الأولى")})
		e3id := e3["id"].(string)
		list := editor.Must(200, "GET", entries, nil)
		if got := listIDs(t, list); fmt.Sprint(got) != fmt.Sprint([]string{e3id, e2id, e1id}) {
			t.Errorf("newest first: got %v", got)
		}
		p1 := moderator.Must(200, "GET", entries+"?limit=2", nil)
		p2 := moderator.Must(200, "GET", entries+"?limit=2&cursor="+p1["next_cursor"].(string), nil)
		if got := append(listIDs(t, p1), listIDs(t, p2)...); fmt.Sprint(got) != fmt.Sprint([]string{e3id, e2id, e1id}) || p2["next_cursor"] != nil {
			t.Errorf("paged: got %v", got)
		}

		// Deleting: the entry is gone from the admin API, editors can still
		// list it, and pollers learn of it.
		since := clock()
		wantError(t, assigned.Do("DELETE", entries+"/"+e1id, nil, `"1"`), http.StatusPreconditionFailed, "precondition_failed")
		if res := assigned.Do("DELETE", entries+"/"+e1id, nil, cmstest.ETag(e1)); res.Status != http.StatusNoContent {
			t.Fatalf("DELETE: got %d %s", res.Status, res.Body)
		}
		wantError(t, assigned.Do("GET", entries+"/"+e1id, nil), http.StatusNotFound, "not_found")
		wantError(t, editor.Do("PATCH", entries+"/"+e1id, map[string]any{"title": "z"}, `"5"`), http.StatusNotFound, "not_found")
		wantError(t, editor.Do("DELETE", entries+"/"+e1id, nil), http.StatusNotFound, "not_found")
		wantError(t, assigned.Do("DELETE", entries+"/"+e2id, nil), http.StatusForbidden, "forbidden")
		if got := listIDs(t, editor.Must(200, "GET", entries, nil)); fmt.Sprint(got) != fmt.Sprint([]string{e3id, e2id}) {
			t.Errorf("after the deletion: got %v", got)
		}
		all := editor.Must(200, "GET", entries+"?include_deleted=true", nil)
		if got := listIDs(t, all); fmt.Sprint(got) != fmt.Sprint([]string{e3id, e2id, e1id}) || all["data"].([]any)[2].(map[string]any)["deleted_at"] == nil {
			t.Errorf("with the deleted ones: got %v", all)
		}
		wantError(t, assigned.Do("GET", entries+"?include_deleted=true", nil), http.StatusForbidden, "forbidden")

		e2 = editor.Must(200, "PATCH", entries+"/"+e2id, map[string]any{"pinned": false}, cmstest.ETag(e2))
		changed, err := db.View(context.Background()).LiveEntriesSince(id, since, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(changed) != 2 || changed[0].ID != e1id || changed[0].DeletedAt == nil || len(changed[0].Body) != 0 || changed[0].Title != "" ||
			changed[1].ID != e2id || changed[1].DeletedAt != nil || changed[1].Pinned {
			t.Fatalf("LiveEntriesSince: got %+v", changed)
		}
		if !changed[0].UpdatedAt.Before(changed[1].UpdatedAt) {
			t.Errorf("LiveEntriesSince order: %v then %v", changed[0].UpdatedAt, changed[1].UpdatedAt)
		}
		// Asking from the last change on finds nothing new; a limit of
		// one still walks every change.
		if more, err := db.View(context.Background()).LiveEntriesSince(id, changed[1].UpdatedAt, 100); err != nil || len(more) != 0 {
			t.Errorf("since the last change: got %v %v", more, err)
		}
		var walked []string
		from := time.Time{}
		for range 10 {
			page, err := db.View(context.Background()).LiveEntriesSince(id, from, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, e := range page {
				walked = append(walked, e.ID)
			}
			from = page[len(page)-1].UpdatedAt
		}
		if len(walked) != 3 {
			t.Errorf("walking with limit 1: got %v, want the 3 entries", walked)
		}

		got := fmt.Sprint(auditActions(t, admin, "live_entry"))
		for _, want := range []string{"live_entry.create", "live_entry.update", "live_entry.delete"} {
			if !strings.Contains(got, want) {
				t.Errorf("audit: got %s, want %s in it", got, want)
			}
		}
	})
}

// TestLiveEntriesBadInput sends malformed bodies to the live entry routes:
// each is a 4xx JSON error and nothing changes.
func TestLiveEntriesBadInput(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		art := editor.Must(201, "POST", "/articles", map[string]any{"kind": "live", "headline": "Live", "language": "en", "body": arabicBody})
		entries := "/articles/" + art["id"].(string) + "/live-entries"
		e := editor.Must(201, "POST", entries, map[string]any{"body": entryBody("first")})
		before := string(mustList(t, editor, entries+"?include_deleted=true"))
		for _, tc := range []struct {
			method, path, body string
			want               int
		}{
			{"POST", entries, `{"body":`, 400},
			{"POST", entries, `{"body": [], "zzz": 1}`, 400},
			{"POST", entries, `{"body": "text"}`, 422},
			{"POST", entries, `{"body": [{"type": 1}]}`, 422},
			{"POST", entries, `{"body": [{"type": "paragraph", "text": "x"}], "pinned": "yes"}`, 422},
			{"POST", entries, `{"title": ["x"], "body": [{"type": "paragraph", "text": "x"}]}`, 422},
			{"POST", entries, `{"title": "a\u0000b", "body": [{"type": "paragraph", "text": "x"}]}`, 422},
			{"POST", entries, `null`, 400},
			{"PATCH", entries + "/" + e["id"].(string), `{"title": 5}`, 422},
			{"PATCH", entries + "/" + e["id"].(string), `{"unknown": 5}`, 400},
			{"PATCH", entries + "/" + e["id"].(string), `{"title": "x"} []`, 400},
		} {
			res := app.Do(cmstest.Request{Method: tc.method, Path: api + tc.path, Token: editor.Token, Body: tc.body,
				Header: map[string]string{"If-Match": cmstest.ETag(e)}})
			if res.Status != tc.want {
				t.Errorf("%s %s %s: got %d, want %d: %s", tc.method, tc.path, tc.body, res.Status, tc.want, res.Body)
			}
			if e, _ := res.JSON(t)["error"].(map[string]any); e == nil {
				t.Errorf("%s %s %s: no JSON error: %s", tc.method, tc.path, tc.body, res.Body)
			}
		}
		res := app.Do(cmstest.Request{Method: "POST", Path: api + entries, Token: editor.Token, Body: `{"body": []}`, NoCType: true})
		wantError(t, res, http.StatusUnsupportedMediaType, "unsupported_media_type")
		if after := string(mustList(t, editor, entries+"?include_deleted=true")); after != before {
			t.Errorf("bad input changed the entries:\ngot  %s\nwant %s", after, before)
		}
	})
}

// TestLiveEntryImagesInUse: an image placed only in a live entry is in use:
// deleting it is 409 naming the live article and the collector keeps its
// files; once the entry drops it (edited or deleted), it may go.
func TestLiveEntryImagesInUse(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		const headline = "تغطية مباشرة: قمة الدوحة"
		art := editor.Must(201, "POST", "/articles", map[string]any{"kind": "live", "headline": headline, "body": arabicBody})
		id := art["id"].(string)
		editor.Must(200, "POST", "/articles/"+id+"/publish", nil)
		entries := "/articles/" + id + "/live-entries"

		image := func(seed int) string { return uploadImage(t, editor, seed) }
		edited, deleted := image(1), image(2)
		withImage := func(mediaID string) []map[string]any {
			return []map[string]any{{"type": "paragraph", "text": "وصول الوفود"}, {"type": "image", "media_id": mediaID}}
		}
		e1 := editor.Must(201, "POST", entries, map[string]any{"body": withImage(edited)})
		e2 := editor.Must(201, "POST", entries, map[string]any{"body": withImage(deleted)})

		wantInUse := func(mediaID string) {
			t.Helper()
			res := editor.Do("DELETE", "/media/"+mediaID, nil)
			wantError(t, res, http.StatusConflict, "conflict")
			e := res.JSON(t)["error"].(map[string]any)
			details, _ := e["details"].(map[string]any)
			users, _ := details["users"].([]any)
			want := map[string]any{"kind": "article", "id": id, "title": headline}
			if len(users) != 1 || fmt.Sprint(users[0]) != fmt.Sprint(want) {
				t.Errorf("users: got %v, want [%v]", users, want)
			}
			if msg, _ := e["message"].(string); !strings.Contains(msg, headline) {
				t.Errorf("message %q does not name the article", msg)
			}
			editor.Must(200, "GET", "/media/"+mediaID, nil)
		}
		wantInUse(edited)
		wantInUse(deleted)

		// The collector keeps every file of images in use.
		gcActor := cms.Actor{UserID: editor.ID, Name: "ed", Roles: []cms.Role{cms.RoleEditor}}
		res, err := app.Media.CollectGarbage(t.Context(), gcActor, media.GCOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Orphans != 0 || res.Referenced == 0 || res.Referenced != res.Scanned {
			t.Errorf("gc: got %+v, want every object referenced", res)
		}

		// Dropped from the entry by an edit, the image may go; the other
		// entry still holds its own.
		editor.Must(200, "PATCH", entries+"/"+e1["id"].(string), map[string]any{"body": entryBody("وصول الوفود")}, cmstest.ETag(e1))
		editor.Must(204, "DELETE", "/media/"+edited, nil)
		wantInUse(deleted)
		// A deleted entry no longer uses its image.
		editor.Must(204, "DELETE", entries+"/"+e2["id"].(string), nil, cmstest.ETag(e2))
		editor.Must(204, "DELETE", "/media/"+deleted, nil)

		// An entry cannot use a deleted image.
		res2 := editor.Do("POST", entries, map[string]any{"body": withImage(deleted)})
		wantError(t, res2, http.StatusUnprocessableEntity, "invalid")
	})
}

// TestLiveWriterIDsValidated: only active writers and editors may be
// assigned to a live article; anything else is 422 naming live_writer_ids
// and the bad ids, and changes nothing.
func TestLiveWriterIDsValidated(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor := newClient(t, app, "editor")
		writer := newClient(t, app, "writer")
		inactive := newClient(t, app, "writer")
		moderator := newClient(t, app, "moderator")
		if _, err := db.SQL().Exec("UPDATE users SET active = false WHERE id = "+placeholder(db), inactive.ID); err != nil {
			t.Fatal(err)
		}
		art := editor.Must(201, "POST", "/articles", map[string]any{"kind": "live", "headline": "تغطية مباشرة"})
		path := "/articles/" + art["id"].(string)
		for _, bad := range []string{"no-such-user", inactive.ID, moderator.ID} {
			res := editor.Do("PATCH", path, map[string]any{"live_writer_ids": []string{writer.ID, bad}}, cmstest.ETag(art))
			wantError(t, res, http.StatusUnprocessableEntity, "invalid")
			if msg, _ := fields(t, res)["live_writer_ids"].(string); !strings.Contains(msg, bad) || strings.Contains(msg, writer.ID) {
				t.Errorf("%s: live_writer_ids message %q, want it to name %s only", bad, msg, bad)
			}
			if got := editor.Must(200, "GET", path, nil); got["version"] != art["version"] || len(got["live_writer_ids"].([]any)) != 0 {
				t.Errorf("%s: the article changed: %v", bad, got)
			}
		}
		wantError(t, editor.Do("POST", "/articles", map[string]any{"kind": "live", "headline": "x", "live_writer_ids": []string{moderator.ID}}),
			http.StatusUnprocessableEntity, "invalid")
		got := editor.Must(200, "PATCH", path, map[string]any{"live_writer_ids": []string{writer.ID, editor.ID}}, cmstest.ETag(art))
		if fmt.Sprint(got["live_writer_ids"]) != fmt.Sprint([]any{writer.ID, editor.ID}) {
			t.Errorf("live_writer_ids: got %v", got["live_writer_ids"])
		}
	})
}

// TestAssigningLiveWritersKeepsItPublished: who writes a live article's
// entries is a setting, not content; assigning a writer to a published live
// article leaves it published without unpublished changes.
func TestAssigningLiveWritersKeepsItPublished(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		editor, writer := newClient(t, app, "editor"), newClient(t, app, "writer")
		art := editor.Must(201, "POST", "/articles", map[string]any{"headline": "تغطية مباشرة للانتخابات", "kind": "live", "body": arabicBody})
		id := art["id"].(string)
		editor.Must(200, "POST", "/articles/"+id+"/publish", nil)
		cur := editor.Must(200, "GET", "/articles/"+id, nil)
		got := editor.Must(200, "PATCH", "/articles/"+id, map[string]any{"live_writer_ids": []string{writer.ID}}, cmstest.ETag(cur))
		if got["status"] != "published" || got["has_unpublished_changes"] != false {
			t.Errorf("after assigning a writer: status %v, has_unpublished_changes %v; want published, false", got["status"], got["has_unpublished_changes"])
		}
		// The writer may post at once.
		writer.Must(201, "POST", "/articles/"+id+"/live-entries", map[string]any{"body": []map[string]any{{"type": "paragraph", "text": "بدأ الفرز"}}})
	})
}
