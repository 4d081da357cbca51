package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
	"newsroom/webhook"
)

const api = "/api/admin/v1"

// testConfig makes retries quick; tests that need a retry not to be due
// yet set a longer Backoff.
func testConfig() webhook.Config {
	return webhook.Config{Interval: 20 * time.Millisecond, Batch: 10, Lease: 5 * time.Second, Timeout: 2 * time.Second,
		MaxAttempts: 5, Backoff: 30 * time.Millisecond, MaxBackoff: 120 * time.Millisecond}
}

// hit is one request a receiver got.
type hit struct {
	header http.Header
	body   []byte
}

// receiver is a webhook receiver on loopback that records what it gets and
// answers with status (200 unless set). It can be stopped and started again
// on the same address, as a receiver that goes down and comes back.
type receiver struct {
	t      *testing.T
	addr   string
	status atomic.Int32
	delay  time.Duration
	mu     sync.Mutex
	hits   []hit
	srv    *httptest.Server
}

// newReceiver returns a receiver on a free loopback address, not yet
// started: requests to it are refused.
func newReceiver(t *testing.T) *receiver {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &receiver{t: t, addr: ln.Addr().String()}
	ln.Close()
	r.status.Store(http.StatusOK)
	t.Cleanup(r.stop)
	return r
}

func (r *receiver) url() string { return "http://" + r.addr + "/hooks/cms" }

func (r *receiver) start() {
	r.t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // the address was just freed by stop; it may take a moment
		if ln, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatalf("listen again on %s: %v", r.addr, err)
	}
	r.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		time.Sleep(r.delay)
		r.mu.Lock()
		r.hits = append(r.hits, hit{header: req.Header.Clone(), body: body})
		r.mu.Unlock()
		w.WriteHeader(int(r.status.Load()))
		_, _ = io.WriteString(w, "answer of the test receiver")
	}))
	r.srv.Listener.Close()
	r.srv.Listener = ln
	r.srv.Start()
}

func (r *receiver) stop() {
	if r.srv != nil {
		r.srv.Close()
		r.srv = nil
	}
}

func (r *receiver) got() []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hit(nil), r.hits...)
}

// newsroom is an app with an admin and an editor, and a dispatcher
// factory.
type newsroom struct {
	t      *testing.T
	db     *store.DB
	app    *cmstest.App
	admin  string
	editor string
}

func newNewsroom(t *testing.T, db *store.DB) *newsroom {
	app := cmstest.NewApp(t, db)
	_, _, admin := app.User("admin")
	_, _, editor := app.User("editor")
	return &newsroom{t: t, db: db, app: app, admin: admin, editor: editor}
}

func (n *newsroom) do(token, method, path string, body any, header ...map[string]string) *cmstest.Response {
	n.t.Helper()
	req := cmstest.Request{Method: method, Path: api + path, Token: token, Body: body}
	if len(header) > 0 {
		req.Header = header[0]
	}
	return n.app.Do(req)
}

func (n *newsroom) must(want int, token, method, path string, body any, header ...map[string]string) map[string]any {
	n.t.Helper()
	res := n.do(token, method, path, body, header...)
	if res.Status != want {
		n.t.Fatalf("%s %s: got %d, want %d: %s", method, path, res.Status, want, res.Body)
	}
	if len(res.Body) == 0 {
		return nil
	}
	return res.JSON(n.t)
}

// webhook registers a webhook as the admin and returns its id and secret.
func (n *newsroom) webhook(url string, events ...string) (id, secret string) {
	n.t.Helper()
	w := n.must(http.StatusCreated, n.admin, "POST", "/webhooks", map[string]any{"url": url, "events": events})
	return w["id"].(string), w["secret"].(string)
}

// publish writes an article and publishes it through the workflow, as the
// editor, and returns its id and slug.
func (n *newsroom) publish(headline string) (id, slug string) {
	n.t.Helper()
	art := n.must(http.StatusCreated, n.editor, "POST", "/articles", map[string]any{
		"headline": headline, "language": "en",
		"body": []map[string]any{{"type": "paragraph", "text": "Talks resumed on Tuesday."}},
	})
	id = art["id"].(string)
	n.must(http.StatusOK, n.editor, "POST", "/articles/"+id+"/publish", nil)
	return id, art["slug"].(string)
}

