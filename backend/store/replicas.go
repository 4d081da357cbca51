package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// Read replicas. The primary takes every write and every read that must see
// the caller's own writes (View, InTx); ReadView may instead read from a
// PostgreSQL hot standby streaming from it. A replica is read from only
// while all of these hold (pickReplica):
//
//   - it answered the last check and no read on it failed to connect since;
//   - it has replayed every commit this process was told of (Fence): a cache
//     refilled after an invalidation must not be refilled with the state
//     before the change;
//   - it is at most MaxLag behind.
//
// How far a replica is is measured in the primary's WAL positions, not in
// clock time: WatchReplicas samples the primary's insert position (with the
// local monotonic time of the sample) and finds the newest sample each
// replica has replayed. A replica "covers" a sample's time when it has
// replayed what the primary had written then, so it holds every commit that
// was visible on the primary before that time.

// Options are the optional settings of Open.
type Options struct {
	// ReadURLs are postgres:// URLs of hot standbys of the primary that
	// ReadView may read from. Only with PostgreSQL.
	ReadURLs []string
	// MaxLag is how far behind the primary a replica may be and still be
	// read from; 0: DefaultMaxLag.
	MaxLag time.Duration
}

// DefaultMaxLag is the MaxLag of Options left zero.
const DefaultMaxLag = 2 * time.Second

const (
	// replicaCheckInterval is how often WatchReplicas checks the replicas
	// when nothing is waiting for them.
	replicaCheckInterval = 200 * time.Millisecond
	// fenceRecheck is how soon it checks again while a replica that is up
	// has not yet replayed the latest fence: reads go to the primary until
	// then, so the sooner the better.
	fenceRecheck = 20 * time.Millisecond
	// minCheckGap bounds the checks a burst of fences can cause.
	minCheckGap = 10 * time.Millisecond
	// replicaTimeout bounds one check and one connection attempt, so a
	// replica that stopped answering costs a bounded wait.
	replicaTimeout = 2 * time.Second
	// replicaPoolSize is each replica's connection limit: delivery reads are
	// mostly answered from the response cache, so a few connections carry
	// its misses.
	replicaPoolSize = 10
)

// replica is one read replica's pool and what the checker knows of it.
type replica struct {
	name string // the URL without its password, for logs
	// label is host:port/database: it names the replica in metrics, which
	// must never carry a user name or a password (a URL may hold either,
	// also in its query).
	label string
	sql   *sql.DB
	g     *gorm.DB
	// check is the checker's own connection, so that the replica's
	// pg_stat_activity tells reads ("cms-read") from checks ("cms-check").
	check *sql.DB

	healthy atomic.Bool
	// covered is the db.elapsed() time of the newest primary sample the
	// replica has replayed; 0 when none yet.
	covered          atomic.Int64
	reads, fallbacks atomic.Uint64
}

// lsnSample is the primary's WAL insert position at a moment.
type lsnSample struct {
	at  int64 // db.elapsed()
	lsn uint64
}

// openReplicas opens a small pool per read URL. A replica that does not
// answer yet is not an error: WatchReplicas starts using it when it does.
func (db *DB) openReplicas(ctx context.Context, o Options) error {
	if len(o.ReadURLs) == 0 {
		return nil
	}
	if db.dialect != Postgres {
		return errors.New("read replicas need PostgreSQL: SQLite has none; leave CMS_DATABASE_READ_URLS empty")
	}
	db.maxLag = o.MaxLag
	if db.maxLag <= 0 {
		db.maxLag = DefaultMaxLag
	}
	db.kick = make(chan struct{}, 1)
	for _, u := range o.ReadURLs {
		d, dsn, err := ParseURL(u)
		if err != nil {
			return err
		}
		if d != Postgres {
			return fmt.Errorf("read replica %s is not a postgres:// URL", redactURL(u))
		}
		pc, err := pgx.ParseConfig(dsn)
		if err != nil {
			return fmt.Errorf("read replica %s: %w", redactURL(u), err)
		}
		if pc.ConnectTimeout == 0 || pc.ConnectTimeout > replicaTimeout {
			pc.ConnectTimeout = replicaTimeout
		}
		_, named := pc.RuntimeParams["application_name"]
		cc := pc.Copy()
		if !named {
			pc.RuntimeParams["application_name"] = "cms-read"
			cc.RuntimeParams["application_name"] = "cms-check"
		}
		r := &replica{name: redactURL(u), label: replicaLabel(pc, db.replicas), sql: stdlib.OpenDB(*pc), check: stdlib.OpenDB(*cc)}
		r.check.SetMaxOpenConns(1)
		r.sql.SetMaxOpenConns(replicaPoolSize)
		r.sql.SetMaxIdleConns(replicaPoolSize)
		r.sql.SetConnMaxIdleTime(5 * time.Minute)
		r.g, err = gorm.Open(postgres.New(postgres.Config{Conn: &readPool{db: db, r: r}}), gormConfig())
		if err != nil {
			r.sql.Close()
			r.check.Close()
			return fmt.Errorf("read replica %s: %w", r.name, err)
		}
		db.replicas = append(db.replicas, r)
		pctx, cancel := context.WithTimeout(ctx, replicaTimeout)
		if err := r.check.PingContext(pctx); err != nil {
			db.log.Warn("read replica not reachable yet; reading from the primary until it is", "replica", r.name, "error", err)
		} else {
			db.log.Info("read replica connected", "replica", r.name)
		}
		cancel()
	}
	return nil
}

