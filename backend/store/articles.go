package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"newsroom/arabic"
	"newsroom/cms"
)

type articleRow struct {
	ID                    string `gorm:"primaryKey"`
	Kind                  string
	Language              string
	Headline              string
	Subheadline           string
	Summary               string
	Slug                  string
	Body                  string
	HeroMediaID           *string
	SectionID             *string
	Source                string
	Status                string
	ChangesRequested      bool
	Live                  bool
	HasUnpublishedChanges bool
	CommentsOpen          bool
	Version               int64
	CreatedBy             string
	SubmittedAt           *time.Time
	FirstPublishedAt      *time.Time
	PublishedAt           *time.Time
	PublishAt             *time.Time
	UnpublishedAt         *time.Time
	ArchivedAt            *time.Time
	SearchHeadline        string
	SearchText            string
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

func (articleRow) TableName() string { return "articles" }

// articleColumns are read explicitly so PostgreSQL's generated
// search_document never travels.
const articleColumns = "id, kind, language, headline, subheadline, summary, slug, body, hero_media_id, section_id, source, status, " +
	"changes_requested, live, has_unpublished_changes, comments_open, version, created_by, submitted_at, first_published_at, " +
	"published_at, publish_at, unpublished_at, archived_at, created_at, updated_at"

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (r *articleRow) article() (*cms.Article, error) {
	a := &cms.Article{
		ID: r.ID, Kind: cms.Kind(r.Kind), Language: cms.Language(r.Language), Headline: r.Headline,
		Subheadline: r.Subheadline, Summary: r.Summary, Slug: r.Slug, HeroMediaID: r.HeroMediaID, SectionID: r.SectionID,
		Source: r.Source, Status: cms.Status(r.Status), ChangesRequested: r.ChangesRequested, Live: r.Live,
		HasUnpublishedChanges: r.HasUnpublishedChanges, CommentsOpen: r.CommentsOpen, Version: r.Version,
		CreatedBy: r.CreatedBy, SubmittedAt: utc(r.SubmittedAt), FirstPublishedAt: utc(r.FirstPublishedAt),
		PublishedAt: utc(r.PublishedAt), PublishAt: utc(r.PublishAt), UnpublishedAt: utc(r.UnpublishedAt),
		ArchivedAt: utc(r.ArchivedAt), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		TagIDs: []string{}, StoryIDs: []string{}, AuthorIDs: []string{}, RelatedIDs: []string{}, LiveWriterIDs: []string{},
	}
	if err := json.Unmarshal([]byte(r.Body), &a.Body); err != nil {
		return nil, fmt.Errorf("decode body of article %s: %w", r.ID, err)
	}
	if a.Body == nil {
		a.Body = []cms.Block{}
	}
	return a, nil
}

// SearchText is an article's text normalised for search (arabic.Normalize),
// and its summary and body as plain text in their own spelling, which a
// live version keeps for search snippets. Make it with TextsOf.
type SearchText struct{ Headline, Text, Summary, Body string }

// TextsOf returns a's SearchText given its body as plain text (the rich
// text sanitizer's Text, which the store does not depend on).
func TextsOf(a *cms.Article, body string) SearchText {
	return SearchText{Headline: arabic.Normalize(a.Headline), Text: arabic.Normalize(a.Subheadline + " " + a.Summary + " " + body),
		Summary: a.Summary, Body: body}
}

func rowOf(a *cms.Article, s SearchText) (articleRow, error) {
	body, err := json.Marshal(a.Body)
	if err != nil {
		return articleRow{}, err
	}
	if a.Body == nil {
		body = []byte("[]")
	}
	return articleRow{
		ID: a.ID, Kind: string(a.Kind), Language: string(a.Language), Headline: a.Headline, Subheadline: a.Subheadline,
		Summary: a.Summary, Slug: a.Slug, Body: string(body), HeroMediaID: a.HeroMediaID, SectionID: a.SectionID,
		Source: a.Source, Status: string(a.Status), ChangesRequested: a.ChangesRequested, Live: a.Live,
		HasUnpublishedChanges: a.HasUnpublishedChanges, CommentsOpen: a.CommentsOpen, Version: a.Version,
		CreatedBy: a.CreatedBy, SubmittedAt: a.SubmittedAt, FirstPublishedAt: a.FirstPublishedAt, PublishedAt: a.PublishedAt,
		PublishAt: a.PublishAt, UnpublishedAt: a.UnpublishedAt, ArchivedAt: a.ArchivedAt,
		SearchHeadline: s.Headline, SearchText: s.Text, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}, nil
}

// CreateArticle inserts a new article (id, times and version set by the
// caller), its links and its slug. Returns EInvalid naming the field of a
// link to an object that does not exist.
func (tx *Tx) CreateArticle(a *cms.Article, s SearchText) error {
	row, err := rowOf(a, s)
	if err != nil {
		return err
	}
	if err := tx.g.Create(&row).Error; err != nil {
		if isDuplicate(err) {
			return duplicateField(err, "slug", slugTaken)
		}
		return refErr(err, "section_id", "no such section, or no such hero image")
	}
	if err := tx.AddSlug(a.Language, a.Slug, a.ID); err != nil {
		return err
	}
	return tx.SetArticleLinks(a)
}

// UpdateArticle writes every column of a when the stored version is still
// prev. a.Version must already be the new version. Returns ENotFound, or
// EPreconditionFail with the current version when someone else wrote first.
func (tx *Tx) UpdateArticle(a *cms.Article, prev int64, s SearchText) error {
	row, err := rowOf(a, s)
	if err != nil {
		return err
	}
	res := tx.g.Model(&articleRow{}).Where("id = ? AND version = ?", a.ID, prev).
		Select("*").Omit("id", "created_by", "created_at").Updates(&row)
	if res.Error != nil {
		if isDuplicate(res.Error) {
			return duplicateField(res.Error, "slug", slugTaken)
		}
		return refErr(res.Error, "section_id", "no such section, or no such hero image")
	}
	return tx.updatedArticle(a.ID, res.RowsAffected)
}

// UpdateArticleState writes what a workflow action changes in a (its
// status, flags, times and version) when the stored version is still prev,
// and leaves its content as stored. Rewriting every column, as
// UpdateArticle does, made PostgreSQL store the body again and recompute
// the search vector on every publish and unpublish (make bench). Returns
// ENotFound or EPreconditionFail as UpdateArticle does.
func (tx *Tx) UpdateArticleState(a *cms.Article, prev int64) error {
	res := tx.g.Model(&articleRow{}).Where("id = ? AND version = ?", a.ID, prev).Updates(map[string]any{
		"status": string(a.Status), "changes_requested": a.ChangesRequested, "live": a.Live,
		"has_unpublished_changes": a.HasUnpublishedChanges, "version": a.Version,
		"submitted_at": a.SubmittedAt, "first_published_at": a.FirstPublishedAt, "published_at": a.PublishedAt,
		"publish_at": a.PublishAt, "unpublished_at": a.UnpublishedAt, "archived_at": a.ArchivedAt, "updated_at": a.UpdatedAt,
	})
	if res.Error != nil {
		return translate(res.Error)
	}
	return tx.updatedArticle(a.ID, res.RowsAffected)
}

// updatedArticle tells a versioned update of article id that changed
// affected rows: nil for one, else ENotFound, or EPreconditionFail with the
// current version when someone else wrote first.
func (tx *Tx) updatedArticle(id string, affected int64) error {
	if affected == 1 {
		return nil
	}
	var cur struct{ Version int64 }
	if err := tx.g.Model(&articleRow{}).Select("version").Where("id = ?", id).Take(&cur).Error; err != nil {
		return notFound(err, "article")
	}
	return &cms.Error{
		Code:    cms.EPreconditionFail,
		Message: "the article was changed by someone else since you loaded it; reload it and apply your change again",
		Details: map[string]any{"current_version": cur.Version},
	}
}

// Article returns an article's working copy with its links. Returns
// ENotFound when there is none.
func (tx *Tx) Article(id string) (*cms.Article, error) {
	var row articleRow
	if err := tx.g.Select(articleColumns).Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "article")
	}
	a, err := row.article()
	if err != nil {
		return nil, err
	}
	if err := tx.loadLinks([]*cms.Article{a}); err != nil {
		return nil, err
	}
	return a, nil
}

