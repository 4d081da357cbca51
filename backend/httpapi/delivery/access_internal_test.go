package delivery

import (
	"fmt"
	"testing"
	"time"
)

func TestRateLimitBucket(t *testing.T) {
	l := newLimiter(10, 5, 1000)
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for i := range 5 {
		if ok, _ := l.allow("192.0.2.1", t0); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.allow("192.0.2.1", t0)
	if ok || wait != 100*time.Millisecond {
		t.Fatalf("over the burst: got %v, wait %s; want refused, 100ms", ok, wait)
	}
	if ok, _ := l.allow("192.0.2.2", t0); !ok {
		t.Error("another client was refused")
	}
	if ok, _ := l.allow("192.0.2.1", t0.Add(50*time.Millisecond)); ok {
		t.Error("allowed before a token was back")
	}
	if ok, _ := l.allow("192.0.2.1", t0.Add(160*time.Millisecond)); !ok {
		t.Error("refused once a token was back")
	}
	// A long pause fills the bucket up to the burst, no more.
	later := t0.Add(time.Hour)
	for i := range 5 {
		if ok, _ := l.allow("192.0.2.1", later); !ok {
			t.Fatalf("after a pause, request %d refused", i+1)
		}
	}
	if ok, _ := l.allow("192.0.2.1", later); ok {
		t.Error("after a pause, more than the burst was allowed")
	}
}

// TestRateLimitMemory: the clients tracked stay under the bound whatever
// the flood of addresses, and idle ones are forgotten.
func TestRateLimitMemory(t *testing.T) {
	l := newLimiter(10, 20, 640)
	count := func() int {
		n := 0
		for i := range l.shards {
			n += len(l.shards[i].buckets)
		}
		return n
	}
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for i := range 20_000 {
		l.allow(fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), t0)
		if n := count(); n > 640 {
			t.Fatalf("after %d addresses: %d buckets, want at most 640", i+1, n)
		}
	}
	// Two seconds later every bucket is full again: all are forgotten as
	// their shards are next used.
	for i := range 2000 {
		l.allow(fmt.Sprintf("192.0.2.%d", i%200), t0.Add(2*time.Second))
	}
	if n := count(); n > 200+64 {
		t.Errorf("after the flood went idle: %d buckets, want about 200", n)
	}
}

func TestRateLimitIPv6(t *testing.T) {
	l := newLimiter(1, 1, 1000)
	t0 := time.Now()
	if ok, _ := l.allow("2001:db8:1:2::1", t0); !ok {
		t.Fatal("first request refused")
	}
	if ok, _ := l.allow("2001:db8:1:2:ffff::9", t0); ok {
		t.Error("another address of the same /64 has a bucket of its own")
	}
	if ok, _ := l.allow("2001:db8:1:3::1", t0); !ok {
		t.Error("another /64 shares the bucket")
	}
	if clientKey("::ffff:192.0.2.1") != "::ffff:192.0.2.1" || clientKey("192.0.2.1") != "192.0.2.1" || clientKey("bogus") != "bogus" {
		t.Error("IPv4 addresses are not counted one by one")
	}
}
