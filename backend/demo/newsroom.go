package demo

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"newsroom/accounts"
	"newsroom/cms"
	"newsroom/editorial"
	"newsroom/store"
)

// The demo's stories: running stories, three of them on the home strip.
var stories = []struct {
	Title, Slug, Description, WhatWeKnow string
	Status                               cms.StoryStatus
	Featured                             bool
}{
	{"مفاوضات أستانا", "astana-talks", "جولات التفاوض حول سوريا في العاصمة الكازاخستانية",
		"- الجولة المقبلة تبدأ الثلاثاء\n- الدول الضامنة: روسيا وتركيا وإيران\n- لم يُتفق بعد على ملف المعتقلين", cms.StoryDeveloping, true},
	{"وقف إطلاق النار", "ceasefire", "الهدنة وتطوراتها يوماً بيوم", "- الهدنة صامدة منذ أسبوعين\n- خروقات محدودة في الشمال", cms.StoryDeveloping, true},
	{"أزمة المياه في المنطقة", "water-crisis", "الجفاف وسدود الأنهار وأثرها على الزراعة", "- منسوب الفرات في أدنى مستوياته منذ عقود", cms.StoryDeveloping, true},
	{"أسعار النفط", "oil-prices", "تقلبات السوق وقرارات أوبك+", "", cms.StoryDeveloping, false},
	{"كأس آسيا", "asian-cup", "البطولة القارية من الافتتاح إلى النهائي", "- انتهت البطولة بفوز المنتخب المضيف", cms.StoryConcluded, false},
	{"Climate talks", "climate-talks", "The annual UN climate conference and its aftermath", "- Delegates agreed a fund for loss and damage", cms.StoryDeveloping, false},
}

// piece is one demo article: its language, headline, summary, section,
// story and tags (by slug or name).
type piece struct {
	lang              cms.Language
	headline, summary string
	section, story    string
	tags              []string
}

