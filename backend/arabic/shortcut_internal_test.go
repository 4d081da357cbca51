package arabic

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

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

// TestFoldShortcut checks fold's short way for ASCII letters and digits and
// the basic Arabic alphabet against the general path, foldRune and the
// Unicode tables, for every rune it takes.
func TestFoldShortcut(t *testing.T) {
	var short []rune
	for _, span := range [][2]rune{{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {0x0621, 0x063A}, {0x0641, 0x064A}} {
		for r := span[0]; r <= span[1]; r++ {
			short = append(short, r)
		}
	}
	for _, r := range short {
		g := foldRune(r)
		if !unicode.IsLetter(g) && !unicode.IsDigit(g) {
			t.Fatalf("%q folds to %q, not a letter or digit: the short way would keep it", r, g)
		}
		if got, want := fold("x"+string(r)+"x"), "x"+string(g)+"x"; got != want {
			t.Errorf("fold(%q) = %q, the general path gives %q", "x"+string(r)+"x", got, want)
		}
	}
	if len(short) != 98 {
		t.Fatalf("checked %d runes, want 98", len(short))
	}
}
