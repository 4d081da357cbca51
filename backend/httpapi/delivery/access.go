package delivery

import (
	"errors"
	"hash/maphash"
	"math"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
)

// AccessConfig says who may read the delivery API and how fast.
type AccessConfig struct {
	// RequireKey makes every request but the preview path carry a valid
	// API key, as "X-API-Key: nrk_..." or "Authorization: Bearer nrk_...".
	RequireKey bool
	// Rate is how many requests a second one client may make, on average;
	// 0 sets no limit. Burst is how many it may make at once (0: twice Rate).
	Rate  int
	Burst int
	// MaxClients bounds the clients tracked at once (0: 100,000), so a
	// flood of addresses cannot grow memory without end.
	MaxClients int
}

// KeyChecker tells valid delivery API keys from others, from memory, without
// a database query: accounts.Service implements it.
type KeyChecker interface {
	ValidAPIKey(key string) bool
}

// Access is the delivery API's gate: a per-client rate limit, then, when
// configured, the API key check. The limit is per replica: with N replicas
// a client may make up to N times Rate; the CDN in front takes most reads
// anyway, so a shared counter would cost every request a round trip for
// little gain.
type Access struct {
	cfg     AccessConfig
	keys    KeyChecker
	limiter *limiter // nil: no limit
	now     func() time.Time
}

// NewAccess returns the gate the configuration describes. keys may be nil
// only when no key is required.
func NewAccess(cfg AccessConfig, keys KeyChecker) (*Access, error) {
	if cfg.RequireKey && keys == nil {
		return nil, errors.New("delivery access: API keys are required but nothing checks them")
	}
	if cfg.Rate < 0 || cfg.Burst < 0 || cfg.MaxClients < 0 {
		return nil, errors.New("delivery access: the rate, burst and client limit must not be negative")
	}
	a := &Access{cfg: cfg, keys: keys, now: time.Now}
	if cfg.Rate > 0 {
		burst := cfg.Burst
		if burst == 0 {
			burst = 2 * cfg.Rate
		}
		maxClients := cfg.MaxClients
		if maxClients == 0 {
			maxClients = 100_000
		}
		a.limiter = newLimiter(float64(cfg.Rate), float64(burst), maxClients)
	}
	return a, nil
}

// Handle is the gin middleware. A nil *Access lets every request through.
// A client over its rate gets 429 with Retry-After; a request without a
// valid key, when one is required, gets 401. Both are JSON errors.
func (a *Access) Handle(c *gin.Context) {
	if a == nil {
		c.Next()
		return
	}
	if a.limiter != nil {
		if ok, wait := a.limiter.allow(c.ClientIP(), a.now()); !ok {
			secs := int(math.Ceil(wait.Seconds()))
			c.Header("Cache-Control", "no-store")
			httpapi.Error(c, &cms.Error{Code: cms.ETooManyRequests,
				Message: "too many requests from this address; slow down and retry after the Retry-After seconds",
				Details: map[string]any{"retry_after_seconds": max(secs, 1)}})
			return
		}
	}
	// A preview link carries its own secret and is opened by people, in a
	// browser, who hold no API key.
	if a.cfg.RequireKey && !strings.Contains(c.FullPath(), "/preview/") {
		if key := apiKey(c); key == "" || !a.keys.ValidAPIKey(key) {
			c.Header("WWW-Authenticate", `Bearer realm="delivery"`)
			c.Header("Cache-Control", "no-store")
			msg := "this API needs a key: send it as \"X-API-Key: nrk_...\" or \"Authorization: Bearer nrk_...\""
			if key != "" {
				msg = "the API key is unknown or revoked"
			}
			httpapi.Error(c, cms.Errorf(cms.EUnauthorized, "%s", msg))
			return
		}
	}
	c.Next()
}

// apiKey returns the key the request carries, or "".
func apiKey(c *gin.Context) string {
	if k := strings.TrimSpace(c.GetHeader("X-API-Key")); k != "" {
		return k
	}
	h := c.GetHeader("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// limiter is a token bucket per client, in memory. Clients are spread over
// shards, each with its own lock, so that concurrent requests rarely wait
// on one another.
type limiter struct {
	rate, burst float64 // tokens a second; bucket size
	// idle is how long a bucket takes to fill up: one untouched that long
	// is full, the same as a new one, so forgetting it changes nothing.
	idle     time.Duration
	perShard int
	seed     maphash.Seed
	shards   [64]limiterShard
}

type limiterShard struct {
	mu      sync.Mutex
	buckets map[string]bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate, burst float64, maxClients int) *limiter {
	l := &limiter{rate: rate, burst: burst, idle: time.Duration(burst / rate * float64(time.Second)),
		seed: maphash.MakeSeed()}
	l.perShard = max(maxClients/len(l.shards), 1)
	for i := range l.shards {
		l.shards[i].buckets = map[string]bucket{}
	}
	return l
}

// allow takes a token from the client's bucket. When there is none it
// reports false and how long until there is.
func (l *limiter) allow(client string, now time.Time) (bool, time.Duration) {
	client = clientKey(client)
	s := &l.shards[maphash.String(l.seed, client)%uint64(len(l.shards))]
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Sub(s.swept) >= l.idle || len(s.buckets) >= l.perShard {
		l.sweep(s, now)
	}
	b, ok := s.buckets[client]
	if !ok {
		b = bucket{tokens: l.burst}
	} else if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed*l.rate)
	}
	b.last = now
	allowed := b.tokens >= 1
	if allowed {
		b.tokens--
	}
	s.buckets[client] = b
	if allowed {
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep forgets the shard's full buckets; if the shard is still at its
// bound (a flood of addresses), it forgets others too, down to half, which
// only lets those clients start afresh.
func (l *limiter) sweep(s *limiterShard, now time.Time) {
	s.swept = now
	for k, b := range s.buckets {
		if now.Sub(b.last) >= l.idle {
			delete(s.buckets, k)
		}
	}
	if len(s.buckets) < l.perShard {
		return
	}
	for k := range s.buckets {
		if len(s.buckets) <= l.perShard/2 {
			break
		}
		delete(s.buckets, k)
	}
}

// clientKey is what the limit counts by: the address, or for IPv6 its /64,
// since one host usually holds a whole /64 and could rotate through it.
func clientKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil || !addr.Is6() || addr.Is4In6() {
		return ip
	}
	p, err := addr.Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
