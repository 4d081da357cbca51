package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"newsroom/blob"
	"newsroom/blob/local"
)

func TestMediaGC(t *testing.T) {
	t.Parallel()
	db, dir := sqliteURL(t), filepath.Join(t.TempDir(), "media")
	if r := runCLI(t, "", "seed", "--database-url", db, "--storage-dir", dir); r.code != 0 || !strings.Contains(r.stdout, "created image astana-talks.jpg") {
		t.Fatalf("seed: got %s", r)
	}
	bs, err := local.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	count := func() int {
		n := 0
		bs.List(ctx, "media/", func(blob.Info) error { n++; return nil })
		return n
	}
	seeded := count()
	orphan := "media/0000/original.jpg"
	if err := bs.Put(ctx, orphan, strings.NewReader("left behind"), 11, blob.PutOptions{}); err != nil {
		t.Fatal(err)
	}

	args := []string{"media", "gc", "--database-url", db, "--storage-dir", dir}
	r := runCLI(t, "", append(args, "--dry-run")...)
	if r.code != 0 || !strings.Contains(r.stdout, "0 orphaned") || !strings.Contains(r.stdout, "1 too young") {
		t.Errorf("gc of a young orphan: got %s", r)
	}
	r = runCLI(t, "", append(args, "--dry-run", "--min-age", "0s")...)
	if r.code != 0 || !strings.Contains(r.stdout, "orphan  "+orphan+" (11 bytes)") || !strings.Contains(r.stdout, "nothing deleted (dry run)") {
		t.Errorf("gc --dry-run: got %s", r)
	}
	if count() != seeded+1 {
		t.Error("gc --dry-run deleted something")
	}
	r = runCLI(t, "", append(args, "--min-age", "0s")...)
	if r.code != 0 || !strings.Contains(r.stdout, "deleted "+orphan) || !strings.Contains(r.stdout, "1 deleted") {
		t.Errorf("gc: got %s", r)
	}
	if got := count(); got != seeded {
		t.Errorf("files after gc: %d, want the %d seeded", got, seeded)
	}

	if r := runCLI(t, "", "media", "gc", "--help"); r.code != 0 || !strings.Contains(r.stderr, "-dry-run") {
		t.Errorf("media gc --help: got %s", r)
	}
	if r := runCLI(t, "", "media", "--help"); r.code != 0 || !strings.Contains(r.stdout, "gc") {
		t.Errorf("media --help: got %s", r)
	}
	if r := runCLI(t, "", "media"); r.code != 2 {
		t.Errorf("media without a command: got %s, want exit 2", r)
	}
}
