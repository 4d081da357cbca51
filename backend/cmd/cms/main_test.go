package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/accounts"
	"newsroom/authz"
	"newsroom/cmstest"
	"newsroom/store"
)

// TestMain runs the tests in a temporary working directory, so that a
// default relative path (data/cms.db, data/media) that a test forgets to
// override lands there and never in the source tree.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cms-main-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.Chdir(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the command line did.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return "exit " + strconv.Itoa(r.code) + "\nstdout:\n" + r.stdout + "\nstderr:\n" + r.stderr
}

// runCLI runs the command line with args and stdin, as main does.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// sqliteURL is a database URL of a new SQLite file of the test's own.
func sqliteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "cms.db")
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"},
		{"serve", "--help"}, {"migrate", "--help"}, {"user", "create", "--help"}, {"seed", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := runCLI(t, "", args...)
			if r.code != 0 {
				t.Fatalf("exit: got %d, want 0\n%s", r.code, r)
			}
			// The flag package prints a subcommand's usage to stderr.
			out := r.stdout + r.stderr
			if !strings.Contains(out, "Usage") || !strings.Contains(out, "CMS_DATABASE_URL") {
				t.Errorf("usage: got\n%s\nwant it to say Usage and name CMS_DATABASE_URL", out)
			}
		})
	}
	r := runCLI(t, "", "serve", "--help")
	for _, v := range []string{"CMS_HTTP_ADDR", "CMS_STORAGE", "CMS_S3_ENDPOINT", "CMS_ADMIN_ORIGIN", "CMS_MAX_BODY_BYTES", "CMS_LOG_LEVEL", "CMS_BOOTSTRAP_ADMIN_EMAIL", "CMS_MEDIA_UPLOAD_TIMEOUT", "CMS_PUBLIC_API_URL"} {
		if !strings.Contains(r.stderr, v) {
			t.Errorf("serve --help: no %s in\n%s", v, r.stderr)
		}
	}
	if r := runCLI(t, "", "version"); r.code != 0 || strings.TrimSpace(r.stdout) != version {
		t.Errorf("version: got %s, want exit 0 and %q", r, version)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{}, {"frobnicate"}, {"--frobnicate"}, {"user"}, {"user", "delete"},
		{"serve", "--no-such-flag"}, {"migrate", "extra-argument"}, {"seed", "--log-level"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := runCLI(t, "", args...)
			if r.code != 2 {
				t.Errorf("exit: got %d, want 2\n%s", r.code, r)
			}
			if !strings.Contains(r.stderr, "Usage") && !strings.Contains(r.stderr, "unknown command") {
				t.Errorf("stderr: got\n%s\nwant the usage or the complaint", r.stderr)
			}
		})
	}
	if r := runCLI(t, "", "frobnicate"); !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("stderr: got %q, want it to name the unknown command", r.stderr)
	}
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	for name, url := range map[string]func(testing.TB) string{
		"sqlite":   sqliteURL,
		"postgres": cmstest.PostgresDatabaseURL,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db := url(t)
			r := runCLI(t, "", "migrate", "--database-url", db)
			if r.code != 0 {
				t.Fatalf("first migrate: got %s, want exit 0", r)
			}
			if !strings.Contains(r.stdout, "migrating "+name+" database from version 0") || !strings.Contains(r.stdout, "applied 00001_init.sql") {
				t.Errorf("first migrate: got stdout\n%s\nwant the migrations it applied", r.stdout)
			}
			r = runCLI(t, "", "migrate", "--database-url", db)
			if r.code != 0 || !strings.Contains(r.stdout, "up to date") || strings.Contains(r.stdout, "applied") {
				t.Errorf("second migrate: got %s, want exit 0 and \"up to date\"", r)
			}
		})
	}
}

func TestMigrateBadDatabaseURL(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "", "migrate", "--database-url", "mysql://root:hunter2@localhost/cms")
	if r.code != 1 || !strings.Contains(r.stderr, "mysql://") {
		t.Errorf("got %s, want exit 1 naming the URL", r)
	}
	if strings.Contains(r.stderr, "hunter2") {
		t.Errorf("stderr: got %q, want the password redacted", r.stderr)
	}
}

// signIn signs in to the database at url through the accounts service.
func signIn(t *testing.T, url, email, password string) (*accounts.Login, error) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, cmstest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	policy, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	acc, err := accounts.New(db, policy, accounts.DefaultConfig(), cmstest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	return acc.Login(ctx, email, password, "127.0.0.1", "main_test")
}