// replicaLabel is host:port/database of the connection config, with "#N"
// added when an earlier replica has the same (the same URL given twice),
// so that each replica's metrics stay apart.
func replicaLabel(pc *pgx.ConnConfig, earlier []*replica) string {
	label := fmt.Sprintf("%s:%d/%s", pc.Host, pc.Port, pc.Database)
	for _, r := range earlier {
		if r.label == label || strings.HasPrefix(r.label, label+"#") {
			return fmt.Sprintf("%s#%d", label, len(earlier)+1)
		}
	}
	return label
}

func (db *DB) closeReplicas() {
	for _, r := range db.replicas {
		r.sql.Close()
		r.check.Close()
	}
}

// elapsed is the monotonic time since Open, never 0.
func (db *DB) elapsed() int64 { return int64(time.Since(db.epoch)) + 1 }

// ReadView returns a handle for reads of what readers see (the delivery
// API): on a read replica when one is healthy, has replayed every change
// this process was told of (Fence) and is at most MaxLag behind, chosen in
// turn; else on the primary, as View. Its Now is the time up to which the
// handle is known to hold every commit, so a cursor made from it (a live
// page's server_time) skips nothing the replica had not replayed yet.
//
// A statement that cannot reach the replica (it went down mid-request)
// marks it unhealthy and runs on the primary instead, so readers see no
// error. Never use it for what must see the caller's own writes (admin,
// workflow, scheduler, sessions): use View or InTx.
func (db *DB) ReadView(ctx context.Context) *Tx {
	if r, covered := db.pickReplica(); r != nil {
		asOf := db.now().Add(-time.Duration(db.elapsed() - covered)).Truncate(time.Microsecond)
		return &Tx{g: r.g.WithContext(ctx), db: db, Now: asOf}
	}
	return db.View(ctx)
}

func (db *DB) pickReplica() (*replica, int64) {
	n := uint64(len(db.replicas))
	if n == 0 {
		return nil, 0
	}
	now, fence := db.elapsed(), db.fence.Load()
	start := db.next.Add(1)
	for i := range n {
		r := db.replicas[(start+i)%n]
		if c := r.covered.Load(); db.usable(r, c, now, fence) {
			return r, c
		}
	}
	return nil, 0
}

// usable reports whether ReadView may read from r, which covers c.
func (db *DB) usable(r *replica, c, now, fence int64) bool {
	return r.healthy.Load() && c > 0 && c >= fence && time.Duration(now-c) <= db.maxLag
}

// Fence records that a change committed on the primary must be visible to
// every ReadView from now on: until a replica has replayed what the primary
// had written at this moment, ReadView reads from the primary. Call it when
// a change notice arrives from another process, before dropping what it
// invalidates, and when notices may have been lost. InTx fences the
// commits of this process itself. It never blocks.
func (db *DB) Fence() {
	if len(db.replicas) == 0 {
		return
	}
	now := db.elapsed()
	for {
		old := db.fence.Load()
		if old >= now || db.fence.CompareAndSwap(old, now) {
			break
		}
	}
	select {
	case db.kick <- struct{}{}: // check soon, so reads return to the replica soon
	default:
	}
}

// ReplicaStatus describes one read replica, for operators and tests.
type ReplicaStatus struct {
	URL string // without its password
	// Name is host:port/database, with no user name or password: the
	// replica's label in metrics. It is unique among the replicas.
	Name    string
	Healthy bool
	// InUse is whether ReadView would read from it now: healthy, not behind
	// the latest fence, and at most MaxLag behind.
	InUse bool
	// Lag is at most how far behind the primary the replica is, as last
	// measured; -1 before the first measurement.
	Lag time.Duration
	// Reads are the statements it answered; Fallbacks those ReadView sent
	// to the primary instead because it was unreachable.
	Reads, Fallbacks uint64
}

