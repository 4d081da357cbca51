package local_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"newsroom/blob"
	"newsroom/blob/blobtest"
	"newsroom/blob/local"
)

func TestConformance(t *testing.T) {
	s, err := local.New(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	blobtest.Run(t, s)
}

func TestNewCreatesDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if _, err := local.New(dir); err != nil {
		t.Fatalf("New: %v", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("Stat dir: %v", err)
	}
	if !fi.IsDir() {
		t.Errorf("dir: got mode %v, want a directory", fi.Mode())
	}
}

func TestNewRejectsFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := local.New(file); err == nil {
		t.Errorf("New on a file: got nil error, want one")
	}
}

// A file put in the directory by hand, without a sidecar, is still served,
// with its content type taken from its extension.
func TestFileWithoutSidecar(t *testing.T) {
	dir := t.TempDir()
	s, err := local.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hand.png"), []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := s.Stat(t.Context(), "hand.png")
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.ContentType != "image/png" || info.Size != 3 || info.ETag == "" {
		t.Errorf("Stat: got %+v, want image/png, size 3, an ETag", info)
	}
}

// Ping reports a store whose directory has gone.
func TestPingMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "media")
	s, err := local.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(t.Context()); err == nil {
		t.Errorf("Ping after removing the directory: got nil, want an error")
	}
	if _, err := s.Stat(t.Context(), "x"); !errors.Is(err, blob.ErrNotExist) {
		t.Errorf("Stat after removing the directory: got %v, want ErrNotExist", err)
	}
}