func TestUserCreate(t *testing.T) {
	t.Parallel()
	db := sqliteURL(t)
	create := func(stdin string, args ...string) result {
		return runCLI(t, stdin, append([]string{"user", "create", "--database-url", db}, args...)...)
	}
	const password = "a very good password"
	r := create(password+"\n", "--email", "a@b.example", "--name", "A", "--role", "editor", "--role", "writer", "--password-stdin")
	if r.code != 0 {
		t.Fatalf("user create: got %s, want exit 0", r)
	}
	if !strings.Contains(r.stdout, "created user A <a@b.example> with roles [writer editor]") {
		t.Errorf("stdout: got %q, want the user and its roles", r.stdout)
	}
	login, err := signIn(t, db, "a@b.example", password)
	if err != nil {
		t.Fatalf("sign in as the new user: %v", err)
	}
	if got := login.User.Roles; len(got) != 2 || got[0] != "writer" || got[1] != "editor" {
		t.Errorf("roles: got %v, want [writer editor]", got)
	}
	if _, err := signIn(t, db, "a@b.example", password+"\n"); err == nil {
		t.Errorf("sign in with the newline: got nil, want the newline not to be part of the password")
	}

	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  []string // in stderr
	}{
		{"short password", "short\n", []string{"--email", "s@b.example", "--name", "S", "--role", "writer", "--password-stdin"}, []string{"--password-stdin must be at least 10"}},
		{"empty password", "", []string{"--email", "s@b.example", "--name", "S", "--role", "writer", "--password-stdin"}, []string{"--password-stdin "}},
		{"unknown role", password + "\n", []string{"--email", "r@b.example", "--name", "R", "--role", "chief", "--password-stdin"}, []string{"--role ", "chief"}},
		{"no role", password + "\n", []string{"--email", "r@b.example", "--name", "R", "--password-stdin"}, []string{"--role "}},
		{"bad e-mail", password + "\n", []string{"--email", "not-an-address", "--name", "E", "--role", "writer", "--password-stdin"}, []string{"--email "}},
		{"no name", password + "\n", []string{"--email", "n@b.example", "--role", "writer", "--password-stdin"}, []string{"--name ", "required"}},
		{"e-mail taken", password + "\n", []string{"--email", "A@B.example", "--name", "A2", "--role", "writer", "--password-stdin"}, []string{"--email ", "already used"}},
		{"no --password-stdin", password + "\n", []string{"--email", "p@b.example", "--name", "P", "--role", "writer"}, []string{"--password-stdin"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := create(tc.stdin, tc.args...)
			if r.code != 1 {
				t.Errorf("exit: got %d, want 1\n%s", r.code, r)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr: got %q, want it to mention %q", r.stderr, w)
				}
			}
			// Field errors name the flags there are, not the API's fields.
			for _, w := range []string{"--roles", "--password "} {
				if strings.Contains(r.stderr, w) {
					t.Errorf("stderr: got %q, want no %q (not a flag)", r.stderr, w)
				}
			}
		})
	}
	// None of the refused commands made a user.
	for _, email := range []string{"s@b.example", "r@b.example", "not-an-address", "n@b.example", "p@b.example"} {
		if _, err := signIn(t, db, email, password); err == nil {
			t.Errorf("sign in as %s: got nil, want no such user", email)
		}
	}
}

func TestSeedTwice(t *testing.T) {
	t.Parallel()
	db, media := sqliteURL(t), filepath.Join(t.TempDir(), "media")
	r := runCLI(t, "", "seed", "--database-url", db, "--storage-dir", media)
	if r.code != 0 {
		t.Fatalf("first seed: got %s, want exit 0", r)
	}
	for _, w := range []string{"created section world", "created user admin@newsroom.example", "created author reuters", "demo newsroom ready"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("first seed: no %q in\n%s", w, r.stdout)
		}
	}
	r = runCLI(t, "", "seed", "--database-url", db, "--storage-dir", media)
	if r.code != 0 {
		t.Fatalf("second seed: got %s, want exit 0", r)
	}
	if !strings.Contains(r.stdout, "exists  section world") || !strings.Contains(r.stdout, "exists  user admin@newsroom.example") {
		t.Errorf("second seed: got\n%s\nwant the existing objects reported", r.stdout)
	}
	if strings.Contains(r.stdout, "  created ") {
		t.Errorf("second seed: got\n%s\nwant nothing created", r.stdout)
	}
}

