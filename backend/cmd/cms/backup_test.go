package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"newsroom/blob/s3"
	"newsroom/cmstest"
	"newsroom/webhook"
)

// TestBackupRestore follows docs/operations.md, "Backups and restore", as
// an operator would, against the real PostgreSQL and S3 servers: a
// newsroom on database A and bucket A is used through a real `cms serve`;
// the database is dumped with pg_dump and the bucket copied; A (server,
// bucket and database) is then destroyed, so the restore cannot lean on
// it; the dump is restored with pg_restore into a fresh database B of
// another role, the copy into a fresh bucket B, `cms migrate` and `cms
// serve` run on B, and everything the newsroom had must be there and work:
// users and their passwords and sessions, the published article with its
// hero image's files, the approved comment, the scheduled article, the API
// key, the webhook and its secret; a new publish works. `cms media gc`
// removes exactly the files of an image uploaded between the dump and the
// copy, and then finds nothing to remove.
func TestBackupRestore(t *testing.T) {
	pg := newPGCluster(t)
	s3c := newS3Buckets(t)
	dir := t.TempDir()

	// The receiver of the webhook: it outlives both servers, as a real one
	// would, and keeps each delivery whose signature checks with the
	// secret the webhook was given on A.
	hooks := newHookReceiver(t)

	// --- Production: database A, bucket A, `cms migrate`, `cms serve`. ---
	dbA := pg.newDatabase(t, "a")
	bucketA := s3c.newBucket(t)
	runCMS(t, "migrate", dbA, nil)
	const adminEmail = "admin@backup.example"
	passwords := map[string]string{adminEmail: "admin password 1", "writer@backup.example": "writer password 2",
		"editor@backup.example": "editor password 3", "moderator@backup.example": "moderator password 4"}
	serverEnv := func(dbURL, bucket string) []string {
		return append(s3c.env(bucket), "CMS_AUTO_MIGRATE=false", "CMS_DELIVERY_REQUIRE_KEY=true", "CMS_DATABASE_URL="+dbURL)
	}
	srvA := startServe(t, dbA, append(serverEnv(dbA, bucketA),
		"CMS_BOOTSTRAP_ADMIN_EMAIL="+adminEmail, "CMS_BOOTSTRAP_ADMIN_PASSWORD="+passwords[adminEmail])...)
	a := "http://" + srvA.addr

	// The acceptance flow: users of every role, a delivery API key and a
	// webhook; a writer's Arabic draft with an uploaded hero image,
	// published by an editor; a reader's comment approved by a moderator;
	// an article scheduled for tomorrow.
	signIn := func(base, email string) string {
		t.Helper()
		tok, _ := call(t, base, "", "POST", "/api/admin/v1/auth/login", map[string]string{"email": email, "password": passwords[email]}, 200)["token"].(string)
		if tok == "" {
			t.Fatalf("sign-in of %s at %s gave no token", email, base)
		}
		return tok
	}
	admin := signIn(a, adminEmail)
	for _, role := range []string{"writer", "editor", "moderator"} {
		email := role + "@backup.example"
		call(t, a, admin, "POST", "/api/admin/v1/users", map[string]any{"email": email, "name": "المستخدم " + role, "password": passwords[email], "roles": []string{role}}, 201)
	}
	writer, editor, moderator := signIn(a, "writer@backup.example"), signIn(a, "editor@backup.example"), signIn(a, "moderator@backup.example")
	apiKey, _ := call(t, a, admin, "POST", "/api/admin/v1/api-keys", map[string]any{"name": "موقع الأخبار"}, 201)["key"].(string)
	hook := call(t, a, admin, "POST", "/api/admin/v1/webhooks", map[string]any{"url": hooks.url, "events": []string{"article.published"}}, 201)
	hooks.setSecret(hook["secret"].(string))

	asset := upload(t, a, writer, "astana.jpg", cmstest.JPEG(t, 1600, 900, 3), map[string]string{
		"caption": "وفود في قاعة المفاوضات", "credit": "أستانا / Sputnik", "alt_text": "قاعة اجتماعات"})
	body := []map[string]any{{"type": "paragraph", "text": "انطلقت في أستانا جولة جديدة من المفاوضات."}}
	art := call(t, a, writer, "POST", "/api/admin/v1/articles", map[string]any{"headline": "جولة جديدة من مفاوضات أستانا",
		"language": "ar", "body": body, "hero_media_id": asset["id"]}, 201)
	artID := art["id"].(string)
	call(t, a, writer, "POST", "/api/admin/v1/articles/"+artID+"/submit", nil, 200)
	slug := call(t, a, editor, "POST", "/api/admin/v1/articles/"+artID+"/publish", nil, 200)["slug"].(string)
	delivered := readArticle(t, a, apiKey, slug)
	hooks.wait(t, artID)

	commentsPath := "/api/v1/articles/" + url.PathEscape(slug) + "/comments"
	commentID := call(t, a, "", "POST", commentsPath, map[string]any{"author_name": "أحمد من عمّان", "author_email": "ahmad@readers.example",
		"body": "تغطية ممتازة، شكراً."}, 202, "X-API-Key", apiKey)["id"].(string)
	call(t, a, moderator, "POST", "/api/admin/v1/comments/"+commentID+"/approve", nil, 200)

	publishAt := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)
	sched := call(t, a, editor, "POST", "/api/admin/v1/articles", map[string]any{"headline": "نتائج الانتخابات غداً", "language": "ar", "body": body}, 201)
	schedID := sched["id"].(string)
	call(t, a, editor, "POST", "/api/admin/v1/articles/"+schedID+"/schedule", map[string]any{"publish_at": publishAt.Format(time.RFC3339)}, 200)

	// --- The backup, while A serves: pg_dump, then the bucket. ---
	dump := filepath.Join(dir, "newsroom-"+time.Now().UTC().Format("20060102T150405Z")+".dump")
	runTool(t, pg.bin("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file="+dump, dbA)
	runTool(t, pg.bin("pg_restore"), "--list", dump) // "dump readable"
	// An image uploaded between the dump and the bucket copy: its files
	// are in the copy, its row is not; the restore's gc step is for them.
	late := mediaURLs(upload(t, a, writer, "late.png", cmstest.PNG(t, 800, 600, 5, false), map[string]string{"alt_text": "صورة متأخرة"}))
	backup := s3c.newBucket(t)
	s3c.makeBucket(t, backup)
	copied := s3c.mirror(t, bucketA, backup)
	if copied <= len(late) {
		t.Fatalf("the bucket copy holds %d files, want the hero image's too", copied)
	}

	// --- Disaster: A's server, bucket and database are gone. ---
	srvA.stop(t)
	s3c.removeBucket(t, bucketA)
	pg.dropDatabase(t, dbA)

	// --- The restore, into a fresh database (of another role) and bucket. ---
	dbB := pg.newDatabase(t, "b")
	runTool(t, pg.bin("pg_restore"), "--no-owner", "--role="+mustURL(t, dbB).User.Username(), "--exit-on-error", "--jobs=4",
		"--dbname="+dbB, dump)
	bucketB := s3c.newBucket(t)
	s3c.makeBucket(t, bucketB)
	if n := s3c.mirror(t, backup, bucketB); n != copied {
		t.Fatalf("copied %d files back, want the %d backed up", n, copied)
	}
	runCMS(t, "migrate", dbB, nil)
	// Before the replicas start: the copy dated every file now, so only
	// --min-age 0s judges them. The default run lists nothing, with the
	// late files too young; --min-age 0s lists exactly them and deletes
	// them, and every file a row names stays.
	gc := func(args ...string) string {
		t.Helper()
		return runCMS(t, "media", dbB, s3c.env(bucketB), append([]string{"gc"}, args...)...)
	}
	inUse := copied - len(late)
	if out := gc("--dry-run"); !strings.Contains(out, fmt.Sprintf("%d files scanned: %d in use, %d too young to judge, 0 orphaned", copied, inUse, len(late))) {
		t.Errorf("cms media gc --dry-run on B:\n%s\nwant %d in use, the %d late files too young, 0 orphaned", out, inUse, len(late))
	}
	out := gc("--dry-run", "--min-age", "0s")
	if !strings.Contains(out, fmt.Sprintf("%d files scanned: %d in use, 0 too young to judge, %d orphaned", copied, inUse, len(late))) {
		t.Errorf("cms media gc --dry-run --min-age 0s on B:\n%s\nwant the %d late files orphaned", out, len(late))
	}
	for _, u := range late {
		if !strings.Contains(out, "orphan  "+strings.TrimPrefix(u, "/")+" (") {
			t.Errorf("cms media gc --dry-run --min-age 0s on B does not list %s:\n%s", u, out)
		}
	}
	if out := gc("--min-age", "0s"); !strings.Contains(out, fmt.Sprintf("%d deleted", len(late))) {
		t.Errorf("cms media gc --min-age 0s on B:\n%s\nwant %d deleted", out, len(late))
	}
	srvB := startServe(t, dbB, serverEnv(dbB, bucketB)...) // no bootstrap admin: the users come from the dump
	b := "http://" + srvB.addr

	// --- Checks. ---
	if r := call(t, b, "", "GET", "/readyz", nil, 200); r["status"] != "ok" {
		t.Errorf("/readyz on B: %v", r)
	}
	for email := range passwords {
		signIn(b, email)
	}
	if me := call(t, b, editor, "GET", "/api/admin/v1/me", nil, 200); me["email"] != "editor@backup.example" {
		t.Errorf("the editor's session from before the dump: /me is %v", me)
	}
	call(t, b, "", "GET", "/api/v1/articles/"+url.PathEscape(slug), nil, 401) // the key requirement holds, and
	restored := readArticle(t, b, apiKey, slug)                               // the key made on A opens it
	if restored["headline"] != delivered["headline"] || restored["published_at"] != delivered["published_at"] {
		t.Errorf("the article on B: %v, %v; want %v, %v as on A", restored["headline"], restored["published_at"], delivered["headline"], delivered["published_at"])
	}
	th := call(t, b, "", "GET", commentsPath, nil, 200, "X-API-Key", apiKey)
	if list, _ := th["data"].([]any); th["approved_count"] != 1.0 || len(list) != 1 || list[0].(map[string]any)["id"] != commentID {
		t.Errorf("the comments on B: %v, want the approved comment", th)
	}
	got := call(t, b, editor, "GET", "/api/admin/v1/articles/"+schedID, nil, 200)
	if at, _ := time.Parse(time.RFC3339, fmt.Sprint(got["publish_at"])); got["status"] != "scheduled" || !at.Equal(publishAt) {
		t.Errorf("the scheduled article on B: status %v, publish_at %v; want scheduled for %v", got["status"], got["publish_at"], publishAt)
	}
	if hs := call(t, b, admin, "GET", "/api/admin/v1/webhooks/"+hook["id"].(string), nil, 200); hs["active"] != true || hs["url"] != hooks.url {
		t.Errorf("the webhook on B: %v", hs)
	}

	// A new publish on B reaches readers and the webhook, signed with the
	// secret made on A.
	next := call(t, b, writer, "POST", "/api/admin/v1/articles", map[string]any{"headline": "أول خبر بعد الاستعادة", "language": "ar", "body": body}, 201)
	call(t, b, writer, "POST", "/api/admin/v1/articles/"+next["id"].(string)+"/submit", nil, 200)
	nextSlug := call(t, b, editor, "POST", "/api/admin/v1/articles/"+next["id"].(string)+"/publish", nil, 200)["slug"].(string)
	if h := call(t, b, "", "GET", "/api/v1/articles/"+url.PathEscape(nextSlug), nil, 200, "X-API-Key", apiKey)["headline"]; h != "أول خبر بعد الاستعادة" {
		t.Errorf("the new article on B: headline %v", h)
	}
	hooks.wait(t, next["id"].(string))

	// After the new publish, still nothing to remove.
	if out := gc("--dry-run"); !strings.Contains(out, fmt.Sprintf("%d files scanned: %d in use, 0 too young to judge, 0 orphaned", inUse, inUse)) {
		t.Errorf("cms media gc --dry-run on B after the start:\n%s\nwant all %d files in use", out, inUse)
	}
	srvB.stop(t)
}

