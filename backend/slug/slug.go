// Package slug makes URL slugs from headlines and names, in any script.
//
// Arabic headlines keep their Arabic letters ("مفاوضات-أستانا-جولة-جديدة"),
// as URLs allow; browsers show them decoded. Only what does not belong in a
// readable URL is removed: diacritics, tatweel, punctuation and symbols.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug, in runes, that Make produces and Valid
// accepts.
const MaxLen = 80

// Make returns the slug of s:
//   - s is normalised to NFKC, so presentation forms, ligatures, full-width
//     and superscript characters become their plain letters and digits;
//   - letters and digits of every script are kept, lower-cased; Arabic-Indic
//     digits stay as they are;
//   - Arabic diacritics (harakat U+064B–U+065F, superscript alef U+0670,
//     Quranic annotation marks) and tatweel (U+0640) are removed, as are
//     invisible format characters (zero-width joiners, direction marks);
//   - other combining marks are kept when they follow a letter or digit
//     (Indic vowel signs are part of the word) and removed otherwise;
//   - every run of anything else (spaces, punctuation, symbols) becomes a
//     single "-", with none at either end;
//   - the result is cut to at most MaxLen runes, never ending in "-".
//
// Make returns "" when nothing usable remains; the caller decides what to
// do then. A non-empty result satisfies Valid, and Make(Make(s)) == Make(s).
func Make(s string) string {
	out := build(s)
	// Removing a character can bring together two runes that NFKC then
	// combines (Hangul jamo around a tatweel, a letter and an accent around
	// a zero-width joiner), so the result is run through again until it no
	// longer changes. FuzzMake checks that the bound is enough.
	for range 4 {
		next := build(out)
		if next == out {
			break
		}
		out = next
	}
	return out
}

// build is one pass of Make.
func build(s string) string {
	var b strings.Builder
	n := 0       // runes written
	sep := false // a separator is due before the next letter or digit
	for _, r := range norm.NFKC.String(s) {
		switch {
		case removed(r):
			// Not a separator: "مُفَاوَضَات" is one word.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if sep && n > 0 {
				if n+2 > MaxLen { // no room for "-" and a rune after it
					return b.String()
				}
				b.WriteByte('-')
				n++
			}
			sep = false
			if n+1 > MaxLen {
				return b.String()
			}
			b.WriteRune(unicode.ToLower(r))
			n++
		case unicode.Is(unicode.M, r):
			if n == 0 || sep {
				continue // a mark with nothing to sit on
			}
			if n+1 > MaxLen {
				return b.String()
			}
			b.WriteRune(r)
			n++
		default:
			sep = true
		}
	}
	return b.String()
}

// removed reports whether r is dropped from slugs without leaving a
// separator: Arabic diacritics and tatweel, and invisible format characters.
func removed(r rune) bool {
	switch {
	case r == 'ـ': // U+0640 tatweel, a stretch of the joining line
		return true
	case unicode.Is(unicode.Cf, r): // ZWJ, ZWNJ, RLM, soft hyphen, BOM…
		return true
	case !unicode.Is(unicode.Mn, r):
		return false
	}
	return r >= 0x064B && r <= 0x065F || // harakat: fatha, damma, kasra, shadda, sukun…
		r == 0x0670 || // superscript alef
		r >= 0x0610 && r <= 0x061A || // honorific signs and small high marks
		r >= 0x06D6 && r <= 0x06ED || // Quranic annotation marks
		r >= 0x08CA && r <= 0x08FF // Arabic Extended-A marks
}

// Valid reports whether s is a slug Make could have produced, which is how
// user-supplied slugs are checked: non-empty, at most MaxLen runes, in NFKC
// (hence NFC) form, made of lower-case letters, digits, combining marks that
// follow a letter or digit, and single "-" between them, with no "-" at
// either end. Valid(s) is true exactly when s != "" and Make(s) == s.
func Valid(s string) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxLen {
		return false
	}
	prev := '-' // so a leading "-" or mark is rejected
	for _, r := range s {
		switch {
		case r == '-':
			if prev == '-' {
				return false
			}
		case removed(r):
			return false
		case unicode.IsLetter(r):
			if unicode.ToLower(r) != r {
				return false
			}
		case unicode.IsDigit(r):
		case unicode.Is(unicode.M, r):
			if prev == '-' {
				return false
			}
		default:
			return false
		}
		prev = r
	}
	return prev != '-' && norm.NFKC.IsNormalString(s)
}
