package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"newsroom/demo"
)

// Suite is the `make bench` run against a backend that is already serving
// a bulk-seeded newsroom.
type Suite struct {
	Base            string // the backend, http://127.0.0.1:PORT
	PID             int    // the backend's process, for its peak RSS
	Email, Password string // an editor and admin
	Load            Load   // of each scenario
	CeilingLoad     Load   // of each ceiling measurement
	UncachedLoad    Load   // of the response-cache-miss variants
	Depth           int    // pages deep for the deep list (of 20)
	Only            string // run only the scenarios whose name holds this
	DatabaseURL     string // the backend's database, for the writes' ceiling; "" skips it

	client *http.Client
	token  string
	log    io.Writer
}

// Scenario is one measured row of the report.
type Scenario struct {
	Name    string  `json:"name"`
	Target  string  `json:"target"`
	Result  Result  `json:"result"`
	Ceiling *Result `json:"ceiling,omitempty"`
	Ratio   float64 `json:"ratio_to_ceiling,omitempty"`
	Pass    *bool   `json:"pass,omitempty"` // nil: informational, no target
	Note    string  `json:"note,omitempty"`
}

// Run prepares the data the scenarios need through the API, then measures
// each scenario and its ceiling.
func (s *Suite) Run(ctx context.Context) ([]Scenario, error) {
	s.client = newClient(4)
	if err := s.waitReady(ctx); err != nil {
		return nil, err
	}
	if err := s.login(ctx); err != nil {
		return nil, err
	}
	slugs, err := s.slugs(ctx, 1000)
	if err != nil {
		return nil, err
	}
	section, cursor, depth, err := s.deepCursor(ctx)
	if err != nil {
		return nil, err
	}
	var articleURLs, searchURLs []string
	for _, sl := range slugs {
		articleURLs = append(articleURLs, s.Base+"/api/v1/articles/"+url.PathEscape(sl))
	}
	for _, q := range demo.SearchQueries {
		searchURLs = append(searchURLs, s.Base+"/api/v1/search?q="+url.QueryEscape(q))
	}
	first := s.Base + "/api/v1/articles?section=" + url.QueryEscape(section)
	deep := first + "&cursor=" + url.QueryEscape(cursor)

	var out []Scenario
	read := func(name, target string, urls []string, check func(Result, *Result) (bool, string)) Scenario {
		if !strings.Contains(name, s.Only) {
			return Scenario{}
		}
		fmt.Fprintf(s.log, "bench: %s ...\n", name)
		if err := s.prime(ctx, urls); err != nil {
			fmt.Fprintf(s.log, "bench:   warming the cache: %v\n", err)
		}
		r, err := measureGets(ctx, s.Load, urls, nil)
		if err != nil {
			r.FirstError = err.Error()
		}
		sc := Scenario{Name: name, Target: target, Result: r}
		s.ceiling(ctx, &sc, urls)
		pass, note := check(r, sc.Ceiling)
		sc.Pass, sc.Note = &pass, note
		fmt.Fprintf(s.log, "bench:   %s\n", r)
		out = append(out, sc)
		return sc
	}
	read("article by slug (1,000 slugs)", ">= 0.5 x ceiling, p99 <= 10 ms, 0 errors", articleURLs, func(r Result, c *Result) (bool, string) {
		return ratio(r, c) >= 0.5 && r.P99 <= 10*time.Millisecond && r.Errors == 0, ""
	})
	firstSc := read("section list, first page", ">= 0.3 x ceiling, p99 <= 20 ms", []string{first}, func(r Result, c *Result) (bool, string) {
		return ratio(r, c) >= 0.3 && r.P99 <= 20*time.Millisecond && r.Errors == 0, ""
	})
	// "As fast" compares the two pages' own rates, at least 0.8: both are 20
	// articles of one section, their sizes within a sixth of each other (the
	// pages differ in hero images), which costs the larger a few percent.
	// Comparing each one's ratio to a ceiling of its own size instead added
	// the noise of two more measurements: a deep page at 0.93 of the first
	// page's rate failed as 0.75 when one ceiling run came out low.
	read(fmt.Sprintf("section list, page %d", depth), ">= 0.3 x ceiling, p99 <= 20 ms, as fast as the first page", []string{deep}, func(r Result, c *Result) (bool, string) {
		rel := r.PerSecond / max(firstSc.Result.PerSecond, 1e-9)
		return ratio(r, c) >= 0.3 && r.P99 <= 20*time.Millisecond && r.Errors == 0 && rel >= 0.8,
			fmt.Sprintf("%.2f x the first page's rate", rel)
	})
	read("search, 2-word Arabic query (8 queries)", "p99 <= 50 ms", searchURLs, func(r Result, c *Result) (bool, string) {
		return r.P99 <= 50*time.Millisecond && r.Errors == 0, ""
	})

	// The same reads with every URL new to the response cache: the cost of
	// the database path, which a cache miss (a change, a cold replica) pays.
	uncached := func(name string, l Load, urls []string, target string, check func(Result) (bool, string)) Result {
		if !strings.Contains(name, s.Only) {
			return Result{}
		}
		fmt.Fprintf(s.log, "bench: %s ...\n", name)
		r := measure(ctx, l, missing(urls))
		sc := Scenario{Name: name, Target: target, Result: r}
		if check != nil {
			pass, note := check(r)
			sc.Pass, sc.Note = &pass, note
		}
		fmt.Fprintf(s.log, "bench:   %s\n", r)
		out = append(out, sc)
		return r
	}
	uncached("article by slug, cache missed", s.UncachedLoad, articleURLs, "informational", nil)
	uncached("section list, first page, cache missed", s.UncachedLoad, []string{first}, "informational", nil)
	uncached(fmt.Sprintf("section list, page %d, cache missed", depth), s.UncachedLoad, []string{deep}, "informational", nil)
	uncached("search, cache missed", s.UncachedLoad, searchURLs, "p99 <= 50 ms", func(r Result) (bool, string) {
		return r.P99 <= 50*time.Millisecond && r.Errors == 0, ""
	})
	// Keyset paging, measured where queueing cannot hide it: one connection,
	// every answer from the database.
	one := Load{Connections: 1, Warmup: time.Second, Duration: s.UncachedLoad.Duration}
	firstOne := uncached("section list, first page, cache missed, 1 connection", one, []string{first}, "informational", nil)
	uncached(fmt.Sprintf("section list, page %d, cache missed, 1 connection", depth), one, []string{deep}, "p50 within 25% (+1 ms) of the first page's", func(r Result) (bool, string) {
		return r.P50 <= firstOne.P50*5/4+time.Millisecond && r.Errors == 0, fmt.Sprintf("%.2f x the first page's p50", float64(r.P50)/float64(max(firstOne.P50, 1)))
	})
	// What one search costs when it misses the cache, without the queue
	// that 64 connections of nothing but missed searches build.
	uncached("search, cache missed, 1 connection", one, searchURLs, "informational", nil)

	admin, err := s.prepareAdmin(ctx)
	if err != nil {
		return nil, err
	}
	defer admin.close()
	write := func(name, target string, limit time.Duration, w func(conn int) worker) {
		if !strings.Contains(name, s.Only) {
			return
		}
		fmt.Fprintf(s.log, "bench: %s ...\n", name)
		r := measure(ctx, s.Load, w)
		sc := Scenario{Name: name, Target: target, Result: r}
		s.ceiling(ctx, &sc, nil)
		pass := r.P99 <= limit && r.Errors == 0
		sc.Pass = &pass
		fmt.Fprintf(s.log, "bench:   %s\n", r)
		out = append(out, sc)
	}
	write("admin: save a draft (PATCH, If-Match)", "p99 <= 30 ms", 30*time.Millisecond, admin.saver)
	// What PostgreSQL alone allows: a save's writes from a bare client, on
	// the articles the publish scenario has not used yet (it needs no
	// If-Match, so their new versions disturb nothing).
	if name := fmt.Sprintf("database alone: a save's writes, %d connections", s.Load.Connections); strings.Contains(name, s.Only) {
		if s.DatabaseURL == "" {
			fmt.Fprintf(s.log, "bench: no --database-url, so no %q row\n", name)
		} else {
			fmt.Fprintf(s.log, "bench: %s ...\n", name)
			r, err := databaseSaves(ctx, s.DatabaseURL, admin.publish, s.Load)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(s.log, "bench:   %s\n", r)
			out = append(out, Scenario{Name: name, Target: "informational: PostgreSQL with no backend", Result: r})
		}
	}
	write("admin: publish (cache invalidation, webhook outbox)", "p99 <= 50 ms", 50*time.Millisecond, admin.publisher)
	// The same writes from 8 connections: 64 editors saving back to back
	// measure the most saves a second (each waits for the others ahead of
	// it), 8 how long one takes when a busy newsroom is at work.
	few := s.Load
	few.Connections = min(8, few.Connections)
	writeInfo := func(name string, w func(conn int) worker) {
		if !strings.Contains(name, s.Only) {
			return
		}
		fmt.Fprintf(s.log, "bench: %s ...\n", name)
		r := measure(ctx, few, w)
		fmt.Fprintf(s.log, "bench:   %s\n", r)
		out = append(out, Scenario{Name: name, Target: "informational", Result: r})
	}
	writeInfo(fmt.Sprintf("admin: save a draft, %d connections", few.Connections), admin.saver)
	writeInfo(fmt.Sprintf("admin: publish, %d connections", few.Connections), admin.publisher)
	fmt.Fprintf(s.log, "bench: webhook deliveries received while measuring: %d\n", admin.received.Load())
	return out, ctx.Err()
}

