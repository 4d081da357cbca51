package delivery

import (
	"html"
	"net/http"
	"strings"

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
		Summary:  "Search live articles, Arabic-aware (diacritics, tatweel, alef forms, alef maqsura and taa marbuta folded): the last 30 days first, then older articles, headline matches first in each, then the newest; with highlighted snippets",
		Query:    append(append([]httpapi.Param{{Name: "q", Required: true, Description: "words to find (all of them)"}}, listFilters...), httpapi.PagingParams...),
		Response: SearchResults{}, Handler: h.search})
}

func (h *Handler) search(c *gin.Context) {
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		raw, err := httpapi.QueryText(c, "q", 200)
		if err != nil {
			return nil, err
		}
		query := arabic.Normalize(raw)
		if query == "" {
			return nil, cms.FieldError("q", "is required: the words to search for")
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
		live, err := tx.LiveTexts(ids)
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
			res.HeadlineHighlighted, _ = highlight(s.Headline, words, 0)
			var text string
			if l := live[s.ID]; l != nil {
				res.Summary = l.Summary
				text = res.Summary + "\n" + plainText.Text(l.Body)
			}
			res.Snippet, _ = highlight(text, words, 30)
			out.Data[i] = res
		}
		if page.NextCursor != "" {
			out.NextCursor = &page.NextCursor
		}
		return &rendered{value: out, keys: keys}, nil
	})
}

// highlight escapes text as HTML and wraps in <mark> the words whose
// normalised form is one of the query words (normalised alike), also after
// the article "ال" or the conjunction "و", or with a short suffix. With
// window > 0 it keeps about that many words around the first match. It
// reports whether anything matched.
//
// It is a cache-missed search's largest cost after the database (make
// bench), so it normalises words one by one only where it must: not at all
// when the text holds no query word, and otherwise up to the first match
// and the window after it, not the whole article.
func highlight(text string, words []string, window int) (string, bool) {
	tokens := strings.Fields(text)
	var prefixes [][3]string // each word, after "ال", after "و"
	all := arabic.Normalize(text)
	for _, w := range words {
		if strings.Contains(all, w) {
			prefixes = append(prefixes, [3]string{w, "ال" + w, "و" + w})
		}
	}
	matches := func(tok string) bool {
		n := arabic.Normalize(tok)
		for _, p := range prefixes {
			if strings.HasPrefix(n, p[1]) || strings.HasPrefix(n, p[2]) || strings.HasPrefix(n, p[0]) && len(n) <= len(p[0])+4 {
				return true
			}
		}
		return false
	}
	marked := make([]bool, len(tokens))
	first := -1
	for i := 0; i < len(tokens) && len(prefixes) > 0; i++ {
		if marked[i] = matches(tokens[i]); marked[i] {
			first = i
			break
		}
	}
	start, end := 0, len(tokens)
	if window > 0 {
		start = max(0, max(first, 0)-window/3)
		end = min(len(tokens), start+window)
	}
	if first >= 0 {
		for i := first + 1; i < end; i++ {
			marked[i] = matches(tokens[i])
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	for i := start; i < end; i++ {
		if i > start {
			b.WriteByte(' ')
		}
		if marked[i] {
			b.WriteString("<mark>" + html.EscapeString(tokens[i]) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(tokens[i]))
		}
	}
	if end < len(tokens) {
		b.WriteString(" …")
	}
	return b.String(), first >= 0
}
