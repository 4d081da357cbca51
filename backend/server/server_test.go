package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsroom/blob/local"
	"newsroom/cmstest"
	"newsroom/server"
	"newsroom/store"
)

// securityHeaders are the headers httpapi.SecurityHeaders puts on every
// response, with their values.
var securityHeaders = map[string]string{
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Referrer-Policy":              "strict-origin-when-cross-origin",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "cross-origin",
	"Permissions-Policy":           "camera=(), microphone=(), geolocation=()",
	"Content-Security-Policy":      "default-src 'none'; frame-ancestors 'none'",
}

var generatedRequestID = regexp.MustCompile(`^[0-9a-f]{24}$`)

// errorBody is the error JSON as a client reads it.
type errorBody struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"request_id"`
	} `json:"error"`
}

// wantJSONError checks that res is a JSON error with the code, carrying the
// request id of its X-Request-ID header.
func wantJSONError(t *testing.T, res *cmstest.Response, status int, code string) {
	t.Helper()
	if res.Status != status {
		t.Errorf("status: got %d, want %d: %s", res.Status, status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	var e errorBody
	if err := json.Unmarshal(res.Body, &e); err != nil {
		t.Fatalf("body: got %s, want a JSON error: %v", res.Body, err)
	}
	if e.Error.Code != code || e.Error.Message == "" {
		t.Errorf("error: got code %q message %q, want code %q and a message", e.Error.Code, e.Error.Message, code)
	}
	if id := res.Header.Get("X-Request-ID"); e.Error.RequestID != id {
		t.Errorf("error.request_id: got %q, want the X-Request-ID header %q", e.Error.RequestID, id)
	}
}

func TestEveryResponseCarriesSecurityHeadersAndARequestID(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db, cmstest.Options{MaxBodyBytes: 4096})
		_, _, token := app.User("admin")
		check := func(t *testing.T, res *cmstest.Response) {
			t.Helper()
			for k, want := range securityHeaders {
				if got := res.Header.Get(k); got != want {
					t.Errorf("%s: got %q, want %q", k, got, want)
				}
			}
			if id := res.Header.Get("X-Request-ID"); !generatedRequestID.MatchString(id) {
				t.Errorf("X-Request-ID: got %q, want 24 hex digits", id)
			}
			if got := res.Header.Get("Strict-Transport-Security"); got != "" {
				t.Errorf("Strict-Transport-Security over plain HTTP: got %q, want none", got)
			}
		}
		for _, tc := range []struct {
			name   string
			req    cmstest.Request
			status int
			code   string // "" for a success
		}{
			{"200", cmstest.Request{Method: "GET", Path: "/healthz"}, 200, ""},
			{"200 JSON API", cmstest.Request{Method: "GET", Path: "/api/admin/v1/me", Token: token}, 200, ""},
			{"401", cmstest.Request{Method: "GET", Path: "/api/admin/v1/me"}, 401, "unauthorized"},
			{"404", cmstest.Request{Method: "GET", Path: "/no/such/thing"}, 404, "not_found"},
			{"405", cmstest.Request{Method: "DELETE", Path: "/healthz"}, 405, "method_not_allowed"},
			{"413", cmstest.Request{Method: "POST", Path: "/api/admin/v1/auth/login", Body: `{"email":"` + strings.Repeat("a", 8192) + `"}`}, 413, "too_large"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := app.Do(tc.req)
				check(t, res)
				if tc.code == "" {
					if res.Status != tc.status {
						t.Errorf("status: got %d, want %d: %s", res.Status, tc.status, res.Body)
					}
					return
				}
				wantJSONError(t, res, tc.status, tc.code)
			})
		}
		t.Run("HSTS behind a TLS proxy", func(t *testing.T) {
			res := app.Do(cmstest.Request{Method: "GET", Path: "/healthz", Header: map[string]string{"X-Forwarded-Proto": "https"}})
			if got := res.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
				t.Errorf("Strict-Transport-Security: got %q, want max-age=...", got)
			}
		})
		// Last: closing the pool under the server makes the next query fail
		// with an error that is not a *cms.Error, which is answered as 500.
		t.Run("500", func(t *testing.T) {
			if err := app.DB.Close(); err != nil {
				t.Fatal(err)
			}
			res := app.Do(cmstest.Request{Method: "GET", Path: "/api/admin/v1/me", Token: token})
			check(t, res)
			wantJSONError(t, res, 500, "internal")
			if strings.Contains(string(res.Body), "sql") {
				t.Errorf("body: got %s, want no driver detail", res.Body)
			}
		})
	})
}

func TestRequestID(t *testing.T) {
	app := cmstest.NewApp(t, cmstest.SQLite(t))
	for _, tc := range []struct {
		sent string
		echo bool
	}{
		{"abc-123_X.y", true},
		{strings.Repeat("a", 64), true},
		{"lb-0b9f3c2e-7d7a-4c8e-9d55-5c1e3a3c1f00", true},
		{strings.Repeat("a", 65), false},
		{"has space", false},
		{"semi;colon", false},
		{"new\u00e9", false},
		{"<script>", false},
	} {
		t.Run(tc.sent, func(t *testing.T) {
			// The 404 answer carries the id in its body too.
			res := app.Do(cmstest.Request{Method: "GET", Path: "/nope", Header: map[string]string{"X-Request-ID": tc.sent}})
			got := res.Header.Get("X-Request-ID")
			switch {
			case tc.echo && got != tc.sent:
				t.Errorf("X-Request-ID: got %q, want %q echoed", got, tc.sent)
			case !tc.echo && !generatedRequestID.MatchString(got):
				t.Errorf("X-Request-ID: got %q, want a new id instead of %q", got, tc.sent)
			}
			wantJSONError(t, res, 404, "not_found")
		})
	}
	a := app.Do(cmstest.Request{Method: "GET", Path: "/healthz"}).Header.Get("X-Request-ID")
	b := app.Do(cmstest.Request{Method: "GET", Path: "/healthz"}).Header.Get("X-Request-ID")
	if a == b {
		t.Errorf("two requests got the same id %q, want a new one each", a)
	}
}

func TestNotFoundAndMethodNotAllowed(t *testing.T) {
	app := cmstest.NewApp(t, cmstest.SQLite(t))
	for _, path := range []string{"/", "/api", "/api/admin/v1", "/api/admin/v1/nope", "/healthz/", "/%FF%FE", "/api/admin/v1/users/1/2"} {
		t.Run("404 "+path, func(t *testing.T) {
			wantJSONError(t, app.Do(cmstest.Request{Method: "GET", Path: path}), 404, "not_found")
		})
	}
	for _, tc := range []struct{ method, path, allow string }{
		{"DELETE", "/healthz", "GET, HEAD"},
		{"POST", "/metrics", "GET, HEAD"},
		{"PUT", "/api/admin/v1/sections", "GET, POST"},
		{"POST", "/api/admin/v1/sections/x", "GET, PATCH, DELETE"},
		{"GET", "/api/admin/v1/auth/login", "POST"},
	} {
		t.Run("405 "+tc.method+" "+tc.path, func(t *testing.T) {
			res := app.Do(cmstest.Request{Method: tc.method, Path: tc.path})
			wantJSONError(t, res, 405, "method_not_allowed")
			if got := res.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow: got %q, want %q", got, tc.allow)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	const admin, evil = "https://admin.example", "https://evil.example"
	app := cmstest.NewApp(t, cmstest.SQLite(t), cmstest.Options{AdminOrigins: []string{admin}})
	preflight := func(origin string) *cmstest.Response {
		return app.Do(cmstest.Request{Method: "OPTIONS", Path: "/api/admin/v1/sections", Header: map[string]string{
			"Origin": origin, "Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "authorization, content-type, if-match",
		}})
	}

	res := preflight(admin)
	if res.Status != http.StatusNoContent {
		t.Errorf("preflight from %s: got %d, want 204: %s", admin, res.Status, res.Body)
	}
	for k, want := range map[string]string{
		"Access-Control-Allow-Origin": admin,
		"Vary":                        "Origin",
	} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("preflight %s: got %q, want %q", k, got, want)
		}
	}
	for k, want := range map[string]string{
		"Access-Control-Allow-Methods": "PATCH",
		"Access-Control-Allow-Headers": "If-Match",
	} {
		if got := res.Header.Get(k); !strings.Contains(got, want) {
			t.Errorf("preflight %s: got %q, want it to contain %q", k, got, want)
		}
	}
	if got := res.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("preflight X-Frame-Options: got %q, want DENY", got)
	}

	res = preflight(evil)
	wantJSONError(t, res, http.StatusForbidden, "forbidden")
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("preflight from %s: Access-Control-Allow-Origin %q, want none", evil, got)
	}

	// A look-alike origin is another origin.
	for _, o := range []string{"https://admin.example.evil.example", "http://admin.example", "https://admin.example:8443", "null"} {
		if got := preflight(o); got.Status != http.StatusForbidden || got.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("preflight from %s: got %d with Access-Control-Allow-Origin %q, want 403 and none", o, got.Status, got.Header.Get("Access-Control-Allow-Origin"))
		}
	}

	res = app.Do(cmstest.Request{Method: "GET", Path: "/healthz", Header: map[string]string{"Origin": evil}})
	if res.Status != http.StatusOK || res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("GET from %s: got %d with Access-Control-Allow-Origin %q, want 200 and none", evil, res.Status, res.Header.Get("Access-Control-Allow-Origin"))
	}
	res = app.Do(cmstest.Request{Method: "GET", Path: "/healthz", Header: map[string]string{"Origin": admin}})
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != admin {
		t.Errorf("GET from %s: Access-Control-Allow-Origin %q, want %q", admin, got, admin)
	}
	if got := res.Header.Get("Access-Control-Expose-Headers"); !strings.Contains(got, "ETag") {
		t.Errorf("GET from %s: Access-Control-Expose-Headers %q, want ETag exposed", admin, got)
	}
}

// health is the JSON of /healthz and /readyz.
type health struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

func getHealth(t *testing.T, app *cmstest.App, path string) (int, health) {
	t.Helper()
	res := app.Do(cmstest.Request{Method: "GET", Path: path})
	var h health
	if err := json.Unmarshal(res.Body, &h); err != nil {
		t.Fatalf("GET %s: body %s is not JSON: %v", path, res.Body, err)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("GET %s Cache-Control: got %q, want no-store", path, got)
	}
	return res.Status, h
}

func TestHealthAndReadiness(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		if status, h := getHealth(t, app, "/healthz"); status != 200 || h.Status != "ok" {
			t.Errorf("/healthz: got %d %+v, want 200 ok", status, h)
		}
		wantReady := func(t *testing.T, status int, checks map[string]string) {
			t.Helper()
			got, h := getHealth(t, app, "/readyz")
			if got != status {
				t.Errorf("/readyz status: got %d, want %d (%+v)", got, status, h)
			}
			for k, v := range checks {
				if h.Checks[k] != v {
					t.Errorf("/readyz checks[%s]: got %q, want %q (%+v)", k, h.Checks[k], v, h.Checks)
				}
			}
		}
		wantReady(t, 200, map[string]string{"database": "ok", "storage": "ok"})

		// The local store's Ping writes a probe file into its directory, so
		// a removed directory is reported, and a restored one recovers.
		ls, ok := app.Blob.(*local.Store)
		if !ok {
			t.Fatalf("the app's blob store is %T, want *local.Store", app.Blob)
		}
		if err := os.RemoveAll(ls.Dir()); err != nil {
			t.Fatal(err)
		}
		wantReady(t, 503, map[string]string{"database": "ok", "storage": "unreachable"})
		if err := os.MkdirAll(ls.Dir(), 0o755); err != nil {
			t.Fatal(err)
		}
		wantReady(t, 200, map[string]string{"database": "ok", "storage": "ok"})

		if err := app.DB.Close(); err != nil {
			t.Fatal(err)
		}
		wantReady(t, 503, map[string]string{"database": "unreachable", "storage": "ok"})
		// Liveness does not depend on the database.
		if status, _ := getHealth(t, app, "/healthz"); status != 200 {
			t.Errorf("/healthz with the database closed: got %d, want 200", status)
		}
	})
}

func TestMetrics(t *testing.T) {
	app := cmstest.NewApp(t, cmstest.SQLite(t))
	app.Do(cmstest.Request{Method: "GET", Path: "/healthz"})
	app.Do(cmstest.Request{Method: "GET", Path: "/no/such/path/12345"})
	app.Do(cmstest.Request{Method: "GET", Path: "/api/admin/v1/sections/some-id"})
	res := app.Do(cmstest.Request{Method: "GET", Path: "/metrics"})
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: got %d %q, want 200 text/plain", res.Status, res.Header.Get("Content-Type"))
	}
	body := string(res.Body)
	for _, want := range []string{
		`cms_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`cms_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`cms_http_requests_total{method="GET",route="/api/admin/v1/sections/:id",status="401"} 1`,
		`cms_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.001"}`,
		"go_goroutines ",
		"process_",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics: no %q in\n%s", want, body)
		}
	}
	if strings.Contains(body, "12345") || strings.Contains(body, "some-id") {
		t.Errorf("/metrics: raw paths became label values:\n%s", body)
	}
}

