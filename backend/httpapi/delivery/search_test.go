package delivery_test

import (
	"context"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/richtext"
	"newsroom/store"
)

func TestSearch(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		inHeadline := n.publish(t, map[string]any{"headline": "إسرائيل توافق على تمديد الهدنة", "section_id": n.section["id"], "summary": "ملخص: الهدنة تمتد أسبوعا",
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
		if got[0]["summary"] != "ملخص: الهدنة تمتد أسبوعا" || got[1]["summary"] != "" {
			t.Errorf("summaries: %q, %q", got[0]["summary"], got[1]["summary"])
		}
		if !strings.Contains(got[0]["headline_highlighted"].(string), "<mark>إسرائيل</mark>") || !strings.Contains(got[1]["snippet"].(string), "<mark>إسرائيل</mark>") {
			t.Errorf("highlighting: %q / %q", got[0]["headline_highlighted"], got[1]["snippet"])
		}
		if got := search("مفاوضات استانا"); len(got) != 1 || got[0]["id"] != astana["id"] {
			t.Errorf("مفاوضات استانا: got %v", ids(got))
		}
		// The article and the clitics written before a word: "مفاوضات"
		// finds "بالمفاوضات", and "المفاوضات" finds "مفاوضات".
		talks := n.publish(t, map[string]any{"headline": "الوفود تتمسك بالمفاوضات", "body": []map[string]any{{"type": "paragraph", "text": "قال دبلوماسيون إن للمفاوضات فرصة أخيرة."}}})
		if got := search("مفاوضات"); len(got) != 2 || got[0]["id"] != astana["id"] && got[0]["id"] != talks["id"] {
			t.Errorf("مفاوضات: got %v, want both articles", ids(got))
		} else if h := got[0]["headline_highlighted"].(string) + got[1]["headline_highlighted"].(string); !strings.Contains(h, "<mark>بالمفاوضات</mark>") || !strings.Contains(h, "<mark>مفاوضات</mark>") {
			t.Errorf("مفاوضات: highlighted %q", h)
		}
		if got := search("المفاوضات استانا"); len(got) != 1 || got[0]["id"] != astana["id"] {
			t.Errorf("المفاوضات استانا: got %v", ids(got))
		}
		if got := search("للمفاوضات الوفود"); len(got) != 1 || got[0]["id"] != talks["id"] || !strings.Contains(got[0]["snippet"].(string), "<mark>للمفاوضات</mark>") {
			t.Errorf("للمفاوضات الوفود: got %v", got)
		}
		// Typed with a clitic, a word is found without it too, and its
		// headline match still comes first.
		if got := search("ومفاوضات"); len(got) != 2 || got[0]["id"] != astana["id"] && got[0]["id"] != talks["id"] {
			t.Errorf("ومفاوضات: got %v, want both articles", ids(got))
		}
		if got := search("باستانا"); len(got) != 1 || got[0]["id"] != astana["id"] || !strings.Contains(got[0]["headline_highlighted"].(string), "<mark>أستانا</mark>") {
			t.Errorf("باستانا: got %v", got)
		}
		if got := search("مُفاوَضات استانا"); len(got) != 1 {
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
		if r := get(t, n.app, "/api/v1/search"); r.Status != 422 || !strings.Contains(string(r.Body), "is required") {
			t.Errorf("no q: got %d %s, want 422", r.Status, r.Body)
		}
		for _, q := range []string{"*", "...", "ـ", "َُ"} {
			if r := get(t, n.app, "/api/v1/search?q="+url.QueryEscape(q)); r.Status != 422 || !strings.Contains(string(r.Body), "no letters or digits") {
				t.Errorf("q=%q: got %d %s, want 422 naming what was ignored", q, r.Status, r.Body)
			}
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

// TestSearchRecentFirst checks search's order: articles of the last 30
// days before older ones, and in each band headline matches first, then the
// newest; and that paging walks across the bands without losing or
// repeating an article, also when a page begins past the recent band.
func TestSearchRecentFirst(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		var mu sync.Mutex
		now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		setClock := func(t time.Time) { mu.Lock(); defer mu.Unlock(); now = t }
		n := setup(t, db)
		t0 := now
		para := func(text string) []map[string]any { return []map[string]any{{"type": "paragraph", "text": text}} }
		at := func(ago time.Duration, headline, text string) {
			setClock(t0.Add(-ago))
			n.publish(t, map[string]any{"headline": headline, "body": para(text)})
		}
		const day = 24 * time.Hour
		at(400*day, "قمة المناخ تختتم أعمالها", "اتفق المشاركون على خطة عمل.")                  // old, headline
		at(100*day, "وفود تصل إلى المدينة", "تستعد المدينة لاستضافة قمة المناخ المقبلة.")       // old, text only
		at(45*day, "خبر لا علاقة له", "نص عن موضوع آخر تماما.")                                 // no match
		at(5*day, "قمة المناخ: جدول الأعمال", "تبدأ الجلسات صباح الاثنين.")                     // recent, headline
		at(2*day, "الاستعدادات الأخيرة", "تنطلق قمة المناخ بعد يومين وسط إجراءات أمنية مشددة.") // recent, text only
		at(1*day, "قمة المناخ تبدأ غدا", "وصل رؤساء الوفود.")                                   // recent, headline
		setClock(t0)

		want := []any{"قمة المناخ تبدأ غدا", "قمة المناخ: جدول الأعمال", "الاستعدادات الأخيرة", "قمة المناخ تختتم أعمالها", "وفود تصل إلى المدينة"}
		res := get(t, n.app, "/api/v1/search?q="+url.QueryEscape("قمة المناخ"))
		if res.Status != 200 {
			t.Fatalf("search: %d %s", res.Status, res.Body)
		}
		var all []map[string]any
		for _, d := range res.JSON(t)["data"].([]any) {
			all = append(all, d.(map[string]any))
		}
		if got := ids(all); !reflect.DeepEqual(got, want) {
			t.Fatalf("order:\n got %v\nwant %v", got, want)
		}
		// Pages of 1 and of 2: the same order, whichever band a page starts in.
		for _, limit := range []int{1, 2} {
			var got []any
			path := "/api/v1/search?q=" + url.QueryEscape("قمة المناخ") + "&limit=" + strconv.Itoa(limit)
			for cursor := ""; ; {
				res := get(t, n.app, path+cursor)
				if res.Status != 200 {
					t.Fatalf("limit %d, cursor %q: %d %s", limit, cursor, res.Status, res.Body)
				}
				m := res.JSON(t)
				for _, d := range m["data"].([]any) {
					got = append(got, d.(map[string]any)["headline"])
				}
				next, _ := m["next_cursor"].(string)
				if next == "" {
					break
				}
				cursor = "&cursor=" + url.QueryEscape(next)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("limit %d, paged:\n got %v\nwant %v", limit, got, want)
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

// Snippets are cut from the summary and body text a publish stores beside
// the snapshot; a live version published before they were stored (migration
// 00008) gets the same snippet from its snapshot, and the same texts from
// FillPublicationTexts as from a publish.
func TestSearchSnippetTexts(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		n := setup(t, db)
		fields := func(h string) map[string]any {
			return map[string]any{"headline": h, "summary": "ملخص عن <الهدنة> و&",
				"body": []map[string]any{{"type": "paragraph", "text": "قال <b>الوسيط</b> إن الهدنة صامدة."}, {"type": "quote", "text": "الهدنة أولا", "cite": "الوسيط"}}}
		}
		old, fresh := n.publish(t, fields("خبر قديم عن الهدنة")), n.publish(t, fields("خبر جديد عن الهدنة"))
		// sql is q with its one ? as this database writes it.
		sql := func(q string) string {
			if db.Dialect() == store.Postgres {
				return strings.Replace(q, "?", "$1", 1)
			}
			return q
		}
		texts := func(id any) (summary, body *string) {
			t.Helper()
			if err := db.SQL().QueryRow(sql("SELECT summary, body_text FROM article_publications WHERE article_id = ?"), id).Scan(&summary, &body); err != nil {
				t.Fatal(err)
			}
			return summary, body
		}
		exec := func(q string, id any) {
			t.Helper()
			if _, err := db.SQL().Exec(sql(q), id); err != nil {
				t.Fatal(err)
			}
		}
		// fill runs FillPublicationTexts and returns its progress reports.
		fill := func() (reports [][2]int) {
			t.Helper()
			if err := db.FillPublicationTexts(context.Background(), richtext.New().Text, func(done, total int) { reports = append(reports, [2]int{done, total}) }); err != nil {
				t.Fatal(err)
			}
			return reports
		}
		wantSummary, wantBody := texts(fresh["id"])
		if wantSummary == nil || *wantSummary != "ملخص عن <الهدنة> و&" || wantBody == nil || *wantBody != "قال الوسيط إن الهدنة صامدة.\nالهدنة أولا\nالوسيط\n" {
			t.Fatalf("stored texts: %v %v", deref(wantSummary), deref(wantBody))
		}
		count := 0
		snippets := func() map[any]string {
			t.Helper()
			count++ // a parameter the API ignores: past the response cache
			res := get(t, n.app, "/api/v1/search?q="+url.QueryEscape("الهدنة")+"&n="+strconv.Itoa(count))
			out := map[any]string{}
			for _, d := range res.JSON(t)["data"].([]any) {
				r := d.(map[string]any)
				out[r["id"]] = r["summary"].(string) + " | " + r["snippet"].(string)
			}
			return out
		}
		before := snippets()
		if len(before) != 2 || before[old["id"]] == "" || strings.Contains(before[old["id"]], "<b>") {
			t.Fatalf("snippets: %v", before)
		}
		exec("UPDATE article_publications SET summary = NULL, body_text = NULL WHERE article_id = ?", old["id"])
		if got := snippets(); !reflect.DeepEqual(got, before) {
			t.Errorf("from the snapshot: %v, want %v", got, before)
		}
		reports := fill()
		if summary, body := texts(old["id"]); deref(summary) != *wantSummary || deref(body) != *wantBody {
			t.Errorf("filled in: %q %q, want %q %q", deref(summary), deref(body), *wantSummary, *wantBody)
		}
		if !reflect.DeepEqual(reports, [][2]int{{1, 1}}) {
			t.Errorf("progress: %v, want one batch of the one publication", reports)
		}
		if got := snippets(); !reflect.DeepEqual(got, before) {
			t.Errorf("after the fill: %v, want %v", got, before)
		}
		// A republish by a replica of the release before the texts: a new
		// version, texts left as they were. They are not used, and filled.
		exec("UPDATE article_publications SET version = version + 1, body_text = 'نص قديم عن الهدنة' WHERE article_id = ?", fresh["id"])
		if got := snippets(); !reflect.DeepEqual(got, before) {
			t.Errorf("texts of an older version: %v, want %v", got, before)
		}
		reports = fill()
		if _, body := texts(fresh["id"]); deref(body) != *wantBody || !reflect.DeepEqual(reports, [][2]int{{1, 1}}) {
			t.Errorf("refilled: %q, progress %v", deref(body), reports)
		}
		// A republish stores the new version's texts, as its own.
		cur := n.editor.Must(200, "GET", admin+"/articles/"+fresh["id"].(string), nil)
		cur = n.editor.Must(200, "PATCH", admin+"/articles/"+fresh["id"].(string), map[string]any{"body": []map[string]any{{"type": "paragraph", "text": "الهدنة انتهت"}}}, cmstest.ETag(cur))
		n.editor.Must(200, "POST", admin+"/articles/"+fresh["id"].(string)+"/publish", nil)
		if _, body := texts(fresh["id"]); deref(body) != "الهدنة انتهت\n" {
			t.Errorf("republished: body text %q", deref(body))
		} else if reports := fill(); reports != nil {
			t.Errorf("after a republish: reports %v; want its texts taken as its version's", reports)
		}
		if reports := fill(); reports != nil {
			t.Errorf("a second fill: reports %v; want nothing to do", reports)
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
