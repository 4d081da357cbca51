package delivery_test

import (
	"net/http"
	"net/url"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// TestForeignCursors: every delivery list answers 422 to a cursor that
// another list of another shape made (docs/api.md: "holds a position of
// the wrong shape is 422"), where it answered an empty page, its first
// page or a page at another list's position; its own cursor pages on.
// Lists whose cursors have one shape (the keyset on a time and an id of
// the article lists, comments, replies and live entries; the slug of the
// tag and author indexes) cannot tell each other's apart, and need not:
// such a cursor is a position of their own order.
func TestForeignCursors(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		ed := n.editor
		tag2 := ed.Must(201, "POST", admin+"/tags", map[string]any{"name": "جولة ثانية"})
		author2 := ed.Must(201, "POST", admin+"/authors", map[string]any{"name": "مراسلة ثانية", "slug": "second"})
		for _, s := range []map[string]any{{"title": "الشريط الثاني", "featured": true, "position": 2}, {"title": "قصة عادية"}, {"title": "قصة عادية ثانية"}} {
			ed.Must(201, "POST", admin+"/stories", s)
		}
		links := func(headline, kind string) map[string]any {
			return map[string]any{"headline": headline, "kind": kind, "body": body(1), "section_id": n.section["id"],
				"tag_ids": []any{n.tag["id"], tag2["id"]}, "author_ids": []any{n.author["id"], author2["id"]}, "story_ids": []any{n.story["id"]}}
		}
		live := n.publish(t, links("مفاوضات الجولة الأولى", "live"))
		n.publish(t, links("مفاوضات الجولة الثانية", "standard"))
		for _, title := range []string{"افتتاح الجلسة", "وصول الوفود"} {
			ed.Must(201, "POST", admin+"/articles/"+live["id"].(string)+"/live-entries", map[string]any{"title": title, "body": body(2)})
		}
		article := "/api/v1/articles/" + url.PathEscape(live["slug"].(string))
		mod := n.app.NewClient(t, "moderator")
		comment := func(text string, parent any) string {
			c := map[string]any{"author_name": "قارئ", "author_email": "reader@readers.example", "body": text}
			if parent != nil {
				c["parent_id"] = parent
			}
			res := n.app.Do(cmstest.Request{Method: "POST", Path: article + "/comments", Body: c})
			if res.Status != http.StatusAccepted {
				t.Fatalf("post a comment: got %d %s", res.Status, res.Body)
			}
			id := res.JSON(t)["id"].(string)
			mod.Must(200, "POST", admin+"/comments/"+id+"/approve", nil)
			return id
		}
		top := comment("تعليق أول", nil)
		comment("تعليق ثان", nil)
		comment("رد أول", top)
		comment("رد ثان", top)

		// Each list with limit=1, and the shape of its cursor.
		lists := []struct{ name, path, shape string }{
			{"articles", "/api/v1/articles?limit=1", "time and id"},
			{"section page", "/api/v1/sections/" + url.PathEscape(n.section["slug"].(string)) + "?limit=1", "time and id"},
			{"story page", "/api/v1/stories/" + url.PathEscape(n.story["slug"].(string)) + "?limit=1", "time and id"},
			{"tag page", "/api/v1/tags/" + url.PathEscape(n.tag["slug"].(string)) + "?limit=1", "time and id"},
			{"author page", "/api/v1/authors/correspondent?limit=1", "time and id"},
			{"comments", article + "/comments?limit=1", "time and id"},
			{"replies", article + "/comments/" + top + "/replies?limit=1", "time and id"},
			{"live entries", article + "/live-entries?limit=1", "time and id"},
			{"stories", "/api/v1/stories?limit=1", "part, position or time, and id"},
			{"stories not featured", "/api/v1/stories?featured=false&limit=1", "part, position or time, and id"},
			{"featured strip", "/api/v1/stories?featured=true&limit=1", "position and id"},
			{"tags", "/api/v1/tags?limit=1", "slug"},
			{"authors", "/api/v1/authors?limit=1", "slug"},
			{"search", "/api/v1/search?q=" + url.QueryEscape("مفاوضات") + "&limit=1", "offset"},
		}
		cursors := make([]string, len(lists))
		for i, l := range lists {
			res := get(t, n.app, l.path)
			if res.Status != 200 {
				t.Fatalf("%s: %d %s", l.name, res.Status, res.Body)
			}
			_, next := listOf(t, res)
			if next == "" {
				t.Fatalf("%s: no next_cursor with limit=1: %s", l.name, res.Body)
			}
			cursors[i] = next
		}
		for i, l := range lists {
			res := get(t, n.app, l.path+"&cursor="+url.QueryEscape(cursors[i]))
			if data, _ := listOf(t, res); res.Status != 200 || len(data) != 1 {
				t.Errorf("%s with its own cursor: got %d %.200s, want 200 and the next item", l.name, res.Status, res.Body)
			}
			for j, from := range lists {
				if from.shape == l.shape {
					continue
				}
				if res := get(t, n.app, l.path+"&cursor="+url.QueryEscape(cursors[j])); res.Status != http.StatusUnprocessableEntity {
					t.Errorf("%s with a cursor of %s: got %d %.200s, want 422", l.name, from.name, res.Status, res.Body)
				}
			}
		}
	})
}

// listOf returns the items and next cursor of a list, or of the articles
// of a section, story, tag or author page.
func listOf(t *testing.T, res *cmstest.Response) ([]any, string) {
	t.Helper()
	if res.Status != 200 {
		return nil, ""
	}
	l := res.JSON(t)
	if page, ok := l["articles"].(map[string]any); ok {
		l = page
	}
	data, _ := l["data"].([]any)
	next, _ := l["next_cursor"].(string)
	return data, next
}
