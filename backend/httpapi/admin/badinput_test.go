package admin_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"newsroom/cmstest"
	"newsroom/httpapi"
	"newsroom/media"
	"newsroom/store"
)

// TestBadInput sends malformed input to every route of the server's route
// table, as a user who holds every role so that authorisation is never the
// reason for a refusal, and checks that each answer is the documented 4xx
// JSON error and that nothing stored changed.
func TestBadInput(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		mcfg := media.DefaultConfig()
		mcfg.MaxBytes = badInputMaxBody
		app := cmstest.NewApp(t, db, cmstest.Options{MaxBodyBytes: badInputMaxBody, Media: &mcfg})
		_, _, token := app.User("writer", "editor", "moderator", "admin")
		routes := app.Server.Routes()
		ids := badInputFixtures(t, app, token, routes)
		snapshot := func(t *testing.T) map[string]string { return badInputSnapshot(t, app, token, routes, ids) }

		t.Run("bodies", func(t *testing.T) {
			var n int
			for _, r := range routes {
				if r.Body == nil {
					continue
				}
				n++
				t.Run(r.Method+" "+r.Path, func(t *testing.T) {
					before := snapshot(t)
					switch r.Consumes {
					case "":
						badInputJSON(t, app, token, ids, r)
					case "multipart/form-data":
						badInputMultipart(t, app, token, ids, r)
					default:
						t.Fatalf("no bad input for bodies of type %s: add some", r.Consumes)
					}
					badInputSameState(t, before, snapshot(t))
				})
			}
			if n == 0 {
				t.Fatal("the route table has no route with a body")
			}
		})
		t.Run("lists", func(t *testing.T) {
			before := snapshot(t)
			var n int
			for _, r := range routes {
				if r.Method != http.MethodGet || !slices.ContainsFunc(r.Query, func(p httpapi.Param) bool { return p.Name == "limit" }) {
					continue
				}
				n++
				t.Run(r.Path, func(t *testing.T) { badInputList(t, app, token, badInputPath(t, r.Path, ids), r) })
			}
			if n == 0 {
				t.Fatal("the route table has no list route")
			}
			// The injection strings reached the database as parameters, not as
			// SQL: the users table is still there and whole.
			res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/admin/v1/users?limit=100", Token: token})
			var list struct{ Data []map[string]any }
			if res.Status != http.StatusOK || json.Unmarshal(res.Body, &list) != nil || len(list.Data) != 2 {
				t.Errorf("GET /users after the injection attempts: got %d %s, want 200 with the 2 users", res.Status, res.Body)
			}
			badInputSameState(t, before, snapshot(t))
		})
		t.Run("unknown ids", func(t *testing.T) {
			before := snapshot(t)
			for _, r := range routes {
				if !badInputHasParams(r.Path) {
					continue
				}
				// Ids of nothing, and ids that try to be SQL: 404.
				for _, id := range []string{"does-not-exist", "0", "' OR 1=1 --", "%' OR '1'='1", strings.Repeat("9", 300)} {
					t.Run(r.Method+" "+r.Path+" "+id, func(t *testing.T) {
						res := badInputUnknownID(app, token, r, url.PathEscape(id), true)
						badInputWantError(t, r.Method, res, http.StatusNotFound)
					})
				}
				// Every parameter at once, including ones that are not ids
				// (a revision number), with values that are not even text: 404,
				// or 400/422 for a parameter that cannot be read; never 5xx.
				for _, raw := range []string{"does-not-exist", "-1", "%FF%FE", "%00", "a%00b", "%C0%AF", "..%2F..%2Fetc%2Fpasswd"} {
					t.Run(r.Method+" "+r.Path+" all "+raw, func(t *testing.T) {
						res := badInputUnknownID(app, token, r, raw, false)
						badInputWantError(t, r.Method, res, http.StatusNotFound, http.StatusBadRequest, http.StatusUnprocessableEntity)
					})
				}
			}
			badInputSameState(t, before, snapshot(t))
		})
	})
}

// badInputMaxBody is the server's body limit, and the media library's
// upload limit, in this test; bodies of twice the size are sent.
const badInputMaxBody = 4096

// badInputParam reports whether a path segment is a parameter.
func badInputParam(segment string) bool {
	return strings.HasPrefix(segment, ":") || strings.HasPrefix(segment, "*")
}

func badInputHasParams(path string) bool {
	return slices.ContainsFunc(strings.Split(path, "/"), badInputParam)
}

