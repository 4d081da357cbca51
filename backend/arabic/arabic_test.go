package arabic_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"newsroom/arabic"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"إسرائيل", "اسرائيل"},
		{"مفاوضات أستانا", "مفاوضات استانا"},
		{"مُفَاوَضَاتُ", "مفاوضات"},
		{"العـــالم", "العالم"},
		{"مستشفى", "مستشفي"},
		{"الجمهورية العربية", "الجمهوريه العربيه"},
		{"آلاف", "الاف"},
		{"سؤال مسائل", "سؤال مسائل"},
		{"عام ٢٠٢٤", "عام 2024"},
		{"  Hello,   WORLD! ", "hello world"},
		{"Ceasefire: talks (Astana)", "ceasefire talks astana"},
		{"\u200fنص\u200e", "نص"},
		{"ﻻ", "لا"}, // presentation form
		{"", ""},
	} {
		if got := arabic.Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzNormalize checks Normalize is total, stable and never grows text
// past what folding can explain.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"إسرائيل", "مُفَاوَضَاتُ أَسْتَانَا", "Hello", "ﻻ ﷺ", "\u0640\u064b", "a\u0301", "٢٠٢٤", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := arabic.Normalize(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if again := arabic.Normalize(out); again != out {
			t.Fatalf("not stable: %q -> %q -> %q", s, out, again)
		}
		if strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
			t.Fatalf("spaces not collapsed: %q", out)
		}
		for _, r := range out {
			if r == 'أ' || r == 'إ' || r == 'ة' || r == 'ى' || r == 0x0640 || (r >= 0x064B && r <= 0x065F) {
				t.Fatalf("unfolded rune %q in %q", r, out)
			}
		}
	})
}
