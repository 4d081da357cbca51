package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
)

func init() { gin.SetMode(gin.TestMode) }

// errorJSON is the error body as a client reads it.
type errorJSON struct {
	Error struct {
		Code      string            `json:"code"`
		Message   string            `json:"message"`
		Fields    map[string]string `json:"fields"`
		RequestID string            `json:"request_id"`
		Details   map[string]any    `json:"details"`
	} `json:"error"`
}

func decodeErrorBody(t *testing.T, w *httptest.ResponseRecorder) errorJSON {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	var e errorJSON
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, w.Body.Bytes())
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("error body: got %s, want a code and a message", w.Body.Bytes())
	}
	return e
}

// newEngine is a gin engine with the production middleware chain in the
// order server.New uses, logging into logs.
func newEngine(logs *bytes.Buffer) *gin.Engine {
	log := slog.New(slog.NewJSONHandler(logs, nil))
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.Use(WithRequestID(log), Recover(), AccessLog(), SecurityHeaders(), CORS(nil), LimitBody(1<<20))
	e.NoRoute(NotFound)
	e.NoMethod(MethodNotAllowed)
	return e
}

func serve(e *gin.Engine, method, target string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	return w
}

func TestRecoverAnswersAPanicWithA500CarryingTheRequestID(t *testing.T) {
	for name, value := range map[string]any{
		"string":        "boom: secret detail",
		"error":         errors.New("boom: secret detail"),
		"runtime error": nil, // a nil map write below
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			e := newEngine(&logs)
			e.GET("/panic", func(c *gin.Context) {
				if value == nil {
					var m map[string]int
					m["secret detail"] = 1
				}
				panic(value)
			})
			w := serve(e, http.MethodGet, "/panic", nil)
			if w.Code != http.StatusInternalServerError {
				t.Fatalf("status: got %d, want %d", w.Code, http.StatusInternalServerError)
			}
			body := decodeErrorBody(t, w)
			if body.Error.Code != cms.EInternal {
				t.Errorf("code: got %q, want %q", body.Error.Code, cms.EInternal)
			}
			id := w.Header().Get("X-Request-ID")
			if id == "" || body.Error.RequestID != id {
				t.Errorf("request_id: got %q in the body, want the X-Request-ID header %q", body.Error.RequestID, id)
			}
			if strings.Contains(w.Body.String(), "secret detail") {
				t.Errorf("body: got %s, want the panic kept out of the answer", w.Body.String())
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options: got %q, want nosniff", got)
			}
			// The panic and its stack are logged once, with the request id.
			var panicLines int
			for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("log line is not JSON: %v: %s", err, line)
				}
				if rec["msg"] == "panic" {
					panicLines++
					if rec["request_id"] != id {
						t.Errorf("panic log request_id: got %v, want %v", rec["request_id"], id)
					}
					if s, _ := rec["stack"].(string); !strings.Contains(s, "httpapi") {
						t.Errorf("panic log stack: got %q, want a stack trace", s)
					}
				}
			}
			if panicLines != 1 {
				t.Errorf("panic log lines: got %d, want 1\n%s", panicLines, logs.String())
			}
		})
	}
}

func TestRecoverLetsAbortHandlerThrough(t *testing.T) {
	e := newEngine(&bytes.Buffer{})
	e.GET("/abort", func(c *gin.Context) { panic(http.ErrAbortHandler) })
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recovered: got %v, want http.ErrAbortHandler re-panicked for net/http", p)
		}
	}()
	serve(e, http.MethodGet, "/abort", nil)
	t.Errorf("ServeHTTP returned normally, want the http.ErrAbortHandler panic to reach net/http")
}

