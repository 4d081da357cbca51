package admin_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"newsroom/accounts"
	"newsroom/cmstest"
	"newsroom/store"
)

const api = "/api/admin/v1"

func login(app *cmstest.App, email, password string, header map[string]string) *cmstest.Response {
	return app.Do(cmstest.Request{Method: "POST", Path: api + "/auth/login", Body: map[string]string{"email": email, "password": password}, Header: header})
}

func wantError(t *testing.T, res *cmstest.Response, status int, code string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status: got %d, want %d (%s)", res.Status, status, res.Body)
	}
	e, _ := res.JSON(t)["error"].(map[string]any)
	if e == nil || e["code"] != code || e["message"] == "" {
		t.Fatalf("error body: got %s, want code %q and a message", res.Body, code)
	}
}

func TestLogin(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		id, email, _ := app.User("editor")

		res := login(app, email, cmstest.Password, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("login: got %d, want 200 (%s)", res.Status, res.Body)
		}
		body := res.JSON(t)
		token, _ := body["token"].(string)
		user, _ := body["user"].(map[string]any)
		if token == "" || user["id"] != id || user["email"] != email {
			t.Fatalf("login body: got %s", res.Body)
		}
		if _, ok := user["password_hash"]; ok {
			t.Error("login answer carries the password hash")
		}
		exp, err := time.Parse(time.RFC3339, body["expires_at"].(string))
		if err != nil || exp.Before(time.Now().Add(11*time.Hour)) {
			t.Errorf("expires_at: got %v (%v), want about 12 hours ahead", body["expires_at"], err)
		}
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control: got %q, want no-store", res.Header.Get("Cache-Control"))
		}

		me := app.Do(cmstest.Request{Method: "GET", Path: api + "/me", Token: token})
		if me.Status != http.StatusOK || me.JSON(t)["id"] != id {
			t.Fatalf("GET /me: got %d %s", me.Status, me.Body)
		}
		if me.Header.Get("ETag") != `"1"` {
			t.Errorf("ETag of /me: got %q, want \"1\"", me.Header.Get("ETag"))
		}

		// The e-mail is matched whatever its case.
		if res := login(app, "  "+upper(email)+" ", cmstest.Password, nil); res.Status != http.StatusOK {
			t.Errorf("login with upper-case e-mail: got %d, want 200", res.Status)
		}

		// Wrong password and unknown e-mail get the same answer.
		wrong := login(app, email, "wrong password!", nil)
		wantError(t, wrong, http.StatusUnauthorized, "unauthorized")
		unknown := login(app, "nobody@test.example", "wrong password!", nil)
		wantError(t, unknown, http.StatusUnauthorized, "unauthorized")
		if wrong.JSON(t)["error"].(map[string]any)["message"] != unknown.JSON(t)["error"].(map[string]any)["message"] {
			t.Error("wrong password and unknown e-mail give different messages")
		}
		wantError(t, login(app, "", "", nil), http.StatusUnprocessableEntity, "invalid")
	})
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

func TestTokens(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		_, _, adminToken := app.User("admin")
		userID, email, token := app.User("writer")
		me := func(tok string) int {
			return app.Do(cmstest.Request{Method: "GET", Path: api + "/me", Token: tok}).Status
		}

		t.Run("missing and malformed", func(t *testing.T) {
			res := app.Do(cmstest.Request{Method: "GET", Path: api + "/me"})
			wantError(t, res, http.StatusUnauthorized, "unauthorized")
			if res.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			for _, h := range []string{"Bearer", "Bearer nrs_madeup", "Basic dXNlcjpwYXNz", token} {
				r := app.Do(cmstest.Request{Method: "GET", Path: api + "/me", Header: map[string]string{"Authorization": h}})
				if r.Status != http.StatusUnauthorized {
					t.Errorf("Authorization %.20q: got %d, want 401", h, r.Status)
				}
			}
		})

		t.Run("stored only as a hash", func(t *testing.T) {
			var hashes []string
			rows, err := db.SQL().Query("SELECT token_hash FROM sessions WHERE user_id = "+placeholder(db), userID)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var h string
				if err := rows.Scan(&h); err != nil {
					t.Fatal(err)
				}
				hashes = append(hashes, h)
			}
			sum := sha256.Sum256([]byte(token))
			if len(hashes) != 1 || hashes[0] != hex.EncodeToString(sum[:]) {
				t.Errorf("stored token: got %v, want only the SHA-256 of the token", hashes)
			}
		})

		t.Run("logout revokes at once", func(t *testing.T) {
			tok := app.Login(email, cmstest.Password)
			if got := me(tok); got != http.StatusOK {
				t.Fatalf("before logout: got %d, want 200", got)
			}
			if res := app.Do(cmstest.Request{Method: "POST", Path: api + "/auth/logout", Token: tok}); res.Status != http.StatusNoContent {
				t.Fatalf("logout: got %d, want 204", res.Status)
			}
			if got := me(tok); got != http.StatusUnauthorized {
				t.Errorf("after logout: got %d, want 401", got)
			}
			if got := me(token); got != http.StatusOK {
				t.Errorf("another session of the same user after logout: got %d, want 200", got)
			}
		})

		t.Run("password reset revokes", func(t *testing.T) {
			_, email2, tok2 := app.User("writer")
			u := getUser(t, app, adminToken, email2)
			res := app.Do(cmstest.Request{Method: "PATCH", Path: api + "/users/" + u.id, Token: adminToken,
				Header: map[string]string{"If-Match": u.etag}, Body: map[string]any{"password": "a brand new password"}})
			if res.Status != http.StatusOK {
				t.Fatalf("reset password: got %d %s", res.Status, res.Body)
			}
			if got := me(tok2); got != http.StatusUnauthorized {
				t.Errorf("old token after password reset: got %d, want 401", got)
			}
			wantError(t, login(app, email2, cmstest.Password, nil), http.StatusUnauthorized, "unauthorized")
			app.Login(email2, "a brand new password")
		})

		t.Run("deactivation revokes at once", func(t *testing.T) {
			u := getUser(t, app, adminToken, email)
			res := app.Do(cmstest.Request{Method: "PATCH", Path: api + "/users/" + userID, Token: adminToken,
				Header: map[string]string{"If-Match": u.etag}, Body: map[string]any{"active": false}})
			if res.Status != http.StatusOK || res.JSON(t)["active"] != false {
				t.Fatalf("deactivate: got %d %s", res.Status, res.Body)
			}
			if got := me(token); got != http.StatusUnauthorized {
				t.Errorf("token of a deactivated user: got %d, want 401", got)
			}
			wantError(t, login(app, email, cmstest.Password, nil), http.StatusUnauthorized, "unauthorized")
		})

		t.Run("the last admin stays", func(t *testing.T) {
			adminID := app.Do(cmstest.Request{Method: "GET", Path: api + "/me", Token: adminToken}).JSON(t)["id"].(string)
			res := app.Do(cmstest.Request{Method: "GET", Path: api + "/users/" + adminID, Token: adminToken})
			etag := res.Header.Get("ETag")
			for _, body := range []map[string]any{{"active": false}, {"roles": []string{"editor"}}} {
				r := app.Do(cmstest.Request{Method: "PATCH", Path: api + "/users/" + adminID, Token: adminToken,
					Header: map[string]string{"If-Match": etag}, Body: body})
				wantError(t, r, http.StatusConflict, "conflict")
			}
			if got := me(adminToken); got != http.StatusOK {
				t.Errorf("the last admin after refused changes: got %d, want 200", got)
			}
		})
	})
}

