package main

import (
	"context"
	"encoding/json"
	"net"
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
	r := measure(ctx, Load{Connections: 4, Warmup: 100 * time.Millisecond, Duration: time.Second},
		rotating([]string{"http://" + ln.Addr().String() + "/"}, nil))
	if r.Requests == 0 || r.Errors != 0 || r.Bytes != 1000 || r.P50 <= 0 || r.P99 < r.P50 {
		t.Fatalf("unexpected result: %+v", r)
	}
	if !strings.Contains(r.String(), "req/s") {
		t.Errorf("String() = %q", r.String())
	}
}
