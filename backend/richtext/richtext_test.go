package richtext_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"newsroom/cms"
	"newsroom/richtext"
)

func TestInline(t *testing.T) {
	z := richtext.New()
	for _, c := range []struct{ in, want string }{
		{"<b>عاجل</b>: وقف إطلاق النار", "<b>عاجل</b>: وقف إطلاق النار"},
		{"a<br>b <strong>c</strong> <i>d</i> <em>e</em>", "a<br>b <strong>c</strong> <i>d</i> <em>e</em>"},
		{`<a href="https://example.com/x">link</a>`, `<a href="https://example.com/x" rel="nofollow noreferrer">link</a>`},
		{`<a href="javascript:alert(1)">x</a>`, "x"},
		{`<script>alert(1)</script>text`, "text"},
		{`<img src=x onerror=alert(1)>text`, "text"},
		{`<b onclick="alert(1)">bold</b>`, "<b>bold</b>"},
		{`<p style="color:red">para</p>`, "para"},
		{`<a href="mailto:desk@example.com">mail</a>`, `<a href="mailto:desk@example.com">mail</a>`},
	} {
		if got := z.Inline(c.in); got != c.want {
			t.Errorf("Inline(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestBody(t *testing.T) {
	z := richtext.New()
	good := []cms.Block{
		{Type: "paragraph", Text: "قالت الخارجية <b>الروسية</b> <script>x</script>إن الجولة المقبلة"},
		{Type: "heading", Level: 2, Text: " خلفية "},
		{Type: "image", MediaID: "m1", Caption: "أستانا / سبوتنيك"},
		{Type: "quote", Text: "«لن نقبل»", Cite: "المتحدث"},
		{Type: "list", Items: []string{"أولاً", "<i>ثانياً</i>"}},
		{Type: "list", Ordered: ptr(true), Items: []string{"one"}},
		{Type: "embed", URL: "https://twitter.com/x/status/1"},
		{Type: "video", URL: "https://www.youtube.com/watch?v=abc"},
		{Type: "video", MediaID: "m2"},
	}
	out, err := z.Body(good)
	if err != nil {
		t.Fatalf("valid body refused: %v", err)
	}
	if strings.Contains(out[0].Text, "script") || out[1].Text != "خلفية" || out[4].Ordered == nil || *out[4].Ordered {
		t.Errorf("cleaned body: got %+v", out)
	}

	bad := []struct {
		block cms.Block
		field string
	}{
		{cms.Block{Type: "marquee", Text: "x"}, "body[1].type"},
		{cms.Block{Type: ""}, "body[1].type"},
		{cms.Block{Type: "paragraph"}, "body[1].text"},
		{cms.Block{Type: "paragraph", Text: "<script>only</script>"}, "body[1].text"},
		{cms.Block{Type: "paragraph", Text: "x", MediaID: "m"}, "body[1].media_id"},
		{cms.Block{Type: "heading", Level: 1, Text: "x"}, "body[1].level"},
		{cms.Block{Type: "heading", Level: 2}, "body[1].text"},
		{cms.Block{Type: "heading", Level: 2, Text: "a\nb"}, "body[1].text"},
		{cms.Block{Type: "image"}, "body[1].media_id"},
		{cms.Block{Type: "list"}, "body[1].items"},
		{cms.Block{Type: "list", Items: []string{"ok", " "}}, "body[1].items[1]"},
		{cms.Block{Type: "embed", URL: "http://example.com"}, "body[1].url"},
		{cms.Block{Type: "embed", URL: "javascript:alert(1)"}, "body[1].url"},
		{cms.Block{Type: "embed", URL: "https://"}, "body[1].url"},
		{cms.Block{Type: "video"}, "body[1].url"},
		{cms.Block{Type: "video", URL: "https://a.example/v", MediaID: "m"}, "body[1].url"},
		{cms.Block{Type: "quote", Text: "x", Level: 3}, "body[1].level"},
	}
	for _, c := range bad {
		_, err := z.Body([]cms.Block{{Type: "paragraph", Text: "ok"}, c.block})
		ce, ok := err.(*cms.Error)
		if !ok || ce.Code != cms.EInvalid || ce.Fields[c.field] == "" || ce.Details["block_index"] != 1 {
			t.Errorf("%+v: got %v, want EInvalid naming %s with block_index 1", c.block, err, c.field)
		}
	}
	many := make([]cms.Block, richtext.MaxBlocks+1)
	for i := range many {
		many[i] = cms.Block{Type: "paragraph", Text: "x"}
	}
	if _, err := z.Body(many); cms.ErrorCode(err) != cms.EInvalid {
		t.Errorf("too many blocks: got %v, want EInvalid", err)
	}
}

// unsafe reports why s, read as HTML the way a browser would, holds
// anything beyond the allowlist: another element, another attribute, a
// comment, or a link whose scheme is not http, https or mailto.
func unsafe(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.CommentToken, html.DoctypeToken:
			return "a comment or doctype"
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !slices.Contains([]string{"a", "b", "strong", "i", "em", "br"}, tok.Data) {
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				switch {
				case a.Key == "rel" && tok.Data == "a":
				case a.Key == "href" && tok.Data == "a":
					u, err := url.Parse(strings.TrimSpace(a.Val))
					if err != nil || !slices.Contains([]string{"http", "https", "mailto"}, strings.ToLower(u.Scheme)) {
						return "link " + a.Val
					}
				default:
					return "attribute " + a.Key
				}
			}
		}
	}
}

// FuzzInline checks that nothing dangerous survives sanitising, whatever
// the input.
func FuzzInline(f *testing.F) {
	for _, s := range []string{
		"<script>alert(1)</script>", `<a href="javascript:alert(1)">x</a>`, `<a href="jav&#x09;ascript:alert(1)">x</a>`,
		`<img src=x onerror=alert(1)>`, `<b onmouseover=alert(1)>x</b>`, `<svg/onload=alert(1)>`, `<<script>script>`,
		`<a href="  javascript:alert(1)">`, `<iframe src="https://evil">`, `<b>عربي</b>`, "<a href=\"https://x.example\">ok</a>",
		`<a href="data:text/html,<script>alert(1)</script>">x</a>`, `<style>*{}</style>`, "\x00<script>",
	} {
		f.Add(s)
	}
	z := richtext.New()
	f.Fuzz(func(t *testing.T, s string) {
		out := z.Inline(s)
		if why := unsafe(out); why != "" {
			t.Fatalf("Inline(%q) = %q keeps %s", s, out, why)
		}
		if again := z.Inline(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

// FuzzBody checks the block validator never panics and never lets unsafe
// markup or a non-https URL through.
func FuzzBody(f *testing.F) {
	f.Add("paragraph", "<b>x</b>", "", 0, "")
	f.Add("embed", "", "javascript:alert(1)", 0, "")
	f.Add("video", "", "https://v.example/x", 0, "m")
	f.Add("heading", "<script>", "", 2, "")
	f.Add("list", "<img onerror=x>", "", 0, "")
	z := richtext.New()
	f.Fuzz(func(t *testing.T, typ, text, url string, level int, media string) {
		b := cms.Block{Type: typ, Text: text, URL: url, Level: level, MediaID: media}
		if typ == "list" {
			b = cms.Block{Type: typ, Items: []string{text}}
		}
		out, err := z.Body([]cms.Block{b})
		if err != nil {
			if cms.ErrorCode(err) != cms.EInvalid {
				t.Fatalf("error code: got %s, want invalid", cms.ErrorCode(err))
			}
			return
		}
		for _, s := range append([]string{out[0].Text}, out[0].Items...) {
			if typ != "heading" && unsafe(s) != "" {
				t.Fatalf("unsafe markup kept: %q (%s)", s, unsafe(s))
			}
		}
		if out[0].URL != "" && !strings.HasPrefix(out[0].URL, "https://") {
			t.Fatalf("non-https URL kept: %q", out[0].URL)
		}
	})
}
