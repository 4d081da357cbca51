// Package server builds the HTTP handler of `cms serve`: the middleware
// chain, the admin API, health and readiness, metrics and the OpenAPI
// document; and runs it with a graceful stop.
package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"newsroom/accounts"
	"newsroom/blob"
	"newsroom/editorial"
	"newsroom/httpapi"
	"newsroom/httpapi/admin"
	"newsroom/httpapi/delivery"
	"newsroom/media"
	"newsroom/moderation"
	"newsroom/pagecache"
	"newsroom/store"
	"newsroom/webhook"
)

// Config holds the HTTP settings.
type Config struct {
	AdminOrigins   []string // browser origins allowed by CORS
	MaxBodyBytes   int64    // JSON request bodies above this are 413
	TrustedProxies []string // proxies whose X-Forwarded-For is believed
	Version        string   // shown in the OpenAPI document
	// Delivery is who may read the delivery API (API keys) and how fast.
	Delivery delivery.AccessConfig
	// The delivery API's response cache and HTTP caching.
	CacheBytes           int64 // 0: 64 MiB
	CacheMaxAge          int   // seconds of Cache-Control max-age
	StaleWhileRevalidate int   // seconds
	// Site is the public web site feeds and sitemaps link to.
	Site delivery.Site
	// AdminUIDir is the built admin UI (admin-ui/dist) served at /admin/;
	// empty: the /admin/ routes answer 404 saying how to turn it on.
	AdminUIDir string
}

// Deps are what the server serves.
type Deps struct {
	DB        *store.DB
	Blob      blob.Store
	Accounts  *accounts.Service
	Editorial *editorial.Service
	Media     *media.Service   // nil: no media routes
	Webhooks  *webhook.Service // nil: no webhook routes
	// Moderation serves reader comments and the moderators' queue; nil: no
	// comment routes.
	Moderation *moderation.Service
	Log        *slog.Logger
}

// adminPrefix is where the admin API is mounted.
const adminPrefix = "/api/admin/v1"

// Server is the HTTP face of the CMS.
type Server struct {
	engine   *gin.Engine
	table    *httpapi.Table
	deps     Deps
	draining atomic.Bool
	openapi  []byte
	// openapiETag is the document's strong ETag, made once with it.
	openapiETag string
	cache       *pagecache.Cache
	hub         *delivery.Hub
	stopping    chan struct{}
}

// Changed tells the delivery API that what readers see of the keys changed:
// cached responses showing them go, and live streams of them wake. Commits
// on this replica call it at once; other replicas' arrive through the
// change feed (package pubsub).
func (s *Server) Changed(keys []string) {
	s.deps.DB.Fence() // first: refills must not come from a replica that lacks the change
	s.cache.Invalidate(keys)
	s.hub.Notify(keys)
}

// ChangesLost is called when the change feed was interrupted: anything may
// have changed, so everything cached goes.
func (s *Server) ChangesLost() {
	s.deps.DB.Fence()
	s.cache.Clear()
	s.hub.NotifyAll()
}

