package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"newsroom/pagecache"
	"newsroom/store"
)

// registerOperationsMetrics adds what an operator watches beyond the HTTP
// layer: the delivery cache, the scheduler's and the webhook dispatcher's
// backlog, the read replicas, and the database connection pools.
// docs/operations.md lists them with alert rules.
func registerOperationsMetrics(reg prometheus.Registerer, cache *pagecache.Cache, cacheBytes int64, db *store.DB, log *slog.Logger) {
	reg.MustRegister(
		&cacheCollector{cache: cache, maxBytes: cacheBytes},
		&queueCollector{db: db, log: log, timeout: queueStatsTimeout},
		&replicaCollector{db: db},
		&txCollector{db: db},
		collectors.NewDBStatsCollector(db.SQL(), "primary"),
	)
	// Each read replica's pool under the same go_sql_* names as the
	// primary's, so one query compares them all. The replicas are fixed
	// when the database is opened.
	for i, st := range db.Replicas() {
		reg.MustRegister(collectors.NewDBStatsCollector(db.ReplicaPools()[i], replicaPoolName(st.Name)))
	}
}

// replicaPoolName is the db_name label of a read replica's pool metrics.
func replicaPoolName(replica string) string { return "replica " + replica }

var (
	cacheHitsDesc = prometheus.NewDesc("cms_delivery_cache_hits_total",
		"Delivery API requests answered from this replica's response cache.", nil, nil)
	cacheMissesDesc = prometheus.NewDesc("cms_delivery_cache_misses_total",
		"Delivery API requests the response cache could not answer (rendered from the database).", nil, nil)
	cacheEntriesDesc = prometheus.NewDesc("cms_delivery_cache_entries",
		"Responses held in this replica's delivery cache.", nil, nil)
	cacheBytesDesc = prometheus.NewDesc("cms_delivery_cache_bytes",
		"Bytes held in this replica's delivery cache (bodies plus a fixed overhead each).", nil, nil)
	cacheMaxBytesDesc = prometheus.NewDesc("cms_delivery_cache_max_bytes",
		"The delivery cache's size limit (CMS_CACHE_BYTES).", nil, nil)
)

// cacheCollector reads the delivery cache's counters at scrape time.
type cacheCollector struct {
	cache    *pagecache.Cache
	maxBytes int64
}

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{cacheHitsDesc, cacheMissesDesc, cacheEntriesDesc, cacheBytesDesc, cacheMaxBytesDesc} {
		ch <- d
	}
}

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	entries, bytes, hits, misses := c.cache.Stats()
	ch <- prometheus.MustNewConstMetric(cacheHitsDesc, prometheus.CounterValue, float64(hits))
	ch <- prometheus.MustNewConstMetric(cacheMissesDesc, prometheus.CounterValue, float64(misses))
	ch <- prometheus.MustNewConstMetric(cacheEntriesDesc, prometheus.GaugeValue, float64(entries))
	ch <- prometheus.MustNewConstMetric(cacheBytesDesc, prometheus.GaugeValue, float64(bytes))
	ch <- prometheus.MustNewConstMetric(cacheMaxBytesDesc, prometheus.GaugeValue, float64(c.maxBytes))
}

// queueStatsTimeout bounds the database query of one scrape: a slow or
// unreachable database costs a scrape at most this, never its failure.
const queueStatsTimeout = time.Second

var (
	queueUpDesc = prometheus.NewDesc("cms_queue_stats_up",
		"1 when the database answered this scrape's scheduler and webhook query; 0 when it did not, and those gauges are then missing from the scrape.", nil, nil)
	schedulerDueDesc = prometheus.NewDesc("cms_scheduler_due_articles",
		"Scheduled articles whose publish time has passed and that are not published yet (the same on every replica).", nil, nil)
	schedulerLagDesc = prometheus.NewDesc("cms_scheduler_lag_seconds",
		"How long ago the oldest due, unpublished scheduled article fell due; 0 when none is due.", nil, nil)
	webhookPendingDesc = prometheus.NewDesc("cms_webhook_deliveries_pending",
		"Webhook deliveries of active webhooks waiting to be sent (first attempt or a retry).", nil, nil)
	webhookDueDesc = prometheus.NewDesc("cms_webhook_deliveries_due",
		"Pending webhook deliveries whose next attempt time has passed (the dispatchers' backlog).", nil, nil)
	webhookOldestDesc = prometheus.NewDesc("cms_webhook_oldest_pending_age_seconds",
		"Age of the oldest pending webhook delivery of an active webhook; 0 when none is pending.", nil, nil)
	webhookFailedDesc = prometheus.NewDesc("cms_webhook_deliveries_failed",
		"Webhook deliveries that ran out of attempts (they stay until their webhook is deleted).", nil, nil)
)

