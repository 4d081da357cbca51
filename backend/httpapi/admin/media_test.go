package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"newsroom/blob"
	"newsroom/blob/s3"
	"newsroom/cmstest"
	"newsroom/media"
	"newsroom/store"
)

// form builds a multipart body: fields in order, then the file when data is
// not nil.
func form(t *testing.T, fields [][2]string, filename string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if data != nil {
		fw, err := w.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

func upload(t *testing.T, app *cmstest.App, token string, fields [][2]string, filename string, data []byte) *cmstest.Response {
	t.Helper()
	body, ct := form(t, fields, filename, data)
	return app.Do(cmstest.Request{Method: "POST", Path: api + "/media", Token: token, Body: body, Header: map[string]string{"Content-Type": ct}})
}

// mediaState is what a refused request must not change: the rows and the
// stored objects.
func mediaState(t *testing.T, app *cmstest.App) string {
	t.Helper()
	var keys []string
	if err := app.Blob.List(t.Context(), "", func(i blob.Info) error { keys = append(keys, i.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	sort.Strings(keys)
	var rows []string
	r, err := app.DB.SQL().Query("SELECT id, version, caption, focal_x, focal_y FROM media_assets ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		var id, caption string
		var version int64
		var fx, fy float64
		if err := r.Scan(&id, &version, &caption, &fx, &fy); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, fmt.Sprint(id, version, caption, fx, fy))
	}
	return strings.Join(keys, "\n") + "\n--\n" + strings.Join(rows, "\n")
}

func TestMediaAPI(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		writerID, _, writer := app.User("writer")
		_, _, writer2 := app.User("writer")
		_, _, editor := app.User("editor")
		_, _, moderator := app.User("moderator")
		_, _, admin := app.User("admin")
		do := func(method, path, token string, body any, ifMatch string) *cmstest.Response {
			req := cmstest.Request{Method: method, Path: api + path, Token: token, Body: body}
			if ifMatch != "" {
				req.Header = map[string]string{"If-Match": ifMatch}
			}
			return app.Do(req)
		}

		photo := cmstest.JPEG(t, 900, 600, 1)
		res := upload(t, app, writer, [][2]string{
			{"caption", "وفود المعارضة والحكومة في مفاوضات أستانا"}, {"credit", "أستانا / Sputnik"},
			{"alt_text", "قاعة اجتماعات"}, {"source", "Sputnik"}, {"usage_terms", "editorial use only"},
			{"rights_expire_at", "2030-01-01T00:00:00+03:00"}, {"focal_x", "0.25"}, {"focal_y", "0.4"},
		}, "astana.JPG", photo)
		if res.Status != http.StatusCreated {
			t.Fatalf("upload: got %d %s", res.Status, res.Body)
		}
		var asset map[string]any
		json.Unmarshal(res.Body, &asset)
		id := asset["id"].(string)
		for _, k := range []string{"id", "content_type", "width", "height", "bytes", "caption", "credit", "alt_text", "source",
			"usage_terms", "rights_expire_at", "focal_point", "url", "renditions", "uploaded_by", "created_at", "updated_at", "version"} {
			if _, ok := asset[k]; !ok {
				t.Errorf("asset JSON has no %q: %s", k, res.Body)
			}
		}
		if asset["content_type"] != "image/jpeg" || asset["width"] != 900.0 || asset["height"] != 600.0 ||
			asset["credit"] != "أستانا / Sputnik" || asset["rights_expire_at"] != "2029-12-31T21:00:00Z" ||
			asset["uploaded_by"] != writerID || asset["version"] != 1.0 {
			t.Errorf("asset: %s", res.Body)
		}
		if fp := asset["focal_point"].(map[string]any); fp["x"] != 0.25 || fp["y"] != 0.4 {
			t.Errorf("focal_point: %v", fp)
		}
		if res.Header.Get("Location") != api+"/media/"+id || res.Header.Get("ETag") != `"1"` {
			t.Errorf("headers: Location %q ETag %q", res.Header.Get("Location"), res.Header.Get("ETag"))
		}
		var names []string
		for _, r := range asset["renditions"].([]any) {
			r := r.(map[string]any)
			names = append(names, r["name"].(string))
			if u, _ := r["url"].(string); !strings.HasPrefix(u, "/media/") {
				t.Errorf("rendition url %q is not a /media/ path", u)
			}
		}
		if want := []string{"w320", "w640", "16x9", "1x1"}; !slices.Equal(names, want) {
			t.Errorf("renditions: got %v, want %v", names, want)
		}

		// Uploads may be larger than the JSON body limit (1 MiB here).
		noise := image.NewRGBA(image.Rect(0, 0, 1000, 1000))
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range noise.Pix {
			noise.Pix[i] = byte(rng.Uint32())
		}
		var big bytes.Buffer
		jpeg.Encode(&big, noise, &jpeg.Options{Quality: 95})
		if big.Len() < 1<<20 {
			t.Fatalf("the noise image is only %d bytes", big.Len())
		}
		res = upload(t, app, editor, nil, "noise.jpg", big.Bytes())
		if res.Status != http.StatusCreated {
			t.Fatalf("upload of %d bytes: %d %s", big.Len(), res.Status, res.Body)
		}
		noiseID := res.JSON(t)["id"].(string)
		if res := do("DELETE", "/media/"+noiseID, editor, nil, ""); res.Status != http.StatusNoContent {
			t.Fatalf("delete the noise: %d %s", res.Status, res.Body)
		}

		// The same image again: 200 with the same asset.
		res = upload(t, app, writer2, [][2]string{{"caption", "other"}}, "copy.jpg", photo)
		if res.Status != http.StatusOK || res.JSON(t)["id"] != id || res.JSON(t)["caption"] != asset["caption"] {
			t.Errorf("second upload: got %d %s", res.Status, res.Body)
		}
		// Another writer's, an editor's.
		res = upload(t, app, writer2, nil, "w2.png", cmstest.PNG(t, 200, 100, 2, true))
		if res.Status != http.StatusCreated {
			t.Fatalf("upload png: %d %s", res.Status, res.Body)
		}
		otherID := res.JSON(t)["id"].(string)
		res = upload(t, app, editor, [][2]string{{"caption", "Damascus skyline"}}, "ed.gif", cmstest.GIF(t, 60, 40, 3, 2))
		if res.Status != http.StatusCreated {
			t.Fatalf("upload gif: %d %s", res.Status, res.Body)
		}
		gifID := res.JSON(t)["id"].(string)

		// Reading: writers and editors; not moderators or admins.
		for _, tok := range []string{writer, editor} {
			if res := do("GET", "/media/"+id, tok, nil, ""); res.Status != http.StatusOK || res.Header.Get("ETag") != `"1"` {
				t.Errorf("get: %d %s", res.Status, res.Body)
			}
		}
		for _, tok := range []string{moderator, admin} {
			wantError(t, do("GET", "/media", tok, nil, ""), http.StatusForbidden, "forbidden")
			wantError(t, do("GET", "/media/"+id, tok, nil, ""), http.StatusForbidden, "forbidden")
			wantError(t, upload(t, app, tok, nil, "x.jpg", cmstest.JPEG(t, 10, 10, 7)), http.StatusForbidden, "forbidden")
		}

		// The list: newest first, filters, pages.
		list := func(query string) []string {
			t.Helper()
			res := do("GET", "/media"+query, writer, nil, "")
			if res.Status != http.StatusOK {
				t.Fatalf("list %s: %d %s", query, res.Status, res.Body)
			}
			var l struct {
				Data []struct {
					ID string `json:"id"`
				} `json:"data"`
				NextCursor *string `json:"next_cursor"`
			}
			json.Unmarshal(res.Body, &l)
			var ids []string
			for _, d := range l.Data {
				ids = append(ids, d.ID)
			}
			return ids
		}
		if got := list(""); !slices.Equal(got, []string{gifID, otherID, id}) {
			t.Errorf("list: got %v", got)
		}
		if got := list("?q=" + url.QueryEscape("أستانا")); !slices.Equal(got, []string{id}) {
			t.Errorf("q=أستانا: got %v", got)
		}
		if got := list("?q=DAMASCUS"); !slices.Equal(got, []string{gifID}) {
			t.Errorf("q=DAMASCUS: got %v", got)
		}
		if got := list("?content_type=image/png"); !slices.Equal(got, []string{otherID}) {
			t.Errorf("content_type: got %v", got)
		}
		if got := list("?uploaded_by=" + writerID); !slices.Equal(got, []string{id}) {
			t.Errorf("uploaded_by: got %v", got)
		}
		future := url.QueryEscape(time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
		if got := list("?uploaded_after=" + future); len(got) != 0 {
			t.Errorf("uploaded_after the future: got %v", got)
		}
		if got := list("?uploaded_before=" + future); len(got) != 3 {
			t.Errorf("uploaded_before the future: got %v", got)
		}
		var paged []string
		cursor := ""
		for i := 0; i < 5; i++ {
			res := do("GET", "/media?limit=1"+cursor, writer, nil, "")
			var l struct {
				Data       []map[string]any `json:"data"`
				NextCursor *string          `json:"next_cursor"`
			}
			json.Unmarshal(res.Body, &l)
			for _, d := range l.Data {
				paged = append(paged, d["id"].(string))
			}
			if l.NextCursor == nil {
				break
			}
			cursor = "&cursor=" + url.QueryEscape(*l.NextCursor)
		}
		if !slices.Equal(paged, []string{gifID, otherID, id}) {
			t.Errorf("paged: got %v", paged)
		}

		// Editing: the uploader and editors; not another writer.
		res = do("PATCH", "/media/"+id, writer, map[string]any{"caption": "  مفاوضات أستانا  ", "rights_expire_at": nil}, `"1"`)
		if res.Status != http.StatusOK || res.JSON(t)["caption"] != "مفاوضات أستانا" || res.JSON(t)["rights_expire_at"] != nil || res.Header.Get("ETag") != `"2"` {
			t.Errorf("owner patch: %d %s", res.Status, res.Body)
		}
		wantError(t, do("PATCH", "/media/"+otherID, writer, map[string]any{"caption": "mine now"}, `"1"`), http.StatusForbidden, "forbidden")
		wantError(t, do("PATCH", "/media/"+id, moderator, map[string]any{"caption": "x"}, `"2"`), http.StatusForbidden, "forbidden")
		res = do("PATCH", "/media/"+otherID, editor, map[string]any{"credit": "Reuters", "focal_point": map[string]any{"x": 0, "y": 1}}, `"1"`)
		if res.Status != http.StatusOK || res.JSON(t)["credit"] != "Reuters" {
			t.Errorf("editor patch: %d %s", res.Status, res.Body)
		}
		wantError(t, do("PATCH", "/media/"+id, editor, map[string]any{"caption": "stale"}, `"1"`), http.StatusPreconditionFailed, "precondition_failed")

		// Deleting: editors only.
		wantError(t, do("DELETE", "/media/"+id, writer, nil, ""), http.StatusForbidden, "forbidden")
		wantError(t, do("DELETE", "/media/"+id, moderator, nil, ""), http.StatusForbidden, "forbidden")
		if res := do("DELETE", "/media/"+gifID, editor, nil, ""); res.Status != http.StatusNoContent {
			t.Errorf("editor delete: %d %s", res.Status, res.Body)
		}
		wantError(t, do("GET", "/media/"+gifID, editor, nil, ""), http.StatusNotFound, "not_found")

		// Every write is in the audit log.
		res = do("GET", "/audit?entity_type=media&limit=100", admin, nil, "")
		var actions []string
		for _, e := range res.JSON(t)["data"].([]any) {
			actions = append(actions, e.(map[string]any)["action"].(string))
		}
		slices.Sort(actions)
		if want := []string{"media.delete", "media.delete", "media.update", "media.update", "media.upload", "media.upload", "media.upload", "media.upload"}; !slices.Equal(actions, want) {
			t.Errorf("audit: got %v, want %v", actions, want)
		}
	})
}

func TestMediaBadInput(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		mcfg := media.DefaultConfig()
		mcfg.MaxBytes = 64 << 10
		app := cmstest.NewApp(t, db, cmstest.Options{Media: &mcfg})
		_, _, editor := app.User("editor")
		res := upload(t, app, editor, [][2]string{{"caption", "fixture"}}, "f.jpg", cmstest.JPEG(t, 400, 300, 1))
		if res.Status != http.StatusCreated {
			t.Fatalf("fixture: %d %s", res.Status, res.Body)
		}
		id := res.JSON(t)["id"].(string)
		before := mediaState(t, app)
		send := func(method, path string, body any, header map[string]string) *cmstest.Response {
			return app.Do(cmstest.Request{Method: method, Path: api + path, Token: editor, Body: body, Header: header})
		}
		multi := func(fields [][2]string, name string, data []byte) *cmstest.Response {
			return upload(t, app, editor, fields, name, data)
		}
		big := cmstest.JPEG(t, 1200, 1200, 9)
		if len(big) <= 64<<10 {
			t.Fatalf("the big image is only %d bytes", len(big))
		}
		jpg := cmstest.JPEG(t, 50, 50, 2)
		tests := []struct {
			name   string
			res    func() *cmstest.Response
			status int
			code   string
		}{
			{"upload as JSON", func() *cmstest.Response { return send("POST", "/media", map[string]any{"file": "x"}, nil) }, 415, "unsupported_media_type"},
			{"upload without boundary", func() *cmstest.Response {
				return send("POST", "/media", "--x--", map[string]string{"Content-Type": "multipart/form-data"})
			}, 415, "unsupported_media_type"},
			{"upload, broken multipart", func() *cmstest.Response {
				return send("POST", "/media", "garbage", map[string]string{"Content-Type": "multipart/form-data; boundary=zzz"})
			}, 400, "bad_request"},
			{"upload without file", func() *cmstest.Response { return multi([][2]string{{"caption", "x"}}, "", nil) }, 422, "invalid"},
			{"upload, unknown field", func() *cmstest.Response { return multi([][2]string{{"colour", "x"}}, "a.jpg", jpg) }, 400, "bad_request"},
			{"upload, field twice", func() *cmstest.Response {
				return multi([][2]string{{"caption", "a"}, {"caption", "b"}}, "a.jpg", jpg)
			}, 400, "bad_request"},
			{"upload, text named .jpg", func() *cmstest.Response { return multi(nil, "photo.jpg", []byte("just some text\n")) }, 415, "unsupported_media_type"},
			{"upload, truncated jpeg", func() *cmstest.Response { return multi(nil, "cut.jpg", big[:len(big)/3]) }, 422, "invalid"},
			{"upload, bomb", func() *cmstest.Response { return multi(nil, "bomb.png", cmstest.PNGBomb(50000, 50000)) }, 422, "invalid"},
			{"upload, too large", func() *cmstest.Response { return multi(nil, "big.jpg", big) }, 413, "too_large"},
			{"upload, focal_x only", func() *cmstest.Response { return multi([][2]string{{"focal_x", "0.5"}}, "a.jpg", jpg) }, 422, "invalid"},
			{"upload, focal not a number", func() *cmstest.Response {
				return multi([][2]string{{"focal_x", "left"}, {"focal_y", "0.5"}}, "a.jpg", jpg)
			}, 422, "invalid"},
			{"upload, focal outside", func() *cmstest.Response {
				return multi([][2]string{{"focal_x", "2"}, {"focal_y", "-1"}}, "a.jpg", jpg)
			}, 422, "invalid"},
			{"upload, bad rights date", func() *cmstest.Response {
				return multi([][2]string{{"rights_expire_at", "next tuesday"}}, "a.jpg", jpg)
			}, 422, "invalid"},
			{"upload, invalid UTF-8 caption", func() *cmstest.Response { return multi([][2]string{{"caption", "a\xffb"}}, "a.jpg", jpg) }, 422, "invalid"},
			{"list, bad limit", func() *cmstest.Response { return send("GET", "/media?limit=1000", nil, nil) }, 422, "invalid"},
			{"list, bad cursor", func() *cmstest.Response { return send("GET", "/media?cursor=nope", nil, nil) }, 422, "invalid"},
			{"list, bad type", func() *cmstest.Response { return send("GET", "/media?content_type=text/html", nil, nil) }, 422, "invalid"},
			{"list, bad date", func() *cmstest.Response { return send("GET", "/media?uploaded_after=yesterday", nil, nil) }, 422, "invalid"},
			{"list, injection", func() *cmstest.Response {
				return send("GET", "/media?q="+url.QueryEscape("%' OR '1'='1")+"&uploaded_by="+url.QueryEscape("' OR 1=1 --"), nil, nil)
			}, 200, ""},
			{"get unknown", func() *cmstest.Response { return send("GET", "/media/nope", nil, nil) }, 404, "not_found"},
			{"patch without If-Match", func() *cmstest.Response { return send("PATCH", "/media/"+id, map[string]any{"caption": "x"}, nil) }, 428, "precondition_required"},
			{"patch, stale", func() *cmstest.Response {
				return send("PATCH", "/media/"+id, map[string]any{"caption": "x"}, map[string]string{"If-Match": `"7"`})
			}, 412, "precondition_failed"},
			{"patch, bad JSON", func() *cmstest.Response {
				return send("PATCH", "/media/"+id, "{caption:", map[string]string{"If-Match": `"1"`})
			}, 400, "bad_request"},
			{"patch, unknown field", func() *cmstest.Response {
				return send("PATCH", "/media/"+id, map[string]any{"width": 10}, map[string]string{"If-Match": `"1"`})
			}, 400, "bad_request"},
			{"patch, wrong type", func() *cmstest.Response {
				return send("PATCH", "/media/"+id, map[string]any{"caption": 5}, map[string]string{"If-Match": `"1"`})
			}, 422, "invalid"},
			{"patch, focal outside", func() *cmstest.Response {
				return send("PATCH", "/media/"+id, map[string]any{"focal_point": map[string]any{"x": 1.5, "y": 0}}, map[string]string{"If-Match": `"1"`})
			}, 422, "invalid"},
			{"patch, focal half", func() *cmstest.Response {
				return send("PATCH", "/media/"+id, map[string]any{"focal_point": map[string]any{"x": 0.5}}, map[string]string{"If-Match": `"1"`})
			}, 422, "invalid"},
			{"patch, bad rights date", func() *cmstest.Response {
				return send("PATCH", "/media/"+id, map[string]any{"rights_expire_at": "2030-13-45"}, map[string]string{"If-Match": `"1"`})
			}, 422, "invalid"},
			{"patch, caption too long", func() *cmstest.Response {
				return send("PATCH", "/media/"+id, map[string]any{"caption": strings.Repeat("x", 2001)}, map[string]string{"If-Match": `"1"`})
			}, 422, "invalid"},
			{"patch unknown", func() *cmstest.Response {
				return send("PATCH", "/media/nope", map[string]any{"caption": "x"}, map[string]string{"If-Match": `"1"`})
			}, 404, "not_found"},
			{"delete unknown", func() *cmstest.Response { return send("DELETE", "/media/nope", nil, nil) }, 404, "not_found"},
			{"file, unknown key", func() *cmstest.Response {
				return app.Do(cmstest.Request{Method: "GET", Path: "/media/0000/original.jpg"})
			}, 404, "not_found"},
			{"file, traversal", func() *cmstest.Response {
				return app.Do(cmstest.Request{Method: "GET", Path: "/media/..%2F..%2Fetc%2Fpasswd"})
			}, 404, "not_found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := tt.res()
				if tt.code == "" {
					if res.Status != tt.status {
						t.Errorf("got %d %s, want %d", res.Status, res.Body, tt.status)
					}
				} else {
					wantError(t, res, tt.status, tt.code)
				}
				if after := mediaState(t, app); after != before {
					t.Errorf("state changed:\n%s\nwant\n%s", after, before)
				}
			})
		}
	})
}

