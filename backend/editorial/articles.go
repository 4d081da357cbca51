package editorial

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom/arabic"
	"newsroom/authz"
	"newsroom/cms"
	"newsroom/slug"
	"newsroom/store"
)

// ArticleInput is the body of creating an article and, with absent fields
// left as they are, of patching one.
type ArticleInput struct {
	Kind          *cms.Kind            `json:"kind"`
	Language      *cms.Language        `json:"language"`
	Headline      *string              `json:"headline"`
	Subheadline   *string              `json:"subheadline"`
	Summary       *string              `json:"summary"`
	Slug          *string              `json:"slug"`
	Body          *[]cms.Block         `json:"body"`
	SectionID     cms.Optional[string] `json:"section_id"`
	TagIDs        *[]string            `json:"tag_ids"`
	StoryIDs      *[]string            `json:"story_ids"`
	AuthorIDs     *[]string            `json:"author_ids"`
	HeroMediaID   cms.Optional[string] `json:"hero_media_id"`
	RelatedIDs    *[]string            `json:"related_ids"`
	LiveWriterIDs *[]string            `json:"live_writer_ids"`
	Source        *string              `json:"source"`
	CommentsOpen  *bool                `json:"comments_open"`
}

// relation returns how the actor stands to the article.
func relation(a cms.Actor, art *cms.Article) authz.Relation {
	if a.UserID != "" && art.CreatedBy == a.UserID {
		return authz.Own
	}
	if art.Kind == cms.KindLive && a.UserID != "" && slices.Contains(art.LiveWriterIDs, a.UserID) {
		return authz.Assigned
	}
	return authz.Other
}

// visible reports whether the actor may see the article at all: their own
// (or a live article they are assigned to), any with the right to read all,
// or a live one with the right to read published articles.
func (s *Service) visible(a cms.Actor, art *cms.Article) bool {
	return s.policy.Allowed(a, authz.Article, "read", relation(a, art)) ||
		(art.Live && s.policy.Allowed(a, authz.Article, "read_published", authz.Other))
}

// notFound is what a caller who may not see an article gets.
func articleNotFound() error { return cms.Errorf(cms.ENotFound, "article not found") }

// load reads an article and checks the actor may see it.
func (s *Service) load(tx *store.Tx, a cms.Actor, id string) (*cms.Article, error) {
	art, err := tx.Article(id)
	if err != nil {
		return nil, err
	}
	if !s.visible(a, art) {
		return nil, articleNotFound()
	}
	return art, nil
}

// decorate fills the actions the actor may take on the article now.
func (s *Service) decorate(a cms.Actor, art *cms.Article) *cms.Article {
	art.AllowedActions = []cms.Action{}
	for _, act := range cms.AllowedActions(art.Status, art.Live) {
		if act == cms.ActionPublishDue {
			continue
		}
		if s.mayAct(a, art, act) == nil {
			art.AllowedActions = append(art.AllowedActions, act)
		}
	}
	if s.mayDelete(a, art) == nil {
		art.AllowedActions = append(art.AllowedActions, cms.ActionDelete)
	}
	return art
}

// mayDelete checks the policy and the rule that only drafts that are not
// live can be deleted (EForbidden, EConflict).
func (s *Service) mayDelete(a cms.Actor, art *cms.Article) error {
	if err := s.policy.Check(a, authz.Article, "delete", relation(a, art)); err != nil {
		return err
	}
	if art.Status != cms.StatusDraft || art.Live {
		return &cms.Error{Code: cms.EConflict, Message: "only drafts that are not live can be deleted; unpublish or archive instead",
			Details: map[string]any{"allowed_actions": s.decorateActions(a, art)}}
	}
	return nil
}

