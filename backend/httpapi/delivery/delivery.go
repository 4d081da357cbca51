// Package delivery serves the public delivery API under /api/v1: published
// content only, for every frontend. The only way to a working copy is a
// preview link.
package delivery

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/editorial"
	"newsroom/httpapi"
	"newsroom/moderation"
	"newsroom/pagecache"
	"newsroom/store"
)

// Handler holds what the delivery API reads.
type Handler struct {
	DB        *store.DB
	Editorial *editorial.Service
	// MediaBase is the public base URL of media objects ("" serves them from
	// the backend under /media/).
	MediaBase string
	Log       *slog.Logger
	// Cache holds rendered responses; Caching sets their HTTP caching.
	Cache   *pagecache.Cache
	Caching Caching
	// Hub wakes live-entry streams; Stopping closes when the server stops,
	// ending them so shutdown is not held up.
	Hub      *Hub
	Stopping <-chan struct{}
	// Site is where feeds and sitemaps send readers.
	Site Site
	// Access is the rate limit and API key check (access.go); nil: none.
	Access *Access
	// Moderation takes and serves reader comments; nil: no comment routes.
	Moderation *moderation.Service

	cacheControlValue []string // made by Mount from Caching
}

// Mount registers the delivery API's routes on group.
func (h *Handler) Mount(group *gin.RouterGroup, t *httpapi.Table) {
	h.cacheControlValue = []string{h.cacheControl()}
	group.Use(h.Access.Handle)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/preview/:token", Tag: "delivery",
		Summary:  "The working copy behind a preview link, rendered as readers would see it; 404 when the link is unknown or expired",
		Response: Article{}, Handler: h.preview})
	h.mountReading(group, t)
	h.mountLive(group, t)
	h.mountSearch(group, t)
	h.mountFeeds(group, t)
	h.mountComments(group, t)
}

func (h *Handler) preview(c *gin.Context) {
	// Preview pages are private: never cached by a CDN, never indexed.
	c.Header("Cache-Control", "private, no-store")
	c.Header("X-Robots-Tag", "noindex, nofollow")
	ctx := c.Request.Context()
	art, err := h.Editorial.PreviewArticle(ctx, c.Param("token"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	// From the primary, as the working copy itself: the images a writer just
	// added may not be on a read replica yet.
	r := &renderer{tx: h.DB.View(ctx), mediaBase: h.MediaBase}
	out, err := r.article(art, art.FirstPublishedAt, art.UpdatedAt)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	out.Preview = &PreviewInfo{Status: art.Status, Note: "a preview of the working copy; readers do not see it"}
	c.JSON(http.StatusOK, out)
}
