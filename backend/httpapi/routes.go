package httpapi

import (
	"net/http"
	"path"
	"sync"

	"github.com/gin-gonic/gin"
)

// Route is one endpoint: what the router serves and what the OpenAPI
// document says of it. Registering routes only through a Table keeps the
// two from drifting apart.
type Route struct {
	Method  string
	Path    string // gin syntax, relative to the group: /users/:id
	Summary string
	Tag     string
	Auth    bool    // needs "Authorization: Bearer <token>"
	Query   []Param // query parameters
	Headers []Param // request headers such as If-Match
	// Body is a value of the request body's type; nil when there is none.
	Body any
	// Consumes is the content type of the request body when it is not JSON
	// (e.g. multipart/form-data; Body then describes its fields).
	Consumes string
	// BodyOptional says the body may be left out (a workflow action without
	// a note); the OpenAPI document then does not mark it required.
	BodyOptional bool
	// Status is the success status; Response a value of the success body's
	// type (nil for none, a string for a non-JSON body described by Produces).
	Status   int
	Response any
	Produces string // content type of a non-JSON success body
	Handler  gin.HandlerFunc
}

// Param is a query parameter or header of a route.
type Param struct {
	Name        string
	Description string
	Type        string // "string", "integer" or "boolean"
	Required    bool
}

// Table records the routes registered through it, for the OpenAPI document.
type Table struct {
	mu     sync.Mutex
	routes []Route
}

// Handle registers r on group with the middleware mw before its handler.
//
// A public GET (one without Auth) is registered for HEAD as well, with the
// same handler, and documented as such: crawlers, feed validators, CDNs and
// uptime checks ask with HEAD, and the GET handler answers it exactly (same
// status and headers, 304 included) because net/http discards the body of
// an answer to HEAD. A handler that would not end by itself (a stream)
// must check for HEAD. The admin API is left to GET: its clients never
// send HEAD.
func (t *Table) Handle(group *gin.RouterGroup, r Route, mw ...gin.HandlerFunc) {
	t.handle(group, r, mw)
	if r.Method == http.MethodGet && !r.Auth {
		head := r
		head.Method = http.MethodHead
		t.handle(group, head, mw)
	}
}

func (t *Table) handle(group *gin.RouterGroup, r Route, mw []gin.HandlerFunc) {
	full := r
	full.Path = path.Join(group.BasePath(), r.Path)
	if full.Status == 0 {
		full.Status = http.StatusOK
	}
	t.mu.Lock()
	t.routes = append(t.routes, full)
	t.mu.Unlock()
	// A new slice each time: appending to mw could share its array between
	// the two methods' chains.
	chain := make([]gin.HandlerFunc, 0, len(mw)+1)
	group.Handle(r.Method, r.Path, append(append(chain, mw...), r.Handler)...)
}

// Routes returns the registered routes in registration order.
func (t *Table) Routes() []Route {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Route(nil), t.routes...)
}

// PagingParams are the query parameters of every list.
var PagingParams = []Param{
	{Name: "cursor", Type: "string", Description: "next_cursor of the previous page"},
	{Name: "limit", Type: "integer", Description: "page size, 1..100, default 20"},
}

// IfMatchHeader documents the If-Match header of a versioned write.
var IfMatchHeader = Param{Name: "If-Match", Type: "string", Required: true, Description: "the ETag (version) of the object the change is based on; 412 when stale, 428 when missing"}

// List is the JSON of a page of a list.
type List[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

// NewList makes the JSON of a page; an empty next cursor becomes null.
func NewList[T any](data []T, next string) List[T] {
	if data == nil {
		data = []T{}
	}
	l := List[T]{Data: data}
	if next != "" {
		l.NextCursor = &next
	}
	return l
}
