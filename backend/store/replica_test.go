package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// onStandby reports whether the handle's reads are answered by a standby.
func onStandby(t *testing.T, tx *store.Tx) bool {
	t.Helper()
	var standby bool
	if err := tx.Raw(&standby, "SELECT pg_is_in_recovery()"); err != nil {
		t.Fatalf("read through the handle: %v", err)
	}
	return standby
}

// standbyView waits (up to 30s: the shared replica replays every test's
// databases and may fall behind for a moment) until ReadView reads from the
// replica, and returns that handle.
func standbyView(t *testing.T, r *cmstest.Replicated) *store.Tx {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if tx := r.DB.ReadView(context.Background()); onStandby(t, tx) {
			return tx
		}
		if time.Now().After(deadline) {
			t.Fatalf("ReadView does not read from the replica: %+v", r.DB.Replicas())
		}
	}
}

// TestReadViewOnReplica: ReadView reads from the replica; View and InTx
// from the primary.
func TestReadViewOnReplica(t *testing.T) {
	t.Parallel()
	r := cmstest.PostgresWithReplica(t, cmstest.ReplicaOptions{})
	ctx := context.Background()
	before := r.DB.Replicas()[0].Reads
	standbyView(t, r)
	if got := r.DB.Replicas()[0].Reads; got <= before {
		t.Errorf("the replica counted %d reads, want more than %d", got, before)
	}
	if onStandby(t, r.DB.View(ctx)) {
		t.Error("View read from the replica, want the primary")
	}
	if err := r.DB.InTx(ctx, func(tx *store.Tx) error {
		if onStandby(t, tx) {
			t.Error("InTx ran on the replica, want the primary")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Its clock is when the replica is known to hold every commit: never
	// later than now.
	if rv, v := r.DB.ReadView(ctx).Now, r.DB.View(ctx).Now; rv.After(v) {
		t.Errorf("ReadView's Now %v is after View's %v", rv, v)
	}
	if n, err := r.DB.ReadView(ctx).CountLive(); err != nil || n != 0 {
		t.Errorf("CountLive on the replica = %d, %v; want 0, nil", n, err)
	}
}

// TestReadViewWithoutReplicas: with no replica, ReadView is View; SQLite
// refuses read replicas.
func TestReadViewWithoutReplicas(t *testing.T) {
	t.Parallel()
	db := cmstest.Postgres(t)
	if onStandby(t, db.ReadView(context.Background())) {
		t.Error("ReadView without replicas read from a standby")
	}
	db.Fence() // nothing to wait for: must not block or panic
	lite := cmstest.SQLite(t)
	if _, err := lite.ReadView(context.Background()).CountLive(); err != nil {
		t.Errorf("ReadView on SQLite: %v", err)
	}
	_, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "x.db"), cmstest.Logger(),
		store.Options{ReadURLs: []string{cmstest.PostgresReplicaURL(t)}})
	if err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Errorf("Open SQLite with read URLs: got %v, want an error naming PostgreSQL", err)
	}
	_, err = store.Open(context.Background(), cmstest.PostgresURL(t), cmstest.Logger(), store.Options{ReadURLs: []string{"sqlite:x.db"}})
	if err == nil {
		t.Error("Open with a sqlite: read URL succeeded")
	}
}

// TestFenceWaitsForReplay: after a change, ReadView reads from the primary
// until the replica has replayed it, however long that takes, and returns
// to the replica once it has.
func TestFenceWaitsForReplay(t *testing.T) {
	t.Parallel()
	r := cmstest.PostgresWithReplica(t, cmstest.ReplicaOptions{PauseReplay: true, MaxLag: time.Minute})
	ctx := context.Background()
	standbyView(t, r)
	r.PauseReplay()
	if _, err := r.DB.SQL().Exec("CREATE TABLE fence_marker (n int); INSERT INTO fence_marker VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	r.DB.Fence() // as a change notice from another replica does
	for end := time.Now().Add(700 * time.Millisecond); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		tx := r.DB.ReadView(ctx)
		var n int
		if err := tx.Raw(&n, "SELECT n FROM fence_marker"); err != nil || n != 1 {
			t.Fatalf("a read after the fence missed the change (replay is paused): n=%d, %v", n, err)
		}
		if onStandby(t, tx) {
			t.Fatal("ReadView used the paused replica after a fence")
		}
	}
	r.ResumeReplay()
	var n int
	if err := standbyView(t, r).Raw(&n, "SELECT n FROM fence_marker"); err != nil || n != 1 {
		t.Errorf("the replica, back in use, does not hold the change: n=%d, %v", n, err)
	}
}

