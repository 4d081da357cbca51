package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// newClient makes a user with the roles, signed in to the admin API, whose
// paths are relative to api.
func newClient(t *testing.T, app *cmstest.App, roles ...string) *cmstest.Client {
	c := app.NewClient(t, roles...)
	c.Prefix = api
	return c
}

var arabicBody = []map[string]any{
	{"type": "paragraph", "text": "أعلنت وزارة الخارجية الكازاخستانية أن <b>جولة جديدة</b> من مفاوضات أستانا ستعقد الأسبوع المقبل."},
	{"type": "heading", "level": 2, "text": "خلفية"},
	{"type": "paragraph", "text": "وكانت الجولة السابقة قد انتهت دون اتفاق."},
}

// TestEditorialFlow is the "done when": a writer's Arabic draft goes
// through review, changes, scheduling and publication; a later edit leaves
// the live version alone until republished; history shows every step.
func TestEditorialFlow(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		setNow := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
		app := cmstest.NewApp(t, db)
		writer := newClient(t, app, "writer")
		editor := newClient(t, app, "editor")

		art := writer.Must(201, "POST", "/articles", map[string]any{
			"headline": "جولة جديدة من مفاوضات أستانا", "language": "ar", "body": arabicBody, "source": "وكالات",
		})
		id := art["id"].(string)
		if art["slug"] != "جولة-جديدة-من-مفاوضات-أستانا" || art["status"] != "draft" || art["live"] != false || art["created_by"] != writer.ID {
			t.Fatalf("created: %v", art)
		}
		if got := fmt.Sprint(art["allowed_actions"]); got != "[submit edit delete]" {
			t.Errorf("writer's allowed actions on a draft: got %s, want [submit edit delete]", got)
		}

		// The writer may not publish.
		wantError(t, writer.Do("POST", "/articles/"+id+"/publish", nil), http.StatusForbidden, "forbidden")
		art = writer.Must(200, "POST", "/articles/"+id+"/submit", nil)
		if art["status"] != "in_review" {
			t.Fatalf("after submit: %v", art["status"])
		}
		// In review, the writer cannot edit.
		wantError(t, writer.Do("PATCH", "/articles/"+id, map[string]any{"summary": "x"}, cmstest.ETag(art)), http.StatusConflict, "conflict")
		// Request changes needs a note.
		wantError(t, editor.Do("POST", "/articles/"+id+"/request-changes", map[string]any{}), http.StatusUnprocessableEntity, "invalid")
		art = editor.Must(200, "POST", "/articles/"+id+"/request-changes", map[string]any{"note": "أضف مصدراً للخبر"})
		if art["status"] != "draft" || art["changes_requested"] != true {
			t.Fatalf("after request-changes: %v %v", art["status"], art["changes_requested"])
		}
		art = writer.Must(200, "PATCH", "/articles/"+id, map[string]any{"summary": "الجولة الجديدة تبدأ الثلاثاء", "source": "سبوتنيك"}, cmstest.ETag(art))
		art = writer.Must(200, "POST", "/articles/"+id+"/submit", map[string]any{"note": "أضفت المصدر"})
		if art["changes_requested"] != false {
			t.Error("resubmitting keeps changes_requested")
		}
		// Scheduling in the past is refused; in the future works.
		wantError(t, editor.Do("POST", "/articles/"+id+"/schedule", map[string]any{"publish_at": now.Add(-time.Minute)}), http.StatusUnprocessableEntity, "invalid")
		at := now.Add(2 * time.Hour)
		art = editor.Must(200, "POST", "/articles/"+id+"/schedule", map[string]any{"publish_at": at}, cmstest.ETag(art))
		if art["status"] != "scheduled" || art["publish_at"] != at.Format(time.RFC3339) {
			t.Fatalf("after schedule: %v %v", art["status"], art["publish_at"])
		}
		// Nothing is due yet.
		if id2, _, err := app.Editorial.PublishNextDue(context.Background()); err != nil || id2 != "" {
			t.Fatalf("before the time: published %q, %v", id2, err)
		}
		setNow(at.Add(time.Second))
		if id2, outcome, err := app.Editorial.PublishNextDue(context.Background()); err != nil || id2 != id || outcome != "published" {
			t.Fatalf("at the time: got %q %q %v", id2, outcome, err)
		}
		art = editor.Must(200, "GET", "/articles/"+id, nil)
		if art["status"] != "published" || art["live"] != true || art["published_at"] == nil || art["publish_at"] != nil {
			t.Fatalf("after the scheduled time: %v", art)
		}
		liveVersion := art["version"]

		// A later edit changes only the working copy.
		setNow(at.Add(time.Hour))
		art = writer.Must(200, "PATCH", "/articles/"+id, map[string]any{"headline": "انطلاق جولة جديدة من مفاوضات أستانا"}, cmstest.ETag(art))
		if art["status"] != "draft" || art["live"] != true || art["has_unpublished_changes"] != true {
			t.Fatalf("after editing a published article: %v %v %v", art["status"], art["live"], art["has_unpublished_changes"])
		}
		if snap := liveHeadline(t, db, id); snap != "جولة جديدة من مفاوضات أستانا" {
			t.Errorf("live headline after an unpublished edit: got %q", snap)
		}
		art = editor.Must(200, "POST", "/articles/"+id+"/publish", map[string]any{"correction": map[string]any{"type": "update", "note": "تحديث العنوان"}})
		if art["has_unpublished_changes"] != false || art["version"] == liveVersion {
			t.Errorf("after republish: %v", art)
		}
		if snap := liveHeadline(t, db, id); snap != "انطلاق جولة جديدة من مفاوضات أستانا" {
			t.Errorf("live headline after republish: got %q", snap)
		}

		// History shows every step, in order.
		res := editor.Do("GET", "/articles/"+id+"/history", nil)
		var steps []string
		for _, e := range decodeList(t, res.Body) {
			steps = append(steps, fmt.Sprintf("%s:%s>%s", e["action"], e["from_status"], e["to_status"]))
		}
		want := "[create:>draft submit:draft>in_review request_changes:in_review>draft submit:draft>in_review schedule:in_review>scheduled publish_due:scheduled>published edit:published>draft publish:draft>published]"
		if fmt.Sprint(steps) != want {
			t.Errorf("history:\ngot  %v\nwant %s", steps, want)
		}
		revs := editor.Must(200, "GET", "/articles/"+id+"/revisions", nil)["data"].([]any)
		if len(revs) != 3 {
			t.Errorf("revisions: got %d, want 3 (create and two saves)", len(revs))
		}
	})
}

