package richtext

import (
	"html"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTextOnlyShortcut checks that text textOnly returns untouched is what
// the policy would have returned: random text over ASCII (quotes and '>'
// included), Arabic, spaces and other control characters.
func TestTextOnlyShortcut(t *testing.T) {
	z := New()
	alphabet := []rune("ab Z09'\"=>/\\;:!?\t\n\v\f\u00a0\u200fشكراً ٢ ﷺ\U0001F600")
	for r := rune(1); r < 0x20; r++ {
		alphabet = append(alphabet, r)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50_000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if strings.ContainsAny(s, "<&\r\x00") {
			continue
		}
		if got, want := z.textOnly(s), html.UnescapeString(textPolicy.Sanitize(s)); got != want {
			t.Fatalf("textOnly(%q) = %q, the policy gives %q", s, got, want)
		}
	}
}
