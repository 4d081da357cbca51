package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsroom/cms"
	"newsroom/richtext"
	"newsroom/slug"
	"newsroom/store"
)

// Sizes is how big a newsroom Bulk makes. Sections, Stories, Tags and
// Authors are totals: what the database already holds counts.
type Sizes struct {
	Articles int
	Sections int
	Stories  int
	Tags     int
	Authors  int
}

// DefaultSizes is the newsroom `make bench` measures (docs/benchmarks.md).
var DefaultSizes = Sizes{Articles: 100_000, Sections: 20, Stories: 200, Tags: 5000, Authors: 40}

// SearchQueries are two-word Arabic queries that match many generated
// articles, for the search benchmark.
var SearchQueries = []string{"وزير الخارجية", "البنك المركزي", "مجلس الأمن", "حزمة مساعدات", "قانون الانتخابات", "منظمة الصحة", "أسعار الوقود", "رئيس الوزراء"}

// bulkBatch is how many articles one transaction writes.
const bulkBatch = 1000

// Bulk adds a generated newsroom of n.Articles articles, about 80% Arabic
// and 20% English, with headlines composed from word lists, first published
// over the last year (most are live; about one in 40 is a draft and one in
// 100 is in review), spread over sections, stories, tags and authors that it
// creates up to the totals in n. It writes through the store's bulk methods,
// which produce the same rows as the editorial service, so the result is
// served like any other content; it does not go through the services'
// one-by-one checks, which would take hours. Articles are credited to the
// first writer and editor among the users (any user when there are none of
// those roles), and the existing media are used as hero images, so run Seed
// and SeedMedia first. It prints a progress line with the count, the rate
// and the time left every two seconds to progress. The content is the same
// for the same sizes on every run; slugs carry a number, so it can run on a
// newsroom that already has articles. Bulk loading bypasses the delivery
// cache: run it before `cms serve` starts, or restart it afterwards.
func Bulk(ctx context.Context, db *store.DB, n Sizes, progress io.Writer) error {
	if n.Articles < 0 || n.Sections < 1 || n.Stories < 0 || n.Tags < 0 || n.Authors < 1 {
		return errors.New("bulk: articles, stories and tags must not be negative; sections and authors must be at least 1")
	}
	g := &generator{r: rand.New(rand.NewPCG(1, uint64(n.Articles))), rich: richtext.New(), now: db.Now().UTC().Truncate(time.Microsecond)}
	g.start = g.now.AddDate(-1, 0, 0)
	if err := g.people(ctx, db); err != nil {
		return err
	}
	started := time.Now()
	if err := g.taxonomy(ctx, db, n); err != nil {
		return err
	}
	fmt.Fprintf(progress, "bulk: %d sections, %d stories, %d tags, %d authors ready in %s\n",
		len(g.sections), len(g.stories), len(g.tags), len(g.authors), time.Since(started).Round(time.Millisecond))
	return g.articles(ctx, db, n.Articles, progress)
}

// generator holds what the articles refer to and the random source.
type generator struct {
	r          *rand.Rand
	rich       *richtext.Sanitizer
	now, start time.Time

	writer, editor cms.Actor
	media          []string
	sections       []string
	videoSection   string
	stories        []string
	tags           []string
	authors        []string
	positions      map[string]int // next place in each story's manual order
	first          int            // number of the first article's slug
}

// people finds the writer, the editor and the images the articles use.
func (g *generator) people(ctx context.Context, db *store.DB) error {
	tx := db.View(ctx)
	users, err := tx.ListUsers(store.UserFilter{Limit: 100})
	if err != nil {
		return err
	}
	if len(users.Data) == 0 {
		return errors.New("bulk: there are no users to credit the articles to; run `cms seed` (or create a user) first")
	}
	// The first writer writes and the first editor publishes; with neither
	// role about, whoever there is does both.
	first := func(role cms.Role) (cms.Actor, bool) {
		for _, u := range users.Data {
			if a := u.Actor(""); a.Has(role) {
				return a, true
			}
		}
		return cms.Actor{}, false
	}
	g.writer, g.editor = users.Data[0].Actor(""), users.Data[0].Actor("")
	if a, ok := first(cms.RoleEditor); ok {
		g.writer, g.editor = a, a
	}
	if a, ok := first(cms.RoleWriter); ok {
		g.writer = a
	}
	media, err := tx.ListMedia(store.MediaFilter{Limit: 20})
	if err != nil {
		return err
	}
	for _, m := range media.Data {
		if strings.HasPrefix(m.Filename, "avatar-") {
			continue // the demo bylines' portraits are no article pictures
		}
		g.media = append(g.media, m.ID)
	}
	return nil
}

