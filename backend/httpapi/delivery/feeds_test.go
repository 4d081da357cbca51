package delivery_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"newsroom/cmstest"
	"newsroom/store"
)

func TestFeedsAndSitemaps(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		old := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
		now := time.Now()
		db.Now = func() time.Time { return old }
		oldArt := n.publish(t, map[string]any{"headline": "خبر قديم", "body": body(1), "section_id": n.section["id"]})
		db.Now = func() time.Time { return now }
		art := n.publish(t, map[string]any{"headline": "خبر اليوم & <عاجل>", "summary": "ملخص الخبر", "body": body(2), "section_id": n.section["id"],
			"story_ids": []any{n.story["id"]}, "author_ids": []any{n.author["id"]}, "tag_ids": []any{n.tag["id"]}})
		n.editor.Must(201, "POST", admin+"/articles", map[string]any{"headline": "SECRET draft in feeds", "body": body(3), "section_id": n.section["id"]})

		parser := gofeed.NewParser()
		for _, path := range []string{"/api/v1/feeds/latest.xml", "/api/v1/feeds/sections/" + url.PathEscape(n.section["slug"].(string)) + ".xml",
			"/api/v1/feeds/stories/" + url.PathEscape(n.story["slug"].(string)) + ".xml"} {
			res := get(t, n.app, path)
			if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Type"), "xml") {
				t.Fatalf("%s: %d %s", path, res.Status, res.Header.Get("Content-Type"))
			}
			feed, err := parser.ParseString(string(res.Body))
			if err != nil {
				t.Fatalf("%s is not a valid feed: %v\n%s", path, err, res.Body)
			}
			if feed.FeedType != "rss" || feed.FeedVersion != "2.0" || len(feed.Items) == 0 {
				t.Fatalf("%s: type %s %s with %d items", path, feed.FeedType, feed.FeedVersion, len(feed.Items))
			}
			it := feed.Items[0]
			if it.Title != "خبر اليوم & <عاجل>" || it.Link != "https://news.example/articles/"+url.PathEscape(art["slug"].(string)) {
				t.Errorf("%s first item: %q %q", path, it.Title, it.Link)
			}
			if len(it.Authors) == 0 || it.Authors[0].Name != "مراسلنا" {
				t.Errorf("%s: item author: %+v", path, it.Authors)
			}
			if strings.Contains(string(res.Body), "SECRET") {
				t.Errorf("%s shows a draft", path)
			}
		}
		if r := get(t, n.app, "/api/v1/feeds/sections/nope.xml"); r.Status != 404 {
			t.Errorf("feed of an unknown section: %d", r.Status)
		}

		// Sitemaps parse as XML and list the live articles only.
		var set struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
				News    *struct {
					Publication struct {
						Name     string `xml:"name"`
						Language string `xml:"language"`
					} `xml:"publication"`
					Title string `xml:"title"`
				} `xml:"news"`
			} `xml:"url"`
		}
		sm := get(t, n.app, "/api/v1/sitemap.xml")
		if err := xml.Unmarshal(sm.Body, &set); err != nil || len(set.URLs) != 2 {
			t.Fatalf("sitemap: %v, %d urls\n%s", err, len(set.URLs), sm.Body)
		}
		news := get(t, n.app, "/api/v1/sitemap-news.xml")
		set.URLs = nil
		if err := xml.Unmarshal(news.Body, &set); err != nil {
			t.Fatalf("news sitemap: %v", err)
		}
		if len(set.URLs) != 1 || set.URLs[0].News == nil || set.URLs[0].News.Publication.Name != "أخبار الاختبار" ||
			set.URLs[0].News.Publication.Language != "ar" || set.URLs[0].News.Title != "خبر اليوم & <عاجل>" {
			t.Errorf("news sitemap (last 48 hours only): %s", news.Body)
		}
		if strings.Contains(string(news.Body), oldArt["slug"].(string)) {
			t.Error("the news sitemap lists an article older than 48 hours")
		}
		if !strings.Contains(string(news.Body), `xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"`) {
			t.Error("the news sitemap lacks the Google News namespace")
		}
		if r := get(t, n.app, "/api/v1/sitemaps/articles-2.xml"); r.Status != 404 {
			t.Errorf("a sitemap page beyond the end: %d", r.Status)
		}
	})
}

