package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/scheduler"
	"newsroom/store"
	"newsroom/webhook"
)

// scrape reads /metrics and returns each sample line's value by its name
// and labels as written (`name{labels}`).
func scrape(t *testing.T, app *cmstest.App) map[string]float64 {
	t.Helper()
	res := app.Do(cmstest.Request{Method: "GET", Path: "/metrics"})
	if res.Status != http.StatusOK {
		t.Fatalf("/metrics: got %d, want 200: %s", res.Status, res.Body)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(res.Body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("/metrics: line %q has no number", line)
		}
		out[line[:i]] = v
	}
	return out
}

// wantMetrics checks the samples named in want.
func wantMetrics(t *testing.T, when string, got map[string]float64, want map[string]float64) {
	t.Helper()
	for name, v := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: no %s in /metrics", when, name)
		case g != v:
			t.Errorf("%s: %s got %v, want %v", when, name, g, v)
		}
	}
}

// clock is a database clock the test moves; the server reads it
// concurrently.
type clock struct{ ns atomic.Int64 }

func newClock(db *store.DB) *clock {
	c := &clock{}
	c.ns.Store(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).UnixNano())
	db.Now = c.now
	return c
}

func (c *clock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// TestOperationsMetrics causes each event an operator watches and reads it
// back from /metrics: delivery cache hits and misses, a scheduled article
// that is due but not published (scheduler lag), a pending and then a failed
// webhook delivery, and the connection pool; then a database outage, which
// must not fail the scrape.
func TestOperationsMetrics(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		clk := newClock(db)
		app := cmstest.NewApp(t, db)
		_, _, admin := app.User("admin")
		_, _, editor := app.User("editor")
		must := func(want int, token, method, path string, body any) map[string]any {
			t.Helper()
			res := app.Do(cmstest.Request{Method: method, Path: "/api/admin/v1" + path, Token: token, Body: body})
			if res.Status != want {
				t.Fatalf("%s %s: got %d, want %d: %s", method, path, res.Status, want, res.Body)
			}
			return res.JSON(t)
		}

		got := scrape(t, app)
		wantMetrics(t, "at start", got, map[string]float64{
			"cms_queue_stats_up": 1, "cms_scheduler_due_articles": 0, "cms_scheduler_lag_seconds": 0,
			"cms_webhook_deliveries_pending": 0, "cms_webhook_deliveries_due": 0, "cms_webhook_oldest_pending_age_seconds": 0,
			"cms_webhook_deliveries_failed": 0, "cms_delivery_cache_hits_total": 0, "cms_delivery_cache_entries": 0,
			"cms_delivery_cache_max_bytes": 64 << 20, "cms_db_transactions_waiting": 0, "cms_db_transaction_waits_total": 0,
		})
		for _, name := range []string{`go_sql_max_open_connections{db_name="primary"}`, `go_sql_in_use_connections{db_name="primary"}`, `go_sql_wait_count_total{db_name="primary"}`} {
			if _, ok := got[name]; !ok {
				t.Errorf("no %s in /metrics", name)
			}
		}

		// The delivery cache: the first read renders, the second is a hit.
		for range 2 {
			if res := app.Do(cmstest.Request{Method: "GET", Path: "/api/v1/sections"}); res.Status != http.StatusOK {
				t.Fatalf("GET /api/v1/sections: got %d: %s", res.Status, res.Body)
			}
		}
		got = scrape(t, app)
		wantMetrics(t, "after two reads", got, map[string]float64{"cms_delivery_cache_hits_total": 1, "cms_delivery_cache_misses_total": 1, "cms_delivery_cache_entries": 1})
		if got["cms_delivery_cache_bytes"] <= 0 {
			t.Errorf("cms_delivery_cache_bytes: got %v, want more than 0", got["cms_delivery_cache_bytes"])
		}

		// A webhook whose receiver fails, with a test delivery queued now,
		// and an article scheduled an hour ahead; then two hours pass with
		// no dispatcher and no scheduler running.
		receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
		t.Cleanup(receiver.Close)
		hook := must(http.StatusCreated, admin, "POST", "/webhooks", map[string]any{"url": receiver.URL, "events": []string{"article.published"}})
		must(http.StatusAccepted, admin, "POST", "/webhooks/"+hook["id"].(string)+"/test", nil)
		art := must(http.StatusCreated, editor, "POST", "/articles", map[string]any{"headline": "Polls close at eight", "language": "en",
			"body": []map[string]any{{"type": "paragraph", "text": "Counting starts at once."}}})
		must(http.StatusOK, editor, "POST", "/articles/"+art["id"].(string)+"/schedule", map[string]any{"publish_at": clk.now().Add(time.Hour)})
		clk.advance(2 * time.Hour)
		wantMetrics(t, "with one due article and one pending delivery", scrape(t, app), map[string]float64{
			"cms_scheduler_due_articles": 1, "cms_scheduler_lag_seconds": 3600,
			"cms_webhook_deliveries_pending": 1, "cms_webhook_deliveries_due": 1, "cms_webhook_oldest_pending_age_seconds": 7200,
			"cms_webhook_deliveries_failed": 0,
		})

		// The scheduler publishes it, which queues an article.published
		// delivery.
		if n, err := scheduler.New(app.Editorial, time.Second, cmstest.Logger()).RunOnce(context.Background()); err != nil || n != 1 {
			t.Fatalf("scheduler pass: got %d, %v, want 1 published", n, err)
		}
		wantMetrics(t, "after the scheduler ran", scrape(t, app), map[string]float64{
			"cms_scheduler_due_articles": 0, "cms_scheduler_lag_seconds": 0,
			"cms_webhook_deliveries_pending": 2, "cms_webhook_deliveries_due": 2, "cms_webhook_oldest_pending_age_seconds": 7200,
		})

		// A paused webhook's deliveries wait on purpose and are no backlog.
		setActive := func(active bool) {
			t.Helper()
			cur := must(http.StatusOK, admin, "GET", "/webhooks/"+hook["id"].(string), nil)
			res := app.Do(cmstest.Request{Method: "PATCH", Path: "/api/admin/v1/webhooks/" + hook["id"].(string), Token: admin,
				Body: map[string]any{"active": active}, Header: map[string]string{"If-Match": `"` + strconv.Itoa(int(cur["version"].(float64))) + `"`}})
			if res.Status != http.StatusOK {
				t.Fatalf("set the webhook active=%v: got %d: %s", active, res.Status, res.Body)
			}
		}
		setActive(false)
		wantMetrics(t, "with the webhook paused", scrape(t, app), map[string]float64{
			"cms_webhook_deliveries_pending": 0, "cms_webhook_deliveries_due": 0, "cms_webhook_oldest_pending_age_seconds": 0})
		setActive(true)

		// One attempt is all a delivery gets: both fail.
		cfg := webhook.DefaultConfig()
		cfg.MaxAttempts = 1
		if _, err := webhook.NewDispatcher(db, cfg, cmstest.Logger()).RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		wantMetrics(t, "after the dispatcher ran", scrape(t, app), map[string]float64{
			"cms_webhook_deliveries_pending": 0, "cms_webhook_deliveries_due": 0, "cms_webhook_oldest_pending_age_seconds": 0,
			"cms_webhook_deliveries_failed": 2,
		})

		// The database goes away: the scrape still answers, says so, and
		// keeps the metrics that do not need the database.
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		got = scrape(t, app)
		wantMetrics(t, "with the database closed", got, map[string]float64{"cms_queue_stats_up": 0, "cms_delivery_cache_hits_total": 1})
		for _, name := range []string{"cms_scheduler_due_articles", "cms_webhook_deliveries_pending"} {
			if _, ok := got[name]; ok {
				t.Errorf("with the database closed: %s is in /metrics, want it left out rather than a made-up value", name)
			}
		}
	})
}