// deliveries lists the webhook's deliveries, newest first.
func (n *newsroom) deliveries(webhookID, query string) []map[string]any {
	n.t.Helper()
	res := n.must(http.StatusOK, n.admin, "GET", "/webhooks/"+webhookID+"/deliveries?limit=100"+query, nil)
	var out []map[string]any
	for _, d := range res["data"].([]any) {
		out = append(out, d.(map[string]any))
	}
	return out
}

// runUntil runs the dispatcher's passes until done reports true, for at
// most ten seconds.
func runUntil(t *testing.T, d *webhook.Dispatcher, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatal("the dispatcher did not get there within 10s")
		}
		if _, err := d.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func statuses(ds []map[string]any) string {
	var s []string
	for _, d := range ds {
		s = append(s, d["status"].(string)+"/"+strconv.Itoa(int(d["attempts"].(float64))))
	}
	return strings.Join(s, " ")
}

// TestWebhookDeliveredOnPublish publishes through the real workflow and
// checks the one signed delivery the receiver gets and the delivery log.
func TestWebhookDeliveredOnPublish(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := newNewsroom(t, db)
		rec := newReceiver(t)
		rec.start()
		rec.status.Store(http.StatusNoContent)
		hookID, secret := n.webhook(rec.url(), "article.published", "article.unpublished")
		if len(secret) != 64 {
			t.Fatalf("secret: got %q, want 64 hex characters", secret)
		}
		d := webhook.NewDispatcher(db, testConfig(), cmstest.Logger())
		if sent, err := d.RunOnce(context.Background()); err != nil || sent != 0 {
			t.Fatalf("before any change: sent %d, %v; want 0", sent, err)
		}

		before := time.Now().Unix()
		artID, slug := n.publish("Talks resume in Astana")
		if sent, err := d.RunOnce(context.Background()); err != nil || sent != 1 {
			t.Fatalf("after publishing: sent %d, %v; want 1", sent, err)
		}
		hits := rec.got()
		if len(hits) != 1 {
			t.Fatalf("receiver hits: got %d, want 1", len(hits))
		}
		h := hits[0]
		ds := n.deliveries(hookID, "")
		if len(ds) != 1 {
			t.Fatalf("deliveries: got %d, want 1", len(ds))
		}
		del := ds[0]
		for name, want := range map[string]string{
			"Content-Type": "application/json", "X-Webhook-Event": "article.published", "X-Webhook-Id": del["id"].(string),
		} {
			if got := h.header.Get(name); got != want {
				t.Errorf("%s: got %q, want %q", name, got, want)
			}
		}
		ts := h.header.Get("X-Webhook-Timestamp")
		if sec, err := strconv.ParseInt(ts, 10, 64); err != nil || sec < before-1 || sec > time.Now().Unix()+1 {
			t.Errorf("X-Webhook-Timestamp: got %q, want the Unix time of sending", ts)
		}
		sig := h.header.Get("X-Webhook-Signature")
		if !webhook.Verify(secret, ts, h.body, sig) {
			t.Errorf("signature %q does not verify with the secret", sig)
		}
		if webhook.Verify(strings.Repeat("0", 64), ts, h.body, sig) || webhook.Verify(secret, ts, append(h.body, ' '), sig) {
			t.Error("the signature verifies with another secret or body")
		}
		var payload struct {
			Event      string    `json:"event"`
			OccurredAt time.Time `json:"occurred_at"`
			Data       struct {
				ID, Slug, Headline string
				Live               bool
			} `json:"data"`
		}
		if err := json.Unmarshal(h.body, &payload); err != nil {
			t.Fatalf("payload: %v: %s", err, h.body)
		}
		if payload.Event != "article.published" || payload.Data.ID != artID || payload.Data.Slug != slug ||
			payload.Data.Headline != "Talks resume in Astana" || !payload.Data.Live || payload.OccurredAt.IsZero() {
			t.Errorf("payload: got %s", h.body)
		}
		if del["status"] != "delivered" || del["attempts"] != 1.0 || del["last_status_code"] != 204.0 ||
			del["delivered_at"] == nil || del["next_attempt_at"] != nil || del["last_error"] != "" || del["event"] != "article.published" {
			t.Errorf("delivery: got %v", del)
		}
		if p, _ := del["payload"].(map[string]any); p["event"] != "article.published" {
			t.Errorf("delivery payload: got %v", del["payload"])
		}

		// Nothing more is due; unpublishing queues the next event.
		if sent, _ := d.RunOnce(context.Background()); sent != 0 || len(rec.got()) != 1 {
			t.Fatalf("a second pass sent %d", sent)
		}
		n.must(http.StatusOK, n.editor, "POST", "/articles/"+artID+"/unpublish", map[string]any{"reason": "legal"})
		if sent, err := d.RunOnce(context.Background()); err != nil || sent != 1 {
			t.Fatalf("after unpublishing: sent %d, %v; want 1", sent, err)
		}
		if hits := rec.got(); len(hits) != 2 || hits[1].header.Get("X-Webhook-Event") != "article.unpublished" {
			t.Errorf("after unpublishing: %d hits", len(hits))
		}
		if ds := n.deliveries(hookID, ""); len(ds) != 2 || ds[0]["event"] != "article.unpublished" {
			t.Errorf("deliveries, newest first: got %v", ds)
		}
	})
}