// taxonomy creates sections, stories, tags and authors up to the totals,
// keeping what exists.
func (g *generator) taxonomy(ctx context.Context, db *store.DB, n Sizes) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		at := g.start.Add(-24 * time.Hour)
		var err error
		existing := map[string]map[string]string{}
		for _, t := range []string{"sections", "stories", "tags", "authors"} {
			if existing[t], err = tx.SlugIDs(t); err != nil {
				return err
			}
		}
		// fill returns the ids of the existing objects and the names and
		// slugs of new ones, up to total, from names (numbered past its end).
		fill := func(table string, total int, names func(i int) string) (ids []string, add [][2]string) {
			for _, id := range existing[table] {
				ids = append(ids, id)
			}
			taken := existing[table]
			for i := 0; len(ids)+len(add) < total; i++ {
				name := names(i)
				s := slug.Make(name)
				if _, dup := taken[s]; dup || s == "" {
					continue
				}
				taken[s] = ""
				add = append(add, [2]string{name, s})
			}
			return ids, add
		}
		var add [][2]string
		g.sections, add = fill("sections", n.Sections, func(i int) string { return numbered(sectionNames, i) })
		var sections []*cms.Section
		for i, a := range add {
			s := &cms.Section{ID: cms.NewID(at), Name: a[0], Slug: a[1], Position: 100 + i*10, Version: 1, CreatedAt: at, UpdatedAt: at}
			sections = append(sections, s)
			g.sections = append(g.sections, s.ID)
		}
		if err := tx.BulkSections(sections); err != nil {
			return err
		}
		g.videoSection = existing["sections"]["videos"]

		g.stories, add = fill("stories", n.Stories, func(i int) string {
			return numbered(storyTopics, i/len(arPlaces)) + " في " + arPlaces[i%len(arPlaces)]
		})
		var stories []*cms.Story
		for i, a := range add {
			s := &cms.Story{ID: cms.NewID(at), Title: a[0], Slug: a[1], Description: "تغطية متواصلة: " + a[0], Status: cms.StoryDeveloping,
				Position: i, Version: 1, CreatedAt: at, UpdatedAt: at}
			if i%5 == 4 {
				s.Status = cms.StoryConcluded
			}
			stories = append(stories, s)
			g.stories = append(g.stories, s.ID)
		}
		if err := tx.BulkStories(stories); err != nil {
			return err
		}

		g.tags, add = fill("tags", n.Tags, tagName)
		var tags []*cms.Tag
		for _, a := range add {
			t := &cms.Tag{ID: cms.NewID(at), Name: a[0], Slug: a[1], Version: 1, CreatedAt: at, UpdatedAt: at}
			tags = append(tags, t)
			g.tags = append(g.tags, t.ID)
		}
		if err := tx.BulkTags(tags); err != nil {
			return err
		}

		g.authors, add = fill("authors", n.Authors, func(i int) string {
			// 13 and len(lastNames) share no factor: 300 different names
			// before they are numbered.
			name := firstNames[i%len(firstNames)] + " " + lastNames[i*13%len(lastNames)]
			if i >= 300 {
				name += " " + strconv.Itoa(i/300+1)
			}
			return name
		})
		var authors []*cms.Author
		for _, a := range add {
			au := &cms.Author{ID: cms.NewID(at), Name: a[0], Slug: a[1], Bio: "مراسل " + arPlaces[g.r.IntN(len(arPlaces))], Version: 1, CreatedAt: at, UpdatedAt: at}
			authors = append(authors, au)
			g.authors = append(g.authors, au.ID)
		}
		if err := tx.BulkAuthors(authors); err != nil {
			return err
		}
		if g.positions, err = tx.NextStoryPositions(); err != nil {
			return err
		}
		// Slugs are numbered past the articles there are, so a second run
		// makes new ones.
		count, err := tx.CountArticles()
		g.first = int(count)
		// Map order is random; the content must not be.
		for _, l := range [][]string{g.sections, g.stories, g.tags, g.authors} {
			slices.Sort(l)
		}
		return err
	})
}