// mayAct checks the policy (and the writer's editing rule) for an action
// on an article, without looking at the workflow table.
func (s *Service) mayAct(a cms.Actor, art *cms.Article, act cms.Action) error {
	rel := relation(a, art)
	if rel == authz.Assigned {
		rel = authz.Other
	}
	name := string(act)
	if act == cms.ActionPublishDue {
		name = "publish"
	}
	if err := s.policy.Check(a, authz.Article, name, rel); err != nil {
		return err
	}
	if act == cms.ActionEdit && (art.Status == cms.StatusInReview || art.Status == cms.StatusScheduled) &&
		!s.policy.Allowed(a, authz.Article, "edit", authz.Other) {
		return &cms.Error{Code: cms.EConflict, Message: "the article is " + strings.ReplaceAll(string(art.Status), "_", " ") +
			"; an editor must request changes before you can edit it again",
			Details: map[string]any{"allowed_actions": s.decorateActions(a, art)}}
	}
	return nil
}

func (s *Service) decorateActions(a cms.Actor, art *cms.Article) []cms.Action {
	var out []cms.Action
	for _, act := range cms.AllowedActions(art.Status, art.Live) {
		if act != cms.ActionPublishDue && act != cms.ActionEdit && s.policy.Allowed(a, authz.Article, string(act), relation(a, art)) {
			out = append(out, act)
		}
	}
	return out
}

func (s *Service) search(art *cms.Article) store.SearchText {
	return store.TextsOf(art, s.rich.Text(art.Body))
}

// CreateArticle adds a draft owned by the actor, with its first revision.
// Writers and editors. Returns EInvalid with field messages (a broken body
// block names its index), EConflict when the slug is taken.
func (s *Service) CreateArticle(ctx context.Context, a cms.Actor, in ArticleInput) (*cms.Article, error) {
	if err := s.policy.Check(a, authz.Article, "create", authz.Other); err != nil {
		return nil, err
	}
	if in.CommentsOpen != nil && !s.policy.Allowed(a, authz.Article, "publish", authz.Other) {
		return nil, cms.Errorf(cms.EForbidden, "only editors open or close comments")
	}
	if in.LiveWriterIDs != nil && len(*in.LiveWriterIDs) > 0 && !s.policy.Allowed(a, authz.Article, "publish", authz.Other) {
		return nil, cms.Errorf(cms.EForbidden, "only editors assign writers to a live article")
	}
	now := s.db.Now().UTC().Truncate(time.Microsecond)
	art := &cms.Article{
		ID: cms.NewID(now), Kind: cms.KindStandard, Language: cms.Arabic, Status: cms.StatusDraft, CommentsOpen: true,
		Version: 1, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now, Body: []cms.Block{},
		TagIDs: []string{}, StoryIDs: []string{}, AuthorIDs: []string{}, RelatedIDs: []string{}, LiveWriterIDs: []string{},
	}
	if a.UserID == "" {
		return nil, cms.Errorf(cms.EForbidden, "articles are created by signed-in users")
	}
	if err := s.apply(art, in, true); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkLiveWriters(tx, in.LiveWriterIDs, nil); err != nil {
			return err
		}
		if err := s.uniqueSlug(tx, art, in.Slug != nil); err != nil {
			return err
		}
		art.CreatedAt, art.UpdatedAt = tx.Now, tx.Now
		if err := tx.CreateArticle(art, s.search(art)); err != nil {
			return err
		}
		if err := tx.SetArticleMedia(art.ID, art.Content().MediaIDs()); err != nil {
			return err
		}
		if _, err := tx.AddRevision(art.ID, art.Version, art.Content(), a, "created", nil); err != nil {
			return err
		}
		if err := tx.AddWorkflowEvent(art.ID, a, "create", "", cms.StatusDraft, "", nil); err != nil {
			return err
		}
		return tx.Audit(a, "article.create", "article", art.ID, map[string]any{"slug": art.Slug, "language": art.Language})
	})
	if err != nil {
		return nil, err
	}
	return s.decorate(a, art), nil
}