// TestWebhookReceiverDown: a receiver that refuses connections, then
// answers 503, then comes back, gets every delivery in the end, retried
// with a growing backoff.
func TestWebhookReceiverDown(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := newNewsroom(t, db)
		rec := newReceiver(t) // down: nothing listens
		hookID, _ := n.webhook(rec.url(), "article.published")
		cfg := testConfig()
		cfg.Backoff, cfg.MaxBackoff = 400*time.Millisecond, 800*time.Millisecond
		d := webhook.NewDispatcher(db, cfg, cmstest.Logger())
		n.publish("First")
		n.publish("Second")

		if sent, err := d.RunOnce(context.Background()); err != nil || sent != 2 {
			t.Fatalf("first pass: sent %d, %v; want 2", sent, err)
		}
		ds := n.deliveries(hookID, "")
		for _, del := range ds {
			next, _ := time.Parse(time.RFC3339Nano, del["next_attempt_at"].(string))
			if del["status"] != "pending" || del["attempts"] != 1.0 || del["last_status_code"] != nil ||
				!strings.Contains(del["last_error"].(string), "refused") || time.Until(next) < 100*time.Millisecond {
				t.Errorf("after a refused connection: got %v", del)
			}
		}
		// The retry is not due yet.
		if sent, _ := d.RunOnce(context.Background()); sent != 0 {
			t.Fatalf("a pass before the backoff ended sent %d", sent)
		}

		rec.status.Store(http.StatusServiceUnavailable)
		rec.start()
		runUntil(t, d, func() bool { return len(rec.got()) == 2 })
		for _, del := range n.deliveries(hookID, "") {
			if del["status"] != "pending" || del["attempts"] != 2.0 || del["last_status_code"] != 503.0 ||
				!strings.Contains(del["last_error"].(string), "503") {
				t.Errorf("after a 503: got %v", del)
			}
		}

		rec.status.Store(http.StatusOK)
		runUntil(t, d, func() bool { return len(n.deliveries(hookID, "&status=delivered")) == 2 })
		perID := map[string]int{}
		for _, h := range rec.got() {
			perID[h.header.Get("X-Webhook-Id")]++
		}
		for _, del := range n.deliveries(hookID, "") {
			if del["attempts"] != 3.0 || perID[del["id"].(string)] != 2 {
				t.Errorf("delivery %v: %d hits, want 2 (503, then 200) and 3 attempts", del["id"], perID[del["id"].(string)])
			}
		}
	})
}