// articles generates and writes the articles in batches, oldest first (ids
// follow creation time), one goroutine building batches while others write.
func (g *generator) articles(ctx context.Context, db *store.DB, total int, progress io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []store.BulkArticle, 2)
	go func() {
		defer close(batches)
		for done := 0; done < total; done += bulkBatch {
			batch := make([]store.BulkArticle, 0, min(bulkBatch, total-done))
			for i := done; i < done+cap(batch); i++ {
				batch = append(batch, g.article(i, total, batch))
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return
			}
		}
	}()
	// PostgreSQL writes two batches at once (the generator, the driver and
	// the server share the cores); SQLite has one writer anyway.
	workers := 1
	if db.Dialect() == store.Postgres {
		workers = 2
	}
	var (
		mu       sync.Mutex
		written  int
		firstErr error
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				err := db.InTx(ctx, func(tx *store.Tx) error { return tx.BulkArticles(batch) })
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				written += len(batch)
				mu.Unlock()
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	start := time.Now()
	report := func() {
		mu.Lock()
		n := written
		mu.Unlock()
		elapsed := time.Since(start)
		rate := float64(n) / max(elapsed.Seconds(), 0.001)
		eta := "-"
		if rate > 0 && n < total {
			eta = (time.Duration(float64(total-n)/rate) * time.Second).Round(time.Second).String()
		}
		fmt.Fprintf(progress, "bulk: %7d/%d articles  %6.0f/s  elapsed %s  left %s\n", n, total, rate, elapsed.Round(time.Second), eta)
	}
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			report()
		case <-finished:
			if firstErr != nil {
				return fmt.Errorf("bulk: %w", firstErr)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			report()
			return nil
		}
	}
}

// article makes the i-th of total articles; batch holds the ones made
// before it in the same transaction (related articles come from there).
func (g *generator) article(i, total int, batch []store.BulkArticle) store.BulkArticle {
	r := g.r
	lang := cms.Arabic
	if r.IntN(5) == 0 {
		lang = cms.English
	}
	// First publication: spread evenly over the year, oldest first, with a
	// little jitter that keeps the order.
	step := g.now.Sub(g.start) / time.Duration(max(total, 1))
	published := g.start.Add(step*time.Duration(i) + time.Duration(r.Int64N(int64(max(step, 1))))).Truncate(time.Microsecond)
	created := published.Add(-time.Duration(15+r.IntN(240)) * time.Minute)
	submitted := published.Add(-time.Duration(5+r.IntN(10)) * time.Minute)

	var headline, summary, source string
	var body []cms.Block
	if lang == cms.Arabic {
		headline, summary, body, source = g.arabic()
	} else {
		headline, summary, body, source = g.english()
	}
	suffix := "-" + strconv.Itoa(g.first+i+1)
	s := slug.Make(headline)
	if r := []rune(s); len(r) > slug.MaxLen-len(suffix) {
		s = strings.TrimRight(string(r[:slug.MaxLen-len(suffix)]), "-")
	}
	a := &cms.Article{
		ID: cms.NewID(created), Kind: cms.KindStandard, Language: lang, Headline: headline, Summary: summary, Slug: s + suffix,
		Body: body, Status: cms.StatusPublished, Live: true, CommentsOpen: true, Version: 3, CreatedBy: g.writer.UserID,
		CreatedAt: created, UpdatedAt: published, SubmittedAt: &submitted, FirstPublishedAt: &published, PublishedAt: &published,
		TagIDs: []string{}, StoryIDs: []string{}, AuthorIDs: []string{}, RelatedIDs: []string{}, LiveWriterIDs: []string{}, Source: source,
	}
	// Sections differ in size, as they do on a news site: the first has
	// about a fifth of the articles, the last a fortieth.
	f := r.Float64()
	section := g.sections[int(f*f*float64(len(g.sections)))]
	a.SectionID = &section
	if section == g.videoSection {
		a.Kind = cms.KindVideo
		a.Body = append(a.Body, cms.Block{Type: "video", URL: "https://www.youtube.com/watch?v=bulk" + strconv.Itoa(i)})
	}
	if len(g.media) > 0 && r.IntN(4) != 0 {
		hero := g.media[r.IntN(len(g.media))]
		a.HeroMediaID = &hero
	}
	// Popular tags are used far more than others, as in a real newsroom.
	for range r.IntN(5) {
		if len(g.tags) == 0 {
			break
		}
		f := r.Float64()
		if t := g.tags[int(f*f*f*float64(len(g.tags)))]; !slices.Contains(a.TagIDs, t) {
			a.TagIDs = append(a.TagIDs, t)
		}
	}
	var positions []int
	if len(g.stories) > 0 && r.IntN(10) < 3 {
		st := g.stories[r.IntN(len(g.stories))]
		a.StoryIDs = append(a.StoryIDs, st)
		positions = append(positions, g.positions[st])
		g.positions[st]++
	}
	for range 1 + r.IntN(2) {
		if au := g.authors[r.IntN(len(g.authors))]; !slices.Contains(a.AuthorIDs, au) {
			a.AuthorIDs = append(a.AuthorIDs, au)
		}
	}
	for j := len(batch) - 1; j >= 0 && j >= len(batch)-30 && len(a.RelatedIDs) < 3; j-- {
		if b := batch[j].Article; b.Live && b.Language == lang && r.IntN(20) == 0 {
			a.RelatedIDs = append(a.RelatedIDs, b.ID)
		}
	}
	switch {
	case i%40 == 3: // a draft nobody submitted yet
		a.Status, a.Live, a.Version, a.UpdatedAt = cms.StatusDraft, false, 1, created
		a.SubmittedAt, a.FirstPublishedAt, a.PublishedAt = nil, nil, nil
	case i%100 == 7: // waiting for an editor
		a.Status, a.Live, a.Version, a.UpdatedAt = cms.StatusInReview, false, 2, submitted
		a.FirstPublishedAt, a.PublishedAt = nil, nil
	}
	return store.BulkArticle{Article: a, Search: store.TextsOf(a, g.rich.Text(a.Body)), StoryPositions: positions, Writer: g.writer, Editor: g.editor}
}

