package cms

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"
)

// idClock keeps the ids of one process strictly increasing, even when many
// are made in the same millisecond or the clock stands still (tests).
var idClock struct {
	sync.Mutex
	ms  uint64
	seq uint64 // 12-bit counter in UUIDv7's rand_a field
}

// NewID returns a new opaque identifier: a UUIDv7 string, so ids sort by
// creation time, which keeps keyset pagination and B-tree inserts cheap.
// Within a process ids are strictly increasing (RFC 9562, method 1: a
// counter in rand_a).
func NewID(now time.Time) string {
	ms := uint64(now.UnixMilli())
	idClock.Lock()
	if ms <= idClock.ms {
		ms = idClock.ms
		idClock.seq++
		if idClock.seq > 0xfff {
			ms++
			idClock.seq = 0
		}
	} else {
		idClock.seq = 0
	}
	idClock.ms = ms
	seq := idClock.seq
	idClock.Unlock()

	var b [16]byte
	binary.BigEndian.PutUint64(b[0:8], ms<<16|0x7000|seq) // 48-bit time, version 7, 12-bit counter
	if _, err := rand.Read(b[8:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the OS RNG never fails on Linux
	}
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 9562 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
