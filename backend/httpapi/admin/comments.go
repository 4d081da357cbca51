package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/moderation"
)

// bulkAnswer is the answer to a bulk action: one result per id, in order.
type bulkAnswer struct {
	Results   []moderation.BulkResult `json:"results"`
	Succeeded int                     `json:"succeeded"`
	Failed    int                     `json:"failed"`
}

var commentFilters = []httpapi.Param{
	{Name: "status", Description: "pending (default), approved, rejected, spam or all"},
	{Name: "article_id", Description: "only comments on this article"},
	{Name: "likely_spam", Type: "boolean", Description: "only comments the automatic checks marked (true) or did not (false)"},
}

func (h *Handler) mountComments(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	if h.Moderation == nil {
		return
	}
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/comments", Tag: "comments", Auth: true,
		Summary:  "The moderation queue, oldest first, with each article's headline and the commenter's history (moderators, admins)",
		Query:    append(append([]httpapi.Param{}, commentFilters...), httpapi.PagingParams...),
		Response: httpapi.List[*cms.Comment]{}, Handler: h.listComments}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/comments/bulk", Tag: "comments", Auth: true,
		Summary: "Approve, reject, mark as spam or delete up to 200 comments; one result per id (moderators, admins)",
		Body:    moderation.BulkInput{}, Response: bulkAnswer{}, Handler: h.bulkComments}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/comments/:id", Tag: "comments", Auth: true,
		Summary: "A comment with the commenter's history (moderators, admins)", Response: cms.Comment{}, Handler: h.getComment}, auth)
	for _, act := range []struct {
		action  moderation.Action
		summary string
	}{
		{moderation.ActionApprove, "Approve a comment: readers see it (moderators, admins)"},
		{moderation.ActionReject, "Reject a comment, with an optional note (moderators, admins)"},
		{moderation.ActionSpam, "Mark a comment as spam (moderators, admins)"},
	} {
		action := act.action
		t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/comments/:id/" + string(action), Tag: "comments", Auth: true,
			Summary: act.summary, Body: moderation.DecisionInput{}, BodyOptional: true, Response: cms.Comment{},
			Handler: func(c *gin.Context) { h.moderate(c, action) }}, auth)
	}
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: "/comments/:id", Tag: "comments", Auth: true,
		Summary: "Delete a comment and its replies (moderators, admins)", Status: http.StatusNoContent, Handler: h.deleteComment}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/bans", Tag: "comments", Auth: true,
		Summary: "Banned commenters, newest first, expired bans included (moderators, admins)",
		Query:   httpapi.PagingParams, Response: httpapi.List[*cms.Ban]{}, Handler: h.listBans}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/bans", Tag: "comments", Auth: true,
		Summary: "Ban an e-mail or a client address, or the commenter of a comment, optionally until expires_at; " +
			"the commenter's pending comments are rejected (marked spam with spam: true) in the same step and counted in cleared_comments; " +
			"approved ones stay (moderators, admins)",
		Body: moderation.BanInput{}, Status: http.StatusCreated, Response: cms.Ban{}, Handler: h.createBan}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/bans/:id", Tag: "comments", Auth: true,
		Summary: "A ban (moderators, admins)", Response: cms.Ban{}, Handler: h.getBan}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: "/bans/:id", Tag: "comments", Auth: true,
		Summary: "Lift a ban (moderators, admins)", Status: http.StatusNoContent, Handler: h.deleteBan}, auth)
}

func (h *Handler) listComments(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := moderation.QueueFilter{Cursor: cursor, Limit: limit}
	if f.Status, err = httpapi.QueryText(c, "status", 20); err != nil {
		httpapi.Error(c, err)
		return
	}
	if f.ArticleID, err = httpapi.QueryText(c, "article_id", 100); err != nil {
		httpapi.Error(c, err)
		return
	}
	if f.LikelySpam, err = httpapi.QueryBool(c, "likely_spam"); err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Moderation.Queue(c.Request.Context(), actor(c), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) getComment(c *gin.Context) {
	cm, err := h.Moderation.Comment(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, cm.Version, cm)
}

func (h *Handler) moderate(c *gin.Context, action moderation.Action) {
	var in moderation.DecisionInput
	if c.Request.ContentLength != 0 {
		if err := httpapi.Decode(c, &in); err != nil {
			httpapi.Error(c, err)
			return
		}
	}
	cm, err := h.Moderation.Moderate(c.Request.Context(), actor(c), c.Param("id"), action, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, cm.Version, cm)
}

func (h *Handler) deleteComment(c *gin.Context) {
	if err := h.Moderation.Delete(c.Request.Context(), actor(c), c.Param("id")); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *Handler) bulkComments(c *gin.Context) {
	var in moderation.BulkInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	results, err := h.Moderation.Bulk(c.Request.Context(), actor(c), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	out := bulkAnswer{Results: results}
	for _, r := range results {
		if r.OK {
			out.Succeeded++
		} else {
			out.Failed++
		}
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

func (h *Handler) listBans(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Moderation.Bans(c.Request.Context(), actor(c), cursor, limit)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) createBan(c *gin.Context) {
	var in moderation.BanInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	ban, err := h.Moderation.Ban(c.Request.Context(), actor(c), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Location", h.prefix+"/bans/"+ban.ID)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, ban)
}

func (h *Handler) getBan(c *gin.Context) {
	ban, err := h.Moderation.GetBan(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, ban)
}

func (h *Handler) deleteBan(c *gin.Context) {
	if err := h.Moderation.Unban(c.Request.Context(), actor(c), c.Param("id")); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
