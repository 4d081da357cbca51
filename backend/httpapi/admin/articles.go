package admin

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/editorial"
	"newsroom/httpapi"
	"newsroom/store"
)

// actionPaths maps each workflow endpoint to its action.
var actionPaths = []struct {
	path    string
	action  cms.Action
	summary string
}{
	{"submit", cms.ActionSubmit, "Submit a draft for review (owner writer, editor)"},
	{"request-changes", cms.ActionRequestChanges, "Send an article in review back to its writer with a note (editors)"},
	{"publish", cms.ActionPublish, "Publish now, optionally with a public correction (editors)"},
	{"schedule", cms.ActionSchedule, "Schedule publication at publish_at (editors)"},
	{"cancel-schedule", cms.ActionCancelSchedule, "Cancel a schedule; the article returns to review (editors)"},
	{"unpublish", cms.ActionUnpublish, "Take a live article off the site, with a reason (editors)"},
	{"archive", cms.ActionArchive, "Archive a draft or unpublished article (editors)"},
}

var articleFilters = []httpapi.Param{
	{Name: "status", Description: "draft, in_review, scheduled, published, unpublished or archived"},
	{Name: "section", Description: "section id"},
	{Name: "story", Description: "story id"},
	{Name: "tag", Description: "tag id"},
	{Name: "author", Description: "author profile id"},
	{Name: "created_by", Description: "user id"},
	{Name: "language", Description: "ar or en"},
	{Name: "kind", Description: "standard, live or video"},
	{Name: "q", Description: "words of the headline or text (Arabic-aware)"},
}

func (h *Handler) mountArticles(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	ifMatch := []httpapi.Param{httpapi.IfMatchHeader}
	optionalIfMatch := []httpapi.Param{{Name: "If-Match", Description: "the version the action is based on; 412 when stale"}}
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles", Tag: "articles", Auth: true,
		Summary:  "List articles, most recently updated first (writers: their own and live ones)",
		Query:    append(append([]httpapi.Param{}, articleFilters...), httpapi.PagingParams...),
		Response: httpapi.List[*cms.Article]{}, Handler: h.listArticles}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/articles", Tag: "articles", Auth: true, Summary: "Create a draft",
		Body: editorial.ArticleInput{}, Status: http.StatusCreated, Response: cms.Article{}, Handler: h.createArticle}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:id", Tag: "articles", Auth: true, Summary: "Get an article's working copy",
		Response: cms.Article{}, Handler: h.getArticle}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPatch, Path: "/articles/:id", Tag: "articles", Auth: true,
		Summary: "Save a change of the working copy (a new revision); a published article becomes a draft while readers keep the live version",
		Headers: ifMatch, Body: editorial.ArticleInput{}, Response: cms.Article{}, Handler: h.patchArticle}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: "/articles/:id", Tag: "articles", Auth: true,
		Summary: "Delete a draft that is not live", Headers: optionalIfMatch, Status: http.StatusNoContent, Handler: h.deleteArticle}, auth)
	for _, ap := range actionPaths {
		action := ap.action
		t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/articles/:id/" + ap.path, Tag: "workflow", Auth: true,
			Summary: ap.summary, Headers: optionalIfMatch, Body: editorial.TransitionInput{}, BodyOptional: true, Response: cms.Article{},
			Handler: func(c *gin.Context) { h.transition(c, action) }}, auth)
	}
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/articles/:id/preview-links", Tag: "articles", Auth: true,
		Summary: "Create a secret, expiring link to the working copy as readers would see it (editors, owner writer)",
		Body:    editorial.PreviewInput{}, BodyOptional: true, Status: http.StatusCreated, Response: editorial.PreviewLink{}, Handler: h.previewLink}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:id/history", Tag: "workflow", Auth: true,
		Summary: "The article's workflow history, oldest first", Response: []*cms.WorkflowEvent{}, Handler: h.history}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:id/revisions", Tag: "revisions", Auth: true,
		Summary: "The article's revisions, newest first", Query: httpapi.PagingParams,
		Response: httpapi.List[*cms.Revision]{}, Handler: h.revisions}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:id/revisions/:n", Tag: "revisions", Auth: true,
		Summary: "One revision with its content", Response: cms.Revision{}, Handler: h.revision}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:id/revisions/:n/diff", Tag: "revisions", Auth: true,
		Summary:  "What changed from revision `against` to revision n: fields, and the body block by block",
		Query:    []httpapi.Param{{Name: "against", Type: "integer", Required: true, Description: "the older revision number"}},
		Response: editorial.Diff{}, Handler: h.diff}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/articles/:id/revisions/:n/restore", Tag: "revisions", Auth: true,
		Summary: "Make revision n the working copy again, as a new revision (editors)", Headers: optionalIfMatch,
		Response: cms.Article{}, Handler: h.restore}, auth)
}

