package delivery_test

import (
	"net/url"
	"strings"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

func TestSearch(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		inHeadline := n.publish(t, map[string]any{"headline": "إسرائيل توافق على تمديد الهدنة", "section_id": n.section["id"],
			"body": []map[string]any{{"type": "paragraph", "text": "قالت مصادر إن الاتفاق يشمل تبادل الأسرى."}}})
		inBody := n.publish(t, map[string]any{"headline": "الوسطاء يواصلون الاتصالات",
			"body": []map[string]any{{"type": "paragraph", "text": "وأكدت مصادر أن إسرائيل لم ترد بعد على المقترح الأخير."}}})
		astana := n.publish(t, map[string]any{"headline": "مفاوضات أستانا تستأنف الثلاثاء", "body": body(3)})
		en := n.publish(t, map[string]any{"headline": "Ceasefire talks resume in Cairo", "language": "en", "body": []map[string]any{{"type": "paragraph", "text": "Delegations arrived on Monday."}}})
		draft := n.editor.Must(201, "POST", admin+"/articles", map[string]any{"headline": "إسرائيل مسودة سرية", "body": body(9)})
		_ = draft

		search := func(q string, extra ...string) []map[string]any {
			t.Helper()
			path := "/api/v1/search?q=" + url.QueryEscape(q)
			for _, e := range extra {
				path += "&" + e
			}
			res := get(t, n.app, path)
			if res.Status != 200 {
				t.Fatalf("search %q: %d %s", q, res.Status, res.Body)
			}
			var out []map[string]any
			for _, d := range res.JSON(t)["data"].([]any) {
				out = append(out, d.(map[string]any))
			}
			return out
		}
		// Alef forms: "اسرائيل" finds "إسرائيل"; the headline match comes first.
		got := search("اسرائيل")
		if len(got) != 2 || got[0]["id"] != inHeadline["id"] || got[1]["id"] != inBody["id"] {
			t.Fatalf("اسرائيل: got %v", ids(got))
		}
		if !strings.Contains(got[0]["headline_highlighted"].(string), "<mark>إسرائيل</mark>") || !strings.Contains(got[1]["snippet"].(string), "<mark>إسرائيل</mark>") {
			t.Errorf("highlighting: %q / %q", got[0]["headline_highlighted"], got[1]["snippet"])
		}
		if got := search("مفاوضات استانا"); len(got) != 1 || got[0]["id"] != astana["id"] {
			t.Errorf("مفاوضات استانا: got %v", ids(got))
		}
		if got := search("مُفاوَضات"); len(got) != 1 {
			t.Errorf("with diacritics: got %v", ids(got))
		}
		if got := search("CEASEFIRE"); len(got) != 1 || got[0]["id"] != en["id"] {
			t.Errorf("English: got %v", ids(got))
		}
		if got := search("اسرائيل", "section="+url.QueryEscape(n.section["slug"].(string))); len(got) != 1 {
			t.Errorf("filtered by section: got %v", ids(got))
		}
		if got := search("اسرائيل", "language=en"); len(got) != 0 {
			t.Errorf("filtered by language: got %v", ids(got))
		}
		if got := search("سرية"); len(got) != 0 {
			t.Errorf("a draft is found: %v", ids(got))
		}
		for _, q := range []string{`"`, `'; DROP TABLE articles; --`, "a OR b", "NEAR(x y)", "*", "headline:x"} {
			if r := get(t, n.app, "/api/v1/search?q="+url.QueryEscape(q)); r.Status != 200 && r.Status != 422 {
				t.Errorf("q=%q: got %d, want 200 or 422", q, r.Status)
			}
		}
		if r := get(t, n.app, "/api/v1/search"); r.Status != 422 {
			t.Errorf("no q: got %d, want 422", r.Status)
		}
		// Escaped: the snippet never carries markup from the text.
		n.publish(t, map[string]any{"headline": "نص مع وسوم", "body": []map[string]any{{"type": "paragraph", "text": "كلمة <b>غامقة</b> و &lt;script&gt;"}}})
		for _, r := range search("غامقة") {
			if strings.Contains(r["snippet"].(string), "<script") || strings.Contains(r["snippet"].(string), "<b>") {
				t.Errorf("snippet carries markup: %q", r["snippet"])
			}
		}
	})
}

func ids(list []map[string]any) []any {
	var out []any
	for _, m := range list {
		out = append(out, m["headline"])
	}
	return out
}
