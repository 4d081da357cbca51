package delivery

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/store"
)

// ArticleList is a page of live articles.
type ArticleList struct {
	Data       []ArticleSummary `json:"data"`
	NextCursor *string          `json:"next_cursor"`
}

// StoryView is a running story as readers see it, with a first page of its
// live articles.
type StoryView struct {
	ID             string          `json:"id"`
	Title          string          `json:"title"`
	Slug           string          `json:"slug"`
	Description    string          `json:"description"`
	Status         cms.StoryStatus `json:"status"`
	WhatWeKnow     string          `json:"what_we_know"`
	WhatWeKnowAt   *time.Time      `json:"what_we_know_updated_at"`
	Cover          *Image          `json:"cover_image"`
	Featured       bool            `json:"featured"`
	Position       int             `json:"position"`
	PublishedCount int64           `json:"published_count"`
	UpdatedAt      time.Time       `json:"updated_at"`
	Articles       *ArticleList    `json:"articles,omitempty"`
}

// SectionView is a section with a first page of its live articles.
type SectionView struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Slug        string       `json:"slug"`
	Description string       `json:"description"`
	ParentID    *string      `json:"parent_id"`
	Position    int          `json:"position"`
	Articles    *ArticleList `json:"articles,omitempty"`
}

// TagView is a tag with a first page of its live articles.
type TagView struct {
	Tag
	Articles *ArticleList `json:"articles"`
}

// AuthorView is an author profile with a first page of their live articles.
type AuthorView struct {
	Author
	Articles *ArticleList `json:"articles"`
}

// TagEntry is a tag in the index of tags, with how many live articles carry
// it.
type TagEntry struct {
	Tag
	PublishedCount int64 `json:"published_count"`
}

// AuthorEntry is an author in the index of authors: what the author page
// shows of the profile, with how many live articles credit them.
type AuthorEntry struct {
	Author
	PublishedCount int64 `json:"published_count"`
}

var listFilters = []httpapi.Param{
	{Name: "section", Description: "section slug"},
	{Name: "story", Description: "story slug"},
	{Name: "tag", Description: "tag slug"},
	{Name: "author", Description: "author slug"},
	{Name: "language", Description: "ar or en"},
	{Name: "kind", Description: "standard, live or video"},
}

func (h *Handler) mountReading(group *gin.RouterGroup, t *httpapi.Table) {
	route := func(path, summary string, resp any, handler gin.HandlerFunc, query ...httpapi.Param) {
		t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: path, Tag: "delivery", Summary: summary, Query: query,
			Response: resp, Handler: handler})
	}
	route("/articles", "Live articles, newest first", ArticleList{}, h.listArticles, append(append([]httpapi.Param{}, listFilters...), httpapi.PagingParams...)...)
	route("/articles/:slug", "A live article by slug (an old slug answers 301 to the current one); Accept: application/ninjs+json gives IPTC ninjs", Article{}, h.article)
	route("/stories", "Running stories: the featured strip first (by position), then the rest by last update, with their published-article counts", httpapi.List[StoryView]{}, h.listStories,
		append([]httpapi.Param{{Name: "featured", Type: "boolean", Description: "true: only the home-page strip, by position; false: only the stories not in it"}}, httpapi.PagingParams...)...)
	route("/stories/:slug", "A story with the first page of its timeline", StoryView{}, h.story, httpapi.PagingParams...)
	route("/sections", "Every section, in order", httpapi.List[SectionView]{}, h.listSections)
	route("/sections/:slug", "A section with the first page of its articles", SectionView{}, h.section, httpapi.PagingParams...)
	route("/tags/:slug", "A tag with the first page of its articles", TagView{}, h.tag, httpapi.PagingParams...)
	route("/authors/:slug", "An author profile with the first page of their articles", AuthorView{}, h.author, httpapi.PagingParams...)
	index := append([]httpapi.Param{{Name: "language", Description: "ar or en: count (and keep) only live articles in it"}}, httpapi.PagingParams...)
	route("/tags", "Tags that live articles carry, A to Z by slug, with their published-article counts", httpapi.List[TagEntry]{}, h.listTags, index...)
	route("/authors", "Authors that live articles credit, A to Z by slug, with their published-article counts", httpapi.List[AuthorEntry]{}, h.listAuthors, index...)
}

