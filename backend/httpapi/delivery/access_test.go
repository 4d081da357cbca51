package delivery_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/httpapi/delivery"
	"newsroom/store"
)

// accessGet reads a delivery path with the headers given as name, value pairs.
func accessGet(t *testing.T, app *cmstest.App, path string, header ...string) *cmstest.Response {
	t.Helper()
	req := cmstest.Request{Method: "GET", Path: path, Header: map[string]string{}}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header[header[i]] = header[i+1]
	}
	return app.Do(req)
}

func accessWantError(t *testing.T, res *cmstest.Response, status int, code string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status: got %d, want %d: %s", res.Status, status, res.Body)
	}
	if e, _ := res.JSON(t)["error"].(map[string]any); e == nil || e["code"] != code || e["message"] == "" {
		t.Fatalf("body: got %s, want a JSON error with code %q", res.Body, code)
	}
}

// TestAPIKeyRequired: with keys required, the delivery API answers 401
// without a valid key and 200 with one; the preview path needs none; a key
// made or revoked on one replica holds on another after its reload.
func TestAPIKeyRequired(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		opts := cmstest.Options{Delivery: delivery.AccessConfig{RequireKey: true}}
		app := cmstest.NewApp(t, db, opts)
		replica := cmstest.NewApp(t, db, opts)
		_, _, token := app.User("admin")
		paths := []string{"/api/v1/articles", "/api/v1/sections", "/api/v1/articles/no-such-article"}
		for _, p := range paths {
			res := accessGet(t, app, p)
			accessWantError(t, res, http.StatusUnauthorized, "unauthorized")
			if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("GET %s without a key: WWW-Authenticate %q", p, res.Header.Get("WWW-Authenticate"))
			}
		}
		// A preview link needs no key: an unknown one is simply not found.
		accessWantError(t, accessGet(t, app, "/api/v1/preview/no-such-token"), http.StatusNotFound, "not_found")
		// Neither do the admin API and the operations routes.
		if res := accessGet(t, app, "/healthz"); res.Status != http.StatusOK {
			t.Errorf("/healthz: got %d", res.Status)
		}

		res := app.Do(cmstest.Request{Method: "POST", Path: "/api/admin/v1/api-keys", Token: token, Body: map[string]any{"name": "Web site"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("create a key: got %d %s", res.Status, res.Body)
		}
		created := res.JSON(t)
		key, id := created["key"].(string), created["id"].(string)
		for _, header := range [][]string{{"X-API-Key", key}, {"Authorization", "Bearer " + key}, {"Authorization", "bearer " + key}} {
			if res := accessGet(t, app, "/api/v1/articles", header...); res.Status != http.StatusOK {
				t.Errorf("with %s: got %d %s, want 200", header[0], res.Status, res.Body)
			}
		}
		for _, bad := range [][]string{
			{"X-API-Key", key + "x"}, {"X-API-Key", "nrk_"}, {"X-API-Key", strings.Repeat("k", 5000)},
			{"Authorization", "Bearer " + token}, // an admin session is not a delivery key
			{"Authorization", "Basic " + key},
		} {
			accessWantError(t, accessGet(t, app, "/api/v1/articles", bad...), http.StatusUnauthorized, "unauthorized")
		}

		// The other replica learns of the key at its next reload.
		accessWantError(t, accessGet(t, replica, "/api/v1/articles", "X-API-Key", key), http.StatusUnauthorized, "unauthorized")
		if err := replica.Accounts.RefreshAPIKeys(context.Background()); err != nil {
			t.Fatal(err)
		}
		if res := accessGet(t, replica, "/api/v1/articles", "X-API-Key", key); res.Status != http.StatusOK {
			t.Fatalf("on the replica after its reload: got %d", res.Status)
		}

		// Use is recorded by the next reload, and then at most once a minute.
		if err := app.Accounts.RefreshAPIKeys(context.Background()); err != nil {
			t.Fatal(err)
		}
		lastUsed := func() string {
			var at *time.Time
			if err := db.SQL().QueryRow("SELECT last_used_at FROM api_keys WHERE id = $1", id).Scan(&at); err != nil {
				t.Fatal(err)
			}
			if at == nil {
				return ""
			}
			return at.UTC().Format(time.RFC3339Nano)
		}
		first := lastUsed()
		if first == "" {
			t.Fatal("last_used_at is not set after the key was used and the keys reloaded")
		}
		accessGet(t, app, "/api/v1/articles", "X-API-Key", key)
		if err := app.Accounts.RefreshAPIKeys(context.Background()); err != nil {
			t.Fatal(err)
		}
		if again := lastUsed(); again != first {
			t.Errorf("last_used_at was written again within the minute: %s, then %s", first, again)
		}

		// Revoked: refused at once where it was revoked, and on the other
		// replica after its reload.
		if res := app.Do(cmstest.Request{Method: "DELETE", Path: "/api/admin/v1/api-keys/" + id, Token: token}); res.Status != http.StatusNoContent {
			t.Fatalf("revoke: got %d %s", res.Status, res.Body)
		}
		accessWantError(t, accessGet(t, app, "/api/v1/articles", "X-API-Key", key), http.StatusUnauthorized, "unauthorized")
		if res := accessGet(t, replica, "/api/v1/articles", "X-API-Key", key); res.Status != http.StatusOK {
			t.Errorf("on the replica before its reload: got %d, want 200 (revocation takes up to the refresh interval)", res.Status)
		}
		if err := replica.Accounts.RefreshAPIKeys(context.Background()); err != nil {
			t.Fatal(err)
		}
		accessWantError(t, accessGet(t, replica, "/api/v1/articles", "X-API-Key", key), http.StatusUnauthorized, "unauthorized")
	})
}

