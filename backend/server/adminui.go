package server

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
)

// adminUIPrefix is where the admin UI's single-page app is served.
const adminUIPrefix = "/admin"

// adminUICSP replaces the API's `default-src 'none'` on the admin UI's pages:
// scripts, styles and fonts only from this origin (the build inlines none),
// API calls to this origin, images also from https media hosts (a CDN set
// with CMS_S3_PUBLIC_URL) and blob: for previews of files being uploaded.
const adminUICSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; " +
	"font-src 'self'; connect-src 'self'; media-src 'self' https:; object-src 'none'; frame-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// mountAdminUI serves the built admin UI (the dist/ directory of admin-ui,
// CMS_ADMIN_UI_DIR) under /admin/. Files that exist are served as they are:
// the content-hashed files under assets/ are cached for a year, everything
// else must be revalidated. Any other path without a file extension is a
// client-side route and gets index.html (never cached), so a reload of
// /admin/articles/123 works. With no directory configured the routes answer
// 404 saying how to turn the UI on.
func (s *Server) mountAdminUI(root *gin.RouterGroup, dir string) {
	h := &adminUI{dir: dir}
	// HEAD too, as every public GET (httpapi.Table.Handle).
	s.table.Handle(root, httpapi.Route{Method: http.MethodGet, Path: adminUIPrefix, Tag: "admin-ui",
		Summary: "Redirects to /admin/", Status: http.StatusMovedPermanently, Handler: h.redirect})
	s.table.Handle(root, httpapi.Route{Method: http.MethodGet, Path: adminUIPrefix + "/*path", Tag: "admin-ui",
		Summary:  "The admin UI (single-page app): its static files, and index.html for client-side routes; 404 unless CMS_ADMIN_UI_DIR is set",
		Produces: "text/html", Handler: h.serve})
}

type adminUI struct{ dir string }

func (h *adminUI) redirect(c *gin.Context) {
	c.Redirect(http.StatusMovedPermanently, adminUIPrefix+"/")
}

func (h *adminUI) serve(c *gin.Context) {
	if h.dir == "" {
		httpapi.Error(c, cms.Errorf(cms.ENotFound, "the admin UI is not served here; build admin-ui and set CMS_ADMIN_UI_DIR to its dist directory"))
		return
	}
	// path.Clean of a rooted path never climbs above the root, so the
	// file stays inside dir.
	rel := strings.TrimPrefix(path.Clean("/"+c.Param("path")), "/")
	hdr := c.Writer.Header()
	hdr.Set("Content-Security-Policy", adminUICSP)
	if rel != "" && rel != "index.html" {
		file := filepath.Join(h.dir, filepath.FromSlash(rel))
		if info, err := os.Stat(file); err == nil && info.Mode().IsRegular() {
			if strings.HasPrefix(rel, "assets/") {
				hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				hdr.Set("Cache-Control", "no-cache")
			}
			http.ServeFile(c.Writer, c.Request, file)
			return
		}
		// A missing file (a stale hashed asset, a typo) is a 404, not the
		// app: a script tag answered with HTML only confuses the browser.
		if path.Ext(rel) != "" {
			httpapi.Error(c, cms.Errorf(cms.ENotFound, "no such file in the admin UI: %s", truncateName(rel)))
			return
		}
	}
	index := filepath.Join(h.dir, "index.html")
	if _, err := os.Stat(index); err != nil {
		httpapi.Error(c, cms.Errorf(cms.ENotFound, "the admin UI directory has no index.html; run npm run build in admin-ui"))
		return
	}
	hdr.Set("Cache-Control", "no-cache")
	// ServeFile would redirect a request for .../index.html to ./; serving
	// the content directly keeps every client route on its own URL.
	f, err := os.Open(index)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(c.Writer, c.Request, "index.html", info.ModTime(), f)
}

func truncateName(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200])
	}
	return s
}
