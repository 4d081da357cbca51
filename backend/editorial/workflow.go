package editorial

import (
	"context"
	"slices"
	"strings"
	"time"

	"newsroom/cms"
	"newsroom/store"
)

// TransitionInput is the optional body of a workflow action: the note of
// request_changes (required there), the publish_at of schedule, the reason
// of unpublish, the public correction of a republish.
type TransitionInput struct {
	// Note and Reason are optional in the body (omitempty: not required in
	// the OpenAPI document): request-changes requires a note, and reason is
	// only for unpublish; Transition says so per action.
	Note       string          `json:"note,omitempty"`
	Reason     string          `json:"reason,omitempty"`
	PublishAt  *time.Time      `json:"publish_at"`
	Correction *CorrectionNote `json:"correction"`
}

// CorrectionNote is a public correction carried by a republish.
type CorrectionNote struct {
	Type string `json:"type"`
	Note string `json:"note"`
}

// Transition performs a workflow action on the article. version, when
// given (checkVersion), must be the current one (EPreconditionFail). An
// action the workflow does not allow from the current status is EConflict
// listing the allowed actions; one the actor's roles do not allow is
// EForbidden. Publishing refuses articles without a headline or body and
// articles whose images' rights have expired (EInvalid naming them).
func (s *Service) Transition(ctx context.Context, a cms.Actor, id string, action cms.Action, version int64, checkVersion bool, in TransitionInput) (*cms.Article, error) {
	var art *cms.Article
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if art, err = s.load(tx, a, id); err != nil {
			return err
		}
		if err := s.mayAct(a, art, action); err != nil {
			return err
		}
		if checkVersion && art.Version != version {
			return stale(art.Version)
		}
		return s.transition(tx, a, art, action, in)
	})
	if err != nil {
		return nil, err
	}
	return s.decorate(a, art), nil
}

// transition applies an allowed action to a loaded article.
func (s *Service) transition(tx *store.Tx, a cms.Actor, art *cms.Article, action cms.Action, in TransitionInput) error {
	from, wasLive, hadChanges := art.Status, art.Live, art.HasUnpublishedChanges
	to, err := cms.Next(from, art.Live, action)
	if err != nil {
		ce := err.(*cms.Error)
		ce.Details["allowed_actions"] = s.decorateActions(a, art)
		return ce
	}
	f := cms.Fields{}
	note := strings.TrimSpace(in.Note)
	if action == cms.ActionUnpublish && note == "" {
		note = strings.TrimSpace(in.Reason)
	}
	if len([]rune(note)) > 2000 {
		f.Add("note", "must be at most 2000 characters")
	}
	// Notes are stored and shown as text; PostgreSQL cannot even store NUL.
	control := func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f }
	for field, text := range map[string]string{"note": in.Note, "reason": in.Reason} {
		if strings.ContainsFunc(text, control) {
			f.Add(field, "must not contain control characters")
		}
	}
	if in.Correction != nil && strings.ContainsFunc(in.Correction.Note+in.Correction.Type, control) {
		f.Add("correction.note", "must not contain control characters")
	}
	if in.Reason != "" && action != cms.ActionUnpublish {
		f.Add("reason", "is only for unpublish")
	}
	if in.PublishAt != nil && action != cms.ActionSchedule {
		f.Add("publish_at", "is only for schedule")
	}
	if in.Correction != nil && action != cms.ActionPublish {
		f.Add("correction", "is only for publish")
	}
	details := map[string]any{}
	now := tx.Now
	switch action {
	case cms.ActionSubmit:
		art.SubmittedAt = &now
		art.ChangesRequested = false
	case cms.ActionRequestChanges:
		if note == "" {
			f.Add("note", "is required: tell the writer what to change")
		}
		art.ChangesRequested = true
	case cms.ActionSchedule:
		switch {
		case in.PublishAt == nil:
			f.Add("publish_at", "is required")
		case !in.PublishAt.After(now):
			f.Add("publish_at", "must be in the future")
		case in.PublishAt.After(now.AddDate(2, 0, 0)):
			f.Add("publish_at", "must be within two years")
		default:
			t := in.PublishAt.UTC().Truncate(time.Microsecond)
			art.PublishAt = &t
			details["publish_at"] = t
		}
		s.publishable(f, art)
	case cms.ActionCancelSchedule:
		art.PublishAt = nil
	case cms.ActionPublish, cms.ActionPublishDue:
		if in.Correction != nil {
			c := in.Correction
			switch {
			case !slices.Contains(cms.CorrectionTypes, c.Type):
				f.Add("correction.type", "must be correction, clarification or update")
			case art.FirstPublishedAt == nil:
				f.Add("correction", "is for republishing; this article was never published")
			case strings.TrimSpace(c.Note) == "" || len([]rune(c.Note)) > 2000:
				f.Add("correction.note", "is required, at most 2000 characters")
			}
		}
		s.publishable(f, art)
	}
	if err := f.Err(); err != nil {
		return err
	}
	if action == cms.ActionPublish || action == cms.ActionPublishDue {
		if err := s.rightsCleared(tx, art); err != nil {
			return err
		}
	}

	prev := art.Version
	art.Status = to
	art.Version++
	art.UpdatedAt = now
	switch to {
	case cms.StatusPublished:
		if art.FirstPublishedAt == nil {
			art.FirstPublishedAt = &now
		}
		art.PublishedAt = &now
		art.PublishAt = nil
		art.Live = true
		art.HasUnpublishedChanges = false
		art.ChangesRequested = false
	case cms.StatusUnpublished:
		art.UnpublishedAt = &now
		art.Live = false
		art.HasUnpublishedChanges = false
	case cms.StatusArchived:
		art.ArchivedAt = &now
		art.Live = false
		art.HasUnpublishedChanges = false
	}
	// An action changes the article's state, never its content.
	if err := tx.UpdateArticleState(art, prev); err != nil {
		return err
	}
	switch {
	case art.Live && to == cms.StatusPublished:
		rev, err := tx.LatestRevision(art.ID)
		if err != nil {
			return err
		}
		if err := tx.Publish(art, rev, a, *art.FirstPublishedAt, s.search(art), wasLive); err != nil {
			return err
		}
		details["revision"] = rev
		if in.Correction != nil {
			c, err := tx.AddCorrection(art.ID, in.Correction.Type, strings.TrimSpace(in.Correction.Note), a)
			if err != nil {
				return err
			}
			details["correction"] = map[string]any{"type": c.Type, "note": c.Note}
		}
		// The live version is now the working copy, so article_media is the
		// working copy's media: no need to read back the snapshot just
		// written, as recordMedia would (make bench). An article that was
		// not live has just those already (recordMedia keeps them so on
		// every save and unpublish), so only a republish rewrites them.
		if wasLive {
			if err := tx.SetArticleMedia(art.ID, art.Content().MediaIDs()); err != nil {
				return err
			}
		}
	case wasLive && !art.Live:
		if err := tx.Unpublish(art.ID); err != nil {
			return err
		}
		// article_media loses the live version's media; when the working
		// copy had no unpublished changes, they were the same media, and
		// the set stays as it is.
		if hadChanges {
			if err := s.recordMedia(tx, art); err != nil {
				return err
			}
		}
	}
	switch {
	case art.Live && to == cms.StatusPublished:
		event := store.EventArticlePublished
		if art.FirstPublishedAt.Before(now) {
			event = store.EventArticleUpdated // published before: a republish
		}
		tx.Changed(readerKeys(art)...)
		if err := tx.Emit(event, webhookPayload(art)); err != nil {
			return err
		}
	case wasLive && !art.Live:
		tx.Changed(readerKeys(art)...)
		if err := tx.Emit(store.EventArticleUnpublished, webhookPayload(art)); err != nil {
			return err
		}
	}
	if err := tx.AddWorkflowEvent(art.ID, a, action, from, to, note, details); err != nil {
		return err
	}
	return tx.Audit(a, "article."+string(action), "article", art.ID, map[string]any{"from": from, "to": to})
}