// DeleteArticle removes an article and everything it owns.
func (tx *Tx) DeleteArticle(id string) error {
	return tx.deleteRow(&articleRow{}, "article", id, "other objects still refer to this article")
}

type link struct {
	table, col string
	get        func(*cms.Article) []string
	set        func(*cms.Article, []string)
}

var articleLinks = []link{
	{"article_tags", "tag_id", func(a *cms.Article) []string { return a.TagIDs }, func(a *cms.Article, v []string) { a.TagIDs = v }},
	{"article_stories", "story_id", func(a *cms.Article) []string { return a.StoryIDs }, func(a *cms.Article, v []string) { a.StoryIDs = v }},
	{"article_authors", "author_id", func(a *cms.Article) []string { return a.AuthorIDs }, func(a *cms.Article, v []string) { a.AuthorIDs = v }},
	{"article_related", "related_id", func(a *cms.Article) []string { return a.RelatedIDs }, func(a *cms.Article, v []string) { a.RelatedIDs = v }},
	{"article_live_writers", "user_id", func(a *cms.Article) []string { return a.LiveWriterIDs }, func(a *cms.Article, v []string) { a.LiveWriterIDs = v }},
}

// loadLinks fills the id lists of the articles with one query over every
// link table: one round trip instead of five, which counted under load, when
// every statement of a save waits its turn on a busy machine (make bench,
// docs/benchmarks.md).
func (tx *Tx) loadLinks(list []*cms.Article) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[string]*cms.Article, len(list))
	ids := make([]string, len(list))
	for i, a := range list {
		byID[a.ID] = a
		ids[i] = a.ID
	}
	// Each branch names its table (k) and orders its rows by position, and
	// live writers by when they were assigned (the position is 0 there).
	// The live writers' branch comes first, so that PostgreSQL types the at
	// column from its created_at rather than from the other branches' NULL.
	var parts []string
	var args []any
	for i := len(articleLinks) - 1; i >= 0; i-- {
		l := articleLinks[i]
		pos, at := "position", "NULL"
		if l.table == "article_live_writers" {
			pos, at = "0", "created_at"
		}
		parts = append(parts, fmt.Sprintf("SELECT %d AS k, article_id, %s AS target, %s AS pos, %s AS at FROM %s WHERE article_id IN ?", i, l.col, pos, at, l.table))
		args = append(args, ids)
	}
	var rows []struct {
		K         int
		ArticleID string
		Target    string
	}
	if err := tx.g.Raw(strings.Join(parts, " UNION ALL ")+" ORDER BY k, article_id, pos, at, target", args...).Scan(&rows).Error; err != nil {
		return translate(err)
	}
	for _, r := range rows {
		a, l := byID[r.ArticleID], articleLinks[r.K]
		l.set(a, append(l.get(a), r.Target))
	}
	return nil
}