// Replicas reports the read replicas, in the order of the read URLs.
func (db *DB) Replicas() []ReplicaStatus {
	out := make([]ReplicaStatus, len(db.replicas))
	now, fence := db.elapsed(), db.fence.Load()
	for i, r := range db.replicas {
		c, lag := r.covered.Load(), time.Duration(-1)
		if c > 0 {
			lag = time.Duration(now - c)
		}
		out[i] = ReplicaStatus{URL: r.name, Name: r.label, Healthy: r.healthy.Load(), InUse: db.usable(r, c, now, fence), Lag: lag,
			Reads: r.reads.Load(), Fallbacks: r.fallbacks.Load()}
	}
	return out
}

// ReplicaPools returns each read replica's connection pool, in the order
// of Replicas, for its statistics (sql.DB.Stats). Read through ReadView,
// never through these: only ReadView falls back to the primary.
func (db *DB) ReplicaPools() []*sql.DB {
	out := make([]*sql.DB, len(db.replicas))
	for i, r := range db.replicas {
		out[i] = r.sql
	}
	return out
}

// WatchReplicas checks the read replicas until ctx ends: whether each
// answers, and which position of the primary it has replayed. ReadView uses
// no replica before its first check, so `cms serve` runs this for as long as
// it serves. It returns at once when there are no replicas.
func (db *DB) WatchReplicas(ctx context.Context) {
	if len(db.replicas) == 0 {
		return
	}
	var samples []lsnSample
	timer := time.NewTimer(replicaCheckInterval)
	defer timer.Stop()
	for {
		samples = db.checkReplicas(ctx, samples)
		select {
		case <-ctx.Done():
			return
		case <-time.After(minCheckGap):
		}
		wait := replicaCheckInterval
		if db.behindFence() {
			wait = fenceRecheck
		}
		timer.Reset(wait - minCheckGap)
		select {
		case <-ctx.Done():
			return
		case <-db.kick:
		case <-timer.C:
		}
	}
}

// behindFence reports whether a healthy replica has not replayed the latest
// fence yet.
func (db *DB) behindFence() bool {
	fence := db.fence.Load()
	for _, r := range db.replicas {
		if r.healthy.Load() && r.covered.Load() < fence {
			return true
		}
	}
	return false
}

// checkReplicas takes a sample of the primary's position, then asks every
// replica what it has replayed, and returns the samples still needed.
func (db *DB) checkReplicas(parent context.Context, samples []lsnSample) []lsnSample {
	ctx, cancel := context.WithTimeout(parent, replicaTimeout)
	defer cancel()
	// The time is taken before the primary is asked, so every commit visible
	// before it is at or below the position the primary answers.
	at := db.elapsed()
	if lsn, err := db.primaryPosition(ctx); err == nil {
		samples = append(samples, lsnSample{at: at, lsn: lsn})
	} else if parent.Err() == nil {
		db.log.Debug("read replica check: the primary did not answer", "error", err)
	}
	var wg sync.WaitGroup
	for _, r := range db.replicas {
		wg.Go(func() {
			replayed, err := db.replayed(ctx, r)
			if err != nil {
				if parent.Err() == nil { // not because we are stopping
					db.setHealthy(r, false, err)
				}
				return
			}
			for i := len(samples) - 1; i >= 0; i-- {
				if samples[i].lsn <= replayed {
					if samples[i].at > r.covered.Load() {
						r.covered.Store(samples[i].at)
					}
					break
				}
			}
			db.setHealthy(r, true, nil)
		})
	}
	wg.Wait()
	// Keep the samples of the last MaxLag: a replica further behind is not
	// read from, whichever older sample it has passed.
	oldest := db.elapsed() - int64(db.maxLag)
	keep := samples[:0]
	for _, s := range samples {
		if s.at >= oldest {
			keep = append(keep, s)
		}
	}
	if len(keep) > 1000 {
		keep = keep[len(keep)-1000:]
	}
	return keep
}

// primaryPosition returns the primary's WAL insert position: at or past the
// commit record of every transaction visible on it now (also with
// synchronous_commit off, when a commit is visible before its WAL is
// written).
func (db *DB) primaryPosition(ctx context.Context) (uint64, error) {
	var lsn string
	var sysID int64
	if err := db.sql.QueryRowContext(ctx, "SELECT pg_current_wal_insert_lsn()::text, (SELECT system_identifier FROM pg_control_system())").Scan(&lsn, &sysID); err != nil {
		return 0, err
	}
	if db.walBlock.Load() == 0 {
		var block, segment int64
		err := db.sql.QueryRowContext(ctx, "SELECT current_setting('wal_block_size')::bigint, (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size')").Scan(&block, &segment)
		if err != nil {
			return 0, err
		}
		db.walSegment.Store(segment)
		db.walBlock.Store(block)
	}
	db.systemID.Store(sysID)
	pos, err := parseLSN(lsn)
	if err != nil {
		return 0, err
	}
	return endOfRecords(pos, uint64(db.walBlock.Load()), uint64(db.walSegment.Load())), nil
}

