// Package admin serves the admin API under /api/admin/v1: sign-in, users,
// sections, tags, author profiles and the audit log. Handlers are thin: they
// decode strictly, call one service method with the signed-in actor, and
// encode the result.
package admin

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/accounts"
	"newsroom/cms"
	"newsroom/editorial"
	"newsroom/httpapi"
	"newsroom/media"
	"newsroom/moderation"
	"newsroom/store"
	"newsroom/webhook"
)

// Handler holds the services the admin API calls.
type Handler struct {
	Accounts  *accounts.Service
	Editorial *editorial.Service
	Media     *media.Service   // nil: the media routes are not mounted
	Webhooks  *webhook.Service // nil: the webhook routes are not mounted
	// Moderation serves comments and bans; nil: those routes are not mounted.
	Moderation *moderation.Service
	Log        *slog.Logger

	prefix string // where the API is mounted, for Location headers
}

const (
	actorKey   = "actor"
	sessionKey = "session"
	userKey    = "user"
)

// requireAuth resolves the bearer token into the actor of the request, or
// answers 401.
func (h *Handler) requireAuth(c *gin.Context) {
	const prefix = "Bearer "
	authz := c.GetHeader("Authorization")
	token := ""
	if len(authz) > len(prefix) && (authz[:len(prefix)] == prefix || authz[:len(prefix)] == "bearer ") {
		token = authz[len(prefix):]
	}
	sess, user, err := h.Accounts.Authenticate(c.Request.Context(), token)
	if err != nil {
		c.Header("WWW-Authenticate", `Bearer realm="newsroom"`)
		httpapi.Error(c, err)
		return
	}
	c.Set(actorKey, user.Actor(c.ClientIP()))
	c.Set(sessionKey, sess)
	c.Set(userKey, user)
	c.Next()
}

func actor(c *gin.Context) cms.Actor {
	return c.MustGet(actorKey).(cms.Actor)
}

// Mount registers the admin API's routes on group.
func (h *Handler) Mount(group *gin.RouterGroup, t *httpapi.Table) {
	h.prefix = group.BasePath()
	auth := h.requireAuth
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/auth/login", Tag: "auth", Summary: "Sign in with e-mail and password; returns a bearer token",
		Body: loginBody{}, Response: accounts.Login{}, Handler: h.login})
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/auth/logout", Tag: "auth", Auth: true, Summary: "End the current session",
		Status: http.StatusNoContent, Handler: h.logout}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/me", Tag: "auth", Auth: true, Summary: "The signed-in user",
		Response: cms.User{}, Handler: h.me}, auth)
	h.mountUsers(group, t, auth)
	h.mountTaxonomy(group, t, auth)
	h.mountArticles(group, t, auth)
	h.mountStories(group, t, auth)
	h.mountLive(group, t, auth)
	h.mountMedia(group, t, auth)
	h.mountComments(group, t, auth)
	h.mountWebhooks(group, t, auth)
	h.mountAPIKeys(group, t, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/audit", Tag: "audit", Auth: true, Summary: "The audit log, newest first (admins)",
		Query: append([]httpapi.Param{
			{Name: "actor_id", Description: "only events of this user"},
			{Name: "entity_type", Description: "user, section, tag, author, article..."},
			{Name: "entity_id", Description: "only events about this object"},
			{Name: "action", Description: "e.g. user.create"},
		}, httpapi.PagingParams...),
		Response: httpapi.List[*cms.AuditEvent]{}, Handler: h.listAudit}, auth)
}

type loginBody struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (h *Handler) login(c *gin.Context) {
	var in loginBody
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	f := cms.Fields{}
	if in.Email == "" {
		f.Add("email", "is required")
	}
	if in.Password == "" {
		f.Add("password", "is required")
	}
	if err := f.Err(); err != nil {
		httpapi.Error(c, err)
		return
	}
	login, err := h.Accounts.Login(c.Request.Context(), in.Email, in.Password, c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, login)
}

func (h *Handler) logout(c *gin.Context) {
	sess := c.MustGet(sessionKey).(*cms.Session)
	if err := h.Accounts.Logout(c.Request.Context(), actor(c), sess.ID); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// me answers with the signed-in user: everyone may read themselves.
func (h *Handler) me(c *gin.Context) {
	user := c.MustGet(userKey).(*cms.User)
	writeVersioned(c, http.StatusOK, user.Version, user)
}

// writeVersioned answers with the object and its version as the ETag.
func writeVersioned(c *gin.Context, status int, version int64, v any) {
	c.Header("ETag", httpapi.ETag(version))
	c.Header("Cache-Control", "no-store")
	c.JSON(status, v)
}

func (h *Handler) listAudit(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := store.AuditFilter{Cursor: cursor, Limit: limit}
	for _, p := range []struct {
		name string
		dst  *string
	}{{"actor_id", &f.ActorID}, {"entity_type", &f.EntityType}, {"entity_id", &f.EntityID}, {"action", &f.Action}} {
		if *p.dst, err = httpapi.QueryText(c, p.name, 100); err != nil {
			httpapi.Error(c, err)
			return
		}
	}
	page, err := h.Accounts.Audit(c.Request.Context(), actor(c), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}