func TestErrorMapsEveryCode(t *testing.T) {
	want := map[string]int{
		cms.EBadRequest:       400,
		cms.EInvalid:          422,
		cms.EUnauthorized:     401,
		cms.EForbidden:        403,
		cms.ENotFound:         404,
		cms.EMethodNotAllowed: 405,
		cms.EConflict:         409,
		cms.EPreconditionFail: 412,
		cms.ERequestTimeout:   408,
		cms.ETooLarge:         413,
		cms.EUnsupportedMedia: 415,
		cms.EPreconditionReq:  428,
		cms.ETooManyRequests:  429,
		cms.EUnavailable:      503,
		cms.EInternal:         500,
	}
	for code := range statusOf {
		if _, ok := want[code]; !ok {
			t.Errorf("statusOf maps %q, which this test does not know; add it with its status", code)
		}
	}
	for code, status := range want {
		t.Run(code, func(t *testing.T) {
			if got := StatusOf(code); got != status {
				t.Errorf("StatusOf(%q): got %d, want %d", code, got, status)
			}
			e := newEngine(&bytes.Buffer{})
			e.GET("/x", func(c *gin.Context) {
				// Wrapped, as services and store return them.
				Error(c, fmt.Errorf("do something: %w", &cms.Error{Code: code, Message: "the message", Fields: map[string]string{"f": "is wrong"}}))
			})
			w := serve(e, http.MethodGet, "/x", map[string]string{"X-Request-ID": "req-" + code})
			if w.Code != status {
				t.Fatalf("status: got %d, want %d", w.Code, status)
			}
			body := decodeErrorBody(t, w)
			if body.Error.Code != code || body.Error.Message != "the message" || body.Error.Fields["f"] != "is wrong" {
				t.Errorf("body: got %s, want code %q, the message and the field", w.Body.String(), code)
			}
			if body.Error.RequestID != "req-"+code {
				t.Errorf("request_id: got %q, want %q", body.Error.RequestID, "req-"+code)
			}
		})
	}
}

func TestErrorHidesInternalErrors(t *testing.T) {
	var logs bytes.Buffer
	e := newEngine(&logs)
	e.GET("/x", func(c *gin.Context) { Error(c, errors.New("pq: password authentication failed for user cms")) })
	w := serve(e, http.MethodGet, "/x", nil)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status: got %d, want 500", w.Code)
	}
	body := decodeErrorBody(t, w)
	if body.Error.Code != cms.EInternal || strings.Contains(w.Body.String(), "password") {
		t.Errorf("body: got %s, want a generic internal error", w.Body.String())
	}
	if !strings.Contains(logs.String(), "password authentication failed") || !strings.Contains(logs.String(), body.Error.RequestID) {
		t.Errorf("log: got %s, want the error logged with the request id %s", logs.String(), body.Error.RequestID)
	}
}

func TestErrorUnknownCodeIs500(t *testing.T) {
	e := newEngine(&bytes.Buffer{})
	e.GET("/x", func(c *gin.Context) { Error(c, cms.Errorf("teapot", "short and stout")) })
	if w := serve(e, http.MethodGet, "/x", nil); w.Code != http.StatusInternalServerError {
		t.Errorf("status: got %d, want 500", w.Code)
	}
}

func TestErrorHeadersOf429And412(t *testing.T) {
	e := newEngine(&bytes.Buffer{})
	e.GET("/429", func(c *gin.Context) {
		Error(c, &cms.Error{Code: cms.ETooManyRequests, Message: "slow down", Details: map[string]any{"retry_after_seconds": 42}})
	})
	e.GET("/412", func(c *gin.Context) {
		Error(c, &cms.Error{Code: cms.EPreconditionFail, Message: "stale", Details: map[string]any{"current_version": int64(7)}})
	})
	w := serve(e, http.MethodGet, "/429", nil)
	if got := w.Header().Get("Retry-After"); got != "42" {
		t.Errorf("Retry-After: got %q, want %q", got, "42")
	}
	if body := decodeErrorBody(t, w); body.Error.Details["retry_after_seconds"] != float64(42) {
		t.Errorf("details: got %v, want retry_after_seconds 42", body.Error.Details)
	}
	w = serve(e, http.MethodGet, "/412", nil)
	if got := w.Header().Get("ETag"); got != `"7"` {
		t.Errorf("ETag: got %q, want %q", got, `"7"`)
	}
	if body := decodeErrorBody(t, w); body.Error.Details["current_version"] != float64(7) {
		t.Errorf("details: got %v, want current_version 7", body.Error.Details)
	}
}