var pieces = []piece{
	{cms.Arabic, "جولة جديدة من مفاوضات أستانا الأسبوع المقبل", "الخارجية الكازاخستانية تعلن موعد الجولة وتدعو الأطراف إلى المشاركة", "syria", "astana-talks", []string{"مفاوضات أستانا", "روسيا"}},
	{cms.Arabic, "الدول الضامنة تبحث ملف المعتقلين في أستانا", "اجتماع تقني يسبق الجولة الرسمية", "syria", "astana-talks", []string{"مفاوضات أستانا", "تركيا", "إيران"}},
	{cms.Arabic, "المعارضة تطالب بضمانات قبل العودة إلى طاولة أستانا", "وفد المعارضة يشترط وقف القصف أولاً", "syria", "astana-talks", []string{"مفاوضات أستانا"}},
	{cms.Arabic, "موسكو: لا بديل عن مسار أستانا", "تصريحات روسية تؤكد التمسك بالمسار التفاوضي", "world", "astana-talks", []string{"روسيا", "مفاوضات أستانا"}},
	{cms.Arabic, "أنقرة تقترح توسيع مناطق خفض التصعيد", "مقترح تركي جديد على طاولة الدول الضامنة", "world", "astana-talks", []string{"تركيا"}},
	{cms.Arabic, "طهران ترحب بنتائج الجولة الأخيرة", "بيان إيراني يصف الأجواء بالإيجابية", "world", "astana-talks", []string{"إيران"}},
	{cms.Arabic, "الهدنة تدخل أسبوعها الثالث وسط خروقات محدودة", "مراقبون يسجلون تراجعاً في وتيرة الاشتباكات", "palestine", "ceasefire", []string{"وقف إطلاق النار"}},
	{cms.Arabic, "مجلس الأمن يناقش آلية مراقبة وقف إطلاق النار", "مشروع قرار يقترح بعثة مراقبين دوليين", "world", "ceasefire", []string{"الأمم المتحدة", "وقف إطلاق النار"}},
	{cms.Arabic, "قوافل المساعدات تعبر المعابر للمرة الأولى منذ أشهر", "الأمم المتحدة: الاحتياجات ما زالت تفوق ما يصل", "palestine", "ceasefire", []string{"الأمم المتحدة"}},
	{cms.Arabic, "الوسطاء يقترحون تمديد الهدنة شهراً إضافياً", "مقترح جديد قيد الدرس لدى الطرفين", "arab-world", "ceasefire", []string{"وقف إطلاق النار"}},
	{cms.Arabic, "عودة جزئية للنازحين إلى بلداتهم في الشمال", "آلاف العائلات تعود رغم الدمار الواسع", "palestine", "ceasefire", nil},
	{cms.Arabic, "منسوب نهر الفرات في أدنى مستوياته منذ عقود", "مزارعون يحذرون من موسم زراعي كارثي", "syria", "water-crisis", nil},
	{cms.Arabic, "خطة حكومية لترشيد استهلاك المياه في المدن", "تقنين ساعات الضخ في الأحياء السكنية", "arab-world", "water-crisis", nil},
	{cms.Arabic, "اتفاق إقليمي لتقاسم مياه الأنهار قيد النقاش", "محادثات فنية بين الدول المتشاطئة", "arab-world", "water-crisis", []string{"تركيا"}},
	{cms.Arabic, "أسعار النفط ترتفع بعد قرار أوبك+ خفض الإنتاج", "خام برنت يتجاوز عتبة جديدة", "economy", "oil-prices", nil},
	{cms.Arabic, "البنوك المركزية العربية تترقب قرار الفيدرالي", "توقعات بتثبيت أسعار الفائدة", "economy", "", nil},
	{cms.Arabic, "صادرات الغاز تسجل رقماً قياسياً في الربع الثالث", "الطلب الأوروبي يدفع الأسعار إلى الأعلى", "economy", "oil-prices", []string{"روسيا"}},
	{cms.Arabic, "الذهب يستقر قرب أعلى مستوياته هذا العام", "المستثمرون يلجؤون إلى الملاذات الآمنة", "economy", "", nil},
	{cms.Arabic, "المنتخب المضيف يتوج بلقب كأس آسيا", "فوز مثير في النهائي بركلات الترجيح", "sport", "asian-cup", nil},
	{cms.Arabic, "حفل افتتاح كأس آسيا يبهر الحضور", "عروض ضوئية وفنية في الملعب الرئيسي", "sport", "asian-cup", nil},
	{cms.Arabic, "نجم المنتخب يحصد جائزة أفضل لاعب في البطولة", "خمسة أهداف وثلاث تمريرات حاسمة", "sport", "asian-cup", nil},
	{cms.Arabic, "الدوري المحلي يستأنف بعد التوقف الدولي", "مواجهات قوية في الجولة العاشرة", "sport", "", nil},
	{cms.Arabic, "فيديو: لحظة وصول الوفود إلى قاعة المفاوضات", "مشاهد من أستانا قبيل انطلاق الجلسة", "videos", "astana-talks", []string{"مفاوضات أستانا"}},
	{cms.Arabic, "فيديو: الحياة تعود إلى الأسواق بعد الهدنة", "جولة في سوق المدينة القديمة", "videos", "ceasefire", nil},
	{cms.Arabic, "الأمم المتحدة تحذر من نقص حاد في التمويل الإنساني", "النداء الإنساني لم يُموّل إلا بنسبة الثلث", "world", "", []string{"الأمم المتحدة"}},
	{cms.Arabic, "قمة عربية طارئة لبحث التطورات الإقليمية", "وزراء الخارجية يجتمعون تمهيداً للقمة", "arab-world", "", nil},
	{cms.Arabic, "انتخابات بلدية في عدة دول عربية الشهر المقبل", "استعدادات لوجستية وحملات انتخابية", "arab-world", "", nil},
	{cms.Arabic, "زلزال بقوة خمس درجات يضرب المنطقة الحدودية", "لا إصابات والسلطات تتفقد المباني", "world", "", []string{"تركيا", "إيران"}},
	{cms.Arabic, "افتتاح أكبر محطة للطاقة الشمسية في المنطقة", "المحطة تغطي حاجة مئة ألف منزل", "economy", "", nil},
	{cms.Arabic, "معرض الكتاب يستقبل زواره بمشاركة ٥٠٠ دار نشر", "حضور لافت للأدب المترجم", "arab-world", "", nil},
	{cms.Arabic, "ارتفاع درجات الحرارة يفاقم أزمة الكهرباء", "انقطاعات طويلة في عدة محافظات", "arab-world", "water-crisis", nil},
	{cms.Arabic, "وزير الخارجية يبدأ جولة إقليمية تشمل أنقرة وطهران", "الملف السوري على رأس جدول الأعمال", "world", "astana-talks", []string{"تركيا", "إيران"}},
	{cms.English, "New round of Astana talks set for next week", "Kazakhstan's foreign ministry announced the date of the next round.", "english", "astana-talks", []string{"Diplomacy"}},
	{cms.English, "Ceasefire holds for a third week despite violations", "Monitors report a sharp drop in clashes.", "english", "ceasefire", []string{"Ceasefire"}},
	{cms.English, "UN Security Council weighs ceasefire monitoring mission", "A draft resolution proposes international observers.", "english", "ceasefire", []string{"Ceasefire", "Diplomacy"}},
	{cms.English, "Oil climbs after OPEC+ output cut", "Brent crosses a new threshold.", "english", "oil-prices", nil},
	{cms.English, "Climate conference agrees loss and damage fund", "Delegates reached a deal in the early hours.", "english", "climate-talks", []string{"Diplomacy"}},
	{cms.English, "Drought pushes Euphrates to record low", "Farmers warn of a disastrous season.", "english", "water-crisis", nil},
	{cms.English, "Host nation wins the Asian Cup on penalties", "A dramatic final ends in celebration.", "english", "asian-cup", nil},
	{cms.English, "Aid convoys cross into the enclave for the first time in months", "The UN says needs still outstrip deliveries.", "english", "ceasefire", []string{"Ceasefire"}},
	{cms.English, "Regional water-sharing deal under discussion", "Technical talks between riparian states.", "english", "water-crisis", []string{"Diplomacy"}},
	{cms.English, "Gold steadies near its highest level this year", "Investors seek safe havens.", "english", "", nil},
	{cms.English, "Solar plant opens, the largest in the region", "It will power a hundred thousand homes.", "english", "", nil},
	{cms.English, "Climate delegates return home with mixed reviews", "Campaigners say the fund is too small.", "english", "climate-talks", nil},
	{cms.English, "Foreign minister begins regional tour", "Syria tops the agenda in Ankara and Tehran.", "english", "astana-talks", []string{"Diplomacy"}},
	{cms.English, "Book fair opens with 500 publishers", "Translated literature draws the crowds.", "english", "", nil},
}

