// Package blobtest is the conformance suite for blob.Store implementations,
// in the manner of gitea's storage tests: one suite, run against every
// backend, so they all honour the same contract. It is imported by _test
// files only.
package blobtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/blob"
)

// Run checks that s follows the blob.Store contract. Every key it writes
// starts with a prefix unique to this call, and it deletes them when the
// test ends, so s may be shared (one bucket for many runs).
func Run(t *testing.T, s blob.Store) {
	t.Helper()
	prefix := "blobtest-" + randomHex(t, 8) + "/"
	t.Cleanup(func() {
		// t.Context is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var keys []string
		if err := s.List(ctx, prefix, func(i blob.Info) error {
			keys = append(keys, i.Key)
			return nil
		}); err != nil {
			t.Errorf("cleanup: list %q: %v", prefix, err)
			return
		}
		for _, k := range keys {
			if err := s.Delete(ctx, k); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
	})

	t.Run("Ping", func(t *testing.T) {
		if err := s.Ping(t.Context()); err != nil {
			t.Fatalf("Ping: got %v, want nil", err)
		}
	})
	t.Run("PutOpenStat", func(t *testing.T) { testPutOpenStat(t, s, prefix) })
	t.Run("DefaultContentType", func(t *testing.T) { testDefaultContentType(t, s, prefix) })
	t.Run("Seek", func(t *testing.T) { testSeek(t, s, prefix) })
	t.Run("Overwrite", func(t *testing.T) { testOverwrite(t, s, prefix) })
	t.Run("Missing", func(t *testing.T) { testMissing(t, s, prefix) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, s, prefix) })
	t.Run("List", func(t *testing.T) { testList(t, s, prefix) })
	t.Run("InvalidKeys", func(t *testing.T) { testInvalidKeys(t, s) })
	t.Run("Large", func(t *testing.T) { testLarge(t, s, prefix) })
	t.Run("UnknownSize", func(t *testing.T) { testUnknownSize(t, s, prefix) })
	t.Run("ShortBody", func(t *testing.T) { testShortBody(t, s, prefix) })
	t.Run("ArabicKey", func(t *testing.T) { testArabicKey(t, s, prefix) })
}

