// Package store is the database: one concrete type over GORM that speaks
// PostgreSQL (through pgx) and SQLite (pure Go, no cgo). It owns the schema
// migrations, translates driver errors into *cms.Error codes, and maps rows
// to the domain types of package cms. Nothing outside store imports GORM.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"newsroom/store/migrations"
)

// Dialect names the database engine behind a DB.
type Dialect string

// The supported engines.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is the application's database. It is safe for concurrent use.
type DB struct {
	g       *gorm.DB
	sql     *sql.DB
	dialect Dialect
	url     string

	mu        sync.Mutex
	listeners []func(keys []string)
	// txSlots admits transactions in the order they asked, one per
	// connection of the pool (see InTx); the counters are TxStats.
	txSlots     chan struct{}
	txWaiting   atomic.Int64
	txWaits     atomic.Int64
	txWaitNanos atomic.Int64
	// Now is the clock every write uses; tests replace it.
	Now func() time.Time

	// Read replicas (replicas.go); none unless Open was given ReadURLs.
	log        *slog.Logger
	epoch      time.Time // Open's time: elapsed() is monotonic from it
	replicas   []*replica
	next       atomic.Uint64 // round robin
	fence      atomic.Int64  // elapsed() of the latest Fence
	kick       chan struct{}
	maxLag     time.Duration
	walBlock   atomic.Int64 // the primary's WAL page and segment sizes
	walSegment atomic.Int64
	systemID   atomic.Int64 // the primary's system identifier
}

// ParseURL decides the dialect of a CMS_DATABASE_URL value and returns the
// driver's data source name. "postgres://" and "postgresql://" select
// PostgreSQL; "sqlite:PATH", "file:PATH" or a bare path select SQLite.
func ParseURL(url string) (Dialect, string, error) {
	switch {
	case url == "":
		return "", "", errors.New("the database URL is empty; set CMS_DATABASE_URL to postgres://... or sqlite:PATH")
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return Postgres, url, nil
	case strings.HasPrefix(url, "sqlite://"):
		return SQLite, strings.TrimPrefix(url, "sqlite://"), nil
	case strings.HasPrefix(url, "sqlite:"):
		return SQLite, strings.TrimPrefix(url, "sqlite:"), nil
	case strings.HasPrefix(url, "file:"):
		return SQLite, strings.TrimPrefix(url, "file:"), nil
	case strings.Contains(url, "://"):
		return "", "", fmt.Errorf("unsupported database URL scheme in %q; use postgres://... or sqlite:PATH", redactURL(url))
	default:
		return SQLite, url, nil
	}
}

// Open connects to the database named by url (see ParseURL). It does not
// migrate; call Migrate. The SQLite file's directory is created if missing.
// With Options.ReadURLs it also opens the read replicas ReadView uses (see
// replicas.go; run WatchReplicas beside it); only with PostgreSQL.
func Open(ctx context.Context, url string, log *slog.Logger, opts ...Options) (*DB, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	dialect, dsn, err := ParseURL(url)
	if err != nil {
		return nil, err
	}
	cfg := gormConfig()
	var g *gorm.DB
	switch dialect {
	case Postgres:
		g, err = gorm.Open(postgres.New(postgres.Config{DSN: dsn}), cfg)
	case SQLite:
		if dir := filepath.Dir(dsnPath(dsn)); dir != "" && dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("create the directory of the SQLite file: %w", err)
			}
		}
		g, err = gorm.Open(sqlite.Open(sqliteDSN(dsn)), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	pool := 0
	switch dialect {
	case Postgres:
		// Enough for two cores under load; PostgreSQL's own limit is 100 by default
		// and several replicas share it.
		pool = 20
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	case SQLite:
		// WAL lets readers run beside the one writer; _txlock=immediate makes a
		// transaction take the write lock at BEGIN so two writers queue on
		// busy_timeout instead of failing with SQLITE_BUSY half-way.
		pool = 8
	}
	sqlDB.SetMaxOpenConns(pool)
	sqlDB.SetMaxIdleConns(pool)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to the %s database at %s: %w", dialect, redactURL(url), err)
	}
	log.Info("database connected", "dialect", dialect, "url", redactURL(url))
	db := &DB{g: g, sql: sqlDB, txSlots: make(chan struct{}, pool), dialect: dialect, url: url, Now: func() time.Time { return time.Now() }, log: log, epoch: time.Now()}
	if err := db.openReplicas(ctx, o); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// gormConfig returns the settings of a gorm.DB; each gorm.Open needs its
// own, as gorm keeps its connection pool and callbacks in it.
func gormConfig() *gorm.Config {
	return &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true, // we open transactions explicitly with InTx
		PrepareStmt:            false,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
}

func sqliteDSN(dsn string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	// No _time_format: the driver (glebarez/go-sqlite v1.21) stops reading
	// parameters after it, which would silently drop _txlock=immediate. The
	// default format it writes ("2006-01-02 15:04:05.999999999 -0700 MST",
	// always UTC here) sorts correctly as text, which is all the queries need.
	return dsn + sep + "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

func dsnPath(dsn string) string {
	if i := strings.IndexByte(dsn, '?'); i >= 0 {
		return dsn[:i]
	}
	return dsn
}

// redactURL hides the password of a database URL so it can be logged.
func redactURL(url string) string {
	at := strings.LastIndexByte(url, '@')
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return url
	}
	creds := url[scheme+3 : at]
	if i := strings.IndexByte(creds, ':'); i >= 0 {
		return url[:scheme+3] + creds[:i] + ":***" + url[at:]
	}
	return url
}

