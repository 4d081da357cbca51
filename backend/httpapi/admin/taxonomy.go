package admin

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/editorial"
	"newsroom/httpapi"
	"newsroom/store"
)

// resource describes the five routes of a plain collection (list, create,
// get, patch, delete), which sections, tags and authors share.
type resource[T any, In any] struct {
	path    string // "/sections"
	tag     string
	noun    string // "section"
	list    func(context.Context, cms.Actor, store.ListFilter) (cms.Page[*T], error)
	create  func(context.Context, cms.Actor, In) (*T, error)
	get     func(context.Context, cms.Actor, string) (*T, error)
	update  func(context.Context, cms.Actor, string, int64, In) (*T, error)
	remove  func(context.Context, cms.Actor, string) error
	version func(*T) int64
	id      func(*T) string
	extra   []httpapi.Param // list filters beyond q
	filter  func(*gin.Context, *store.ListFilter) error
}

func (h *Handler) mountTaxonomy(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	ed := h.Editorial
	mountResource(h, group, t, auth, resource[cms.Section, editorial.SectionInput]{
		path: "/sections", tag: "sections", noun: "section",
		list: ed.ListSections, create: ed.CreateSection, get: ed.Section, update: ed.UpdateSection, remove: ed.DeleteSection,
		version: func(s *cms.Section) int64 { return s.Version }, id: func(s *cms.Section) string { return s.ID },
		extra: []httpapi.Param{{Name: "parent_id", Description: "only children of this section; empty for top-level sections"}},
		filter: func(c *gin.Context, f *store.ListFilter) error {
			if _, ok := c.GetQuery("parent_id"); ok {
				p, err := httpapi.QueryText(c, "parent_id", 100)
				if err != nil {
					return err
				}
				f.ParentID = &p
			}
			return nil
		},
	})
	mountResource(h, group, t, auth, resource[cms.Tag, editorial.TagInput]{
		path: "/tags", tag: "tags", noun: "tag",
		list: ed.ListTags, create: ed.CreateTag, get: ed.Tag, update: ed.UpdateTag, remove: ed.DeleteTag,
		version: func(s *cms.Tag) int64 { return s.Version }, id: func(s *cms.Tag) string { return s.ID },
	})
	mountResource(h, group, t, auth, resource[cms.Author, editorial.AuthorInput]{
		path: "/authors", tag: "authors", noun: "author profile",
		list: ed.ListAuthors, create: ed.CreateAuthor, get: ed.Author, update: ed.UpdateAuthor, remove: ed.DeleteAuthor,
		version: func(s *cms.Author) int64 { return s.Version }, id: func(s *cms.Author) string { return s.ID },
	})
}

func mountResource[T any, In any](h *Handler, group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc, r resource[T, In]) {
	var zeroT T
	var zeroIn In
	query := append(append([]httpapi.Param{{Name: "q", Description: "part of the name or slug"}}, r.extra...), httpapi.PagingParams...)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: r.path, Tag: r.tag, Auth: true, Summary: "List " + r.tag,
		Query: query, Response: httpapi.List[*T]{}, Handler: func(c *gin.Context) {
			cursor, limit, err := httpapi.Paging(c)
			if err != nil {
				httpapi.Error(c, err)
				return
			}
			f := store.ListFilter{Cursor: cursor, Limit: limit}
			if f.Query, err = httpapi.QueryText(c, "q", 200); err != nil {
				httpapi.Error(c, err)
				return
			}
			if r.filter != nil {
				if err := r.filter(c, &f); err != nil {
					httpapi.Error(c, err)
					return
				}
			}
			page, err := r.list(c.Request.Context(), actor(c), f)
			if err != nil {
				httpapi.Error(c, err)
				return
			}
			c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
		}}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: r.path, Tag: r.tag, Auth: true, Summary: "Create a " + r.noun + " (editors)",
		Body: zeroIn, Status: http.StatusCreated, Response: zeroT, Handler: func(c *gin.Context) {
			var in In
			if err := httpapi.Decode(c, &in); err != nil {
				httpapi.Error(c, err)
				return
			}
			obj, err := r.create(c.Request.Context(), actor(c), in)
			if err != nil {
				httpapi.Error(c, err)
				return
			}
			c.Header("Location", h.prefix+r.path+"/"+r.id(obj))
			writeVersioned(c, http.StatusCreated, r.version(obj), obj)
		}}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: r.path + "/:id", Tag: r.tag, Auth: true, Summary: "Get a " + r.noun,
		Response: zeroT, Handler: func(c *gin.Context) {
			obj, err := r.get(c.Request.Context(), actor(c), c.Param("id"))
			if err != nil {
				httpapi.Error(c, err)
				return
			}
			writeVersioned(c, http.StatusOK, r.version(obj), obj)
		}}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPatch, Path: r.path + "/:id", Tag: r.tag, Auth: true, Summary: "Change a " + r.noun + " (editors)",
		Headers: []httpapi.Param{httpapi.IfMatchHeader}, Body: zeroIn, Response: zeroT, Handler: func(c *gin.Context) {
			version, err := httpapi.IfMatch(c)
			if err != nil {
				httpapi.Error(c, err)
				return
			}
			var in In
			if err := httpapi.Decode(c, &in); err != nil {
				httpapi.Error(c, err)
				return
			}
			obj, err := r.update(c.Request.Context(), actor(c), c.Param("id"), version, in)
			if err != nil {
				httpapi.Error(c, err)
				return
			}
			writeVersioned(c, http.StatusOK, r.version(obj), obj)
		}}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: r.path + "/:id", Tag: r.tag, Auth: true, Summary: "Delete a " + r.noun + " (editors)",
		Status: http.StatusNoContent, Handler: func(c *gin.Context) {
			if err := r.remove(c.Request.Context(), actor(c), c.Param("id")); err != nil {
				httpapi.Error(c, err)
				return
			}
			c.Status(http.StatusNoContent)
		}}, auth)
}
