package cmstest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"newsroom/accounts"
	"newsroom/authz"
	"newsroom/blob"
	"newsroom/blob/local"
	"newsroom/editorial"
	"newsroom/httpapi/delivery"
	"newsroom/media"
	"newsroom/moderation"
	"newsroom/server"
	"newsroom/store"
	"newsroom/webhook"
)

// App is a running server on a test database, reached over real HTTP.
type App struct {
	t         testing.TB
	DB        *store.DB
	Blob      blob.Store
	Accounts  *accounts.Service
	Editorial *editorial.Service
	Media     *media.Service
	// Moderation is the comments service the server uses.
	Moderation *moderation.Service
	// Webhooks is the webhook service the admin API uses.
	Webhooks *webhook.Service
	Server   *server.Server
	URL      string
	seq      atomic.Int64
}

// Options change how NewApp builds the server.
type Options struct {
	Accounts     *accounts.Config // nil: the defaults
	AdminOrigins []string
	MaxBodyBytes int64 // 0: 1 MiB
	Blob         blob.Store
	// Delivery sets API keys and the rate limit of the delivery API; the
	// zero value requires no key and sets no limit.
	Delivery   delivery.AccessConfig
	Media      *media.Config      // nil: media.DefaultConfig()
	Moderation *moderation.Config // nil: moderation.DefaultConfig()
	// TrustedProxies are believed in X-Forwarded-For, so that a test can
	// speak as several client addresses (127.0.0.1 is the test itself).
	TrustedProxies []string
	// CacheMaxAge is the delivery API's Cache-Control max-age in seconds
	// (0: none, so that every test reads fresh answers).
	CacheMaxAge int
	// StaleWhileRevalidate is its stale-while-revalidate in seconds.
	StaleWhileRevalidate int
	// APIURL is CMS_PUBLIC_API_URL (empty: each request's own host).
	APIURL string
}

// NewApp starts the whole HTTP server on db with a local media store in a
// temporary directory, stopped when the test ends.
func NewApp(t testing.TB, db *store.DB, opts ...Options) *App {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	policy, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	acfg := accounts.DefaultConfig()
	if o.Accounts != nil {
		acfg = *o.Accounts
	}
	acc, err := accounts.New(db, policy, acfg, Logger())
	if err != nil {
		t.Fatal(err)
	}
	bs := o.Blob
	if bs == nil {
		if bs, err = local.New(t.TempDir()); err != nil {
			t.Fatal(err)
		}
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 1 << 20
	}
	ed := editorial.New(db, policy, Logger())
	mcfg := media.DefaultConfig()
	if o.Media != nil {
		mcfg = *o.Media
	}
	med := media.New(db, bs, policy, mcfg, Logger())
	modcfg := moderation.DefaultConfig()
	if o.Moderation != nil {
		modcfg = *o.Moderation
	}
	mod := moderation.New(db, policy, modcfg, Logger())
	wh := webhook.New(db, policy, Logger())
	// As `cms serve` does, the valid API keys are loaded before serving.
	if err := acc.RefreshAPIKeys(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{AdminOrigins: o.AdminOrigins, MaxBodyBytes: o.MaxBodyBytes, TrustedProxies: o.TrustedProxies, Version: "test", Delivery: o.Delivery, CacheMaxAge: o.CacheMaxAge, StaleWhileRevalidate: o.StaleWhileRevalidate,
		Site: delivery.Site{URL: "https://news.example", Name: "أخبار الاختبار", APIURL: o.APIURL}},
		server.Deps{Webhooks: wh, DB: db, Blob: bs, Accounts: acc, Editorial: ed, Media: med, Moderation: mod, Log: Logger()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &App{t: t, Webhooks: wh, DB: db, Blob: bs, Accounts: acc, Editorial: ed, Media: med, Moderation: mod, Server: srv, URL: ts.URL}
}

// Response is an answered request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a map; it fails the test when the body is not
// a JSON object.
func (r *Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response body is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

// Request describes a request to send with Do.
type Request struct {
	Method  string
	Path    string
	Token   string
	Body    any // encoded as JSON unless it is a []byte or string, sent as is
	Header  map[string]string
	NoCType bool // leave out Content-Type
	// NoRedirect answers a redirect itself instead of following it.
	NoRedirect bool
}

// Do sends the request and reads the whole answer.
func (a *App) Do(r Request) *Response {
	a.t.Helper()
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(b)
	case string:
		body = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(context.Background(), r.Method, a.URL+r.Path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	if body != nil && !r.NoCType {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	client := http.DefaultClient
	if r.NoRedirect {
		client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	res, err := client.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Password is the password of every user made by User.
const Password = "correct horse battery"

// User creates an active user with the roles (none: a writer) and returns
// its id and a signed-in token.
func (a *App) User(roles ...string) (id, email, token string) {
	a.t.Helper()
	if len(roles) == 0 {
		roles = []string{"writer"}
	}
	email = strings.Join(roles, "-") + "-" + itoa(a.seq.Add(1)) + "@test.example"
	u, err := a.Accounts.CreateUser(context.Background(), accounts.OperatorActor(), accounts.NewUser{
		Email: email, Name: "Test " + strings.Join(roles, " "), Password: Password, Roles: roles,
	})
	if err != nil {
		a.t.Fatalf("create user: %v", err)
	}
	return u.ID, email, a.Login(email, Password)
}

// Login signs in and returns the token; it fails the test when sign-in fails.
func (a *App) Login(email, password string) string {
	a.t.Helper()
	res := a.Do(Request{Method: "POST", Path: "/api/admin/v1/auth/login", Body: map[string]string{"email": email, "password": password}})
	if res.Status != http.StatusOK {
		a.t.Fatalf("login %s: status %d: %s", email, res.Status, res.Body)
	}
	tok, _ := res.JSON(a.t)["token"].(string)
	if tok == "" {
		a.t.Fatalf("login %s: no token in %s", email, res.Body)
	}
	return tok
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