// TestMediaFiles serves the stored files from both stores: streaming with
// ETag, immutable caching, 304 and Range; and absolute URLs when a public
// base URL is configured.
func TestMediaFiles(t *testing.T) {
	stores := map[string]func(t *testing.T) blob.Store{
		"local": func(t *testing.T) blob.Store { return nil }, // NewApp's own temporary directory
		"s3": func(t *testing.T) blob.Store {
			bs, err := s3.New(t.Context(), cmstest.S3(t))
			if err != nil {
				t.Fatalf("S3 test server: %v", err)
			}
			return bs
		},
	}
	for name, mk := range stores {
		t.Run(name, func(t *testing.T) {
			app := cmstest.NewApp(t, cmstest.SQLite(t), cmstest.Options{Blob: mk(t)})
			_, _, writer := app.User("writer")
			photo := cmstest.JPEG(t, 700, 500, 4)
			res := upload(t, app, writer, nil, "p.jpg", photo)
			if res.Status != http.StatusCreated {
				t.Fatalf("upload: %d %s", res.Status, res.Body)
			}
			u := res.JSON(t)["url"].(string)
			stored, err := media.Strip(media.JPEG, photo)
			if err != nil {
				t.Fatal(err)
			}
			res = app.Do(cmstest.Request{Method: "GET", Path: u})
			etag := res.Header.Get("ETag")
			if res.Status != http.StatusOK || !bytes.Equal(res.Body, stored) || res.Header.Get("Content-Type") != "image/jpeg" ||
				res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || etag == "" {
				t.Fatalf("GET %s: %d, %d bytes, headers %v", u, res.Status, len(res.Body), res.Header)
			}
			res = app.Do(cmstest.Request{Method: "GET", Path: u, Header: map[string]string{"If-None-Match": etag}})
			if res.Status != http.StatusNotModified || len(res.Body) != 0 {
				t.Errorf("If-None-Match: got %d with %d bytes, want 304", res.Status, len(res.Body))
			}
			res = app.Do(cmstest.Request{Method: "GET", Path: u, Header: map[string]string{"Range": "bytes=10-19"}})
			if res.Status != http.StatusPartialContent || !bytes.Equal(res.Body, stored[10:20]) ||
				res.Header.Get("Content-Range") != fmt.Sprintf("bytes 10-19/%d", len(stored)) {
				t.Errorf("Range: got %d %q, Content-Range %q", res.Status, res.Body, res.Header.Get("Content-Range"))
			}
			res = app.Do(cmstest.Request{Method: "HEAD", Path: u})
			if res.Status != http.StatusOK || res.Header.Get("Content-Length") != fmt.Sprint(len(stored)) {
				t.Errorf("HEAD: got %d, Content-Length %q", res.Status, res.Header.Get("Content-Length"))
			}
			for _, r := range res.Header.Values("X-Content-Type-Options") {
				if r != "nosniff" {
					t.Errorf("X-Content-Type-Options %q", r)
				}
			}
			wantError(t, app.Do(cmstest.Request{Method: "GET", Path: strings.Replace(u, "original", "missing", 1)}), http.StatusNotFound, "not_found")
		})
	}

	mcfg := media.DefaultConfig()
	mcfg.PublicURL = "https://cdn.example.com/newsroom/"
	app := cmstest.NewApp(t, cmstest.SQLite(t), cmstest.Options{Media: &mcfg})
	_, _, writer := app.User("writer")
	res := upload(t, app, writer, nil, "p.png", cmstest.PNG(t, 400, 300, 5, false))
	m := res.JSON(t)
	if u, _ := m["url"].(string); !strings.HasPrefix(u, "https://cdn.example.com/newsroom/media/") || !strings.HasSuffix(u, "/original.png") {
		t.Errorf("url with a public base: %q", u)
	}
	for _, r := range m["renditions"].([]any) {
		if u := r.(map[string]any)["url"].(string); !strings.HasPrefix(u, "https://cdn.example.com/newsroom/media/") {
			t.Errorf("rendition url with a public base: %q", u)
		}
	}
}

