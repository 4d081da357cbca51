// Package arabic normalises text for search, so that a reader who types
// "اسرائيل" finds "إسرائيل": text and queries go through the same Normalize.
package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize folds text for matching: Unicode NFKC (which also maps Arabic
// presentation forms to letters); lower case; Arabic diacritics (harakat,
// shadda, sukun, dagger alef, Quranic marks) and tatweel removed; alef forms
// (أ إ آ ٱ) to bare alef; alef maqsura (ى) to yeh; taa marbuta (ة) to heh;
// Arabic-Indic and Persian
// digits to ASCII; any other non-letter, non-digit to a space; and runs of
// spaces to one. The result is stable: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	// Invalid bytes become U+FFFD (then a space) before NFKC: norm left the
	// text after one unnormalised, so a second Normalize changed it again
	// (FuzzNormalize: testdata/fuzz).
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// NFKC's quick check alone was a third of the CPU of normalising an
	// article's text (every save and publish, and the bulk generator: make
	// bench), and it changes nothing in most text: see nfkcStable.
	if !nfkcStable(s) {
		s = norm.NFKC.String(s)
	}
	return fold(s)
}

// nfkcStable reports whether Normalize may skip NFKC for s because it would
// make no difference: s holds only ASCII and the Arabic block, without the
// few runes of that block that NFKC changes or that it reorders and
// Normalize keeps (TestNFKCShortcut compares both ways): the combining
// hamza and madda (U+0653–U+0655), which compose with the letter before;
// the high-hamza letters (U+0675–U+0678), which decompose; and the Arabic
// signs U+0610–U+061A, combining marks of different classes. Every other
// combining mark of the block is dropped by folding, so its order does not
// matter.
func nfkcStable(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0x0600 || r > 0x06FF || (r >= 0x0610 && r <= 0x061A) || (r >= 0x0653 && r <= 0x0655) || (r >= 0x0675 && r <= 0x0678) {
			return false
		}
		i += size
	}
	return true
}

// fold is Normalize after NFKC.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		// The letters of news text, ASCII and the basic Arabic alphabet,
		// take a short way around the Unicode tables: search highlighting
		// normalises every word of a result's text, and the tables were
		// most of a cache-missed search's time (make bench). The general
		// path below gives the same (TestFoldShortcut).
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteByte(byte(r))
			space = false
			continue
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
			space = false
			continue
		case r >= 0x0621 && r <= 0x063A || r >= 0x0641 && r <= 0x064A:
			switch r {
			case 'أ', 'إ', 'آ':
				r = 'ا'
			case 'ى':
				r = 'ي'
			case 'ة':
				r = 'ه'
			}
			b.WriteRune(r)
			space = false
			continue
		}
		r = foldRune(r)
		switch {
		case r == 0:
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			// Combining marks of other scripts stay with their letter.
			if !space {
				b.WriteRune(r)
			}
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// foldRune maps one rune; 0 means drop it.
func foldRune(r rune) rune {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x06D6 && r <= 0x06ED, r == 0x0640:
		return 0 // harakat, dagger alef, Quranic marks, tatweel
	case r >= 0x0660 && r <= 0x0669:
		return '0' + (r - 0x0660)
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + (r - 0x06F0)
	case r == 0x200C || r == 0x200D || r == 0x200E || r == 0x200F || r == 0xFEFF || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
		return 0 // joiners and direction marks are invisible
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ':
		return 'ا'
	case 'ى':
		return 'ي'
	case 'ة':
		return 'ه'
	}
	return unicode.ToLower(r)
}
