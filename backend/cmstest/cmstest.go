// Package cmstest holds test helpers: throwaway databases on the real
// PostgreSQL and SQLite, the S3 test server's settings, and a running
// server with signed-in users. Only _test files import it. A missing
// service fails the test; it is never skipped.
package cmstest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, to create and drop test databases

	"newsroom/blob/s3"
	"newsroom/store"
)

// Logger returns a logger that discards everything unless CMS_TEST_LOG=1.
func Logger() *slog.Logger {
	if os.Getenv("CMS_TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// PostgresURL returns the URL of the test server's maintenance database,
// set by `make test` (scripts/test.sh) in CMS_TEST_POSTGRES_URL.
func PostgresURL(t testing.TB) string {
	u := os.Getenv("CMS_TEST_POSTGRES_URL")
	if u == "" {
		t.Fatal("CMS_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts a throwaway PostgreSQL " +
			"(or start one with `make services` and export the variables it prints)")
	}
	return u
}

// template is the migrated database every PostgreSQL test database is
// cloned from; made once per test binary.
var template struct {
	once sync.Once
	name string
	err  error
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func withDatabase(rawURL, db string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Path = "/" + db
	return u.String()
}

func admin(t testing.TB) *sql.DB {
	conn, err := sql.Open("pgx", PostgresURL(t))
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	return conn
}

// Postgres returns a migrated database of its own on the test PostgreSQL
// server, cloned from a template (a few milliseconds), dropped when the test
// ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	base := PostgresURL(t)
	prepareTemplate(t, base)
	name := cloneTemplate(t)
	db, err := store.Open(context.Background(), withDatabase(base, name), Logger())
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { db.Close() }) // before the database is dropped
	return db
}

// prepareTemplate makes the migrated template database, once per test binary.
func prepareTemplate(t testing.TB, base string) {
	t.Helper()
	template.once.Do(func() {
		ctx := context.Background()
		name := randomName("cms_tmpl_")
		conn := admin(t)
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			template.err = fmt.Errorf("create template database: %w", err)
			return
		}
		db, err := store.Open(ctx, withDatabase(base, name), Logger())
		if err != nil {
			template.err = err
			return
		}
		template.err = db.Migrate(ctx, nil)
		db.Close()
		template.name = name
	})
	if template.err != nil {
		t.Fatalf("prepare the PostgreSQL template database: %v", template.err)
	}
}

// cloneTemplate makes a database from the migrated template, dropped when
// the test ends, and returns its name.
func cloneTemplate(t testing.TB) string {
	t.Helper()
	name := randomName("cms_test_")
	conn := admin(t)
	defer conn.Close()
	if _, err := conn.Exec("CREATE DATABASE " + name + " TEMPLATE " + template.name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		c := admin(t)
		defer c.Close()
		if _, err := c.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return name
}

// PostgresDatabaseURL returns the URL of a new, empty (unmigrated) database
// on the test server, dropped when the test ends; for tests of `cms` itself.
func PostgresDatabaseURL(t testing.TB) string {
	t.Helper()
	name := randomName("cms_cli_")
	conn := admin(t)
	defer conn.Close()
	if _, err := conn.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		c := admin(t)
		defer c.Close()
		if _, err := c.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return withDatabase(PostgresURL(t), name)
}

// SQLite returns a migrated SQLite database in a file of its own.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cms.db")
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+path, Logger())
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatalf("migrate SQLite: %v", err)
	}
	return db
}

// EachDB runs fn as two subtests, "postgres" and "sqlite", each with a fresh
// migrated database: the same test suite on both engines.
func EachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, Postgres(t))
	})
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, SQLite(t))
	})
}

// S3 returns the settings of the S3 test server (the Versity S3 Gateway
// started by `make test`) with a bucket name of the test's own.
func S3(t testing.TB) s3.Config {
	t.Helper()
	endpoint := os.Getenv("CMS_TEST_S3_ENDPOINT")
	if endpoint == "" {
		t.Fatal("CMS_TEST_S3_ENDPOINT is not set: run the tests with `make test`, which starts the S3 test server")
	}
	region := os.Getenv("CMS_TEST_S3_REGION")
	if region == "" {
		region = "us-east-1"
	}
	return s3.Config{
		Endpoint: endpoint, Region: region, Bucket: strings.ReplaceAll(randomName("cmstest-"), "_", "-"),
		AccessKey: os.Getenv("CMS_TEST_S3_ACCESS_KEY"), SecretKey: os.Getenv("CMS_TEST_S3_SECRET_KEY"),
		PathStyle: true,
	}
}
