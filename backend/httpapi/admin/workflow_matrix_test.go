package admin_test

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/store"
)

// states are the starting points of the matrix: the workflow status and
// whether readers see a live version.
var states = []struct {
	name   string
	status string
	live   bool
}{
	{"draft", "draft", false},
	{"in_review", "in_review", false},
	{"scheduled", "scheduled", false},
	{"published", "published", true},
	{"edited_while_live", "draft", true},
	{"unpublished", "unpublished", false},
	{"archived", "archived", false},
}

var matrixActions = []string{"submit", "request-changes", "publish", "schedule", "cancel-schedule", "unpublish", "archive", "edit", "delete"}

// expected restates the spec for one (role, state, action): 404 when the
// role may not see the article, 403 when the role may not take the action,
// 409 when the workflow does not allow it from the state, else success.
func expected(role, status string, live bool, action string) int {
	visible := role == "owner" || role == "editor" || role == "moderator" || (role == "other_writer" && live)
	if !visible {
		return http.StatusNotFound
	}
	permitted := role == "editor" || (role == "owner" && slices.Contains([]string{"submit", "edit", "delete"}, action))
	if !permitted {
		return http.StatusForbidden
	}
	ok := false
	switch action {
	case "submit":
		ok = status == "draft"
	case "request-changes":
		ok = status == "in_review"
	case "publish":
		ok = status == "draft" || status == "in_review" || status == "unpublished"
	case "schedule":
		ok = status == "draft" || status == "in_review"
	case "cancel-schedule":
		ok = status == "scheduled"
	case "unpublish":
		ok = live
	case "archive":
		ok = status == "draft" || status == "unpublished"
	case "edit":
		// Writers cannot edit while in review or scheduled; nobody edits an archive.
		ok = status != "archived" && (role == "editor" || (status != "in_review" && status != "scheduled"))
	case "delete":
		ok = status == "draft" && !live
	}
	switch {
	case !ok:
		return http.StatusConflict
	case action == "delete":
		return http.StatusNoContent
	}
	return http.StatusOK
}

// TestWorkflowMatrix drives every (state, action, role) through the API.
func TestWorkflowMatrix(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		app := cmstest.NewApp(t, db)
		clients := map[string]*cmstest.Client{
			"owner":        newClient(t, app, "writer"),
			"other_writer": newClient(t, app, "writer"),
			"editor":       newClient(t, app, "editor"),
			"moderator":    newClient(t, app, "moderator"),
			"admin":        newClient(t, app, "admin"),
		}
		owner, editor := clients["owner"], clients["editor"]
		n := 0
		// prepare makes a fresh article in the state through the real workflow.
		prepare := func(t *testing.T, state string) map[string]any {
			n++
			art := owner.Must(201, "POST", "/articles", map[string]any{"headline": fmt.Sprintf("مقال رقم %d", n), "body": arabicBody})
			id := "/articles/" + art["id"].(string)
			switch state {
			case "in_review", "scheduled", "published", "edited_while_live", "unpublished":
				art = owner.Must(200, "POST", id+"/submit", nil)
			}
			switch state {
			case "scheduled":
				art = editor.Must(200, "POST", id+"/schedule", map[string]any{"publish_at": time.Now().Add(time.Hour)})
			case "published", "edited_while_live", "unpublished":
				art = editor.Must(200, "POST", id+"/publish", nil)
			case "archived":
				art = editor.Must(200, "POST", id+"/archive", nil)
			}
			switch state {
			case "edited_while_live":
				art = owner.Must(200, "PATCH", id, map[string]any{"summary": "تعديل"}, cmstest.ETag(art))
			case "unpublished":
				art = editor.Must(200, "POST", id+"/unpublish", map[string]any{"reason": "خطأ في الخبر"})
			}
			return art
		}
		for _, st := range states {
			for _, action := range matrixActions {
				for _, role := range []string{"owner", "other_writer", "editor", "moderator", "admin"} {
					t.Run(st.name+"/"+action+"/"+role, func(t *testing.T) {
						art := prepare(t, st.name)
						if art["status"] != st.status || art["live"] != st.live {
							t.Fatalf("prepared %s: got status %v live %v", st.name, art["status"], art["live"])
						}
						path := "/articles/" + art["id"].(string)
						c := clients[role]
						var seen []string
						if got := c.Do("GET", path, nil); got.Status == http.StatusOK {
							seen = []string{}
							for _, a := range got.JSON(t)["allowed_actions"].([]any) {
								seen = append(seen, a.(string))
							}
						}
						var res *cmstest.Response
						switch action {
						case "edit":
							res = c.Do("PATCH", path, map[string]any{"summary": "ملخص جديد"}, cmstest.ETag(art))
						case "delete":
							res = c.Do("DELETE", path, nil)
						case "request-changes":
							res = c.Do("POST", path+"/"+action, map[string]any{"note": "راجع الفقرة الثانية"})
						case "schedule":
							res = c.Do("POST", path+"/"+action, map[string]any{"publish_at": time.Now().Add(2 * time.Hour)})
						default:
							res = c.Do("POST", path+"/"+action, nil)
						}
						want := expected(role, st.status, st.live, action)
						if res.Status != want {
							t.Fatalf("got %d, want %d: %s", res.Status, want, res.Body)
						}
						// What an action answers is what it stored: it writes only
						// the state it changes (store.Tx.UpdateArticleState).
						if res.Status == http.StatusOK && action != "edit" {
							if stored := c.Do("GET", path, nil); stored.Status == http.StatusOK {
								if got, want := stored.JSON(t), res.JSON(t); !reflect.DeepEqual(got, want) {
									t.Errorf("stored after %s:\n%v\nanswered:\n%v", action, got, want)
								}
							}
						}
						if want == http.StatusConflict && action != "edit" && action != "delete" {
							e := res.JSON(t)["error"].(map[string]any)
							if _, ok := e["details"].(map[string]any)["allowed_actions"]; !ok {
								t.Errorf("409 without allowed_actions: %s", res.Body)
							}
						}
						// Before acting, the article listed the action as allowed exactly when it succeeds.
						if seen != nil {
							name := map[string]string{"request-changes": "request_changes", "cancel-schedule": "cancel_schedule"}[action]
							if name == "" {
								name = action
							}
							listed := slices.Contains(seen, name)
							if listed != (want == http.StatusOK || want == http.StatusNoContent) {
								t.Errorf("allowed_actions %v: lists %s = %v, but the action answered %d", seen, name, listed, want)
							}
						}
					})
				}
			}
		}
	})
}