// SetArticleLinks replaces the article's tags, bylines, related articles and
// live writers with a's lists, in their order, and its stories keeping the
// place an article already has in a story's manual order (new stories put it
// last). Returns EInvalid naming the field of an id that does not exist.
func (tx *Tx) SetArticleLinks(a *cms.Article) error {
	return tx.UpdateArticleLinks(a, nil)
}

// UpdateArticleLinks is SetArticleLinks for an article whose links were
// before (as loaded in this transaction): lists that did not change are
// left alone. A save that only changes the text, the common case, then
// costs no statement here instead of a dozen.
func (tx *Tx) UpdateArticleLinks(a, before *cms.Article) error {
	field := map[string]string{"article_tags": "tag_ids", "article_stories": "story_ids", "article_authors": "author_ids",
		"article_related": "related_ids", "article_live_writers": "live_writer_ids"}
	for _, l := range articleLinks {
		ids := l.get(a)
		if before != nil && slices.Equal(ids, l.get(before)) {
			continue
		}
		if l.table == "article_stories" {
			if err := tx.setStories(a.ID, ids); err != nil {
				return err
			}
			continue
		}
		if err := tx.g.Exec("DELETE FROM "+l.table+" WHERE article_id = ?", a.ID).Error; err != nil {
			return translate(err)
		}
		for i, id := range ids {
			var err error
			if l.table == "article_live_writers" {
				err = tx.g.Exec("INSERT INTO article_live_writers (article_id, user_id, created_at) VALUES (?, ?, ?)", a.ID, id, tx.Now.Add(time.Duration(i)*time.Microsecond)).Error
			} else {
				err = tx.g.Exec("INSERT INTO "+l.table+" (article_id, "+l.col+", position) VALUES (?, ?, ?)", a.ID, id, i).Error
			}
			if err != nil {
				return refErr(err, field[l.table], "has an id that does not exist: "+id)
			}
		}
	}
	return nil
}