var arabicParagraphs = []string{
	"قالت مصادر مطلعة إن <b>المشاورات</b> ما زالت مستمرة، وإن الأطراف تبدي مرونة أكبر مما كانت عليه في الجولات السابقة.",
	"وأضافت المصادر أن اللجان الفنية ستعقد اجتماعات مكثفة خلال الأيام المقبلة لتذليل العقبات المتبقية.",
	"ويرى محللون أن نجاح هذه الخطوة مرهون بمدى التزام الأطراف بتعهداتها على الأرض، وبالدعم الدولي المقدم.",
	"من جهتها، أكدت الأمم المتحدة استعدادها لتقديم الدعم اللازم، داعية إلى <i>تغليب لغة الحوار</i>.",
}

var englishParagraphs = []string{
	"Sources familiar with the matter said <b>consultations</b> were continuing and that the parties were showing more flexibility than in earlier rounds.",
	"Technical committees are expected to meet intensively over the coming days to settle the remaining issues.",
	"Analysts say success depends on whether commitments are honoured on the ground, and on international support.",
}

// SeedNewsroom adds the demo's staff bylines (with portraits from images,
// the first one the demo writer's profile), stories and 60-odd articles in
// every workflow state (published over the last two days, some of them
// republished with a correction, drafts, reviews, schedules, unpublished and
// archived ones, live edits pending) with related articles, and a live
// article with entries, acting as the demo writer and editor. It adds no
// articles when the newsroom already has some. Publication times are spread
// over the past by moving db's clock while it publishes, then putting it
// back.
func SeedNewsroom(ctx context.Context, db *store.DB, acc *accounts.Service, ed *editorial.Service, images []*cms.MediaAsset, out io.Writer) error {
	op := accounts.OperatorActor()
	pics := map[string]string{}
	for _, m := range images {
		pics[m.Filename] = m.ID
	}
	if err := seedStaff(ctx, acc, ed, pics, out); err != nil {
		return err
	}
	existing, err := ed.ListArticles(ctx, op, store.ArticleFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(existing.Data) > 0 {
		fmt.Fprintln(out, "  exists  articles (the newsroom has articles; leaving them as they are)")
		return nil
	}
	writer, err := demoActor(ctx, acc, "writer@newsroom.example")
	if err != nil {
		return err
	}
	editor, err := demoActor(ctx, acc, "editor@newsroom.example")
	if err != nil {
		return err
	}
	ids, err := lookups(ctx, ed, op)
	if err != nil {
		return err
	}
	for i, s := range stories {
		in := editorial.StoryInput{Title: &s.Title, Slug: &s.Slug, Description: &s.Description, WhatWeKnow: &s.WhatWeKnow,
			Status: &s.Status, Featured: &s.Featured}
		pos := i
		in.Position = &pos
		lang := cms.Arabic
		if s.Slug == "climate-talks" {
			lang = cms.English
		}
		if id := pics[heroes[lang][s.Slug]]; id != "" {
			in.CoverMediaID = cms.Optional[string]{Set: true, Value: id}
		}
		st, err := ed.CreateStory(ctx, editor, in)
		if err == nil {
			ids["story:"+s.Slug] = st.ID
		}
		if err := report(out, "story", s.Slug, err); err != nil {
			return err
		}
	}

	realNow := db.Now
	defer func() { db.Now = realNow }()
	start := realNow().Add(-48 * time.Hour)
	// live holds the ids of the live articles of each language and story
	// (or section), oldest first: the related articles of the next ones.
	live := map[string][]string{}
	total := len(pieces) + len(pieces)/3
	for i := 0; i < total; i++ {
		p := pieces[i%len(pieces)]
		headline := p.headline
		if i >= len(pieces) {
			headline = map[cms.Language]string{cms.Arabic: "متابعة: ", cms.English: "Follow-up: "}[p.lang] + headline
		}
		// Spread the articles over the last two days, oldest first.
		at := start.Add(time.Duration(i) * 45 * time.Minute)
		db.Now = func() time.Time { return at }
		later := func(d time.Duration) { t := at.Add(d); db.Now = func() time.Time { return t } }
		state := stateFor(i)
		if _, ok := corrections[p.lang][p.story]; state == "corrected" && !ok {
			state = "published" // nothing to correct in it
		}
		group := relatedGroup(p)
		art, err := seedArticle(ctx, ed, writer, editor, ids, pics, p, headline, i, state, newestFirst(live[group], 2), later)
		if err != nil {
			return fmt.Errorf("seed article %d (%s): %w", i, state, err)
		}
		if art.Live {
			live[group] = append(live[group], art.ID)
		}
		fmt.Fprintf(out, "  created article %-18s %s\n", state, headline)
	}
	db.Now = realNow
	return seedLive(ctx, ed, writer, editor, ids, pics, newestFirst(live[relatedGroup(piece{lang: cms.Arabic, story: "astana-talks"})], 3), out)
}

// seedStaff adds the staff journalists' author profiles with their
// portraits; the one with a user is that user's profile.
func seedStaff(ctx context.Context, acc *accounts.Service, ed *editorial.Service, pics map[string]string, out io.Writer) error {
	op := accounts.OperatorActor()
	for _, s := range staff {
		in := editorial.AuthorInput{Name: &s.Name, Slug: &s.Slug, Bio: &s.Bio}
		if id := pics[s.Avatar]; id != "" {
			in.AvatarMediaID = cms.Optional[string]{Set: true, Value: id}
		}
		if s.User != "" {
			u, err := demoActor(ctx, acc, s.User)
			if err != nil {
				return err
			}
			in.UserID = cms.Optional[string]{Set: true, Value: u.UserID}
		}
		_, err := ed.CreateAuthor(ctx, op, in)
		if err := report(out, "author", s.Slug, err); err != nil {
			return err
		}
	}
	return nil
}

// relatedGroup is what an article's related articles share with it: the
// language, and the story or else the section.
func relatedGroup(p piece) string {
	if p.story != "" {
		return string(p.lang) + " story:" + p.story
	}
	return string(p.lang) + " section:" + p.section
}

// newestFirst returns up to n of ids from the end, last first.
func newestFirst(ids []string, n int) []string {
	out := []string{}
	for i := len(ids) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, ids[i])
	}
	return out
}