// TestWebhookAcrossRestart: deliveries queued while no dispatcher runs, and
// one a stopped dispatcher failed to send, are delivered by a new one on a
// new connection to the database, as after a backend restart.
func TestWebhookAcrossRestart(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := newNewsroom(t, db)
		rec := newReceiver(t)
		hookID, secret := n.webhook(rec.url(), "article.published")

		// The first backend tries once while the receiver is down, then stops.
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			webhook.NewDispatcher(db, testConfig(), cmstest.Logger()).Run(ctx)
		}()
		n.publish("Before the restart")
		deadline := time.Now().Add(10 * time.Second)
		for ds := n.deliveries(hookID, ""); ds[0]["attempts"] == 0.0; ds = n.deliveries(hookID, "") {
			if time.Now().After(deadline) {
				t.Fatal("the first dispatcher never tried")
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		<-done
		// While the backend is down, the newsroom goes on.
		n.publish("During the restart")

		// The new backend: its own database connection, its own dispatcher.
		db2, err := store.Open(context.Background(), db.URL(), cmstest.Logger())
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		rec.start()
		ctx2, stop2 := context.WithCancel(context.Background())
		done2 := make(chan struct{})
		go func() {
			defer close(done2)
			webhook.NewDispatcher(db2, testConfig(), cmstest.Logger()).Run(ctx2)
		}()
		deadline = time.Now().Add(10 * time.Second)
		for len(n.deliveries(hookID, "&status=delivered")) < 2 {
			if time.Now().After(deadline) {
				t.Fatalf("after the restart: %s, want both delivered", statuses(n.deliveries(hookID, "")))
			}
			time.Sleep(20 * time.Millisecond)
		}
		stop2()
		<-done2
		headlines := map[string]bool{}
		for _, h := range rec.got() {
			if !webhook.Verify(secret, h.header.Get("X-Webhook-Timestamp"), h.body, h.header.Get("X-Webhook-Signature")) {
				t.Error("a delivery after the restart does not verify")
			}
			var p struct{ Data struct{ Headline string } }
			_ = json.Unmarshal(h.body, &p)
			headlines[p.Data.Headline] = true
		}
		if len(rec.got()) != 2 || !headlines["Before the restart"] || !headlines["During the restart"] {
			t.Errorf("the receiver got %d deliveries (%v), want each article once", len(rec.got()), headlines)
		}
	})
}

// TestWebhookLeaseExpires: a delivery claimed by a dispatcher that died is
// sent by another once the lease ends, and the dead one's late outcome is
// dropped.
func TestWebhookLeaseExpires(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := newNewsroom(t, db)
		rec := newReceiver(t)
		rec.start()
		hookID, _ := n.webhook(rec.url(), "story.updated")
		test := n.must(http.StatusAccepted, n.admin, "POST", "/webhooks/"+hookID+"/test", nil)
		if test["status"] != "pending" || test["event"] != "webhook.test" || test["webhook_id"] != hookID {
			t.Fatalf("test delivery: got %v", test)
		}

		// A dispatcher claims it and dies before recording anything.
		var claimed []store.ClaimedDelivery
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			var err error
			claimed, err = tx.ClaimDeliveries(10, 500*time.Millisecond)
			return err
		})
		if err != nil || len(claimed) != 1 || claimed[0].Attempt != 1 || claimed[0].ID != test["id"] {
			t.Fatalf("claim: got %+v, %v", claimed, err)
		}
		d := webhook.NewDispatcher(db, testConfig(), cmstest.Logger())
		if sent, _ := d.RunOnce(context.Background()); sent != 0 {
			t.Fatalf("while the lease holds: sent %d, want 0", sent)
		}
		time.Sleep(600 * time.Millisecond)
		if sent, err := d.RunOnce(context.Background()); err != nil || sent != 1 {
			t.Fatalf("after the lease: sent %d, %v; want 1", sent, err)
		}
		hits := rec.got()
		if len(hits) != 1 || hits[0].header.Get("X-Webhook-Event") != "webhook.test" {
			t.Fatalf("receiver: %d hits, want the test delivery once", len(hits))
		}
		var p struct {
			Data struct {
				WebhookID string `json:"webhook_id"`
			}
		}
		if json.Unmarshal(hits[0].body, &p) != nil || p.Data.WebhookID != hookID {
			t.Errorf("test payload: got %s", hits[0].body)
		}
		// The dead dispatcher's outcome arrives late: it changes nothing.
		var current bool
		err = db.InTx(context.Background(), func(tx *store.Tx) error {
			var err error
			current, err = tx.RecordDelivery(claimed[0].ID, 1, store.DeliveryOutcome{Error: "late", RetryIn: time.Hour})
			return err
		})
		if err != nil || current {
			t.Fatalf("late outcome: current %v, %v; want false", current, err)
		}
		if ds := n.deliveries(hookID, ""); len(ds) != 1 || ds[0]["status"] != "delivered" || ds[0]["attempts"] != 2.0 {
			t.Errorf("after the late outcome: got %v", ds)
		}
	})
}

