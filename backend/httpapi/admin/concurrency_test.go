package admin_test

import (
	"net/http"
	"sync"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestParallelSaves: two saves based on the same version; exactly one wins,
// the other gets 412 with the current version, and nothing is lost.
func TestParallelSaves(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		w1, ed := newClient(t, app, "writer"), newClient(t, app, "editor")
		art := w1.Must(201, "POST", "/articles", map[string]any{"headline": "عنوان أول", "body": arabicBody})
		id := "/articles/" + art["id"].(string)
		base := cmstest.ETag(art)
		for round := 0; round < 5; round++ {
			var wg sync.WaitGroup
			results := make([]*cmstest.Response, 2)
			bodies := []map[string]any{{"summary": "نسخة الكاتب"}, {"subheadline": "نسخة المحرر"}}
			for i, c := range []*cmstest.Client{w1, ed} {
				wg.Add(1)
				go func(i int, c *cmstest.Client) {
					defer wg.Done()
					results[i] = c.Do("PATCH", id, bodies[i], base)
				}(i, c)
			}
			wg.Wait()
			var won, lost int
			for i, r := range results {
				switch r.Status {
				case http.StatusOK:
					won = i
				case http.StatusPreconditionFailed:
					lost = i
					wantError(t, r, http.StatusPreconditionFailed, "precondition_failed")
				default:
					t.Fatalf("round %d: status %d: %s", round, r.Status, r.Body)
				}
			}
			if won == lost {
				t.Fatalf("round %d: got %d and %d, want one 200 and one 412", round, results[0].Status, results[1].Status)
			}
			cur := ed.Must(200, "GET", id, nil)
			if results[lost].Header.Get("ETag") != cmstest.ETag(cur) {
				t.Errorf("412 ETag: got %q, want the current %q", results[lost].Header.Get("ETag"), cmstest.ETag(cur))
			}
			// The winner's change is in the article and in a revision; the loser's is in neither.
			winField := map[int]string{0: "summary", 1: "subheadline"}[won]
			loseField := map[int]string{0: "summary", 1: "subheadline"}[lost]
			if cur[winField] != bodies[won][winField] {
				t.Errorf("the winning save is lost: %s = %v", winField, cur[winField])
			}
			if round == 0 && cur[loseField] == bodies[lost][loseField] {
				t.Errorf("the refused save was applied: %s = %v", loseField, cur[loseField])
			}
			// Reset both fields for the next round from the current version.
			art = ed.Must(200, "PATCH", id, map[string]any{"summary": "", "subheadline": ""}, cmstest.ETag(cur))
			base = cmstest.ETag(art)
		}
		revs := ed.Must(200, "GET", id+"/revisions?limit=100", nil)["data"].([]any)
		if len(revs) != 1+5*2 {
			t.Errorf("revisions: got %d, want %d (create + a winner and a reset per round)", len(revs), 1+5*2)
		}
	})
}

// TestParallelPublish: N publishes at once make exactly one publication.
func TestParallelPublish(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		ed := newClient(t, app, "editor")
		art := ed.Must(201, "POST", "/articles", map[string]any{"headline": "خبر عاجل", "body": arabicBody})
		id := "/articles/" + art["id"].(string)
		const n = 12
		var wg sync.WaitGroup
		statuses := make([]int, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				statuses[i] = ed.Do("POST", id+"/publish", nil).Status
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, s := range statuses {
			switch s {
			case http.StatusOK:
				ok++
			case http.StatusConflict, http.StatusPreconditionFailed:
			default:
				t.Errorf("parallel publish answered %d", s)
			}
		}
		if ok != 1 {
			t.Errorf("successful publishes: got %d, want 1 (%v)", ok, statuses)
		}
		var events int
		for _, e := range decodeList(t, ed.Do("GET", id+"/history", nil).Body) {
			if e["action"] == "publish" {
				events++
			}
		}
		if events != 1 {
			t.Errorf("publish events: got %d, want 1", events)
		}
	})
}

