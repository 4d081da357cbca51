package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"newsroom/accounts"
	"newsroom/authz"
	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/editorial"
	"newsroom/store"
)

// newsroomOn opens the database behind the servers and returns the editorial
// service and an editor to schedule articles with.
func newsroomOn(t *testing.T, dbURL string) (*store.DB, *editorial.Service, cms.Actor) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL, cmstest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	policy, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	acc, err := accounts.New(db, policy, accounts.DefaultConfig(), cmstest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	u, err := acc.CreateUser(ctx, accounts.OperatorActor(), accounts.NewUser{Email: "ed@test.example", Name: "Ed", Password: cmstest.Password, Roles: []string{"editor"}})
	if err != nil {
		t.Fatal(err)
	}
	return db, editorial.New(db, policy, cmstest.Logger()), u.Actor("")
}

// scheduleArticles creates n articles, then schedules them all for the
// same second, soon after; creating first keeps the scheduling burst short.
func scheduleArticles(t *testing.T, ed *editorial.Service, editor cms.Actor, n int, lead time.Duration) ([]string, time.Time) {
	t.Helper()
	ctx := context.Background()
	ids := make([]string, n)
	for i := range ids {
		h := fmt.Sprintf("خبر مجدول رقم %d", i)
		body := []cms.Block{{Type: "paragraph", Text: "نص الخبر"}}
		art, err := ed.CreateArticle(ctx, editor, editorial.ArticleInput{Headline: &h, Body: &body})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = art.ID
	}
	at := time.Now().Add(lead).Truncate(time.Second).Add(time.Second)
	for _, id := range ids {
		if _, err := ed.Transition(ctx, editor, id, cms.ActionSchedule, 0, false, editorial.TransitionInput{PublishAt: &at}); err != nil {
			t.Fatal(err)
		}
	}
	return ids, at
}

// publishCounts returns, per article, how many times it was published by
// the scheduler, and how many are live. The live count is read first: a
// publish writes its event and its publication in one transaction, so the
// events read after it hold every publish it counted. Read the other way
// round, a publish committed between the two reads was counted live
// without its event (CI saw 50 live and 26 events).
func publishCounts(t *testing.T, db *store.DB, ids []string) (events map[string]int, live int) {
	t.Helper()
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM article_publications").Scan(&live); err != nil {
		t.Fatal(err)
	}
	events = map[string]int{}
	rows, err := db.SQL().Query("SELECT article_id FROM workflow_events WHERE action = 'publish_due'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		events[id]++
	}
	return events, live
}

// TestTwoReplicasPublishOnce: two `cms serve` processes on one PostgreSQL,
// 50 articles scheduled in the same second: each is published exactly once.
func TestTwoReplicasPublishOnce(t *testing.T) {
	dbURL := cmstest.PostgresDatabaseURL(t)
	db, ed, editor := newsroomOn(t, dbURL)
	startServe(t, dbURL)
	startServe(t, dbURL)
	const n = 50
	ids, at := scheduleArticles(t, ed, editor, n, 4*time.Second)
	if time.Now().After(at) {
		t.Fatalf("scheduling took too long: the time %v passed before the servers were watching", at)
	}
	deadline := at.Add(20 * time.Second)
	for {
		events, live := publishCounts(t, db, ids)
		if live == n {
			for _, id := range ids {
				if events[id] != 1 {
					t.Errorf("article %s published %d times, want once", id, events[id])
				}
			}
			if len(events) != n {
				t.Errorf("publish events for %d articles, want %d", len(events), n)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d articles live 20s after their time", live, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestScheduleFallsDueWhileDown: a schedule that fell due while no server
// ran is published when one starts.
func TestScheduleFallsDueWhileDown(t *testing.T) {
	for _, name := range []string{"postgres", "sqlite"} {
		t.Run(name, func(t *testing.T) {
			dbURL := "sqlite:" + filepath.Join(t.TempDir(), "cms.db")
			if name == "postgres" {
				dbURL = cmstest.PostgresDatabaseURL(t)
			}
			db, ed, editor := newsroomOn(t, dbURL)
			ids, at := scheduleArticles(t, ed, editor, 3, time.Second)
			time.Sleep(time.Until(at) + 200*time.Millisecond) // due now, and nobody is running
			if _, live := publishCounts(t, db, ids); live != 0 {
				t.Fatalf("%d articles live with no server running", live)
			}
			srv := startServe(t, dbURL)
			deadline := time.Now().Add(10 * time.Second)
			for {
				if events, live := publishCounts(t, db, ids); live == 3 && len(events) == 3 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the overdue articles were not published after start")
				}
				time.Sleep(50 * time.Millisecond)
			}
			srv.stop(t)
		})
	}
}

// TestPublishVisibleOnEveryReplica: two `cms serve` processes on one
// PostgreSQL, each with a warm cache of an article; a publish through one is
// visible on the other within a second, through LISTEN/NOTIFY.
func TestPublishVisibleOnEveryReplica(t *testing.T) {
	dbURL := cmstest.PostgresDatabaseURL(t)
	_, ed, editor := newsroomOn(t, dbURL)
	addrA := startServe(t, dbURL).addr
	addrB := startServe(t, dbURL).addr
	ctx := context.Background()
	h := "العنوان الأول"
	body := []cms.Block{{Type: "paragraph", Text: "نص"}}
	art, err := ed.CreateArticle(ctx, editor, editorial.ArticleInput{Headline: &h, Body: &body})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ed.Transition(ctx, editor, art.ID, cms.ActionPublish, 0, false, editorial.TransitionInput{}); err != nil {
		t.Fatal(err)
	}
	url := "/api/v1/articles/" + art.Slug
	headline := func(addr string) string {
		res, err := http.Get("http://" + addr + url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var a struct{ Headline string }
		if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
			t.Fatal(err)
		}
		return a.Headline
	}
	for i := 0; i < 3; i++ { // warm both caches
		if headline(addrA) != h || headline(addrB) != h {
			t.Fatal("the first headline is not served")
		}
	}
	// Republish with a new headline through replica A's admin API.
	republishVisible(t, ed, editor, art.ID, addrA, addrB, headline)
}