// TestReplicaLagBound: a replica further behind than MaxLag is not read,
// even when no change was announced; once it catches up, it is again.
func TestReplicaLagBound(t *testing.T) {
	t.Parallel()
	r := cmstest.PostgresWithReplica(t, cmstest.ReplicaOptions{PauseReplay: true, MaxLag: time.Second})
	ctx := context.Background()
	r.PauseReplay()
	// The primary moves on; the replica does not.
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				_, _ = r.DB.SQL().Exec("SELECT pg_logical_emit_message(false, 'cms-test', 'x')")
			}
		}
	}()
	r.WaitReplica(false)
	if onStandby(t, r.DB.ReadView(ctx)) {
		t.Error("ReadView read from a replica further behind than MaxLag")
	}
	close(stop)
	<-done
	r.ResumeReplay()
	standbyView(t, r) // back in use once caught up
}

// TestReplicaDown: a replica that goes away mid-run costs readers nothing:
// the statement runs on the primary, the replica is marked unhealthy, and
// it is used again once it answers.
func TestReplicaDown(t *testing.T) {
	t.Parallel()
	r := cmstest.PostgresWithReplica(t, cmstest.ReplicaOptions{Switch: true})
	ctx := context.Background()
	tx := standbyView(t, r) // picked while the replica is up
	r.Switch.Off()
	for i := range 20 {
		if n, err := tx.CountLive(); err != nil || n != 0 {
			t.Fatalf("read %d on a handle whose replica went away: %d, %v", i, n, err)
		}
		if n, err := r.DB.ReadView(ctx).CountLive(); err != nil || n != 0 {
			t.Fatalf("read %d after the replica went away: %d, %v", i, n, err)
		}
	}
	st := r.DB.Replicas()[0]
	if st.Healthy || st.Fallbacks == 0 {
		t.Errorf("after the replica went away: %+v, want unhealthy with fallbacks", st)
	}
	r.Switch.On()
	standbyView(t, r) // back in use
}

func TestEndOfRecords(t *testing.T) {
	const block, segment = 8192, 16 << 20
	for _, c := range []struct{ in, want uint64 }{
		{0x3000100, 0x3000100},           // mid-page
		{0x3002018, 0x3002000},           // just past a page header
		{0x4000028, 0x4000000},           // just past a segment's long header
		{0x3002000 + 48, 0x3002000 + 48}, // a record after the header
	} {
		if got := store.EndOfRecords(c.in, block, segment); got != c.want {
			t.Errorf("EndOfRecords(%#x) = %#x, want %#x", c.in, got, c.want)
		}
	}
	if got, err := store.ParseLSN("16/B374D848"); err != nil || got != 0x16B374D848 {
		t.Errorf("ParseLSN = %#x, %v", got, err)
	}
	for _, bad := range []string{"", "16", "x/1", "1/"} {
		if _, err := store.ParseLSN(bad); err == nil {
			t.Errorf("ParseLSN(%q) accepted", bad)
		}
	}
}

// TestReplicaName: a replica is named by host:port/database alone, never
// with the user or password its URL holds (metrics carry the name), and a
// URL given twice still makes two names.
func TestReplicaName(t *testing.T) {
	t.Parallel()
	read := "postgres://reader:s3cret@127.0.0.1:1/news?sslmode=disable&password=other" // nothing listens on port 1
	db, err := store.Open(context.Background(), cmstest.PostgresURL(t), cmstest.Logger(), store.Options{ReadURLs: []string{read, read}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var names []string
	for _, st := range db.Replicas() {
		names = append(names, st.Name)
	}
	if want := []string{"127.0.0.1:1/news", "127.0.0.1:1/news#2"}; strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("replica names: got %q, want %q", names, want)
	}
	if len(db.ReplicaPools()) != 2 {
		t.Errorf("replica pools: got %d, want 2", len(db.ReplicaPools()))
	}
}
