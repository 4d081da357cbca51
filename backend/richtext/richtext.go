// Package richtext validates article bodies: the ordered list of typed blocks,
// and the limited inline markup of paragraphs, quotes and list items, which is
// sanitised against an allowlist (bold, italic, links with safe schemes, line
// breaks) by bluemonday. Headings, captions and citations are plain text.
package richtext

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"

	"newsroom/cms"
)

// Limits of a body.
const (
	MaxBlocks     = 1000
	MaxTextRunes  = 20000 // one paragraph, quote or list item
	MaxPlainRunes = 1000  // a heading, caption or citation
	MaxListItems  = 200
	MaxURLBytes   = 2000
)

// Sanitizer cleans inline markup. It is safe for concurrent use.
type Sanitizer struct{ policy *bluemonday.Policy }

// New returns the sanitizer of the newsroom's inline markup.
func New() *Sanitizer {
	p := bluemonday.NewPolicy()
	p.AllowElements("b", "strong", "i", "em", "br")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.RequireNoReferrerOnFullyQualifiedLinks(true)
	return &Sanitizer{policy: p}
}

// Inline returns s with every element, attribute and URL outside the
// allowlist removed. Text is kept; the result is safe to insert into HTML.
func (z *Sanitizer) Inline(s string) string {
	return strings.TrimSpace(z.policy.Sanitize(s))
}

// Body validates blocks and returns a cleaned copy: inline markup sanitised,
// plain text trimmed, fields a block type does not have refused. Returns
// EInvalid whose Fields name the block ("body[3].text") and whose
// Details["block_index"] is the index of the first broken block.
func (z *Sanitizer) Body(blocks []cms.Block) ([]cms.Block, error) {
	if len(blocks) > MaxBlocks {
		return nil, &cms.Error{Code: cms.EInvalid, Message: "the body has too many blocks",
			Fields: map[string]string{"body": fmt.Sprintf("must have at most %d blocks", MaxBlocks)}}
	}
	out := make([]cms.Block, len(blocks))
	for i, b := range blocks {
		clean, field, msg := z.block(b)
		if msg != "" {
			name := fmt.Sprintf("body[%d]", i)
			if field != "" {
				name += "." + field
			}
			return nil, &cms.Error{Code: cms.EInvalid, Message: fmt.Sprintf("block %d of the body is invalid: %s %s", i, field, msg),
				Fields: map[string]string{name: msg}, Details: map[string]any{"block_index": i}}
		}
		out[i] = clean
	}
	return out, nil
}

// fieldsOf lists which optional fields each block type has.
var fieldsOf = map[string][]string{
	"paragraph": {"text"},
	"heading":   {"level", "text"},
	"image":     {"media_id", "caption"},
	"quote":     {"text", "cite"},
	"list":      {"ordered", "items"},
	"embed":     {"url"},
	"video":     {"url", "media_id", "caption"},
}

// BlockTypes lists the block types in the order the spec gives them.
var BlockTypes = []string{"paragraph", "heading", "image", "quote", "list", "embed", "video"}

func has(b cms.Block, field string) bool {
	switch field {
	case "text":
		return b.Text != ""
	case "level":
		return b.Level != 0
	case "media_id":
		return b.MediaID != ""
	case "caption":
		return b.Caption != ""
	case "cite":
		return b.Cite != ""
	case "ordered":
		return b.Ordered != nil
	case "items":
		return b.Items != nil
	case "url":
		return b.URL != ""
	}
	return false
}