func TestNotFoundAndMethodNotAllowed(t *testing.T) {
	e := newEngine(&bytes.Buffer{})
	e.GET("/things", func(c *gin.Context) { c.Status(http.StatusNoContent) })
	e.POST("/things", func(c *gin.Context) { c.Status(http.StatusNoContent) })

	w := serve(e, http.MethodGet, "/nothing/"+url.PathEscape("\xff\xfe"), nil)
	if w.Code != http.StatusNotFound {
		t.Fatalf("status: got %d, want 404", w.Code)
	}
	if body := decodeErrorBody(t, w); body.Error.Code != cms.ENotFound || !utf8.ValidString(body.Error.Message) {
		t.Errorf("body: got %s, want not_found with a valid UTF-8 message", w.Body.String())
	}

	w = serve(e, http.MethodDelete, "/things", nil)
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("status: got %d, want 405", w.Code)
	}
	if body := decodeErrorBody(t, w); body.Error.Code != cms.EMethodNotAllowed {
		t.Errorf("code: got %q, want %q", body.Error.Code, cms.EMethodNotAllowed)
	}
	if got := w.Header().Get("Allow"); got != "GET, POST" {
		t.Errorf("Allow: got %q, want %q", got, "GET, POST")
	}
}

func TestLimitBody(t *testing.T) {
	e := gin.New()
	e.Use(WithRequestID(slog.New(slog.DiscardHandler)), LimitBody(10))
	e.POST("/x", func(c *gin.Context) {
		var v struct {
			A string `json:"a"`
		}
		if err := Decode(c, &v); err != nil {
			Error(c, err)
			return
		}
		c.JSON(http.StatusOK, v)
	})
	for _, tc := range []struct {
		name    string
		body    string
		chunked bool
		want    int
	}{
		{"within the limit", `{"a":"b"}`, false, http.StatusOK},
		{"Content-Length over the limit", `{"a":"bbbbbbbbbb"}`, false, http.StatusRequestEntityTooLarge},
		{"chunked over the limit", `{"a":"bbbbbbbbbb"}`, true, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			if tc.chunked {
				req.ContentLength = -1
			}
			w := httptest.NewRecorder()
			e.ServeHTTP(w, req)
			if w.Code != tc.want {
				t.Fatalf("status: got %d, want %d: %s", w.Code, tc.want, w.Body.String())
			}
			if tc.want != http.StatusOK {
				if body := decodeErrorBody(t, w); body.Error.Code != cms.ETooLarge {
					t.Errorf("code: got %q, want %q", body.Error.Code, cms.ETooLarge)
				}
			}
		})
	}
}

// queryContext is a gin context for a GET with the raw query and headers.
func queryContext(rawQuery string, header map[string]string) *gin.Context {
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest(http.MethodGet, "/?"+rawQuery, nil)
	for k, v := range header {
		c.Request.Header.Set(k, v)
	}
	return c
}

// wantCode fails the test unless err is a *cms.Error with the code (and,
// when field is not empty, naming the field).
func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	var ce *cms.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error: got %v, want a *cms.Error with code %q", err, code)
	}
	if ce.Code != code {
		t.Errorf("code: got %q, want %q", ce.Code, code)
	}
	if field != "" && ce.Fields[field] == "" {
		t.Errorf("fields: got %v, want a message for %q", ce.Fields, field)
	}
}