// TestAPIKeyNotRequired: by default the delivery API is open.
func TestAPIKeyNotRequired(t *testing.T) {
	app := cmstest.NewApp(t, cmstest.SQLite(t))
	if res := accessGet(t, app, "/api/v1/articles"); res.Status != http.StatusOK {
		t.Errorf("without a key: got %d, want 200", res.Status)
	}
	if res := accessGet(t, app, "/api/v1/articles", "X-API-Key", "nrk_whatever"); res.Status != http.StatusOK {
		t.Errorf("with an unknown key: got %d, want 200 (keys are not checked)", res.Status)
	}
}

// TestRateLimit: a client over its rate gets 429 with Retry-After, and is
// served again once its bucket refills; the admin API is not limited.
func TestRateLimit(t *testing.T) {
	app := cmstest.NewApp(t, cmstest.SQLite(t), cmstest.Options{Delivery: delivery.AccessConfig{Rate: 2, Burst: 3}})
	for i := range 3 {
		if res := accessGet(t, app, "/api/v1/sections"); res.Status != http.StatusOK {
			t.Fatalf("request %d of the burst: got %d", i+1, res.Status)
		}
	}
	res := accessGet(t, app, "/api/v1/articles")
	accessWantError(t, res, http.StatusTooManyRequests, "too_many_requests")
	if ra := res.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After: got %q, want 1", ra)
	}
	if d, _ := res.JSON(t)["error"].(map[string]any)["details"].(map[string]any); d["retry_after_seconds"] != 1.0 {
		t.Errorf("error.details: got %v, want retry_after_seconds 1", d)
	}
	// Preview links count too; the admin API and operations routes do not.
	accessWantError(t, accessGet(t, app, "/api/v1/preview/x"), http.StatusTooManyRequests, "too_many_requests")
	for range 10 {
		if res := accessGet(t, app, "/healthz"); res.Status != http.StatusOK {
			t.Fatalf("/healthz: got %d", res.Status)
		}
	}
	time.Sleep(600 * time.Millisecond) // two tokens a second
	if res := accessGet(t, app, "/api/v1/sections"); res.Status != http.StatusOK {
		t.Errorf("after the bucket refilled: got %d %s", res.Status, res.Body)
	}
}