// badInputFixtures makes one object of each collection that an admin route
// path names before a parameter (/sections/:id, /revisions/:n) and returns
// their ids by collection.
func badInputFixtures(t *testing.T, app *cmstest.App, token string, routes []httpapi.Route) map[string]string {
	t.Helper()
	bodies := map[string]any{
		"sections": map[string]any{"name": "World", "description": "News from everywhere"},
		"tags":     map[string]any{"name": "Ceasefire"},
		"authors":  map[string]any{"name": "Reuters", "bio": "News agency"},
		"users":    map[string]any{"email": "fixture@test.example", "name": "Fixture", "password": "a long enough password", "roles": []string{"writer"}},
		// A live article, so that it can have live entries.
		"articles":     map[string]any{"headline": "Talks resume in Astana", "language": "en", "kind": "live", "summary": "A fixture"},
		"stories":      map[string]any{"title": "Ceasefire talks", "description": "A fixture"},
		"live-entries": map[string]any{"title": "Talks begin", "body": []map[string]any{{"type": "paragraph", "text": "Delegations arrive."}}},
		"webhooks":     map[string]any{"url": "https://hooks.example.com/cms", "events": []string{"article.published"}, "description": "A fixture"},
		"api-keys":     map[string]any{"name": "Fixture site"},
		"bans":         map[string]any{"kind": "email", "value": "fixture@readers.example", "reason": "A fixture"},
	}
	ids := map[string]string{}
	for _, r := range routes {
		if !strings.HasPrefix(r.Path, "/api/admin/v1/") {
			continue // other APIs' parameters are slugs and tokens, sent only as unknown ones
		}
		parts := strings.Split(r.Path, "/")
		for i, p := range parts {
			if !badInputParam(p) || ids[parts[i-1]] != "" {
				continue
			}
			collection := parts[i-1]
			var res *cmstest.Response
			switch {
			case collection == "revisions":
				ids[collection] = "1" // every article has its first revision
				continue
			case collection == "comments":
				ids[collection] = badInputComment(t, app, token, ids)
				continue
			case collection == "media":
				body, ctype := badInputForm(t, []badInputPart{{name: "file", file: "fixture.jpg", data: cmstest.JPEG(t, 32, 24, 1)}, {name: "caption", data: []byte("A fixture")}})
				res = badInputSend(t, app, http.MethodPost, "/api/admin/v1/media", token, map[string]string{"Content-Type": ctype}, body, false)
			case bodies[collection] != nil:
				// Created in its parent, whose fixture the path before it names.
				create := badInputPath(t, strings.Join(parts[:i], "/"), ids)
				res = app.Do(cmstest.Request{Method: http.MethodPost, Path: create, Token: token, Body: bodies[collection]})
			default:
				t.Fatalf("no fixture for %s in %s: add one to badInputFixtures", p, r.Path)
			}
			if res.Status != http.StatusCreated {
				t.Fatalf("create a fixture in %s: got %d %s, want 201", collection, res.Status, res.Body)
			}
			id, _ := res.JSON(t)["id"].(string)
			if id == "" {
				t.Fatalf("create a fixture in %s: no id in %s", collection, res.Body)
			}
			ids[collection] = id
		}
	}
	// The delivery API names sections, tags, authors and stories by slug.
	for _, c := range []string{"sections", "tags", "authors", "stories"} {
		if ids[c] == "" {
			continue
		}
		res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/admin/v1/" + c + "/" + ids[c], Token: token})
		if res.Status != http.StatusOK {
			t.Fatalf("read the %s fixture: %d %s", c, res.Status, res.Body)
		}
		ids[c+"/:slug"] = res.JSON(t)["slug"].(string)
	}
	return ids
}

