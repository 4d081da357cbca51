package editorial

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// StoryInput is the body of creating a story and, with absent fields left
// as they are, of patching one.
type StoryInput struct {
	Title        *string              `json:"title"`
	Slug         *string              `json:"slug"`
	Description  *string              `json:"description"`
	Status       *cms.StoryStatus     `json:"status"`
	WhatWeKnow   *string              `json:"what_we_know"`
	CoverMediaID cms.Optional[string] `json:"cover_media_id"`
	Featured     *bool                `json:"featured"`
	Position     *int                 `json:"position"`
	ManualOrder  *bool                `json:"manual_order"`
}

// StoryArticlesInput is the body of setting a story's articles: every
// article of the story, in the order of its manual timeline.
type StoryArticlesInput struct {
	ArticleIDs *[]string `json:"article_ids"`
}

// MaxStoryArticles is the most articles one PUT of a story's articles sets.
const MaxStoryArticles = 500

// Limits of a story's texts, in characters.
const (
	maxStoryTitle       = 200
	maxStoryDescription = 2000
	maxWhatWeKnow       = 10000
)

func (s *Service) canReadStories(a cms.Actor) error {
	return s.policy.Check(a, authz.Story, "read", authz.Other)
}

func (s *Service) canManageStories(a cms.Actor) error {
	return s.policy.Check(a, authz.Story, "manage", authz.Other)
}

// storyStatus refuses a status that is not one of the spec's.
func storyStatus(f cms.Fields, st *cms.StoryStatus) {
	if st != nil && !slices.Contains(cms.StoryStatuses, *st) {
		f.Add("status", "must be developing or concluded")
	}
}

// coverExists refuses a cover image that is not in the media library.
func coverExists(tx *store.Tx, id *string) error {
	if id == nil {
		return nil
	}
	if _, err := tx.Media(*id); err != nil {
		if cms.ErrorCode(err) == cms.ENotFound {
			return cms.FieldError("cover_media_id", "no such media asset")
		}
		return err
	}
	return nil
}