// TestWebhookFailsAfterMaxAttempts: a receiver that always fails gets the
// delivery MaxAttempts times; then it is failed and left alone.
func TestWebhookFailsAfterMaxAttempts(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := newNewsroom(t, db)
		rec := newReceiver(t)
		rec.start()
		rec.status.Store(http.StatusInternalServerError)
		hookID, _ := n.webhook(rec.url(), "article.published")
		n.publish("Doomed")
		cfg := testConfig()
		cfg.MaxAttempts = 3
		d := webhook.NewDispatcher(db, cfg, cmstest.Logger())
		runUntil(t, d, func() bool { return len(n.deliveries(hookID, "&status=failed")) == 1 })
		del := n.deliveries(hookID, "&status=failed")[0]
		if del["attempts"] != 3.0 || del["last_status_code"] != 500.0 || del["next_attempt_at"] != nil || del["delivered_at"] != nil ||
			!strings.Contains(del["last_error"].(string), "answer of the test receiver") {
			t.Errorf("failed delivery: got %v", del)
		}
		if len(n.deliveries(hookID, "&status=pending")) != 0 || len(n.deliveries(hookID, "&status=delivered")) != 0 {
			t.Error("the status filter shows the failed delivery under another status")
		}
		time.Sleep(200 * time.Millisecond)
		if sent, _ := d.RunOnce(context.Background()); sent != 0 || len(rec.got()) != 3 {
			t.Errorf("after failing: sent %d, %d hits; want 0 and 3", sent, len(rec.got()))
		}
	})
}

// TestWebhookDispatchersNeverDoubleSend runs two dispatchers, each with a
// database connection of its own as two replicas have, over the same
// deliveries at once: each delivery reaches the receiver exactly once.
func TestWebhookDispatchersNeverDoubleSend(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := newNewsroom(t, db)
		rec := newReceiver(t)
		rec.delay = 5 * time.Millisecond
		rec.start()
		hookID, _ := n.webhook(rec.url(), "article.published")
		const total = 60
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			for i := range total {
				if _, err := tx.QueueDelivery(hookID, "article.published", map[string]any{"n": i}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db2, err := store.Open(context.Background(), db.URL(), cmstest.Logger())
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		cfg := testConfig()
		cfg.Batch = 4
		var wg sync.WaitGroup
		var attempts [2]int
		for i, conn := range []*store.DB{db, db2} {
			wg.Go(func() {
				d := webhook.NewDispatcher(conn, cfg, cmstest.Logger())
				sent, err := d.RunOnce(context.Background())
				if err != nil {
					t.Error(err)
				}
				attempts[i] = sent
			})
		}
		wg.Wait()
		perID := map[string]int{}
		for _, h := range rec.got() {
			perID[h.header.Get("X-Webhook-Id")]++
		}
		for id, k := range perID {
			if k != 1 {
				t.Errorf("delivery %s reached the receiver %d times, want once", id, k)
			}
		}
		if len(perID) != total || attempts[0]+attempts[1] != total {
			t.Errorf("got %d distinct deliveries in %d+%d attempts, want %d", len(perID), attempts[0], attempts[1], total)
		}
		if got := len(n.deliveries(hookID, "&status=delivered")); got != total {
			t.Errorf("delivered: got %d, want %d", got, total)
		}
		t.Logf("attempts per dispatcher: %v", attempts)
	})
}

// TestWebhookInactivePaused: a deactivated webhook's pending delivery waits,
// no new ones are queued for it, and reactivating it sends the one waiting.
func TestWebhookInactivePaused(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := newNewsroom(t, db)
		rec := newReceiver(t)
		rec.start()
		hookID, _ := n.webhook(rec.url(), "article.published")
		n.publish("Queued while active")
		w := n.must(http.StatusOK, n.admin, "GET", "/webhooks/"+hookID, nil)
		w = n.must(http.StatusOK, n.admin, "PATCH", "/webhooks/"+hookID, map[string]any{"active": false},
			map[string]string{"If-Match": `"` + strconv.Itoa(int(w["version"].(float64))) + `"`})
		d := webhook.NewDispatcher(db, testConfig(), cmstest.Logger())
		n.publish("Published while inactive")
		if sent, _ := d.RunOnce(context.Background()); sent != 0 || len(rec.got()) != 0 {
			t.Fatalf("inactive: sent %d", sent)
		}
		if ds := n.deliveries(hookID, ""); len(ds) != 1 || ds[0]["status"] != "pending" || ds[0]["attempts"] != 0.0 {
			t.Fatalf("inactive: deliveries %v, want the one queued before, untouched", ds)
		}
		res := n.do(n.admin, "POST", "/webhooks/"+hookID+"/test", nil)
		if res.Status != http.StatusConflict {
			t.Errorf("test of an inactive webhook: got %d, want 409", res.Status)
		}
		n.must(http.StatusOK, n.admin, "PATCH", "/webhooks/"+hookID, map[string]any{"active": true},
			map[string]string{"If-Match": `"` + strconv.Itoa(int(w["version"].(float64))) + `"`})
		if sent, err := d.RunOnce(context.Background()); err != nil || sent != 1 || len(rec.got()) != 1 {
			t.Fatalf("reactivated: sent %d, %v", sent, err)
		}
	})
}

