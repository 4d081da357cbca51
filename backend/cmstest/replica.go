package cmstest

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsroom/store"
)

// PostgresReplicaURL returns the URL of the maintenance database on the
// test server's streaming replica (a hot standby started by `make test`,
// scripts/test.sh, in CMS_TEST_POSTGRES_REPLICA_URL). Every database made
// on the primary appears on it.
func PostgresReplicaURL(t testing.TB) string {
	u := os.Getenv("CMS_TEST_POSTGRES_REPLICA_URL")
	if u == "" {
		t.Fatal("CMS_TEST_POSTGRES_REPLICA_URL is not set: run the tests with `make test`, which starts a streaming replica " +
			"of the throwaway PostgreSQL (or `make services` and export the variables it prints)")
	}
	return u
}

// Replicated is a test database on the primary with the streaming replica
// as its read replica.
type Replicated struct {
	t  testing.TB
	DB *store.DB // opened with the replica (through Switch when asked) and watching it
	// PrimaryURL and ReplicaURL reach this database directly on each server.
	PrimaryURL, ReplicaURL string
	// Switch stands between DB and the replica when ReplicaOptions.Switch
	// was set: turning it off takes the replica away as a crash would.
	Switch *Switch
}

// ReplicaOptions change how PostgresWithReplica opens the database.
type ReplicaOptions struct {
	MaxLag time.Duration // 0: store.DefaultMaxLag
	Switch bool          // reach the replica through a Switch
	// PauseReplay takes the replica lock exclusively, so the test may pause
	// the replica's replay (PauseReplay) without stalling other tests.
	PauseReplay bool
}

// replicaLock is the advisory lock (on the primary) that keeps a test
// pausing the shared replica's replay from running beside tests that need
// it to keep up, across the test binaries of every package.
const replicaLock = 0x636d7372 // "cmsr"

// PostgresWithReplica returns a migrated database of its own (as Postgres),
// opened with the test replica as its read replica and watching it, once
// the replica serves it. The replica is shared by every test: a test that
// pauses its replay holds it alone (ReplicaOptions.PauseReplay), the others
// share it.
func PostgresWithReplica(t testing.TB, o ReplicaOptions) *Replicated {
	t.Helper()
	base, replicaBase := PostgresURL(t), PostgresReplicaURL(t)
	LockReplica(t, o.PauseReplay)
	prepareTemplate(t, base)
	name := cloneTemplate(t)
	r := &Replicated{t: t, PrimaryURL: withDatabase(base, name), ReplicaURL: withDatabase(replicaBase, name)}
	readURL := r.ReplicaURL
	if o.Switch {
		u := mustParseURL(t, r.ReplicaURL)
		r.Switch = NewSwitch(t, u.Host)
		u.Host = r.Switch.Addr
		readURL = u.String()
	}
	db, err := store.Open(context.Background(), r.PrimaryURL, Logger(), store.Options{ReadURLs: []string{readURL}, MaxLag: o.MaxLag})
	if err != nil {
		t.Fatalf("open test database with its replica: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { db.WatchReplicas(ctx) })
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		db.Close()
	})
	r.DB = db
	r.WaitReplica(true)
	return r
}

// WaitReplica waits (up to a minute: the replica replays every test's
// databases) until ReadView would read from the replica, or, with inUse
// false, would not.
func (r *Replicated) WaitReplica(inUse bool) {
	r.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		st := r.DB.Replicas()[0]
		if st.InUse == inUse {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the replica is not %s after a minute: %+v", map[bool]string{true: "in use", false: "out of use"}[inUse], st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// PauseReplay stops the replica from applying the primary's changes (it
// keeps receiving them) until ResumeReplay or the end of the test. Only
// with ReplicaOptions.PauseReplay.
func (r *Replicated) PauseReplay() { r.replay("pg_wal_replay_pause", "paused") }

// ResumeReplay lets the replica apply the changes again.
func (r *Replicated) ResumeReplay() { r.replay("pg_wal_replay_resume", "not paused") }

func (r *Replicated) replay(fn, state string) {
	r.t.Helper()
	conn, err := sql.Open("pgx", PostgresReplicaURL(r.t))
	if err != nil {
		r.t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec("SELECT " + fn + "()"); err != nil {
		r.t.Fatalf("%s on the replica: %v", fn, err)
	}
	if fn == "pg_wal_replay_pause" {
		r.t.Cleanup(func() { r.ResumeReplay() })
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var got string
		if err := conn.QueryRow("SELECT pg_get_wal_replay_pause_state()").Scan(&got); err != nil {
			r.t.Fatal(err)
		}
		if got == state {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the replica's replay is %q, want %q", got, state)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// LockReplica holds the replica lock until the test ends: shared for a
// test that needs the replica to keep up (PostgresWithReplica takes it),
// exclusive for one that pauses its replay.
func LockReplica(t testing.TB, exclusive bool) {
	t.Helper()
	db := admin(t)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	fn := "pg_advisory_lock_shared"
	if exclusive {
		fn = "pg_advisory_lock"
	}
	if _, err := conn.ExecContext(context.Background(), "SELECT "+fn+"($1)", replicaLock); err != nil {
		t.Fatalf("take the replica lock: %v", err)
	}
	t.Cleanup(func() {
		conn.Close() // ends the session, which releases the lock
		db.Close()
	})
}

// Switch forwards TCP connections to a server until it is turned off,
// which closes every open connection and refuses new ones (they are
// accepted and closed at once), as if the server had crashed; turned on
// again, it forwards new connections. It stops when the test ends.
type Switch struct {
	Addr string // host:port to connect to instead of the target

	off   atomic.Bool
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

// NewSwitch starts a switch, on, on 127.0.0.1 to target.
func NewSwitch(t testing.TB, target string) *Switch {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Switch{Addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if s.off.Load() {
				c.Close()
				continue
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			s.track(c, u)
			wg.Go(func() { io.Copy(u, c); u.Close() })
			wg.Go(func() { io.Copy(c, u); c.Close() })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		s.Off()
		wg.Wait()
	})
	return s
}

func (s *Switch) track(cs ...net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range cs {
		s.conns[c] = struct{}{}
	}
}

// Off closes every connection and refuses new ones.
func (s *Switch) Off() {
	s.off.Store(true)
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
	clear(s.conns)
}

// On forwards new connections again.
func (s *Switch) On() { s.off.Store(false) }

func mustParseURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	return u
}