// readArticle reads a published article from the delivery API with the
// key, and checks its hero image: the caption, credit and alt text given at
// upload, and every file URL answering with an image.
func readArticle(t *testing.T, base, key, slug string) map[string]any {
	t.Helper()
	art := call(t, base, "", "GET", "/api/v1/articles/"+url.PathEscape(slug), nil, 200, "X-API-Key", key)
	hero, _ := art["hero_image"].(map[string]any)
	if hero == nil || hero["caption"] != "وفود في قاعة المفاوضات" || hero["credit"] != "أستانا / Sputnik" || hero["alt_text"] != "قاعة اجتماعات" {
		t.Fatalf("hero image at %s: %v", base, art["hero_image"])
	}
	urls := mediaURLs(hero)
	if len(urls) < 5 {
		t.Fatalf("hero image at %s: %d files, want the original and its renditions", base, len(urls))
	}
	for _, u := range urls {
		res, err := http.Get(base + u)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s%s: %d", base, u, res.StatusCode)
		}
		if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("GET %s%s is not an image: %v", base, u, err)
		}
	}
	return art
}

// runCMS runs the built `cms` (as an operator would) with the command,
// the database, env and args, and returns its output; it fails the test
// unless it exits 0.
func runCMS(t *testing.T, command, dbURL string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(cmsBinary(t), append(strings.Fields(command), args...)...)
	cmd.Env = append(append(os.Environ(), "CMS_DATABASE_URL="+dbURL, "CMS_LOG_LEVEL=warn"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cms %s %s: %v\n%s", command, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// runTool runs a PostgreSQL client program; it fails the test unless it
// exits 0.
func runTool(t *testing.T, path string, args ...string) {
	t.Helper()
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(path), strings.Join(args, " "), err, out)
	}
}

func randomHex(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// pgCluster is the test PostgreSQL server, reached as its superuser to
// make and drop roles and databases, and its client programs.
type pgCluster struct {
	conn   *sql.DB
	base   *url.URL
	bindir string
}

func newPGCluster(t *testing.T) *pgCluster {
	t.Helper()
	// The client programs of the server scripts/lib-services.sh started.
	bindir := os.Getenv("CMS_PG_BINDIR")
	if bindir == "" {
		bindir = "/usr/lib/postgresql/15/bin"
	}
	for _, p := range []string{"pg_dump", "pg_restore"} {
		if _, err := os.Stat(filepath.Join(bindir, p)); err != nil {
			t.Fatalf("no %s in %s (CMS_PG_BINDIR): %v", p, bindir, err)
		}
	}
	conn, err := sql.Open("pgx", cmstest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &pgCluster{conn: conn, base: mustURL(t, cmstest.PostgresURL(t)), bindir: bindir}
}

func (c *pgCluster) bin(name string) string { return filepath.Join(c.bindir, name) }

// newDatabase makes a login role (not a superuser) and an empty database
// it owns, as docs/operations.md has operators do, and returns the URL
// that connects as that role. Both are dropped when the test ends.
func (c *pgCluster) newDatabase(t *testing.T, label string) string {
	t.Helper()
	name := "cms_backup_" + label + "_" + randomHex(t)
	if _, err := c.conn.Exec("CREATE ROLE " + name + " LOGIN"); err != nil {
		t.Fatalf("create role: %v", err)
	}
	t.Cleanup(func() {
		if _, err := c.conn.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		if _, err := c.conn.Exec("DROP ROLE IF EXISTS " + name); err != nil {
			t.Errorf("drop role %s: %v", name, err)
		}
	})
	if _, err := c.conn.Exec("CREATE DATABASE " + name + " OWNER " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	u := *c.base
	u.User = url.User(name)
	u.Path = "/" + name
	return u.String()
}

func (c *pgCluster) dropDatabase(t *testing.T, dbURL string) {
	t.Helper()
	name := strings.TrimPrefix(mustURL(t, dbURL).Path, "/")
	if _, err := c.conn.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
		t.Fatalf("drop database %s: %v", name, err)
	}
}

// s3Buckets makes buckets on the S3 test server and copies between them.
type s3Buckets struct {
	cfg    s3.Config
	client *minio.Client
}

func newS3Buckets(t *testing.T) *s3Buckets {
	t.Helper()
	cfg := cmstest.S3(t)
	client, err := minio.New(cfg.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Region: cfg.Region, BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatal(err)
	}
	return &s3Buckets{cfg: cfg, client: client}
}

// newBucket names a new bucket (`cms serve` makes it when missing, or
// makeBucket), emptied and removed when the test ends.
func (s *s3Buckets) newBucket(t *testing.T) string {
	t.Helper()
	name := "cms-backup-" + randomHex(t)
	t.Cleanup(func() { s.removeBucket(t, name) })
	return name
}

func (s *s3Buckets) makeBucket(t *testing.T, name string) {
	t.Helper()
	if err := s.client.MakeBucket(context.Background(), name, minio.MakeBucketOptions{Region: s.cfg.Region}); err != nil {
		t.Fatalf("make bucket %s: %v", name, err)
	}
}

// env is what points `cms` at the bucket.
func (s *s3Buckets) env(bucket string) []string {
	return []string{"CMS_STORAGE=s3", "CMS_S3_ENDPOINT=" + s.cfg.Endpoint, "CMS_S3_BUCKET=" + bucket, "CMS_S3_REGION=" + s.cfg.Region,
		"CMS_S3_ACCESS_KEY=" + s.cfg.AccessKey, "CMS_S3_SECRET_KEY=" + s.cfg.SecretKey, "CMS_S3_USE_TLS=false", "CMS_S3_PATH_STYLE=true"}
}

// mirror copies every object of src into dst on the server, deleting
// nothing in dst, and returns how many it copied. It stands in for the
// documented `mc mirror --preserve` and `aws s3 sync` (neither is
// installed here): the same S3 calls, a listing and a server-side copy of
// each object with its metadata.
func (s *s3Buckets) mirror(t *testing.T, src, dst string) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	for obj := range s.client.ListObjects(ctx, src, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			t.Fatalf("list %s: %v", src, obj.Err)
		}
		if _, err := s.client.CopyObject(ctx, minio.CopyDestOptions{Bucket: dst, Object: obj.Key},
			minio.CopySrcOptions{Bucket: src, Object: obj.Key}); err != nil {
			t.Fatalf("copy %s/%s to %s: %v", src, obj.Key, dst, err)
		}
		n++
	}
	return n
}

// removeBucket deletes every object of the bucket and the bucket; a bucket
// that does not exist is no error.
func (s *s3Buckets) removeBucket(t *testing.T, name string) {
	t.Helper()
	ctx := context.Background()
	if ok, err := s.client.BucketExists(ctx, name); err != nil || !ok {
		if err != nil {
			t.Errorf("bucket %s: %v", name, err)
		}
		return
	}
	for obj := range s.client.ListObjects(ctx, name, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			t.Errorf("list %s: %v", name, obj.Err)
			return
		}
		if err := s.client.RemoveObject(ctx, name, obj.Key, minio.RemoveObjectOptions{}); err != nil {
			t.Errorf("remove %s/%s: %v", name, obj.Key, err)
		}
	}
	if err := s.client.RemoveBucket(ctx, name); err != nil {
		t.Errorf("remove bucket %s: %v", name, err)
	}
}

// hookReceiver is a webhook receiver that keeps the article ids of the
// deliveries signed with its secret.
type hookReceiver struct {
	url    string
	mu     sync.Mutex
	secret string
	seen   map[string]bool
	forged int
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{seen: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var d struct{ Data struct{ ID string } }
		_ = json.Unmarshal(body, &d)
		h.mu.Lock()
		defer h.mu.Unlock()
		if !webhook.Verify(h.secret, r.Header.Get("X-Webhook-Timestamp"), body, r.Header.Get("X-Webhook-Signature")) {
			h.forged++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		h.seen[d.Data.ID] = true
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL + "/hook"
	return h
}

func (h *hookReceiver) setSecret(s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.secret = s
}

// wait waits up to 15 seconds for a signed delivery about the article.
func (h *hookReceiver) wait(t *testing.T, articleID string) {
	t.Helper()
	waitFor(t, 15*time.Second, "a signed webhook delivery for article "+articleID, func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.forged > 0 {
			t.Fatalf("%d webhook deliveries were not signed with the webhook's secret", h.forged)
		}
		return h.seen[articleID]
	})
}