// TestMediaUploadStoreDown: the object store goes away; an upload answers
// 503 at once, and no row or object is left.
func TestMediaUploadStoreDown(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		cfg := cmstest.S3(t)
		direct, err := s3.New(t.Context(), cfg)
		if err != nil {
			t.Fatalf("S3 test server: %v", err)
		}
		proxy := cmstest.NewProxy(t, cfg.Endpoint)
		cfg.Endpoint = proxy.Addr
		bs, err := s3.New(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		app := cmstest.NewApp(t, db, cmstest.Options{Blob: bs})
		_, _, writer := app.User("writer")
		proxy.Stop()
		start := time.Now()
		res := upload(t, app, writer, [][2]string{{"caption", "لن تُحفظ"}}, "p.jpg", cmstest.JPEG(t, 800, 600, 6))
		wantError(t, res, http.StatusServiceUnavailable, "unavailable")
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("503 took %v", d)
		}
		var n int
		db.SQL().QueryRow("SELECT COUNT(*) FROM media_assets").Scan(&n)
		if n != 0 {
			t.Errorf("rows: %d, want 0", n)
		}
		var keys []string
		direct.List(context.Background(), "", func(i blob.Info) error { keys = append(keys, i.Key); return nil })
		if len(keys) != 0 {
			t.Errorf("objects in the bucket: %v, want none", keys)
		}
	})
}

