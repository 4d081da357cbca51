package delivery

import (
	"html"
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"newsroom/arabic"
	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/richtext"
	"newsroom/store"
)

// SearchResult is one found article with the words found highlighted.
type SearchResult struct {
	ArticleSummary
	// HeadlineHighlighted and Snippet are HTML: the text escaped, the
	// matching words in <mark>.
	HeadlineHighlighted string `json:"headline_highlighted"`
	Snippet             string `json:"snippet"`
}

// SearchResults is a page of search results.
type SearchResults struct {
	Query      string         `json:"query"`
	Data       []SearchResult `json:"data"`
	NextCursor *string        `json:"next_cursor"`
}

var plainText = richtext.New()

func (h *Handler) mountSearch(group *gin.RouterGroup, t *httpapi.Table) {
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/search", Tag: "delivery",
		Summary:  "Search live articles, Arabic-aware (diacritics, tatweel, alef forms, alef maqsura and taa marbuta folded; a word found with or without its article and clitics): the last 30 days first, then older articles, headline matches first in each, then the newest; with highlighted snippets",
		Query:    append(append([]httpapi.Param{{Name: "q", Required: true, Description: "words to find (all of them, each also with the article ال and the clitics و ف ب ك ل written before it); at most 200 characters and 12 words"}}, listFilters...), httpapi.PagingParams...),
		Response: SearchResults{}, Handler: h.search})
}

func (h *Handler) search(c *gin.Context) {
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		raw, err := httpapi.QueryText(c, "q", 200)
		if err != nil {
			return nil, err
		}
		query := arabic.Normalize(raw)
		switch {
		case query == "" && strings.TrimSpace(raw) == "":
			return nil, cms.FieldError("q", "is required: the words to search for")
		case query == "":
			// "*", "...", a lone tatweel or harakat: search ignores all of
			// it, and "is required" misled a reader who had typed them.
			return nil, cms.FieldError("q", "holds no letters or digits to search for; punctuation, diacritics and tatweel are ignored")
		}
		if len(strings.Fields(query)) > 12 {
			return nil, cms.FieldError("q", "has too many words; use at most 12")
		}
		f, err := h.liveFilter(c, tx)
		if err != nil {
			return nil, err
		}
		page, err := tx.SearchLive(query, f)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(page.Data))
		var heroIDs []string
		keys := []string{"articles"}
		for i, s := range page.Data {
			ids[i] = s.ID
			keys = append(keys, "article:"+s.ID)
			if s.HeroMediaID != nil {
				heroIDs = append(heroIDs, *s.HeroMediaID)
			}
		}
		live, err := tx.LiveTexts(ids, plainText.Text)
		if err != nil {
			return nil, err
		}
		links, err := tx.LiveLinks(ids)
		if err != nil {
			return nil, err
		}
		media, err := tx.MediaByID(heroIDs)
		if err != nil {
			return nil, err
		}
		r := &renderer{tx: tx, mediaBase: h.MediaBase}
		words := strings.Fields(query)
		out := SearchResults{Query: raw, Data: make([]SearchResult, len(page.Data))}
		for i, s := range page.Data {
			res := SearchResult{ArticleSummary: ArticleSummary{ID: s.ID, Kind: s.Kind, Language: s.Language, Headline: s.Headline,
				Slug: s.Slug, PublishedAt: s.PublishedAt, UpdatedAt: s.UpdatedAt}}
			if s.HeroMediaID != nil {
				res.HeroImage = r.image(media[*s.HeroMediaID], "")
			}
			credit(&res.ArticleSummary, links[s.ID])
			keys = append(keys, summaryKeys(res.ArticleSummary)...)
			res.HeadlineHighlighted, _ = highlight(s.Headline, words, 0, "")
			var text, normalized string
			if l := live[s.ID]; l != nil {
				res.Summary = l.Summary
				text, normalized = snippetText(res.Summary, l.Body), l.SearchText
			}
			res.Snippet, _ = highlight(text, words, 30, normalized)
			out.Data[i] = res
		}
		if page.NextCursor != "" {
			out.NextCursor = &page.NextCursor
		}
		return &rendered{value: out, keys: keys}, nil
	})
}

// marked escapes a matching word as HTML and wraps its letters and digits
// in <mark>, leaving out the punctuation written against it:
// "المفاوضات،" gives "<mark>المفاوضات</mark>،".
func marked(tok string) string {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }
	start := strings.IndexFunc(tok, isWord)
	if start < 0 {
		return "<mark>" + html.EscapeString(tok) + "</mark>"
	}
	end := strings.LastIndexFunc(tok, isWord)
	_, size := utf8.DecodeRuneInString(tok[end:])
	end += size
	return html.EscapeString(tok[:start]) + "<mark>" + html.EscapeString(tok[start:end]) + "</mark>" + html.EscapeString(tok[end:])
}

// snippetText is the text a result's snippet is cut from: the summary,
// then the body, whose first paragraph is often the summary again (the
// standfirst repeated as the lead), which a snippet showed twice.
func snippetText(summary, body string) string {
	if summary == "" || strings.HasPrefix(strings.TrimSpace(body), strings.TrimSpace(summary)) {
		return body
	}
	return summary + "\n" + body
}

// maxSuffix is how many bytes a highlighted word may hold after a query
// word's form: three Arabic letters, as the suffixes of "مفاوضاتهم" (their
// negotiations), or six Latin ones.
const maxSuffix = 6

// highlight escapes text as HTML and wraps in <mark> the words whose
// normalised form is one of the query words' forms (arabic.Forms: with or
// without the article and clitics before it), also with a short suffix. With
// window > 0 it keeps about that many words around the first match. It
// reports whether anything matched.
//
// normalized, when not empty, is text already normalised (or a text that
// holds it, as an article's search text holds its summary and body): query
// words it lacks cannot match, and when it lacks them all nothing is
// normalised again.
//
// It is a cache-missed search's largest cost after the database (make
// bench), so it normalises words one by one only where it must: up to the
// first match and the window after it, not the whole article, and not at
// all when the text holds no query word.
func highlight(text string, words []string, window int, normalized string) (string, bool) {
	if normalized == "" {
		normalized = arabic.Normalize(text)
	}
	var forms [][]string // of each query word the text may hold
	for _, w := range words {
		if slices.ContainsFunc(arabic.Cores(w), func(c string) bool { return strings.Contains(normalized, c) }) {
			forms = append(forms, arabic.Forms(w))
		}
	}
	matches := func(tok string) bool {
		n := arabic.Normalize(tok)
		for _, fs := range forms {
			for _, f := range fs {
				if strings.HasPrefix(n, f) && len(n) <= len(f)+maxSuffix {
					return true
				}
			}
		}
		return false
	}
	// The first matching word, reading no further.
	first := -1
	if len(forms) > 0 {
		i := 0
		for tok := range strings.FieldsSeq(text) {
			if matches(tok) {
				first = i
				break
			}
			i++
		}
	}
	start, end := 0, -1 // end -1: every word
	if window > 0 {
		start = max(0, first-window/3)
		end = start + window
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	i := 0
	for tok := range strings.FieldsSeq(text) {
		switch {
		case i < start:
		case i == end:
			b.WriteString(" …")
			return b.String(), first >= 0
		default:
			if i > start {
				b.WriteByte(' ')
			}
			if first >= 0 && (i == first || i > first && matches(tok)) {
				b.WriteString(marked(tok))
			} else {
				b.WriteString(html.EscapeString(tok))
			}
		}
		i++
	}
	return b.String(), first >= 0
}
