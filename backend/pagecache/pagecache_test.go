package pagecache_test

import (
	"fmt"
	"sync"
	"testing"

	"newsroom/pagecache"
)

func TestInvalidateByKey(t *testing.T) {
	c := pagecache.New(1 << 20)
	t0 := c.Ticket()
	c.Put("/a", &pagecache.Entry{Body: []byte("a"), Keys: []string{"article:1", "articles"}}, t0)
	c.Put("/b", &pagecache.Entry{Body: []byte("b"), Keys: []string{"article:2"}}, t0)
	c.Put("/list", &pagecache.Entry{Body: []byte("l"), Keys: []string{"articles"}}, t0)
	c.Invalidate([]string{"article:1"})
	if _, ok := c.Get("/a"); ok {
		t.Error("/a survived the invalidation of article:1")
	}
	if _, ok := c.Get("/b"); !ok {
		t.Error("/b was dropped, but it does not show article:1")
	}
	if _, ok := c.Get("/list"); !ok {
		t.Error("/list was dropped, but it is not tagged article:1")
	}
	c.Invalidate([]string{"articles"})
	if _, ok := c.Get("/list"); ok {
		t.Error("/list survived the invalidation of articles")
	}
}

// A response computed before an invalidation must not be stored after it.
func TestStaleComputationNotStored(t *testing.T) {
	c := pagecache.New(1 << 20)
	ticket := c.Ticket()
	c.Invalidate([]string{"article:1"}) // a publish commits while we render
	c.Put("/a", &pagecache.Entry{Body: []byte("old"), Keys: []string{"article:1"}}, ticket)
	if _, ok := c.Get("/a"); ok {
		t.Error("a response computed before the invalidation was stored")
	}
}

func TestBounded(t *testing.T) {
	c := pagecache.New(64 << 10)
	for i := 0; i < 1000; i++ {
		c.Put(fmt.Sprint(i), &pagecache.Entry{Body: make([]byte, 1000), Keys: []string{"k"}}, c.Ticket())
	}
	n, bytes, _, _ := c.Stats()
	if bytes > 64<<10 || n == 0 {
		t.Errorf("got %d entries, %d bytes; want some, at most 64 KiB", n, bytes)
	}
}

// A variant is made once per entry, counted in the cache's bytes while its
// entry is stored, and dropped with it.
func TestVariant(t *testing.T) {
	c := pagecache.New(1 << 20)
	e := &pagecache.Entry{Body: make([]byte, 1000), Keys: []string{"article:1"}}
	c.Put("/a", e, c.Ticket())
	_, before, _, _ := c.Stats()
	made := 0
	encode := func(e *pagecache.Entry) *pagecache.Entry { made++; return &pagecache.Entry{Body: make([]byte, 300)} }
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); c.Variant("/a", e, encode) }()
	}
	wg.Wait()
	if v := c.Variant("/a", e, encode); len(v.Body) != 300 || made != 1 {
		t.Errorf("got a %d-byte variant made %d times, want 300 bytes made once", len(v.Body), made)
	}
	if _, after, _, _ := c.Stats(); after <= before+300-1 {
		t.Errorf("bytes: %d before the variant, %d after; want at least 300 more", before, after)
	}
	c.Invalidate([]string{"article:1"})
	if n, bytes, _, _ := c.Stats(); n != 0 || bytes != 0 {
		t.Errorf("after the invalidation: %d entries, %d bytes; want none", n, bytes)
	}
}