// badInputComment publishes an article of its own and posts a reader's
// comment on it; it records the article's slug for the delivery API's
// "/articles/:slug" and returns the comment's id. The article is live
// coverage, so that its live entries' parameters are walked too.
func badInputComment(t *testing.T, app *cmstest.App, token string, ids map[string]string) string {
	t.Helper()
	res := app.Do(cmstest.Request{Method: http.MethodPost, Path: "/api/admin/v1/articles", Token: token, Body: map[string]any{
		"headline": "Readers discuss the talks", "language": "en", "kind": "live", "body": []map[string]any{{"type": "paragraph", "text": "A fixture."}}}})
	if res.Status != http.StatusCreated {
		t.Fatalf("create the commented article: got %d %s", res.Status, res.Body)
	}
	art := res.JSON(t)
	if res = app.Do(cmstest.Request{Method: http.MethodPost, Path: "/api/admin/v1/articles/" + art["id"].(string) + "/publish", Token: token}); res.Status != http.StatusOK {
		t.Fatalf("publish the commented article: got %d %s", res.Status, res.Body)
	}
	ids["articles/:slug"] = art["slug"].(string)
	res = app.Do(cmstest.Request{Method: http.MethodPost, Path: "/api/v1/articles/" + url.PathEscape(art["slug"].(string)) + "/comments",
		Body: map[string]any{"author_name": "Reader", "author_email": "reader@readers.example", "body": "A fixture."}})
	if res.Status != http.StatusAccepted {
		t.Fatalf("post the fixture comment: got %d %s", res.Status, res.Body)
	}
	pending := res.JSON(t)["id"].(string)
	// The delivery API pages the replies of an approved comment: another
	// comment, approved, with an approved reply.
	post := func(body map[string]any) string {
		res := app.Do(cmstest.Request{Method: http.MethodPost, Path: "/api/v1/articles/" + url.PathEscape(art["slug"].(string)) + "/comments", Body: body})
		if res.Status != http.StatusAccepted {
			t.Fatalf("post a fixture comment: got %d %s", res.Status, res.Body)
		}
		id := res.JSON(t)["id"].(string)
		if res := app.Do(cmstest.Request{Method: http.MethodPost, Path: "/api/admin/v1/comments/" + id + "/approve", Token: token}); res.Status != http.StatusOK {
			t.Fatalf("approve a fixture comment: got %d %s", res.Status, res.Body)
		}
		return id
	}
	top := post(map[string]any{"author_name": "Reader", "author_email": "reader@readers.example", "body": "An approved fixture."})
	post(map[string]any{"author_name": "Reader", "author_email": "reader@readers.example", "body": "A reply.", "parent_id": top})
	ids["/api/v1/articles/:slug/comments/:id"] = top
	return pending
}

// badInputPath fills the parameters of a route path with the fixtures: a
// parameter takes the id of the collection before it.
func badInputPath(t *testing.T, route string, ids map[string]string) string {
	t.Helper()
	parts := strings.Split(route, "/")
	names := slices.Clone(parts)
	for i, p := range names {
		if !badInputParam(p) {
			continue
		}
		id, ok := ids[strings.Join(names[:i+1], "/")] // a fixture for this route's parameter
		if !ok {
			id, ok = ids[names[i-1]+"/"+p] // for this parameter ("articles/:slug")
		}
		if !ok {
			id, ok = ids[names[i-1]]
		}
		if !ok {
			t.Fatalf("no fixture for %s in %s: add one to badInputFixtures", p, route)
		}
		parts[i] = id
	}
	return strings.Join(parts, "/")
}

// badInputSnapshot reads everything a bad request could have changed: every
// admin GET route that needs no more than the fixtures (every list,
// including the audit log, which every write adds to; every fixture; its
// history and revisions), each answer as its exact bytes and ETag.
func badInputSnapshot(t *testing.T, app *cmstest.App, token string, routes []httpapi.Route, ids map[string]string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	for _, r := range routes {
		if r.Method != http.MethodGet || !strings.HasPrefix(r.Path, "/api/admin/v1/") || r.Produces != "" ||
			slices.ContainsFunc(r.Query, func(p httpapi.Param) bool { return p.Required }) {
			continue
		}
		p := badInputPath(t, r.Path, ids)
		if slices.ContainsFunc(r.Query, func(p httpapi.Param) bool { return p.Name == "limit" }) {
			p += "?limit=100"
		}
		res := app.Do(cmstest.Request{Method: http.MethodGet, Path: p, Token: token})
		if res.Status != http.StatusOK {
			t.Fatalf("snapshot GET %s: got %d %s, want 200", p, res.Status, res.Body)
		}
		snap[p] = res.Header.Get("ETag") + " " + string(res.Body)
	}
	if len(snap) < 5 {
		t.Fatalf("the snapshot reads only %d routes", len(snap))
	}
	return snap
}

func badInputSameState(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if a := after[p]; a != b {
			t.Errorf("GET %s changed:\ngot  %s\nwant %s", p, a, b)
		}
	}
}

// badInputCase is one malformed request to a route with a body.
type badInputCase struct {
	name        string
	body        []byte
	contentType string // "" leaves the header out
	chunked     bool   // send without Content-Length
	ifMatch     *string
	want        int
	also        []int  // other acceptable statuses
	field       string // the field error.fields must name
}

