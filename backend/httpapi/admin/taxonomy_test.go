package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

func fields(t *testing.T, res *cmstest.Response) map[string]any {
	t.Helper()
	e, _ := res.JSON(t)["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	return f
}

func TestSections(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		_, _, ed := app.User("editor")
		do := func(method, path string, body any, header ...string) *cmstest.Response {
			req := cmstest.Request{Method: method, Path: api + path, Token: ed, Body: body}
			if len(header) == 1 {
				req.Header = map[string]string{"If-Match": header[0]}
			}
			return app.Do(req)
		}

		res := do("POST", "/sections", map[string]any{"name": "  العالم العربي  ", "description": "أخبار الدول العربية"})
		if res.Status != http.StatusCreated {
			t.Fatalf("create: got %d %s", res.Status, res.Body)
		}
		arab := res.JSON(t)
		if arab["slug"] != "العالم-العربي" || arab["name"] != "العالم العربي" || arab["version"] != 1.0 || arab["parent_id"] != nil {
			t.Errorf("created section: got %s", res.Body)
		}
		if res.Header.Get("ETag") != `"1"` || res.Header.Get("Location") != api+"/sections/"+arab["id"].(string) {
			t.Errorf("headers: ETag %q Location %q", res.Header.Get("ETag"), res.Header.Get("Location"))
		}
		arabID := arab["id"].(string)

		// The same slug again is a conflict naming the field.
		res = do("POST", "/sections", map[string]any{"name": "العالم العربي"})
		wantError(t, res, http.StatusConflict, "conflict")
		if fields(t, res)["slug"] == nil {
			t.Errorf("conflict without fields.slug: %s", res.Body)
		}
		// A slug of the caller's must be a valid slug.
		res = do("POST", "/sections", map[string]any{"name": "Sport", "slug": "Not A Slug!"})
		wantError(t, res, http.StatusUnprocessableEntity, "invalid")
		if fields(t, res)["slug"] == nil {
			t.Errorf("invalid slug without fields.slug: %s", res.Body)
		}
		wantError(t, do("POST", "/sections", map[string]any{"name": ""}), http.StatusUnprocessableEntity, "invalid")
		wantError(t, do("POST", "/sections", map[string]any{"name": "x", "position": -1}), http.StatusUnprocessableEntity, "invalid")
		res = do("POST", "/sections", map[string]any{"name": "Child", "parent_id": "no-such-section"})
		wantError(t, res, http.StatusUnprocessableEntity, "invalid")
		if fields(t, res)["parent_id"] == nil {
			t.Errorf("unknown parent without fields.parent_id: %s", res.Body)
		}

		res = do("POST", "/sections", map[string]any{"name": "سوريا", "slug": "syria", "parent_id": arabID, "position": 3})
		if res.Status != http.StatusCreated || res.JSON(t)["parent_id"] != arabID {
			t.Fatalf("create child: got %d %s", res.Status, res.Body)
		}
		syriaID := res.JSON(t)["id"].(string)

		// A section cannot become its own ancestor.
		res = do("PATCH", "/sections/"+arabID, map[string]any{"parent_id": syriaID}, `"1"`)
		wantError(t, res, http.StatusUnprocessableEntity, "invalid")
		res = do("PATCH", "/sections/"+arabID, map[string]any{"parent_id": arabID}, `"1"`)
		wantError(t, res, http.StatusUnprocessableEntity, "invalid")

		// PATCH needs the current version.
		wantError(t, do("PATCH", "/sections/"+syriaID, map[string]any{"name": "Syria"}), http.StatusPreconditionRequired, "precondition_required")
		res = do("PATCH", "/sections/"+syriaID, map[string]any{"name": "Syria"}, `"1"`)
		if res.Status != http.StatusOK || res.JSON(t)["name"] != "Syria" || res.JSON(t)["version"] != 2.0 || res.Header.Get("ETag") != `"2"` {
			t.Fatalf("patch: got %d %s", res.Status, res.Body)
		}
		if res.JSON(t)["slug"] != "syria" || res.JSON(t)["parent_id"] != arabID {
			t.Errorf("patch changed fields it was not given: %s", res.Body)
		}
		res = do("PATCH", "/sections/"+syriaID, map[string]any{"name": "Stale"}, `"1"`)
		wantError(t, res, http.StatusPreconditionFailed, "precondition_failed")
		if res.Header.Get("ETag") != `"2"` {
			t.Errorf("412 ETag: got %q, want \"2\"", res.Header.Get("ETag"))
		}
		if got := do("GET", "/sections/"+syriaID, nil).JSON(t)["name"]; got != "Syria" {
			t.Errorf("a stale PATCH changed the name to %v", got)
		}
		// null clears the parent.
		res = do("PATCH", "/sections/"+syriaID, map[string]any{"parent_id": nil}, `"2"`)
		if res.Status != http.StatusOK || res.JSON(t)["parent_id"] != nil {
			t.Fatalf("clear parent: got %d %s", res.Status, res.Body)
		}
		res = do("PATCH", "/sections/"+syriaID, map[string]any{"parent_id": arabID}, `"3"`)
		if res.Status != http.StatusOK {
			t.Fatalf("set parent again: got %d %s", res.Status, res.Body)
		}

		// Children keep their parent from being deleted.
		wantError(t, do("DELETE", "/sections/"+arabID, nil), http.StatusConflict, "conflict")
		if res := do("DELETE", "/sections/"+syriaID, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete leaf: got %d %s", res.Status, res.Body)
		}
		wantError(t, do("GET", "/sections/"+syriaID, nil), http.StatusNotFound, "not_found")
		wantError(t, do("DELETE", "/sections/"+syriaID, nil), http.StatusNotFound, "not_found")

		// Listing: top-level only, and by parent.
		do("POST", "/sections", map[string]any{"name": "فلسطين", "parent_id": arabID})
		top := do("GET", "/sections?parent_id=", nil).JSON(t)["data"].([]any)
		if len(top) != 1 || top[0].(map[string]any)["id"] != arabID {
			t.Errorf("top-level sections: got %v", top)
		}
		kids := do("GET", "/sections?parent_id="+arabID, nil).JSON(t)["data"].([]any)
		if len(kids) != 1 || kids[0].(map[string]any)["slug"] != "فلسطين" {
			t.Errorf("children: got %v", kids)
		}

		// Every write is in the audit log with its actor.
		_, _, admin := app.User("admin")
		audit := app.Do(cmstest.Request{Method: "GET", Path: api + "/audit?entity_type=section&limit=100", Token: admin}).JSON(t)["data"].([]any)
		actions := map[string]int{}
		for _, e := range audit {
			m := e.(map[string]any)
			actions[m["action"].(string)]++
			if m["actor_name"] != "Test editor" || m["actor_id"] == nil {
				t.Errorf("audit event without the editor as actor: %v", m)
			}
		}
		if actions["section.create"] != 3 || actions["section.update"] != 3 || actions["section.delete"] != 1 {
			t.Errorf("audit actions: got %v, want 3 creates, 3 updates, 1 delete", actions)
		}
	})
}

