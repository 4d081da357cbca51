package delivery

import (
	"strings"
	"testing"
)

func TestHighlight(t *testing.T) {
	long := strings.Repeat("كلمة ", 40)
	for _, c := range []struct {
		name, text string
		words      []string
		window     int
		want       string
		matched    bool
		normalized string // the article's search text; empty: normalise text
	}{
		{"headline, every word", "وزير الخارجية يصل إلى الرياض", []string{"الخارجيه"}, 0, "وزير <mark>الخارجية</mark> يصل إلى الرياض", true, ""},
		{"after al- and wa-", "التقى الوزير ووزيرة", []string{"وزير"}, 0, "التقى <mark>الوزير</mark> <mark>ووزيرة</mark>", true, ""},
		{"alef forms and diacritics", "قالت إسرائيلُ إنّ", []string{"اسرائيل"}, 0, "قالت <mark>إسرائيلُ</mark> إنّ", true, ""},
		{"no match: the start", "نص لا يذكر الكلمة", []string{"غائب"}, 3, "نص لا يذكر …", false, ""},
		{"window around the first match", long + "هنا المفاوضات " + long, []string{"مفاوضات"}, 6, "… كلمة هنا <mark>المفاوضات</mark> كلمة كلمة كلمة …", true, ""},
		{"escaped", "a <مفاوضات> & c", []string{"مفاوضات"}, 0, "a &lt;<mark>مفاوضات</mark>&gt; &amp; c", true, ""},
		// The search text says which words occur at all: one it lacks is
		// not looked for (the article matched on its headline).
		{"a word the search text lacks", "بدأت المفاوضات", []string{"مفاوضات"}, 0, "بدأت المفاوضات", false, "خبر اخر"},
		{"a word the search text holds", "بدأت المفاوضات اليوم في الرياض", []string{"مفاوضات", "غائب"}, 3, "بدأت <mark>المفاوضات</mark> اليوم …", true, "بدات المفاوضات اليوم في الرياض"},
		{"the article and clitics either way", "جولة مفاوضات ثم وبالمفاوضات ومفاوضاتهم", []string{"المفاوضات"}, 0, "جولة <mark>مفاوضات</mark> ثم <mark>وبالمفاوضات</mark> <mark>ومفاوضاتهم</mark>", true, ""},
		{"a query word typed with a clitic", "بدأت المفاوضات ومفاوضات أخرى", []string{"ومفاوضات"}, 0, "بدأت <mark>المفاوضات</mark> <mark>ومفاوضات</mark> أخرى", true, ""},
		{"a longer word is another word", "الوزير وزيرة وزيرتهمانا", []string{"وزير"}, 0, "<mark>الوزير</mark> <mark>وزيرة</mark> وزيرتهمانا", true, ""},
		{"punctuation against the word stays outside the mark", "بدأت «المفاوضات»، ثم توقفت.", []string{"مفاوضات"}, 0, "بدأت «<mark>المفاوضات</mark>»، ثم توقفت.", true, ""},
		{"the last word", long + "المفاوضات", []string{"مفاوضات"}, 3, "… كلمة <mark>المفاوضات</mark>", true, ""},
	} {
		got, matched := highlight(c.text, c.words, c.window, c.normalized)
		if got != c.want || matched != c.matched {
			t.Errorf("%s: highlight = %q, %v; want %q, %v", c.name, got, matched, c.want, c.matched)
		}
	}
}

func TestSnippetText(t *testing.T) {
	for _, c := range []struct{ summary, body, want string }{
		{"الوفود تصل", "بدأت الجولة.", "الوفود تصل\nبدأت الجولة."},
		{"الوفود تصل اليوم.", "الوفود تصل اليوم.\nبدأت الجولة.", "الوفود تصل اليوم.\nبدأت الجولة."}, // the lead repeats the summary
		{"", "بدأت الجولة.", "بدأت الجولة."},
	} {
		if got := snippetText(c.summary, c.body); got != c.want {
			t.Errorf("snippetText(%q, %q) = %q, want %q", c.summary, c.body, got, c.want)
		}
	}
}