// badInputIfMatch reports whether the route takes an If-Match header, and
// whether it requires it.
func badInputIfMatch(r httpapi.Route) (takes, required bool) {
	for _, h := range r.Headers {
		if h.Name == "If-Match" {
			return true, h.Required
		}
	}
	return false, false
}

// badInputRun sends each case to the route.
func badInputRun(t *testing.T, app *cmstest.App, adminToken string, ids map[string]string, r httpapi.Route, cases []badInputCase) {
	path := badInputPath(t, r.Path, ids)
	token := adminToken
	if !r.Auth {
		token = "" // the login route: no token, as a client that is not signed in
	}
	_, required := badInputIfMatch(r)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			header := map[string]string{}
			if tc.contentType != "" {
				header["Content-Type"] = tc.contentType
			}
			switch {
			case tc.ifMatch != nil:
				header["If-Match"] = *tc.ifMatch
			case required:
				// The right version, so that the body is the only thing wrong.
				header["If-Match"] = badInputETag(t, app, adminToken, path)
			}
			res := badInputSend(t, app, r.Method, path, token, header, tc.body, tc.chunked)
			e := badInputWantError(t, r.Method, res, append([]int{tc.want}, tc.also...)...)
			if tc.field != "" && e.Error.Fields[tc.field] == "" {
				t.Errorf("error.fields: got %v, want a message for %q", e.Error.Fields, tc.field)
			}
		})
	}
}

// badInputIfMatchCases are the If-Match cases of a route that takes one.
func badInputIfMatchCases(r httpapi.Route, contentType string, body []byte) []badInputCase {
	takes, required := badInputIfMatch(r)
	if !takes {
		return nil
	}
	var cases []badInputCase
	if required {
		empty := ""
		cases = append(cases, badInputCase{name: "no If-Match", body: body, contentType: contentType, ifMatch: &empty, want: 428})
	}
	for _, h := range []string{`abc`, `1`, `"0"`, `"-1"`, `"x"`, `*`, `"1`, `"1", "2"`, `"99999999999999999999"`} {
		h := h
		cases = append(cases, badInputCase{name: "If-Match " + h, body: body, contentType: contentType, ifMatch: &h, want: 400})
	}
	return cases
}

