package slug_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"newsroom/slug"
)

func TestMake(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		// Arabic
		{"arabic headline", "مفاوضات أستانا: جولة جديدة", "مفاوضات-أستانا-جولة-جديدة"},
		{"harakat", "مُفَاوَضَات", "مفاوضات"},
		{"shadda and tanween", "محمّدٌ رسولٌ", "محمد-رسول"},
		{"superscript alef", "هٰذا", "هذا"},
		{"tatweel", "جـــديـد", "جديد"},
		{"arabic punctuation", "غزة، اليوم؛ ماذا بعد؟", "غزة-اليوم-ماذا-بعد"},
		{"arabic-indic digits kept", "قمة ٢٠٢٤ في الدوحة", "قمة-٢٠٢٤-في-الدوحة"},
		{"persian digits kept", "سال ۱۴۰۳", "سال-۱۴۰۳"},
		{"presentation forms", "ﻻ ﺳﻼﻡ", "لا-سلام"},
		{"ligature of allah", "ﷲ", "الله"},
		{"direction marks dropped", "\u200fخبر\u200f عاجل\u200e", "خبر-عاجل"},
		{"guillemets and quotes", "«أستانا» \"جولة\"", "أستانا-جولة"},
		{"hamza forms kept", "إسرائيل وأمريكا والأردن", "إسرائيل-وأمريكا-والأردن"},
		{"taa marbuta and alef maqsura kept", "مدرسة على", "مدرسة-على"},

		// English and other scripts
		{"english", "Hello, World!", "hello-world"},
		{"leading and trailing junk", "  --Hello--  ", "hello"},
		{"symbols", "Price: $100 & up", "price-100-up"},
		{"apostrophe", "Don't Panic", "don-t-panic"},
		{"accents kept", "Café Crème", "café-crème"},
		{"decomposed accent composed", "Cafe\u0301", "café"},
		{"full-width", "ＡＢＣ１２３", "abc123"},
		{"ligature fi", "ﬁnance", "finance"},
		{"superscript", "x²", "x2"},
		{"roman numeral", "Ⅻ Olympics", "xii-olympics"},
		{"german", "Straße", "straße"},
		{"greek", "ΑΘΗΝΑ", "αθηνα"},
		{"cyrillic", "Москва Сегодня", "москва-сегодня"},
		{"hindi vowel signs kept", "हिन्दी समाचार", "हिन्दी-समाचार"},
		{"chinese", "北京 新闻", "北京-新闻"},
		{"underscore", "snake_case_name", "snake-case-name"},
		{"emoji", "Goal ⚽ scored", "goal-scored"},
		{"tabs and newlines", "a\t\tb\n\nc", "a-b-c"},
		{"stray mark at start", "\u0301abc", "abc"},
		{"stray mark after space", "ab \u0301cd", "ab-cd"},

		// Mixed
		{"mixed arabic and english", "قمة G20 في الرياض", "قمة-g20-في-الرياض"},
		{"mixed with harakat and punctuation", "عاجل: Breaking — مُفَاوَضَات!", "عاجل-breaking-مفاوضات"},

		// Nothing usable
		{"empty", "", ""},
		{"only punctuation", "!!! ... ???", ""},
		{"only harakat", "ًٌٍَُِّْ", ""},
		{"only tatweel", "ـــ", ""},
		{"only emoji", "🎉🎉", ""},
		{"invalid utf-8", "\xff\xfe", ""},
		{"invalid utf-8 between words", "ab\xffcd", "ab-cd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slug.Make(tt.in); got != tt.want {
				t.Errorf("Make(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMakeLength(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"exactly 80", strings.Repeat("a", 80), strings.Repeat("a", 80)},
		{"81 cut to 80", strings.Repeat("a", 81), strings.Repeat("a", 80)},
		{"arabic cut on a rune", strings.Repeat("ب", 100), strings.Repeat("ب", 80)},
		// 79 letters then a word: the "-" at rune 80 would end the slug, so
		// the cut falls before it.
		{"no trailing hyphen", strings.Repeat("a", 79) + " bcd", strings.Repeat("a", 79)},
		{"hyphen at 79 kept", strings.Repeat("a", 78) + " bcd", strings.Repeat("a", 78) + "-b"},
		{"harakat do not count", strings.Repeat("بَ", 80), strings.Repeat("ب", 80)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slug.Make(tt.in)
			if got != tt.want {
				t.Errorf("Make: got %q (%d runes), want %q (%d runes)", got, utf8.RuneCountInString(got), tt.want, utf8.RuneCountInString(tt.want))
			}
		})
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"مفاوضات-أستانا-جولة-جديدة", true},
		{"hello-world", true},
		{"قمة-g20-في-الرياض", true},
		{"قمة-٢٠٢٤", true},
		{"café", true},
		{"हिन्दी", true},
		{"a", true},
		{strings.Repeat("a", 80), true},

		{"", false},
		{strings.Repeat("a", 81), false},
		{"-hello", false},
		{"hello-", false},
		{"hello--world", false},
		{"Hello", false},
		{"hello world", false},
		{"hello_world", false},
		{"hello/world", false},
		{"مُفَاوَضَات", false}, // harakat
		{"جـديد", false},       // tatweel
		{"خبر\u200f", false},   // direction mark
		{"cafe\u0301", false},  // not NFC
		{"ﬁnance", false},      // not NFKC: Make gives "finance"
		{"\u0301a", false},     // mark without a base
		{"a-\u0301b", false},   // mark after "-"
		{"ab\xff", false},
	}
	for _, tt := range tests {
		if got := slug.Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q): got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{
		"",
		"مفاوضات أستانا: جولة جديدة",
		"مُفَاوَضَات",
		"جـــديـد",
		"قمة ٢٠٢٤ في الدوحة",
		"ﻻ ﺳﻼﻡ ﷺ ﷲ",
		"Hello, World!",
		"  --Hello--  ",
		"Café Cafe\u0301 ÅNGSTRÖM",
		"ＡＢＣ１２３ ﬁ x² Ⅻ",
		"İstanbul ΣΟΦΙΑ Straße ǅ",
		"हिन्दी समाचार",
		"\u1100\u0640\u1161",           // Hangul jamo around a tatweel
		"e\u200d\u0301",                // accent after a zero-width joiner
		"\u0301\u064b\u0640\u200f",     // nothing but marks
		"ab\xffcd\xfe",                 // invalid UTF-8
		strings.Repeat("ب ", 60),       // cut at the limit
		strings.Repeat("a", 79) + " b", // hyphen at the limit
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := slug.Make(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Make(%q) = %q: not valid UTF-8", s, out)
		}
		if out != "" && !slug.Valid(out) {
			t.Fatalf("Make(%q) = %q: not Valid", s, out)
		}
		if n := utf8.RuneCountInString(out); n > slug.MaxLen {
			t.Fatalf("Make(%q) = %q: %d runes, more than %d", s, out, n, slug.MaxLen)
		}
		if again := slug.Make(out); again != out {
			t.Fatalf("Make not idempotent: Make(%q) = %q, Make(%q) = %q", s, out, out, again)
		}
		// Valid accepts exactly the non-empty fixed points of Make.
		if got, want := slug.Valid(s), s != "" && slug.Make(s) == s; got != want {
			t.Fatalf("Valid(%q): got %v, want %v (Make gives %q)", s, got, want, slug.Make(s))
		}
	})
}
