package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/editorial"
	"newsroom/httpapi"
	"newsroom/store"
)

func (h *Handler) mountLive(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:id/live-entries", Tag: "live", Auth: true,
		Summary: "The live article's entries, newest first",
		Query: append([]httpapi.Param{
			{Name: "include_deleted", Type: "boolean", Description: "true: deleted entries too, with deleted_at (editors)"},
		}, httpapi.PagingParams...),
		Response: httpapi.List[*cms.LiveEntry]{}, Handler: h.listLiveEntries}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/articles/:id/live-entries", Tag: "live", Auth: true,
		Summary: "Add an entry to a live article (its assigned writers, editors; only editors pin); readers of a live article see it at once",
		Body:    editorial.LiveEntryInput{}, Status: http.StatusCreated, Response: cms.LiveEntry{}, Handler: h.createLiveEntry}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:id/live-entries/:entry_id", Tag: "live", Auth: true,
		Summary: "Get a live entry", Response: cms.LiveEntry{}, Handler: h.getLiveEntry}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPatch, Path: "/articles/:id/live-entries/:entry_id", Tag: "live", Auth: true,
		Summary: "Change a live entry (writers their own, editors any; only editors pin or unpin)",
		Headers: []httpapi.Param{httpapi.IfMatchHeader}, Body: editorial.LiveEntryInput{}, Response: cms.LiveEntry{}, Handler: h.patchLiveEntry}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: "/articles/:id/live-entries/:entry_id", Tag: "live", Auth: true,
		Summary: "Delete a live entry (writers their own, editors any); readers' pollers learn of the deletion",
		Headers: []httpapi.Param{{Name: "If-Match", Description: "the version the deletion is based on; 412 when stale"}},
		Status:  http.StatusNoContent, Handler: h.deleteLiveEntry}, auth)
}

func (h *Handler) listLiveEntries(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := store.LiveEntryFilter{Cursor: cursor, Limit: limit}
	incl, err := httpapi.QueryBool(c, "include_deleted")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f.IncludeDeleted = incl != nil && *incl
	page, err := h.Editorial.ListLiveEntries(c.Request.Context(), actor(c), c.Param("id"), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) createLiveEntry(c *gin.Context) {
	var in editorial.LiveEntryInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	e, err := h.Editorial.CreateLiveEntry(c.Request.Context(), actor(c), c.Param("id"), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Location", h.prefix+"/articles/"+e.ArticleID+"/live-entries/"+e.ID)
	writeVersioned(c, http.StatusCreated, e.Version, e)
}

func (h *Handler) getLiveEntry(c *gin.Context) {
	e, err := h.Editorial.LiveEntry(c.Request.Context(), actor(c), c.Param("id"), c.Param("entry_id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, e.Version, e)
}

func (h *Handler) patchLiveEntry(c *gin.Context) {
	version, err := httpapi.IfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in editorial.LiveEntryInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	e, err := h.Editorial.UpdateLiveEntry(c.Request.Context(), actor(c), c.Param("id"), c.Param("entry_id"), version, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, e.Version, e)
}

func (h *Handler) deleteLiveEntry(c *gin.Context) {
	version, ok, err := httpapi.OptionalIfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	if err := h.Editorial.DeleteLiveEntry(c.Request.Context(), actor(c), c.Param("id"), c.Param("entry_id"), version, ok); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