// badInputJSON sends malformed JSON bodies to a route that takes JSON.
func badInputJSON(t *testing.T, app *cmstest.App, adminToken string, ids map[string]string, r httpapi.Route) {
	fields := badInputFields(reflect.TypeOf(r.Body))
	if len(fields) == 0 {
		t.Fatalf("body type %T has no JSON fields", r.Body)
	}
	// text puts a JSON value where the body takes text: a string field, or
	// else a list of strings; a body with neither gets an unknown field,
	// which suits the cases refused before the fields are looked at.
	stringField, text := "zzz_text", func(v string) string { return `{"zzz_text":` + v + `}` }
	hasText := false
	for _, f := range fields {
		if base := badInputBase(f.typ); base.Kind() == reflect.String {
			stringField, text, hasText = f.name, func(v string) string { return `{"` + f.name + `":` + v + `}` }, true
			break
		}
	}
	for _, f := range fields {
		if base := badInputBase(f.typ); !hasText && base.Kind() == reflect.Slice && base.Elem().Kind() == reflect.String {
			stringField, text, hasText = f.name, func(v string) string { return `{"` + f.name + `":[` + v + `]}` }, true
		}
	}
	// An optional body left out is a request without one (a workflow
	// action without a note), not bad input.
	optionalBody := r.BodyOptional

	const js = "application/json"
	nulAlso := []int{http.StatusBadRequest}
	if !r.Auth {
		nulAlso = append(nulAlso, http.StatusUnauthorized)
	}
	if optionalBody {
		// The fixture is a draft: a workflow action it does not allow is
		// refused before its note is looked at.
		nulAlso = append(nulAlso, http.StatusConflict)
	}
	big := []byte(text(`"` + strings.Repeat("a", 2*badInputMaxBody) + `"`))
	cases := []badInputCase{
		{name: "malformed JSON", body: []byte(`{"name":`), contentType: js, want: 400},
		{name: "truncated string", body: []byte(`{"` + stringField + `":"abc`), contentType: js, want: 400},
		{name: "trailing comma", body: []byte(`{"` + stringField + `":"a",}`), contentType: js, want: 400},
		{name: "JSON array", body: []byte(`[` + text(`"a"`) + `]`), contentType: js, want: 400},
		{name: "empty array", body: []byte(`[]`), contentType: js, want: 400},
		{name: "null", body: []byte(`null`), contentType: js, want: 400},
		{name: "string", body: []byte(`"a"`), contentType: js, want: 400},
		{name: "number", body: []byte(`42`), contentType: js, want: 400},
		{name: "whitespace body", body: []byte(" \n\t "), contentType: js, want: 400},
		{name: "two objects", body: []byte(`{} {}`), contentType: js, want: 400},
		{name: "unknown field", body: []byte(`{"zzz_unknown":1}`), contentType: js, want: 400, field: "zzz_unknown"},
		{name: "unknown field beside a known one", body: []byte(`{"` + fields[0].name + `":null,"zzz_unknown":1}`), contentType: js, want: 400, field: "zzz_unknown"},
		{name: "invalid UTF-8 in a string", body: []byte(text("\"ok \xff\xfe bad\"")), contentType: js, want: 400},
		{name: "overlong UTF-8 in a string", body: []byte(text("\"\xc0\xaf\"")), contentType: js, want: 400},
		{name: "over the size limit", body: big, contentType: js, want: 413},
		{name: "over the size limit, chunked", body: big, contentType: js, chunked: true, want: 413},
		{name: "Content-Type text/plain", body: []byte(`{}`), contentType: "text/plain", want: 415},
		{name: "Content-Type form", body: []byte(`{}`), contentType: "application/x-www-form-urlencoded", want: 415},
		{name: "Content-Type malformed", body: []byte(`{}`), contentType: "application/json; charset", want: 415},
		{name: "no Content-Type", body: []byte(`{}`), want: 415},
	}
	if hasText {
		cases = append(cases,
			// Valid JSON and UTF-8, but no text field accepts NUL: refused
			// as invalid (422), or as unreadable by PostgreSQL (400); the
			// login route may also just fail the sign-in (401).
			badInputCase{name: "NUL in a string", body: []byte(text(`"a\u0000b"`)), contentType: js, want: 422, also: nulAlso},
			badInputCase{name: "deep nesting", body: []byte(`{"` + stringField + `":` + strings.Repeat("[", 1500) + strings.Repeat("]", 1500) + `}`),
				contentType: js, want: 422, field: stringField},
		)
	}
	if !optionalBody {
		cases = append(cases, badInputCase{name: "empty body", body: []byte(``), contentType: js, want: 400})
	}
	for _, f := range fields {
		for i, v := range badInputWrongValues(f.typ) {
			cases = append(cases, badInputCase{
				name: "wrong type " + f.name + " " + string(rune('a'+i)), body: []byte(`{"` + f.name + `":` + v + `}`),
				contentType: js, want: 422, field: f.name,
			})
		}
	}
	cases = append(cases, badInputIfMatchCases(r, js, []byte(`{}`))...)
	badInputRun(t, app, adminToken, ids, r, cases)
}

// badInputPart is one part of a multipart/form-data body.
type badInputPart struct {
	name, file string // file: the part's file name, "" for a text field
	data       []byte
}

// badInputForm encodes parts as multipart/form-data and returns the body and
// its Content-Type.
func badInputForm(t *testing.T, parts []badInputPart) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.file != "" {
			h.Set("Content-Disposition", `form-data; name="`+p.name+`"; filename="`+p.file+`"`)
			h.Set("Content-Type", "application/octet-stream")
		} else {
			h.Set("Content-Disposition", `form-data; name="`+p.name+`"`)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pw.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}

