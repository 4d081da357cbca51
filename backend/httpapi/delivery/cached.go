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
// response, else by computing it with a read-only store handle, storing it,
// and answering it. Every answer carries a strong ETag, Cache-Control and a
// Surrogate-Key header, and If-None-Match gets 304.
func (h *Handler) serve(c *gin.Context, variant string, compute func(tx *store.Tx) (*rendered, error)) {
	key := variant + " " + c.Request.URL.RequestURI()
	e, ok := h.Cache.Get(key)
	if !ok {
		ticket := h.Cache.Ticket()
		r, err := compute(h.DB.View(c.Request.Context()))
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
		e = &pagecache.Entry{Body: body, ContentType: ct, ETag: etagOf(body), Keys: dedupe(r.keys), Status: http.StatusOK}
		h.Cache.Put(key, e, ticket)
	}
	h.write(c, e)
}

func (h *Handler) write(c *gin.Context, e *pagecache.Entry) {
	hd := c.Writer.Header()
	hd.Set("ETag", e.ETag)
	hd.Set("Cache-Control", "public, max-age="+strconv.Itoa(h.Caching.MaxAge)+", stale-while-revalidate="+strconv.Itoa(h.Caching.StaleWhileRevalidate))
	hd.Set("Surrogate-Key", strings.Join(e.Keys, " "))
	hd.Set("Vary", "Accept, Accept-Encoding")
	if match(c.GetHeader("If-None-Match"), e.ETag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(e.Status, e.ContentType, e.Body)
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
