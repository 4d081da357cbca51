package httpapi

import (
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// OpenAPI builds the OpenAPI 3.1 document of the routes, describing request
// and response bodies by reflecting on their Go types and their json tags.
func OpenAPI(routes []Route, title, version string) map[string]any {
	g := &schemaGen{components: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, r := range routes {
		p := OpenAPIPath(r.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.Method)] = g.operation(r)
	}
	g.components["Error"] = g.schemaOf(reflect.TypeOf(ErrorBody{}))
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   title,
			"version": version,
			"description": "The newsroom CMS: the admin API (/api/admin/v1, bearer tokens from POST /api/admin/v1/auth/login) " +
				"and the public delivery API (/api/v1). Every error is {\"error\": {\"code\", \"message\", \"fields\"?}}.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.components,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer"},
			},
		},
	}
	return doc
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z_][A-Za-z0-9_]*)`)

// OpenAPIPath turns a gin path (/users/:id) into an OpenAPI one (/users/{id}).
func OpenAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

func (g *schemaGen) operation(r Route) map[string]any {
	op := map[string]any{
		"summary":     r.Summary,
		"operationId": operationID(r),
	}
	if r.Tag != "" {
		op["tags"] = []string{r.Tag}
	}
	var params []any
	for _, m := range ginParam.FindAllStringSubmatch(r.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range r.Query {
		params = append(params, param(q, "query"))
	}
	for _, h := range r.Headers {
		params = append(params, param(h, "header"))
	}
	if params != nil {
		op["parameters"] = params
	}
	if r.Auth {
		op["security"] = []any{map[string]any{"bearer": []string{}}}
	}
	if r.Body != nil {
		consumes := r.Consumes
		if consumes == "" {
			consumes = "application/json"
		}
		op["requestBody"] = map[string]any{
			"required": !r.BodyOptional,
			"content":  map[string]any{consumes: map[string]any{"schema": g.schemaOf(reflect.TypeOf(r.Body))}},
		}
	}
	ok := map[string]any{"description": http.StatusText(r.Status)}
	switch {
	case r.Produces != "":
		ok["content"] = map[string]any{r.Produces: map[string]any{"schema": map[string]any{"type": "string"}}}
	case r.Response != nil:
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schemaOf(reflect.TypeOf(r.Response))}}
	}
	errRef := map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	op["responses"] = map[string]any{strconv.Itoa(r.Status): ok, "default": errRef}
	return op
}

func param(p Param, in string) map[string]any {
	t := p.Type
	if t == "" {
		t = "string"
	}
	m := map[string]any{"name": p.Name, "in": in, "schema": map[string]any{"type": t}}
	if p.Required {
		m["required"] = true
	}
	if p.Description != "" {
		m["description"] = p.Description
	}
	return m
}

func operationID(r Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(r.Method))
	for _, part := range strings.FieldsFunc(r.Path, func(c rune) bool { return c == '/' || c == '-' || c == '.' }) {
		if strings.HasPrefix(part, ":") || strings.HasPrefix(part, "*") {
			part = "by_" + part[1:]
		}
		b.WriteString("_" + part)
	}
	return b.String()
}

type schemaGen struct {
	components map[string]any
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf returns the JSON schema of t; named struct types become
// components referenced by $ref.
func (g *schemaGen) schemaOf(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		s := g.schemaOf(t.Elem())
		return nullable(s)
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "Optional[") {
		f, _ := t.FieldByName("Value")
		return nullable(g.schemaOf(f.Type))
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schemaOf(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name := schemaName(t)
		if name == "" {
			return g.structSchema(t)
		}
		if _, ok := g.components[name]; !ok {
			g.components[name] = map[string]any{} // placeholder against recursion
			g.components[name] = g.structSchema(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func nullable(s map[string]any) map[string]any {
	if t, ok := s["type"].(string); ok {
		c := map[string]any{}
		for k, v := range s {
			c[k] = v
		}
		c["type"] = []string{t, "null"}
		return c
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

func schemaName(t reflect.Type) string {
	if t.Name() == "" {
		return ""
	}
	pkg := t.PkgPath()
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		pkg = pkg[i+1:]
	}
	name := t.Name()
	// Generic instances like List[*newsroom/cms.User] become ListUser.
	if i := strings.IndexByte(name, '['); i >= 0 {
		inner := name[i+1 : len(name)-1]
		if j := strings.LastIndexByte(inner, '.'); j >= 0 {
			inner = inner[j+1:]
		}
		name = name[:i] + nonWord.ReplaceAllString(inner, "")
	}
	if pkg == "cms" || pkg == "httpapi" {
		return name
	}
	return strings.ToUpper(pkg[:1]) + pkg[1:] + name
}

func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			emb := g.structSchema(derefType(f.Type))
			for k, v := range emb["properties"].(map[string]any) {
				props[k] = v
			}
			// An embedded struct's fields are always there as its own are;
			// through a nil pointer, encoding/json leaves them all out.
			if req, ok := emb["required"].([]string); ok && f.Type.Kind() != reflect.Pointer {
				required = append(required, req...)
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schemaOf(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.HasPrefix(f.Type.Name(), "Optional[") && f.Type.Kind() != reflect.Pointer {
			required = append(required, name)
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		s["required"] = required
	}
	return s
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
