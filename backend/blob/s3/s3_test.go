package s3

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"newsroom/blob"
	"newsroom/blob/blobtest"
)

// testConfig returns the config of the S3 server the tests run against,
// from CMS_TEST_S3_*, with a bucket name unique to this test. A missing
// server is a failure, never a skip.
func testConfig(t *testing.T) Config {
	t.Helper()
	env := func(name, def string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		if def == "" {
			t.Fatalf("%s is not set: run the S3 tests with `make test`, which starts an S3 server (versitygw) and sets CMS_TEST_S3_ENDPOINT, CMS_TEST_S3_ACCESS_KEY and CMS_TEST_S3_SECRET_KEY", name)
		}
		return def
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return Config{
		Endpoint:  env("CMS_TEST_S3_ENDPOINT", ""),
		AccessKey: env("CMS_TEST_S3_ACCESS_KEY", ""),
		SecretKey: env("CMS_TEST_S3_SECRET_KEY", ""),
		Region:    env("CMS_TEST_S3_REGION", "us-east-1"),
		Bucket:    "blobtest-" + hex.EncodeToString(b),
		PathStyle: true,
	}
}

// newTestStore creates a Store on a fresh bucket and removes the bucket
// when the test ends. Cleanups run last-in first-out, so blobtest.Run's
// cleanup empties the bucket before this one removes it.
func newTestStore(t *testing.T, cfg Config) *Store {
	t.Helper()
	s, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := s.client.RemoveBucket(ctx, cfg.Bucket)
		var er minio.ErrorResponse
		if err != nil && !(errors.As(err, &er) && er.Code == minio.NoSuchBucket) {
			t.Errorf("cleanup: remove bucket %q: %v", cfg.Bucket, err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	cfg := testConfig(t)
	s := newTestStore(t, cfg) // creates the bucket
	// New on an existing bucket finds it rather than failing to create it.
	if _, err := New(t.Context(), cfg); err != nil {
		t.Fatalf("New on an existing bucket: %v", err)
	}
	blobtest.Run(t, s)
}

func TestWrongSecret(t *testing.T) {
	cfg := testConfig(t)
	cfg.SecretKey += "-wrong"
	_, err := New(t.Context(), cfg)
	if err == nil {
		t.Fatal("New with a wrong secret: got nil error, want one")
	}
	if !strings.Contains(err.Error(), "rejected the credentials") || !strings.Contains(err.Error(), "CMS_S3_SECRET_KEY") {
		t.Errorf("New with a wrong secret: got %q, want it to say the credentials were rejected and name CMS_S3_SECRET_KEY", err)
	}
}

func TestWrongAccessKey(t *testing.T) {
	cfg := testConfig(t)
	cfg.AccessKey = "no-such-user"
	_, err := New(t.Context(), cfg)
	if err == nil || !strings.Contains(err.Error(), "rejected the credentials") {
		t.Errorf("New with an unknown access key: got %v, want it to say the credentials were rejected", err)
	}
}

func TestUnreachable(t *testing.T) {
	// A port that was just free and is now closed: connection refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	cfg := Config{Endpoint: addr, Bucket: "blobtest", AccessKey: "k", SecretKey: "s", Region: "us-east-1", PathStyle: true}
	start := time.Now()
	_, err = New(t.Context(), cfg)
	elapsed := time.Since(start)
	if err == nil {
		t.Fatal("New on a closed port: got nil error, want one")
	}
	want := fmt.Sprintf("object store at %s unreachable", addr)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("New on a closed port: got %q, want it to contain %q", err, want)
	}
	if elapsed > 5*time.Second {
		t.Errorf("New on a closed port took %v, want under 5s", elapsed)
	}
}

// Ping reports a bucket that disappeared, and object calls on it report
// ErrNotExist.
func TestMissingBucket(t *testing.T) {
	cfg := testConfig(t)
	s := newTestStore(t, cfg)
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if err := s.client.RemoveBucket(t.Context(), cfg.Bucket); err != nil {
		t.Fatal(err)
	}
	err := s.Ping(t.Context())
	if err == nil || !strings.Contains(err.Error(), "no bucket") {
		t.Errorf("Ping without the bucket: got %v, want it to say the bucket is missing", err)
	}
	if _, err := s.Stat(t.Context(), "x"); !errors.Is(err, blob.ErrNotExist) {
		t.Errorf("Stat without the bucket: got %v, want ErrNotExist", err)
	}
}

func TestConfigValidation(t *testing.T) {
	good := Config{Endpoint: "127.0.0.1:9000", Bucket: "media", AccessKey: "k", SecretKey: "s"}
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no endpoint", func(c *Config) { c.Endpoint = "" }, "CMS_S3_ENDPOINT is not set"},
		{"endpoint with scheme", func(c *Config) { c.Endpoint = "http://127.0.0.1:9000" }, "CMS_S3_ENDPOINT"},
		{"endpoint with path", func(c *Config) { c.Endpoint = "127.0.0.1:9000/media" }, "CMS_S3_ENDPOINT"},
		{"no bucket", func(c *Config) { c.Bucket = "" }, "CMS_S3_BUCKET is not set"},
		{"bad bucket", func(c *Config) { c.Bucket = "Media_Files" }, "CMS_S3_BUCKET"},
		{"no access key", func(c *Config) { c.AccessKey = "" }, "CMS_S3_ACCESS_KEY is not set"},
		{"no secret key", func(c *Config) { c.SecretKey = "" }, "CMS_S3_SECRET_KEY is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.change(&cfg)
			_, err := New(t.Context(), cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: got %v, want an error containing %q", err, tt.want)
			}
		})
	}

	// All problems are reported at once.
	_, err := New(t.Context(), Config{})
	for _, want := range []string{"CMS_S3_ENDPOINT", "CMS_S3_BUCKET", "CMS_S3_ACCESS_KEY", "CMS_S3_SECRET_KEY"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(Config{}): got %v, want it to name %s", err, want)
		}
	}
}

func TestConfigRedactsSecret(t *testing.T) {
	cfg := Config{Endpoint: "e", Bucket: "b", AccessKey: "k", SecretKey: "very-secret"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), cfg.LogValue().String()} {
		if strings.Contains(s, "very-secret") {
			t.Errorf("formatted config: got %q, want the secret redacted", s)
		}
	}
}