// badInputMultipart sends malformed uploads to a multipart/form-data route.
// Every image sent is new to the library, so that a refusal is not hidden
// by the answer to an upload of an image already there.
func badInputMultipart(t *testing.T, app *cmstest.App, adminToken string, ids map[string]string, r httpapi.Route) {
	image := cmstest.PNG(t, 24, 16, 7, false)
	if len(image) >= badInputMaxBody {
		t.Fatalf("the test image has %d bytes, more than the limit", len(image))
	}
	file := badInputPart{name: "file", file: "photo.png", data: image}
	form := func(parts ...badInputPart) ([]byte, string) { return badInputForm(t, parts) }
	var cases []badInputCase
	add := func(name string, want int, field string, parts ...badInputPart) {
		body, ctype := form(parts...)
		cases = append(cases, badInputCase{name: name, body: body, contentType: ctype, want: want, field: field})
	}
	add("no file", 422, "file", badInputPart{name: "caption", data: []byte("x")})
	add("empty form", 422, "file")
	add("empty file", 422, "file", badInputPart{name: "file", file: "empty.jpg"})
	add("text, not an image", 415, "", badInputPart{name: "file", file: "photo.jpg", data: []byte("just some text, named .jpg")})
	add("HTML, not an image", 415, "", badInputPart{name: "file", file: "photo.png", data: []byte("<html><script>alert(1)</script></html>")})
	add("truncated image", 422, "", badInputPart{name: "file", file: "photo.png", data: image[:len(image)/2]})
	add("file over the size limit", 413, "", badInputPart{name: "file", file: "big.png", data: append(append([]byte{}, image...), make([]byte, 2*badInputMaxBody)...)})
	add("unknown field", 400, "zzz_unknown", file, badInputPart{name: "zzz_unknown", data: []byte("1")})
	add("file twice", 400, "file", file, file)
	add("caption twice", 400, "caption", badInputPart{name: "caption", data: []byte("a")}, badInputPart{name: "caption", data: []byte("b")}, file)
	add("focal_x not a number", 422, "focal_x", file, badInputPart{name: "focal_x", data: []byte("left")}, badInputPart{name: "focal_y", data: []byte("0.5")})
	add("focal_x without focal_y", 422, "focal_point", file, badInputPart{name: "focal_x", data: []byte("0.5")})
	add("focal point out of range", 422, "", file, badInputPart{name: "focal_x", data: []byte("7")}, badInputPart{name: "focal_y", data: []byte("-1")})
	add("rights_expire_at not a time", 422, "rights_expire_at", file, badInputPart{name: "rights_expire_at", data: []byte("next tuesday")})
	add("caption far too long", 422, "caption", file, badInputPart{name: "caption", data: bytes.Repeat([]byte("a"), 70_000)})
	// Text that is not text is refused before the image is stored.
	add("invalid UTF-8 in the caption", 422, "caption", file, badInputPart{name: "caption", data: []byte("ok \xff\xfe bad")})
	add("NUL in the credit", 422, "credit", file, badInputPart{name: "credit", data: []byte("a\x00b")})

	body, ctype := form(file)
	_, boundary, _ := strings.Cut(ctype, "boundary=")
	cases = append(cases,
		badInputCase{name: "JSON instead of a form", body: []byte(`{"file":"x"}`), contentType: "application/json", want: 415},
		badInputCase{name: "Content-Type text/plain", body: body, contentType: "text/plain", want: 415},
		badInputCase{name: "no Content-Type", body: body, want: 415},
		badInputCase{name: "form without a boundary", body: body, contentType: "multipart/form-data", want: 415},
		badInputCase{name: "urlencoded form", body: []byte("file=abc&caption=x"), contentType: "application/x-www-form-urlencoded", want: 415},
		badInputCase{name: "garbage instead of parts", body: []byte("this is not multipart at all"), contentType: ctype, want: 400},
		badInputCase{name: "truncated multipart", body: body[:len(body)/2], contentType: ctype, want: 400},
		badInputCase{name: "wrong boundary", body: body, contentType: "multipart/form-data; boundary=" + boundary + "x", want: 400},
	)
	cases = append(cases, badInputIfMatchCases(r, ctype, body)...)
	badInputRun(t, app, adminToken, ids, r, cases)
}

// badInputETag returns the current ETag of the object at path.
func badInputETag(t *testing.T, app *cmstest.App, token, path string) string {
	t.Helper()
	res := app.Do(cmstest.Request{Method: http.MethodGet, Path: path, Token: token})
	etag := res.Header.Get("ETag")
	if res.Status != http.StatusOK || etag == "" {
		t.Fatalf("GET %s: got %d, ETag %q, want 200 with an ETag", path, res.Status, etag)
	}
	return etag
}