// CreateStory adds a story. Editors only. The slug is made from the title
// when absent (Arabic letters kept). Returns EForbidden, EInvalid (a cover
// image that does not exist names cover_media_id) or EConflict naming slug
// when it is taken.
func (s *Service) CreateStory(ctx context.Context, a cms.Actor, in StoryInput) (*cms.Story, error) {
	if err := s.canManageStories(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	st := &cms.Story{
		Title:        text(f, "title", in.Title, 1, maxStoryTitle),
		Description:  optionalText(f, "description", in.Description, maxStoryDescription),
		WhatWeKnow:   optionalText(f, "what_we_know", in.WhatWeKnow, maxWhatWeKnow),
		Status:       cms.StoryDeveloping,
		CoverMediaID: in.CoverMediaID.Ptr(),
	}
	st.Slug = slugFor(f, in.Slug, st.Title)
	storyStatus(f, in.Status)
	if in.Status != nil {
		st.Status = *in.Status
	}
	if in.Position != nil {
		st.Position = position(f, *in.Position)
	}
	if in.Featured != nil {
		st.Featured = *in.Featured
	}
	if in.ManualOrder != nil {
		st.ManualOrder = *in.ManualOrder
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := coverExists(tx, st.CoverMediaID); err != nil {
			return err
		}
		if st.WhatWeKnow != "" {
			now := tx.Now
			st.WhatWeKnowUpdatedAt = &now
		}
		if err := tx.CreateStory(st); err != nil {
			return err
		}
		tx.Changed("stories")
		return tx.Audit(a, "story.create", "story", st.ID, map[string]any{"slug": st.Slug})
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// Story returns a story with its counts. Writers, editors and moderators.
// Returns EForbidden or ENotFound.
func (s *Service) Story(ctx context.Context, a cms.Actor, id string) (*cms.Story, error) {
	if err := s.canReadStories(a); err != nil {
		return nil, err
	}
	return s.db.View(ctx).Story(id)
}

// ListStories lists stories with their counts: most recently updated
// first, or, with f.Featured true, the home page's strip by position.
// Writers, editors and moderators.
func (s *Service) ListStories(ctx context.Context, a cms.Actor, f store.StoryFilter) (cms.Page[*cms.Story], error) {
	if err := s.canReadStories(a); err != nil {
		return cms.Page[*cms.Story]{}, err
	}
	return s.db.View(ctx).ListStories(f)
}

// UpdateStory patches a story at version. Editors only. A change of
// what_we_know records what_we_know_updated_at. Returns EForbidden,
// ENotFound, EPreconditionFail, EInvalid or EConflict naming slug.
func (s *Service) UpdateStory(ctx context.Context, a cms.Actor, id string, version int64, in StoryInput) (*cms.Story, error) {
	if err := s.canManageStories(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	var c store.StoryChange
	if in.Title != nil {
		t := text(f, "title", in.Title, 1, maxStoryTitle)
		c.Title = &t
	}
	if in.Slug != nil {
		sl := slugFor(f, in.Slug, "")
		c.Slug = &sl
	}
	if in.Description != nil {
		d := optionalText(f, "description", in.Description, maxStoryDescription)
		c.Description = &d
	}
	if in.WhatWeKnow != nil {
		w := optionalText(f, "what_we_know", in.WhatWeKnow, maxWhatWeKnow)
		c.WhatWeKnow = &w
	}
	storyStatus(f, in.Status)
	c.Status = in.Status
	if in.Position != nil {
		p := position(f, *in.Position)
		c.Position = &p
	}
	c.Featured, c.ManualOrder = in.Featured, in.ManualOrder
	if in.CoverMediaID.Set {
		p := in.CoverMediaID.Ptr()
		c.CoverMediaID = &p
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var st *cms.Story
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		cur, err := tx.Story(id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return storyStale(cur.Version)
		}
		if c.CoverMediaID != nil {
			if err := coverExists(tx, *c.CoverMediaID); err != nil {
				return err
			}
		}
		if c.WhatWeKnow != nil && *c.WhatWeKnow != cur.WhatWeKnow {
			now := tx.Now
			c.WhatWeKnowUpdatedAt = &now
		}
		if st, err = tx.UpdateStory(id, version, c); err != nil {
			return err
		}
		details := map[string]any{"version": st.Version}
		if c.WhatWeKnowUpdatedAt != nil {
			details["what_we_know"] = "updated"
		}
		tx.Changed("story:"+id, "stories")
		if err := tx.Emit(store.EventStoryUpdated, map[string]any{"id": id, "slug": st.Slug, "title": st.Title, "version": st.Version}); err != nil {
			return err
		}
		return tx.Audit(a, "story.update", "story", id, details)
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

func storyStale(current int64) error {
	return &cms.Error{Code: cms.EPreconditionFail,
		Message: "the story was changed by someone else since you loaded it; reload it and apply your change again",
		Details: map[string]any{"current_version": current}}
}

// DeleteStory removes a story that no article is in any more. Editors
// only. version, when given (checkVersion), must be the current one.
// Returns EForbidden, ENotFound, EPreconditionFail, or EConflict saying how
// many articles are still in the story (Details["article_count"]).
func (s *Service) DeleteStory(ctx context.Context, a cms.Actor, id string, version int64, checkVersion bool) error {
	if err := s.canManageStories(a); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		st, err := tx.Story(id)
		if err != nil {
			return err
		}
		if checkVersion && st.Version != version {
			return storyStale(st.Version)
		}
		n, err := tx.StoryMembers(id)
		if err != nil {
			return err
		}
		if n > 0 {
			noun := "articles are"
			if n == 1 {
				noun = "article is"
			}
			return &cms.Error{Code: cms.EConflict,
				Message: fmt.Sprintf("%d %s still in this story; take them out of it first (PUT /stories/{id}/articles with the ones to keep, or [])", n, noun),
				Details: map[string]any{"article_count": n}}
		}
		if err := tx.DeleteStory(id); err != nil {
			return err
		}
		tx.Changed("story:"+id, "stories")
		return tx.Audit(a, "story.delete", "story", id, map[string]any{"slug": st.Slug, "title": st.Title})
	})
}

// SetStoryArticles makes the listed articles, in this order, the story's
// articles and turns on its manual order. Editors only. version, when
// given (checkVersion), must be the story's current one; the story gets a
// new version. Live articles join or leave the timeline readers see at
// once (see store.Tx.SetStoryArticles for why). Returns EForbidden,
// ENotFound, EPreconditionFail, or EInvalid naming article_ids (too many,
// duplicates, or ids of no article, listed in Details["missing_ids"]).
func (s *Service) SetStoryArticles(ctx context.Context, a cms.Actor, id string, version int64, checkVersion bool, in StoryArticlesInput) (*cms.Story, error) {
	if err := s.canManageStories(a); err != nil {
		return nil, err
	}
	var st *cms.Story
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		// The story first: an unknown story is 404 whatever the body says.
		cur, err := tx.Story(id)
		if err != nil {
			return err
		}
		if checkVersion && cur.Version != version {
			return storyStale(cur.Version)
		}
		if in.ArticleIDs == nil {
			return cms.FieldError("article_ids", "is required: the ids of the story's articles in timeline order ([] to empty it)")
		}
		ids, msg := idList(*in.ArticleIDs, MaxStoryArticles)
		if msg != "" {
			return cms.FieldError("article_ids", msg)
		}
		missing, err := tx.MissingArticles(ids)
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			named := strings.Join(missing[:min(len(missing), 20)], ", ")
			if len(missing) > 20 {
				named += fmt.Sprintf(" and %d more", len(missing)-20)
			}
			return &cms.Error{Code: cms.EInvalid, Message: "the request has invalid fields",
				Fields:  map[string]string{"article_ids": "has ids of no article: " + named},
				Details: map[string]any{"missing_ids": missing}}
		}
		// The new version is written before the membership is read: the
		// update locks the story's row, so two editors reordering at once
		// take turns.
		manual := true
		if _, err := tx.UpdateStory(id, cur.Version, store.StoryChange{ManualOrder: &manual}); err != nil {
			return err
		}
		before, err := tx.StoryArticleIDs(id)
		if err != nil {
			return err
		}
		if err := tx.SetStoryArticles(id, ids); err != nil {
			return err
		}
		if st, err = tx.Story(id); err != nil {
			return err
		}
		added, removed := diffIDs(before, ids)
		// Readers see the story's timeline and, on the pages of the articles
		// that joined or left, the story.
		keys := []string{"story:" + id, "stories", "articles"}
		for _, aid := range append(append([]string{}, added...), removed...) {
			keys = append(keys, "article:"+aid)
		}
		tx.Changed(keys...)
		if err := tx.Emit(store.EventStoryUpdated, map[string]any{"id": id, "slug": st.Slug, "title": st.Title, "version": st.Version}); err != nil {
			return err
		}
		return tx.Audit(a, "story.articles", "story", id, map[string]any{
			"version": st.Version, "count": len(ids), "added": added, "removed": removed})
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// diffIDs returns the ids of after that are not in before, and those of
// before that are not in after.
func diffIDs(before, after []string) (added, removed []string) {
	added, removed = []string{}, []string{}
	for _, id := range after {
		if !slices.Contains(before, id) {
			added = append(added, id)
		}
	}
	for _, id := range before {
		if !slices.Contains(after, id) {
			removed = append(removed, id)
		}
	}
	return added, removed
}

// StoryTimeline lists the story's articles: newest first, or in the
// editors' order when the story has manual_order. Writers see only their
// own articles and the live ones, as everywhere. Returns EForbidden or
// ENotFound.
func (s *Service) StoryTimeline(ctx context.Context, a cms.Actor, id, cursor string, limit int) (cms.Page[*cms.StoryArticle], error) {
	if err := s.canReadStories(a); err != nil {
		return cms.Page[*cms.StoryArticle]{}, err
	}
	view := s.db.View(ctx)
	st, err := view.Story(id)
	if err != nil {
		return cms.Page[*cms.StoryArticle]{}, err
	}
	f := store.TimelineFilter{Manual: st.ManualOrder, Cursor: cursor, Limit: limit}
	if !s.policy.Allowed(a, authz.Article, "read", authz.Other) {
		f.VisibleTo = a.UserID
	}
	return view.StoryTimeline(id, f)
}