func ratio(r Result, c *Result) float64 {
	if c == nil || c.PerSecond == 0 {
		return 0
	}
	return r.PerSecond / c.PerSecond
}

// ceiling measures the ceiling server with a body of the scenario's mean
// size and records the ratio. It is sent the scenario's own requests, urls
// (on the backend), so that both read and parse the same request lines:
// the 1,000 articles' are long, their Arabic slugs percent-encoded. A write
// scenario's ceiling (urls nil) answers GET /.
func (s *Suite) ceiling(ctx context.Context, sc *Scenario, urls []string) {
	p, err := startCeiling(max(sc.Result.Bytes, 16))
	if err != nil {
		sc.Note = "ceiling not measured: " + err.Error()
		return
	}
	defer p.stop()
	same := []string{p.URL}
	if len(urls) > 0 {
		same = make([]string, len(urls))
		for i, u := range urls {
			same[i] = strings.TrimSuffix(p.URL, "/") + strings.TrimPrefix(u, s.Base)
		}
	}
	c, err := measureGets(ctx, s.CeilingLoad, same, nil)
	if err != nil {
		sc.Note = "ceiling not measured: " + err.Error()
		return
	}
	sc.Ceiling = &c
	sc.Ratio = ratio(sc.Result, &c)
	fmt.Fprintf(s.log, "bench:   ceiling (%d B) %s\n", sc.Result.Bytes, c)
}