type userRef struct{ id, etag string }

// getUser finds a user by e-mail through the API.
func getUser(t *testing.T, app *cmstest.App, token, email string) userRef {
	t.Helper()
	res := app.Do(cmstest.Request{Method: "GET", Path: api + "/users?limit=100", Token: token})
	if res.Status != http.StatusOK {
		t.Fatalf("list users: %d %s", res.Status, res.Body)
	}
	for _, u := range res.JSON(t)["data"].([]any) {
		m := u.(map[string]any)
		if m["email"] == email {
			return userRef{id: m["id"].(string), etag: `"` + strconv.FormatFloat(m["version"].(float64), 'f', 0, 64) + `"`}
		}
	}
	t.Fatalf("no user %s", email)
	return userRef{}
}

func placeholder(db *store.DB) string {
	if db.Dialect() == store.Postgres {
		return "$1"
	}
	return "?"
}

func TestLoginThrottling(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		cfg := accounts.DefaultConfig()
		app := cmstest.NewApp(t, db, cmstest.Options{Accounts: &cfg})
		_, email, _ := app.User("writer")

		for i := 0; i < cfg.AccountLimit; i++ {
			wantError(t, login(app, email, "wrong password!", nil), http.StatusUnauthorized, "unauthorized")
			now = now.Add(time.Second)
		}
		// Locked now, even with the right password.
		res := login(app, email, cmstest.Password, nil)
		wantError(t, res, http.StatusTooManyRequests, "too_many_requests")
		retry, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if err != nil || retry < 1 || retry > int(cfg.Window.Seconds())+1 {
			t.Errorf("Retry-After: got %q, want 1..%d seconds", res.Header.Get("Retry-After"), int(cfg.Window.Seconds()))
		}
		// Once the window has passed, the right password works again.
		now = now.Add(cfg.Window)
		if res := login(app, email, cmstest.Password, nil); res.Status != http.StatusOK {
			t.Errorf("after the window: got %d, want 200 (%s)", res.Status, res.Body)
		}
	})
}

func TestLoginThrottlingPerClient(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		cfg := accounts.DefaultConfig()
		cfg.ClientLimit = 4
		app := cmstest.NewApp(t, db, cmstest.Options{Accounts: &cfg})
		_, email, _ := app.User("writer")
		// Failures spread over many accounts from one client address.
		for i := 0; i < cfg.ClientLimit; i++ {
			wantError(t, login(app, fmt.Sprintf("guess%d@test.example", i), "wrong password!", nil), http.StatusUnauthorized, "unauthorized")
		}
		wantError(t, login(app, email, cmstest.Password, nil), http.StatusTooManyRequests, "too_many_requests")
	})
}

func TestSessionExpiry(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		cfg := accounts.DefaultConfig()
		cfg.SessionTTL = time.Hour
		app := cmstest.NewApp(t, db, cmstest.Options{Accounts: &cfg})
		_, _, token := app.User("writer")
		now = now.Add(59 * time.Minute)
		if res := app.Do(cmstest.Request{Method: "GET", Path: api + "/me", Token: token}); res.Status != http.StatusOK {
			t.Fatalf("before expiry: got %d, want 200", res.Status)
		}
		now = now.Add(2 * time.Minute)
		wantError(t, app.Do(cmstest.Request{Method: "GET", Path: api + "/me", Token: token}), http.StatusUnauthorized, "unauthorized")
	})
}