// slugParam checks a slug from the path; anything that is not a slug can
// name nothing.
func slugParam(c *gin.Context, what string) (string, error) {
	s := c.Param("slug")
	if s == "" || len(s) > 400 || strings.ContainsAny(s, "/\\\x00") {
		return "", cms.Errorf(cms.ENotFound, "%s not found", what)
	}
	return s, nil
}

func (h *Handler) listArticles(c *gin.Context) {
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		f, err := h.liveFilter(c, tx)
		if err != nil {
			return nil, err
		}
		list, keys, err := h.articleList(tx, f)
		if err != nil {
			return nil, err
		}
		return &rendered{value: list, keys: keys}, nil
	})
}

// liveFilter reads the list filters and paging of the query.
func (h *Handler) liveFilter(c *gin.Context, tx *store.Tx) (store.LiveFilter, error) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		return store.LiveFilter{}, err
	}
	f := store.LiveFilter{Cursor: cursor, Limit: limit}
	for _, p := range []struct {
		param, table string
		dst          *string
	}{{"section", "sections", &f.SectionID}, {"story", "stories", &f.StoryID}, {"tag", "tags", &f.TagID}, {"author", "authors", &f.AuthorID}} {
		v, err := httpapi.QueryText(c, p.param, 200)
		if err != nil {
			return f, err
		}
		if v == "" {
			continue
		}
		if *p.dst, err = tx.IDBySlug(p.table, v); err != nil {
			if cms.ErrorCode(err) == cms.ENotFound {
				return f, cms.FieldError(p.param, "names no "+p.param+"; use the slug of an existing one")
			}
			return f, err
		}
	}
	if f.Language, err = languageParam(c); err != nil {
		return f, err
	}
	if v := c.Query("kind"); v != "" {
		if !slices.Contains(cms.Kinds, cms.Kind(v)) {
			return f, cms.FieldError("kind", "must be standard, live or video")
		}
		f.Kind = cms.Kind(v)
	}
	return f, nil
}

// languageParam reads ?language= ("" when absent). Returns EInvalid naming
// "language" for anything but ar or en.
func languageParam(c *gin.Context) (cms.Language, error) {
	v := c.Query("language")
	if v != "" && !slices.Contains(cms.Languages, cms.Language(v)) {
		return "", cms.FieldError("language", "must be ar or en")
	}
	return cms.Language(v), nil
}

// indexFilter reads the query of the indexes of tags and authors.
func indexFilter(c *gin.Context) (store.IndexFilter, error) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		return store.IndexFilter{}, err
	}
	lang, err := languageParam(c)
	return store.IndexFilter{Language: lang, Cursor: cursor, Limit: limit}, err
}

// listTags serves the index of tags: one query. Its keys: "articles", as a
// publish or unpublish changes which tags are listed and their counts,
// and "tags" with each tag's own, as an edit of a tag renames it.
func (h *Handler) listTags(c *gin.Context) {
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		f, err := indexFilter(c)
		if err != nil {
			return nil, err
		}
		page, err := tx.LiveTags(f)
		if err != nil {
			return nil, err
		}
		keys := []string{"articles", "tags"}
		out := make([]TagEntry, len(page.Data))
		for i, t := range page.Data {
			out[i] = TagEntry{Tag: Tag{ID: t.ID, Name: t.Name, Slug: t.Slug}, PublishedCount: t.PublishedCount}
			keys = append(keys, "tag:"+t.ID)
		}
		return &rendered{value: httpapi.NewList(out, page.NextCursor), keys: keys}, nil
	})
}