// arabic composes an Arabic headline, summary and body.
func (g *generator) arabic() (headline, summary string, body []cms.Block, source string) {
	r := g.r
	subj := arSubjects[r.IntN(len(arSubjects))]
	verb := arVerbs[r.IntN(len(arVerbs))]
	v := verb[0]
	if subj.feminine {
		v = verb[1]
	}
	headline = subj.name + " " + v + " " + arObjects[r.IntN(len(arObjects))] + " " + arIn + arPlaces[r.IntN(len(arPlaces))]
	if t := arWhen[r.IntN(len(arWhen))]; t != "" {
		headline += " " + t
	}
	summary = arOpeners[r.IntN(len(arOpeners))] + " " + arClauses[r.IntN(len(arClauses))] + "."
	body = []cms.Block{{Type: "paragraph", Text: summary}}
	for p := range 4 + r.IntN(4) {
		if p == 3 && r.IntN(3) == 0 {
			body = append(body, cms.Block{Type: "quote", Text: arClauses[r.IntN(len(arClauses))], Cite: subj.name})
			continue
		}
		var b strings.Builder
		for s := range 2 + r.IntN(3) {
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(arOpeners[r.IntN(len(arOpeners))] + " " + arClauses[r.IntN(len(arClauses))] + "، " +
				arLinks[r.IntN(len(arLinks))] + " " + arClauses[r.IntN(len(arClauses))] + ".")
		}
		body = append(body, cms.Block{Type: "paragraph", Text: b.String()})
	}
	return headline, summary, body, arSources[r.IntN(len(arSources))]
}

