package delivery_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/cmstest"
)

// replicaReads is how many statements the test database's read replica
// answered so far.
func replicaReads(r *cmstest.Replicated) uint64 { return r.DB.Replicas()[0].Reads }

// TestDeliveryReadsFromReplica: delivery reads go to the read replica (seen
// from the replica itself, in pg_stat_activity); the admin API reads and
// writes on the primary, and sees its own writes at once.
func TestDeliveryReadsFromReplica(t *testing.T) {
	t.Parallel()
	r := cmstest.PostgresWithReplica(t, cmstest.ReplicaOptions{})
	n := setup(t, r.DB)
	art := n.publish(t, map[string]any{"headline": "خبر من النسخة المتماثلة", "body": body(1), "section_id": n.section["id"]})
	slug := url.PathEscape(art["slug"].(string))
	r.WaitReplica(true)

	var since time.Time
	replica, err := sql.Open("pgx", r.ReplicaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	if err := replica.QueryRow("SELECT now()").Scan(&since); err != nil {
		t.Fatal(err)
	}
	before := replicaReads(r)
	for _, path := range []string{"/api/v1/articles/" + slug, "/api/v1/articles?section=" + url.QueryEscape(n.section["slug"].(string)), "/api/v1/search?q=" + url.QueryEscape("النسخة")} {
		if res := get(t, n.app, path); res.Status != 200 || !strings.Contains(string(res.Body), "خبر من النسخة المتماثلة") {
			t.Fatalf("GET %s: %d %s", path, res.Status, res.Body)
		}
	}
	// On a loaded machine the replica may fall behind for a moment, and the
	// reads go to the primary then: more (uncached) reads until one reaches it.
	for i, deadline := 0, time.Now().Add(30*time.Second); replicaReads(r) <= before; i++ {
		if time.Now().After(deadline) {
			t.Fatalf("the delivery reads did not reach the replica: %+v", r.DB.Replicas())
		}
		r.WaitReplica(true)
		if res := get(t, n.app, fmt.Sprintf("/api/v1/search?q=%s&limit=%d", url.QueryEscape("النسخة"), i%50+1)); res.Status != 200 {
			t.Fatalf("search: %d %s", res.Status, res.Body)
		}
	}
	// The replica itself shows our read connections at work since then
	// (the health checks have a connection of their own, "cms-check").
	var conns int
	if err := replica.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
		AND application_name = 'cms-read' AND state_change >= $1`, since).Scan(&conns); err != nil {
		t.Fatal(err)
	}
	if conns == 0 {
		t.Error("pg_stat_activity on the replica shows no read of ours")
	}

	// The admin API: every read and write on the primary, none on the replica.
	before = replicaReads(r)
	id := art["id"].(string)
	cur := n.editor.Must(200, "GET", admin+"/articles/"+id, nil)
	saved := n.editor.Must(200, "PATCH", admin+"/articles/"+id, map[string]any{"headline": "عنوان جديد في المسودة"}, cmstest.ETag(cur))
	if got := n.editor.Must(200, "GET", admin+"/articles/"+id, nil); got["headline"] != "عنوان جديد في المسودة" || got["version"] != saved["version"] {
		t.Errorf("the admin API does not read its own write: %v", got["headline"])
	}
	n.editor.Must(200, "GET", admin+"/articles?limit=50", nil)
	if got := replicaReads(r); got != before {
		t.Errorf("the admin API read from the replica: %d reads before, %d after", before, got)
	}
}

// TestDeliveryDuringReplicaLag: with the replica's replay paused, a publish
// is visible through the delivery API at once (read from the primary, not
// cached stale from the replica), a draft never shows, and once the replica
// has replayed the publish, delivery reads return to it.
func TestDeliveryDuringReplicaLag(t *testing.T) {
	t.Parallel()
	r := cmstest.PostgresWithReplica(t, cmstest.ReplicaOptions{PauseReplay: true, MaxLag: time.Minute})
	n := setup(t, r.DB)
	art := n.publish(t, map[string]any{"headline": "الإصدار الأول", "body": body(1)})
	id, path := art["id"].(string), "/api/v1/articles/"+url.PathEscape(art["slug"].(string))
	r.WaitReplica(true)
	headline := func() string {
		t.Helper()
		res := get(t, n.app, path)
		if res.Status != 200 {
			t.Fatalf("GET %s: %d %s", path, res.Status, res.Body)
		}
		h := res.JSON(t)["headline"].(string)
		if strings.Contains(h, "مسودة") {
			t.Fatalf("the delivery API served a draft: %q", h)
		}
		return h
	}
	if h := headline(); h != "الإصدار الأول" { // cached from the replica
		t.Fatalf("first headline: %q", h)
	}

	r.PauseReplay()
	cur := n.editor.Must(200, "GET", admin+"/articles/"+id, nil)
	cur = n.editor.Must(200, "PATCH", admin+"/articles/"+id, map[string]any{"headline": "مسودة لم تنشر"}, cmstest.ETag(cur))
	if h := headline(); h != "الإصدار الأول" {
		t.Fatalf("after a draft save: %q, want the published headline", h)
	}
	cur = n.editor.Must(200, "PATCH", admin+"/articles/"+id, map[string]any{"headline": "الإصدار الثاني"}, cmstest.ETag(cur))
	n.editor.Must(200, "POST", admin+"/articles/"+id+"/publish", nil)
	cur = n.editor.Must(200, "GET", admin+"/articles/"+id, nil)
	n.editor.Must(200, "PATCH", admin+"/articles/"+id, map[string]any{"headline": "مسودة بعد النشر"}, cmstest.ETag(cur))
	// The replica has not replayed the publish: the answer must not be the
	// old version (refilled from the replica after the invalidation) nor a draft.
	for range 10 {
		if h := headline(); h != "الإصدار الثاني" {
			t.Fatalf("during replica lag: %q, want the new published headline", h)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st := r.DB.Replicas()[0]; !st.Healthy {
		t.Fatalf("the paused replica is not healthy, so the test shows nothing: %+v", st)
	}

	r.ResumeReplay()
	r.WaitReplica(true)
	// A page not read yet is read from the replica again, and is current.
	deadline := time.Now().Add(30 * time.Second)
	for {
		before := replicaReads(r)
		res := get(t, n.app, "/api/v1/search?q="+url.QueryEscape("الإصدار")+"&limit="+fmt.Sprint(time.Now().UnixNano()%50+1))
		if res.Status != 200 || strings.Contains(string(res.Body), "مسودة") || !strings.Contains(string(res.Body), "الإصدار الثاني") {
			t.Fatalf("search after the replica caught up: %d %s", res.Status, res.Body)
		}
		if replicaReads(r) > before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery reads did not return to the replica: %+v", r.DB.Replicas())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if h := headline(); h != "الإصدار الثاني" {
		t.Errorf("after the replica caught up: %q", h)
	}
}

// TestDeliveryReplicaStoppedMidRun: the replica goes away while readers
// are reading: every delivery request is still answered (from the primary),
// the admin API keeps working, and reads return to the replica when it is
// back.
func TestDeliveryReplicaStoppedMidRun(t *testing.T) {
	t.Parallel()
	r := cmstest.PostgresWithReplica(t, cmstest.ReplicaOptions{Switch: true})
	n := setup(t, r.DB)
	var slugs []string
	for i := range 5 {
		a := n.publish(t, map[string]any{"headline": fmt.Sprintf("خبر رقم %d", i), "body": body(i)})
		slugs = append(slugs, url.PathEscape(a["slug"].(string)))
	}
	r.WaitReplica(true)

	// Readers: every request misses the cache (a new query each time).
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var requests int
	var failures []string
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				path := fmt.Sprintf("/api/v1/search?q=%s&limit=%d", url.QueryEscape(fmt.Sprintf("خبر %d", w*100000+i)), i%50+1)
				switch i % 3 {
				case 1:
					path = "/api/v1/articles?limit=" + fmt.Sprint((w*7+i)%50+1)
				case 2: // cached after its first read: the readers' common case
					path = "/api/v1/articles/" + slugs[i%len(slugs)]
				}
				res := n.app.Do(cmstest.Request{Method: "GET", Path: path})
				mu.Lock()
				requests++
				if res.Status != 200 {
					failures = append(failures, fmt.Sprintf("%s: %d %s", path, res.Status, res.Body))
				}
				mu.Unlock()
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	r.Switch.Off()
	// The admin API works meanwhile: it never needed the replica.
	id := n.editor.Must(201, "POST", admin+"/articles", map[string]any{"headline": "خبر أثناء التوقف", "body": body(9)})["id"].(string)
	n.editor.Must(200, "POST", admin+"/articles/"+id+"/publish", nil)
	time.Sleep(700 * time.Millisecond)
	if st := r.DB.Replicas()[0]; st.Healthy || st.Fallbacks == 0 {
		t.Errorf("with the replica gone: %+v, want unhealthy with reads sent to the primary", st)
	}
	r.Switch.On()
	r.WaitReplica(true)
	before := replicaReads(r)
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d of %d delivery requests failed while the replica went away and came back, e.g. %s", len(failures), requests, failures[0])
	}
	if replicaReads(r) <= before {
		t.Errorf("delivery reads did not return to the replica once it was back: %+v", r.DB.Replicas())
	}
	t.Logf("%d delivery requests, none failed; replica: %+v", requests, r.DB.Replicas()[0])
}