// listAuthors serves the index of authors: the page, then the avatars of
// the page in one query. Its keys: "articles" (a publish or unpublish
// changes who is listed and the counts), "authors" with each author's own
// (an edit of a profile), and the avatars' (their captions and crops).
func (h *Handler) listAuthors(c *gin.Context) {
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		f, err := indexFilter(c)
		if err != nil {
			return nil, err
		}
		page, err := tx.LiveAuthors(f)
		if err != nil {
			return nil, err
		}
		var avatars []string
		for _, a := range page.Data {
			if a.AvatarMediaID != nil {
				avatars = append(avatars, *a.AvatarMediaID)
			}
		}
		media, err := tx.MediaByID(avatars)
		if err != nil {
			return nil, err
		}
		r := &renderer{mediaBase: h.MediaBase}
		keys := []string{"articles", "authors"}
		out := make([]AuthorEntry, len(page.Data))
		for i, a := range page.Data {
			au := r.author(&cms.Author{ID: a.ID, Name: a.Name, Slug: a.Slug, Bio: a.Bio, AvatarMediaID: a.AvatarMediaID}, media)
			out[i] = AuthorEntry{Author: au, PublishedCount: a.PublishedCount}
			keys = append(keys, authorKeys(au)...)
		}
		return &rendered{value: httpapi.NewList(out, page.NextCursor), keys: keys}, nil
	})
}

// articleList renders a page of live articles and its surrogate keys. Its
// queries: the page, the sections and bylines of the page's live versions,
// and the hero images.
func (h *Handler) articleList(tx *store.Tx, f store.LiveFilter) (*ArticleList, []string, error) {
	page, err := tx.ListLive(f)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(page.Data))
	var mediaIDs []string
	for i, s := range page.Data {
		ids[i] = s.ID
		if s.HeroMediaID != nil {
			mediaIDs = append(mediaIDs, *s.HeroMediaID)
		}
	}
	links, err := tx.LiveLinks(ids)
	if err != nil {
		return nil, nil, err
	}
	media, err := tx.MediaByID(mediaIDs)
	if err != nil {
		return nil, nil, err
	}
	r := &renderer{tx: tx, mediaBase: h.MediaBase}
	keys := []string{"articles"}
	list := &ArticleList{Data: make([]ArticleSummary, len(page.Data))}
	for i, s := range page.Data {
		sum := ArticleSummary{ID: s.ID, Kind: s.Kind, Language: s.Language, Headline: s.Headline, Summary: s.Summary,
			Slug: s.Slug, PublishedAt: s.PublishedAt, UpdatedAt: s.UpdatedAt}
		if s.HeroMediaID != nil {
			sum.HeroImage = r.image(media[*s.HeroMediaID], "")
		}
		credit(&sum, links[s.ID])
		list.Data[i] = sum
		keys = append(keys, summaryKeys(sum)...)
	}
	if page.NextCursor != "" {
		list.NextCursor = &page.NextCursor
	}
	return list, keys, nil
}

func (h *Handler) article(c *gin.Context) {
	slug, err := slugParam(c, "article")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	ninjs := strings.Contains(c.GetHeader("Accept"), "application/ninjs+json")
	variant := ""
	if ninjs {
		variant = "ninjs"
	}
	// An old slug answers 301 to the current one; the redirect itself is cheap
	// and not cached.
	h.serve(c, variant, func(tx *store.Tx) (*rendered, error) {
		live, err := tx.LiveArticleBySlug(slug)
		if ce, ok := err.(*cms.Error); ok && ce.Details["redirect_slug"] != nil {
			return &rendered{redirect: strings.TrimSuffix(c.Request.URL.Path, slug) + url.PathEscape(ce.Details["redirect_slug"].(string))}, nil
		}
		if err != nil {
			return nil, err
		}
		out, keys, err := h.renderLive(tx, live)
		if err != nil {
			return nil, err
		}
		if ninjs {
			return &rendered{value: toNinjs(out, live, h.Site), keys: keys, contentType: "application/ninjs+json; charset=utf-8"}, nil
		}
		return &rendered{value: out, keys: keys}, nil
	})
}