// uniqueSlug makes a slug unique when it was generated (adding -2, -3...),
// and refuses a taken one the caller chose. Recurring headlines are common
// in news (a daily "gold prices today"): the free suffix is looked for
// slugSuffixBatch candidates a query, not one, and there is no small limit
// on how many articles may share a headline.
func (s *Service) uniqueSlug(tx *store.Tx, art *cms.Article, chosen bool) error {
	base := art.Slug
	taken, err := tx.SlugsTaken([]string{base}, art.ID)
	if err != nil || !taken[base] {
		return err
	}
	if chosen {
		return &cms.Error{Code: cms.EConflict, Message: "the slug is taken", Fields: map[string]string{"slug": "is or was used by another article; choose another"}}
	}
	for first := 2; first <= maxSlugSuffix; first += slugSuffixBatch {
		candidates := make([]string, 0, slugSuffixBatch)
		for i := first; i < first+slugSuffixBatch; i++ {
			suffix := fmt.Sprintf("-%d", i)
			candidates = append(candidates, truncateRunes(base, slug.MaxLen-len(suffix))+suffix)
		}
		taken, err := tx.SlugsTaken(candidates, art.ID)
		if err != nil {
			return err
		}
		for _, c := range candidates {
			if !taken[c] {
				art.Slug = c
				return nil
			}
		}
	}
	return cms.FieldError("slug", "could not make a free slug from the headline; give one")
}

const (
	slugSuffixBatch = 100
	maxSlugSuffix   = 100_000
)

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return strings.TrimRight(string(r[:n]), "-")
	}
	return s
}

// apply validates the input and writes it into art. creating says absent
// required fields are errors.
func (s *Service) apply(art *cms.Article, in ArticleInput, creating bool) error {
	f := cms.Fields{}
	if in.Kind != nil {
		if !slices.Contains(cms.Kinds, *in.Kind) {
			f.Add("kind", "must be standard, live or video")
		}
		art.Kind = *in.Kind
	}
	if in.Language != nil {
		if !slices.Contains(cms.Languages, *in.Language) {
			f.Add("language", "must be ar or en")
		}
		art.Language = *in.Language
	}
	if in.Headline != nil || creating {
		art.Headline = text(f, "headline", in.Headline, 1, 300)
	}
	if in.Subheadline != nil {
		art.Subheadline = text(f, "subheadline", in.Subheadline, 0, 500)
	}
	if in.Summary != nil {
		art.Summary = optionalText(f, "summary", in.Summary, 2000)
	}
	if in.Source != nil {
		art.Source = text(f, "source", in.Source, 0, 200)
	}
	if in.Slug != nil {
		art.Slug = slugFor(f, in.Slug, "")
	} else if creating {
		art.Slug = slugFor(f, nil, art.Headline)
	}
	if in.Body != nil {
		body, err := s.rich.Body(*in.Body)
		if err != nil {
			ce := err.(*cms.Error)
			for k, v := range ce.Fields {
				f.Add(k, v)
			}
			if f.Err() != nil && len(f) == len(ce.Fields) {
				return ce // keep block_index in the details
			}
		} else {
			art.Body = body
		}
	}
	if in.SectionID.Set {
		art.SectionID = in.SectionID.Ptr()
	}
	if in.HeroMediaID.Set {
		art.HeroMediaID = in.HeroMediaID.Ptr()
	}
	for _, l := range []struct {
		name string
		in   *[]string
		dst  *[]string
		max  int
	}{{"tag_ids", in.TagIDs, &art.TagIDs, 50}, {"story_ids", in.StoryIDs, &art.StoryIDs, 20}, {"author_ids", in.AuthorIDs, &art.AuthorIDs, 20},
		{"related_ids", in.RelatedIDs, &art.RelatedIDs, 20}, {"live_writer_ids", in.LiveWriterIDs, &art.LiveWriterIDs, 50}} {
		if l.in == nil {
			continue
		}
		ids, msg := idList(*l.in, l.max)
		if msg != "" {
			f.Add(l.name, msg)
		}
		*l.dst = ids
	}
	if slices.Contains(art.RelatedIDs, art.ID) {
		f.Add("related_ids", "an article cannot be related to itself")
	}
	if in.CommentsOpen != nil {
		art.CommentsOpen = *in.CommentsOpen
	}
	return f.Err()
}