// TestRunDrainsThenStops runs the server on a real listener: when its
// context ends, readiness turns false during the drain while requests are
// still answered, and then Run returns nil.
func TestRunDrainsThenStops(t *testing.T) {
	db := cmstest.SQLite(t)
	app := cmstest.NewApp(t, db) // for its services
	srv, err := server.New(server.Config{MaxBodyBytes: 1 << 20, Version: "test"},
		server.Deps{DB: db, Blob: app.Blob, Accounts: app.Accounts, Editorial: app.Editorial, Log: cmstest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln, 700*time.Millisecond, 5*time.Second) }()

	get := func(path string) (int, string) {
		res, err := http.Get(base + path)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if status, body := get("/readyz"); status != 200 {
		t.Fatalf("/readyz before the stop: got %d %s, want 200", status, body)
	}
	cancel()
	deadline := time.Now().Add(500 * time.Millisecond)
	var drained bool
	for time.Now().Before(deadline) {
		if status, body := get("/readyz"); status == 503 && strings.Contains(body, `"server":"draining"`) {
			drained = true
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !drained {
		t.Errorf("/readyz during the drain: want 503 naming the server as draining")
	}
	if status, _ := get("/healthz"); status != 200 {
		t.Errorf("/healthz during the drain: got %d, want 200", status)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: got %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if status, _ := get("/healthz"); status != 0 {
		t.Errorf("/healthz after Run returned: got %d, want the connection refused", status)
	}
}