func TestTagsPaging(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		_, _, ed := app.User("editor")
		const n = 25
		for i := 0; i < n; i++ {
			res := app.Do(cmstest.Request{Method: "POST", Path: api + "/tags", Token: ed, Body: map[string]any{"name": fmt.Sprintf("وسم %02d", i)}})
			if res.Status != http.StatusCreated {
				t.Fatalf("create tag: %d %s", res.Status, res.Body)
			}
		}
		seen := map[string]bool{}
		var names []string
		cursor := ""
		for page := 0; ; page++ {
			if page > 5 {
				t.Fatal("paging does not end")
			}
			path := api + "/tags?limit=10"
			if cursor != "" {
				path += "&cursor=" + url.QueryEscape(cursor)
			}
			body := app.Do(cmstest.Request{Method: "GET", Path: path, Token: ed}).JSON(t)
			for _, d := range body["data"].([]any) {
				m := d.(map[string]any)
				if seen[m["id"].(string)] {
					t.Errorf("tag %v on two pages", m["name"])
				}
				seen[m["id"].(string)] = true
				names = append(names, m["name"].(string))
			}
			next, _ := body["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		if len(seen) != n {
			t.Fatalf("paged through %d tags, want %d", len(seen), n)
		}
		for i := 1; i < len(names); i++ {
			if names[i-1] > names[i] {
				t.Errorf("not ordered by name: %q before %q", names[i-1], names[i])
			}
		}
		// Search by part of the name or slug.
		body := app.Do(cmstest.Request{Method: "GET", Path: api + "/tags?q=" + url.QueryEscape("وسم 1"), Token: ed}).JSON(t)
		if got := len(body["data"].([]any)); got != 10 {
			t.Errorf("q=وسم 1: got %d tags, want 10", got)
		}
	})
}

func TestAuthors(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		userID, _, ed := app.User("editor")
		res := app.Do(cmstest.Request{Method: "POST", Path: api + "/authors", Token: ed,
			Body: map[string]any{"name": "مراسل موسكو", "bio": "يغطي الشؤون الروسية\nمنذ ٢٠١٠", "user_id": userID}})
		if res.Status != http.StatusCreated {
			t.Fatalf("create author: %d %s", res.Status, res.Body)
		}
		a := res.JSON(t)
		if a["slug"] != "مراسل-موسكو" || a["user_id"] != userID || a["avatar_media_id"] != nil {
			t.Errorf("author: got %s", res.Body)
		}
		res = app.Do(cmstest.Request{Method: "POST", Path: api + "/authors", Token: ed, Body: map[string]any{"name": "X", "user_id": "no-such-user"}})
		wantError(t, res, http.StatusUnprocessableEntity, "invalid")
		if fields(t, res)["user_id"] == nil {
			t.Errorf("unknown user without fields.user_id: %s", res.Body)
		}
		res = app.Do(cmstest.Request{Method: "PATCH", Path: api + "/authors/" + a["id"].(string), Token: ed,
			Header: map[string]string{"If-Match": `"1"`}, Body: map[string]any{"user_id": nil, "bio": ""}})
		if res.Status != http.StatusOK || res.JSON(t)["user_id"] != nil || res.JSON(t)["bio"] != "" {
			t.Errorf("unlink user: got %d %s", res.Status, res.Body)
		}
	})
}
