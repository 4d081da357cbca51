package cmstest

import (
	"strconv"
	"testing"
)

// Client is a signed-in user of a test App.
type Client struct {
	t     testing.TB
	app   *App
	ID    string
	Token string
	// Prefix goes before every path the client sends (e.g. "/api/admin/v1",
	// so that tests of one API name its paths short); empty by default.
	Prefix string
}

// NewClient makes a user with the roles and signs them in.
func (a *App) NewClient(t testing.TB, roles ...string) *Client {
	id, _, tok := a.User(roles...)
	return &Client{t: t, app: a, ID: id, Token: tok}
}

// Send sends r as the client: with its token, and its path after Prefix.
func (c *Client) Send(r Request) *Response {
	c.t.Helper()
	r.Path = c.Prefix + r.Path
	r.Token = c.Token
	return c.app.Do(r)
}

// Do sends a request as the client; ifMatch, when given, is the If-Match header.
func (c *Client) Do(method, path string, body any, ifMatch ...string) *Response {
	c.t.Helper()
	req := Request{Method: method, Path: path, Body: body}
	if len(ifMatch) == 1 && ifMatch[0] != "" {
		req.Header = map[string]string{"If-Match": ifMatch[0]}
	}
	return c.Send(req)
}

// Must sends the request, fails the test unless the answer has status
// want, and returns the JSON object answered (nil for an empty body).
func (c *Client) Must(want int, method, path string, body any, ifMatch ...string) map[string]any {
	c.t.Helper()
	res := c.Do(method, path, body, ifMatch...)
	if res.Status != want {
		c.t.Fatalf("%s %s: got %d, want %d: %s", method, path, res.Status, want, res.Body)
	}
	if len(res.Body) == 0 || res.Body[0] != '{' {
		return nil
	}
	return res.JSON(c.t)
}

// ETag returns the If-Match value of an object answered by the admin API.
func ETag(obj map[string]any) string {
	return `"` + strconv.FormatFloat(obj["version"].(float64), 'f', 0, 64) + `"`
}
