package admin_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestListWriters: editors list the active writers to assign to a live
// article, with ids and names only; nobody else may, and e-mails neither
// show nor can be searched for.
func TestListWriters(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		admin := newClient(t, app, "admin")
		editor := newClient(t, app, "editor")
		user := func(name, email string, roles ...string) string {
			return admin.Must(201, "POST", "/users", map[string]any{"email": email, "name": name, "password": "long enough password", "roles": roles})["id"].(string)
		}
		salma := user("سلمى الكاتبة", "salma@test.example", "writer")
		omar := user("Omar Writer", "omar.secret@test.example", "writer", "moderator")
		gone := user("كاتب سابق", "gone@test.example", "writer")
		u := admin.Must(200, "GET", "/users/"+gone, nil)
		admin.Must(200, "PATCH", "/users/"+gone, map[string]any{"active": false}, cmstest.ETag(u))
		user("Eda Editor", "eda@test.example", "editor")

		ids := func(res map[string]any) []string {
			var out []string
			for _, w := range res["data"].([]any) {
				m := w.(map[string]any)
				if len(m) != 2 || m["id"] == nil || m["name"] == nil {
					t.Errorf("a writer is ids and names only: got %v", m)
				}
				out = append(out, m["id"].(string))
			}
			return out
		}
		all := ids(editor.Must(200, "GET", "/writers", nil))
		if !slices.Contains(all, salma) || !slices.Contains(all, omar) {
			t.Errorf("active writers missing: got %v, want %s and %s among them", all, salma, omar)
		}
		if slices.Contains(all, gone) {
			t.Errorf("an inactive writer is listed: %v", all)
		}
		if slices.Contains(all, editor.ID) {
			t.Errorf("an editor who is no writer is listed: %v", all)
		}

		if got := ids(editor.Must(200, "GET", "/writers?q="+url.QueryEscape("سلمى"), nil)); !slices.Equal(got, []string{salma}) {
			t.Errorf("q by name: got %v, want [%s]", got, salma)
		}
		if got := ids(editor.Must(200, "GET", "/writers?q=omar.secret", nil)); len(got) != 0 {
			t.Errorf("q matched an e-mail address: got %v, want none", got)
		}
		if got := ids(editor.Must(200, "GET", "/writers?ids="+omar+","+gone, nil)); !slices.Equal(got, []string{omar}) {
			t.Errorf("ids: got %v, want [%s]", got, omar)
		}
		page := editor.Must(200, "GET", "/writers?limit=1", nil)
		if len(page["data"].([]any)) != 1 || page["next_cursor"] == nil {
			t.Errorf("limit=1: got %v", page)
		}

		wantError(t, editor.Do("GET", "/writers?ids=,", nil), http.StatusUnprocessableEntity, "invalid")
		for _, role := range []string{"writer", "moderator", "admin"} {
			wantError(t, newClient(t, app, role).Do("GET", "/writers", nil), http.StatusForbidden, "forbidden")
		}
	})
}