// Dialect reports which engine the DB speaks.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes the connection pools.
func (db *DB) Close() error {
	db.closeReplicas()
	return db.sql.Close()
}

// Ping checks the database answers within ctx.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

func (db *DB) migrationFS() (fs.FS, goose.Dialect) {
	if db.dialect == Postgres {
		return migrations.PostgresFS(), goose.DialectPostgres
	}
	return migrations.SQLiteFS(), goose.DialectSQLite3
}

func (db *DB) provider() (*goose.Provider, error) {
	fsys, dialect := db.migrationFS()
	var opts []goose.ProviderOption
	if db.dialect == Postgres {
		// Several replicas may start at once: an advisory lock lets one migrate
		// while the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db.sql, fsys, opts...)
}

// MigrationResult reports one applied migration.
type MigrationResult struct {
	Version  int64
	Name     string
	Duration time.Duration
}

// Migrate applies every pending migration, forward only, each in its own
// transaction, and calls progress after each one.
func (db *DB) Migrate(ctx context.Context, progress func(MigrationResult)) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	for {
		res, err := p.UpByOne(ctx)
		if errors.Is(err, goose.ErrNoNextVersion) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if progress != nil && res != nil {
			progress(MigrationResult{Version: res.Source.Version, Name: filepath.Base(res.Source.Path), Duration: res.Duration})
		}
	}
}

// SchemaStatus reports the applied and the newest available schema version.
func (db *DB) SchemaStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, err
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("read schema version: %w", err)
	}
	return current, latest, nil
}

// Tx is a handle for queries: inside InTx it is a transaction; from View it is
// a plain connection for reads. Now is fixed for the whole transaction so
// every row it writes carries the same time.
type Tx struct {
	g   *gorm.DB
	db  *DB
	Now time.Time
	// changed collects the keys passed to Changed, published after commit.
	changed []string
}

// View returns a handle for reads outside a transaction, on the primary: it
// sees every write committed before it (the admin API, workflow, scheduler
// and sessions read their own writes this way). ReadView may read a replica.
func (db *DB) View(ctx context.Context) *Tx {
	return &Tx{g: db.g.WithContext(ctx), db: db, Now: db.now()}
}

func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// InTx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise. fn's error is returned unchanged.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	// First come, first served. When every connection is busy, database/sql
	// hands a freed one to a random waiter, so under load some saves waited
	// many turns: with 64 editors saving at once the slowest 1% took 2.5
	// times as long as the median (make bench). A channel's waiters are
	// served in order, and a freed slot goes to the first of them before
	// any newcomer.
	select {
	case db.txSlots <- struct{}{}:
	default:
		db.txWaiting.Add(1)
		start := time.Now()
		acquired := false
		select {
		case db.txSlots <- struct{}{}:
			acquired = true
		case <-ctx.Done():
		}
		db.txWaiting.Add(-1)
		db.txWaits.Add(1)
		db.txWaitNanos.Add(int64(time.Since(start)))
		if !acquired {
			return translate(ctx.Err())
		}
	}
	defer func() { <-db.txSlots }()
	var changed []string
	err := db.g.WithContext(ctx).Transaction(func(g *gorm.DB) error {
		tx := &Tx{g: g, db: db, Now: db.now()}
		if err := fn(tx); err != nil {
			return err
		}
		if len(tx.changed) > 0 && db.dialect == Postgres {
			// Delivered to every listening replica when (and only if) the
			// transaction commits.
			if err := g.Exec("SELECT pg_notify(?, ?)", ChangeChannel, strings.Join(tx.changed, " ")).Error; err != nil {
				return err
			}
		}
		changed = tx.changed
		return nil
	})
	if err == nil && len(changed) > 0 {
		db.Fence() // before listeners drop cached responses: refills must see the change
		db.publish(changed)
	}
	return translate(err)
}

// TxStats reports how transactions waited for a connection of the pool:
// how many wait now, how many ever waited, and for how long in all.
func (db *DB) TxStats() (waiting, waits int64, waited time.Duration) {
	return db.txWaiting.Load(), db.txWaits.Load(), time.Duration(db.txWaitNanos.Load())
}

// ChangeChannel is the PostgreSQL NOTIFY channel of change keys.
const ChangeChannel = "cms_changes"

// OnChange registers fn to be called, on this replica, with the keys of
// every committed transaction that called Changed. fn must be quick and must
// not block; it runs on the committing goroutine.
func (db *DB) OnChange(fn func(keys []string)) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.listeners = append(db.listeners, fn)
}

func (db *DB) publish(keys []string) {
	db.mu.Lock()
	ls := append([]func([]string){}, db.listeners...)
	db.mu.Unlock()
	for _, fn := range ls {
		fn(keys)
	}
}

// URL returns the database URL the DB was opened with (for a LISTEN
// connection of its own).
func (db *DB) URL() string { return db.url }

// Dialect reports which engine the transaction speaks.
func (tx *Tx) Dialect() Dialect { return tx.db.dialect }

// SQL returns the underlying connection pool, for operations tooling and
// tests that must look at rows directly (e.g. that tokens are stored hashed).
func (db *DB) SQL() *sql.DB { return db.sql }
