package admin

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/accounts"
	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/store"
)

func (h *Handler) mountUsers(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/users", Tag: "users", Auth: true, Summary: "List users (admins)",
		Query: append([]httpapi.Param{
			{Name: "role", Description: "writer, editor, moderator or admin"},
			{Name: "active", Type: "boolean"},
			{Name: "q", Description: "part of the name or e-mail"},
		}, httpapi.PagingParams...),
		Response: httpapi.List[*cms.User]{}, Handler: h.listUsers}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/users", Tag: "users", Auth: true, Summary: "Create a user (admins)",
		Body: accounts.NewUser{}, Status: http.StatusCreated, Response: cms.User{}, Handler: h.createUser}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/users/:id", Tag: "users", Auth: true, Summary: "Get a user (admins)",
		Response: cms.User{}, Handler: h.getUser}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/writers", Tag: "users", Auth: true,
		Summary: "List the active writers, ids and names only, to assign to live articles (editors)",
		Query: append([]httpapi.Param{
			{Name: "q", Description: "part of the name"},
			{Name: "ids", Description: "comma-separated user ids, at most 50: only these writers"},
		}, httpapi.PagingParams...),
		Response: httpapi.List[accounts.Writer]{}, Handler: h.listWriters}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPatch, Path: "/users/:id", Tag: "users", Auth: true,
		Summary: "Change a user's name, e-mail, roles, active flag or password (admins); deactivation and password reset end the user's sessions",
		Headers: []httpapi.Param{httpapi.IfMatchHeader}, Body: accounts.UserPatch{}, Response: cms.User{}, Handler: h.patchUser}, auth)
}

func (h *Handler) listUsers(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := store.UserFilter{Cursor: cursor, Limit: limit}
	if r := c.Query("role"); r != "" {
		role, ok := cms.ParseRole(r)
		if !ok {
			httpapi.Error(c, cms.FieldError("role", "must be writer, editor, moderator or admin"))
			return
		}
		f.Role = role
	}
	if f.Active, err = httpapi.QueryBool(c, "active"); err != nil {
		httpapi.Error(c, err)
		return
	}
	if f.Query, err = httpapi.QueryText(c, "q", 200); err != nil {
		httpapi.Error(c, err)
		return
	}
	page, err := h.Accounts.ListUsers(c.Request.Context(), actor(c), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

func (h *Handler) createUser(c *gin.Context) {
	var in accounts.NewUser
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	u, err := h.Accounts.CreateUser(c.Request.Context(), actor(c), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Location", h.prefix+"/users/"+u.ID)
	writeVersioned(c, http.StatusCreated, u.Version, u)
}

func (h *Handler) getUser(c *gin.Context) {
	u, err := h.Accounts.User(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, u.Version, u)
}

func (h *Handler) patchUser(c *gin.Context) {
	version, err := httpapi.IfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in accounts.UserPatch
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	u, err := h.Accounts.UpdateUser(c.Request.Context(), actor(c), c.Param("id"), version, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, u.Version, u)
}

func (h *Handler) listWriters(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := accounts.WriterFilter{Cursor: cursor, Limit: limit}
	if f.Query, err = httpapi.QueryText(c, "q", 200); err != nil {
		httpapi.Error(c, err)
		return
	}
	ids, err := httpapi.QueryText(c, "ids", 50*65)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	if ids != "" {
		f.IDs = strings.Split(ids, ",")
		if len(f.IDs) > 50 || slices.ContainsFunc(f.IDs, func(id string) bool { return id == "" || len(id) > 64 }) {
			httpapi.Error(c, cms.FieldError("ids", "must be at most 50 comma-separated ids"))
			return
		}
	}
	page, err := h.Accounts.ListWriters(c.Request.Context(), actor(c), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}
