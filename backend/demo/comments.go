package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"newsroom/accounts"
	"newsroom/cms"
	"newsroom/moderation"
	"newsroom/store"
)

// demoComment is one reader comment of the demo and what the moderator
// decides: "approve", "reject", "spam" or "" (left pending). reply is the
// index of the comment it answers on the same article, or -1.
type demoComment struct {
	name, email, body string
	decision          moderation.Action
	note              string
	reply             int
}

// threads are the demo's comments on the newest published Arabic articles,
// one list per article.
var threads = [][]demoComment{
	{
		{"أحمد من عمّان", "ahmad@readers.example", "تغطية ممتازة، نتمنى أن تنجح الجولة هذه المرة.", moderation.ActionApprove, "", -1},
		{"مريم", "mariam@readers.example", "هل من تفاصيل عن الوفود المشاركة؟\nشكراً لكم.", moderation.ActionApprove, "", -1},
		{"سامي", "sami@readers.example", "الوفود نفسها التي حضرت الجولة السابقة بحسب ما نُشر.", moderation.ActionApprove, "", 1},
		{"قارئ", "reader@readers.example", "أتمنى أن تتابعوا ملف المعتقلين بالتفصيل.", "", "", -1},
		{"عروض اليوم", "deals@spam.example", "اربح المال الآن! http://spam.example http://win.example http://free.example", moderation.ActionSpam, "", -1},
	},
	{
		{"ليلى", "layla@readers.example", "خبر مهم، شكراً على الدقة في نقل التفاصيل.", moderation.ActionApprove, "", -1},
		{"خالد", "khaled@readers.example", "أين مصدر هذه الأرقام؟", "", "", -1},
		{"مجهول", "anon@readers.example", "كلام مسيء لا يليق بالنقاش.", moderation.ActionReject, "إساءة شخصية", -1},
	},
	{
		{"Omar", "omar@readers.example", "Clear and balanced reporting, thank you.", moderation.ActionApprove, "", -1},
		{"نور", "nour@readers.example", "<b>تجربة</b> هل تظهر الوسوم كنص؟", "", "", -1},
	},
}

// SeedComments adds reader comments to the newest published Arabic
// articles: approved ones with a reply, pending ones (one of them with
// markup, shown as text), a rejected one and a spam one, as readers and the
// demo moderator would leave them. It does nothing when there are comments
// already. Comment times are spread over the last hours by moving db's clock,
// then putting it back.
func SeedComments(ctx context.Context, db *store.DB, acc *accounts.Service, mod *moderation.Service, out io.Writer) error {
	moderator, err := demoActor(ctx, acc, "moderator@newsroom.example")
	if err != nil {
		return err
	}
	existing, err := mod.Queue(ctx, moderator, moderation.QueueFilter{Status: "all", Limit: 1})
	if err != nil {
		return err
	}
	if len(existing.Data) > 0 {
		fmt.Fprintln(out, "  exists  comments (leaving them as they are)")
		return nil
	}
	arts, err := db.View(ctx).ListArticles(store.ArticleFilter{Status: cms.StatusPublished, Language: cms.Arabic, Limit: len(threads)})
	if err != nil {
		return err
	}
	realNow := db.Now
	defer func() { db.Now = realNow }()
	at := realNow().Add(-time.Hour)
	tick := func() {
		at = at.Add(3 * time.Minute)
		t := at
		db.Now = func() time.Time { return t }
	}
	n := 0
	for i, art := range arts.Data {
		ids := make([]string, len(threads[i]))
		for j, dc := range threads[i] {
			tick()
			in := moderation.SubmitInput{AuthorName: dc.name, AuthorEmail: dc.email, Body: dc.body}
			if dc.reply >= 0 {
				in.ParentID = &ids[dc.reply]
			}
			// Documentation addresses (RFC 5737), one reader each.
			client := fmt.Sprintf("203.0.113.%d", 10+n)
			sub, err := mod.Submit(ctx, art.Slug, client, in)
			if err != nil {
				return fmt.Errorf("comment %d on %s: %w", j, art.Slug, err)
			}
			ids[j] = sub.ID
			n++
			if dc.decision == "" {
				continue
			}
			tick()
			if _, err := mod.Moderate(ctx, moderator, sub.ID, dc.decision, moderation.DecisionInput{Note: dc.note}); err != nil {
				return fmt.Errorf("moderate comment %d on %s: %w", j, art.Slug, err)
			}
		}
		fmt.Fprintf(out, "  created %d comments on %s\n", len(threads[i]), art.Headline)
	}
	return nil
}