// idList checks a list of ids: no blanks, no duplicates, at most max.
func idList(ids []string, max int) ([]string, string) {
	if len(ids) > max {
		return nil, fmt.Sprintf("must have at most %d ids", max)
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id == "" || len(id) > 64 || !utf8.ValidString(id) {
			return nil, "has an empty or malformed id"
		}
		if slices.Contains(out, id) {
			return nil, "has the id " + id + " twice"
		}
		out = append(out, id)
	}
	return out, ""
}

// Article returns the working copy. Returns ENotFound also when the actor
// may not see it.
func (s *Service) Article(ctx context.Context, a cms.Actor, id string) (*cms.Article, error) {
	art, err := s.load(s.db.View(ctx), a, id)
	if err != nil {
		return nil, err
	}
	return s.decorate(a, art), nil
}

// ListArticles lists working copies the actor may see, most recently
// updated first: writers their own and the live ones; editors and
// moderators all.
func (s *Service) ListArticles(ctx context.Context, a cms.Actor, f store.ArticleFilter) (cms.Page[*cms.Article], error) {
	switch {
	case s.policy.Allowed(a, authz.Article, "read", authz.Other):
	case s.policy.Allowed(a, authz.Article, "read", authz.Own):
		f.VisibleTo = a.UserID
	default:
		return cms.Page[*cms.Article]{}, cms.Errorf(cms.EForbidden, "your roles do not allow you to read articles")
	}
	f.Query = arabic.Normalize(f.Query)
	page, err := s.db.View(ctx).ListArticles(f)
	for _, art := range page.Data {
		s.decorate(a, art)
	}
	return page, err
}

// UpdateArticle saves a change of the working copy made on version. Saving
// a published article turns it back into a draft while readers keep the
// live version. Each save is a new revision. Returns ENotFound, EForbidden,
// EConflict (state or slug), EPreconditionFail or EInvalid.
func (s *Service) UpdateArticle(ctx context.Context, a cms.Actor, id string, version int64, in ArticleInput) (*cms.Article, error) {
	var art *cms.Article
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if art, err = s.load(tx, a, id); err != nil {
			return err
		}
		if err := s.mayAct(a, art, cms.ActionEdit); err != nil {
			return err
		}
		if art.Version != version {
			return stale(art.Version)
		}
		if in.CommentsOpen != nil && *in.CommentsOpen != art.CommentsOpen && !s.policy.Allowed(a, authz.Article, "publish", authz.Other) {
			return cms.Errorf(cms.EForbidden, "only editors open or close comments")
		}
		if in.LiveWriterIDs != nil && !slices.Equal(*in.LiveWriterIDs, art.LiveWriterIDs) && !s.policy.Allowed(a, authz.Article, "publish", authz.Other) {
			return cms.Errorf(cms.EForbidden, "only editors assign writers to a live article")
		}
		if err := s.checkLiveWriters(tx, in.LiveWriterIDs, art.LiveWriterIDs); err != nil {
			return err
		}
		return s.save(tx, a, art, in, "", nil)
	})
	if err != nil {
		return nil, err
	}
	return s.decorate(a, art), nil
}