func TestPaging(t *testing.T) {
	long := strings.Repeat("a", 512)
	for _, tc := range []struct {
		query      string
		wantCursor string
		wantLimit  int
	}{
		{"", "", DefaultLimit},
		{"limit=1", "", 1},
		{"limit=100", "", 100},
		{"limit=007", "", 7},
		{"limit=5&limit=500", "", 5}, // the first value counts
		{"cursor=abc&limit=3", "abc", 3},
		{"cursor=" + long, long, DefaultLimit},
	} {
		t.Run(tc.query, func(t *testing.T) {
			cursor, limit, err := Paging(queryContext(tc.query, nil))
			if err != nil || cursor != tc.wantCursor || limit != tc.wantLimit {
				t.Errorf("Paging: got (%q, %d, %v), want (%q, %d, nil)", cursor, limit, err, tc.wantCursor, tc.wantLimit)
			}
		})
	}
	for _, tc := range []struct{ query, field string }{
		{"limit=0", "limit"},
		{"limit=-1", "limit"},
		{"limit=101", "limit"},
		{"limit=", "limit"},
		{"limit=abc", "limit"},
		{"limit=1.5", "limit"},
		{"limit=%20", "limit"},
		{"limit=99999999999999999999", "limit"},
		{"limit=-99999999999999999999", "limit"},
		{"limit=0x10", "limit"},
		{"cursor=" + long + "a", "cursor"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			_, _, err := Paging(queryContext(tc.query, nil))
			wantCode(t, err, cms.EInvalid, tc.field)
		})
	}
}

func TestQueryText(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  string
	}{
		{"", ""},
		{"q=%20%20news%20", "news"},
		{"q=" + url.QueryEscape("مفاوضات أستانا"), "مفاوضات أستانا"},
		{"q=" + url.QueryEscape("' OR 1=1 --"), "' OR 1=1 --"},
		{"q=" + strings.Repeat("ب", 20), strings.Repeat("ب", 20)},
	} {
		got, err := QueryText(queryContext(tc.query, nil), "q", 20)
		if err != nil || got != tc.want {
			t.Errorf("QueryText(%q): got (%q, %v), want (%q, nil)", tc.query, got, err, tc.want)
		}
	}
	for _, q := range []string{"q=%FF%FE", "q=a%00b", "q=" + strings.Repeat("ب", 21)} {
		_, err := QueryText(queryContext(q, nil), "q", 20)
		wantCode(t, err, cms.EInvalid, "q")
	}
}

func TestQueryBool(t *testing.T) {
	for q, want := range map[string]string{"": "<nil>", "active=": "<nil>", "active=true": "true", "active=0": "false", "active=F": "false"} {
		got, err := QueryBool(queryContext(q, nil), "active")
		s := "<nil>"
		if got != nil {
			s = fmt.Sprint(*got)
		}
		if err != nil || s != want {
			t.Errorf("QueryBool(%q): got (%s, %v), want (%s, nil)", q, s, err, want)
		}
	}
	for _, q := range []string{"active=yes", "active=%FF", "active=truee"} {
		_, err := QueryBool(queryContext(q, nil), "active")
		wantCode(t, err, cms.EInvalid, "active")
	}
}

func TestIfMatch(t *testing.T) {
	for h, want := range map[string]int64{
		`"7"`:                   7,
		`W/"7"`:                 7,
		`  "12" `:               12,
		`"9223372036854775807"`: 9223372036854775807,
	} {
		got, err := IfMatch(queryContext("", map[string]string{"If-Match": h}))
		if err != nil || got != want {
			t.Errorf("IfMatch(%q): got (%d, %v), want (%d, nil)", h, got, err, want)
		}
	}
	for _, h := range []string{"", "   "} {
		_, err := IfMatch(queryContext("", map[string]string{"If-Match": h}))
		wantCode(t, err, cms.EPreconditionReq, "")
	}
	for _, h := range []string{
		`7`, `"0"`, `"-1"`, `"abc"`, `""`, `"`, `*`, `"7`, `7"`, `"7", "8"`, `w/"7"`, `W/7`,
		`"99999999999999999999"`, `" 7"`, "\"\xff\"",
	} {
		t.Run(h, func(t *testing.T) {
			_, err := IfMatch(queryContext("", map[string]string{"If-Match": h}))
			wantCode(t, err, cms.EBadRequest, "")
		})
	}
	if got := ETag(7); got != `"7"` {
		t.Errorf("ETag(7): got %q, want %q", got, `"7"`)
	}
}