// block validates one block; msg is "" when it is fine.
func (z *Sanitizer) block(b cms.Block) (clean cms.Block, field, msg string) {
	allowed, ok := fieldsOf[b.Type]
	if !ok {
		return b, "type", "must be one of " + strings.Join(BlockTypes, ", ")
	}
	for _, f := range []string{"text", "level", "media_id", "caption", "cite", "ordered", "items", "url"} {
		if has(b, f) && !contains(allowed, f) {
			return b, f, "is not a field of a " + b.Type + " block"
		}
	}
	c := cms.Block{Type: b.Type}
	var err string
	switch b.Type {
	case "paragraph":
		if c.Text, err = z.markup(b.Text); err != "" {
			return b, "text", err
		}
	case "heading":
		if b.Level < 2 || b.Level > 4 {
			return b, "level", "must be 2, 3 or 4"
		}
		c.Level = b.Level
		if c.Text, err = plain(b.Text, true); err != "" {
			return b, "text", err
		}
	case "image":
		if c.MediaID, err = id(b.MediaID); err != "" {
			return b, "media_id", err
		}
		if c.Caption, err = plain(b.Caption, false); err != "" {
			return b, "caption", err
		}
	case "quote":
		if c.Text, err = z.markup(b.Text); err != "" {
			return b, "text", err
		}
		if c.Cite, err = plain(b.Cite, false); err != "" {
			return b, "cite", err
		}
	case "list":
		ordered := b.Ordered != nil && *b.Ordered
		c.Ordered = &ordered
		if len(b.Items) == 0 || len(b.Items) > MaxListItems {
			return b, "items", fmt.Sprintf("must have 1 to %d items", MaxListItems)
		}
		c.Items = make([]string, len(b.Items))
		for j, it := range b.Items {
			if c.Items[j], err = z.markup(it); err != "" {
				return b, fmt.Sprintf("items[%d]", j), err
			}
		}
	case "embed":
		if c.URL, err = httpsURL(b.URL); err != "" {
			return b, "url", err
		}
	case "video":
		switch {
		case b.URL != "" && b.MediaID != "":
			return b, "url", "give either url or media_id, not both"
		case b.URL != "":
			if c.URL, err = httpsURL(b.URL); err != "" {
				return b, "url", err
			}
		case b.MediaID != "":
			if c.MediaID, err = id(b.MediaID); err != "" {
				return b, "media_id", err
			}
		default:
			return b, "url", "a video needs a url or a media_id"
		}
		if c.Caption, err = plain(b.Caption, false); err != "" {
			return b, "caption", err
		}
	}
	return c, "", ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// markup sanitises inline markup and requires some text to remain.
func (z *Sanitizer) markup(s string) (string, string) {
	if utf8.RuneCountInString(s) > MaxTextRunes {
		return "", fmt.Sprintf("must be at most %d characters", MaxTextRunes)
	}
	clean := z.Inline(s)
	if strings.TrimSpace(strings.ReplaceAll(z.textOnly(clean), "\u00a0", " ")) == "" {
		return "", "is empty"
	}
	return clean, ""
}

var textPolicy = bluemonday.StrictPolicy()

func (z *Sanitizer) textOnly(s string) string {
	// Text without markup or entities comes back from the policy as it went
	// in (escaped, then unescaped), and most text is such: skipping the HTML
	// tokenizer halves the cost of an article's search text (Text, on every
	// save and publish: make bench). The tokenizer also rewrites CR and NUL,
	// so those take the long way too (TestTextOnlyShortcut).
	if !strings.ContainsAny(s, "<&\r\x00") {
		return s
	}
	return html.UnescapeString(textPolicy.Sanitize(s))
}

// plain validates plain text: one line, no control characters.
func plain(s string, required bool) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return "", "is required"
	case utf8.RuneCountInString(s) > MaxPlainRunes:
		return "", fmt.Sprintf("must be at most %d characters", MaxPlainRunes)
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", "must be one line without control characters"
	}
	return s, ""
}

func id(s string) (string, string) {
	if s == "" {
		return "", "is required"
	}
	if len(s) > 64 || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r > '~' }) {
		return "", "is not an id"
	}
	return s, ""
}

// httpsURL accepts only absolute https URLs, so an embed never loads over
// plain http or runs a javascript: URL.
func httpsURL(s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "is required"
	}
	u, err := url.Parse(s)
	if err != nil || len(s) > MaxURLBytes || u.Scheme != "https" || u.Host == "" || u.User != nil ||
		strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == '"' || r == '<' || r == '>' }) {
		return "", "must be an https:// URL"
	}
	return u.String(), ""
}

// Text returns the plain text of a body, for search and diffs: inline
// markup removed, blocks separated by newlines.
func (z *Sanitizer) Text(blocks []cms.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		for _, s := range append([]string{bl.Text, bl.Caption, bl.Cite}, bl.Items...) {
			if s != "" {
				b.WriteString(z.textOnly(s))
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}