func testPutOpenStat(t *testing.T, s blob.Store, prefix string) {
	ctx := t.Context()
	key := prefix + "put/hello.txt"
	body := []byte("hello, blob\n")
	opts := blob.PutOptions{ContentType: "text/plain; charset=utf-8", CacheControl: "public, max-age=31536000, immutable"}
	put(t, s, key, body, opts)

	o, err := s.Open(ctx, key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer o.Close()
	got, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if !bytes.Equal(got, body) {
		t.Errorf("content: got %q, want %q", got, body)
	}
	oi := o.Info()
	if oi.Key != key || oi.Size != int64(len(body)) || oi.ContentType != opts.ContentType {
		t.Errorf("Object.Info: got %+v, want key %q, size %d, content type %q", oi, key, len(body), opts.ContentType)
	}

	info, err := s.Stat(ctx, key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.Key != key {
		t.Errorf("Stat Key: got %q, want %q", info.Key, key)
	}
	if info.Size != int64(len(body)) {
		t.Errorf("Stat Size: got %d, want %d", info.Size, len(body))
	}
	if info.ContentType != opts.ContentType {
		t.Errorf("Stat ContentType: got %q, want %q", info.ContentType, opts.ContentType)
	}
	if info.CacheControl != opts.CacheControl {
		t.Errorf("Stat CacheControl: got %q, want %q", info.CacheControl, opts.CacheControl)
	}
	if info.ETag == "" || strings.Contains(info.ETag, `"`) {
		t.Errorf("Stat ETag: got %q, want non-empty and unquoted", info.ETag)
	}
	if d := time.Since(info.ModTime); d < -time.Hour || d > time.Hour {
		t.Errorf("Stat ModTime: got %v, want within an hour of now", info.ModTime)
	}
	if oi.ETag != info.ETag {
		t.Errorf("Object.Info ETag: got %q, want %q (from Stat)", oi.ETag, info.ETag)
	}
}

func testDefaultContentType(t *testing.T, s blob.Store, prefix string) {
	key := prefix + "default/data.bin"
	put(t, s, key, []byte{0, 1, 2}, blob.PutOptions{})
	info, err := s.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.ContentType != blob.DefaultContentType {
		t.Errorf("ContentType: got %q, want %q", info.ContentType, blob.DefaultContentType)
	}
	if info.CacheControl != "" {
		t.Errorf("CacheControl: got %q, want empty", info.CacheControl)
	}
}

func testSeek(t *testing.T, s blob.Store, prefix string) {
	key := prefix + "seek/bytes"
	body := make([]byte, 1000)
	for i := range body {
		body[i] = byte(i % 251)
	}
	put(t, s, key, body, blob.PutOptions{ContentType: "application/octet-stream"})

	o, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer o.Close()

	// The calls http.ServeContent makes: size from the end, back to the
	// start, then a range.
	if n, err := o.Seek(0, io.SeekEnd); err != nil || n != int64(len(body)) {
		t.Fatalf("Seek(0, End): got %d, %v, want %d, nil", n, err, len(body))
	}
	if n, err := o.Seek(0, io.SeekStart); err != nil || n != 0 {
		t.Fatalf("Seek(0, Start): got %d, %v, want 0, nil", n, err)
	}
	readAt := func(off int64, whence, n int, want []byte) {
		t.Helper()
		if _, err := o.Seek(off, whence); err != nil {
			t.Fatalf("Seek(%d, %d): %v", off, whence, err)
		}
		got := make([]byte, n)
		if _, err := io.ReadFull(o, got); err != nil {
			t.Fatalf("read %d bytes after Seek(%d, %d): %v", n, off, whence, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("read after Seek(%d, %d): got %v, want %v", off, whence, got, want)
		}
	}
	readAt(500, io.SeekStart, 10, body[500:510])
	readAt(-5, io.SeekEnd, 5, body[995:])
	readAt(100, io.SeekStart, 4, body[100:104])
	readAt(6, io.SeekCurrent, 4, body[110:114])
	rest, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("read rest: %v", err)
	}
	if !bytes.Equal(rest, body[114:]) {
		t.Errorf("read rest: got %d bytes, want %d", len(rest), len(body[114:]))
	}
}

func testOverwrite(t *testing.T, s blob.Store, prefix string) {
	ctx := t.Context()
	key := prefix + "overwrite/x"
	put(t, s, key, []byte("first version"), blob.PutOptions{ContentType: "text/plain", CacheControl: "no-cache"})
	before, err := s.Stat(ctx, key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	put(t, s, key, []byte("v2"), blob.PutOptions{ContentType: "image/png"})
	after, err := s.Stat(ctx, key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if after.Size != 2 || after.ContentType != "image/png" || after.CacheControl != "" {
		t.Errorf("Stat after overwrite: got %+v, want size 2, image/png, no cache control", after)
	}
	if after.ETag == before.ETag {
		t.Errorf("ETag after overwrite: got %q, want a change from %q", after.ETag, before.ETag)
	}
	if got := read(t, s, key); string(got) != "v2" {
		t.Errorf("content after overwrite: got %q, want %q", got, "v2")
	}
}

func testMissing(t *testing.T, s blob.Store, prefix string) {
	ctx := t.Context()
	key := prefix + "missing/nothing-here.jpg"
	if _, err := s.Stat(ctx, key); !errors.Is(err, blob.ErrNotExist) {
		t.Errorf("Stat missing: got %v, want ErrNotExist", err)
	}
	o, err := s.Open(ctx, key)
	if !errors.Is(err, blob.ErrNotExist) {
		t.Errorf("Open missing: got %v, want ErrNotExist", err)
	}
	if o != nil {
		o.Close()
		t.Errorf("Open missing: got an Object, want nil")
	}
	// A key below an existing object, and a "directory" of longer keys.
	put(t, s, prefix+"missing/file", []byte("x"), blob.PutOptions{})
	put(t, s, prefix+"missing/dir/file", []byte("x"), blob.PutOptions{})
	for _, k := range []string{prefix + "missing/file/below", prefix + "missing/dir"} {
		if _, err := s.Stat(ctx, k); !errors.Is(err, blob.ErrNotExist) {
			t.Errorf("Stat %q: got %v, want ErrNotExist", k, err)
		}
		if _, err := s.Open(ctx, k); !errors.Is(err, blob.ErrNotExist) {
			t.Errorf("Open %q: got %v, want ErrNotExist", k, err)
		}
	}
}

func testDelete(t *testing.T, s blob.Store, prefix string) {
	ctx := t.Context()
	key := prefix + "delete/a.jpg"
	put(t, s, key, []byte("to be deleted"), blob.PutOptions{ContentType: "image/jpeg"})
	if err := s.Delete(ctx, key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Stat(ctx, key); !errors.Is(err, blob.ErrNotExist) {
		t.Errorf("Stat after Delete: got %v, want ErrNotExist", err)
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, blob.ErrNotExist) {
		t.Errorf("Open after Delete: got %v, want ErrNotExist", err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Errorf("Delete again: got %v, want nil", err)
	}
	if err := s.Delete(ctx, prefix+"delete/never/existed"); err != nil {
		t.Errorf("Delete never-existing key: got %v, want nil", err)
	}
	// Deleting must not take other keys along.
	put(t, s, prefix+"delete/keep/b", []byte("b"), blob.PutOptions{})
	if err := s.Delete(ctx, prefix+"delete/keep"); err != nil {
		t.Errorf("Delete of a key that is only a prefix: got %v, want nil", err)
	}
	if got := read(t, s, prefix+"delete/keep/b"); string(got) != "b" {
		t.Errorf("content of a neighbour after Delete: got %q, want %q", got, "b")
	}
}

func testList(t *testing.T, s blob.Store, prefix string) {
	ctx := t.Context()
	p := prefix + "list/"
	sizes := map[string]int{
		p + "a/1":     1,
		p + "a/2":     2,
		p + "a/sub/3": 3,
		p + "ab":      4,
		p + "b/1":     5,
	}
	for k, n := range sizes {
		put(t, s, k, bytes.Repeat([]byte("x"), n), blob.PutOptions{})
	}

	tests := []struct {
		prefix string
		want   []string
	}{
		{p + "a/", []string{p + "a/1", p + "a/2", p + "a/sub/3"}},
		{p + "a", []string{p + "a/1", p + "a/2", p + "a/sub/3", p + "ab"}},
		{p + "b/", []string{p + "b/1"}},
		{p + "a/sub/", []string{p + "a/sub/3"}},
		{p + "a/1", []string{p + "a/1"}},
		{p + "c/", nil},
		{p + "a/1/", nil},
		{p, []string{p + "a/1", p + "a/2", p + "a/sub/3", p + "ab", p + "b/1"}},
	}
	for _, tt := range tests {
		var got []string
		err := s.List(ctx, tt.prefix, func(i blob.Info) error {
			got = append(got, i.Key)
			if want := int64(sizes[i.Key]); i.Size != want {
				t.Errorf("List(%q): %q has size %d, want %d", tt.prefix, i.Key, i.Size, want)
			}
			if i.ModTime.IsZero() {
				t.Errorf("List(%q): %q has a zero ModTime", tt.prefix, i.Key)
			}
			return nil
		})
		if err != nil {
			t.Errorf("List(%q): %v", tt.prefix, err)
			continue
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("List(%q): got %q, want %q", tt.prefix, got, tt.want)
		}
	}

	// An error from fn stops the listing and comes back unchanged.
	stop := errors.New("stop here")
	calls := 0
	err := s.List(ctx, p, func(blob.Info) error {
		calls++
		return stop
	})
	if err != stop {
		t.Errorf("List with failing fn: got %v, want %v", err, stop)
	}
	if calls != 1 {
		t.Errorf("List with failing fn: fn called %d times, want 1", calls)
	}
}

func testInvalidKeys(t *testing.T, s blob.Store) {
	ctx := t.Context()
	keys := []string{
		"",
		"/abs",
		"a//b",
		"a/",
		"..",
		"../x",
		"a/../b",
		"a/./b",
		".hidden",
		"a/.meta",
		`a\b`,
		"a\x00b",
		"a\nb",
		"bad\xffutf8",
		strings.Repeat("k", blob.MaxKeyLen+1),
	}
	for _, k := range keys {
		if err := s.Put(ctx, k, strings.NewReader("x"), 1, blob.PutOptions{}); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Put(%q): got %v, want ErrInvalidKey", k, err)
		}
		if o, err := s.Open(ctx, k); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Open(%q): got %v, want ErrInvalidKey", k, err)
			if o != nil {
				o.Close()
			}
		}
		if _, err := s.Stat(ctx, k); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Stat(%q): got %v, want ErrInvalidKey", k, err)
		}
		if err := s.Delete(ctx, k); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Delete(%q): got %v, want ErrInvalidKey", k, err)
		}
	}
	for _, p := range []string{"/", "/abs", "../", "a//", "a/..", `a\`, "a/."} {
		err := s.List(ctx, p, func(blob.Info) error { return nil })
		if !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("List(%q): got %v, want ErrInvalidKey", p, err)
		}
	}
}

func testLarge(t *testing.T, s blob.Store, prefix string) {
	key := prefix + "large/5mib.bin"
	body := make([]byte, 5<<20)
	if _, err := rand.Read(body); err != nil {
		t.Fatal(err)
	}
	put(t, s, key, body, blob.PutOptions{ContentType: "application/octet-stream"})
	info, err := s.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.Size != int64(len(body)) {
		t.Errorf("Stat Size: got %d, want %d", info.Size, len(body))
	}
	if got := read(t, s, key); !bytes.Equal(got, body) {
		t.Errorf("content: got %d bytes, want the %d bytes written", len(got), len(body))
	}

	o, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer o.Close()
	off := int64(len(body) - 3000)
	if _, err := o.Seek(off, io.SeekStart); err != nil {
		t.Fatalf("Seek: %v", err)
	}
	tail, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("read tail: %v", err)
	}
	if !bytes.Equal(tail, body[off:]) {
		t.Errorf("tail after Seek(%d): got %d bytes, want the last %d written", off, len(tail), len(body[off:]))
	}
}

func testUnknownSize(t *testing.T, s blob.Store, prefix string) {
	key := prefix + "unknown-size/x"
	body := []byte("length not known up front")
	// io.MultiReader hides the concrete type, so the store cannot peek.
	if err := s.Put(t.Context(), key, io.MultiReader(bytes.NewReader(body)), -1, blob.PutOptions{ContentType: "text/plain"}); err != nil {
		t.Fatalf("Put with size -1: %v", err)
	}
	if got := read(t, s, key); !bytes.Equal(got, body) {
		t.Errorf("content: got %q, want %q", got, body)
	}
}

func testShortBody(t *testing.T, s blob.Store, prefix string) {
	ctx := t.Context()
	short := func() io.Reader { return io.MultiReader(strings.NewReader("12345")) }

	key := prefix + "short/new"
	if err := s.Put(ctx, key, short(), 10, blob.PutOptions{}); err == nil {
		t.Errorf("Put of 5 bytes with size 10: got nil error, want one")
	}
	if _, err := s.Stat(ctx, key); !errors.Is(err, blob.ErrNotExist) {
		t.Errorf("Stat after failed Put: got %v, want ErrNotExist", err)
	}

	old := prefix + "short/existing"
	put(t, s, old, []byte("old content"), blob.PutOptions{ContentType: "text/plain"})
	if err := s.Put(ctx, old, short(), 10, blob.PutOptions{}); err == nil {
		t.Errorf("Put of 5 bytes with size 10 over an object: got nil error, want one")
	}
	if got := read(t, s, old); string(got) != "old content" {
		t.Errorf("content after failed overwrite: got %q, want %q", got, "old content")
	}

	// Bytes beyond size are not stored.
	long := prefix + "short/long"
	if err := s.Put(ctx, long, strings.NewReader("abcdefgh"), 3, blob.PutOptions{}); err != nil {
		t.Fatalf("Put of 8 bytes with size 3: %v", err)
	}
	if got := read(t, s, long); string(got) != "abc" {
		t.Errorf("content after Put with size 3: got %q, want %q", got, "abc")
	}
}

func testArabicKey(t *testing.T, s blob.Store, prefix string) {
	key := prefix + "صور/مفاوضات أستانا.jpg"
	put(t, s, key, []byte("jpeg"), blob.PutOptions{ContentType: "image/jpeg"})
	if got := read(t, s, key); string(got) != "jpeg" {
		t.Errorf("content: got %q, want %q", got, "jpeg")
	}
	var got []string
	if err := s.List(t.Context(), prefix+"صور/", func(i blob.Info) error {
		got = append(got, i.Key)
		return nil
	}); err != nil {
		t.Fatalf("List: %v", err)
	}
	if !slices.Equal(got, []string{key}) {
		t.Errorf("List: got %q, want %q", got, []string{key})
	}
}

// put stores body under key or fails the test.
func put(t *testing.T, s blob.Store, key string, body []byte, opts blob.PutOptions) {
	t.Helper()
	if err := s.Put(t.Context(), key, bytes.NewReader(body), int64(len(body)), opts); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

// read returns the content of key or fails the test.
func read(t *testing.T, s blob.Store, key string) []byte {
	t.Helper()
	o, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return b
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
