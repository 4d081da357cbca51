package admin_test

import (
	"fmt"
	"net/http"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestPermissionsOverHTTP drives every admin endpoint as each role and checks
// the status the policy decides: the matrix as a newcomer would see it with
// curl.
func TestPermissionsOverHTTP(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		_, _, editor := app.User("editor")
		_, _, admin := app.User("admin")
		tokens := map[string]string{"editor": editor, "admin": admin}
		for _, role := range []string{"writer", "moderator"} {
			_, _, tokens[role] = app.User(role)
		}

		// Objects to read, change and delete, made by an editor (or admin for users).
		create := func(path, token string, body map[string]any) string {
			res := app.Do(cmstest.Request{Method: "POST", Path: api + path, Token: token, Body: body})
			if res.Status != http.StatusCreated {
				t.Fatalf("create %s: %d %s", path, res.Status, res.Body)
			}
			return res.JSON(t)["id"].(string)
		}
		seq := 0
		next := func() int { seq++; return seq }

		type call struct {
			method, path string
			body         func() map[string]any
			ok           int             // status when allowed
			allowed      map[string]bool // roles allowed
		}
		readers := map[string]bool{"writer": true, "editor": true, "moderator": true}
		editors := map[string]bool{"editor": true}
		admins := map[string]bool{"admin": true}
		everyone := map[string]bool{"writer": true, "editor": true, "moderator": true, "admin": true}

		var calls []call
		calls = append(calls, call{"GET", "/me", nil, 200, everyone})
		for _, kind := range []string{"sections", "tags", "authors"} {
			kind := kind
			calls = append(calls,
				call{"GET", "/" + kind, nil, 200, readers},
				call{"POST", "/" + kind, func() map[string]any { return map[string]any{"name": fmt.Sprintf("اسم %s %d", kind, next())} }, 201, editors},
				call{"GET", "/" + kind + "/{id}", nil, 200, readers},
				call{"PATCH", "/" + kind + "/{id}", func() map[string]any { return map[string]any{"name": fmt.Sprintf("renamed %d", next())} }, 200, editors},
				call{"DELETE", "/" + kind + "/{id}", nil, 204, editors},
			)
		}
		calls = append(calls,
			call{"GET", "/users", nil, 200, admins},
			call{"POST", "/users", func() map[string]any {
				return map[string]any{"email": fmt.Sprintf("new%d@test.example", next()), "name": "New", "password": "long enough password", "roles": []string{"writer"}}
			}, 201, admins},
			call{"GET", "/users/{id}", nil, 200, admins},
			call{"GET", "/writers", nil, 200, editors},
			call{"PATCH", "/users/{id}", func() map[string]any { return map[string]any{"name": fmt.Sprintf("Renamed %d", next())} }, 200, admins},
			call{"GET", "/audit", nil, 200, admins},
		)

		for _, c := range calls {
			for _, role := range []string{"writer", "editor", "moderator", "admin"} {
				t.Run(role+" "+c.method+" "+c.path, func(t *testing.T) {
					path := c.path
					var etag string
					if len(path) > 5 && path[len(path)-5:] == "/{id}" {
						base := path[:len(path)-5]
						var id string
						if base == "/users" {
							id = create(base, admin, map[string]any{"email": fmt.Sprintf("target%d@test.example", next()), "name": "Target", "password": "long enough password", "roles": []string{"writer"}})
						} else {
							id = create(base, editor, map[string]any{"name": fmt.Sprintf("target %d", next())})
						}
						path = base + "/" + id
						etag = `"1"`
					}
					req := cmstest.Request{Method: c.method, Path: api + path, Token: tokens[role]}
					if c.body != nil {
						req.Body = c.body()
					}
					if etag != "" {
						req.Header = map[string]string{"If-Match": etag}
					}
					res := app.Do(req)
					want := http.StatusForbidden
					if c.allowed[role] {
						want = c.ok
					}
					if res.Status != want {
						t.Fatalf("got %d, want %d (%s)", res.Status, want, res.Body)
					}
					if want == http.StatusForbidden {
						wantError(t, res, http.StatusForbidden, "forbidden")
					}
				})
			}
		}
	})
}
