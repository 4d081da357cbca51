package server_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"newsroom/cmstest"
	"newsroom/httpapi"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI    string                                 `json:"openapi"`
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

type openAPIOperation struct {
	OperationID string         `json:"operationId"`
	Summary     string         `json:"summary"`
	Parameters  []openAPIParam `json:"parameters"`
	RequestBody *struct {
		Required bool                       `json:"required"`
		Content  map[string]json.RawMessage `json:"content"`
	} `json:"requestBody"`
	Responses map[string]json.RawMessage `json:"responses"`
}

type openAPIParam struct {
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
}

// fetchOpenAPI returns the document as served, and the app serving it.
func fetchOpenAPI(t *testing.T) (*cmstest.App, []byte) {
	t.Helper()
	app := cmstest.NewApp(t, cmstest.SQLite(t))
	res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/openapi.json"})
	if res.Status != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: got %d, want 200", res.Status)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	// Clients that fetch it to generate code revalidate with its ETag.
	etag := res.Header.Get("ETag")
	if again := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/openapi.json", Header: map[string]string{"If-None-Match": etag}}); etag == "" || again.Status != http.StatusNotModified {
		t.Errorf("ETag %q, revalidated: got %d, want 304", etag, again.Status)
	}
	return app, res.Body
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	app, raw := fetchOpenAPI(t)
	var doc openAPIDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi: got %q, want %q", doc.OpenAPI, "3.1.0")
	}

	served := map[string]bool{} // "GET /users/{id}"
	engine := app.Server.EngineRoutes()
	if len(engine) == 0 {
		t.Fatal("the engine serves no routes")
	}
	for _, r := range engine {
		p := httpapi.OpenAPIPath(r.Path)
		served[r.Method+" "+p] = true
		if _, ok := doc.Paths[p][strings.ToLower(r.Method)]; !ok {
			t.Errorf("%s %s is served but not in the OpenAPI document (as %s)", r.Method, r.Path, p)
		}
	}
	operationIDs := map[string]string{}
	for p, ops := range doc.Paths {
		for method, op := range ops {
			where := strings.ToUpper(method) + " " + p
			if !served[where] {
				t.Errorf("%s is documented but not served", where)
			}
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s: got operationId %q summary %q, want both", where, op.OperationID, op.Summary)
			}
			if other, dup := operationIDs[op.OperationID]; dup {
				t.Errorf("operationId %q: used by %s and %s, want unique", op.OperationID, other, where)
			}
			operationIDs[op.OperationID] = where
			if _, ok := op.Responses["default"]; !ok {
				t.Errorf("%s: no default (error) response", where)
			}
			for _, m := range pathParam.FindAllStringSubmatch(p, -1) {
				if !slices.Contains(op.Parameters, openAPIParam{Name: m[1], In: "path", Required: true}) {
					t.Errorf("%s: path parameter %q is not declared as a required path parameter", where, m[1])
				}
			}
		}
	}
	if len(served) != len(engine) {
		t.Errorf("the engine serves %d routes but %d distinct method and path pairs", len(engine), len(served))
	}
	// Every route of the table the server registered is served as well,
	// and its body documented as the table describes it.
	for _, r := range app.Server.Routes() {
		p := httpapi.OpenAPIPath(r.Path)
		if !served[r.Method+" "+p] {
			t.Errorf("%s %s is in the route table but not served", r.Method, r.Path)
		}
		op := doc.Paths[p][strings.ToLower(r.Method)]
		switch {
		case r.Body == nil && op.RequestBody != nil:
			t.Errorf("%s %s: takes no body, but the document describes one", r.Method, r.Path)
		case r.Body == nil:
		case op.RequestBody == nil:
			t.Errorf("%s %s: takes a body, but the document describes none", r.Method, r.Path)
		default:
			consumes := cmp.Or(r.Consumes, "application/json")
			if _, ok := op.RequestBody.Content[consumes]; !ok || len(op.RequestBody.Content) != 1 {
				t.Errorf("%s %s: request body content %v, want %s only", r.Method, r.Path, slices.Collect(maps.Keys(op.RequestBody.Content)), consumes)
			}
			if op.RequestBody.Required == r.BodyOptional {
				t.Errorf("%s %s: requestBody.required %v, want %v", r.Method, r.Path, op.RequestBody.Required, !r.BodyOptional)
			}
		}
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	_, raw := fetchOpenAPI(t)
	var doc openAPIDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	const prefix = "#/components/schemas/"
	var refs int
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"]; ok {
				refs++
				s, _ := ref.(string)
				name, found := strings.CutPrefix(s, prefix)
				if !found {
					t.Errorf("%s: $ref %v, want %s<name>", at, ref, prefix)
				} else if schema, ok := doc.Components.Schemas[name]; !ok {
					t.Errorf("%s: $ref %s names no component", at, s)
				} else if bytes.Equal(bytes.TrimSpace(schema), []byte("{}")) {
					t.Errorf("%s: $ref %s names an empty component", at, s)
				}
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(at+"/"+k, v[k])
			}
		case []any:
			for _, e := range v {
				walk(at+"[]", e)
			}
		}
	}
	walk("#", tree)
	if refs == 0 {
		t.Error("the document has no $ref at all; want the error schema referenced at least")
	}
}

// TestOpenAPIGolden keeps the document under review: any change to the API's
// shape shows as a diff of testdata/openapi.json. Refresh it with
// go test ./server -run TestOpenAPIGolden -update.
func TestOpenAPIGolden(t *testing.T) {
	_, raw := fetchOpenAPI(t)
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, raw, "", "  "); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	pretty.WriteByte('\n')
	golden := filepath.Join("testdata", "openapi.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read the golden file (create it with -update): %v", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("the OpenAPI document differs from %s; review the change and refresh it with -update:\n%s", golden, firstDifference(string(want), pretty.String()))
	}
}

// firstDifference shows the first line that differs, with a little context.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  got  " + gl + "\n  want " + wl
		}
	}
	return "(no line differs)"
}