func (tx *Tx) setStories(articleID string, ids []string) error {
	q := tx.g.Exec("DELETE FROM article_stories WHERE article_id = ?", articleID)
	if len(ids) > 0 {
		q = tx.g.Exec("DELETE FROM article_stories WHERE article_id = ? AND story_id NOT IN ?", articleID, ids)
	}
	if q.Error != nil {
		return translate(q.Error)
	}
	for _, id := range ids {
		var next struct{ N int }
		if err := tx.g.Raw("SELECT COALESCE(MAX(position), -1) + 1 AS n FROM article_stories WHERE story_id = ?", id).Scan(&next).Error; err != nil {
			return translate(err)
		}
		err := tx.g.Exec("INSERT INTO article_stories (article_id, story_id, position) VALUES (?, ?, ?) ON CONFLICT (article_id, story_id) DO NOTHING",
			articleID, id, next.N).Error
		if err != nil {
			return refErr(err, "story_ids", "has an id that does not exist: "+id)
		}
	}
	return nil
}

// AddSlug records that the article uses slug, so the slug keeps leading to it
// after a change. Returns EConflict naming "slug" when another article has
// ever used it, in any language.
func (tx *Tx) AddSlug(lang cms.Language, slug, articleID string) error {
	var owner []string
	if err := tx.g.Table("article_slugs").Where("slug = ?", slug).Pluck("article_id", &owner).Error; err != nil {
		return translate(err)
	}
	for _, o := range owner {
		if o != articleID {
			return &cms.Error{Code: cms.EConflict, Message: "the slug is taken", Fields: map[string]string{"slug": "is or was used by another article; choose another"}}
		}
	}
	if len(owner) > 0 {
		return nil
	}
	err := tx.g.Exec("INSERT INTO article_slugs (language, slug, article_id, created_at) VALUES (?, ?, ?, ?)", lang, slug, articleID, tx.Now).Error
	return duplicateField(err, "slug", "is or was used by another article; choose another")
}

// SlugsTaken tells which of slugs an article other than except uses or
// ever used (in any language), in one query.
func (tx *Tx) SlugsTaken(slugs []string, except string) (map[string]bool, error) {
	var used []string
	err := tx.g.Table("article_slugs").Distinct("slug").Where("slug IN ? AND article_id <> ?", slugs, except).Pluck("slug", &used).Error
	if err != nil {
		return nil, translate(err)
	}
	taken := make(map[string]bool, len(used))
	for _, s := range used {
		taken[s] = true
	}
	return taken, nil
}

// SetArticleMedia records which media assets the article uses in its working
// copy or its live version, so deleting one of them is refused.
func (tx *Tx) SetArticleMedia(articleID string, ids []string) error {
	if err := tx.g.Exec("DELETE FROM article_media WHERE article_id = ?", articleID).Error; err != nil {
		return translate(err)
	}
	for _, id := range ids {
		err := tx.g.Exec("INSERT INTO article_media (article_id, media_id) VALUES (?, ?) ON CONFLICT DO NOTHING", articleID, id).Error
		if err != nil {
			return refErr(err, "hero_media_id", "uses a media asset that does not exist: "+id)
		}
	}
	return nil
}

// ArticleFilter narrows ListArticles. Empty fields do not filter.
type ArticleFilter struct {
	Status    cms.Status
	SectionID string
	StoryID   string
	TagID     string
	AuthorID  string
	CreatedBy string
	Language  cms.Language
	Kind      cms.Kind
	Query     string // already normalised with arabic.Normalize
	// VisibleTo, when set, keeps only the articles this user created or
	// that are live (a writer's view).
	VisibleTo string
	Cursor    string
	Limit     int
}

