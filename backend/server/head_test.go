package server_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestHEADAnswersAsGET: crawlers, feed validators, CDNs and uptime checks
// ask with HEAD; every public GET answers it with the GET's status and
// headers and no body, and a HEAD on the live stream ends at once.
func TestHEADAnswersAsGET(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		ed := app.NewClient(t, "editor")
		var form bytes.Buffer
		w := multipart.NewWriter(&form)
		fw, _ := w.CreateFormFile("file", "photo.jpg")
		fw.Write(cmstest.JPEG(t, 800, 500, 3))
		w.Close()
		up := app.Do(cmstest.Request{Method: "POST", Path: "/api/admin/v1/media", Token: ed.Token, Body: form.Bytes(),
			Header: map[string]string{"Content-Type": w.FormDataContentType()}})
		if up.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", up.Status, up.Body)
		}
		art := ed.Must(201, "POST", "/api/admin/v1/articles", map[string]any{"headline": "خبر للزواحف", "kind": "live",
			"body": []map[string]any{{"type": "paragraph", "text": "نص"}}, "hero_media_id": up.JSON(t)["id"]})
		ed.Must(200, "POST", "/api/admin/v1/articles/"+art["id"].(string)+"/publish", nil)
		slug := url.PathEscape(art["slug"].(string))
		page := app.Do(cmstest.Request{Method: "GET", Path: "/api/v1/articles/" + slug}).JSON(t)
		mediaURL := page["hero_image"].(map[string]any)["url"].(string)

		// The client's own transport would ask GETs, not HEADs, for gzip.
		client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
		do := func(method, path string, header ...string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest(method, app.URL+path, nil)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			return res
		}
		read := func(res *http.Response) []byte {
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return b
		}
		same := []string{"Content-Type", "Content-Length", "ETag", "Cache-Control", "Surrogate-Key", "Vary", "Accept-Ranges"}
		for _, path := range []string{"/healthz", "/readyz", "/api/openapi.json", "/api/v1/articles", "/api/v1/articles/" + slug,
			"/api/v1/articles/" + slug + "/live-entries", "/api/v1/stories", "/api/v1/feeds/latest.xml", "/api/v1/sitemap.xml",
			"/api/v1/sitemap-news.xml", "/api/v1/articles/nope", mediaURL} {
			get := do("GET", path)
			getBody := read(get)
			head := do("HEAD", path)
			headBody := read(head)
			if head.StatusCode != get.StatusCode || len(headBody) != 0 {
				t.Errorf("HEAD %s: got %d with %d bytes, want %d (as GET) and no body", path, head.StatusCode, len(headBody), get.StatusCode)
			}
			for _, k := range same {
				if k == "Content-Length" && get.Header.Get(k) == "" {
					continue // a chunked GET: net/http sends no length for HEAD either
				}
				if head.Header.Get(k) != get.Header.Get(k) {
					t.Errorf("HEAD %s: %s %q, want %q as GET", path, k, head.Header.Get(k), get.Header.Get(k))
				}
			}
			if cl := head.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(getBody)) {
				t.Errorf("HEAD %s: Content-Length %s, want %d, the GET body's", path, cl, len(getBody))
			}
			if etag := get.Header.Get("ETag"); etag != "" {
				if r := do("HEAD", path, "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
					t.Errorf("HEAD %s with If-None-Match: got %d, want 304", path, r.StatusCode)
				}
			}
		}

		// The live stream: its headers, then the end of the handler (which
		// the metrics count), not a handler streaming into the void.
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "HEAD", app.URL+"/api/v1/articles/"+slug+"/live-entries/stream", nil)
		stream := &http.Client{Transport: &http.Transport{}} // its connection is not reused for /metrics
		res, err := stream.Do(req)
		if err != nil {
			t.Fatalf("HEAD on the live stream: %v", err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
			t.Errorf("HEAD on the live stream: got %d %q, want 200 text/event-stream", res.StatusCode, res.Header.Get("Content-Type"))
		}
		ended := `cms_http_requests_total{method="HEAD",route="/api/v1/articles/:slug/live-entries/stream",status="200"} 1`
		for deadline := time.Now().Add(2 * time.Second); !bytes.Contains(read(do("GET", "/metrics")), []byte(ended)); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Error("HEAD on the live stream: the handler still runs after the answer")
				break
			}
		}
		// Closing the connection ends a handler left running, so that the
		// test server can stop.
		stream.CloseIdleConnections()

		// The admin API is left to GET.
		if r := do("HEAD", "/api/admin/v1/articles"); r.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("HEAD on the admin API: got %d, want 405", r.StatusCode)
		}
	})
}
