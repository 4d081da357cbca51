package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"newsroom/httpapi"
)

// adminUIServer serves only the admin UI routes, behind the API's security
// headers, from dir.
func adminUIServer(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.RedirectTrailingSlash = false
	e.Use(httpapi.SecurityHeaders())
	e.NoRoute(httpapi.NotFound)
	s := &Server{engine: e, table: &httpapi.Table{}}
	s.mountAdminUI(e.Group(""), dir)
	ts := httptest.NewServer(e)
	t.Cleanup(ts.Close)
	return ts
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAdminUI(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "index.html"), `<!doctype html><html lang="ar" dir="rtl"><script type="module" src="/admin/assets/index-abc123.js"></script></html>`)
	writeFile(t, filepath.Join(dir, "assets", "index-abc123.js"), `console.log("app")`)
	writeFile(t, filepath.Join(dir, "robots.txt"), "User-agent: *\nDisallow: /\n")
	writeFile(t, filepath.Join(filepath.Dir(dir), "secret.txt"), "outside")
	ts := adminUIServer(t, dir)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	tests := []struct {
		name, path   string
		status       int
		contentType  string
		cacheControl string
		bodyHas      string
	}{
		{"the app", "/admin/", 200, "text/html", "no-cache", `dir="rtl"`},
		{"a client route gets the app", "/admin/articles/0198-abc", 200, "text/html", "no-cache", `dir="rtl"`},
		{"a client route with a query", "/admin/articles?status=draft&cursor=abc", 200, "text/html", "no-cache", `dir="rtl"`},
		{"index.html itself", "/admin/index.html", 200, "text/html", "no-cache", `dir="rtl"`},
		{"a hashed asset is cached for a year", "/admin/assets/index-abc123.js", 200, "javascript", "public, max-age=31536000, immutable", "console.log"},
		{"another file must be revalidated", "/admin/robots.txt", 200, "text/plain", "no-cache", "Disallow"},
		{"a missing asset is 404, not the app", "/admin/assets/index-old999.js", 404, "application/json", "", "no such file"},
		{"no climbing out of the directory", "/admin/../secret.txt", 404, "", "", ""},
		{"no climbing out, encoded", "/admin/%2e%2e/secret.txt", 404, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := client.Get(ts.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body bytes.Buffer
			if _, err := body.ReadFrom(res.Body); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tc.status {
				t.Fatalf("GET %s: got %d, want %d (%s)", tc.path, res.StatusCode, tc.status, body.String())
			}
			if strings.Contains(body.String(), "outside") {
				t.Fatalf("GET %s served a file outside the UI directory", tc.path)
			}
			if tc.contentType != "" && !strings.Contains(res.Header.Get("Content-Type"), tc.contentType) {
				t.Errorf("Content-Type: got %q, want it to contain %q", res.Header.Get("Content-Type"), tc.contentType)
			}
			if tc.cacheControl != "" && res.Header.Get("Cache-Control") != tc.cacheControl {
				t.Errorf("Cache-Control: got %q, want %q", res.Header.Get("Cache-Control"), tc.cacheControl)
			}
			if !strings.Contains(body.String(), tc.bodyHas) {
				t.Errorf("body: got %q, want it to contain %q", body.String(), tc.bodyHas)
			}
			if tc.status == 200 {
				csp := res.Header.Get("Content-Security-Policy")
				if csp != adminUICSP {
					t.Errorf("Content-Security-Policy: got %q, want the admin UI's", csp)
				}
				if res.Header.Get("X-Frame-Options") != "DENY" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("the other security headers are missing: %v", res.Header)
				}
			}
		})
	}

	t.Run("/admin redirects to /admin/", func(t *testing.T) {
		res, err := client.Get(ts.URL + "/admin")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/admin/" {
			t.Errorf("got %d Location %q, want 301 to /admin/", res.StatusCode, res.Header.Get("Location"))
		}
	})

	t.Run("HEAD", func(t *testing.T) {
		res, err := client.Head(ts.URL + "/admin/stories")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("HEAD: got %d %q, want 200 text/html", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
}

func TestAdminUINotConfigured(t *testing.T) {
	ts := adminUIServer(t, "")
	res, err := http.Get(ts.URL + "/admin/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body.String(), "CMS_ADMIN_UI_DIR") {
		t.Errorf("got %d %s, want 404 naming CMS_ADMIN_UI_DIR", res.StatusCode, body.String())
	}
	if csp := res.Header.Get("Content-Security-Policy"); csp != "default-src 'none'; frame-ancestors 'none'" {
		t.Errorf("a JSON error keeps the API's CSP; got %q", csp)
	}
}