// english composes an English headline, summary and body.
func (g *generator) english() (headline, summary string, body []cms.Block, source string) {
	r := g.r
	headline = enSubjects[r.IntN(len(enSubjects))] + " " + enVerbs[r.IntN(len(enVerbs))] + " " + enObjects[r.IntN(len(enObjects))] +
		" in " + enPlaces[r.IntN(len(enPlaces))]
	summary = enSentences[r.IntN(len(enSentences))]
	body = []cms.Block{{Type: "paragraph", Text: summary}}
	for range 4 + r.IntN(4) {
		var b strings.Builder
		for s := range 3 + r.IntN(3) {
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(enSentences[r.IntN(len(enSentences))])
		}
		body = append(body, cms.Block{Type: "paragraph", Text: b.String()})
	}
	return headline, summary, body, []string{"Reuters", "AFP", "AP", ""}[r.IntN(4)]
}

// tagName is the i-th generated tag: topics in places, then people, then
// English topics.
func tagName(i int) string {
	if n := len(arTopics) * len(arCountries); i < n {
		return arTopics[i/len(arCountries)] + " في " + arCountries[i%len(arCountries)]
	} else if i -= n; i < len(firstNames)*len(lastNames) {
		return firstNames[i%len(firstNames)] + " " + lastNames[i/len(firstNames)]
	} else {
		i -= len(firstNames) * len(lastNames)
		return numbered(enTopics, i/len(enPlaces)) + " in " + enPlaces[i%len(enPlaces)]
	}
}

// numbered returns list[i], and past the list's end its entries numbered
// ("اقتصاد 2"), so a list of names never runs out.
func numbered(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return list[i%len(list)] + " " + strconv.Itoa(i/len(list)+1)
}

// The word lists. Verbs come in masculine and feminine forms to agree with
// their subject.

const arIn = "في "

type arSubject struct {
	name     string
	feminine bool
}

var arSubjects = []arSubject{
	{"وزير الخارجية", false}, {"رئيس الوزراء", false}, {"البنك المركزي", false}, {"مجلس الأمن", false},
	{"المنتخب الوطني", false}, {"البرلمان", false}, {"وزير المالية", false}, {"الرئيس", false},
	{"الاتحاد الأوروبي", false}, {"صندوق النقد الدولي", false}, {"مجلس الوزراء", false}, {"وزير الطاقة", false},
	{"الدفاع المدني", false}, {"الهلال الأحمر", false}, {"وزير الصحة", false}, {"المبعوث الأممي", false},
	{"الوفد المفاوض", false}, {"مؤشر البورصة", false}, {"الحكومة", true}, {"وزارة الصحة", true},
	{"الأمم المتحدة", true}, {"المعارضة", true}, {"الشرطة", true}, {"منظمة الصحة العالمية", true},
	{"جامعة الدول العربية", true}, {"المفوضية الأوروبية", true}, {"السلطات المحلية", true}, {"وكالة الطاقة الدولية", true},
	{"شركة النفط الوطنية", true}, {"هيئة الأرصاد", true}, {"وزارة التعليم", true}, {"المحكمة العليا", true}, {"لجنة الانتخابات", true},
}

var arVerbs = [][2]string{
	{"يبحث", "تبحث"}, {"يعلن", "تعلن"}, {"يحذر من", "تحذر من"}, {"يناقش", "تناقش"}, {"يكشف عن", "تكشف عن"},
	{"يستعرض", "تستعرض"}, {"يدعو إلى", "تدعو إلى"}, {"يقر", "تقر"}, {"يرفض", "ترفض"}, {"يدرس", "تدرس"},
	{"يوقع", "توقع"}, {"يطلق", "تطلق"}, {"يتابع", "تتابع"}, {"يؤجل", "تؤجل"}, {"يدعم", "تدعم"},
}

var arObjects = []string{
	"خطة لخفض التضخم", "اتفاقاً لوقف إطلاق النار", "مشروع قانون الانتخابات", "حزمة مساعدات إنسانية", "إجراءات جديدة لدعم الاقتصاد",
	"مبادرة لإعادة الإعمار", "موازنة العام المقبل", "تعديلات على قانون العمل", "برنامجاً لدعم الشباب", "خطة طوارئ لمواجهة الجفاف",
	"استراتيجية وطنية للطاقة المتجددة", "مفاوضات تبادل الأسرى", "نتائج التحقيق في الحادث", "إصلاحات في قطاع التعليم", "أسعار الوقود الجديدة",
	"خطة لتطوير الموانئ", "ملف اللاجئين", "تشكيلة المنتخب للبطولة", "مشروعاً لتحلية مياه البحر", "قرار رفع أسعار الفائدة",
	"اتفاقية تجارة حرة", "صفقة لشراء طائرات مدنية", "حملة تطعيم واسعة", "خطة لمكافحة الفساد", "جولة جديدة من المحادثات",
	"تقريراً عن أوضاع حقوق الإنسان", "مشروع القطار السريع", "خطة لترشيد استهلاك الكهرباء", "قمة إقليمية طارئة", "مؤتمراً للمانحين",
}