func decodeList(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := jsonUnmarshal(body, &out); err != nil {
		t.Fatalf("not a JSON array: %s", body)
	}
	return out
}

// liveHeadline reads what readers would see, straight from the live table.
func liveHeadline(t *testing.T, db *store.DB, id string) string {
	t.Helper()
	var h string
	if err := db.SQL().QueryRow("SELECT headline FROM article_publications WHERE article_id = "+placeholder(db), id).Scan(&h); err != nil {
		t.Fatalf("read the live version: %v", err)
	}
	return h
}

// A recurring headline (a daily "gold prices today") gets -2, -3... for as
// many articles as share it, and a slug an article once had stays taken.
func TestRecurringHeadlines(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		writer := newClient(t, app, "writer")
		const headline, base = "أسعار الذهب اليوم", "أسعار-الذهب-اليوم"
		for i := 1; i <= 130; i++ {
			art := writer.Must(http.StatusCreated, "POST", "/articles", map[string]any{"headline": headline, "body": arabicBody})
			want := base
			if i > 1 {
				want = fmt.Sprintf("%s-%d", base, i)
			}
			if art["slug"] != want {
				t.Fatalf("article %d: slug %v, want %s", i, art["slug"], want)
			}
		}
		if res := writer.Do("POST", "/articles", map[string]any{"headline": "عنوان آخر", "slug": base + "-7", "body": arabicBody}); res.Status != http.StatusConflict {
			t.Errorf("a chosen slug that is taken: got %d, want 409: %s", res.Status, res.Body)
		}
		// A renamed article keeps its old slug (it redirects), so the next
		// article with that headline does not get it.
		first := writer.Must(http.StatusCreated, "POST", "/articles", map[string]any{"headline": "خبر يتغير عنوانه", "body": arabicBody})
		writer.Must(http.StatusOK, "PATCH", "/articles/"+first["id"].(string), map[string]any{"slug": "عنوان-جديد"}, cmstest.ETag(first))
		next := writer.Must(http.StatusCreated, "POST", "/articles", map[string]any{"headline": "خبر يتغير عنوانه", "body": arabicBody})
		if next["slug"] != "خبر-يتغير-عنوانه-2" {
			t.Errorf("slug %v, want the renamed article's old slug skipped", next["slug"])
		}
	})
}