// queueCollector reads the scheduler's and the webhook outbox's backlog
// from the database at scrape time, in one indexed query.
type queueCollector struct {
	db      *store.DB
	log     *slog.Logger
	timeout time.Duration
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{queueUpDesc, schedulerDueDesc, schedulerLagDesc, webhookPendingDesc, webhookDueDesc, webhookOldestDesc, webhookFailedDesc} {
		ch <- d
	}
}

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	s, err := c.db.QueueStats(ctx)
	if err != nil {
		// The scrape still succeeds: the HTTP, cache and pool metrics matter
		// most during a database outage.
		c.log.Warn("metrics: queue stats unavailable", "error", err)
		ch <- prometheus.MustNewConstMetric(queueUpDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(queueUpDesc, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(schedulerDueDesc, prometheus.GaugeValue, float64(s.DueArticles))
	ch <- prometheus.MustNewConstMetric(schedulerLagDesc, prometheus.GaugeValue, s.OldestDue.Seconds())
	ch <- prometheus.MustNewConstMetric(webhookPendingDesc, prometheus.GaugeValue, float64(s.PendingDeliveries))
	ch <- prometheus.MustNewConstMetric(webhookDueDesc, prometheus.GaugeValue, float64(s.DueDeliveries))
	ch <- prometheus.MustNewConstMetric(webhookOldestDesc, prometheus.GaugeValue, s.OldestPending.Seconds())
	ch <- prometheus.MustNewConstMetric(webhookFailedDesc, prometheus.GaugeValue, float64(s.FailedDeliveries))
}

var (
	replicaHealthyDesc = prometheus.NewDesc("cms_db_replica_healthy",
		"1 when the read replica answered its last check (every 200 ms) and no read on it has failed to connect since.", []string{"replica"}, nil)
	replicaInUseDesc = prometheus.NewDesc("cms_db_replica_in_use",
		"1 when delivery reads go to the read replica now: healthy, caught up with every change this process was told of, and at most CMS_DATABASE_READ_MAX_LAG behind; 0 while they go to the primary.", []string{"replica"}, nil)
	replicaLagDesc = prometheus.NewDesc("cms_db_replica_lag_seconds",
		"At most how far the read replica's replay is behind the primary, as last measured; missing until the first measurement.", []string{"replica"}, nil)
	replicaReadsDesc = prometheus.NewDesc("cms_db_replica_reads_total",
		"Statements of delivery reads the read replica answered.", []string{"replica"}, nil)
	replicaFallbacksDesc = prometheus.NewDesc("cms_db_replica_fallbacks_total",
		"Statements of delivery reads sent to the primary instead, because the chosen read replica could not be reached.", []string{"replica"}, nil)
)

// replicaCollector reads the read replicas' state (store.DB.Replicas) at
// scrape time; it costs no query. The label is the replica's host:port/
// database, never its URL, which may hold credentials. Without read
// replicas it reports nothing.
type replicaCollector struct{ db *store.DB }

func (c *replicaCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{replicaHealthyDesc, replicaInUseDesc, replicaLagDesc, replicaReadsDesc, replicaFallbacksDesc} {
		ch <- d
	}
}

func (c *replicaCollector) Collect(ch chan<- prometheus.Metric) {
	bit := map[bool]float64{false: 0, true: 1}
	for _, r := range c.db.Replicas() {
		ch <- prometheus.MustNewConstMetric(replicaHealthyDesc, prometheus.GaugeValue, bit[r.Healthy], r.Name)
		ch <- prometheus.MustNewConstMetric(replicaInUseDesc, prometheus.GaugeValue, bit[r.InUse], r.Name)
		if r.Lag >= 0 {
			ch <- prometheus.MustNewConstMetric(replicaLagDesc, prometheus.GaugeValue, r.Lag.Seconds(), r.Name)
		}
		ch <- prometheus.MustNewConstMetric(replicaReadsDesc, prometheus.CounterValue, float64(r.Reads), r.Name)
		ch <- prometheus.MustNewConstMetric(replicaFallbacksDesc, prometheus.CounterValue, float64(r.Fallbacks), r.Name)
	}
}

var (
	txWaitingDesc = prometheus.NewDesc("cms_db_transactions_waiting",
		"Transactions waiting for a connection to the primary (served first come, first served).", nil, nil)
	txWaitsDesc = prometheus.NewDesc("cms_db_transaction_waits_total",
		"Transactions that had to wait for a connection to the primary.", nil, nil)
	txWaitSecondsDesc = prometheus.NewDesc("cms_db_transaction_wait_seconds_total",
		"Time transactions spent waiting for a connection to the primary.", nil, nil)
)

// txCollector reads store.DB.TxStats: transactions wait in their own queue
// before the pool, so go_sql_wait_* count only the reads outside them.
type txCollector struct{ db *store.DB }

func (c *txCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- txWaitingDesc
	ch <- txWaitsDesc
	ch <- txWaitSecondsDesc
}

func (c *txCollector) Collect(ch chan<- prometheus.Metric) {
	waiting, waits, waited := c.db.TxStats()
	ch <- prometheus.MustNewConstMetric(txWaitingDesc, prometheus.GaugeValue, float64(waiting))
	ch <- prometheus.MustNewConstMetric(txWaitsDesc, prometheus.CounterValue, float64(waits))
	ch <- prometheus.MustNewConstMetric(txWaitSecondsDesc, prometheus.CounterValue, waited.Seconds())
}