func TestOptionalIfMatch(t *testing.T) {
	v, ok, err := OptionalIfMatch(queryContext("", nil))
	if v != 0 || ok || err != nil {
		t.Errorf("absent: got (%d, %v, %v), want (0, false, nil)", v, ok, err)
	}
	v, ok, err = OptionalIfMatch(queryContext("", map[string]string{"If-Match": `"3"`}))
	if v != 3 || !ok || err != nil {
		t.Errorf(`"3": got (%d, %v, %v), want (3, true, nil)`, v, ok, err)
	}
	_, ok, err = OptionalIfMatch(queryContext("", map[string]string{"If-Match": "3"}))
	if ok {
		t.Errorf("malformed: got ok, want not ok")
	}
	wantCode(t, err, cms.EBadRequest, "")
}

func TestOpenAPIPath(t *testing.T) {
	for in, want := range map[string]string{
		"/users":                     "/users",
		"/users/:id":                 "/users/{id}",
		"/articles/:id/revisions/:n": "/articles/{id}/revisions/{n}",
		"/files/*path":               "/files/{path}",
	} {
		if got := OpenAPIPath(in); got != want {
			t.Errorf("OpenAPIPath(%q): got %q, want %q", in, got, want)
		}
	}
}

// fuzzBody has a field of every kind request bodies use.
type fuzzBody struct {
	S   string               `json:"s"`
	I   int                  `json:"i"`
	B   bool                 `json:"b"`
	P   *string              `json:"p"`
	PI  *int                 `json:"pi"`
	L   []string             `json:"l"`
	PL  *[]string            `json:"pl"`
	O   cms.Optional[string] `json:"o"`
	OI  cms.Optional[int]    `json:"oi"`
	Sub *struct {
		X int        `json:"x"`
		T *time.Time `json:"t"`
	} `json:"sub"`
	T *time.Time `json:"t"`
}

func TestDecodeBytes(t *testing.T) {
	for _, tc := range []struct {
		body  string
		code  string // "" for success
		field string
	}{
		{`{}`, "", ""},
		{` {"s":"a","i":-3,"b":true,"p":null,"l":["x"],"o":null,"oi":4,"sub":{"x":1}} `, "", ""},
		{`{"s":"a","s":"b"}`, "", ""}, // duplicate keys: the last wins, as in encoding/json
		{``, cms.EBadRequest, ""},
		{"  \n\t", cms.EBadRequest, ""},
		{`null`, cms.EBadRequest, ""},
		{`[]`, cms.EBadRequest, ""},
		{`"s"`, cms.EBadRequest, ""},
		{`{"s":`, cms.EBadRequest, ""},
		{`{"s":"a"} {}`, cms.EBadRequest, ""},
		{`{"s":"a"} x`, cms.EBadRequest, ""},
		{`{"s":"a",}`, cms.EBadRequest, ""},
		{"{\"s\":\"\xff\xfe\"}", cms.EBadRequest, ""},
		{`{"zzz":1}`, cms.EBadRequest, "zzz"},
		{`{"sub":{"zzz":1}}`, cms.EBadRequest, "zzz"}, // encoding/json names only the key
		{`{"s":1}`, cms.EInvalid, "s"},
		{`{"i":"1"}`, cms.EInvalid, "i"},
		{`{"i":1.5}`, cms.EInvalid, "i"},
		{`{"i":1e400}`, cms.EInvalid, "i"},
		{`{"i":99999999999999999999}`, cms.EInvalid, "i"},
		{`{"b":"true"}`, cms.EInvalid, "b"},
		{`{"p":1}`, cms.EInvalid, "p"},
		{`{"l":"x"}`, cms.EInvalid, "l"},
		{`{"l":[1]}`, cms.EInvalid, "l"},
		{`{"o":1}`, cms.EInvalid, "o"},
		{`{"oi":"x"}`, cms.EInvalid, "oi"},
		{`{"sub":{"x":"y"}}`, cms.EInvalid, "sub.x"},
		{`{"sub":[]}`, cms.EInvalid, "sub"},
		// time.Time's own UnmarshalJSON reports no field; the field is found.
		{`{"t":"2024-05-01T12:00:00Z"}`, "", ""},
		{`{"t":"yesterday"}`, cms.EInvalid, "t"},
		{`{"t":1}`, cms.EInvalid, "t"},
		{`{"t":[]}`, cms.EInvalid, "t"},
		{`{"T":"yesterday"}`, cms.EInvalid, "t"},
		{`{"s":"ok","sub":{"t":"soon"}}`, cms.EInvalid, "sub"},
		{`{"s":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`, cms.EBadRequest, ""},
	} {
		name := tc.body
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			var v fuzzBody
			err := DecodeBytes([]byte(tc.body), &v)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("DecodeBytes: got %v, want nil", err)
				}
				return
			}
			wantCode(t, err, tc.code, tc.field)
		})
	}
}