// TestWebhookRedirects: a redirect to another host is not followed (a
// receiver cannot bounce a signed payload elsewhere); a 307 on the same
// host is, with the body and signature intact.
func TestWebhookRedirects(t *testing.T) {
	db := cmstest.SQLite(t)
	n := newNewsroom(t, db)
	other := newReceiver(t)
	other.start()
	var final atomic.Int32
	var body []byte
	var header http.Header
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/elsewhere":
			http.Redirect(w, r, other.url(), http.StatusTemporaryRedirect)
		case "/moved":
			http.Redirect(w, r, "/final", http.StatusTemporaryRedirect)
		case "/final":
			final.Add(1)
			body, _ = io.ReadAll(r.Body)
			header = r.Header.Clone()
		}
	}))
	defer redirector.Close()
	elsewhere, _ := n.webhook(redirector.URL+"/elsewhere", "article.published")
	moved, secret := n.webhook(redirector.URL+"/moved", "article.published")
	n.publish("Redirected")
	d := webhook.NewDispatcher(db, testConfig(), cmstest.Logger())
	if sent, err := d.RunOnce(context.Background()); err != nil || sent != 2 {
		t.Fatalf("sent %d, %v; want 2", sent, err)
	}
	if len(other.got()) != 0 {
		t.Error("a redirect to another host was followed")
	}
	if del := n.deliveries(elsewhere, "")[0]; del["status"] != "pending" || del["last_status_code"] != 307.0 {
		t.Errorf("redirected elsewhere: got %v", del)
	}
	if del := n.deliveries(moved, "")[0]; del["status"] != "delivered" || final.Load() != 1 ||
		!webhook.Verify(secret, header.Get("X-Webhook-Timestamp"), body, header.Get("X-Webhook-Signature")) {
		t.Errorf("redirected on the same host: got %v, %d hits at the end", del, final.Load())
	}
}

func TestSignature(t *testing.T) {
	secret, ts, body := strings.Repeat("ab", 32), "1714550400", []byte(`{"event":"article.published"}`)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "." + string(body)))
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if got := webhook.Sign(secret, ts, body); got != want {
		t.Fatalf("Sign: got %s, want %s", got, want)
	}
	for _, tc := range []struct {
		name, secret, ts, body, sig string
		want                        bool
	}{
		{"valid", secret, ts, string(body), want, true},
		{"upper-case hex", secret, ts, string(body), "sha256=" + strings.ToUpper(want[7:]), true},
		{"other secret", strings.Repeat("cd", 32), ts, string(body), want, false},
		{"other timestamp", secret, "1714550401", string(body), want, false},
		{"other body", secret, ts, string(body) + " ", want, false},
		{"no prefix", secret, ts, string(body), want[7:], false},
		{"empty", secret, ts, string(body), "", false},
		{"empty secret", "", ts, string(body), webhook.Sign("", ts, body), false},
		{"truncated", secret, ts, string(body), want[:len(want)-2], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := webhook.Verify(tc.secret, tc.ts, []byte(tc.body), tc.sig); got != tc.want {
				t.Errorf("Verify: got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestWebhookBackoff(t *testing.T) {
	cfg := webhook.DefaultConfig()
	for attempt, want := range map[int]time.Duration{
		1: 5 * time.Second, 2: 10 * time.Second, 3: 20 * time.Second, 8: 640 * time.Second, 10: 2560 * time.Second, 11: time.Hour, 40: time.Hour,
	} {
		if got := cfg.Delay(attempt); got != want {
			t.Errorf("Delay(%d): got %s, want %s", attempt, got, want)
		}
	}
	var total time.Duration
	for a := 1; a < cfg.MaxAttempts; a++ {
		total += cfg.Delay(a)
	}
	if total < 12*time.Hour || total > 48*time.Hour {
		t.Errorf("the retries span %s before jitter; want about a day", total)
	}
}
