package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"newsroom/blob/s3"
	"newsroom/moderation"
)

// Config is every setting of `cms`, from flags whose defaults come from the
// CMS_* environment. Packages receive plain values taken from it.
type Config struct {
	DatabaseURL string
	LogLevel    string
	LogFormat   string

	// Read replicas for the delivery API (readreplicas.go); `serve` only.
	DatabaseReadURLs   string
	DatabaseReadMaxLag time.Duration

	HTTPAddr        string
	AdminOrigins    string
	TrustedProxies  string
	MaxBodyBytes    int64
	AutoMigrate     bool
	SessionTTL      time.Duration
	ShutdownDrain   time.Duration
	ShutdownTimeout time.Duration
	// SchedulerInterval is how often scheduled articles are looked for.
	SchedulerInterval time.Duration
	// Webhook dispatch (see deliveryFlags).
	WebhookInterval    time.Duration
	WebhookTimeout     time.Duration
	WebhookMaxAttempts int64
	// The delivery API: API keys and the per-client rate limit.
	DeliveryRequireKey bool
	APIKeyRefresh      time.Duration
	DeliveryRate       int64
	DeliveryBurst      int64
	// The delivery API's caching.
	CacheBytes           int64
	CacheMaxAge          time.Duration
	StaleWhileRevalidate time.Duration
	// The public web site that feeds and sitemaps link to.
	SiteURL, SiteName string
	// PublicAPIURL is where readers and feed readers reach this API (e.g.
	// https://api.news.example); feeds and sitemaps make their absolute
	// URLs on it. Empty: on each request's own host.
	PublicAPIURL string
	// AdminUIDir is the built admin UI (admin-ui/dist) served at /admin/;
	// empty: not served.
	AdminUIDir string
	// PprofAddr is a loopback address for Go's profiler (net/http/pprof) on
	// a listener of its own; empty: off.
	PprofAddr string

	Storage    string // local or s3
	StorageDir string
	S3         s3.Config
	// S3PublicURL is the public base URL (a CDN, or the bucket's URL) that
	// media URLs start with, whichever the store; empty: the backend serves
	// them under /media/.
	S3PublicURL string
	// MediaMaxBytes and MediaMaxPixels limit uploads (413 and 422 past them).
	MediaMaxBytes  int64
	MediaMaxPixels int64
	// MediaUploadQueue is how many uploads may wait for the one image
	// decode slot; more at once are refused with 503 before their body is
	// read, so waiting uploads hold at most (1+queue) x MediaMaxBytes.
	MediaUploadQueue int
	// MediaUploadTimeout is how long an admitted upload may take to send
	// its body (408 past it); 0: media.DefaultUploadTimeout(MediaMaxBytes).
	MediaUploadTimeout time.Duration

	BootstrapEmail    string
	BootstrapPassword secret

	// Reader comments: rate limits per client and per article (fixed
	// windows), the likely-spam rules.
	CommentClientLimit   int64
	CommentClientWindow  time.Duration
	CommentArticleLimit  int64
	CommentArticleWindow time.Duration
	CommentMaxLinks      int64
	CommentBlockedWords  string
}

// secret is a setting that must never be logged.
type secret string

func (secret) String() string       { return "***" }
func (secret) LogValue() slog.Value { return slog.StringValue("***") }

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

// envBool, envInt and envDuration read typed defaults; a malformed value is
// reported by validate through the errs list rather than silently ignored.
type envReader struct{ errs []string }

func (e *envReader) bool(key string, def bool) bool {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		e.errs = append(e.errs, fmt.Sprintf("%s=%q is not true or false", key, v))
		return def
	}
	return b
}

func (e *envReader) int64(key string, def int64) int64 {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		e.errs = append(e.errs, fmt.Sprintf("%s=%q is not a whole number", key, v))
		return def
	}
	return n
}

func (e *envReader) duration(key string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		e.errs = append(e.errs, fmt.Sprintf("%s=%q is not a duration like 30s or 12h", key, v))
		return def
	}
	return d
}