// renderLive renders a live article and names what it shows.
func (h *Handler) renderLive(tx *store.Tx, live *store.LiveArticle) (*Article, []string, error) {
	a := live.Article
	stories, err := tx.LiveStoryIDs(a.ID)
	if err != nil {
		return nil, nil, err
	}
	a.StoryIDs = stories
	r := &renderer{tx: tx, mediaBase: h.MediaBase}
	published := live.PublishedAt
	out, err := r.article(a, &published, live.UpdatedAt)
	if err != nil {
		return nil, nil, err
	}
	keys := a.ReaderKeys()
	for _, id := range a.RelatedIDs {
		keys = append(keys, "article:"+id)
	}
	for _, id := range a.Content().MediaIDs() {
		keys = append(keys, "media:"+id)
	}
	for _, au := range out.Authors {
		keys = append(keys, authorKeys(au)...)
	}
	for _, rel := range out.Related {
		keys = append(keys, summaryKeys(rel)...)
	}
	return out, keys, nil
}

func (h *Handler) listStories(c *gin.Context) {
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		cursor, limit, err := httpapi.Paging(c)
		if err != nil {
			return nil, err
		}
		featured, err := httpapi.QueryBool(c, "featured")
		if err != nil {
			return nil, err
		}
		// ?featured=true is the strip by position; false every other story,
		// in the readers' order (FeaturedFirst then orders the rest only).
		f := store.StoryFilter{Cursor: cursor, Limit: limit, Featured: featured, FeaturedFirst: true}
		page, err := tx.ListStories(f)
		if err != nil {
			return nil, err
		}
		// "articles" as well: a publish or unpublish changes the stories'
		// published_count, and the article's working copy (whose stories
		// editorial drops) may no longer name a story its live version is in.
		keys := []string{"stories", "articles"}
		var covers []string
		for _, s := range page.Data {
			if s.CoverMediaID != nil {
				covers = append(covers, *s.CoverMediaID)
			}
		}
		media, err := tx.MediaByID(covers) // one query for the page's covers
		if err != nil {
			return nil, err
		}
		out := make([]StoryView, len(page.Data))
		for i, s := range page.Data {
			v := h.storyView(s, media)
			out[i] = *v
			keys = append(keys, storyKeys(v)...)
		}
		return &rendered{value: httpapi.NewList(out, page.NextCursor), keys: keys}, nil
	})
}

// storyKeys names the surrogate keys of a story as lists and its page show
// it: the story and its cover image (a new caption or crop).
func storyKeys(v *StoryView) []string {
	keys := []string{"story:" + v.ID}
	if v.Cover != nil {
		keys = append(keys, "media:"+v.Cover.ID)
	}
	return keys
}

// optionalIDs is the ids among the optional ones that are set, for a
// lookup of them.
func optionalIDs(ids ...*string) []string {
	var out []string
	for _, id := range ids {
		if id != nil {
			out = append(out, *id)
		}
	}
	return out
}

// storyView renders a story; media holds its cover.
func (h *Handler) storyView(s *cms.Story, media map[string]*cms.MediaAsset) *StoryView {
	v := &StoryView{ID: s.ID, Title: s.Title, Slug: s.Slug, Description: s.Description, Status: s.Status, WhatWeKnow: s.WhatWeKnow,
		WhatWeKnowAt: s.WhatWeKnowUpdatedAt, Featured: s.Featured, Position: s.Position, PublishedCount: s.PublishedCount, UpdatedAt: s.UpdatedAt}
	if s.CoverMediaID != nil {
		v.Cover = (&renderer{mediaBase: h.MediaBase}).image(media[*s.CoverMediaID], "")
	}
	return v
}