// TestUploadQueue: at most 1+UploadQueue uploads hold their file at once;
// the others are 503 with Retry-After before their body is read, and the
// admitted ones complete.
func TestUploadQueue(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db, cmstest.Options{Media: &media.Config{UploadQueue: 2}})
		editor := app.NewClient(t, "editor")
		const admitted, total = 3, 8

		// The queue is full: an upload is refused before its body is read
		// (the body below never ends, so reading it would hang).
		var releases []func()
		for {
			release, err := app.Media.Admit()
			if err != nil {
				break
			}
			releases = append(releases, release)
		}
		if n, limit := app.Media.Admitted(); len(releases) != admitted || n != admitted || limit != admitted {
			t.Fatalf("admitted: got %d (%d of %d), want %d", len(releases), n, limit, admitted)
		}
		before := mediaState(t, app)
		body, ct := form(t, [][2]string{{"caption", "x"}}, "a.jpg", cmstest.JPEG(t, 320, 240, 1))
		pr, pw := io.Pipe()
		go func() { pw.Write(body[:len(body)/2]) }() // and never the rest
		res := sendUpload(t, app, editor.Token, ct, pr)
		pw.Close()
		if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Fatalf("full queue: got %d Retry-After %q %s, want 503 with Retry-After", res.Status, res.Header.Get("Retry-After"), res.Body)
		}
		wantError(t, res, http.StatusServiceUnavailable, "unavailable")
		if after := mediaState(t, app); after != before {
			t.Errorf("a refused upload changed the library:\n%s\nwant\n%s", after, before)
		}
		for _, release := range releases {
			release()
			release() // a second call does nothing
		}
		if n, _ := app.Media.Admitted(); n != 0 {
			t.Fatalf("admitted after release: got %d, want 0", n)
		}

		// Many at once: each holds its connection until told to finish its
		// body, so the first three admitted are still reading when the
		// others arrive; those are refused at once.
		finish := make(chan struct{})
		results := make(chan *cmstest.Response, total)
		for i := range total {
			body, ct := form(t, [][2]string{{"caption", fmt.Sprint("صورة ", i)}}, "a.jpg", cmstest.JPEG(t, 320, 240, 10+i))
			pr, pw := io.Pipe()
			go func() {
				if _, err := pw.Write(body[:100]); err == nil {
					<-finish
					_, err = pw.Write(body[100:])
					pw.CloseWithError(err)
				}
			}()
			go func() { results <- sendUpload(t, app, editor.Token, ct, pr) }()
		}
		var got []*cmstest.Response
		for range total - admitted {
			got = append(got, <-results)
		}
		if n, _ := app.Media.Admitted(); n != admitted {
			t.Errorf("admitted while reading bodies: got %d, want %d", n, admitted)
		}
		close(finish)
		for range admitted {
			got = append(got, <-results)
		}
		created := 0
		for _, res := range got {
			switch res.Status {
			case http.StatusServiceUnavailable:
				if res.Header.Get("Retry-After") == "" {
					t.Errorf("503 without Retry-After: %s", res.Body)
				}
			case http.StatusCreated:
				created++
				asset := res.JSON(t)
				if got := editor.Do("GET", api+"/media/"+asset["id"].(string), nil); got.Status != http.StatusOK {
					t.Errorf("GET the uploaded asset: %d %s", got.Status, got.Body)
				}
				if asset["width"] != 320.0 || asset["height"] != 240.0 {
					t.Errorf("uploaded asset: %v", asset)
				}
			default:
				t.Errorf("upload: got %d %s, want 201 or 503", res.Status, res.Body)
			}
		}
		if created != admitted {
			t.Errorf("created: got %d, want %d", created, admitted)
		}
		if n, _ := app.Media.Admitted(); n != 0 {
			t.Errorf("admitted after the uploads: got %d, want 0", n)
		}
	})
}

// sendUpload posts body, which it may not read to the end, as an upload,
// and gives up after 20 seconds.
func sendUpload(t *testing.T, app *cmstest.App, token, contentType string, body io.Reader) *cmstest.Response {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", app.URL+api+"/media", body)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return &cmstest.Response{Status: -1, Body: []byte(err.Error())}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &cmstest.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}