// ListArticles returns working copies, most recently updated first.
func (tx *Tx) ListArticles(f ArticleFilter) (cms.Page[*cms.Article], error) {
	q := tx.g.Model(&articleRow{}).Select(articleColumns)
	eq := map[string]string{"status": string(f.Status), "section_id": f.SectionID, "created_by": f.CreatedBy,
		"language": string(f.Language), "kind": string(f.Kind)}
	for col, v := range eq {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	for _, l := range []struct{ table, col, v string }{{"article_stories", "story_id", f.StoryID}, {"article_tags", "tag_id", f.TagID}, {"article_authors", "author_id", f.AuthorID}} {
		if l.v != "" {
			q = q.Where("id IN (SELECT article_id FROM "+l.table+" WHERE "+l.col+" = ?)", l.v)
		}
	}
	if f.VisibleTo != "" {
		q = q.Where("(created_by = ? OR live = ?)", f.VisibleTo, true)
	}
	if f.Query != "" {
		if tx.db.dialect == Postgres {
			q = q.Where("search_document @@ to_tsquery('simple', ?)", tsQuery(f.Query))
		} else {
			q = q.Where("id IN (SELECT article_id FROM article_admin_search WHERE article_admin_search MATCH ?)", ftsQuery(f.Query))
		}
	}
	var after struct {
		T  time.Time `json:"t"`
		ID string    `json:"id"`
	}
	if err := decodeCursor(f.Cursor, &after, "t", "id"); err != nil {
		return cms.Page[*cms.Article]{}, err
	}
	if after.ID != "" {
		q = q.Where("(updated_at < ? OR (updated_at = ? AND id < ?))", after.T, after.T, after.ID)
	}
	var rows []articleRow
	if err := q.Order("updated_at DESC").Order("id DESC").Limit(f.Limit + 1).Find(&rows).Error; err != nil {
		return cms.Page[*cms.Article]{}, translate(err)
	}
	page := cms.Page[*cms.Article]{}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		after.T, after.ID = last.UpdatedAt.UTC(), last.ID
		page.NextCursor = encodeCursor(after)
	}
	page.Data = make([]*cms.Article, len(rows))
	for i := range rows {
		a, err := rows[i].article()
		if err != nil {
			return cms.Page[*cms.Article]{}, err
		}
		page.Data[i] = a
	}
	return page, tx.loadLinks(page.Data)
}

// tsQuery turns normalised words into a PostgreSQL tsquery (for
// to_tsquery('simple', ...)) that matches documents holding all of them,
// each in any of its written forms (arabic.Forms: with or without the
// article and the clitics written before it). Each form is quoted, so no
// word is read as tsquery syntax.
func tsQuery(q string) string {
	return wordQuery(q, "'", " | ", " & ")
}

// ftsQuery is tsQuery for SQLite's FTS5.
func ftsQuery(q string) string {
	return wordQuery(q, `"`, " OR ", " AND ")
}

// wordQuery builds both: the forms of each word joined by or, in
// parentheses, and the words joined by and. quote is doubled inside a
// quoted form, as both syntaxes escape it (Normalize leaves none anyway).
func wordQuery(q, quote, or, and string) string {
	words := strings.Fields(q)
	for i, w := range words {
		forms := arabic.Forms(w)
		for j, f := range forms {
			forms[j] = quote + strings.ReplaceAll(f, quote, quote+quote) + quote
		}
		words[i] = "(" + strings.Join(forms, or) + ")"
	}
	return strings.Join(words, and)
}

// DueArticles returns the ids of scheduled articles whose time has come,
// oldest first. On PostgreSQL the rows are locked and rows another replica
// holds are skipped, so replicas share the work; the publish itself is
// guarded by the article's version either way.
func (tx *Tx) DueArticles(now time.Time, limit int) ([]string, error) {
	q := tx.g.Model(&articleRow{}).Where("status = ? AND publish_at <= ?", cms.StatusScheduled, now).
		Order("publish_at").Order("id").Limit(limit)
	if tx.db.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
	}
	var ids []string
	err := q.Pluck("id", &ids).Error
	return ids, translate(err)
}