// New builds the handler with every route mounted.
func New(cfg Config, d Deps) (*Server, error) {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := httpapi.NewMetrics(reg)

	s := &Server{engine: e, table: &httpapi.Table{}, deps: d}
	e.Use(httpapi.WithRequestID(d.Log), httpapi.Recover(), httpapi.AccessLog(), metrics.Middleware(),
		httpapi.SecurityHeaders(), httpapi.CORS(cfg.AdminOrigins), httpapi.ValidQuery(), s.limitBody(cfg.MaxBodyBytes))
	e.NoRoute(httpapi.NotFound)
	e.NoMethod(httpapi.MethodNotAllowed)

	root := e.Group("")
	s.table.Handle(root, httpapi.Route{Method: http.MethodGet, Path: "/healthz", Tag: "operations",
		Summary: "Liveness: the process answers", Response: health{}, Handler: s.healthz})
	s.table.Handle(root, httpapi.Route{Method: http.MethodGet, Path: "/readyz", Tag: "operations",
		Summary: "Readiness: the database and the object store answer, and the server is not draining", Response: health{}, Handler: s.readyz})
	s.table.Handle(root, httpapi.Route{Method: http.MethodGet, Path: "/metrics", Tag: "operations",
		Summary: "Prometheus metrics", Produces: "text/plain", Handler: gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))})
	s.table.Handle(root, httpapi.Route{Method: http.MethodGet, Path: "/api/openapi.json", Tag: "operations",
		Summary: "This OpenAPI document", Produces: "application/json", Handler: s.openAPI})

	h := &admin.Handler{Accounts: d.Accounts, Editorial: d.Editorial, Media: d.Media, Webhooks: d.Webhooks, Moderation: d.Moderation, Log: d.Log}
	h.Mount(e.Group(adminPrefix), s.table)
	s.mountMedia(root)
	mediaBase := ""
	if d.Media != nil {
		mediaBase = d.Media.PublicURL()
	}
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = 64 << 20
	}
	s.cache = pagecache.New(cfg.CacheBytes)
	registerOperationsMetrics(reg, s.cache, cfg.CacheBytes, d.DB, d.Log)
	// This replica's own commits invalidate at once; other replicas' arrive
	// through the change feed (see Cache and package pubsub).
	s.hub = delivery.NewHub()
	s.stopping = make(chan struct{})
	d.DB.OnChange(s.Changed)
	access, err := delivery.NewAccess(cfg.Delivery, d.Accounts)
	if err != nil {
		return nil, err
	}
	dh := &delivery.Handler{Access: access, DB: d.DB, Editorial: d.Editorial, Moderation: d.Moderation, MediaBase: mediaBase, Log: d.Log, Cache: s.cache, Hub: s.hub, Stopping: s.stopping, Site: cfg.Site,
		Caching: delivery.Caching{MaxAge: cfg.CacheMaxAge, StaleWhileRevalidate: cfg.StaleWhileRevalidate}}
	dh.Mount(e.Group("/api/v1"), s.table)
	s.mountAdminUI(root, cfg.AdminUIDir)

	doc, err := json.Marshal(httpapi.OpenAPI(s.table.Routes(), "Newsroom CMS API", cfg.Version))
	if err != nil {
		return nil, err
	}
	s.openapi = doc
	sum := sha256.Sum256(doc)
	s.openapiETag = `"` + hex.EncodeToString(sum[:16]) + `"`
	return s, nil
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes returns every route the server registered through its table.
func (s *Server) Routes() []httpapi.Route { return s.table.Routes() }

// EngineRoutes returns what the router actually serves, to check the OpenAPI
// document against.
func (s *Server) EngineRoutes() gin.RoutesInfo { return s.engine.Routes() }

type health struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks,omitempty"`
}

func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, health{Status: "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{"database": "ok", "storage": "ok"}
	ready := true
	if err := s.deps.DB.Ping(ctx); err != nil {
		checks["database"] = "unreachable"
		ready = false
	}
	if err := s.deps.Blob.Ping(ctx); err != nil {
		checks["storage"] = "unreachable"
		ready = false
	}
	if s.draining.Load() {
		checks["server"] = "draining"
		ready = false
	}
	if !ready {
		c.JSON(http.StatusServiceUnavailable, health{Status: "unavailable", Checks: checks})
		return
	}
	c.JSON(http.StatusOK, health{Status: "ok", Checks: checks})
}

// openAPI serves the document with its ETag: ServeContent answers
// If-None-Match with 304 and HEAD without the body.
func (s *Server) openAPI(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=60")
	c.Header("ETag", s.openapiETag)
	c.Header("Content-Type", "application/json")
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(s.openapi))
}

// Run serves on ln until ctx ends, then drains: readiness turns false at
// once, the listener stays open for drain so load balancers notice, then
// in-flight requests get up to timeout to finish.
func (s *Server) Run(ctx context.Context, ln net.Listener, drain, timeout time.Duration) error {
	srv := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.deps.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	// Idle connections close now and answers say "Connection: close": a
	// proxy opens a connection per request while we drain, and none is left
	// for it to reuse when Shutdown closes the listener.
	srv.SetKeepAlivesEnabled(false)
	close(s.stopping) // end live streams, which never go idle by themselves
	s.deps.Log.Info("shutting down: readiness is now false", "drain", drain.String(), "timeout", timeout.String())
	time.Sleep(drain)
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.deps.Log.Info("server stopped")
	return nil
}
