package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCeilingBody(t *testing.T) {
	for _, size := range []int{16, 100, 4096, 31234} {
		b := ceilingBody(size)
		if len(b) != size {
			t.Errorf("ceilingBody(%d) has %d bytes", size, len(b))
		}
		if !json.Valid(b) {
			t.Errorf("ceilingBody(%d) is not JSON", size)
		}
	}
}

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i))
	}
	for _, c := range []struct{ p, want int }{{50, 50}, {99, 99}, {100, 100}, {1, 1}} {
		if got := pct(lat, c.p); got != time.Duration(c.want) {
			t.Errorf("pct(%d) = %d, want %d", c.p, got, c.want)
		}
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080/x", "http://localhost:1/", "http://[::1]:80/", "127.0.0.1:0"} {
		if err := loopback(ok); err != nil {
			t.Errorf("loopback(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"http://example.com/", "http://10.0.0.1:80/", "0.0.0.0:80"} {
		if loopback(bad) == nil {
			t.Errorf("loopback(%q) accepted a remote address", bad)
		}
	}
}

// TestMeasureCeiling drives the ceiling server with the load generator: every
// request is counted, none fails, and the mean size is the body's.
func TestMeasureCeiling(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go serveCeiling(ctx, ln, 1000)
	r, err := measureGets(ctx, Load{Connections: 4, Warmup: 100 * time.Millisecond, Duration: time.Second},
		[]string{"http://" + ln.Addr().String() + "/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests == 0 || r.Errors != 0 || r.Bytes != 1000 || r.P50 <= 0 || r.P99 < r.P50 {
		t.Fatalf("unexpected result: %+v", r)
	}
	if !strings.Contains(r.String(), "req/s") {
		t.Errorf("String() = %q", r.String())
	}
}

// readAnswer frames bodies as net/http does, answer after answer on one
// connection: by Content-Length, chunked (with trailers), none for 304, and
// to the end of the connection without either.
func TestReadAnswer(t *testing.T) {
	stream := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 7\r\n\r\n{\"a\":1}" +
		"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n" +
		"HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n" +
		"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok" +
		"HTTP/1.0 200 OK\r\n\r\nto the end"
	br := bufio.NewReader(strings.NewReader(stream))
	for i, want := range []struct {
		status int
		body   string
		keep   bool
	}{{200, `{"a":1}`, true}, {404, "abcde", true}, {304, "", true}, {200, "ok", false}, {200, "to the end", false}} {
		status, body, keep, err := readAnswer(br, nil)
		if err != nil || status != want.status || string(body) != want.body || keep != want.keep {
			t.Errorf("answer %d: %d %q keep %v, %v; want %d %q keep %v", i, status, body, keep, err, want.status, want.body, want.keep)
		}
	}
	for _, bad := range []string{"SMTP ready\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"} {
		if _, _, _, err := readAnswer(bufio.NewReader(strings.NewReader(bad)), nil); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// measureGets keeps connections alive across chunked answers and counts
// non-200 answers as errors.
func TestMeasureGetsChunked(t *testing.T) {
	body := strings.Repeat("خبر ", 3000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body)) // over 2 KB without Content-Length: net/http chunks it
	}))
	defer srv.Close()
	l := Load{Connections: 2, Warmup: 50 * time.Millisecond, Duration: 500 * time.Millisecond}
	r, err := measureGets(context.Background(), l, []string{srv.URL + "/a", srv.URL + "/b"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests == 0 || r.Errors != 0 || r.Bytes != len(body) {
		t.Fatalf("unexpected result: %+v", r)
	}
	r, err = measureGets(context.Background(), l, []string{srv.URL + "/missing"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Errors == 0 || !strings.Contains(r.FirstError, "404") {
		t.Fatalf("404s not counted as errors: %+v", r)
	}
}

// bench warns when the backend runs in a session of its own under
// autogroup scheduling, and not for itself.
func TestAutogroup(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]string{"/autogroup-45873 nice 0\n": "/autogroup-45873", "": "root"} {
		path := filepath.Join(dir, "autogroup")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, ok := autogroup(path); got != want || !ok {
			t.Errorf("autogroup of %q = %q, %v; want %q", content, got, ok, want)
		}
	}
	if got, ok := autogroup(filepath.Join(dir, "gone")); ok {
		t.Errorf("a file that cannot be read gave %q", got)
	}
}

func TestOtherSession(t *testing.T) {
	if w := otherSession(os.Getpid()); w != "" {
		t.Errorf("bench's own process: %q", w)
	}
	cmd := exec.Command("setsid", "sleep", "10")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	// setsid forks when it leads a process group; wait for sleep's session.
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) && readFile(fmt.Sprintf("/proc/%d/comm", cmd.Process.Pid)) != "sleep\n" {
		time.Sleep(10 * time.Millisecond)
	}
	w := otherSession(cmd.Process.Pid)
	if strings.TrimSpace(readFile("/proc/sys/kernel/sched_autogroup_enabled")) == "1" {
		if !strings.Contains(w, "another session") {
			t.Errorf("a backend in its own session, with autogroup on: %q", w)
		}
	} else if w != "" {
		t.Errorf("autogroup is off, yet: %q", w)
	}
}
