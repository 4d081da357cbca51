package delivery

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/httpapi"
	"newsroom/pagecache"
	"newsroom/store"
)

// Caching is how responses may be cached by browsers and CDNs.
type Caching struct {
	MaxAge               int // seconds
	StaleWhileRevalidate int // seconds
}

// rendered is what a handler computes: the value to encode and the
// surrogate keys of what it shows.
type rendered struct {
	value       any
	keys        []string
	contentType string // default application/json
	raw         []byte // a body already encoded (feeds, sitemaps)
	redirect    string // answer 301 to this location instead (not cached)
}

// serve answers a cacheable GET: from the in-process cache when it holds the
// response, else by computing it with a read-only store handle (a read
// replica's when one is up to date, see store.DB.ReadView), storing it,
// and answering it. Every answer carries a strong ETag, Cache-Control and a
// Surrogate-Key header, and If-None-Match gets 304.
func (h *Handler) serve(c *gin.Context, variant string, compute func(tx *store.Tx) (*rendered, error)) {
	// The request line's target as the client sent it: URL.RequestURI()
	// escapes the path again on every request (Arabic slugs: every byte).
	// Two spellings of one URL only make two entries, invalidated alike.
	uri := c.Request.RequestURI
	if uri == "" {
		uri = c.Request.URL.RequestURI()
	}
	key := variant + " " + uri
	e, ok := h.Cache.Get(key)
	if !ok {
		ticket := h.Cache.Ticket()
		r, err := compute(h.DB.ReadView(c.Request.Context()))
		if err != nil {
			httpapi.Error(c, err)
			return
		}
		if r.redirect != "" {
			c.Header("Cache-Control", "public, max-age="+strconv.Itoa(h.Caching.MaxAge))
			c.Redirect(http.StatusMovedPermanently, r.redirect)
			return
		}
		body := r.raw
		if body == nil {
			if body, err = json.Marshal(r.value); err != nil {
				httpapi.Error(c, err)
				return
			}
		}
		ct := r.contentType
		if ct == "" {
			ct = "application/json; charset=utf-8"
		}
		keys := dedupe(r.keys)
		e = &pagecache.Entry{Body: body, ContentType: ct, ETag: etagOf(body), Keys: keys, SurrogateKey: strings.Join(keys, " "), Status: http.StatusOK}
		h.Cache.Put(key, e, ticket)
	}
	h.write(c, e)
}

// write answers with a cached entry. It runs on every cache hit, the
// hottest path of the API, so it does as little as it can (make bench,
// docs/benchmarks.md): header values are made once, when the entry is
// (Surrogate-Key) or when the routes are mounted (Cache-Control), and set
// under their canonical keys without Header.Set's canonicalising.
func (h *Handler) write(c *gin.Context, e *pagecache.Entry) {
	hd := c.Writer.Header()
	hd["Etag"] = []string{e.ETag}
	hd["Cache-Control"] = []string{h.cacheControl()}
	hd["Surrogate-Key"] = []string{e.SurrogateKey}
	hd["Vary"] = vary
	if match(c.GetHeader("If-None-Match"), e.ETag) {
		c.Status(http.StatusNotModified)
		return
	}
	// A known length: without it net/http sends bodies over 2 KB chunked,
	// with an extra write for the last chunk, which made a cache hit cost a
	// third more than a plain Go server's answer of the same size.
	hd["Content-Length"] = []string{strconv.Itoa(len(e.Body))}
	c.Data(e.Status, e.ContentType, e.Body)
}

// vary is shared by every answer: header values are only ever replaced,
// never changed in place.
var vary = []string{"Accept, Accept-Encoding"}

// cacheControl is the Cache-Control header of cacheable answers.
func (h *Handler) cacheControl() string {
	if h.cacheControlValue == "" {
		return "public, max-age=" + strconv.Itoa(h.Caching.MaxAge) + ", stale-while-revalidate=" + strconv.Itoa(h.Caching.StaleWhileRevalidate)
	}
	return h.cacheControlValue
}

// match reports whether an If-None-Match header names the ETag.
func match(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, part := range strings.Split(header, ",") {
		p := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "W/"))
		if p == etag || p == "*" {
			return true
		}
	}
	return false
}

// etagOf is a strong ETag: a hash of the exact bytes.
func etagOf(b []byte) string {
	h := fnv.New128a()
	h.Write(b)
	return fmt.Sprintf("\"%x\"", h.Sum(nil))
}

func dedupe(keys []string) []string {
	seen := make(map[string]bool, len(keys))
	out := keys[:0:0]
	for _, k := range keys {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
