package moderation

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"newsroom/cms"
)

func TestCommentLikelySpamRules(t *testing.T) {
	cfg := DefaultConfig()
	cfg.BlockedWords = []string{"كازينو", "مراهنات", "Crypto Giveaway", "  ", ""}
	s := New(nil, nil, cfg, nil)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"تغطية ممتازة، شكراً لكم.", false},
		{"أفضل كازينو في المنطقة", true},
		{"والكازينو مفتوح طوال الليل", true},   // a proclitic before the word
		{"بالكازينو", true},                    // another
		{"كازينوهات", false},                   // a longer word is another word
		{"موقع مُراهَنات مضمون", true},         // diacritics do not hide it
		{"CRYPTO giveaway today only", true},   // case-insensitive phrase
		{"crypto news, and a giveaway", false}, // the words, not in a row
		{"see https://a.example and www.b.example", false},
		{"https://a.example https://www.b.example www.c.example", true}, // three links
		{"http://a.example\nhttp://b.example", false},
		{"ftp://a ftp://b ftp://c", true},
	} {
		if got := s.likelySpam(tc.text); got != tc.want {
			t.Errorf("likelySpam(%q): got %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestCommentEmailValidation(t *testing.T) {
	for _, tc := range []struct {
		email string
		want  bool
	}{
		{"reader@example.com", true},
		{"first.last+tag@sub.example.org", true},
		{"a@b", false},
		{"not-an-email", false},
		{"Name <a@example.com>", false},
		{"a b@example.com", false},
		{"\"a b\"@example.com", false},
		{"a@example..com", false},
		{"a@.example.com", false},
		{"a@example.com.", false},
		{"@example.com", false},
		{strings.Repeat("a", 65) + "@example.com", false},
		{"a@" + strings.Repeat("b", 250) + ".com", false},
	} {
		if got := validEmail(tc.email); got != tc.want {
			t.Errorf("validEmail(%q): got %v, want %v", tc.email, got, tc.want)
		}
	}
}

func TestCommentClientAndMasks(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8:1:2::99", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"},
		{"not an address", "not an address"},
	} {
		if got := canonicalClient(tc.in); got != tc.want {
			t.Errorf("canonicalClient(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"reader@example.com", "r***@example.com"},
		{"ليلى@example.com", "ل***@example.com"},
		{"broken", "***"},
	} {
		if got := maskEmail(tc.in); got != tc.want {
			t.Errorf("maskEmail(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.***"},
		{"2001:db8:1:2::/64", "2001:db8:***"},
	} {
		if got := maskClient(tc.in); got != tc.want {
			t.Errorf("maskClient(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
	key := []byte("0123456789abcdef0123456789abcdef")
	if hash(key, cms.BanEmail, "a") == hash(key, cms.BanClient, "a") {
		t.Error("an e-mail and a client address with the same text hash alike")
	}
	if h := hash(key, cms.BanEmail, canonicalEmail(" Reader@Example.COM ")); h != hash(key, cms.BanEmail, "reader@example.com") {
		t.Error("the case of an e-mail changes its hash")
	}
}

// FuzzCommentValidation checks that any input is either refused or yields a
// comment whose fields are plain text within the limits.
func FuzzCommentValidation(f *testing.F) {
	for _, seed := range [][3]string{
		{"أحمد", "ahmad@example.com", "تعليق\nعلى سطرين"},
		{"<script>alert(1)</script>", "x@example.com", "\"><img src=x onerror=alert(1)>"},
		{"a\x00b", "a@example.com", "b"},
		{"name", "bad", "\x07"},
		{" ", "a@example.com", "   "},
		{"\xff\xfe", "a@example.com", "ok"},
		{strings.Repeat("ن", 81), "a@example.com", "b"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	s := New(nil, nil, DefaultConfig(), nil)
	f.Fuzz(func(t *testing.T, name, email, body string) {
		in := SubmitInput{AuthorName: name, AuthorEmail: email, Body: body}
		if wellFormed(in) != nil {
			return
		}
		c, err := s.validate(in)
		if err != nil {
			if cms.ErrorCode(err) != cms.EInvalid {
				t.Fatalf("validate: got %v, want an invalid-input error", err)
			}
			return
		}
		for field, v := range map[string]string{"author_name": c.AuthorName, "author_email": c.AuthorEmail, "body": c.Body} {
			if !utf8.ValidString(v) || v == "" || v != strings.TrimSpace(v) {
				t.Fatalf("%s %q: not trimmed, valid, non-empty text", field, v)
			}
			if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
				t.Fatalf("%s %q holds a control character", field, v)
			}
		}
		if utf8.RuneCountInString(c.AuthorName) > MaxNameLength || utf8.RuneCountInString(c.Body) > MaxBodyLength {
			t.Fatalf("over the limits: %d, %d", utf8.RuneCountInString(c.AuthorName), utf8.RuneCountInString(c.Body))
		}
		if strings.ContainsAny(c.AuthorName, "\n\t") {
			t.Fatalf("name %q is not one line", c.AuthorName)
		}
	})
}