// endOfRecords turns an insert position into the end of the last record
// written. The insert position points past the header of a page it has
// just reached (24 bytes, 40 at the start of a segment), while a replica
// reports the end of the last record it replayed: without this, an idle
// primary stopped at a page boundary would be a position no replica ever
// reaches.
func endOfRecords(pos, block, segment uint64) uint64 {
	const shortHeader, longHeader = 24, 40 // MAXALIGNed XLogPageHeaderData, XLogLongPageHeaderData
	switch {
	case segment > 0 && pos%segment == longHeader:
		return pos - longHeader
	case block > 0 && pos%block == shortHeader:
		return pos - shortHeader
	}
	return pos
}

// replayed returns what the replica has replayed; an error when it does not
// answer, is not a standby, or is the standby of another server.
func (db *DB) replayed(ctx context.Context, r *replica) (uint64, error) {
	var recovering bool
	var lsn *string
	var sysID int64
	err := r.check.QueryRowContext(ctx, "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, (SELECT system_identifier FROM pg_control_system())").Scan(&recovering, &lsn, &sysID)
	switch {
	case err != nil:
		return 0, err
	case !recovering || lsn == nil:
		return 0, errors.New("it is not a standby (promoted, or a primary of its own)")
	case db.systemID.Load() != 0 && sysID != db.systemID.Load():
		return 0, errors.New("it is a standby of another server (its system identifier differs from the primary's)")
	}
	return parseLSN(*lsn)
}

// parseLSN reads PostgreSQL's "16/B374D848" notation.
func parseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if !ok || err1 != nil || err2 != nil {
		return 0, fmt.Errorf("not a WAL position: %q", s)
	}
	return h<<32 | l, nil
}

func (db *DB) setHealthy(r *replica, ok bool, err error) {
	if r.healthy.Swap(ok) == ok {
		return
	}
	if ok {
		db.log.Info("read replica healthy", "replica", r.name)
	} else {
		db.log.Warn("read replica unavailable; reading from the primary", "replica", r.name, "error", err)
	}
}

// readPool is what a replica's gorm.DB runs statements on: the replica's
// pool, or the primary's when the replica cannot answer. Each statement of
// a ReadView is independent, so moving one to the primary, which holds at
// least what the replica does, is safe.
type readPool struct {
	db *DB
	r  *replica
}

var _ gorm.ConnPool = (*readPool)(nil)

func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if p.r.healthy.Load() {
		rows, err := p.r.sql.QueryContext(ctx, query, args...)
		if err == nil {
			p.r.reads.Add(1)
			return rows, nil
		}
		if !p.db.onReplicaError(ctx, p.r, err) {
			return nil, err
		}
	}
	p.r.fallbacks.Add(1)
	return p.db.sql.QueryContext(ctx, query, args...)
}

// QueryRowContext cannot fall back (a *sql.Row reports its error only when
// scanned); store's reads use QueryContext.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if p.r.healthy.Load() {
		p.r.reads.Add(1)
		return p.r.sql.QueryRowContext(ctx, query, args...)
	}
	p.r.fallbacks.Add(1)
	return p.db.sql.QueryRowContext(ctx, query, args...)
}

// ExecContext runs on the replica, which refuses writes: a write through a
// read handle is a bug, and it should fail loudly.
func (p *readPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.r.sql.ExecContext(ctx, query, args...)
}

func (p *readPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.r.sql.PrepareContext(ctx, query)
}

// GetDBConn lets gorm's DB() return the replica's pool.
func (p *readPool) GetDBConn() (*sql.DB, error) { return p.r.sql, nil }

// onReplicaError decides whether a statement that failed on a replica runs
// again on the primary, and marks the replica unhealthy when it cannot be
// reached. Errors the primary would answer alike (bad SQL, a cancelled
// request) are returned as they are.
func (db *DB) onReplicaError(ctx context.Context, r *replica, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case strings.HasPrefix(pg.Code, "08"), // connection exception
			pg.Code == "57P01", pg.Code == "57P02", pg.Code == "57P03", // shutting down, crashed, starting up
			pg.Code == "3D000", // the database is not (yet) on the replica
			pg.Code == "53300": // too many connections
			db.setHealthy(r, false, err)
			return true
		case pg.Code == "40001", pg.Code == "57P04", // cancelled by a conflict with recovery
			pg.Code == "42P01", pg.Code == "42703": // a migration not replayed yet
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		db.setHealthy(r, false, err)
		return true
	}
	return false
}
