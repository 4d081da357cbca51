package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A worker makes the requests of one connection, in turn: a closed loop,
// the next request leaves when the previous answer is read.
type worker interface {
	// next returns the request to send and whether its latency counts (a
	// publish does; the unpublish that resets the article does not).
	next() (req *http.Request, record bool)
	// done checks the answer; an error counts the request as failed.
	done(status int, header http.Header, body []byte) error
}

// Load is how one measurement runs.
type Load struct {
	Connections int
	Warmup      time.Duration // requests in this time are not recorded
	Duration    time.Duration // the recorded time after the warm-up
}

// Result is what one measurement found.
type Result struct {
	Requests  int           `json:"requests"`
	Errors    int           `json:"errors"`
	PerSecond float64       `json:"requests_per_second"`
	P50       time.Duration `json:"p50_ns"`
	P90       time.Duration `json:"p90_ns"`
	P99       time.Duration `json:"p99_ns"`
	Max       time.Duration `json:"max_ns"`
	// Bytes is the mean size of the recorded response bodies.
	Bytes int `json:"mean_body_bytes"`
	// FirstError is an example of what went wrong, if anything did.
	FirstError string `json:"first_error,omitempty"`
}

func (r Result) String() string {
	return fmt.Sprintf("%9.0f req/s  p50 %7s  p99 %7s  max %7s  errors %d  (%d requests, %d B)",
		r.PerSecond, ms(r.P50), ms(r.P99), ms(r.Max), r.Errors, r.Requests, r.Bytes)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// newClient returns the HTTP client of the preparation (sign-in, finding
// slugs and cursors, creating articles); measurements use link.
func newClient(conns int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        conns * 2,
			MaxIdleConnsPerHost: conns * 2,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
		Timeout: 30 * time.Second,
	}
}

// measure drives one worker per connection for the warm-up and the duration,
// and records the latency of every counted request answered in the
// duration. Requests still in flight at the end are waited for but not
// counted, so the run stops cleanly.
func measure(ctx context.Context, l Load, newWorker func(conn int) worker) Result {
	return closedLoop(ctx, l, func(c int) (step, func()) {
		w := newWorker(c)
		buf := make([]byte, 0, 64<<10)
		var conn link
		return func() (bool, time.Duration, int, error) {
			req, record := w.next()
			sent := time.Now()
			status, header, body, err := conn.do(req, buf[:0])
			if err == nil {
				err = w.done(status, header, body)
			}
			return record, time.Since(sent), len(body), err
		}, conn.close
	})
}

// A step is one exchange of a connection: whether its latency counts, the
// latency (timed by the step, so that preparing a request is not part of
// it), the size of the answer, and what went wrong.
type step func() (record bool, took time.Duration, bytes int, err error)

// closedLoop runs the steps of one connection after another, on each of
// l.Connections connections at once, for the warm-up and the duration, and
// records the latency of every counted step that began and ended in the
// duration. newConn returns a connection's step and what closes it.
func closedLoop(ctx context.Context, l Load, newConn func(conn int) (step, func())) Result {
	start := time.Now()
	recordFrom, stop := start.Add(l.Warmup), start.Add(l.Warmup+l.Duration)
	type tally struct {
		lat      []time.Duration
		errors   int
		bytes    int64
		firstErr string
	}
	tallies := make([]tally, l.Connections)
	var wg sync.WaitGroup
	for c := range l.Connections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do, close := newConn(c)
			defer close()
			t := &tallies[c]
			t.lat = make([]time.Duration, 0, 1<<14)
			for ctx.Err() == nil {
				began := time.Now()
				if !began.Before(stop) {
					return
				}
				record, took, n, err := do()
				if !record || began.Before(recordFrom) || time.Now().After(stop) {
					continue
				}
				if err != nil {
					t.errors++
					if t.firstErr == "" {
						t.firstErr = err.Error()
					}
					continue
				}
				t.lat = append(t.lat, took)
				t.bytes += int64(n)
			}
		}()
	}
	wg.Wait()
	var all []time.Duration
	var res Result
	var bytes int64
	for _, t := range tallies {
		all = append(all, t.lat...)
		res.Errors += t.errors
		bytes += t.bytes
		if res.FirstError == "" {
			res.FirstError = t.firstErr
		}
	}
	slices.Sort(all)
	res.Requests = len(all)
	res.PerSecond = float64(len(all)) / l.Duration.Seconds()
	if len(all) > 0 {
		res.P50, res.P90, res.P99, res.Max = pct(all, 50), pct(all, 90), pct(all, 99), all[len(all)-1]
		res.Bytes = int(bytes / int64(len(all)))
	}
	return res
}

// link is one keep-alive HTTP/1.1 connection of one worker, which writes
// each request and reads its answer on its own goroutine. net/http's
// Transport passes every request through two goroutines of the connection
// and back; on a 2-core machine that the generator shares with the server
// under test, that cost as much CPU as the ceiling server spent answering,
// and it was taken from both the backend and the ceiling (make bench).
type link struct {
	c  net.Conn
	br *bufio.Reader
	bw *bufio.Writer
}

// do sends req and reads the whole answer into buf. A failed exchange
// closes the connection; the next request dials a new one. Nothing is
// retried: a write must not be sent twice, and errors are what the
// measurement reports.
func (l *link) do(req *http.Request, buf []byte) (int, http.Header, []byte, error) {
	if err := l.dial(req.URL.Host); err != nil {
		return 0, nil, nil, err
	}
	err := req.Write(l.bw)
	if err == nil {
		err = l.bw.Flush()
	}
	var resp *http.Response
	if err == nil {
		resp, err = http.ReadResponse(l.br, req)
	}
	if err != nil {
		l.close()
		return 0, nil, nil, err
	}
	body, err := readAll(resp.Body, buf)
	resp.Body.Close()
	if err != nil || resp.Close {
		l.close()
	}
	return resp.StatusCode, resp.Header, body, err
}