// readerKeys names what readers see change when the article goes live or
// leaves: its own page and every listing (which its section, stories, tags
// and authors narrow).
func readerKeys(art *cms.Article) []string {
	return append(art.ReaderKeys(), "articles")
}

// webhookPayload is what receivers get about an article.
func webhookPayload(art *cms.Article) map[string]any {
	return map[string]any{"id": art.ID, "slug": art.Slug, "language": art.Language, "kind": art.Kind,
		"headline": art.Headline, "status": art.Status, "live": art.Live, "version": art.Version,
		"published_at": art.FirstPublishedAt, "updated_at": art.UpdatedAt}
}

// publishable adds the field errors that keep an article from going live.
func (s *Service) publishable(f cms.Fields, art *cms.Article) {
	if strings.TrimSpace(art.Headline) == "" {
		f.Add("headline", "is required to publish")
	}
	if len(art.Body) == 0 {
		f.Add("body", "needs at least one block to publish")
	}
}

// rightsCleared refuses to publish an article using images whose rights
// have expired, naming them.
func (s *Service) rightsCleared(tx *store.Tx, art *cms.Article) error {
	expired, err := tx.ExpiredMedia(art.Content().MediaIDs(), tx.Now)
	if err != nil {
		return err
	}
	return cms.RightsExpiredError(expired)
}

// PublishNextDue publishes the oldest scheduled article whose time has
// come, as the system actor, and returns its id ("" when none is due).
// Replicas may call it at once: on PostgreSQL the row is locked and skipped
// by the others, and the article's version guards the write on both
// engines, so each article is published exactly once. An article that can
// no longer be published (its images' rights expired, say) goes back to
// review with the reason as the note, so it neither blocks the queue nor is
// retried forever.
func (s *Service) PublishNextDue(ctx context.Context) (id string, outcome DueOutcome, err error) {
	sys := cms.SystemActor()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		ids, err := tx.DueArticles(tx.Now, 1)
		if err != nil || len(ids) == 0 {
			return err
		}
		id = ids[0]
		art, err := tx.Article(id)
		if err != nil {
			return err
		}
		if err := s.mayAct(sys, art, cms.ActionPublishDue); err != nil {
			return err
		}
		err = s.transition(tx, sys, art, cms.ActionPublishDue, TransitionInput{})
		if err == nil {
			outcome = DuePublished
			return nil
		}
		switch cms.ErrorCode(err) {
		case cms.EInvalid, cms.EConflict:
			msg := "the scheduled publication failed: " + err.(*cms.Error).Message
			if len([]rune(msg)) > 2000 {
				msg = string([]rune(msg)[:2000])
			}
			if err := s.mayAct(sys, art, cms.ActionCancelSchedule); err != nil {
				return err
			}
			outcome = DueReturned
			return s.transition(tx, sys, art, cms.ActionCancelSchedule, TransitionInput{Note: msg})
		}
		return err
	})
	if cms.ErrorCode(err) == cms.EPreconditionFail {
		return id, DueTaken, nil // another replica published it first
	}
	if err != nil {
		return id, "", err
	}
	return id, outcome, nil
}

// DueOutcome says what happened to a due article.
type DueOutcome string

// The outcomes of PublishNextDue.
const (
	DuePublished DueOutcome = "published"
	DueReturned  DueOutcome = "returned_to_review" // it could not be published any more
	DueTaken     DueOutcome = "taken"              // another replica published it
)
