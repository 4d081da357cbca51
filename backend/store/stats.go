package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// QueueStats is how far behind the background work is, for the metrics: the
// scheduler's due articles and the webhook outbox. The numbers are the same
// on every replica (they come from the shared database).
type QueueStats struct {
	// DueArticles are scheduled articles whose time has come and that no
	// scheduler has published yet; OldestDue is how long ago the oldest of
	// them fell due (0 when none is due).
	DueArticles int64
	OldestDue   time.Duration
	// PendingDeliveries are webhook deliveries of active webhooks not yet
	// delivered or failed (waiting for their first attempt or a retry);
	// DueDeliveries are those of them whose next attempt time has come;
	// OldestPending is the age of the oldest pending one (0 when none).
	// Deliveries of paused webhooks wait on purpose and are not counted.
	PendingDeliveries int64
	DueDeliveries     int64
	OldestPending     time.Duration
	// FailedDeliveries are deliveries that ran out of attempts (they stay
	// until their webhook is deleted).
	FailedDeliveries int64
}

// queueStatsQuery reads every QueueStats number in one round trip. Each
// part is served by an index (articles_due_idx, webhook_deliveries_due_idx),
// so it stays cheap however large the tables grow. $1 is now.
const queueStatsQuery = `SELECT
  (SELECT COUNT(*) FROM articles WHERE status = 'scheduled' AND publish_at <= $1),
  (SELECT MIN(publish_at) FROM articles WHERE status = 'scheduled' AND publish_at <= $1),
  (SELECT COUNT(*) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' AND w.active),
  (SELECT COUNT(*) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' AND w.active AND d.next_attempt_at <= $1),
  (SELECT MIN(d.created_at) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' AND w.active),
  (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'failed')`

// QueueStats reads the backlog of the scheduler and the webhook dispatcher
// from the primary (never a read replica, which may lag). It is meant for a
// metrics scrape: give it a short deadline; it returns the database's error
// when the database does not answer in time.
func (db *DB) QueueStats(ctx context.Context) (QueueStats, error) {
	now := db.now()
	q := queueStatsQuery
	if db.dialect == SQLite {
		// SQLite numbers its reusable parameters ?1, PostgreSQL $1.
		q = strings.ReplaceAll(q, "$1", "?1")
	}
	var s QueueStats
	var oldestDue, oldestPending anyTime
	err := db.sql.QueryRowContext(ctx, q, now).Scan(&s.DueArticles, &oldestDue, &s.PendingDeliveries, &s.DueDeliveries, &oldestPending, &s.FailedDeliveries)
	if err != nil {
		return QueueStats{}, fmt.Errorf("read queue stats: %w", err)
	}
	s.OldestDue = oldestDue.age(now)
	s.OldestPending = oldestPending.age(now)
	return s, nil
}

// anyTime scans a timestamp that an aggregate (MIN) returns: PostgreSQL's
// driver gives a time.Time, SQLite's the stored text, since an aggregate has
// no declared column type for the driver to convert by.
type anyTime struct {
	t     time.Time
	valid bool
}

// sqliteTimeLayouts are the forms SQLite's driver writes times in (see
// sqliteDSN), and RFC 3339 for rows written by hand.
var sqliteTimeLayouts = []string{"2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", time.RFC3339Nano}

func (a *anyTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*a = anyTime{}
		return nil
	case time.Time:
		*a = anyTime{t: v, valid: true}
		return nil
	case string:
		return a.parse(v)
	case []byte:
		return a.parse(string(v))
	}
	return fmt.Errorf("scan a time from %T", v)
}

func (a *anyTime) parse(s string) error {
	for _, layout := range sqliteTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			*a = anyTime{t: t, valid: true}
			return nil
		}
	}
	return fmt.Errorf("scan a time from %q: unknown format", s)
}

// age is how long before now the time was; 0 for none (or the future).
func (a anyTime) age(now time.Time) time.Duration {
	if !a.valid || a.t.After(now) {
		return 0
	}
	return now.Sub(a.t)
}

var _ sql.Scanner = (*anyTime)(nil)
