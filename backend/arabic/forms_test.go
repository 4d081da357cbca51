package arabic_test

import (
	"slices"
	"strings"
	"testing"

	"newsroom/arabic"
)

func TestBase(t *testing.T) {
	for word, want := range map[string]string{
		"المفاوضات":  "مفاوضات",
		"والمفاوضات": "مفاوضات",
		"بالمفاوضات": "مفاوضات",
		"للمفاوضات":  "مفاوضات",
		"مفاوضات":    "مفاوضات",
		"الله":       "الله", // two letters would remain
		"وزير":       "وزير", // a lone و is not taken off
		"بيان":       "بيان",
		"astana":     "astana",
		"2026":       "2026",
	} {
		if got := arabic.Base(word); got != want {
			t.Errorf("Base(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestForms(t *testing.T) {
	forms := arabic.Forms("مفاوضات")
	for _, want := range []string{"مفاوضات", "المفاوضات", "والمفاوضات", "بالمفاوضات", "للمفاوضات", "ومفاوضات", "بمفاوضات"} {
		if !slices.Contains(forms, want) {
			t.Errorf("Forms(مفاوضات) lacks %q: %q", want, forms)
		}
	}
	if got := arabic.Forms("المفاوضات"); !slices.Equal(got, forms) {
		t.Errorf("a word typed with its article is looked up as without: %q, want %q", got, forms)
	}
	// A two-letter word takes the article but no one-letter clitic: "بيد"
	// is a word of its own, not "ب" + "يد".
	if got := arabic.Forms("يد"); !slices.Contains(got, "اليد") || slices.Contains(got, "بيد") {
		t.Errorf("Forms(يد) = %q", got)
	}
	// A word typed with a clitic also finds the word after it.
	for _, want := range []string{"ومفاوضات", "مفاوضات", "المفاوضات", "بالمفاوضات"} {
		if got := arabic.Forms("ومفاوضات"); !slices.Contains(got, want) {
			t.Errorf("Forms(ومفاوضات) lacks %q: %q", want, got)
		}
	}
	if got := arabic.Forms("ومفاوضات"); got[0] != "ومفاوضات" {
		t.Errorf("Forms(ومفاوضات) begins with %q, want the word as typed", got[0])
	}
	if got := arabic.Forms("astana"); !slices.Equal(got, []string{"astana"}) {
		t.Errorf("Forms(astana) = %q", got)
	}
}

// FuzzForms checks what search relies on for any text: every word of a
// normalised query is among its own forms (a search never finds less
// than the word typed), the first form is its Base, and every form is one
// normalised word, so it can be looked up in the index as it is.
func FuzzForms(f *testing.F) {
	for _, s := range []string{"المفاوضات", "الله", "لل", "ال", "وزير الخارجية", "Astana 2026", "للجنة", "ﻻ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, word := range strings.Fields(arabic.Normalize(s)) {
			forms := arabic.Forms(word)
			if !slices.Contains(forms, word) {
				t.Fatalf("Forms(%q) = %q lacks the word itself", word, forms)
			}
			if forms[0] != arabic.Base(word) {
				t.Fatalf("Forms(%q)[0] = %q, Base = %q", word, forms[0], arabic.Base(word))
			}
			// Every form holds one of the cores, which highlighting and
			// the headline-first order look for.
			for _, form := range forms {
				if !slices.ContainsFunc(arabic.Cores(word), func(c string) bool { return strings.Contains(form, c) }) {
					t.Fatalf("form %q of %q holds none of its cores %q", form, word, arabic.Cores(word))
				}
			}
			for _, form := range forms {
				if arabic.Normalize(form) != form || strings.ContainsRune(form, ' ') {
					t.Fatalf("form %q of %q is not one normalised word", form, word)
				}
			}
		}
	})
}
