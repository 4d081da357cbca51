package delivery_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// upload stores a JPEG through the admin API and returns the asset.
func upload(t *testing.T, app *cmstest.App, ed *cmstest.Client, seed int) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("caption", "صورة المراسلة")
	fw, _ := w.CreateFormFile("file", "avatar.jpg")
	fw.Write(cmstest.JPEG(t, 400, 400, seed))
	w.Close()
	res := app.Do(cmstest.Request{Method: "POST", Path: admin + "/media", Token: ed.Token, Body: buf.Bytes(),
		Header: map[string]string{"Content-Type": w.FormDataContentType()}})
	if res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	return res.JSON(t)
}

// item returns the entry with the id among a list's items, or nil.
func item(items []any, id any) map[string]any {
	for _, x := range items {
		if m := x.(map[string]any); m["id"] == id {
			return m
		}
	}
	return nil
}

// keysOf returns the keys of a JSON object, sorted.
func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// TestSummariesCarrySectionAndBylines: every list item (articles, section,
// story, tag and author pages, search, related articles) carries its
// section and bylines as the full article embeds them, public fields only,
// and names them in Surrogate-Key, so renaming a section or an author drops
// the cached lists that show the old name.
func TestSummariesCarrySectionAndBylines(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		ed := n.editor
		avatar := upload(t, n.app, ed, 3)
		userID, email, _ := n.app.User("writer")
		second := ed.Must(201, "POST", admin+"/authors", map[string]any{"name": "مراسلة ثانية", "slug": "second", "bio": "من دمشق",
			"avatar_media_id": avatar["id"], "user_id": userID})
		art := n.publish(t, map[string]any{"headline": "خبر المفاوضات الموقع", "body": body(1), "section_id": n.section["id"],
			"tag_ids": []any{n.tag["id"]}, "author_ids": []any{second["id"], n.author["id"]}, "story_ids": []any{n.story["id"]}})
		bare := n.publish(t, map[string]any{"headline": "خبر المفاوضات بلا توقيع", "body": body(2), "related_ids": []any{art["id"]}})

		lists := map[string]func() []any{}
		for _, p := range []string{"/api/v1/articles", "/api/v1/search?q=" + url.QueryEscape("المفاوضات")} {
			lists[p] = func() []any { return get(t, n.app, p).JSON(t)["data"].([]any) }
		}
		for _, p := range []string{"/api/v1/sections/" + url.PathEscape(n.section["slug"].(string)), "/api/v1/stories/" + url.PathEscape(n.story["slug"].(string)),
			"/api/v1/tags/" + url.PathEscape(n.tag["slug"].(string)), "/api/v1/authors/second"} {
			lists[p] = func() []any { return get(t, n.app, p).JSON(t)["articles"].(map[string]any)["data"].([]any) }
		}
		related := "/api/v1/articles/" + url.PathEscape(bare["slug"].(string))
		lists[related] = func() []any { return get(t, n.app, related).JSON(t)["related"].([]any) }

		check := func(step, sectionName, authorName string) {
			t.Helper()
			for p, items := range lists {
				if body := string(get(t, n.app, p).Body); strings.Contains(body, email) || strings.Contains(body, userID) {
					t.Errorf("%s: %s shows the author's user: %.300s", step, p, body)
				}
				got := item(items(), art["id"])
				if got == nil {
					t.Errorf("%s: %s does not list the article", step, p)
					continue
				}
				sec, _ := got["section"].(map[string]any)
				if want := []string{"id", "name", "slug"}; sec == nil || !reflect.DeepEqual(keysOf(sec), want) ||
					sec["id"] != n.section["id"] || sec["name"] != sectionName {
					t.Errorf("%s: %s: section %v, want %s with the fields %v", step, p, got["section"], sectionName, want)
				}
				authors, _ := got["authors"].([]any)
				if len(authors) != 2 {
					t.Errorf("%s: %s: authors %v, want 2", step, p, got["authors"])
					continue
				}
				first, last := authors[0].(map[string]any), authors[1].(map[string]any)
				// A list item's byline has no bio or portrait: those are for
				// the article and author pages.
				if want := []string{"id", "name", "slug"}; !reflect.DeepEqual(keysOf(first), want) {
					t.Errorf("%s: %s: author fields %v, want %v", step, p, keysOf(first), want)
				}
				if first["id"] != second["id"] || first["name"] != authorName || first["slug"] != "second" || last["id"] != n.author["id"] {
					t.Errorf("%s: %s: authors %v, want %s then %s, in byline order", step, p, authors, authorName, n.author["name"])
				}
			}
		}
		// The article page's bylines carry the bio, as the author page does.
		page := get(t, n.app, "/api/v1/articles/"+url.PathEscape(art["slug"].(string))).JSON(t)
		if au := page["authors"].([]any)[0].(map[string]any); au["bio"] != "من دمشق" || au["avatar"] == nil || au["slug"] != "second" {
			t.Errorf("the article page's byline: %v", au)
		}
		if v := get(t, n.app, "/api/v1/authors/second").JSON(t); v["bio"] != "من دمشق" || v["avatar"] == nil {
			t.Errorf("the author page: %v", v)
		}
		check("published", "العالم العربي", "مراسلة ثانية")

		// Without a section or bylines: null and [], as in a full article.
		b := item(get(t, n.app, "/api/v1/articles").JSON(t)["data"].([]any), bare["id"])
		if b == nil || b["section"] != nil || b["authors"] == nil || len(b["authors"].([]any)) != 0 {
			t.Errorf("an article without section or bylines: %v, want section null and authors []", b)
		}
		for p := range lists {
			sk := strings.Fields(get(t, n.app, p).Header.Get("Surrogate-Key"))
			for _, k := range []string{"section:" + n.section["id"].(string), "author:" + second["id"].(string), "author:" + n.author["id"].(string)} {
				if !slices.Contains(sk, k) {
					t.Errorf("%s: Surrogate-Key %v lacks %s", p, sk, k)
				}
			}
		}

		// The article's own page names its authors' avatars too, so that a
		// new caption or crop of one reaches it.
		if sk := strings.Fields(get(t, n.app, "/api/v1/articles/"+url.PathEscape(art["slug"].(string))).Header.Get("Surrogate-Key")); !slices.Contains(sk, "media:"+avatar["id"].(string)) {
			t.Errorf("the article page's Surrogate-Key %v lacks its author's avatar", sk)
		}
		if sk := strings.Fields(get(t, n.app, "/api/v1/authors/second").Header.Get("Surrogate-Key")); !slices.Contains(sk, "media:"+avatar["id"].(string)) {
			t.Errorf("the author page's Surrogate-Key %v lacks the author's avatar", sk)
		}

		// Renames reach every cached list at once.
		cur := ed.Must(200, "GET", admin+"/authors/"+second["id"].(string), nil)
		ed.Must(200, "PATCH", admin+"/authors/"+second["id"].(string), map[string]any{"name": "مراسلة جديدة"}, cmstest.ETag(cur))
		check("author renamed", "العالم العربي", "مراسلة جديدة")
		cur = ed.Must(200, "GET", admin+"/sections/"+n.section["id"].(string), nil)
		ed.Must(200, "PATCH", admin+"/sections/"+n.section["id"].(string), map[string]any{"name": "الشرق الأوسط"}, cmstest.ETag(cur))
		check("section renamed", "الشرق الأوسط", "مراسلة جديدة")
	})
}
