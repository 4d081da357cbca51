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
		etag := etagOf(body)
		e = &pagecache.Entry{Body: body, ContentType: ct, ETag: etag, Keys: keys, Status: http.StatusOK,
			Header:     map[string][]string{"Etag": {etag}, "Surrogate-Key": {strings.Join(keys, " ")}},
			BodyHeader: map[string][]string{"Content-Type": {ct}, "Content-Length": {strconv.Itoa(len(body))}}}
		h.Cache.Put(key, e, ticket)
	}
	h.write(c, key, e)
}

// write answers with a cached entry. It runs on every cache hit, the
// hottest path of the API, so it does as little as it can (make bench,
// docs/benchmarks.md): the entry's header values were made with it, and
// Cache-Control and Vary once, and they are shared by every answer under
// their canonical keys (header values are replaced, never changed in place).
// A client that accepts gzip gets the entry's gzip variant, compressed on
// the first such request and kept with the entry (gzip.go); for the others
// the cost is a length check and, above gzipMinBytes, a header lookup.
func (h *Handler) write(c *gin.Context, key string, e *pagecache.Entry) {
	if len(e.Body) >= gzipMinBytes {
		if ae, ok := c.Request.Header["Accept-Encoding"]; ok && acceptsGzip(ae) && compressible(e.ContentType) {
			e = h.Cache.Variant(key, e, gzipVariant)
		}
	}
	hd := c.Writer.Header()
	for k, v := range e.Header {
		hd[k] = v
	}
	hd["Cache-Control"] = h.cacheControlHeader()
	hd["Vary"] = vary
	if match(c.Request.Header.Get("If-None-Match"), e.ETag) {
		c.Status(http.StatusNotModified)
		return
	}
	// Content-Length among them: without it net/http sends bodies over
	// 2 KB chunked, with an extra write for the last chunk, which made a
	// cache hit cost a third more than a plain Go server's answer.
	for k, v := range e.BodyHeader {
		hd[k] = v
	}
	// Content-Type is set: no need for c.Data, which makes it again.
	c.Status(e.Status)
	_, _ = c.Writer.Write(e.Body)
}

// vary is shared by every answer: header values are only ever replaced,
// never changed in place.
var vary = []string{"Accept, Accept-Encoding"}

// cacheControl is the Cache-Control header of cacheable answers.
func (h *Handler) cacheControl() string {
	return "public, max-age=" + strconv.Itoa(h.Caching.MaxAge) + ", stale-while-revalidate=" + strconv.Itoa(h.Caching.StaleWhileRevalidate)
}

// cacheControlHeader is cacheControl as a header value, made by Mount.
func (h *Handler) cacheControlHeader() []string {
	if h.cacheControlValue == nil {
		return []string{h.cacheControl()}
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
