package delivery_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// ninjs21 holds the property names IPTC ninjs 2.1's schema allows, which
// forbids any other (unevaluatedProperties, additionalProperties false):
// of a news object (an associated one adds "name"), a rendition, a
// description or headline, and a subject or person.
var ninjs21 = map[string][]string{
	"object": {"uri", "type", "representationtype", "profile", "version", "firstcreated", "versioncreated", "contentcreated", "embargoed",
		"pubstatus", "urgency", "copyrightholder", "copyrightnotice", "usageterms", "ednote", "language", "descriptions", "bodies", "headlines",
		"people", "organisations", "places", "subjects", "events", "objects", "infosources", "title", "by", "slugline", "located", "renditions",
		"associations", "altids", "trustindicators", "standard", "genres", "expires", "rightsinfo"},
	"rendition": {"name", "href", "contenttype", "title", "height", "width", "sizeinbytes", "duration", "format"},
	"text":      {"role", "contenttype", "value"},
	"subject":   {"name", "rel", "uri", "literal", "creator", "relevance", "confidence", "contactinfo"},
}

// wantNinjsKeys reports the keys of m that ninjs 2.1 does not allow for a
// value of the kind.
func wantNinjsKeys(t *testing.T, where, kind string, m map[string]any, extra ...string) {
	t.Helper()
	for k := range m {
		if !slices.Contains(ninjs21[kind], k) && !slices.Contains(extra, k) {
			t.Errorf("%s: %q is not a ninjs 2.1 property of a %s", where, k, kind)
		}
	}
}

// TestNinjs checks an article as IPTC ninjs 2.1: only the schema's
// properties, associations and renditions as arrays of named objects, the
// image credit kept, the source as an info source, the publication as the
// copyright holder, and the article's page as its "web" rendition.
func TestNinjs(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		ed := n.editor
		hero := upload(t, n.app, ed, 7)
		hero = ed.Must(200, "PATCH", admin+"/media/"+hero["id"].(string), map[string]any{"credit": "أستانا / سبوتنيك", "alt_text": "قاعة المفاوضات"},
			cmstest.ETag(hero))
		inBody := upload(t, n.app, ed, 8)
		art := n.publish(t, map[string]any{"headline": "جولة جديدة في أستانا", "summary": "الوفود تصل", "source": "وكالات",
			"section_id": n.section["id"], "tag_ids": []any{n.tag["id"]}, "author_ids": []any{n.author["id"]}, "hero_media_id": hero["id"],
			"body": []map[string]any{{"type": "paragraph", "text": "بدأت الجولة."}, {"type": "image", "media_id": inBody["id"], "caption": "الوفد الروسي"}}})
		res := get(t, n.app, "/api/v1/articles/"+url.PathEscape(art["slug"].(string)), "Accept", "application/ninjs+json")
		if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/ninjs+json") {
			t.Fatalf("ninjs: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		nj := res.JSON(t)
		wantNinjsKeys(t, "article", "object", nj)
		if std, _ := nj["standard"].(map[string]any); std["name"] != "ninjs" || std["version"] != "2.1" {
			t.Errorf("standard: %v", nj["standard"])
		}
		if nj["copyrightholder"] != "أخبار الاختبار" {
			t.Errorf("copyrightholder: %v, want the publication", nj["copyrightholder"])
		}
		if src, _ := nj["infosources"].([]any); len(src) != 1 || src[0].(map[string]any)["name"] != "وكالات" {
			t.Errorf("infosources: %v, want the article's source", nj["infosources"])
		}
		if r, _ := nj["renditions"].([]any); len(r) != 1 || r[0].(map[string]any)["name"] != "web" ||
			r[0].(map[string]any)["href"] != "https://news.example/articles/"+url.PathEscape(art["slug"].(string)) {
			t.Errorf("renditions: %v, want the article's page", nj["renditions"])
		}
		for _, list := range []string{"headlines", "descriptions", "bodies"} {
			for _, x := range nj[list].([]any) {
				wantNinjsKeys(t, list, "text", x.(map[string]any))
			}
		}
		for _, list := range []string{"subjects", "people"} {
			for _, x := range nj[list].([]any) {
				s := x.(map[string]any)
				wantNinjsKeys(t, list, "subject", s)
				if u := s["uri"].(string); strings.ContainsFunc(u, func(r rune) bool { return r > 127 }) {
					t.Errorf("%s: uri %q is not ASCII", list, u)
				}
			}
		}
		assoc, ok := nj["associations"].([]any)
		if !ok || len(assoc) != 2 {
			t.Fatalf("associations: %v, want an array of the hero and the body image", nj["associations"])
		}
		for i, want := range []struct{ name, id, by, caption string }{
			{"featureimage", hero["id"].(string), "أستانا / سبوتنيك", "صورة المراسلة"},
			{"bodyimage-1", inBody["id"].(string), "", "الوفد الروسي"},
		} {
			a := assoc[i].(map[string]any)
			wantNinjsKeys(t, want.name, "object", a, "name")
			if a["name"] != want.name || a["uri"] != "urn:newsroom:media:"+want.id || a["type"] != "picture" || (a["by"] != nil || want.by != "") && a["by"] != want.by {
				t.Errorf("association %d: %v, want %+v", i, a, want)
			}
			if d := a["descriptions"].([]any); d[0].(map[string]any)["role"] != "caption" || d[0].(map[string]any)["value"] != want.caption {
				t.Errorf("%s: descriptions %v", want.name, d)
			}
			var names []string
			for _, r := range a["renditions"].([]any) {
				wantNinjsKeys(t, want.name+" rendition", "rendition", r.(map[string]any))
				names = append(names, r.(map[string]any)["name"].(string))
				if r.(map[string]any)["href"] == "" {
					t.Errorf("%s: a rendition without href", want.name)
				}
			}
			if !slices.Contains(names, "original") || !slices.Contains(names, "w320") || !slices.Contains(names, "16x9") {
				t.Errorf("%s: renditions %v", want.name, names)
			}
		}
	})
}