// TestFeedTitles: a section's or a story's feed is titled with its name as
// readers know it, not its slug, and follows a rename.
func TestFeedTitles(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		n.publish(t, map[string]any{"headline": "خبر في القسم", "body": body(1), "section_id": n.section["id"], "story_ids": []any{n.story["id"]}})
		section := "/api/v1/feeds/sections/" + url.PathEscape(n.section["slug"].(string)) + ".xml"
		story := "/api/v1/feeds/stories/" + url.PathEscape(n.story["slug"].(string)) + ".xml"
		title := func(path string) string {
			t.Helper()
			feed, err := gofeed.NewParser().ParseString(string(get(t, n.app, path).Body))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			return feed.Title
		}
		for path, want := range map[string]string{
			"/api/v1/feeds/latest.xml": "أخبار الاختبار",
			section:                    "أخبار الاختبار — العالم العربي",
			story:                      "أخبار الاختبار — مفاوضات أستانا",
		} {
			if got := title(path); got != want {
				t.Errorf("%s: channel title %q, want %q", path, got, want)
			}
		}
		id := n.section["id"].(string)
		cur := n.editor.Must(200, "GET", admin+"/sections/"+id, nil)
		n.editor.Must(200, "PATCH", admin+"/sections/"+id, map[string]any{"name": "الشؤون العربية"}, cmstest.ETag(cur))
		if got, want := title(section), "أخبار الاختبار — الشؤون العربية"; got != want {
			t.Errorf("after a rename: channel title %q, want %q", got, want)
		}
	})
}

// TestFeedHostHeader: the absolute URLs of feeds and the sitemap index
// (media, their own address) are made on CMS_PUBLIC_API_URL when it is set,
// else on the request's host; and an answer made on one Host header is
// never served to a request that came with another, so a request with a
// forged Host cannot make a cached feed point readers elsewhere.
func TestFeedHostHeader(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		hero := upload(t, n.app, n.editor, 9)
		n.publish(t, map[string]any{"headline": "خبر بصورة", "body": body(1), "section_id": n.section["id"], "hero_media_id": hero["id"]})
		fetch := func(app *cmstest.App, path, host, proto string) string {
			t.Helper()
			req, _ := http.NewRequest(http.MethodGet, app.URL+path, nil)
			if host != "" {
				req.Host = host
			}
			if proto != "" {
				req.Header.Set("X-Forwarded-Proto", proto)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 {
				t.Fatalf("%s (Host %q): %d %s", path, host, res.StatusCode, b)
			}
			return string(b)
		}
		own := strings.TrimPrefix(n.app.URL, "http://")
		for _, path := range []string{"/api/v1/feeds/latest.xml", "/api/v1/sitemap.xml"} {
			// The forged request comes first, into an empty cache.
			if forged := fetch(n.app, path, "evil.example", "https"); path == "/api/v1/feeds/latest.xml" && !strings.Contains(forged, "https://evil.example/") {
				t.Errorf("%s: the answer to a forged Host is not made on it:\n%.400s", path, forged)
			}
			if got := fetch(n.app, path, "", ""); strings.Contains(got, "evil.example") {
				t.Errorf("%s: a reader is served URLs made on another request's Host:\n%.600s", path, got)
			}
		}
		if got := fetch(n.app, "/api/v1/feeds/latest.xml", "", ""); !strings.Contains(got, `href="http://`+own+`/api/v1/feeds/latest.xml"`) || !strings.Contains(got, "http://"+own+"/media/") {
			t.Errorf("the feed is not made on the request's host %s:\n%.600s", own, got)
		}

		// With CMS_PUBLIC_API_URL, every request gets URLs on it.
		set := cmstest.NewApp(t, db, cmstest.Options{APIURL: "https://api.news.example"})
		for _, host := range []string{"", "evil.example"} {
			got := fetch(set, "/api/v1/feeds/latest.xml", host, "")
			if strings.Contains(got, "evil.example") || !strings.Contains(got, `href="https://api.news.example/api/v1/feeds/latest.xml"`) || !strings.Contains(got, "https://api.news.example/media/") {
				t.Errorf("with CMS_PUBLIC_API_URL, Host %q:\n%.600s", host, got)
			}
		}
	})
}
