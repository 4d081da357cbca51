package store

import (
	"strings"
	"time"

	"gorm.io/gorm"

	"newsroom/cms"
)

type storyRow struct {
	ID                  string `gorm:"primaryKey"`
	Title               string
	Slug                string
	Description         string
	Status              string
	WhatWeKnow          string
	WhatWeKnowUpdatedAt *time.Time
	CoverMediaID        *string
	Featured            bool
	Position            int
	ManualOrder         bool
	Version             int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

func (storyRow) TableName() string { return "stories" }

func (r *storyRow) story() *cms.Story {
	return &cms.Story{ID: r.ID, Title: r.Title, Slug: r.Slug, Description: r.Description, Status: cms.StoryStatus(r.Status),
		WhatWeKnow: r.WhatWeKnow, WhatWeKnowUpdatedAt: utc(r.WhatWeKnowUpdatedAt), CoverMediaID: r.CoverMediaID,
		Featured: r.Featured, Position: r.Position, ManualOrder: r.ManualOrder, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CreateStory inserts s, setting its id, version and times. Returns
// EConflict naming "slug" when the slug is taken, EInvalid naming
// "cover_media_id" when the cover image does not exist.
func (tx *Tx) CreateStory(s *cms.Story) error {
	row := storyRow{ID: cms.NewID(tx.Now), Title: s.Title, Slug: s.Slug, Description: s.Description, Status: string(s.Status),
		WhatWeKnow: s.WhatWeKnow, WhatWeKnowUpdatedAt: s.WhatWeKnowUpdatedAt, CoverMediaID: s.CoverMediaID,
		Featured: s.Featured, Position: s.Position, ManualOrder: s.ManualOrder, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	if err := tx.g.Create(&row).Error; err != nil {
		if isDuplicate(err) {
			return duplicateField(err, "slug", slugTaken)
		}
		return refErr(err, "cover_media_id", "no such media asset")
	}
	*s = *row.story()
	return nil
}

// Story returns the story with the id and its counts. Returns ENotFound
// when there is none.
func (tx *Tx) Story(id string) (*cms.Story, error) {
	var row storyRow
	if err := tx.g.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "story")
	}
	s := row.story()
	return s, tx.storyCounts([]*cms.Story{s})
}

// storyCounts fills the published and working-copy article counts.
func (tx *Tx) storyCounts(list []*cms.Story) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	published, err := tx.PublishedCount(ids)
	if err != nil {
		return err
	}
	var rows []struct {
		StoryID string
		N       int64
	}
	if err := tx.g.Table("article_stories").Select("story_id, COUNT(*) AS n").Where("story_id IN ?", ids).
		Group("story_id").Scan(&rows).Error; err != nil {
		return translate(err)
	}
	members := make(map[string]int64, len(rows))
	for _, r := range rows {
		members[r.StoryID] = r.N
	}
	for _, s := range list {
		s.PublishedCount, s.ArticleCount = published[s.ID], members[s.ID]
	}
	return nil
}

// StoryFilter narrows and pages ListStories. Empty fields do not filter.
type StoryFilter struct {
	Status cms.StoryStatus
	Query  string // matched against title and slug
	// Featured, when set, keeps only featured (or only other) stories;
	// featured ones are then listed by position, as the home page's strip.
	Featured *bool
	// FeaturedFirst lists the featured stories first, by position then id
	// (the strip), then the others most recently updated first: the
	// readers' order. Ignored when Featured is true.
	FeaturedFirst bool
	Cursor        string
	Limit         int
}

// ListStories returns stories with their counts: most recently updated
// first, by position then id when f.Featured is true, or featured first
// with f.FeaturedFirst. Returns EInvalid naming "cursor" for a cursor of
// another order.
func (tx *Tx) ListStories(f StoryFilter) (cms.Page[*cms.Story], error) {
	q := tx.g.Model(&storyRow{})
	if f.Status != "" {
		q = q.Where("status = ?", string(f.Status))
	}
	if f.Featured != nil {
		q = q.Where("featured = ?", *f.Featured)
	}
	if f.Query != "" {
		like := "%" + escapeLike(strings.ToLower(f.Query)) + "%"
		q = q.Where("(LOWER(title) LIKE ? ESCAPE '\\' OR slug LIKE ? ESCAPE '\\')", like, like)
	}
	var rows []storyRow
	var next string
	var err error
	if f.Featured != nil && *f.Featured {
		next, err = pageBy(q, ListFilter{Cursor: f.Cursor, Limit: f.Limit}, &rows, "position",
			func(r storyRow) (any, string) { return r.Position, r.ID })
	} else if f.FeaturedFirst {
		next, err = pageFeaturedFirst(q, f.Cursor, f.Limit, &rows)
	} else {
		next, err = pageNewest(q, f.Cursor, f.Limit, &rows, func(r storyRow) (time.Time, string) { return r.UpdatedAt, r.ID })
	}
	if err != nil {
		return cms.Page[*cms.Story]{}, err
	}
	page := cms.Page[*cms.Story]{Data: make([]*cms.Story, len(rows)), NextCursor: next}
	for i := range rows {
		page.Data[i] = rows[i].story()
	}
	return page, tx.storyCounts(page.Data)
}

// pageFeaturedFirst runs a keyset-paginated query of stories ordered as the
// readers' list: featured ones by (position, id), then the others by
// (updated_at DESC, id DESC); into rows, returning the next cursor. The
// cursor says which part the last row was in, so the page that crosses from
// the strip to the rest neither repeats nor skips a story. The CASE
// expressions are NULL for the other part, so each part is ordered by its
// own columns only.
func pageFeaturedFirst(q *gorm.DB, cursor string, limit int, rows *[]storyRow) (string, error) {
	var after struct {
		Featured *bool      `json:"f"`
		P        *int       `json:"p,omitempty"`
		T        *time.Time `json:"t,omitempty"`
		ID       string     `json:"id"`
	}
	if err := decodeCursor(cursor, &after, "f", "id"); err != nil {
		return "", err
	}
	if after.ID != "" {
		switch {
		case after.Featured != nil && *after.Featured && after.P != nil:
			q = q.Where("(featured = ? OR position > ? OR (position = ? AND id > ?))", false, *after.P, *after.P, after.ID)
		case after.Featured != nil && !*after.Featured && after.T != nil:
			t := after.T.UTC()
			q = q.Where("featured = ? AND (updated_at < ? OR (updated_at = ? AND id < ?))", false, t, t, after.ID)
		default:
			return "", errNotCursor()
		}
	}
	err := q.Order("featured DESC").
		Order("CASE WHEN featured THEN position END").Order("CASE WHEN featured THEN id END").
		Order("updated_at DESC").Order("id DESC").Limit(limit + 1).Find(rows).Error
	if err != nil {
		return "", translate(err)
	}
	if len(*rows) <= limit {
		return "", nil
	}
	*rows = (*rows)[:limit]
	last := (*rows)[limit-1]
	after.Featured, after.ID = &last.Featured, last.ID
	if last.Featured {
		after.P, after.T = &last.Position, nil
	} else {
		t := last.UpdatedAt.UTC()
		after.P, after.T = nil, &t
	}
	return encodeCursor(after), nil
}

// pageNewest runs a keyset-paginated query ordered by (updated_at DESC, id
// DESC) into rows and returns the next cursor.
func pageNewest[R any](q *gorm.DB, cursor string, limit int, rows *[]R, key func(R) (time.Time, string)) (string, error) {
	var after struct {
		T  *time.Time `json:"t"`
		ID string     `json:"id"`
	}
	if err := decodeCursor(cursor, &after, "t", "id"); err != nil {
		return "", err
	}
	if after.ID != "" {
		q = q.Where("(updated_at < ? OR (updated_at = ? AND id < ?))", after.T.UTC(), after.T.UTC(), after.ID)
	}
	if err := q.Order("updated_at DESC").Order("id DESC").Limit(limit + 1).Find(rows).Error; err != nil {
		return "", translate(err)
	}
	if len(*rows) <= limit {
		return "", nil
	}
	*rows = (*rows)[:limit]
	t, id := key((*rows)[limit-1])
	t = t.UTC()
	after.T, after.ID = &t, id
	return encodeCursor(after), nil
}

// StoryChange holds the fields UpdateStory sets; nil leaves a field as it
// is. WhatWeKnowUpdatedAt is set by the caller when the summary changes.
type StoryChange struct {
	Title, Slug, Description, WhatWeKnow *string
	Status                               *cms.StoryStatus
	WhatWeKnowUpdatedAt                  *time.Time
	CoverMediaID                         **string
	Featured, ManualOrder                *bool
	Position                             *int
}

// UpdateStory applies the change when the story's version is version.
// Returns ENotFound, EPreconditionFail or EConflict naming "slug".
func (tx *Tx) UpdateStory(id string, version int64, c StoryChange) (*cms.Story, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	setIf(set, "title", c.Title)
	setIf(set, "slug", c.Slug)
	setIf(set, "description", c.Description)
	setIf(set, "what_we_know", c.WhatWeKnow)
	setIf(set, "what_we_know_updated_at", c.WhatWeKnowUpdatedAt)
	setIf(set, "featured", c.Featured)
	setIf(set, "manual_order", c.ManualOrder)
	setIf(set, "position", c.Position)
	if c.Status != nil {
		set["status"] = string(*c.Status)
	}
	if c.CoverMediaID != nil {
		set["cover_media_id"] = *c.CoverMediaID
	}
	if err := tx.updateVersioned(&storyRow{}, "story", id, version, set, "slug", slugTaken); err != nil {
		return nil, refErr(err, "cover_media_id", "no such media asset")
	}
	return tx.Story(id)
}

// StoryMembers returns how many articles name the story: in their working
// copy, or in their live version only (an edit that took the story away
// and was not republished yet).
func (tx *Tx) StoryMembers(id string) (int64, error) {
	var n int64
	err := tx.g.Raw("SELECT COUNT(*) FROM (SELECT article_id FROM article_stories WHERE story_id = ? "+
		"UNION SELECT article_id FROM publication_stories WHERE story_id = ?) AS members", id, id).Scan(&n).Error
	return n, translate(err)
}

// DeleteStory removes the story. Returns ENotFound, or EConflict when
// articles still name it (the caller checks StoryMembers first to say how
// many).
func (tx *Tx) DeleteStory(id string) error {
	return tx.deleteRow(&storyRow{}, "story", id, "articles are still in this story; take them out of it first")
}

// StoryArticleIDs returns the ids of the articles whose working copy is in
// the story, in the story's manual order.
func (tx *Tx) StoryArticleIDs(storyID string) ([]string, error) {
	var ids []string
	err := tx.g.Table("article_stories").Where("story_id = ?", storyID).Order("position").Order("article_id").
		Pluck("article_id", &ids).Error
	return ids, translate(err)
}

// MissingArticles returns the ids of the list that name no article, in
// list order.
func (tx *Tx) MissingArticles(ids []string) ([]string, error) {
	found := map[string]bool{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		var have []string
		if err := tx.g.Model(&articleRow{}).Where("id IN ?", chunk).Pluck("id", &have).Error; err != nil {
			return nil, translate(err)
		}
		for _, id := range have {
			found[id] = true
		}
	}
	var missing []string
	for _, id := range ids {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

// SetStoryArticles makes ids, in this order, the story's articles: the
// working copies' membership (article_stories, positions 0, 1, 2...) and,
// for the articles that are live, what readers see (publication_stories,
// same positions, published_at copied from the live version). Articles
// that are not in ids leave both. The ids must exist (see MissingArticles).
//
// Readers' timeline changes at once, without a republish of the articles:
// which articles belong to a story, and in what order, is an editorial
// decision about the story, not an edit of the articles' content, so it
// does not wait for each article's next publication.
func (tx *Tx) SetStoryArticles(storyID string, ids []string) error {
	for _, table := range []string{"publication_stories", "article_stories"} {
		if err := tx.g.Exec("DELETE FROM "+table+" WHERE story_id = ?", storyID).Error; err != nil {
			return translate(err)
		}
	}
	// Rows are written in batches so that 500 ids take a few statements,
	// not 500, and stay below SQLite's limit of bound parameters.
	const batch = 200
	for start := 0; start < len(ids); start += batch {
		end := min(start+batch, len(ids))
		var sb strings.Builder
		args := make([]any, 0, 3*(end-start))
		sb.WriteString("INSERT INTO article_stories (article_id, story_id, position) VALUES ")
		for i := start; i < end; i++ {
			if i > start {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?)")
			args = append(args, ids[i], storyID, i)
		}
		if err := tx.g.Exec(sb.String(), args...).Error; err != nil {
			return refErr(err, "article_ids", "has an id that names no article")
		}
	}
	err := tx.g.Exec("INSERT INTO publication_stories (article_id, story_id, position, published_at) "+
		"SELECT s.article_id, s.story_id, s.position, p.published_at FROM article_stories s "+
		"JOIN article_publications p ON p.article_id = s.article_id WHERE s.story_id = ?", storyID).Error
	return translate(err)
}

// TimelineFilter pages a story's timeline.
type TimelineFilter struct {
	// Manual lists by the story's manual order instead of newest first.
	Manual bool
	// VisibleTo, when set, keeps only the articles this user created or
	// that are live (a writer's view).
	VisibleTo string
	Cursor    string
	Limit     int
}

type timelineRow struct {
	ID               string
	Headline         string
	Slug             string
	Language         string
	Kind             string
	Status           string
	Live             bool
	PublishedAt      *time.Time
	FirstPublishedAt *time.Time
	CreatedAt        time.Time
	Position         int
}

// StoryTimeline returns the working copies in the story: newest first (by
// first publication, or creation for articles never published), or in the
// story's manual order when f.Manual.
func (tx *Tx) StoryTimeline(storyID string, f TimelineFilter) (cms.Page[*cms.StoryArticle], error) {
	q := tx.g.Table("article_stories AS s").Joins("JOIN articles AS a ON a.id = s.article_id").
		Select("a.id, a.headline, a.slug, a.language, a.kind, a.status, a.live, a.published_at, a.first_published_at, a.created_at, s.position").
		Where("s.story_id = ?", storyID)
	if f.VisibleTo != "" {
		q = q.Where("(a.created_by = ? OR a.live = ?)", f.VisibleTo, true)
	}
	const when = "COALESCE(a.first_published_at, a.created_at)"
	var after struct {
		T  *time.Time `json:"t,omitempty"`
		P  *int64     `json:"p,omitempty"`
		ID string     `json:"id"`
	}
	if err := decodeCursor(f.Cursor, &after, "id"); err != nil {
		return cms.Page[*cms.StoryArticle]{}, err
	}
	if after.ID != "" {
		switch {
		case f.Manual && after.P != nil:
			q = q.Where("(s.position > ? OR (s.position = ? AND a.id > ?))", *after.P, *after.P, after.ID)
		case !f.Manual && after.T != nil:
			t := after.T.UTC()
			q = q.Where("("+when+" < ? OR ("+when+" = ? AND a.id < ?))", t, t, after.ID)
		default:
			// A cursor of the other order: the story's order changed
			// between two pages.
			return cms.Page[*cms.StoryArticle]{}, cms.FieldError("cursor", "belongs to another order of this timeline; start again without it")
		}
	}
	if f.Manual {
		q = q.Order("s.position").Order("a.id")
	} else {
		q = q.Order(when + " DESC").Order("a.id DESC")
	}
	var rows []timelineRow
	if err := q.Limit(f.Limit + 1).Scan(&rows).Error; err != nil {
		return cms.Page[*cms.StoryArticle]{}, translate(err)
	}
	page := cms.Page[*cms.StoryArticle]{}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		after.ID = last.ID
		if f.Manual {
			p := int64(last.Position)
			after.P, after.T = &p, nil
		} else {
			t := last.CreatedAt.UTC()
			if last.FirstPublishedAt != nil {
				t = last.FirstPublishedAt.UTC()
			}
			after.T, after.P = &t, nil
		}
		page.NextCursor = encodeCursor(after)
	}
	page.Data = make([]*cms.StoryArticle, len(rows))
	for i, r := range rows {
		page.Data[i] = &cms.StoryArticle{ID: r.ID, Headline: r.Headline, Slug: r.Slug, Language: cms.Language(r.Language),
			Kind: cms.Kind(r.Kind), Status: cms.Status(r.Status), Live: r.Live, PublishedAt: utc(r.PublishedAt),
			FirstPublishedAt: utc(r.FirstPublishedAt), Position: r.Position}
	}
	return page, nil
}