func FuzzDecodeBytes(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`{"s":"نص عربي","i":1,"b":false,"p":"x","pi":2,"l":["a","b"],"pl":[],"o":"v","oi":null,"sub":{"x":3}}`,
		`{"o":null,"oi":null,"p":null,"sub":null,"l":null}`,
		`[]`, `[{"s":"a"}]`, `null`, `true`, `1`, `""`, ``, ` `,
		`{"s":"a","s":"b","s":1}`,
		`{"t":"2024-05-01T12:00:00+03:00"}`, `{"t":"2024-13-01T00:00:00Z"}`, `{"sub":{"t":0}}`,
		`{"i":1e400}`, `{"i":-99999999999999999999}`, `{"oi":1e308}`, `{"i":0.0000001}`,
		`{"sub":` + strings.Repeat(`{"x":`, 200) + `1` + strings.Repeat(`}`, 200) + `}`,
		`{"l":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
		"{\"s\":\"\xff\xfe\xfd\"}", "\xef\xbb\xbf{}", "{\"s\":\"\\ud800\"}", "{\"s\":\"\x00\"}",
		"\u00a0{}", "{}\u00a0", `{"s":"a"}{"s":"b"}`, `{"zzz":{"deep":[1,2,3]}}`, `{"S":"case"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v fuzzBody
		err := DecodeBytes(body, &v)
		if err == nil {
			trimmed := bytes.TrimSpace(body)
			if !utf8.Valid(body) || !json.Valid(trimmed) || trimmed[0] != '{' {
				t.Fatalf("DecodeBytes(%q): got nil, want an error for a body that is not one valid JSON object", body)
			}
			return
		}
		var ce *cms.Error
		if !errors.As(err, &ce) {
			t.Fatalf("DecodeBytes(%q): got %T %v, want a *cms.Error", body, err, err)
		}
		if ce.Code != cms.EBadRequest && ce.Code != cms.EInvalid {
			t.Fatalf("DecodeBytes(%q): got code %q, want bad_request or invalid", body, ce.Code)
		}
		if ce.Message == "" {
			t.Fatalf("DecodeBytes(%q): got an empty message", body)
		}
		if ce.Code == cms.EInvalid && len(ce.Fields) == 0 {
			t.Fatalf("DecodeBytes(%q): got invalid without fields, want the field named", body)
		}
		for k, m := range ce.Fields {
			if !utf8.ValidString(k) || !utf8.ValidString(m) {
				t.Fatalf("DecodeBytes(%q): got fields %q, want valid UTF-8", body, ce.Fields)
			}
		}
	})
}