// save applies in to art as an edit and writes it with a new revision.
func (s *Service) save(tx *store.Tx, a cms.Actor, art *cms.Article, in ArticleInput, note string, restoredFrom *int64) error {
	to, err := cms.Next(art.Status, art.Live, cms.ActionEdit)
	if err != nil {
		return err
	}
	from, prev, oldSlug := art.Status, art.Version, art.Slug
	// apply replaces the lists it changes rather than editing them, so this
	// copy keeps the links and media as stored, to write only what changed.
	before := *art
	if err := s.apply(art, in, false); err != nil {
		return err
	}
	if art.Slug != oldSlug {
		if err := s.uniqueSlug(tx, art, true); err != nil {
			return err
		}
		if err := tx.AddSlug(art.Language, art.Slug, art.ID); err != nil {
			return err
		}
	}
	// A live article whose working copy was the live version stays
	// published, without unpublished changes, when a save changes only its
	// settings (comments open, live writers): those are not the article's
	// content, and an editor closing comments or assigning a writer has
	// nothing to republish.
	settingsOnly := art.Live && !before.HasUnpublishedChanges && before.Content().SameExceptSettings(art.Content())
	if settingsOnly {
		to = from
	}
	art.Status = to
	if art.Live && !settingsOnly {
		art.HasUnpublishedChanges = true
	}
	art.Version++
	art.UpdatedAt = tx.Now
	if err := tx.UpdateArticle(art, prev, s.search(art)); err != nil {
		return err
	}
	// Opening or closing comments reaches readers at once, also with other
	// changes still unpublished: a newsroom closes comments on a live story
	// when the thread turns, not at its next republish.
	if art.Live && art.CommentsOpen != before.CommentsOpen {
		if err := tx.SetLiveCommentsOpen(art.ID, art.CommentsOpen); err != nil {
			return err
		}
		// Only the article's page and its comment thread show it, both
		// under the article's key; its listings stay cached.
		tx.Changed("article:" + art.ID)
	}
	// Only what changed is written: most saves change the text alone, and
	// every statement is a round trip while the article's row is locked.
	if err := tx.UpdateArticleLinks(art, &before); err != nil {
		return err
	}
	// article_media holds the working copy's media and the live version's;
	// a save leaves the live version alone, so the same working-copy media
	// leave the set as it is.
	if !slices.Equal(art.Content().MediaIDs(), before.Content().MediaIDs()) {
		if err := s.recordMedia(tx, art); err != nil {
			return err
		}
	}
	if _, err := tx.AddRevision(art.ID, art.Version, art.Content(), a, note, restoredFrom); err != nil {
		return err
	}
	if from != to {
		if err := tx.AddWorkflowEvent(art.ID, a, cms.ActionEdit, from, to, "", nil); err != nil {
			return err
		}
	}
	return tx.Audit(a, "article.update", "article", art.ID, map[string]any{"version": art.Version})
}

// recordMedia keeps article_media in step: the working copy's media and the
// live version's.
func (s *Service) recordMedia(tx *store.Tx, art *cms.Article) error {
	ids := art.Content().MediaIDs()
	if art.Live {
		live, err := tx.LiveMediaIDs(art.ID)
		if err != nil {
			return err
		}
		for _, id := range live {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return tx.SetArticleMedia(art.ID, ids)
}

func stale(current int64) error {
	return &cms.Error{Code: cms.EPreconditionFail,
		Message: "the article was changed by someone else since you loaded it; reload it and apply your change again",
		Details: map[string]any{"current_version": current}}
}

// DeleteArticle removes a draft that readers have never been shown live
// now. Owner writers and editors. Returns EConflict for any other status.
func (s *Service) DeleteArticle(ctx context.Context, a cms.Actor, id string, version int64, checkVersion bool) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		art, err := s.load(tx, a, id)
		if err != nil {
			return err
		}
		if err := s.policy.Check(a, authz.Article, "delete", relation(a, art)); err != nil {
			return err
		}
		if checkVersion && art.Version != version {
			return stale(art.Version)
		}
		if err := s.mayDelete(a, art); err != nil {
			return err
		}
		if err := tx.DeleteArticle(id); err != nil {
			return err
		}
		return tx.Audit(a, "article.delete", "article", id, map[string]any{"slug": art.Slug})
	})
}
