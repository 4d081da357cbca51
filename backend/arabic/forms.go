package arabic

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Arabic writes the definite article and the one-letter conjunctions and
// prepositions as part of the next word: "المفاوضات" (the negotiations),
// "والمفاوضات", "بالمفاوضات", "للمفاوضات", "ومفاوضات". Search looks words
// up whole (PostgreSQL's and SQLite's indexes hold whole words), so a
// reader who typed "مفاوضات" found no article that wrote "المفاوضات".
// Base and Forms are the light stemming of Arabic information retrieval
// (Larkey, Ballesteros and Connell's "light10" prefixes) done at query
// time instead of in the index: the index keeps the words as written, so
// nothing has to be indexed again, and a search for a word still finds it.

// articlePrefixes are the definite article and the clitics written before
// it; "لل" is "ل" + "ال", whose alef is dropped in writing.
var articlePrefixes = []string{"ال", "وال", "فال", "بال", "كال", "لل", "وبال", "وكال", "ولل", "فلل"}

// cliticPrefixes are the conjunctions and prepositions written before a
// word without the article.
var cliticPrefixes = []string{"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل"}

// minBase is how many letters a word keeps once its article is taken off
// (and how long it must be to be looked up after one-letter clitics):
// shorter remains are as often part of the word ("الله", "بين") as a
// prefix before it.
const minBase = 3

// Base returns the word a search looks for when a reader types word (a
// word of Normalize's output): word without a definite article and what
// is written before it, when at least minBase letters remain (and they
// begin with a letter: "لل000" is not the article before a number); otherwise
// word itself. "المفاوضات" and "للمفاوضات" give "مفاوضات"; "الله" stays.
// Base does not take off a lone "و" or "ب": too many words begin with
// those letters ("وزير", "بيان").
func Base(word string) string {
	if !isArabicLetter(word) {
		return word
	}
	for _, p := range articlePrefixes {
		if rest, ok := strings.CutPrefix(word, p); ok && isArabicLetter(rest) && utf8.RuneCountInString(rest) >= minBase {
			return rest
		}
	}
	return word
}

// Forms returns the written forms a search for word finds: Base(word)
// first, then Base(word) after each article prefix, and, when it has at
// least minBase letters, after each clitic. A word typed with a clitic
// ("ومفاوضات") also finds the forms of the word after it ("مفاوضات",
// "المفاوضات"...), when that has minBase letters: Base cannot take the
// clitic off for good, as "وزير" is a word of its own, but looking for
// both costs a few rare false matches at most ("زير"). word itself is
// always among the forms, so a search never finds less than the word as
// typed. Words of other scripts have one form, themselves.
func Forms(word string) []string {
	var forms []string
	for _, core := range Cores(word) {
		for _, f := range prefixed(nil, core) {
			if !slices.Contains(forms, f) {
				forms = append(forms, f)
			}
		}
	}
	return forms
}

// Cores returns what every form of word (Forms) holds, as a text that
// holds none of them cannot match: Base(word) first, then, for a word
// typed with a clitic, the word after it. Words of other scripts have
// one core, themselves.
func Cores(word string) []string {
	base := Base(word)
	cores := []string{base}
	if !isArabicLetter(base) {
		return cores
	}
	for _, p := range cliticPrefixes {
		if rest, ok := strings.CutPrefix(base, p); ok && isArabicLetter(rest) && utf8.RuneCountInString(rest) >= minBase {
			cores = append(cores, rest)
		}
	}
	return cores
}

// prefixed appends to forms base itself, base after each article prefix
// and, when it has at least minBase letters, after each clitic; a word of
// another script has no prefixes.
func prefixed(forms []string, base string) []string {
	forms = append(forms, base)
	if !isArabicLetter(base) {
		return forms
	}
	for _, p := range articlePrefixes {
		forms = append(forms, p+base)
	}
	if utf8.RuneCountInString(base) >= minBase {
		for _, p := range cliticPrefixes {
			forms = append(forms, p+base)
		}
	}
	return forms
}

// isArabicLetter reports whether s begins with a letter of the Arabic
// alphabet (after Normalize, which folds the alef forms).
func isArabicLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0x0621 && r <= 0x064A
}
