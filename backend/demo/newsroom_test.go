package demo_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"

	"newsroom/accounts"
	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/demo"
	"newsroom/richtext"
	"newsroom/store"
)

// TestNewsroom loads the demo as `cms seed` does and reads it back as a
// site built on it would, through the delivery API: what a frontend needs
// to show a real article page must be in it (related articles, every block
// type, a correction, staff bylines with portraits, a complete live
// article), in the article's own language, and a second run adds nothing.
func TestNewsroom(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		app := cmstest.NewApp(t, db)
		seed := func() string {
			t.Helper()
			var out strings.Builder
			if err := demo.Seed(ctx, app.Accounts, app.Editorial, cmstest.Password, &out); err != nil {
				t.Fatal(err)
			}
			images, err := demo.SeedMedia(ctx, app.Media, &out)
			if err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedNewsroom(ctx, db, app.Accounts, app.Editorial, images, &out); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedComments(ctx, db, app.Accounts, app.Moderation, io.Discard); err != nil {
				t.Fatal(err)
			}
			return out.String()
		}
		seed()
		arts := liveArticles(t, app)
		if len(arts) < 40 {
			t.Fatalf("got %d live articles, want the demo's 40 and more", len(arts))
		}

		t.Run("related articles", func(t *testing.T) {
			n := 0
			for _, a := range arts {
				related := list(a["related"])
				if len(related) > 0 {
					n++
				}
				for _, r := range related {
					if r := r.(map[string]any); r["language"] != a["language"] {
						t.Errorf("%s (%s) is related to %s (%s), in another language", a["slug"], a["language"], r["slug"], r["language"])
					}
				}
			}
			if n < 20 {
				t.Errorf("got %d live articles with related articles, want at least 20", n)
			}
		})

		t.Run("block types", func(t *testing.T) {
			seen := map[string]bool{}
			for _, a := range arts {
				for _, b := range list(a["body"]) {
					b := b.(map[string]any)
					typ := b["type"].(string)
					switch typ {
					case "heading":
						typ += " level " + fmt.Sprint(b["level"]) // JSON numbers: 2, not 2.0
					case "list":
						if b["ordered"] == true {
							typ = "ordered list"
						} else {
							typ = "unordered list"
						}
					case "image":
						img, _ := b["image"].(map[string]any)
						if b["caption"] == nil || b["caption"] == "" || img == nil || img["caption"] != b["caption"] {
							t.Errorf("%s: an image block without its own caption: %v", a["slug"], b)
						}
					case "quote":
						if b["cite"] == nil || b["cite"] == "" {
							t.Errorf("%s: a quote without cite: %v", a["slug"], b)
						}
					}
					seen[typ] = true
				}
			}
			want := []string{"heading level 2", "heading level 3", "ordered list", "unordered list"}
			for _, typ := range richtext.BlockTypes {
				if typ != "heading" && typ != "list" {
					want = append(want, typ)
				}
			}
			for _, typ := range want {
				if !seen[typ] {
					t.Errorf("no published article has a %s block", typ)
				}
			}
		})

		t.Run("corrections", func(t *testing.T) {
			n := 0
			for _, a := range arts {
				for _, c := range list(a["corrections"]) {
					c := c.(map[string]any)
					if !slices.Contains(cms.CorrectionTypes, c["type"].(string)) || c["note"] == "" {
						t.Errorf("%s: correction %v", a["slug"], c)
					}
					if a["language"] == "en" && hasArabic(c["note"].(string)) {
						t.Errorf("%s: an English article's correction in Arabic: %v", a["slug"], c)
					}
					n++
				}
			}
			if n == 0 {
				t.Error("no published article carries a correction")
			}
		})

		t.Run("staff bylines", func(t *testing.T) {
			authors, err := app.Editorial.ListAuthors(ctx, accounts.OperatorActor(), store.ListFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			staff := 0
			for _, au := range authors.Data {
				if au.UserID != nil && au.AvatarMediaID != nil && au.Bio != "" {
					staff++
				}
			}
			if staff == 0 {
				t.Error("no author profile is a journalist's, with their user, portrait and biography")
			}
			shown := 0
			for _, a := range arts {
				for _, au := range list(a["authors"]) {
					if au := au.(map[string]any); au["avatar"] != nil && au["bio"] != "" {
						shown++
					}
				}
			}
			if shown < 10 {
				t.Errorf("got %d bylines with a portrait and a biography on live articles, want at least 10", shown)
			}
		})

		t.Run("live article", func(t *testing.T) {
			n := 0
			for _, a := range arts {
				if a["kind"] != "live" {
					continue
				}
				n++
				if a["hero_image"] == nil || a["summary"] == "" || a["source"] == "" {
					t.Errorf("live article %s: hero_image %v, summary %q, source %q, want all three", a["slug"], a["hero_image"], a["summary"], a["source"])
				}
				entries := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/articles/" + url.PathEscape(a["slug"].(string)) + "/live-entries"}).JSON(t)
				if len(list(entries["data"])) == 0 {
					t.Errorf("live article %s has no entries", a["slug"])
				}
				for _, e := range list(entries["data"]) {
					if name := e.(map[string]any)["author_name"].(string); strings.ContainsAny(name, "()") {
						t.Errorf("a live entry shows readers its writer as %q", name)
					}
				}
			}
			if n == 0 {
				t.Error("no live article")
			}
		})

		t.Run("English articles in English", func(t *testing.T) {
			n := 0
			for _, a := range arts {
				if a["language"] != "en" {
					continue
				}
				images := []any{a["hero_image"]}
				for _, b := range list(a["body"]) {
					images = append(images, b.(map[string]any)["image"])
				}
				for _, img := range images {
					img, _ := img.(map[string]any)
					if img == nil {
						continue
					}
					n++
					if hasArabic(img["caption"].(string)) || hasArabic(img["alt_text"].(string)) {
						t.Errorf("%s: an image captioned %q, alt text %q", a["slug"], img["caption"], img["alt_text"])
					}
				}
			}
			if n == 0 {
				t.Error("no English article has an image")
			}
		})

		t.Run("paragraphs", func(t *testing.T) {
			for _, a := range arts {
				for _, b := range list(a["body"]) {
					b := b.(map[string]any)
					if text, _ := b["text"].(string); b["type"] == "paragraph" && strings.HasSuffix(strings.TrimSpace(text), "..") {
						t.Errorf("%s: a paragraph ends in a double full stop: %q", a["slug"], text)
					}
				}
			}
		})

		t.Run("user names", func(t *testing.T) {
			users, err := app.Accounts.ListUsers(ctx, accounts.OperatorActor(), store.UserFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range users.Data {
				if strings.ContainsAny(u.Name, "()") {
					t.Errorf("user %s is named %q; readers see the names of live entries' writers", u.Email, u.Name)
				}
			}
		})

		t.Run("second run", func(t *testing.T) {
			out := seed()
			if strings.Contains(out, "  created ") {
				t.Errorf("a second run created objects:\n%s", out)
			}
			if got := len(liveArticles(t, app)); got != len(arts) {
				t.Errorf("got %d live articles after a second run, want %d", got, len(arts))
			}
		})
	})
}

// liveArticles reads every live article in full through the delivery API:
// the list, then each by slug.
func liveArticles(t *testing.T, app *cmstest.App) []map[string]any {
	t.Helper()
	var out []map[string]any
	cursor := ""
	for {
		res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/articles?limit=100&cursor=" + url.QueryEscape(cursor)})
		if res.Status != http.StatusOK {
			t.Fatalf("list: %d %s", res.Status, res.Body)
		}
		page := res.JSON(t)
		for _, a := range list(page["data"]) {
			slug := a.(map[string]any)["slug"].(string)
			res := app.Do(cmstest.Request{Method: http.MethodGet, Path: "/api/v1/articles/" + url.PathEscape(slug)})
			if res.Status != http.StatusOK {
				t.Fatalf("article %s: %d %s", slug, res.Status, res.Body)
			}
			out = append(out, res.JSON(t))
		}
		next, _ := page["next_cursor"].(string)
		if next == "" {
			return out
		}
		cursor = next
	}
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func hasArabic(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.In(r, unicode.Arabic) })
}
