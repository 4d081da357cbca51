package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/httpapi"
	"newsroom/httpapi/admin"
	"newsroom/media"
)

// mountMedia serves the media objects under /media/ straight from the
// object store, for installs without a public base URL (CMS_S3_PUBLIC_URL):
// the key is the path, so /media/<sha256>/w640.jpg is the object
// media/<sha256>/w640.jpg. Anyone may read them, as readers load them.
func (s *Server) mountMedia(root *gin.RouterGroup) {
	if s.deps.Media == nil {
		return
	}
	// HEAD too, as every public GET (httpapi.Table.Handle).
	s.table.Handle(root, httpapi.Route{Method: http.MethodGet, Path: "/media/*key", Tag: "media",
		Summary:  "A media file (original, rendition or crop): immutable, with ETag, If-None-Match (304) and Range (206) support",
		Produces: "image/*", Handler: s.mediaFile})
}

// mediaFile streams one object with http.ServeContent, which answers Range
// requests (206) and If-None-Match (304) from the ETag set here.
func (s *Server) mediaFile(c *gin.Context) {
	key := media.Prefix + strings.TrimPrefix(c.Param("key"), "/")
	obj, err := s.deps.Media.Open(c.Request.Context(), key)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	defer obj.Close()
	info := obj.Info()
	h := c.Writer.Header()
	h.Set("Content-Type", info.ContentType)
	h.Set("Cache-Control", media.CacheControl)
	if info.ETag != "" {
		h.Set("ETag", `"`+info.ETag+`"`)
	}
	http.ServeContent(c.Writer, c.Request, "", info.ModTime, obj)
}

// limitBody caps request bodies at max, except uploads to the media library,
// which may carry the media size limit plus the form's other fields; the
// upload handler enforces the file's own limit as it reads.
func (s *Server) limitBody(max int64) gin.HandlerFunc {
	def := httpapi.LimitBody(max)
	if s.deps.Media == nil {
		return def
	}
	upload := httpapi.LimitBody(s.deps.Media.MaxBytes() + admin.UploadOverhead)
	uploadPath := adminPrefix + admin.UploadPath
	return func(c *gin.Context) {
		if c.Request.Method == http.MethodPost && c.FullPath() == uploadPath {
			upload(c)
			return
		}
		def(c)
	}
}