// badInputSend sends a request with exact bytes and headers; chunked hides
// the length so the server meets the limit while reading.
func badInputSend(t *testing.T, app *cmstest.App, method, path, token string, header map[string]string, body []byte, chunked bool) *cmstest.Response {
	t.Helper()
	var rd io.Reader = bytes.NewReader(body)
	if chunked {
		rd = io.MultiReader(rd) // not a type http.NewRequest can measure
	}
	req, err := http.NewRequestWithContext(context.Background(), method, app.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &cmstest.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// badInputError is the error body as a client reads it.
type badInputError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// badInputWantError checks that res is a JSON error with one of the statuses
// and a code that maps to its status. The answer to a HEAD has no body.
func badInputWantError(t *testing.T, method string, res *cmstest.Response, want ...int) badInputError {
	t.Helper()
	var e badInputError
	if !slices.Contains(want, res.Status) {
		t.Errorf("status: got %d, want %v: %s", res.Status, want, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	if method == http.MethodHead {
		return e
	}
	if err := json.Unmarshal(res.Body, &e); err != nil {
		t.Errorf("body: got %s, want a JSON error: %v", res.Body, err)
		return e
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("body: got %s, want error.code and error.message", res.Body)
	}
	if got := httpapi.StatusOf(e.Error.Code); got != res.Status {
		t.Errorf("error.code %q maps to %d, but the status is %d", e.Error.Code, got, res.Status)
	}
	return e
}

// badInputField is a JSON field of a request body type.
type badInputField struct {
	name string
	typ  reflect.Type
}

func badInputFields(t reflect.Type) []badInputField {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []badInputField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, badInputField{name: name, typ: f.Type})
	}
	return out
}

// badInputBase returns the type a field's JSON value decodes into: through
// pointers and cms.Optional.
func badInputBase(t reflect.Type) reflect.Type {
	for {
		switch {
		case t.Kind() == reflect.Pointer:
			t = t.Elem()
		case t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "Optional["):
			f, _ := t.FieldByName("Value")
			t = f.Type
		default:
			return t
		}
	}
}

// badInputWrongValues returns JSON values of the wrong type for a field.
func badInputWrongValues(t reflect.Type) []string {
	base := badInputBase(t)
	if base == reflect.TypeFor[json.RawMessage]() {
		return nil // any JSON is the right type
	}
	switch base.Kind() {
	case reflect.String:
		return []string{`123`, `true`, `["a"]`, `{"a":"b"}`}
	case reflect.Bool:
		return []string{`"true"`, `1`, `[]`}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return []string{`"1"`, `1.5`, `1e400`, `99999999999999999999`, `true`, `{}`}
	case reflect.Float32, reflect.Float64:
		return []string{`"1"`, `true`, `[]`, `1e400`}
	case reflect.Slice, reflect.Array:
		wrong := []string{`"a"`, `{}`, `true`}
		if elem := badInputWrongValues(base.Elem()); len(elem) > 0 {
			wrong = append(wrong, `[`+elem[0]+`]`)
		}
		return wrong
	case reflect.Map, reflect.Struct:
		return []string{`"a"`, `1`, `[]`, `true`}
	}
	return []string{`"a"`}
}

// badInputUnknownID sends the route with rawID (already escaped) as its id
// parameters, and the fixture-like "1" as its others (a revision number);
// or, when onlyIDs is false, as every parameter.
func badInputUnknownID(app *cmstest.App, token string, r httpapi.Route, rawID string, onlyIDs bool) *cmstest.Response {
	parts := strings.Split(r.Path, "/")
	for i, p := range parts {
		switch {
		case !badInputParam(p):
		case !onlyIDs || strings.HasSuffix(p, "id") || strings.HasPrefix(p, "*"):
			parts[i] = rawID
		default:
			parts[i] = "1"
		}
	}
	req := cmstest.Request{Method: r.Method, Path: strings.Join(parts, "/"), Token: token}
	if r.Body != nil && r.Consumes == "" {
		req.Body = "{}"
	}
	if _, required := badInputIfMatch(r); required {
		req.Header = map[string]string{"If-Match": `"1"`}
	}
	for _, q := range r.Query {
		if q.Required {
			req.Path += "?" + q.Name + "=1"
		}
	}
	return app.Do(req)
}

// badInputList sends bad paging parameters and hostile filter values to the
// list route r, at path.
func badInputList(t *testing.T, app *cmstest.App, token, path string, r httpapi.Route) {
	get := func(t *testing.T, rawQuery string) *cmstest.Response {
		t.Helper()
		return app.Do(cmstest.Request{Method: http.MethodGet, Path: path + "?" + rawQuery, Token: token})
	}
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

	for _, q := range []string{
		"limit=0", "limit=-1", "limit=101", "limit=abc", "limit=", "limit=1.5", "limit=%FF",
		"limit=99999999999999999999", "limit=-99999999999999999999",
		"cursor=garbage!!", "cursor=%FF%FE", "cursor=" + strings.Repeat("A", 600),
		// Valid base64, but not the shape of any cursor this API makes.
		"cursor=" + b64(`true`), "cursor=" + b64(`[1,2]`), "cursor=" + b64(`[]`), "cursor=" + b64(`not json`),
		"cursor=" + b64(`{"id":{"a":1}}`), "cursor=" + b64(`{"id":[1]}`),
	} {
		t.Run(q, func(t *testing.T) {
			badInputWantError(t, http.MethodGet, get(t, q), http.StatusUnprocessableEntity, http.StatusBadRequest)
		})
	}
	// Valid base64 and JSON that may be a cursor of some list (each list
	// has its own shape): a page or a 4xx, never a database error.
	for _, c := range []string{
		`123`, `-1`, `1e300`, `{"v":{"a":1},"id":"x"}`, `{"v":[1,2],"id":"x"}`, `{"v":true,"id":"x"}`, `"x"`, `"' OR 1=1 --"`, `null`, `{}`, `{"id":"x"}`, `{"v":null,"id":"x"}`, `{"v":"abc","id":"x"}`,
		`{"v":1,"id":"x"}`, `{"v":1.5,"id":"x"}`, `{"v":1e300,"id":"x"}`, `{"v":-1,"id":"' OR 1=1 --"}`,
		`{"v":"\u0000","id":"x"}`, `{"v":"a","id":"\u0000"}`, `"\u0000"`, "\"\xff\xfe\"",
		`{"t":"2024-01-01T00:00:00Z","id":"x"}`, `{"t":"yesterday","id":"x"}`, `{"t":1,"id":"x"}`, `{"n":-1}`, `{"n":"x"}`, `{"n":1e300}`,
	} {
		t.Run("cursor "+c, func(t *testing.T) {
			badInputWantPageOrError(t, get(t, "cursor="+b64(c)))
		})
	}

	// Every documented filter, with text that is not text and with
	// injection attempts: a 4xx for the first, an empty page or a 4xx for
	// the second (no fixture's text contains these strings). A full-text
	// search drops punctuation, so a query without a letter or digit may
	// filter nothing and answer the whole list.
	for _, p := range r.Query {
		if p.Name == "limit" || p.Name == "cursor" {
			continue
		}
		for _, raw := range []string{"%FF%FE", "a%00b", "%C0%AF"} {
			t.Run(p.Name+"="+raw, func(t *testing.T) {
				badInputWantError(t, http.MethodGet, get(t, p.Name+"="+raw), http.StatusUnprocessableEntity, http.StatusBadRequest)
			})
		}
		for _, s := range []string{
			"' OR 1=1 --", "%'; DROP TABLE users; --", `"; DROP TABLE users; --`, `\`, `%`, `_`, `%_%`, `*`, `"`,
			"1) OR (1=1", "'; SELECT pg_sleep(3); --", `NEAR(a b)`, `a AND OR NOT b`, `^`, "x:*", "!!!", "&|",
			strings.Repeat("x", 5000),
		} {
			t.Run(p.Name+"="+s[:min(len(s), 30)], func(t *testing.T) {
				res := get(t, p.Name+"="+url.QueryEscape(s))
				if res.Status == http.StatusOK {
					list := badInputWantPageOrError(t, res)
					words := strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
					if words && len(list.Data) != 0 {
						t.Errorf("%s=%q: got %d rows, want none: %s", p.Name, s, len(list.Data), res.Body)
					}
					return
				}
				badInputWantError(t, http.MethodGet, res, http.StatusUnprocessableEntity, http.StatusBadRequest)
			})
		}
	}
}

// badInputWantPageOrError checks that res is a list page or a 4xx JSON error.
func badInputWantPageOrError(t *testing.T, res *cmstest.Response) (list struct {
	Data       []json.RawMessage `json:"data"`
	NextCursor *string           `json:"next_cursor"`
}) {
	t.Helper()
	if res.Status != http.StatusOK {
		badInputWantError(t, http.MethodGet, res, http.StatusUnprocessableEntity, http.StatusBadRequest)
		return list
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	if err := json.Unmarshal(res.Body, &list); err != nil || list.Data == nil {
		// A delivery page of one object (a section, a story) carries its
		// list of articles under "articles".
		var page struct {
			Articles *struct {
				Data       []json.RawMessage `json:"data"`
				NextCursor *string           `json:"next_cursor"`
			} `json:"articles"`
		}
		if json.Unmarshal(res.Body, &page) == nil && page.Articles != nil && page.Articles.Data != nil {
			list.Data, list.NextCursor = page.Articles.Data, page.Articles.NextCursor
			return list
		}
		t.Errorf("body: got %s, want {\"data\": [...], \"next_cursor\": ...}", res.Body)
	}
	return list
}
