package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestOlderBuildOnNewerSchema is a rollback, or an old replica restarting
// mid-rollout after the next release's `cms migrate`: the schema is one
// version ahead of this build. `migrate` has nothing to do and `serve`
// runs (with a warning), since migrations stay backward compatible for
// one release; a schema behind the build is still refused.
func TestOlderBuildOnNewerSchema(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "cms.db")
	if r := runCLI(t, "", "migrate", "--database-url", url); r.code != 0 {
		t.Fatalf("migrate: %s", r)
	}
	db, err := store.Open(context.Background(), url, cmstest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	_, latest, err := db.SchemaStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec("INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (?, ?, ?)", latest+1, true, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	r := runCLI(t, "", "migrate", "--database-url", url)
	if r.code != 0 || !strings.Contains(r.stdout, "newer than this build") {
		t.Errorf("migrate on a newer schema: got %s, want exit 0 saying there is nothing to do", r)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"serve", "--http-addr", "127.0.0.1:0", "--database-url", url, "--migrate=false",
			"--storage-dir", filepath.Join(dir, "media"), "--log-format", "json"}, strings.NewReader(""), &stdout, &stderr)
	}()
	var serving, warned bool
	for deadline := time.Now().Add(20 * time.Second); !serving && time.Now().Before(deadline); {
		select {
		case code := <-exit:
			t.Fatalf("serve on a newer schema exited with %d\nstderr:\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		for _, rec := range logRecords(stderr.String()) {
			serving = serving || rec["msg"] == "serving"
			warned = warned || (rec["level"] == "WARN" && strings.Contains(rec["msg"].(string), "schema is newer"))
		}
	}
	if !serving || !warned {
		t.Errorf("serve on a newer schema: serving %v, warned %v, want both\nstderr:\n%s", serving, warned, stderr.String())
	}
	cancel()
	if code := <-exit; code != 0 {
		t.Errorf("exit after cancel: got %d, want 0", code)
	}
}
