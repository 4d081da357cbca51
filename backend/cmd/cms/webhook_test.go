package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"newsroom/accounts"
	"newsroom/authz"
	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/editorial"
	"newsroom/store"
	"newsroom/webhook"
)

// TestWebhookAcrossServeRestart: a real `cms serve` fails to reach a
// receiver that is down and is stopped; an article is published while no
// server runs; the receiver comes back and a new `cms serve` delivers both,
// each once and correctly signed.
func TestWebhookAcrossServeRestart(t *testing.T) {
	dbURL := cmstest.PostgresDatabaseURL(t)
	db, ed, editor := newsroomOn(t, dbURL)
	ctx := context.Background()

	// The receiver's address, with nothing listening yet.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	policy, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	hook, err := webhook.New(db, policy, cmstest.Logger()).Create(ctx, accounts.OperatorActor(), webhook.Input{
		URL: ptr("http://" + addr + "/hook"), Events: &[]string{store.EventArticlePublished},
	})
	if err != nil {
		t.Fatal(err)
	}
	deliveries := func(status string) int {
		var n int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM webhook_deliveries WHERE status = $1 AND attempts > 0", status).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	srv := startServe(t, dbURL)
	publish(t, ed, editor, "Before the restart")
	deadline := time.Now().Add(15 * time.Second)
	for deliveries("pending") == 0 { // tried, and failed: the receiver is down
		if time.Now().After(deadline) {
			t.Fatal("the server never tried the delivery")
		}
		time.Sleep(50 * time.Millisecond)
	}
	srv.stop(t)
	publish(t, ed, editor, "While stopped")

	var mu sync.Mutex
	got := map[string]int{}
	rec := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !webhook.Verify(hook.Secret, r.Header.Get("X-Webhook-Timestamp"), body, r.Header.Get("X-Webhook-Signature")) {
			t.Errorf("a delivery does not verify: %s", body)
		}
		var p struct{ Data struct{ Headline string } }
		_ = json.Unmarshal(body, &p)
		mu.Lock()
		got[p.Data.Headline]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	rec.Listener.Close()
	if rec.Listener, err = net.Listen("tcp", addr); err != nil {
		t.Fatal(err)
	}
	rec.Start()
	defer rec.Close()

	startServe(t, dbURL)
	// The first delivery waits out its backoff (5 to 10 seconds by default).
	deadline = time.Now().Add(30 * time.Second)
	for deliveries("delivered") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("after the restart: %d of 2 delivered", deliveries("delivered"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got["Before the restart"] != 1 || got["While stopped"] != 1 {
		t.Errorf("the receiver got %v, want each article once", got)
	}
}

func publish(t *testing.T, ed *editorial.Service, editor cms.Actor, headline string) {
	t.Helper()
	ctx := context.Background()
	body := []cms.Block{{Type: "paragraph", Text: "Text of the article."}}
	art, err := ed.CreateArticle(ctx, editor, editorial.ArticleInput{Headline: &headline, Body: &body})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ed.Transition(ctx, editor, art.ID, cms.ActionPublish, 0, false, editorial.TransitionInput{}); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }
