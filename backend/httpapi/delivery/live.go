package delivery

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/store"
)

// Hub wakes the readers streaming a live article when its entries change
// ("live:<article id>" keys), on this replica or, through the change feed,
// on another.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]struct{}
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[chan struct{}]struct{}{}} }

// Subscribe returns a channel that receives a signal after each change of
// key, and the function that unsubscribes it.
func (h *Hub) Subscribe(key string) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[key] == nil {
		h.subs[key] = map[chan struct{}]struct{}{}
	}
	h.subs[key][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[key], ch)
		if len(h.subs[key]) == 0 {
			delete(h.subs, key)
		}
		h.mu.Unlock()
	}
}

// Notify signals the subscribers of the keys; it never blocks.
func (h *Hub) Notify(keys []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, k := range keys {
		for ch := range h.subs[k] {
			select {
			case ch <- struct{}{}:
			default: // a signal is already pending
			}
		}
	}
}

// NotifyAll signals every subscriber (after changes may have been missed).
func (h *Hub) NotifyAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, set := range h.subs {
		for ch := range set {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
}

// LiveEntry is a live entry as readers see it: its writer by the name
// credited and, when their account has an author profile, as a byline that
// links to the author's page; never the account's id.
type LiveEntry struct {
	ID         string      `json:"id"`
	ArticleID  string      `json:"article_id"`
	Title      string      `json:"title"`
	Body       []cms.Block `json:"body"`
	Pinned     bool        `json:"pinned"`
	AuthorName string      `json:"author_name"`
	Author     *Byline     `json:"author"`
	// Version lets a poller skip an entry it already has (see since).
	Version   int64      `json:"version"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	DeletedAt *time.Time `json:"deleted_at"`
}

// readerEntries renders entries for readers, with the author profiles of
// their writers (one query), and the surrogate keys of those profiles.
func readerEntries(tx *store.Tx, entries []*cms.LiveEntry) ([]LiveEntry, []string, error) {
	var users []string
	for _, e := range entries {
		if e.AuthorID != nil {
			users = append(users, *e.AuthorID)
		}
	}
	profiles, err := tx.AuthorsOfUsers(users)
	if err != nil {
		return nil, nil, err
	}
	out := make([]LiveEntry, len(entries))
	var keys []string
	for i, e := range entries {
		out[i] = LiveEntry{ID: e.ID, ArticleID: e.ArticleID, Title: e.Title, Body: e.Body, Pinned: e.Pinned, AuthorName: e.AuthorName,
			Version: e.Version, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, DeletedAt: e.DeletedAt}
		if e.AuthorID != nil {
			if au := profiles[*e.AuthorID]; au != nil {
				b := credited(au)
				out[i].Author = &b
				keys = append(keys, "author:"+au.ID)
			}
		}
	}
	return out, keys, nil
}

// LiveEntries is the answer of the live entries endpoint.
type LiveEntries struct {
	Data []LiveEntry `json:"data"`
	// NextCursor pages on to older entries (without since); null at the
	// first entry, and always with since.
	NextCursor *string `json:"next_cursor"`
	// ServerTime is when the answer was made: pass it back as since. When
	// an answer with since holds as many entries as it may (sinceLimit),
	// it is the time of the last one instead, so the next poll goes on
	// from there and misses nothing.
	ServerTime time.Time `json:"server_time"`
}

// sinceLimit bounds an answer to a poll with since (unless its limit asks
// for fewer); a reader back after a long absence catches up in several
// polls.
const sinceLimit = 500

// maxPinned bounds the pinned entries a first page leads with: editors pin
// a handful ("what we know", a correction), never pages of them.
const maxPinned = 20

// liveMaxAge caps both the max-age and the stale-while-revalidate of live
// entries: live coverage is read for what happened in the last minute, so a
// browser or a CDN that does not purge must not show a list a minute old
// (nor, revalidating in the background, five). Comment threads get 30
// seconds (commentsMaxAge); live coverage must be fresher than that.
const liveMaxAge = 10

func (h *Handler) mountLive(group *gin.RouterGroup, t *httpapi.Table) {
	live := *h
	live.Caching = Caching{MaxAge: min(h.Caching.MaxAge, liveMaxAge), StaleWhileRevalidate: min(h.Caching.StaleWhileRevalidate, liveMaxAge)}
	// Mount made the header from the API's own caching; the copy needs its own.
	live.cacheControlValue = []string{live.cacheControl()}
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:slug/live-entries", Tag: "delivery",
		Summary: "Entries of a live article: the first page leads with the pinned ones, then the newest, and next_cursor pages on to older ones; " +
			"with since, what changed after it (deletions included, with deleted_at), oldest change first, at most limit if given, else 500",
		Query: append([]httpapi.Param{{Name: "since", Description: "RFC 3339 time, e.g. the server_time of the previous answer; not with cursor"}},
			httpapi.PagingParams...),
		Response: LiveEntries{}, Handler: live.liveEntries})
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:slug/live-entries/stream", Tag: "delivery",
		Summary:  "Server-Sent Events: each new, changed or deleted entry of a live article as it happens (event \"entry\"; Last-Event-ID resumes)",
		Produces: "text/event-stream", Handler: h.liveStream})
}

// liveArticle finds the live article of a live-coverage page.
func liveArticle(tx *store.Tx, slug string) (*store.LiveArticle, error) {
	live, err := tx.LiveArticleBySlug(slug)
	if err != nil {
		if cms.ErrorCode(err) == cms.ENotFound {
			return nil, cms.Errorf(cms.ENotFound, "article not found")
		}
		return nil, err
	}
	if live.Article.Kind != cms.KindLive {
		return nil, cms.Errorf(cms.ENotFound, "this article has no live coverage")
	}
	return live, nil
}

func (h *Handler) liveEntries(c *gin.Context) {
	slug, err := slugParam(c, "article")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	since, err := sinceParam(c.Query("since"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	if !since.IsZero() && cursor != "" {
		httpapi.Error(c, cms.FieldError("cursor", "pages entries without since; a poll with since has no pages"))
		return
	}
	compute := func(tx *store.Tx) (*rendered, error) {
		live, err := liveArticle(tx, slug)
		if err != nil {
			return nil, err
		}
		out := LiveEntries{ServerTime: tx.Now}
		var entries []*cms.LiveEntry
		if since.IsZero() {
			var next string
			entries, next, err = entriesPage(tx, live.Article.ID, cursor, limit)
			if next != "" {
				out.NextCursor = &next
			}
		} else {
			most := sinceLimit
			if _, given := c.GetQuery("limit"); given {
				most = limit
			}
			entries, err = tx.LiveEntriesSince(live.Article.ID, since, most)
			if n := len(entries); n >= most {
				out.ServerTime = entries[n-1].UpdatedAt
			}
		}
		if err != nil {
			return nil, err
		}
		data, keys, err := readerEntries(tx, entries)
		if err != nil {
			return nil, err
		}
		out.Data = data
		return &rendered{value: out, keys: append([]string{"live:" + live.Article.ID, "article:" + live.Article.ID}, keys...)}, nil
	}
	if !since.IsZero() {
		// Polls with since differ per reader: answer them from the database.
		c.Header("Cache-Control", "no-cache")
		r, err := compute(h.DB.ReadView(c.Request.Context()))
		if err != nil {
			httpapi.Error(c, err)
			return
		}
		c.JSON(http.StatusOK, r.value)
		return
	}
	h.serve(c, "", compute)
}

// entriesPage returns a page of the entries readers see, and the cursor of
// the next: the first page leads with the pinned entries, then the newest
// limit others; the pages after it go on through the others, older and
// older, so a pinned entry shows once.
func entriesPage(tx *store.Tx, articleID, cursor string, limit int) ([]*cms.LiveEntry, string, error) {
	var pinned []*cms.LiveEntry
	if cursor == "" {
		yes := true
		page, err := tx.ListLiveEntries(articleID, store.LiveEntryFilter{Pinned: &yes, Limit: maxPinned})
		if err != nil {
			return nil, "", err
		}
		pinned = page.Data
	}
	no := false
	page, err := tx.ListLiveEntries(articleID, store.LiveEntryFilter{Pinned: &no, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, "", err
	}
	return append(pinned, page.Data...), page.NextCursor, nil
}

func sinceParam(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, cms.FieldError("since", "must be an RFC 3339 time such as 2026-03-01T12:00:00Z")
	}
	return t, nil
}

// heartbeat keeps idle streams open through proxies and lets the stream
// notice a change it missed.
const heartbeat = 15 * time.Second

func (h *Handler) liveStream(c *gin.Context) {
	slug, err := slugParam(c, "article")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	ctx := c.Request.Context()
	live, err := liveArticle(h.DB.ReadView(ctx), slug)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	// Resume after the last event the reader got, else start now.
	last := h.DB.ReadView(ctx).Now
	for _, v := range []string{c.GetHeader("Last-Event-ID"), c.Query("since")} {
		if v == "" {
			continue
		}
		t, err := sinceParam(v)
		if err != nil {
			httpapi.Error(c, err)
			return
		}
		last = t
		break
	}
	w := c.Writer
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no") // nginx must not buffer the stream
	if c.Request.Method == http.MethodHead {
		// The stream's headers, and the end: a HEAD would otherwise hold
		// the connection until the server stops, its events discarded.
		w.WriteHeader(http.StatusOK)
		w.WriteHeaderNow()
		return
	}
	wake, stop := h.Hub.Subscribe("live:" + live.Article.ID)
	defer stop()
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n: streaming live entries\n\n")
	w.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		tx := h.DB.ReadView(ctx)
		changed, err := tx.LiveEntriesSince(live.Article.ID, last, 200)
		var entries []LiveEntry
		if err == nil {
			entries, _, err = readerEntries(tx, changed)
		}
		if err != nil {
			if ctx.Err() == nil {
				h.Log.Warn("live stream read failed", "error", err, "article_id", live.Article.ID)
			}
			return
		}
		for _, e := range entries {
			b, _ := json.Marshal(e)
			fmt.Fprintf(w, "id: %s\nevent: entry\ndata: %s\n\n", e.UpdatedAt.Format(time.RFC3339Nano), b)
			last = e.UpdatedAt
		}
		if len(entries) > 0 {
			w.Flush()
		}
		select {
		case <-ctx.Done():
			return
		case <-h.Stopping:
			return
		case <-wake:
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			w.Flush()
		}
	}
}