// stateFor spreads the workflow states over the articles: mostly published,
// a few republished with a correction, and a few of every other state.
func stateFor(i int) string {
	switch i % 16 {
	case 1:
		return "corrected"
	case 3:
		return "draft"
	case 5:
		return "in_review"
	case 7:
		return "changes_requested"
	case 9:
		return "scheduled"
	case 11:
		return "edited_while_live"
	case 13:
		return "unpublished"
	case 15:
		return "archived"
	}
	return "published"
}

func demoActor(ctx context.Context, acc *accounts.Service, email string) (cms.Actor, error) {
	page, err := acc.ListUsers(ctx, accounts.OperatorActor(), store.UserFilter{Query: email, Limit: 1})
	if err != nil {
		return cms.Actor{}, err
	}
	if len(page.Data) == 0 {
		return cms.Actor{}, fmt.Errorf("the demo user %s is missing", email)
	}
	return page.Data[0].Actor(""), nil
}

// lookups maps section slugs, tag names and author slugs to ids.
func lookups(ctx context.Context, ed *editorial.Service, op cms.Actor) (map[string]string, error) {
	ids := map[string]string{}
	secs, err := ed.ListSections(ctx, op, store.ListFilter{Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, s := range secs.Data {
		ids["section:"+s.Slug] = s.ID
	}
	tg, err := ed.ListTags(ctx, op, store.ListFilter{Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, t := range tg.Data {
		ids["tag:"+t.Name] = t.ID
	}
	au, err := ed.ListAuthors(ctx, op, store.ListFilter{Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, a := range au.Data {
		ids["author:"+a.Slug] = a.ID
	}
	return ids, nil
}

// seedArticle writes one demo article as the writer and takes it to state
// with the editor. related are live articles it links to; later moves the
// clock on from the article's time, for a republish.
func seedArticle(ctx context.Context, ed *editorial.Service, writer, editor cms.Actor, ids, pics map[string]string,
	p piece, headline string, i int, state string, related []string, later func(time.Duration)) (*cms.Article, error) {
	// Two in a row each: the odd articles are mostly the ones not published.
	by := bylines[p.lang][(i/2)%len(bylines[p.lang])]
	hero := ""
	if i%3 != 2 {
		hero = pick(heroes[p.lang], p)
	}
	body := articleBody(p, i, hero, pics)
	if c := corrections[p.lang][p.story]; state == "corrected" && c.wrong != "" {
		body = append(body, cms.Block{Type: "paragraph", Text: c.wrong})
	}
	kind := cms.KindStandard
	if p.section == "videos" {
		kind = cms.KindVideo
		body = append(body, cms.Block{Type: "video", URL: "https://www.youtube.com/watch?v=demo" + fmt.Sprint(i)})
	}
	in := editorial.ArticleInput{Headline: &headline, Summary: &p.summary, Language: &p.lang, Kind: &kind, Body: &body, Source: &by.source,
		AuthorIDs: &[]string{ids["author:"+by.author]}, RelatedIDs: &related}
	if id := ids["section:"+p.section]; id != "" {
		in.SectionID = cms.Optional[string]{Set: true, Value: id}
	}
	if id := ids["story:"+p.story]; id != "" {
		in.StoryIDs = &[]string{id}
	}
	var tagIDs []string
	for _, t := range p.tags {
		if id := ids["tag:"+t]; id != "" {
			tagIDs = append(tagIDs, id)
		}
	}
	in.TagIDs = &tagIDs
	if id := pics[hero]; id != "" {
		in.HeroMediaID = cms.Optional[string]{Set: true, Value: id}
	}
	art, err := ed.CreateArticle(ctx, writer, in)
	if err != nil {
		return nil, err
	}
	if err := advance(ctx, ed, writer, editor, art, p, i, state, later); err != nil {
		return nil, err
	}
	return ed.Article(ctx, editor, art.ID)
}

// advance takes a new article through the workflow to state.
func advance(ctx context.Context, ed *editorial.Service, writer, editor cms.Actor, art *cms.Article, p piece, i int, state string,
	later func(time.Duration)) error {
	act := func(a cms.Actor, action cms.Action, t editorial.TransitionInput) error {
		var err error
		art, err = ed.Transition(ctx, a, art.ID, action, 0, false, t)
		return err
	}
	switch state {
	case "draft":
		return nil
	case "changes_requested":
		if err := act(writer, cms.ActionSubmit, editorial.TransitionInput{}); err != nil {
			return err
		}
		return act(editor, cms.ActionRequestChanges, editorial.TransitionInput{Note: "أضف مصدراً ثانياً وصورة أحدث"})
	}
	if err := act(writer, cms.ActionSubmit, editorial.TransitionInput{}); err != nil {
		return err
	}
	switch state {
	case "in_review":
		return nil
	case "scheduled":
		at := time.Now().Add(time.Duration(6+i%24) * time.Hour)
		return act(editor, cms.ActionSchedule, editorial.TransitionInput{PublishAt: &at})
	}
	if err := act(editor, cms.ActionPublish, editorial.TransitionInput{}); err != nil {
		return err
	}
	switch state {
	case "corrected":
		// The writer fixes the live article and the editor republishes it
		// with a public note, a little later.
		later(20 * time.Minute)
		c := corrections[p.lang][p.story]
		body := slices.Clone(art.Body)
		if k := slices.IndexFunc(body, func(b cms.Block) bool { return c.wrong != "" && b.Text == c.wrong }); k >= 0 {
			body[k].Text = c.right
		} else {
			body = append(body, cms.Block{Type: "paragraph", Text: c.right})
		}
		fixed, err := ed.UpdateArticle(ctx, writer, art.ID, art.Version, editorial.ArticleInput{Body: &body})
		if err != nil {
			return err
		}
		art = fixed
		return act(editor, cms.ActionPublish, editorial.TransitionInput{Correction: &editorial.CorrectionNote{Type: c.typ, Note: c.note}})
	case "edited_while_live":
		sub := map[cms.Language]string{cms.Arabic: "تحديث: تفاصيل جديدة", cms.English: "Update: new details"}[p.lang]
		_, err := ed.UpdateArticle(ctx, writer, art.ID, art.Version, editorial.ArticleInput{Subheadline: &sub})
		return err
	case "unpublished":
		return act(editor, cms.ActionUnpublish, editorial.TransitionInput{Reason: "نُشر قبل التحقق من المصدر"})
	case "archived":
		if err := act(editor, cms.ActionUnpublish, editorial.TransitionInput{Reason: "خبر قديم"}); err != nil {
			return err
		}
		return act(editor, cms.ActionArchive, editorial.TransitionInput{})
	}
	return nil
}

// articleBody is a demo article's body: its summary as the lead, the
// paragraphs, and in turn the extra blocks of its story, so that each block
// type appears in several published articles. An image in the body is one
// other than hero, with a caption of its own.
func articleBody(p piece, i int, hero string, pics map[string]string) []cms.Block {
	paras := arabicParagraphs
	if p.lang == cms.English {
		paras = englishParagraphs
	}
	para := func(j int) cms.Block { return cms.Block{Type: "paragraph", Text: paras[(i+j)%len(paras)]} }
	ex := pick(extras[p.lang], p)
	body := []cms.Block{{Type: "paragraph", Text: sentence(p.summary)}, para(0)}
	if ex.heading2 != "" && i%4 != 3 {
		body = append(body, cms.Block{Type: "heading", Level: 2, Text: ex.heading2})
	}
	body = append(body, para(1))
	if id := pics[ex.image]; id != "" && ex.image != hero && i%2 == 0 {
		body = append(body, cms.Block{Type: "image", MediaID: id, Caption: ex.caption})
	}
	if ex.quote != "" && i%3 != 2 {
		body = append(body, cms.Block{Type: "quote", Text: ex.quote, Cite: ex.cite})
	}
	if len(ex.items) > 0 && i%3 == 0 {
		ordered := ex.ordered
		body = append(body, cms.Block{Type: "list", Ordered: &ordered, Items: ex.items})
	}
	if ex.heading3 != "" && i%2 == 1 {
		body = append(body, cms.Block{Type: "heading", Level: 3, Text: ex.heading3})
	}
	body = append(body, para(2))
	if ex.embed != "" && i%2 == 0 {
		body = append(body, cms.Block{Type: "embed", URL: ex.embed})
	}
	return body
}

// seedLive adds a published live article, with a lead picture, a summary,
// a source and related articles, and a few entries, one pinned.
func seedLive(ctx context.Context, ed *editorial.Service, writer, editor cms.Actor, ids, pics map[string]string, related []string, out io.Writer) error {
	kind := cms.KindLive
	headline := "مباشر: تطورات مفاوضات أستانا لحظة بلحظة"
	summary := "الوفود تصل إلى العاصمة الكازاخستانية لجولة جديدة من المفاوضات، ونتابع معكم التصريحات والمستجدات أولاً بأول."
	source := "خاص"
	body := []cms.Block{{Type: "paragraph", Text: "نتابع معكم لحظة بلحظة مجريات اليوم الأول من الجولة الجديدة."}}
	in := editorial.ArticleInput{Headline: &headline, Summary: &summary, Source: &source, Kind: &kind, Body: &body,
		LiveWriterIDs: &[]string{writer.UserID}, StoryIDs: &[]string{ids["story:astana-talks"]}, RelatedIDs: &related,
		AuthorIDs: &[]string{ids["author:sara-al-khatib"], ids["author:newsroom"]}}
	if id := ids["section:syria"]; id != "" {
		in.SectionID = cms.Optional[string]{Set: true, Value: id}
	}
	if id := pics["astana-talks.jpg"]; id != "" {
		in.HeroMediaID = cms.Optional[string]{Set: true, Value: id}
	}
	art, err := ed.CreateArticle(ctx, editor, in)
	if err != nil {
		return err
	}
	if _, err := ed.Transition(ctx, editor, art.ID, cms.ActionPublish, 0, false, editorial.TransitionInput{}); err != nil {
		return err
	}
	entries := []struct {
		by          cms.Actor
		title, text string
		pinned      bool
	}{
		{editor, "افتتاح الجلسة", "افتتح وزير الخارجية الكازاخستاني الجلسة الأولى بكلمة ترحيبية.", false},
		{writer, "وصول الوفود", "وصلت الوفود إلى قاعة الاجتماعات وسط إجراءات أمنية مشددة.", false},
		{writer, "", "المتحدث باسم الوفد الروسي: <b>الأجواء إيجابية</b>.", false},
		{writer, "", "رئيس وفد المعارضة للصحفيين: «نأمل أن نخرج من هذه الجولة بخطوات عملية، لا ببيان ختامي فقط».", false},
		{editor, "ما نعرفه حتى الآن", "الجولة تستمر يومين، والبيان الختامي متوقع مساء الغد.", true},
	}
	for _, e := range entries {
		title, blocks, pinned := e.title, []cms.Block{{Type: "paragraph", Text: e.text}}, e.pinned
		entry := editorial.LiveEntryInput{Title: &title, Body: &blocks}
		if pinned {
			entry.Pinned = &pinned
		}
		if _, err := ed.CreateLiveEntry(ctx, e.by, art.ID, entry); err != nil {
			return fmt.Errorf("live entry: %w", err)
		}
	}
	fmt.Fprintf(out, "  created live article with %d entries: %s\n", len(entries), headline)
	return nil
}