// detail serves a section, tag, author or story page: the object and the
// first page of its live articles. build returns the object and the keys of
// what it shows besides the list and what:id (its images).
func (h *Handler) detail(c *gin.Context, table, what string, build func(tx *store.Tx, id string, list *ArticleList) (any, []string, error), filter func(*store.LiveFilter, string)) {
	slug, err := slugParam(c, what)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		cursor, limit, err := httpapi.Paging(c)
		if err != nil {
			return nil, err
		}
		id, err := tx.IDBySlug(table, slug)
		if err != nil {
			return nil, err
		}
		f := store.LiveFilter{Cursor: cursor, Limit: limit}
		filter(&f, id)
		list, keys, err := h.articleList(tx, f)
		if err != nil {
			return nil, err
		}
		v, more, err := build(tx, id, list)
		if err != nil {
			return nil, err
		}
		return &rendered{value: v, keys: append(append(keys, what+":"+id), more...)}, nil
	})
}

func (h *Handler) story(c *gin.Context) {
	h.detail(c, "stories", "story", func(tx *store.Tx, id string, list *ArticleList) (any, []string, error) {
		s, err := tx.Story(id)
		if err != nil {
			return nil, nil, err
		}
		media, err := tx.MediaByID(optionalIDs(s.CoverMediaID))
		if err != nil {
			return nil, nil, err
		}
		v := h.storyView(s, media)
		v.Articles = list
		return v, storyKeys(v), nil
	}, func(f *store.LiveFilter, id string) { f.StoryID = id })
}

func (h *Handler) listSections(c *gin.Context) {
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		var out []SectionView
		cursor := ""
		for {
			page, err := tx.ListSections(store.ListFilter{Cursor: cursor, Limit: 100})
			if err != nil {
				return nil, err
			}
			for _, s := range page.Data {
				out = append(out, SectionView{ID: s.ID, Name: s.Name, Slug: s.Slug, Description: s.Description, ParentID: s.ParentID, Position: s.Position})
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		return &rendered{value: httpapi.NewList(out, ""), keys: []string{"sections"}}, nil
	})
}

func (h *Handler) section(c *gin.Context) {
	h.detail(c, "sections", "section", func(tx *store.Tx, id string, list *ArticleList) (any, []string, error) {
		s, err := tx.Section(id)
		if err != nil {
			return nil, nil, err
		}
		return SectionView{ID: s.ID, Name: s.Name, Slug: s.Slug, Description: s.Description, ParentID: s.ParentID, Position: s.Position, Articles: list}, nil, nil
	}, func(f *store.LiveFilter, id string) { f.SectionID = id })
}

func (h *Handler) tag(c *gin.Context) {
	h.detail(c, "tags", "tag", func(tx *store.Tx, id string, list *ArticleList) (any, []string, error) {
		t, err := tx.Tag(id)
		if err != nil {
			return nil, nil, err
		}
		return TagView{Tag: Tag{ID: t.ID, Name: t.Name, Slug: t.Slug}, Articles: list}, nil, nil
	}, func(f *store.LiveFilter, id string) { f.TagID = id })
}

func (h *Handler) author(c *gin.Context) {
	h.detail(c, "authors", "author", func(tx *store.Tx, id string, list *ArticleList) (any, []string, error) {
		a, err := tx.Author(id)
		if err != nil {
			return nil, nil, err
		}
		media, err := tx.MediaByID(optionalIDs(a.AvatarMediaID))
		if err != nil {
			return nil, nil, err
		}
		v := AuthorView{Author: (&renderer{mediaBase: h.MediaBase}).author(a, media), Articles: list}
		return v, authorKeys(v.Author), nil
	}, func(f *store.LiveFilter, id string) { f.AuthorID = id })
}