var arPlaces = []string{
	"الرياض", "القاهرة", "بيروت", "الدوحة", "عمّان", "بغداد", "دمشق", "الرباط", "تونس", "الخرطوم", "أبوظبي", "الكويت", "مسقط",
	"الجزائر", "طرابلس", "صنعاء", "غزة", "القدس", "جنيف", "نيويورك", "إسطنبول", "طهران", "موسكو", "واشنطن", "باريس", "لندن", "بروكسل",
}

var arWhen = []string{"", "", "الأسبوع المقبل", "اليوم", "خلال أيام", "مطلع الشهر المقبل", "وسط ترقب واسع", "بعد أشهر من الجمود", "رغم التحفظات"}

var arOpeners = []string{
	"وقالت مصادر مطلعة إن", "وأكد مسؤولون أن", "وأشار مراقبون إلى أن", "وبحسب بيان رسمي فإن", "ومن جهته، أوضح متحدث رسمي أن",
	"ويرى محللون أن", "وذكرت وسائل إعلام محلية أن", "وأفاد مراسلنا بأن", "وفي السياق ذاته، أعلن مسؤول أن", "وتشير التقديرات إلى أن",
}

var arClauses = []string{
	"المشاورات ما زالت مستمرة بين الأطراف المعنية", "القرار سيدخل حيز التنفيذ في غضون أسابيع", "الخطوة تأتي في إطار مساعٍ لتعزيز الاستقرار",
	"التكلفة الإجمالية للمشروع تتجاوز مليار دولار", "الأوضاع الميدانية تشهد هدوءاً حذراً", "الأسواق تفاعلت إيجاباً مع الإعلان",
	"اللجان الفنية ستعقد اجتماعات مكثفة خلال الأيام المقبلة", "الدعم الدولي سيكون حاسماً في المرحلة المقبلة",
	"المواطنين ينتظرون نتائج ملموسة على الأرض", "الحوار يبقى السبيل الوحيد لتجاوز الأزمة", "الأرقام الأخيرة تظهر تحسناً طفيفاً في المؤشرات",
	"عدداً من الدول أبدت استعدادها للمساهمة", "الجدول الزمني قد يتغير بحسب تطورات الأوضاع", "الملف سيعرض على البرلمان في جلسته المقبلة",
	"فرق الإغاثة وصلت إلى المناطق المتضررة", "الاجتماع انتهى دون التوصل إلى اتفاق نهائي",
}

var arLinks = []string{"مضيفة أن", "في حين أن", "مؤكدة أن", "ولفتت إلى أن", "غير أن", "كما أن"}

var arSources = []string{"وكالات", "مراسلنا", "رويترز", "الفرنسية", ""}

var sectionNames = []string{
	"سياسة", "اقتصاد وأعمال", "صحة", "تكنولوجيا", "ثقافة", "علوم", "رأي", "تحقيقات", "بيئة", "منوعات",
	"تعليم", "سفر", "مجتمع", "فن", "Business", "Technology", "Opinion", "Science", "Culture", "Health",
}

var storyTopics = []string{
	"الانتخابات", "الأزمة الاقتصادية", "مفاوضات السلام", "أزمة المياه", "موجة الحر", "إعادة الإعمار", "أسعار الغذاء", "الدوري المحلي",
}

var arTopics = []string{
	"الانتخابات", "الاقتصاد", "الطاقة", "المياه", "التعليم", "الصحة", "كرة القدم", "النفط", "اللاجئين", "حقوق الإنسان",
	"التكنولوجيا", "المناخ", "السياحة", "الزراعة", "الاستثمار", "الأمن", "الإعلام", "الثقافة", "الفن", "النقل",
	"الإسكان", "البطالة", "التضخم", "الفساد", "القضاء", "الشباب", "المرأة", "الصناعة", "التجارة", "الاتصالات",
	"الموانئ", "الطيران", "الغاز", "الكهرباء", "الجفاف", "الفيضانات", "الزلازل", "الآثار", "السينما", "الأدب",
}

