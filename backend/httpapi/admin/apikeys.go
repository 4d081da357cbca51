package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/accounts"
	"newsroom/cms"
	"newsroom/httpapi"
)

func (h *Handler) mountAPIKeys(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/api-keys", Tag: "api-keys", Auth: true,
		Summary: "List delivery API keys, newest first, revoked ones included, without the keys themselves (admins)",
		Query:   httpapi.PagingParams, Response: httpapi.List[*cms.APIKey]{}, Handler: h.listAPIKeys}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/api-keys", Tag: "api-keys", Auth: true,
		Summary: "Create a delivery API key (admins); the answer is the only one that shows the key, in key",
		Body:    accounts.NewAPIKey{}, Status: http.StatusCreated, Response: cms.APIKey{}, Handler: h.createAPIKey}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: "/api-keys/:id", Tag: "api-keys", Auth: true,
		Summary: "Revoke a delivery API key (admins); every replica refuses it within the key refresh interval",
		Status:  http.StatusNoContent, Handler: h.revokeAPIKey}, auth)
}

func (h *Handler) listAPIKeys(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Accounts.ListAPIKeys(c.Request.Context(), actor(c), cursor, limit)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) createAPIKey(c *gin.Context) {
	var in accounts.NewAPIKey
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	k, err := h.Accounts.CreateAPIKey(c.Request.Context(), actor(c), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, k)
}

func (h *Handler) revokeAPIKey(c *gin.Context) {
	if err := h.Accounts.RevokeAPIKey(c.Request.Context(), actor(c), c.Param("id")); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