func (h *Handler) listArticles(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := store.ArticleFilter{Cursor: cursor, Limit: limit}
	for _, p := range []struct {
		name string
		dst  *string
	}{{"section", &f.SectionID}, {"story", &f.StoryID}, {"tag", &f.TagID}, {"author", &f.AuthorID}, {"created_by", &f.CreatedBy}} {
		if *p.dst, err = httpapi.QueryText(c, p.name, 64); err != nil {
			httpapi.Error(c, err)
			return
		}
	}
	if v := c.Query("status"); v != "" {
		if !slices.Contains(cms.Statuses, cms.Status(v)) {
			httpapi.Error(c, cms.FieldError("status", "must be draft, in_review, scheduled, published, unpublished or archived"))
			return
		}
		f.Status = cms.Status(v)
	}
	if v := c.Query("language"); v != "" {
		if !slices.Contains(cms.Languages, cms.Language(v)) {
			httpapi.Error(c, cms.FieldError("language", "must be ar or en"))
			return
		}
		f.Language = cms.Language(v)
	}
	if v := c.Query("kind"); v != "" {
		if !slices.Contains(cms.Kinds, cms.Kind(v)) {
			httpapi.Error(c, cms.FieldError("kind", "must be standard, live or video"))
			return
		}
		f.Kind = cms.Kind(v)
	}
	if f.Query, err = httpapi.QueryText(c, "q", 200); err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Editorial.ListArticles(c.Request.Context(), actor(c), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) createArticle(c *gin.Context) {
	var in editorial.ArticleInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	art, err := h.Editorial.CreateArticle(c.Request.Context(), actor(c), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Location", h.prefix+"/articles/"+art.ID)
	writeVersioned(c, http.StatusCreated, art.Version, art)
}

func (h *Handler) getArticle(c *gin.Context) {
	art, err := h.Editorial.Article(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, art.Version, art)
}

func (h *Handler) patchArticle(c *gin.Context) {
	version, err := httpapi.IfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in editorial.ArticleInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	art, err := h.Editorial.UpdateArticle(c.Request.Context(), actor(c), c.Param("id"), version, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, art.Version, art)
}

func (h *Handler) deleteArticle(c *gin.Context) {
	version, ok, err := httpapi.OptionalIfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	if err := h.Editorial.DeleteArticle(c.Request.Context(), actor(c), c.Param("id"), version, ok); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// transition runs a workflow action. The body is optional: an empty body
// (or none) is an action without note.
func (h *Handler) transition(c *gin.Context, action cms.Action) {
	version, ok, err := httpapi.OptionalIfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in editorial.TransitionInput
	if c.Request.ContentLength != 0 {
		if err := httpapi.Decode(c, &in); err != nil {
			httpapi.Error(c, err)
			return
		}
	}
	art, err := h.Editorial.Transition(c.Request.Context(), actor(c), c.Param("id"), action, version, ok, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, art.Version, art)
}

func (h *Handler) history(c *gin.Context) {
	events, err := h.Editorial.History(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, events)
}

func (h *Handler) revisions(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Editorial.Revisions(c.Request.Context(), actor(c), c.Param("id"), cursor, limit)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

// revisionNumber reads a revision number from the path (where anything
// else names no revision: 404) or the query (422 naming the parameter).
func revisionNumber(s, name string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case (err != nil || n < 1) && name == "n":
		return 0, cms.Errorf(cms.ENotFound, "revision not found")
	case err != nil || n < 1:
		return 0, cms.FieldError(name, "must be a revision number (1, 2, ...)")
	}
	return n, nil
}

func (h *Handler) revision(c *gin.Context) {
	n, err := revisionNumber(c.Param("n"), "n")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	rev, err := h.Editorial.Revision(c.Request.Context(), actor(c), c.Param("id"), n)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, rev)
}

func (h *Handler) diff(c *gin.Context) {
	n, err := revisionNumber(c.Param("n"), "n")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	against, err := revisionNumber(c.Query("against"), "against")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	d, err := h.Editorial.DiffRevisions(c.Request.Context(), actor(c), c.Param("id"), n, against)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

func (h *Handler) restore(c *gin.Context) {
	n, err := revisionNumber(c.Param("n"), "n")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	version, ok, err := httpapi.OptionalIfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	art, err := h.Editorial.RestoreRevision(c.Request.Context(), actor(c), c.Param("id"), n, version, ok)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, art.Version, art)
}

func (h *Handler) previewLink(c *gin.Context) {
	var in editorial.PreviewInput
	if c.Request.ContentLength != 0 {
		if err := httpapi.Decode(c, &in); err != nil {
			httpapi.Error(c, err)
			return
		}
	}
	link, err := h.Editorial.CreatePreviewLink(c.Request.Context(), actor(c), c.Param("id"), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, link)
}