var arCountries = []string{
	"السعودية", "مصر", "لبنان", "قطر", "الأردن", "العراق", "سوريا", "المغرب", "تونس", "السودان", "الإمارات", "الكويت", "عمان",
	"الجزائر", "ليبيا", "اليمن", "فلسطين", "البحرين", "موريتانيا", "الصومال", "جيبوتي", "تركيا", "إيران", "روسيا", "الصين",
	"فرنسا", "ألمانيا", "بريطانيا", "أمريكا", "الهند",
}

var firstNames = []string{
	"محمد", "أحمد", "علي", "عمر", "خالد", "يوسف", "سارة", "ليلى", "مريم", "فاطمة", "نور", "هدى", "رامي", "سامي", "كريم",
	"رنا", "دينا", "هالة", "طارق", "زياد", "منى", "سلمى", "باسل", "وليد", "جمال", "ريم", "لينا", "ماجد", "حسن", "إياد",
	"سعاد", "نادين", "جود", "آدم", "ياسمين", "بشرى", "عادل", "مازن", "غادة", "شادي", "هيثم", "رشا", "نبيل", "عبير", "فراس",
	"أسامة", "إيمان", "وفاء", "حسام", "تامر",
}

var lastNames = []string{
	"الحسن", "العلي", "المصري", "الخطيب", "الشامي", "النجار", "الحداد", "العمري", "السيد", "الزين", "القاسم", "الأحمد",
	"البزاز", "الدباغ", "الصالح", "الفارس", "الحلبي", "البغدادي", "التونسي", "المغربي", "الجزائري", "السوداني", "الكردي",
	"الهاشمي", "العطار", "الخياط", "الساعدي", "الراشد", "المنصور", "الظاهر", "الخوري", "حداد", "عيسى", "موسى", "إبراهيم",
	"يوسف", "سليمان", "داود", "نصار", "عودة", "حمدان", "جابر", "شاهين", "عثمان", "زيدان", "سالم", "مراد", "نعمان", "رحال", "قبلان",
	"بركات", "درويش", "سرحان", "عاشور", "غانم", "فياض", "كنعان", "ناصر", "هلال", "وهبة",
}

var enSubjects = []string{
	"The foreign minister", "The central bank", "The UN Security Council", "The national team", "Parliament", "The prime minister",
	"The World Health Organization", "The opposition", "The government", "Oil producers", "Aid agencies", "The finance ministry",
}

var enVerbs = []string{"weighs", "announces", "warns over", "welcomes", "rejects", "backs", "delays", "unveils", "signs", "debates"}

var enObjects = []string{
	"a plan to curb inflation", "a ceasefire proposal", "the new election law", "an aid package", "next year's budget",
	"a reconstruction fund", "fuel price rises", "a water-sharing deal", "a vaccination drive", "talks on a prisoner swap",
	"an anti-corruption drive", "a free-trade agreement",
}

var enPlaces = []string{"Riyadh", "Cairo", "Beirut", "Doha", "Amman", "Baghdad", "Geneva", "New York", "Brussels", "Rabat", "Tunis", "Istanbul"}

var enTopics = []string{
	"Elections", "Economy", "Energy", "Water", "Education", "Health", "Football", "Oil", "Refugees", "Human rights",
	"Technology", "Climate", "Tourism", "Farming", "Investment", "Security", "Media", "Culture", "Trade", "Transport",
}

var enSentences = []string{
	"Sources familiar with the matter said consultations were continuing.",
	"Officials said the decision would take effect within weeks.",
	"Analysts say success depends on whether commitments are honoured on the ground.",
	"Technical committees are expected to meet over the coming days.",
	"Markets reacted positively to the announcement.",
	"The total cost of the project is estimated at more than a billion dollars.",
	"Several countries have said they are ready to contribute.",
	"The timetable may change depending on developments.",
	"Relief teams have reached the worst-hit areas.",
	"The meeting ended without a final agreement.",
	"Residents say they are waiting for tangible results.",
	"The latest figures show a slight improvement.",
}
