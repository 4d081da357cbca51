package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"newsroom/store"
)

// replicaFlags registers the read replicas of `cms serve`.
func replicaFlags(fs *flag.FlagSet, c *Config, e *envReader) {
	fs.StringVar(&c.DatabaseReadURLs, "database-read-urls", env("CMS_DATABASE_READ_URLS", ""), "comma-separated postgres:// URLs of read replicas (hot standbys of the primary) the delivery API reads from; empty: everything reads the primary (env CMS_DATABASE_READ_URLS)")
	fs.DurationVar(&c.DatabaseReadMaxLag, "database-read-max-lag", e.duration("CMS_DATABASE_READ_MAX_LAG", store.DefaultMaxLag), "a read replica further behind the primary than this is not read from (env CMS_DATABASE_READ_MAX_LAG)")
}

// replicaErrors says what is wrong with the settings replicaFlags reads.
func (c *Config) replicaErrors() []string {
	urls := splitList(c.DatabaseReadURLs)
	if len(urls) == 0 {
		return nil
	}
	var errs []string
	if d, _, err := store.ParseURL(c.DatabaseURL); err == nil && d != store.Postgres {
		errs = append(errs, "CMS_DATABASE_READ_URLS (--database-read-urls) needs PostgreSQL: SQLite has no read replicas; leave it empty or set CMS_DATABASE_URL to postgres://...")
	}
	for _, u := range urls {
		if d, _, err := store.ParseURL(u); err != nil || d != store.Postgres {
			errs = append(errs, fmt.Sprintf("CMS_DATABASE_READ_URLS entry %q must be a postgres:// URL", redact(u)))
		}
	}
	if c.DatabaseReadMaxLag < 100*time.Millisecond || c.DatabaseReadMaxLag > time.Hour {
		errs = append(errs, "CMS_DATABASE_READ_MAX_LAG (--database-read-max-lag) must be between 100ms and 1h")
	}
	return errs
}

// storeOptions returns the database settings beyond its URL.
func (c *Config) storeOptions() store.Options {
	return store.Options{ReadURLs: splitList(c.DatabaseReadURLs), MaxLag: c.DatabaseReadMaxLag}
}

// redact hides the password of a URL for an error message.
func redact(u string) string {
	at := strings.LastIndexByte(u, '@')
	scheme := strings.Index(u, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return u
	}
	if i := strings.IndexByte(u[scheme+3:at], ':'); i >= 0 {
		return u[:scheme+3+i] + ":***" + u[at:]
	}
	return u
}