// TestMetricsHaveHelp checks every metric of ours is documented in the
// exposition (HELP and TYPE), as operators read it.
func TestMetricsHaveHelp(t *testing.T) {
	app := cmstest.NewApp(t, cmstest.SQLite(t))
	body := string(app.Do(cmstest.Request{Method: "GET", Path: "/metrics"}).Body)
	names := regexp.MustCompile(`(?m)^(cms_[a-z_]+?)(?:_bucket|_sum|_count)?[{ ]`).FindAllStringSubmatch(body, -1)
	if len(names) == 0 {
		t.Fatalf("no cms_ metric in\n%s", body)
	}
	for _, m := range names {
		if !strings.Contains(body, "# HELP "+m[1]+" ") || !strings.Contains(body, "# TYPE "+m[1]+" ") {
			t.Errorf("%s has no HELP or TYPE line", m[1])
		}
	}
}

// TestReplicaMetrics reads a read replica's state back from /metrics, on
// the real streaming replica: in use, a lag within CMS_DATABASE_READ_MAX_LAG,
// the delivery reads it answered and its own connection pool; then the
// replica goes away under a read, which falls back to the primary, counted,
// with the replica out of use; then it comes back.
func TestReplicaMetrics(t *testing.T) {
	r := cmstest.PostgresWithReplica(t, cmstest.ReplicaOptions{Switch: true})
	app := cmstest.NewApp(t, r.DB)
	u, err := url.Parse(r.PrimaryURL)
	if err != nil {
		t.Fatal(err)
	}
	name := r.Switch.Addr + u.Path // host:port/database, the way the server reaches the replica
	label := `{replica="` + name + `"}`

	got := scrape(t, app)
	wantMetrics(t, "with the replica in use", got, map[string]float64{
		"cms_db_replica_healthy" + label: 1, "cms_db_replica_in_use" + label: 1, "cms_db_replica_fallbacks_total" + label: 0,
		`go_sql_max_open_connections{db_name="replica ` + name + `"}`: 10,
	})
	if lag, ok := got["cms_db_replica_lag_seconds"+label]; !ok || lag < 0 || lag > store.DefaultMaxLag.Seconds() {
		t.Errorf("cms_db_replica_lag_seconds%s: got %v (present: %v), want 0..%v", label, lag, ok, store.DefaultMaxLag.Seconds())
	}
	for _, m := range []string{"go_sql_open_connections", "go_sql_in_use_connections", "go_sql_idle_connections", "go_sql_wait_count_total", "go_sql_wait_duration_seconds_total"} {
		if _, ok := got[m+`{db_name="replica `+name+`"}`]; !ok {
			t.Errorf("no %s of the replica's pool in /metrics", m)
		}
	}

	// Searches miss the response cache, so each one reads the database:
	// the replica's, while it is in use.
	reads := got["cms_db_replica_reads_total"+label]
	for i := range 5 {
		if res := app.Do(cmstest.Request{Method: "GET", Path: "/api/v1/search?q=news&limit=" + strconv.Itoa(i+1)}); res.Status != http.StatusOK {
			t.Fatalf("search: got %d: %s", res.Status, res.Body)
		}
	}
	if n := scrape(t, app)["cms_db_replica_reads_total"+label]; n <= reads {
		t.Errorf("cms_db_replica_reads_total after 5 searches: got %v, want more than %v", n, reads)
	}

	// A read handle picked while the replica was in use; the replica goes
	// away before the read runs.
	ctx := context.Background()
	var tx *store.Tx
	for deadline := time.Now().Add(30 * time.Second); tx == nil; {
		before := r.DB.Replicas()[0].Reads
		h := r.DB.ReadView(ctx)
		if _, err := h.CountLive(); err != nil {
			t.Fatal(err)
		}
		if r.DB.Replicas()[0].Reads > before {
			tx = h
		} else if time.Now().After(deadline) {
			t.Fatalf("ReadView does not read from the replica: %+v", r.DB.Replicas())
		}
	}
	r.Switch.Off()
	if _, err := tx.CountLive(); err != nil {
		t.Fatalf("a read whose replica went away: %v, want it answered by the primary", err)
	}
	got = scrape(t, app)
	wantMetrics(t, "with the replica gone", got, map[string]float64{"cms_db_replica_healthy" + label: 0, "cms_db_replica_in_use" + label: 0})
	if got["cms_db_replica_fallbacks_total"+label] < 1 {
		t.Errorf("cms_db_replica_fallbacks_total%s: got %v, want at least 1", label, got["cms_db_replica_fallbacks_total"+label])
	}

	r.Switch.On()
	r.WaitReplica(true)
	wantMetrics(t, "with the replica back", scrape(t, app), map[string]float64{"cms_db_replica_healthy" + label: 1, "cms_db_replica_in_use" + label: 1})

	// Every replica metric is documented in the exposition, and names the
	// replica by address alone.
	body := string(app.Do(cmstest.Request{Method: "GET", Path: "/metrics"}).Body)
	for _, m := range []string{"cms_db_replica_healthy", "cms_db_replica_in_use", "cms_db_replica_lag_seconds", "cms_db_replica_reads_total", "cms_db_replica_fallbacks_total"} {
		if !strings.Contains(body, "# HELP "+m+" ") {
			t.Errorf("%s has no HELP line", m)
		}
	}
	if strings.Contains(body, "postgres@") || strings.Contains(body, "postgres://") {
		t.Error("/metrics carries a database URL")
	}
}