// TestOwnership: a writer works on their own drafts only, and sees another
// writer's article only once it is live.
func TestOwnership(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		a, b, ed := newClient(t, app, "writer"), newClient(t, app, "writer"), newClient(t, app, "editor")
		draft := a.Must(201, "POST", "/articles", map[string]any{"headline": "مسودة الكاتب أ", "body": arabicBody})
		path := "/articles/" + draft["id"].(string)
		wantError(t, b.Do("GET", path, nil), http.StatusNotFound, "not_found")
		wantError(t, b.Do("PATCH", path, map[string]any{"summary": "x"}, cmstest.ETag(draft)), http.StatusNotFound, "not_found")
		wantError(t, b.Do("DELETE", path, nil), http.StatusNotFound, "not_found")
		list := b.Must(200, "GET", "/articles", nil)["data"].([]any)
		if len(list) != 0 {
			t.Errorf("writer B lists %d articles, want none", len(list))
		}
		ed.Must(200, "POST", path+"/publish", nil)
		// Live now: B sees it but still may not change it.
		b.Must(200, "GET", path, nil)
		cur := ed.Must(200, "GET", path, nil)
		wantError(t, b.Do("PATCH", path, map[string]any{"summary": "x"}, cmstest.ETag(cur)), http.StatusForbidden, "forbidden")
		if got := len(b.Must(200, "GET", "/articles", nil)["data"].([]any)); got != 1 {
			t.Errorf("writer B lists %d articles after publish, want 1", got)
		}
		// A writer cannot open or close comments or assign live writers.
		wantError(t, a.Do("PATCH", path, map[string]any{"comments_open": false}, cmstest.ETag(cur)), http.StatusForbidden, "forbidden")
		wantError(t, a.Do("POST", "/articles", map[string]any{"headline": "x", "comments_open": false}), http.StatusForbidden, "forbidden")
	})
}

// TestRevisionsDiffRestore: every save is a revision; diff shows fields and
// blocks; restore brings back old content as a new revision.
func TestRevisionsDiffRestore(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		w, ed := newClient(t, app, "writer"), newClient(t, app, "editor")
		art := w.Must(201, "POST", "/articles", map[string]any{"headline": "العنوان الأول", "body": arabicBody})
		path := "/articles/" + art["id"].(string)
		body2 := []map[string]any{
			arabicBody[0],
			{"type": "heading", "level": 2, "text": "خلفية الأحداث"},
			{"type": "quote", "text": "«نأمل في التوصل إلى اتفاق»", "cite": "مصدر دبلوماسي"},
			arabicBody[2],
		}
		art = w.Must(200, "PATCH", path, map[string]any{"headline": "العنوان الثاني", "body": body2}, cmstest.ETag(art))
		d := w.Must(200, "GET", path+"/revisions/2/diff?against=1", nil)
		fields := map[string]bool{}
		for _, f := range d["fields"].([]any) {
			fields[f.(map[string]any)["field"].(string)] = true
		}
		if len(fields) != 1 || !fields["headline"] {
			t.Errorf("changed fields: got %v, want headline", fields)
		}
		var ops []string
		for _, b := range d["body"].([]any) {
			ops = append(ops, b.(map[string]any)["op"].(string))
		}
		if got := joinOps(ops); got != "equal change insert equal" {
			t.Errorf("body ops: got %q, want \"equal change insert equal\"", got)
		}
		change := d["body"].([]any)[1].(map[string]any)
		text := change["text"].([]any)
		if len(text) < 2 {
			t.Errorf("changed heading without a text diff: %v", change)
		}
		// Only editors restore.
		wantError(t, w.Do("POST", path+"/revisions/1/restore", nil), http.StatusForbidden, "forbidden")
		art = ed.Must(200, "POST", path+"/revisions/1/restore", nil, cmstest.ETag(art))
		if art["headline"] != "العنوان الأول" || len(art["body"].([]any)) != 3 {
			t.Errorf("after restore: %v", art["headline"])
		}
		rev := ed.Must(200, "GET", path+"/revisions/3", nil)
		if rev["restored_from"] != 1.0 || rev["content"].(map[string]any)["headline"] != "العنوان الأول" {
			t.Errorf("restore revision: %v", rev)
		}
		wantError(t, ed.Do("GET", path+"/revisions/9", nil), http.StatusNotFound, "not_found")
		wantError(t, ed.Do("GET", path+"/revisions/2/diff?against=x", nil), http.StatusUnprocessableEntity, "invalid")
	})
}

func joinOps(ops []string) string {
	s := ""
	for i, o := range ops {
		if i > 0 {
			s += " "
		}
		s += o
	}
	return s
}