// TestServeRefusesInvalidConfiguration sets one bad CMS_* variable at a
// time; serve must stop before touching anything and name the variable.
func TestServeRefusesInvalidConfiguration(t *testing.T) {
	for _, tc := range []struct{ key, value string }{
		{"CMS_STORAGE", "ftp"},
		{"CMS_HTTP_ADDR", "nonsense"},
		{"CMS_LOG_LEVEL", "loud"},
		{"CMS_LOG_FORMAT", "xml"},
		{"CMS_MAX_BODY_BYTES", "lots"},
		{"CMS_MAX_BODY_BYTES", "10"},
		{"CMS_SESSION_TTL", "forever"},
		{"CMS_ADMIN_ORIGIN", "admin.example"},
		{"CMS_S3_USE_TLS", "maybe"},
		{"CMS_MEDIA_UPLOAD_QUEUE", "0"},
		{"CMS_MEDIA_UPLOAD_QUEUE", "many"},
		{"CMS_MEDIA_UPLOAD_TIMEOUT", "500ms"},
		{"CMS_MEDIA_UPLOAD_TIMEOUT", "2h"},
		{"CMS_MEDIA_UPLOAD_TIMEOUT", "slowly"},
		{"CMS_BOOTSTRAP_ADMIN_EMAIL", "admin@b.example"}, // without its password
		{"CMS_PUBLIC_API_URL", "api.news.example"},
		{"CMS_PUBLIC_API_URL", "https://api.news.example/v1"},
	} {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("CMS_DATABASE_URL", "sqlite:"+filepath.Join(dir, "cms.db"))
			t.Setenv("CMS_STORAGE_DIR", filepath.Join(dir, "media"))
			t.Setenv(tc.key, tc.value)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var stdout, stderr bytes.Buffer
			code := run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr)
			if code != 1 {
				t.Fatalf("exit: got %d, want 1\nstderr:\n%s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.key) {
				t.Errorf("stderr: got %q, want it to name %s", stderr.String(), tc.key)
			}
			if matches, _ := filepath.Glob(filepath.Join(dir, "*")); len(matches) != 0 {
				t.Errorf("serve created %v before refusing its configuration, want nothing", matches)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer that the server's goroutines and the test
// may use at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// logRecords returns the JSON log lines written so far.
func logRecords(s string) []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		var rec map[string]any
		if json.Unmarshal(sc.Bytes(), &rec) == nil {
			out = append(out, rec)
		}
	}
	return out
}

// TestServeStartsAndStops runs `cms serve` on a free port with a bootstrap
// admin, signs in over HTTP, and stops it by cancelling its context.
func TestServeStartsAndStops(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CMS_BOOTSTRAP_ADMIN_PASSWORD", "bootstrap password 123")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"serve", "--http-addr", "127.0.0.1:0", "--database-url", "sqlite:" + filepath.Join(dir, "cms.db"),
			"--storage", "local", "--storage-dir", filepath.Join(dir, "media"), "--log-format", "json",
			"--bootstrap-admin-email", "boss@b.example"}, strings.NewReader(""), &stdout, &stderr)
	}()

	var addr string
	for deadline := time.Now().Add(20 * time.Second); addr == "" && time.Now().Before(deadline); {
		select {
		case code := <-exit:
			t.Fatalf("serve exited with %d before serving\nstderr:\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		for _, rec := range logRecords(stderr.String()) {
			if rec["msg"] == "serving" {
				addr, _ = rec["addr"].(string)
			}
		}
	}
	if addr == "" {
		t.Fatalf("no \"serving\" log line with the address\nstderr:\n%s", stderr.String())
	}
	base := "http://" + addr

	res, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("/healthz: got %d, want 200", res.StatusCode)
	}
	res, err = http.Post(base+"/api/admin/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"boss@b.example","password":"bootstrap password 123"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"admin"`) {
		t.Errorf("sign in as the bootstrap admin: got %d %s, want 200 with the admin role", res.StatusCode, body)
	}
	if !strings.Contains(stdout.String(), "applied 00001_init.sql") {
		t.Errorf("stdout: got %q, want the migrations serve applied", stdout.String())
	}
	if strings.Contains(stderr.String(), "bootstrap password 123") {
		t.Errorf("the log shows the bootstrap password:\n%s", stderr.String())
	}

	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit after cancel: got %d, want 0\nstderr:\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Errorf("GET /healthz after the stop: got an answer, want the connection refused")
	}
	var stopped bool
	for _, rec := range logRecords(stderr.String()) {
		stopped = stopped || rec["msg"] == "server stopped"
	}
	if !stopped {
		t.Errorf("no \"server stopped\" log line\nstderr:\n%s", stderr.String())
	}
}
