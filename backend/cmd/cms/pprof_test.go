package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoopbackAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:6060": true, "127.0.0.2:6060": true, "[::1]:6060": true, "localhost:6060": true,
		":6060": false, "0.0.0.0:6060": false, "10.0.0.5:6060": false, "[::]:6060": false, "pprof.example:6060": false,
		"127.0.0.1": false, "": false,
	} {
		if got := loopbackAddr(addr); got != want {
			t.Errorf("loopbackAddr(%q): got %v, want %v", addr, got, want)
		}
	}
}

func TestServeRefusesAPprofAddressOffLoopback(t *testing.T) {
	for _, addr := range []string{":6060", "0.0.0.0:6060", "192.0.2.1:6060"} {
		dir := t.TempDir()
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"serve", "--database-url", "sqlite:" + filepath.Join(dir, "cms.db"),
			"--storage-dir", filepath.Join(dir, "media"), "--pprof-addr", addr}, strings.NewReader(""), &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "CMS_PPROF_ADDR") {
			t.Errorf("serve --pprof-addr %s: got exit %d, stderr %q; want 1 naming CMS_PPROF_ADDR", addr, code, stderr.String())
		}
	}
}

// TestServePprof starts `cms serve` with the profiler on a loopback port of
// its own: the profiler answers there, and the API's port does not serve it.
func TestServePprof(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"serve", "--http-addr", "127.0.0.1:0", "--pprof-addr", "127.0.0.1:0",
			"--database-url", "sqlite:" + filepath.Join(dir, "cms.db"), "--storage-dir", filepath.Join(dir, "media"),
			"--log-format", "json"}, strings.NewReader(""), &stdout, &stderr)
	}()
	var api, prof string
	for deadline := time.Now().Add(20 * time.Second); (api == "" || prof == "") && time.Now().Before(deadline); {
		select {
		case code := <-exit:
			t.Fatalf("serve exited with %d before serving\nstderr:\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		for _, rec := range logRecords(stderr.String()) {
			switch rec["msg"] {
			case "serving":
				api, _ = rec["addr"].(string)
			case "profiler listening":
				prof, _ = rec["addr"].(string)
			}
		}
	}
	if api == "" || prof == "" {
		t.Fatalf("no \"serving\" and \"profiler listening\" log lines\nstderr:\n%s", stderr.String())
	}
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("http://" + prof + "/debug/pprof/goroutine?debug=1"); code != 200 || !strings.Contains(body, "goroutine profile:") {
		t.Errorf("profiler goroutine profile: got %d %.200q", code, body)
	}
	if code, _ := get("http://" + api + "/debug/pprof/"); code != 404 {
		t.Errorf("the API port serves /debug/pprof/: got %d, want 404", code)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit after cancel: got %d, want 0\nstderr:\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	if _, err := http.Get("http://" + prof + "/debug/pprof/"); err == nil {
		t.Errorf("the profiler still answers after the stop")
	}
}
