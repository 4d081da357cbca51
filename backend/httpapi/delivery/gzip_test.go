package delivery_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// rawGet sends a GET with exactly the headers given (Go's transport adds
// and undoes gzip by itself otherwise) and returns the answer as sent.
func rawGet(t *testing.T, app *cmstest.App, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	req, _ := http.NewRequest("GET", app.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// TestGzip: cached answers above a kilobyte are gzipped for clients that
// accept it, under their own ETag; everyone else gets them as before.
func TestGzip(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		var blocks []map[string]any
		for i := range 20 {
			blocks = append(blocks, body(i)...)
		}
		art := n.publish(t, map[string]any{"headline": "خبر طويل", "body": blocks})
		path := "/api/v1/articles/" + url.PathEscape(art["slug"].(string))

		plain, plainBody := rawGet(t, n.app, path)
		if plain.Header.Get("Content-Encoding") != "" || plain.Header.Get("Content-Length") != strconv.Itoa(len(plainBody)) || len(plainBody) < 2048 {
			t.Fatalf("without Accept-Encoding: Content-Encoding %q, Content-Length %q for %d bytes; want none, the length, over 2 KB",
				plain.Header.Get("Content-Encoding"), plain.Header.Get("Content-Length"), len(plainBody))
		}
		etag := plain.Header.Get("ETag")

		zres, zbody := rawGet(t, n.app, path, "Accept-Encoding", "br;q=1.0, gzip;q=0.8")
		zetag := zres.Header.Get("ETag")
		if zres.Header.Get("Content-Encoding") != "gzip" || zres.Header.Get("Content-Length") != strconv.Itoa(len(zbody)) || len(zbody) >= len(plainBody) {
			t.Fatalf("gzip: Content-Encoding %q, Content-Length %q for %d bytes (identity %d)", zres.Header.Get("Content-Encoding"),
				zres.Header.Get("Content-Length"), len(zbody), len(plainBody))
		}
		if zetag != strings.TrimSuffix(etag, `"`)+`-gzip"` || zres.Header.Get("Vary") != "Accept, Accept-Encoding" ||
			zres.Header.Get("Cache-Control") != plain.Header.Get("Cache-Control") || zres.Header.Get("Surrogate-Key") != plain.Header.Get("Surrogate-Key") {
			t.Errorf("gzip headers: ETag %q (identity %q), %v", zetag, etag, zres.Header)
		}
		zr, err := gzip.NewReader(bytes.NewReader(zbody))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(unzipped, plainBody) {
			t.Errorf("the gzip body does not decompress to the identity body (%v)", err)
		}

		// q=0 refuses, and so does a malformed q.
		for _, ae := range []string{"gzip;q=0", "gzip; q=0.000", "identity", "br", "*;q=0", "gzip;q=0, *", "gzip;q=x"} {
			if res, b := rawGet(t, n.app, path, "Accept-Encoding", ae); res.Header.Get("Content-Encoding") != "" || !bytes.Equal(b, plainBody) || res.Header.Get("ETag") != etag {
				t.Errorf("Accept-Encoding %q: got Content-Encoding %q, want the identity answer", ae, res.Header.Get("Content-Encoding"))
			}
		}
		for _, ae := range []string{"gzip", "GZIP", "deflate, gzip", "*", "x-gzip;q=0.5"} {
			if res, _ := rawGet(t, n.app, path, "Accept-Encoding", ae); res.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("Accept-Encoding %q: got Content-Encoding %q, want gzip", ae, res.Header.Get("Content-Encoding"))
			}
		}

		// If-None-Match, each variant with its own ETag.
		if res, b := rawGet(t, n.app, path, "Accept-Encoding", "gzip", "If-None-Match", zetag); res.StatusCode != http.StatusNotModified || len(b) != 0 || res.Header.Get("ETag") != zetag {
			t.Errorf("gzip If-None-Match: got %d with %d bytes, ETag %q; want 304 with %q", res.StatusCode, len(b), res.Header.Get("ETag"), zetag)
		}
		if res, _ := rawGet(t, n.app, path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("identity If-None-Match: got %d, want 304", res.StatusCode)
		}
		if res, _ := rawGet(t, n.app, path, "If-None-Match", zetag); res.StatusCode != http.StatusOK {
			t.Errorf("the gzip ETag without gzip: got %d, want 200 (another representation)", res.StatusCode)
		}

		// The cache hit without Accept-Encoding is what it was before any
		// gzip request.
		again, againBody := rawGet(t, n.app, path)
		if !bytes.Equal(againBody, plainBody) || again.Header.Get("ETag") != etag || again.Header.Get("Content-Length") != plain.Header.Get("Content-Length") ||
			again.Header.Get("Content-Encoding") != "" {
			t.Errorf("identity after gzip: %v", again.Header)
		}

		// Small answers are not worth it.
		small, smallBody := rawGet(t, n.app, "/api/v1/sections", "Accept-Encoding", "gzip")
		if len(smallBody) >= 1024 || small.Header.Get("Content-Encoding") != "" {
			t.Errorf("a %d-byte answer: Content-Encoding %q, want none", len(smallBody), small.Header.Get("Content-Encoding"))
		}
	})
}
