package cms_test

import (
	"testing"
	"time"

	"newsroom/cms"
)

func TestNewIDIncreases(t *testing.T) {
	fixed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := cms.NewID(fixed)
	for i := 0; i < 10000; i++ {
		id := cms.NewID(fixed)
		if id <= prev {
			t.Fatalf("id %d: %s is not after %s", i, id, prev)
		}
		if len(id) != 36 || id[14] != '7' {
			t.Fatalf("not a UUIDv7: %s", id)
		}
		prev = id
	}
}