// prime requests every URL once before a read scenario, so that its
// measurement sees the steady state (every answer in the response cache)
// however many URLs it rotates over and however short the warm-up.
func (s *Suite) prime(ctx context.Context, urls []string) error {
	next := make(chan string)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			var first error
			for u := range next {
				if _, err := s.do(ctx, http.MethodGet, u, nil, nil); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		}()
	}
	for _, u := range urls {
		next <- u
	}
	close(next)
	var first error
	for range 8 {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// missing rotates over urls with a query parameter no request repeats, so
// the response cache never holds the answer (the API ignores parameters it
// does not know).
func missing(urls []string) func(conn int) worker {
	var n atomic.Int64
	return func(conn int) worker {
		w := rotating(urls, nil)(conn).(*getWorker)
		return &missWorker{getWorker: w, n: &n}
	}
}

type missWorker struct {
	*getWorker
	n *atomic.Int64
}

func (w *missWorker) next() (*http.Request, bool) {
	req, record := w.getWorker.next()
	q := req.URL.Query()
	q.Set("bench_miss", strconv.FormatInt(w.n.Add(1), 36))
	req.URL.RawQuery = q.Encode()
	return req, record
}

// do sends one request of the preparation and decodes a 2xx JSON answer
// into out (when not nil).
func (s *Suite) do(ctx context.Context, method, path string, body any, out any, header ...string) (http.Header, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	u := path
	if !strings.HasPrefix(u, "http") {
		u = s.Base + path
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, snippet(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return resp.Header, nil
}

func (s *Suite) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, err := s.do(ctx, http.MethodGet, "/readyz", nil, nil)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the backend at %s is not ready after 60s: %w", s.Base, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func (s *Suite) login(ctx context.Context) error {
	var login struct {
		Token string `json:"token"`
	}
	if _, err := s.do(ctx, http.MethodPost, "/api/admin/v1/auth/login", map[string]string{"email": s.Email, "password": s.Password}, &login); err != nil {
		return fmt.Errorf("sign in as %s: %w", s.Email, err)
	}
	if login.Token == "" {
		return errors.New("sign in: the answer has no token")
	}
	s.token = login.Token
	return nil
}

type page struct {
	Data []struct {
		Slug string `json:"slug"`
	} `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

// slugs returns the slugs of the newest n live articles.
func (s *Suite) slugs(ctx context.Context, n int) ([]string, error) {
	var out []string
	cursor := ""
	for len(out) < n {
		var p page
		if _, err := s.do(ctx, http.MethodGet, "/api/v1/articles?limit=100&cursor="+url.QueryEscape(cursor), nil, &p); err != nil {
			return nil, err
		}
		for _, a := range p.Data {
			out = append(out, a.Slug)
		}
		if p.NextCursor == nil {
			break
		}
		cursor = *p.NextCursor
	}
	if len(out) == 0 {
		return nil, errors.New("no live articles: seed the database first (cms seed --bulk)")
	}
	return out[:min(n, len(out))], nil
}

// deepCursor finds a section with at least s.Depth pages of 20 articles and
// returns the cursor of that page, walking next_cursor through the API (100
// at a time: a cursor is the position after the last article, whatever the
// page size). With no section that deep, it takes the deepest.
func (s *Suite) deepCursor(ctx context.Context) (section, cursor string, depth int, err error) {
	var sections struct {
		Data []struct {
			Slug string `json:"slug"`
		} `json:"data"`
	}
	if _, err := s.do(ctx, http.MethodGet, "/api/v1/sections", nil, &sections); err != nil {
		return "", "", 0, err
	}
	want := (s.Depth - 1) * 20 // articles before the deep page
	for _, sec := range sections.Data {
		seen, cur := 0, ""
		for seen < want {
			limit := min(100, want-seen)
			var p page
			path := fmt.Sprintf("/api/v1/articles?section=%s&limit=%d&cursor=%s", url.QueryEscape(sec.Slug), limit, url.QueryEscape(cur))
			if _, err := s.do(ctx, http.MethodGet, path, nil, &p); err != nil {
				return "", "", 0, err
			}
			if p.NextCursor == nil {
				break
			}
			seen += len(p.Data)
			cur = *p.NextCursor
		}
		if d := seen/20 + 1; d > depth {
			section, cursor, depth = sec.Slug, cur, d
		}
		if seen >= want {
			break
		}
	}
	if section == "" {
		return "", "", 0, errors.New("no section has live articles")
	}
	fmt.Fprintf(s.log, "bench: deep list: section %s, page %d\n", section, depth)
	return section, cursor, depth, nil
}

// admin is what the admin scenarios use: a webhook receiver, and articles
// each connection owns.
type admin struct {
	drafts, publish []string
	etags           []string // of each draft, after its last save
	live            []bool   // whether each article to publish is live now
	body            []map[string]any
	received        atomic.Int64
	srv             *http.Server
	hookID          string
	suite           *Suite
}

// close stops the receiver and removes the webhook: left behind, it would
// retry its deliveries to a port nobody listens on for days (bench run
// --only admin against a backend that outlives the run).
func (a *admin) close() {
	a.srv.Close()
	if a.hookID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := a.suite.do(ctx, http.MethodDelete, "/api/admin/v1/webhooks/"+a.hookID, nil, nil); err != nil {
		fmt.Fprintf(a.suite.log, "bench: could not remove the webhook %s: %v\n", a.hookID, err)
	}
}

// prepareAdmin registers a webhook for article events (received here), and
// creates a draft and an article to publish per connection, in a section,
// with tags, a story, a byline and a hero image, like a real one.
func (s *Suite) prepareAdmin(ctx context.Context) (*admin, error) {
	a := &admin{suite: s}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	a.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		a.received.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}), ReadHeaderTimeout: 5 * time.Second}
	go a.srv.Serve(ln)
	hook := map[string]any{"url": "http://" + ln.Addr().String() + "/hook", "events": []string{"article.published", "article.updated", "article.unpublished"},
		"description": "make bench"}
	var created struct {
		ID string `json:"id"`
	}
	if _, err := s.do(ctx, http.MethodPost, "/api/admin/v1/webhooks", hook, &created); err != nil {
		a.close()
		return nil, fmt.Errorf("create the webhook: %w", err)
	}
	a.hookID = created.ID
	ids := func(path string) []string {
		var l struct {
			Data []struct {
				ID string `json:"id"`
			} `json:"data"`
		}
		if _, err := s.do(ctx, http.MethodGet, "/api/admin/v1/"+path, nil, &l); err != nil {
			return nil
		}
		var out []string
		for _, d := range l.Data {
			out = append(out, d.ID)
		}
		return out
	}
	sections, tags, stories, authors, media := ids("sections?limit=5"), ids("tags?limit=3"), ids("stories?limit=1"), ids("authors?limit=1"), ids("media?limit=1")
	n := s.Load.Connections
	for i := range 2 * n {
		body := benchArticle(i)
		if len(sections) > 0 {
			body["section_id"] = sections[i%len(sections)]
		}
		body["tag_ids"], body["story_ids"], body["author_ids"] = orEmpty(tags), orEmpty(stories), orEmpty(authors)
		if len(media) > 0 {
			body["hero_media_id"] = media[0]
		}
		var art struct {
			ID      string `json:"id"`
			Version int64  `json:"version"`
		}
		if _, err := s.do(ctx, http.MethodPost, "/api/admin/v1/articles", body, &art); err != nil {
			a.close()
			return nil, fmt.Errorf("create an article: %w", err)
		}
		if i < n {
			a.drafts = append(a.drafts, art.ID)
			a.etags = append(a.etags, `"`+strconv.FormatInt(art.Version, 10)+`"`)
			a.body = append(a.body, body)
		} else {
			a.publish = append(a.publish, art.ID)
			a.live = append(a.live, false)
		}
	}
	return a, nil
}

func orEmpty(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// benchArticle is the body of a realistic article: a headline and six
// paragraphs of Arabic.
func benchArticle(i int) map[string]any {
	var blocks []map[string]any
	for p := range 6 {
		blocks = append(blocks, map[string]any{"type": "paragraph", "text": fmt.Sprintf("الفقرة %d: قالت مصادر مطلعة إن المشاورات ما زالت مستمرة بين الأطراف المعنية، "+
			"وأضافت أن اللجان الفنية ستعقد اجتماعات مكثفة خلال الأيام المقبلة لتذليل العقبات المتبقية، في حين يرى محللون أن "+
			"نجاح هذه الخطوة مرهون بمدى التزام الأطراف بتعهداتها على الأرض.", p+1)})
	}
	return map[string]any{"headline": fmt.Sprintf("مقال اختبار الأداء رقم %d", i+1), "summary": "مقال يكتبه اختبار الأداء ويحفظه مرة بعد مرة",
		"language": "ar", "body": blocks}
}

// saver saves its connection's draft again and again, each time with a
// changed paragraph, sending the ETag of its last save in If-Match.
func (a *admin) saver(conn int) worker { return &saveWorker{a: a, conn: conn} }

type saveWorker struct {
	a    *admin
	conn int
	n    int
}

func (w *saveWorker) next() (*http.Request, bool) {
	w.n++
	body := w.a.body[w.conn]
	blocks := body["body"].([]map[string]any)
	blocks[w.n%len(blocks)]["text"] = fmt.Sprintf("تحديث %d: تابعت اللجان الفنية اجتماعاتها اليوم وسط أجواء وصفت بالإيجابية.", w.n)
	b, _ := json.Marshal(map[string]any{"headline": body["headline"], "summary": body["summary"], "body": blocks})
	req, _ := http.NewRequest(http.MethodPatch, w.a.suite.Base+"/api/admin/v1/articles/"+w.a.drafts[w.conn], bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+w.a.suite.token)
	req.Header.Set("If-Match", w.a.etags[w.conn])
	return req, true
}

func (w *saveWorker) done(status int, h http.Header, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("PATCH answered %d: %s", status, snippet(body))
	}
	w.a.etags[w.conn] = h.Get("ETag")
	return nil
}

// publisher publishes its connection's article, then unpublishes it, over
// and over; only the publish calls are measured.
func (a *admin) publisher(conn int) worker { return &publishWorker{a: a, conn: conn} }

type publishWorker struct {
	a    *admin
	conn int
}

func (w *publishWorker) next() (*http.Request, bool) {
	live := w.a.live[w.conn]
	action := "publish"
	if live {
		action = "unpublish"
	}
	req, _ := http.NewRequest(http.MethodPost, w.a.suite.Base+"/api/admin/v1/articles/"+w.a.publish[w.conn]+"/"+action, nil)
	req.Header.Set("Authorization", "Bearer "+w.a.suite.token)
	return req, !live
}

func (w *publishWorker) done(status int, _ http.Header, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("workflow action answered %d: %s", status, snippet(body))
	}
	w.a.live[w.conn] = bytes.Contains(body, []byte(`"live":true`))
	return nil
}
