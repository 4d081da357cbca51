// Package pagecache keeps rendered delivery API responses in memory, tagged
// with the keys of the objects they show ("article:<id>", "section:<id>",
// "articles" for every listing...), so a change invalidates exactly the
// responses that show it. It is safe for concurrent use.
//
// A response computed while a change commits must not be stored after the
// change's invalidation, or it would stay stale: callers take a Ticket before
// reading the database and Put with it; Put drops the entry when any
// invalidation happened since the ticket.
package pagecache

import (
	"sync"
	"sync/atomic"
)

// Entry is one cached response.
type Entry struct {
	Body        []byte
	ContentType string
	ETag        string
	Keys        []string // surrogate keys: what the response shows
	// Header holds response headers made once, when the entry is, and sent
	// with every answer from it (ETag, Surrogate-Key); BodyHeader those of
	// an answer with the body (Content-Type, Content-Length). Callers share
	// the values and must never change them in place.
	Header, BodyHeader map[string][]string
	Status             int

	// variant is another encoding of the body (gzip), made on the first
	// request that wants it (see Cache.Variant); extra is its size once
	// counted in the cache's bytes, changed only under the cache's lock.
	variantOnce sync.Once
	variant     *Entry
	extra       int64
}

func (e *Entry) size() int64 { return int64(len(e.Body)) + 256 + e.extra }

// Cache is a bounded map of entries with a tag index.
type Cache struct {
	maxBytes int64
	gen      atomic.Uint64

	mu      sync.RWMutex
	entries map[string]*Entry
	byKey   map[string]map[string]struct{} // surrogate key -> cache keys
	bytes   int64

	hits, misses atomic.Uint64
}

// New returns a cache holding at most maxBytes of response bodies.
func New(maxBytes int64) *Cache {
	return &Cache{maxBytes: maxBytes, entries: map[string]*Entry{}, byKey: map[string]map[string]struct{}{}}
}

// Ticket is the cache's generation when a computation began.
type Ticket uint64

// Ticket returns the current generation; pass it to Put.
func (c *Cache) Ticket() Ticket { return Ticket(c.gen.Load()) }

// Get returns the entry stored under key.
func (c *Cache) Get(key string) (*Entry, bool) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return e, ok
}

// Put stores e under key unless an invalidation happened since t.
func (c *Cache) Put(key string, e *Entry, t Ticket) {
	if e.size() > c.maxBytes/8 {
		return // one huge response must not flush everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if Ticket(c.gen.Load()) != t {
		return
	}
	c.removeLocked(key)
	for c.bytes+e.size() > c.maxBytes && len(c.entries) > 0 {
		for k := range c.entries { // map order is random: a cheap random eviction
			c.removeLocked(k)
			break
		}
	}
	c.entries[key] = e
	c.bytes += e.size()
	for _, k := range e.Keys {
		set := c.byKey[k]
		if set == nil {
			set = map[string]struct{}{}
			c.byKey[k] = set
		}
		set[key] = struct{}{}
	}
}

func (c *Cache) removeLocked(key string) {
	e, ok := c.entries[key]
	if !ok {
		return
	}
	delete(c.entries, key)
	c.bytes -= e.size()
	for _, k := range e.Keys {
		if set := c.byKey[k]; set != nil {
			delete(set, key)
			if len(set) == 0 {
				delete(c.byKey, k)
			}
		}
	}
}

// Variant returns the variant of e, the entry stored under key: made by
// encode on the first call for e (concurrent callers wait for it, so a body
// is encoded once), then kept with e and dropped with it. While e is stored
// its variant's body counts against the cache's bound; encode may return e
// itself when the variant would not be smaller, and that costs nothing.
func (c *Cache) Variant(key string, e *Entry, encode func(*Entry) *Entry) *Entry {
	e.variantOnce.Do(func() {
		v := encode(e)
		e.variant = v
		if v == e {
			return
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.entries[key] != e {
			return // dropped, or never stored: nothing to count
		}
		e.extra = int64(len(v.Body)) + 256
		c.bytes += e.extra
		for c.bytes > c.maxBytes && len(c.entries) > 1 {
			for k := range c.entries {
				if k != key {
					c.removeLocked(k)
					break
				}
			}
		}
	})
	return e.variant
}

// Invalidate drops every entry tagged with any of the keys, and makes
// computations that began before it unable to store their result.
func (c *Cache) Invalidate(keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen.Add(1)
	for _, k := range keys {
		for key := range c.byKey[k] {
			c.removeLocked(key)
		}
	}
}

// Clear drops everything (after a lost connection to the change feed, when
// changes may have been missed).
func (c *Cache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen.Add(1)
	c.entries = map[string]*Entry{}
	c.byKey = map[string]map[string]struct{}{}
	c.bytes = 0
}

// Stats reports the number of entries, their bytes, and hits and misses.
func (c *Cache) Stats() (entries int, bytes int64, hits, misses uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries), c.bytes, c.hits.Load(), c.misses.Load()
}
