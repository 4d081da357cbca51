package httpapi

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"newsroom/cms"
)

const (
	requestIDKey = "request_id"
	loggerKey    = "logger"
)

// RequestID returns the id of the request being served.
func RequestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// WithRequestID takes a sane X-Request-ID from the client (a proxy's) or
// makes one, echoes it in the response, and gives the request a logger that
// carries it.
func WithRequestID(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		// Canonical names (X-Request-Id, Traceparent) look headers up
		// without allocating a canonical copy of the name per request.
		id := c.Request.Header.Get("X-Request-Id")
		if !saneRequestID(id) {
			// math/rand/v2, not crypto/rand: an id must be unique, not
			// secret, and crypto/rand cost a getrandom syscall per request
			// (make bench, docs/benchmarks.md).
			var b [12]byte
			binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
			binary.LittleEndian.PutUint32(b[8:], rand.Uint32())
			id = hex.EncodeToString(b[:])
		}
		c.Set(requestIDKey, id)
		// The logger with request_id (and trace_id) is made when the request
		// first logs (see loggerOf): slog's With formats its attributes at
		// once, which cost every request, logged or not.
		c.Set(loggerKey, requestLogger{base: log, traceparent: c.Request.Header.Get("Traceparent")})
		c.Writer.Header()["X-Request-Id"] = []string{id}
		c.Next()
	}
}

// TraceID returns the trace id of a W3C Trace Context `traceparent` header
// (version-traceid-parentid-flags, e.g.
// 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01), or "" when the
// header is absent or malformed, so that a bad header never reaches a log.
func TraceID(traceparent string) string {
	parts := strings.Split(traceparent, "-")
	if len(parts) < 4 {
		return ""
	}
	version, trace, parent, flags := parts[0], parts[1], parts[2], parts[3]
	if !lowerHex(version, 2) || version == "ff" || !lowerHex(trace, 32) || !lowerHex(parent, 16) || !lowerHex(flags, 2) ||
		trace == strings.Repeat("0", 32) || parent == strings.Repeat("0", 16) {
		return ""
	}
	// Version 00 has exactly four fields; later versions may append more.
	if version == "00" && len(parts) != 4 {
		return ""
	}
	return trace
}

// lowerHex reports whether s is n lower-case hexadecimal digits.
func lowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// AccessLog writes one structured line per request once it is answered.
func AccessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		// Skip building the line when the level is off (CMS_LOG_LEVEL=warn):
		// its arguments alone cost allocations on every request.
		if !logEnabled(c, level) {
			return
		}
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		loggerOf(c).Log(c.Request.Context(), level, "request",
			"method", c.Request.Method, "path", c.Request.URL.Path, "route", route, "status", status,
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "bytes", c.Writer.Size(),
			"client_ip", c.ClientIP())
	}
}

// Recover answers a panic with a 500 JSON error carrying the request id and
// logs the stack, so one bad request never takes the server down.
func Recover() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p) // the client went away; let net/http handle it
				}
				loggerOf(c).Error("panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				Error(c, fmt.Errorf("panic: %v", p))
			}
		}()
		c.Next()
	}
}

// SecurityHeaders sets the headers every API response carries.
func SecurityHeaders() gin.HandlerFunc {
	// Made once and shared by every response: Header.Set canonicalised each
	// name and allocated each value on every request (make bench). Sharing
	// is safe because header values are replaced, never changed in place.
	static := http.Header{}
	static.Set("X-Content-Type-Options", "nosniff")
	static.Set("X-Frame-Options", "DENY")
	static.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	static.Set("Cross-Origin-Opener-Policy", "same-origin")
	static.Set("Cross-Origin-Resource-Policy", "cross-origin")
	static.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	static.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	return func(c *gin.Context) {
		h := c.Writer.Header()
		for k, v := range static {
			h[k] = v
		}
		if c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https" {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		c.Next()
	}
}

// CORS lets the configured admin UI origins call the API from a browser and
// no other origin. A preflight from another origin is refused with 403.
func CORS(origins []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		origin := c.GetHeader("Origin")
		if origin == "" {
			c.Next()
			return
		}
		c.Writer.Header().Add("Vary", "Origin")
		allowed := slices.Contains(origins, origin)
		preflight := c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != ""
		if allowed {
			h := c.Writer.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Expose-Headers", "ETag, Location, Retry-After, X-Request-ID")
			if preflight {
				h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, If-None-Match, X-Request-ID")
				h.Set("Access-Control-Max-Age", "600")
				c.AbortWithStatus(http.StatusNoContent)
				return
			}
		} else if preflight {
			Error(c, cms.Errorf(cms.EForbidden, "the origin %q may not call this API from a browser; add it to CMS_ADMIN_ORIGIN", truncate(origin, 100)))
			return
		}
		c.Next()
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// LimitBody caps how many bytes a handler may read from the request body.
func LimitBody(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > max {
			Error(c, cms.Errorf(cms.ETooLarge, "the request body is larger than the limit of %d bytes", max))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		c.Next()
	}
}

// Metrics are the Prometheus collectors of the HTTP layer.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP collectors with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cms_http_requests_total", Help: "HTTP requests answered, by route, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cms_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// Middleware counts and times each request by its route pattern (never the
// raw path, which would let clients create unbounded label values).
func (m *Metrics) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		method := c.Request.Method
		if !slices.Contains([]string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}, method) {
			method = "other"
		}
		m.requests.WithLabelValues(route, method, strconv.Itoa(c.Writer.Status())).Inc()
		m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	}
}

// NotFound answers requests no route matches.
func NotFound(c *gin.Context) {
	Error(c, cms.Errorf(cms.ENotFound, "no such endpoint: %s %s; see /api/openapi.json", c.Request.Method, truncate(strings.ToValidUTF8(c.Request.URL.Path, "?"), 200)))
}

// MethodNotAllowed answers requests whose path exists with other methods.
func MethodNotAllowed(c *gin.Context) {
	Error(c, cms.Errorf(cms.EMethodNotAllowed, "%s is not allowed here; the Allow header lists the methods that are", c.Request.Method))
}

// ValidQuery refuses a request whose query string cannot be parsed (a bad
// percent-escape, say), which Go would otherwise read as if the broken
// parameters were absent.
func ValidQuery() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.URL.RawQuery != "" {
			if _, err := url.ParseQuery(c.Request.URL.RawQuery); err != nil {
				Error(c, cms.Errorf(cms.EBadRequest, "the query string is malformed: %s", truncate(err.Error(), 200)))
				return
			}
		}
		c.Next()
	}
}
