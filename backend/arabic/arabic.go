// Package arabic normalises text for search, so that a reader who types
// "اسرائيل" finds "إسرائيل": text and queries go through the same Normalize.
package arabic

import (
	"strings"
	"unicode"

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
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		r = fold(r)
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

// fold maps one rune; 0 means drop it.
func fold(r rune) rune {
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