// dial connects to host unless connected, and gives the exchange to come
// its deadline.
func (l *link) dial(host string) error {
	if l.c == nil {
		c, err := net.DialTimeout("tcp", host, 5*time.Second)
		if err != nil {
			return err
		}
		l.c, l.br, l.bw = c, bufio.NewReaderSize(c, 64<<10), bufio.NewWriterSize(c, 16<<10)
	}
	return l.c.SetDeadline(time.Now().Add(30 * time.Second))
}

// get sends a GET written beforehand and reads its answer (see readAnswer).
func (l *link) get(r rawGet, buf []byte) (int, []byte, error) {
	if err := l.dial(r.host); err != nil {
		return 0, nil, err
	}
	_, err := l.bw.Write(r.raw)
	if err == nil {
		err = l.bw.Flush()
	}
	var status int
	var body []byte
	keep := false
	if err == nil {
		status, body, keep, err = readAnswer(l.br, buf)
	}
	if err != nil || !keep {
		l.close()
	}
	return status, body, err
}

func (l *link) close() {
	if l.c != nil {
		l.c.Close()
		l.c = nil
	}
}

// pct is the p-th percentile of sorted latencies (nearest rank).
func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(min(i, len(sorted))-1, 0)]
}

func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// measureGets is measure for GET requests that never change, over urls in
// turn (each connection starting at its own place), wanting 200. Each
// request is written once, before the measurement, and of each answer only
// the status and the headers framing the body are read: building and
// writing every request and parsing every header with net/http made the
// generator spend a third of its CPU there, on the 2 cores it shares with
// the server it measures (make bench, docs/benchmarks.md).
func measureGets(ctx context.Context, l Load, urls []string, header http.Header) (Result, error) {
	reqs := make([]rawGet, len(urls))
	for i, u := range urls {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			return Result{}, err
		}
		for k, v := range header {
			req.Header[k] = v
		}
		var b bytes.Buffer
		if err := req.Write(&b); err != nil {
			return Result{}, err
		}
		reqs[i] = rawGet{host: req.URL.Host, raw: b.Bytes()}
	}
	return closedLoop(ctx, l, func(c int) (step, func()) {
		i := c * 7919 % len(reqs)
		buf := make([]byte, 0, 64<<10)
		var conn link
		return func() (bool, time.Duration, int, error) {
			r := reqs[i%len(reqs)]
			i++
			sent := time.Now()
			status, body, err := conn.get(r, buf[:0])
			took := time.Since(sent)
			if cap(body) > cap(buf) {
				buf = body[:0]
			}
			if err == nil && status != http.StatusOK {
				err = fmt.Errorf("GET answered %d: %s", status, snippet(body))
			}
			return true, took, len(body), err
		}, conn.close
	}), nil
}

// rawGet is a GET request as written on the wire, and where it goes.
type rawGet struct {
	host string
	raw  []byte
}

// readAnswer reads an HTTP/1.x answer from br: its status, its body (into
// buf, grown as needed) framed by Content-Length or chunked, and whether
// the connection stays open. Other headers are skipped unread.
func readAnswer(br *bufio.Reader, buf []byte) (status int, body []byte, keep bool, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, nil, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return 0, nil, false, fmt.Errorf("not an HTTP/1.x status line: %q", snippet(line))
	}
	keep = line[7] == '1' // HTTP/1.1 keeps the connection unless told not to
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, nil, false, fmt.Errorf("bad status line %q", snippet(line))
	}
	length, chunked := -1, false
	for {
		if line, err = br.ReadSlice('\n'); err != nil {
			return status, nil, false, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return status, nil, false, fmt.Errorf("bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			if bytes.EqualFold(value, []byte("close")) {
				keep = false
			}
		}
	}
	switch {
	case status/100 == 1 || status == http.StatusNoContent || status == http.StatusNotModified:
		return status, buf, keep, nil
	case chunked:
		if body, err = readAll(httputil.NewChunkedReader(br), buf); err != nil {
			return status, body, false, err
		}
		// The chunks end with trailers, if any, and an empty line.
		for {
			if line, err = br.ReadSlice('\n'); err != nil {
				return status, body, false, err
			}
			if len(bytes.TrimRight(line, "\r\n")) == 0 {
				return status, body, keep, nil
			}
		}
	case length >= 0:
		if cap(buf) < length {
			buf = make([]byte, 0, length)
		}
		body = buf[:length]
		_, err = io.ReadFull(br, body)
		return status, body, keep, err
	default: // the body runs to the end of the connection
		body, err = readAll(br, buf)
		return status, body, false, err
	}
}

// getWorker rotates over urls, each connection starting at its own place,
// and wants 200.
type getWorker struct {
	urls   []string
	i      int
	header http.Header
}

func rotating(urls []string, header http.Header) func(conn int) worker {
	return func(conn int) worker {
		return &getWorker{urls: urls, i: conn * 7919 % len(urls), header: header}
	}
}

func (w *getWorker) next() (*http.Request, bool) {
	u := w.urls[w.i%len(w.urls)]
	w.i++
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for k, v := range w.header {
		req.Header[k] = v
	}
	return req, true
}

func (w *getWorker) done(status int, _ http.Header, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("GET answered %d: %s", status, snippet(body))
	}
	return nil
}

func snippet(b []byte) string {
	s := strings.ToValidUTF8(string(b), "?")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
