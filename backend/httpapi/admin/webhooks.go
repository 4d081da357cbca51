package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/store"
	"newsroom/webhook"
)

func (h *Handler) mountWebhooks(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	if h.Webhooks == nil {
		return
	}
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/webhooks", Tag: "webhooks", Auth: true,
		Summary: "List webhooks, oldest first, secrets masked (admins)",
		Query:   httpapi.PagingParams, Response: httpapi.List[*cms.Webhook]{}, Handler: h.listWebhooks}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/webhooks", Tag: "webhooks", Auth: true,
		Summary: "Register a webhook for events (admins); the answer is the only one that shows the whole secret that signs its deliveries",
		Body:    webhook.Input{}, Status: http.StatusCreated, Response: cms.Webhook{}, Handler: h.createWebhook}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/webhooks/:id", Tag: "webhooks", Auth: true,
		Summary: "Get a webhook, its secret masked (admins)", Response: cms.Webhook{}, Handler: h.getWebhook}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPatch, Path: "/webhooks/:id", Tag: "webhooks", Auth: true,
		Summary: "Change a webhook's URL, events, description or active flag (admins); an inactive webhook's pending deliveries wait until it is active again",
		Headers: []httpapi.Param{httpapi.IfMatchHeader}, Body: webhook.Input{}, Response: cms.Webhook{}, Handler: h.patchWebhook}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: "/webhooks/:id", Tag: "webhooks", Auth: true,
		Summary: "Delete a webhook and its deliveries, pending ones included (admins)",
		Status:  http.StatusNoContent, Handler: h.deleteWebhook}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/webhooks/:id/rotate-secret", Tag: "webhooks", Auth: true,
		Summary:  "Give a webhook a new secret, shown in full in this answer only; deliveries are signed with it from now on (admins)",
		Headers:  []httpapi.Param{{Name: "If-Match", Type: "string", Description: "the ETag of the webhook; 412 when stale; rotates whatever the version when left out"}},
		Response: cms.Webhook{}, Handler: h.rotateWebhookSecret}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/webhooks/:id/deliveries", Tag: "webhooks", Auth: true,
		Summary: "A webhook's deliveries, newest first, with their status, attempts and last error (admins)",
		Query: append([]httpapi.Param{
			{Name: "status", Description: "pending, delivered or failed"},
		}, httpapi.PagingParams...),
		Response: httpapi.List[*cms.Delivery]{}, Handler: h.listDeliveries}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/webhooks/:id/test", Tag: "webhooks", Auth: true,
		Summary: "Queue a delivery of the event webhook.test to an active webhook, sent within a second or so; follow it in the deliveries (admins)",
		Status:  http.StatusAccepted, Response: cms.Delivery{}, Handler: h.testWebhook}, auth)
}

func (h *Handler) listWebhooks(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Webhooks.List(c.Request.Context(), actor(c), cursor, limit)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) createWebhook(c *gin.Context) {
	var in webhook.Input
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	w, err := h.Webhooks.Create(c.Request.Context(), actor(c), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Location", h.prefix+"/webhooks/"+w.ID)
	writeVersioned(c, http.StatusCreated, w.Version, w)
}

func (h *Handler) getWebhook(c *gin.Context) {
	w, err := h.Webhooks.Webhook(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, w.Version, w)
}

func (h *Handler) patchWebhook(c *gin.Context) {
	version, err := httpapi.IfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in webhook.Input
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	w, err := h.Webhooks.Update(c.Request.Context(), actor(c), c.Param("id"), version, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, w.Version, w)
}

func (h *Handler) deleteWebhook(c *gin.Context) {
	if err := h.Webhooks.Delete(c.Request.Context(), actor(c), c.Param("id")); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *Handler) rotateWebhookSecret(c *gin.Context) {
	version, _, err := httpapi.OptionalIfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	w, err := h.Webhooks.RotateSecret(c.Request.Context(), actor(c), c.Param("id"), version)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, w.Version, w)
}

func (h *Handler) listDeliveries(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := store.DeliveryFilter{WebhookID: c.Param("id"), Cursor: cursor, Limit: limit}
	switch s := cms.DeliveryStatus(c.Query("status")); s {
	case "", cms.DeliveryPending, cms.DeliveryDelivered, cms.DeliveryFailed:
		f.Status = s
	default:
		httpapi.Error(c, cms.FieldError("status", "must be pending, delivered or failed"))
		return
	}
	page, err := h.Webhooks.Deliveries(c.Request.Context(), actor(c), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) testWebhook(c *gin.Context) {
	d, err := h.Webhooks.Test(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Location", h.prefix+"/webhooks/"+d.WebhookID+"/deliveries")
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusAccepted, d)
}
