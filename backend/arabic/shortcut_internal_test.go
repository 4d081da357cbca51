package arabic

import (
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestNFKCShortcut checks that skipping NFKC for text nfkcStable accepts
// gives what NFKC would have: every rune of the Arabic block and ASCII,
// alone and in random sequences (marks after letters included).
func TestNFKCShortcut(t *testing.T) {
	var alphabet []rune
	for r := rune(0x20); r < 0x7F; r++ {
		alphabet = append(alphabet, r)
	}
	for r := rune(0x0600); r <= 0x06FF; r++ {
		alphabet = append(alphabet, r)
	}
	check := func(s string) {
		t.Helper()
		if !nfkcStable(s) {
			return
		}
		if got, want := Normalize(s), fold(norm.NFKC.String(s)); got != want {
			t.Fatalf("Normalize(%q) = %q without NFKC, %q with it", s, got, want)
		}
	}
	for _, r := range alphabet {
		check(string(r))
		for _, m := range alphabet[95:] { // a letter and a rune of the block
			check(string(r) + string(m))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		check(b.String())
	}
}