// commonFlags registers the settings every subcommand shares.
func commonFlags(fs *flag.FlagSet, c *Config, e *envReader) {
	fs.StringVar(&c.DatabaseURL, "database-url", env("CMS_DATABASE_URL", "sqlite:data/cms.db"),
		"database: postgres://user:pass@host:5432/db or sqlite:PATH (env CMS_DATABASE_URL)")
	fs.StringVar(&c.LogLevel, "log-level", env("CMS_LOG_LEVEL", "info"), "debug, info, warn or error (env CMS_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("CMS_LOG_FORMAT", "json"), "json or text (env CMS_LOG_FORMAT)")
	commentFlags(fs, c, e)
}

// commentFlags registers the rules of reader comments.
func commentFlags(fs *flag.FlagSet, c *Config, e *envReader) {
	fs.Int64Var(&c.CommentClientLimit, "comment-client-limit", e.int64("CMS_COMMENT_CLIENT_LIMIT", 5), "comments one client address may post per window (env CMS_COMMENT_CLIENT_LIMIT)")
	fs.DurationVar(&c.CommentClientWindow, "comment-client-window", e.duration("CMS_COMMENT_CLIENT_WINDOW", 10*time.Minute), "the window of the client limit (env CMS_COMMENT_CLIENT_WINDOW)")
	fs.Int64Var(&c.CommentArticleLimit, "comment-article-limit", e.int64("CMS_COMMENT_ARTICLE_LIMIT", 60), "comments one article may take per window, from everyone (env CMS_COMMENT_ARTICLE_LIMIT)")
	fs.DurationVar(&c.CommentArticleWindow, "comment-article-window", e.duration("CMS_COMMENT_ARTICLE_WINDOW", time.Minute), "the window of the article limit (env CMS_COMMENT_ARTICLE_WINDOW)")
	fs.Int64Var(&c.CommentMaxLinks, "comment-max-links", e.int64("CMS_COMMENT_MAX_LINKS", 2), "a comment with more links is marked likely spam (env CMS_COMMENT_MAX_LINKS)")
	fs.StringVar(&c.CommentBlockedWords, "comment-blocked-words", env("CMS_COMMENT_BLOCKED_WORDS", ""), "comma-separated words or phrases that mark a comment likely spam; Arabic-aware, case-insensitive (env CMS_COMMENT_BLOCKED_WORDS)")
}

// moderationConfig returns the comment rules the settings describe.
func (c *Config) moderationConfig() moderation.Config {
	var words []string
	for _, w := range strings.Split(c.CommentBlockedWords, ",") {
		if w = strings.TrimSpace(w); w != "" {
			words = append(words, w)
		}
	}
	return moderation.Config{ClientLimit: int(c.CommentClientLimit), ClientWindow: c.CommentClientWindow,
		ArticleLimit: int(c.CommentArticleLimit), ArticleWindow: c.CommentArticleWindow,
		MaxLinks: int(c.CommentMaxLinks), BlockedWords: words}
}

// storageFlags registers the object-store settings.
func storageFlags(fs *flag.FlagSet, c *Config, e *envReader) {
	fs.StringVar(&c.Storage, "storage", env("CMS_STORAGE", "local"), "where images are stored: local or s3 (env CMS_STORAGE)")
	fs.StringVar(&c.StorageDir, "storage-dir", env("CMS_STORAGE_DIR", "data/media"), "directory of the local store (env CMS_STORAGE_DIR)")
	fs.StringVar(&c.S3.Endpoint, "s3-endpoint", env("CMS_S3_ENDPOINT", ""), "S3 server as host:port, no scheme (env CMS_S3_ENDPOINT)")
	fs.StringVar(&c.S3.Region, "s3-region", env("CMS_S3_REGION", ""), "S3 region (env CMS_S3_REGION)")
	fs.StringVar(&c.S3.Bucket, "s3-bucket", env("CMS_S3_BUCKET", ""), "S3 bucket, created when missing (env CMS_S3_BUCKET)")
	fs.StringVar(&c.S3.AccessKey, "s3-access-key", env("CMS_S3_ACCESS_KEY", ""), "S3 access key (env CMS_S3_ACCESS_KEY)")
	// The secret key is read from the environment only: flags show in `ps`.
	c.S3.SecretKey = env("CMS_S3_SECRET_KEY", "")
	fs.BoolVar(&c.S3.UseTLS, "s3-tls", e.bool("CMS_S3_USE_TLS", true), "use https to reach S3 (env CMS_S3_USE_TLS)")
	fs.BoolVar(&c.S3.PathStyle, "s3-path-style", e.bool("CMS_S3_PATH_STYLE", false), "path-style bucket addressing, as MinIO needs (env CMS_S3_PATH_STYLE)")
	fs.StringVar(&c.S3PublicURL, "s3-public-url", env("CMS_S3_PUBLIC_URL", ""), "public base URL of the media, e.g. a CDN, for either store; empty: served by the backend under /media/ (env CMS_S3_PUBLIC_URL)")
	fs.Int64Var(&c.MediaMaxBytes, "media-max-bytes", e.int64("CMS_MEDIA_MAX_BYTES", 20<<20), "largest image upload in bytes (env CMS_MEDIA_MAX_BYTES)")
	fs.Int64Var(&c.MediaMaxPixels, "media-max-pixels", e.int64("CMS_MEDIA_MAX_PIXELS", 40_000_000), "most pixels (width x height) an uploaded image may have; bounds the memory of decoding, about 4 bytes a pixel (env CMS_MEDIA_MAX_PIXELS)")
	fs.IntVar(&c.MediaUploadQueue, "media-upload-queue", int(e.int64("CMS_MEDIA_UPLOAD_QUEUE", 4)), "uploads that may wait for the image decoder, each holding its file in memory; more at once get 503 with Retry-After (env CMS_MEDIA_UPLOAD_QUEUE)")
	fs.DurationVar(&c.MediaUploadTimeout, "media-upload-timeout", e.duration("CMS_MEDIA_UPLOAD_TIMEOUT", 0), "how long an admitted upload may take to send its body, freeing its place in the queue with 408 past it; 0: 10s plus 1s per MiB of --media-max-bytes, 30s for the default 20 MiB (env CMS_MEDIA_UPLOAD_TIMEOUT)")
}

// serveFlags registers the settings of `cms serve`.
func serveFlags(fs *flag.FlagSet, c *Config, e *envReader) {
	fs.StringVar(&c.HTTPAddr, "http-addr", env("CMS_HTTP_ADDR", ":8080"), "address to listen on (env CMS_HTTP_ADDR)")
	fs.StringVar(&c.AdminOrigins, "admin-origin", env("CMS_ADMIN_ORIGIN", ""), "comma-separated browser origins of the admin UI allowed by CORS, e.g. https://admin.example.com (env CMS_ADMIN_ORIGIN)")
	fs.StringVar(&c.AdminUIDir, "admin-ui-dir", env("CMS_ADMIN_UI_DIR", ""), "directory of the built admin UI (admin-ui/dist) to serve at /admin/; empty: not served (env CMS_ADMIN_UI_DIR)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("CMS_TRUSTED_PROXIES", ""), "comma-separated proxy addresses or CIDRs whose X-Forwarded-For is believed (env CMS_TRUSTED_PROXIES)")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", e.int64("CMS_MAX_BODY_BYTES", 1<<20), "largest JSON request body in bytes (env CMS_MAX_BODY_BYTES)")
	fs.BoolVar(&c.AutoMigrate, "migrate", e.bool("CMS_AUTO_MIGRATE", true), "apply pending migrations at start (env CMS_AUTO_MIGRATE)")
	fs.DurationVar(&c.SessionTTL, "session-ttl", e.duration("CMS_SESSION_TTL", 12*time.Hour), "how long a sign-in lasts (env CMS_SESSION_TTL)")
	fs.DurationVar(&c.ShutdownDrain, "shutdown-drain", e.duration("CMS_SHUTDOWN_DRAIN", 0), "on stop, how long to answer not-ready before closing, so load balancers notice (env CMS_SHUTDOWN_DRAIN)")
	fs.StringVar(&c.SiteURL, "site-url", env("CMS_SITE_URL", "http://localhost:3000"), "the public web site's address, which feeds and sitemaps link articles to as SITE/articles/SLUG (env CMS_SITE_URL)")
	fs.StringVar(&c.SiteName, "site-name", env("CMS_SITE_NAME", "Newsroom"), "the publication's name in feeds and the Google News sitemap (env CMS_SITE_NAME)")
	fs.StringVar(&c.PublicAPIURL, "public-api-url", env("CMS_PUBLIC_API_URL", ""), "where readers reach this API, e.g. https://api.news.example; feeds and sitemaps make absolute URLs (media, their own address) on it; empty: on each request's host, cached per host (env CMS_PUBLIC_API_URL)")
	fs.Int64Var(&c.CacheBytes, "cache-bytes", e.int64("CMS_CACHE_BYTES", 64<<20), "memory for the delivery API's cache of rendered responses (env CMS_CACHE_BYTES)")
	fs.DurationVar(&c.CacheMaxAge, "cache-max-age", e.duration("CMS_CACHE_MAX_AGE", time.Minute), "Cache-Control max-age of delivery responses for browsers and CDNs (env CMS_CACHE_MAX_AGE)")
	fs.DurationVar(&c.StaleWhileRevalidate, "cache-stale-while-revalidate", e.duration("CMS_CACHE_STALE_WHILE_REVALIDATE", 5*time.Minute), "Cache-Control stale-while-revalidate of delivery responses (env CMS_CACHE_STALE_WHILE_REVALIDATE)")
	fs.DurationVar(&c.SchedulerInterval, "scheduler-interval", e.duration("CMS_SCHEDULER_INTERVAL", time.Second), "how often to look for scheduled articles that are due (env CMS_SCHEDULER_INTERVAL)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", e.duration("CMS_SHUTDOWN_TIMEOUT", 20*time.Second), "on stop, how long in-flight requests may take (env CMS_SHUTDOWN_TIMEOUT)")
	fs.StringVar(&c.BootstrapEmail, "bootstrap-admin-email", env("CMS_BOOTSTRAP_ADMIN_EMAIL", ""), "create this admin when no user exists; the password comes from CMS_BOOTSTRAP_ADMIN_PASSWORD (env CMS_BOOTSTRAP_ADMIN_EMAIL)")
	c.BootstrapPassword = secret(env("CMS_BOOTSTRAP_ADMIN_PASSWORD", ""))
	fs.StringVar(&c.PprofAddr, "pprof-addr", env("CMS_PPROF_ADDR", ""), "loopback address such as 127.0.0.1:6060 to serve Go's profiler (/debug/pprof/) on, apart from the API; empty: off (env CMS_PPROF_ADDR)")
	deliveryFlags(fs, c, e)
	replicaFlags(fs, c, e)
}

// validate checks the settings and says what to set for each problem.
func (c *Config) validate(e *envReader, serve, storage bool) error {
	errs := append([]string(nil), e.errs...)
	if c.DatabaseURL == "" {
		errs = append(errs, "CMS_DATABASE_URL (--database-url) is empty; use postgres://... or sqlite:PATH")
	}
	if !oneOf(c.LogLevel, "debug", "info", "warn", "error") {
		errs = append(errs, fmt.Sprintf("CMS_LOG_LEVEL (--log-level) %q must be debug, info, warn or error", c.LogLevel))
	}
	if !oneOf(c.LogFormat, "json", "text") {
		errs = append(errs, fmt.Sprintf("CMS_LOG_FORMAT (--log-format) %q must be json or text", c.LogFormat))
	}
	if storage {
		switch c.Storage {
		case "local":
			if c.StorageDir == "" {
				errs = append(errs, "CMS_STORAGE_DIR (--storage-dir) is empty")
			}
		case "s3":
			for _, p := range []struct{ v, name string }{{c.S3.Endpoint, "CMS_S3_ENDPOINT"}, {c.S3.Bucket, "CMS_S3_BUCKET"}, {c.S3.AccessKey, "CMS_S3_ACCESS_KEY"}, {c.S3.SecretKey, "CMS_S3_SECRET_KEY"}} {
				if p.v == "" {
					errs = append(errs, p.name+" must be set when CMS_STORAGE=s3")
				}
			}
			if strings.Contains(c.S3.Endpoint, "://") {
				errs = append(errs, "CMS_S3_ENDPOINT must be host:port without http:// or https:// (set CMS_S3_USE_TLS for https)")
			}
		default:
			errs = append(errs, fmt.Sprintf("CMS_STORAGE (--storage) %q must be local or s3", c.Storage))
		}
		if c.MediaMaxBytes < 1024 || c.MediaMaxBytes > 1<<30 {
			errs = append(errs, "CMS_MEDIA_MAX_BYTES (--media-max-bytes) must be between 1024 and 1073741824")
		}
		if c.MediaMaxPixels < 1 || c.MediaMaxPixels > 500_000_000 {
			errs = append(errs, "CMS_MEDIA_MAX_PIXELS (--media-max-pixels) must be between 1 and 500000000")
		}
		if c.MediaUploadQueue < 1 || c.MediaUploadQueue > 1000 {
			errs = append(errs, "CMS_MEDIA_UPLOAD_QUEUE (--media-upload-queue) must be between 1 and 1000")
		}
		if c.MediaUploadTimeout != 0 && (c.MediaUploadTimeout < time.Second || c.MediaUploadTimeout > time.Hour) {
			errs = append(errs, "CMS_MEDIA_UPLOAD_TIMEOUT (--media-upload-timeout) must be between 1s and 1h, or 0 for 10s plus 1s per MiB of CMS_MEDIA_MAX_BYTES")
		}
		if c.S3PublicURL != "" {
			if u, err := url.Parse(c.S3PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				errs = append(errs, fmt.Sprintf("CMS_S3_PUBLIC_URL %q must be an absolute http(s) URL", c.S3PublicURL))
			}
		}
	}
	if serve {
		if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
			errs = append(errs, fmt.Sprintf("CMS_HTTP_ADDR (--http-addr) %q must be host:port or :port, e.g. :8080", c.HTTPAddr))
		}
		for _, o := range splitList(c.AdminOrigins) {
			if u, err := url.Parse(o); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
				errs = append(errs, fmt.Sprintf("CMS_ADMIN_ORIGIN entry %q must be an origin like https://admin.example.com", o))
			}
		}
		if c.AdminUIDir != "" {
			if info, err := os.Stat(filepath.Join(c.AdminUIDir, "index.html")); err != nil || !info.Mode().IsRegular() {
				errs = append(errs, fmt.Sprintf("CMS_ADMIN_UI_DIR (--admin-ui-dir) %q has no index.html; build the UI with `npm run build` in admin-ui", c.AdminUIDir))
			}
		}
		if c.PprofAddr != "" && !loopbackAddr(c.PprofAddr) {
			errs = append(errs, fmt.Sprintf("CMS_PPROF_ADDR (--pprof-addr) %q must be a loopback host:port such as 127.0.0.1:6060; the profiler is for operators on the machine (or kubectl port-forward), never the network", c.PprofAddr))
		}
		if c.MaxBodyBytes < 1024 || c.MaxBodyBytes > 1<<30 {
			errs = append(errs, "CMS_MAX_BODY_BYTES (--max-body-bytes) must be between 1024 and 1073741824")
		}
		if c.SessionTTL < time.Minute || c.SessionTTL > 90*24*time.Hour {
			errs = append(errs, "CMS_SESSION_TTL (--session-ttl) must be between 1m and 2160h")
		}
		if u, err := url.Parse(c.SiteURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Sprintf("CMS_SITE_URL (--site-url) %q must be an absolute http(s) URL", c.SiteURL))
		}
		if c.PublicAPIURL != "" {
			if u, err := url.Parse(c.PublicAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
				errs = append(errs, fmt.Sprintf("CMS_PUBLIC_API_URL (--public-api-url) %q must be an absolute http(s) URL with no path, e.g. https://api.news.example", c.PublicAPIURL))
			}
		}
		if strings.TrimSpace(c.SiteName) == "" {
			errs = append(errs, "CMS_SITE_NAME (--site-name) must not be empty")
		}
		if c.CacheBytes < 1<<20 || c.CacheBytes > 4<<30 {
			errs = append(errs, "CMS_CACHE_BYTES (--cache-bytes) must be between 1048576 and 4294967296")
		}
		if c.CacheMaxAge < 0 || c.CacheMaxAge > 24*time.Hour || c.StaleWhileRevalidate < 0 || c.StaleWhileRevalidate > 24*time.Hour {
			errs = append(errs, "CMS_CACHE_MAX_AGE and CMS_CACHE_STALE_WHILE_REVALIDATE must be between 0s and 24h")
		}
		if c.SchedulerInterval < 100*time.Millisecond || c.SchedulerInterval > time.Hour {
			errs = append(errs, "CMS_SCHEDULER_INTERVAL (--scheduler-interval) must be between 100ms and 1h")
		}
		if c.ShutdownDrain < 0 || c.ShutdownTimeout < 0 {
			errs = append(errs, "CMS_SHUTDOWN_DRAIN and CMS_SHUTDOWN_TIMEOUT must not be negative")
		}
		if (c.BootstrapEmail == "") != (c.BootstrapPassword == "") {
			errs = append(errs, "set both CMS_BOOTSTRAP_ADMIN_EMAIL and CMS_BOOTSTRAP_ADMIN_PASSWORD, or neither")
		}
		errs = append(errs, c.deliveryErrors()...)
		errs = append(errs, c.replicaErrors()...)
	}
	if c.CommentClientLimit < 1 || c.CommentArticleLimit < 1 || c.CommentClientWindow < time.Second || c.CommentArticleWindow < time.Second ||
		c.CommentClientWindow > 24*time.Hour || c.CommentArticleWindow > 24*time.Hour {
		errs = append(errs, "CMS_COMMENT_CLIENT_LIMIT and CMS_COMMENT_ARTICLE_LIMIT must be at least 1, and their windows between 1s and 24h")
	}
	if c.CommentMaxLinks < 0 {
		errs = append(errs, "CMS_COMMENT_MAX_LINKS must not be negative")
	}
	if len(errs) > 0 {
		return errors.New("invalid configuration:\n  - " + strings.Join(errs, "\n  - "))
	}
	return nil
}

// loopbackAddr reports whether addr is host:port with a loopback host
// (127.0.0.0/8, ::1 or localhost); ":6060" listens on every address and is
// not.
func loopbackAddr(addr string) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func oneOf(v string, options ...string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.TrimSuffix(p, "/"))
		}
	}
	return out
}
