package admin

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/editorial"
	"newsroom/httpapi"
	"newsroom/store"
)

func (h *Handler) mountStories(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	optionalIfMatch := []httpapi.Param{{Name: "If-Match", Description: "the version the change is based on; 412 when stale"}}
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/stories", Tag: "stories", Auth: true,
		Summary: "List stories, most recently updated first; with featured=true, the home page's strip by position",
		Query: append([]httpapi.Param{
			{Name: "featured", Type: "boolean", Description: "true: only featured stories, by position (the home page's strip); false: only the others"},
			{Name: "status", Description: "developing or concluded"},
			{Name: "q", Description: "part of the title or slug"},
		}, httpapi.PagingParams...),
		Response: httpapi.List[*cms.Story]{}, Handler: h.listStories}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/stories", Tag: "stories", Auth: true,
		Summary: "Create a story (editors); the slug is made from the title when absent",
		Body:    editorial.StoryInput{}, Status: http.StatusCreated, Response: cms.Story{}, Handler: h.createStory}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/stories/:id", Tag: "stories", Auth: true,
		Summary: "Get a story with its counts of articles", Response: cms.Story{}, Handler: h.getStory}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPatch, Path: "/stories/:id", Tag: "stories", Auth: true,
		Summary: "Change a story (editors); a new what_we_know records what_we_know_updated_at",
		Headers: []httpapi.Param{httpapi.IfMatchHeader}, Body: editorial.StoryInput{}, Response: cms.Story{}, Handler: h.patchStory}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: "/stories/:id", Tag: "stories", Auth: true,
		Summary: "Delete a story no article is in (editors); 409 saying how many articles still are",
		Headers: optionalIfMatch, Status: http.StatusNoContent, Handler: h.deleteStory}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/stories/:id/articles", Tag: "stories", Auth: true,
		Summary: "The story's timeline: its articles newest first, or in the editors' order when manual_order is set",
		Query:   httpapi.PagingParams, Response: httpapi.List[*cms.StoryArticle]{}, Handler: h.storyTimeline}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPut, Path: "/stories/:id/articles", Tag: "stories", Auth: true,
		Summary: "Set the story's articles in timeline order and turn on its manual order (editors); readers' timeline follows at once",
		Headers: optionalIfMatch, Body: editorial.StoryArticlesInput{}, Response: cms.Story{}, Handler: h.putStoryArticles}, auth)
}

func (h *Handler) listStories(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := store.StoryFilter{Cursor: cursor, Limit: limit}
	if f.Featured, err = httpapi.QueryBool(c, "featured"); err != nil {
		httpapi.Error(c, err)
		return
	}
	if v := c.Query("status"); v != "" {
		if !slices.Contains(cms.StoryStatuses, cms.StoryStatus(v)) {
			httpapi.Error(c, cms.FieldError("status", "must be developing or concluded"))
			return
		}
		f.Status = cms.StoryStatus(v)
	}
	if f.Query, err = httpapi.QueryText(c, "q", 200); err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Editorial.ListStories(c.Request.Context(), actor(c), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) createStory(c *gin.Context) {
	var in editorial.StoryInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	st, err := h.Editorial.CreateStory(c.Request.Context(), actor(c), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Location", h.prefix+"/stories/"+st.ID)
	writeVersioned(c, http.StatusCreated, st.Version, st)
}

func (h *Handler) getStory(c *gin.Context) {
	st, err := h.Editorial.Story(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, st.Version, st)
}

func (h *Handler) patchStory(c *gin.Context) {
	version, err := httpapi.IfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in editorial.StoryInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	st, err := h.Editorial.UpdateStory(c.Request.Context(), actor(c), c.Param("id"), version, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, st.Version, st)
}

func (h *Handler) deleteStory(c *gin.Context) {
	version, ok, err := httpapi.OptionalIfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	if err := h.Editorial.DeleteStory(c.Request.Context(), actor(c), c.Param("id"), version, ok); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *Handler) storyTimeline(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Editorial.StoryTimeline(c.Request.Context(), actor(c), c.Param("id"), cursor, limit)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) putStoryArticles(c *gin.Context) {
	version, ok, err := httpapi.OptionalIfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in editorial.StoryArticlesInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	st, err := h.Editorial.SetStoryArticles(c.Request.Context(), actor(c), c.Param("id"), version, ok, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, st.Version, st)
}
