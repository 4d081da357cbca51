package editorial

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// LiveEntryInput is the body of adding a live entry and, with absent fields
// left as they are, of changing one. Only editors pin and unpin.
type LiveEntryInput struct {
	Title  *string      `json:"title"`
	Body   *[]cms.Block `json:"body"`
	Pinned *bool        `json:"pinned"`
}

// maxEntryTitle is the longest live entry title, in characters.
const maxEntryTitle = 300

// mayWriteEntries checks that the actor may write live entries at all,
// before the article is even looked up: moderators and admins get
// EForbidden whatever the article.
func (s *Service) mayWriteEntries(a cms.Actor) error {
	return s.policy.Check(a, authz.LiveEntry, "write", authz.Own)
}

// liveArticle loads the article for a write of its live entries: ENotFound
// when the actor may not see it, EForbidden when they are not assigned to
// it (writers: its creator or one of its live writers; editors: any),
// EConflict when it is not a live article.
func (s *Service) liveArticle(tx *store.Tx, a cms.Actor, articleID string) (*cms.Article, error) {
	if err := s.mayWriteEntries(a); err != nil {
		return nil, err
	}
	art, err := s.load(tx, a, articleID)
	if err != nil {
		return nil, err
	}
	if err := s.policy.Check(a, authz.LiveEntry, "write", relation(a, art)); err != nil {
		return nil, cms.Errorf(cms.EForbidden, "you are not assigned to this live article; an editor can add you to its live writers")
	}
	return art, nil
}

func notLive(art *cms.Article) error {
	return cms.Errorf(cms.EConflict, "live entries belong to live articles; this article is of kind %s", art.Kind)
}

// entryInput validates the input of an entry; creating says the body is
// required. The body is validated and cleaned like an article's (a broken
// block names body[i]).
func (s *Service) entryInput(in LiveEntryInput, creating bool) (store.LiveEntryChange, error) {
	f := cms.Fields{}
	var c store.LiveEntryChange
	if in.Title != nil {
		t := text(f, "title", in.Title, 0, maxEntryTitle)
		c.Title = &t
	}
	switch {
	case in.Body == nil && creating:
		f.Add("body", "is required: at least one block")
	case in.Body != nil && len(*in.Body) == 0:
		f.Add("body", "needs at least one block")
	case in.Body != nil:
		body, err := s.rich.Body(*in.Body)
		if err != nil {
			ce := err.(*cms.Error)
			if len(f) == 0 {
				return c, ce // keep block_index in the details
			}
			for k, v := range ce.Fields {
				f.Add(k, v)
			}
		}
		c.Body = &body
	}
	c.Pinned = in.Pinned
	return c, f.Err()
}

// entryMedia refuses image and video blocks whose media asset does not
// exist or whose rights have expired: readers see an entry at once.
func entryMedia(tx *store.Tx, body []cms.Block) error {
	var ids []string
	f := cms.Fields{}
	for i, b := range body {
		if b.MediaID == "" {
			continue
		}
		if _, err := tx.Media(b.MediaID); err != nil {
			if cms.ErrorCode(err) != cms.ENotFound {
				return err
			}
			f.Add("body["+strconv.Itoa(i)+"].media_id", "no such media asset")
			continue
		}
		ids = append(ids, b.MediaID)
	}
	if err := f.Err(); err != nil {
		return err
	}
	expired, err := tx.ExpiredMedia(ids, tx.Now)
	if err != nil {
		return err
	}
	return cms.RightsExpiredError(expired)
}

// CreateLiveEntry adds an entry to a live article. Writers assigned to the
// article (its creator and its live writers) and editors; only editors may
// pin it. Returns ENotFound when the actor may not see the article,
// EForbidden, EInvalid (a broken block names body[i]) or EConflict when the
// article is not a live one.
func (s *Service) CreateLiveEntry(ctx context.Context, a cms.Actor, articleID string, in LiveEntryInput) (*cms.LiveEntry, error) {
	var e *cms.LiveEntry
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		art, err := s.liveArticle(tx, a, articleID)
		if err != nil {
			return err
		}
		if in.Pinned != nil && *in.Pinned {
			if err := s.policy.Check(a, authz.LiveEntry, "pin", authz.Other); err != nil {
				return cms.Errorf(cms.EForbidden, "only editors pin live entries")
			}
		}
		c, err := s.entryInput(in, true)
		if err != nil {
			return err
		}
		if art.Kind != cms.KindLive {
			return notLive(art)
		}
		if err := entryMedia(tx, *c.Body); err != nil {
			return err
		}
		e = &cms.LiveEntry{ArticleID: art.ID, Body: *c.Body, AuthorName: a.Name}
		if c.Title != nil {
			e.Title = *c.Title
		}
		if c.Pinned != nil {
			e.Pinned = *c.Pinned
		}
		if a.UserID != "" {
			id := a.UserID
			e.AuthorID = &id
		}
		if err := tx.CreateLiveEntry(e); err != nil {
			return err
		}
		tx.Changed("live:" + art.ID)
		return tx.Audit(a, "live_entry.create", "live_entry", e.ID, map[string]any{"article_id": art.ID, "pinned": e.Pinned})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// mayChangeEntry checks that the actor may change or delete the entry:
// editors any; writers their own entries only.
func (s *Service) mayChangeEntry(a cms.Actor, e *cms.LiveEntry) error {
	if s.policy.Allowed(a, authz.LiveEntry, "write", authz.Other) {
		return nil
	}
	if e.AuthorID != nil && *e.AuthorID == a.UserID && a.UserID != "" {
		return nil
	}
	return cms.Errorf(cms.EForbidden, "writers change and delete only their own live entries; ask an editor")
}

// UpdateLiveEntry changes an entry at version. Writers assigned to the
// article change their own entries; editors any, and only they pin or
// unpin. Returns ENotFound (also for a deleted entry), EForbidden,
// EPreconditionFail, EInvalid or EConflict (not a live article).
func (s *Service) UpdateLiveEntry(ctx context.Context, a cms.Actor, articleID, entryID string, version int64, in LiveEntryInput) (*cms.LiveEntry, error) {
	var e *cms.LiveEntry
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		art, err := s.liveArticle(tx, a, articleID)
		if err != nil {
			return err
		}
		cur, err := tx.LiveEntry(art.ID, entryID)
		if err != nil {
			return err
		}
		if err := s.mayChangeEntry(a, cur); err != nil {
			return err
		}
		if in.Pinned != nil && *in.Pinned != cur.Pinned {
			if err := s.policy.Check(a, authz.LiveEntry, "pin", authz.Other); err != nil {
				return cms.Errorf(cms.EForbidden, "only editors pin and unpin live entries")
			}
		}
		if cur.Version != version {
			return entryStale(cur.Version)
		}
		c, err := s.entryInput(in, false)
		if err != nil {
			return err
		}
		if art.Kind != cms.KindLive {
			return notLive(art)
		}
		if c.Body != nil {
			if err := entryMedia(tx, *c.Body); err != nil {
				return err
			}
		}
		if e, err = tx.UpdateLiveEntry(art.ID, entryID, version, c); err != nil {
			return err
		}
		details := map[string]any{"article_id": art.ID, "version": e.Version}
		if c.Pinned != nil && *c.Pinned != cur.Pinned {
			details["pinned"] = e.Pinned
		}
		tx.Changed("live:" + art.ID)
		return tx.Audit(a, "live_entry.update", "live_entry", e.ID, details)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

func entryStale(current int64) error {
	return &cms.Error{Code: cms.EPreconditionFail,
		Message: "the live entry was changed by someone else since you loaded it; reload it and apply your change again",
		Details: map[string]any{"current_version": current}}
}

// DeleteLiveEntry deletes an entry: it disappears from the admin API (404)
// and from what readers see, and pollers of the delivery API learn of the
// deletion. Same rights as UpdateLiveEntry; version, when given
// (checkVersion), must be the current one. Deleting from an article that is
// no longer of kind live is allowed, to clean up. Returns ENotFound,
// EForbidden or EPreconditionFail.
func (s *Service) DeleteLiveEntry(ctx context.Context, a cms.Actor, articleID, entryID string, version int64, checkVersion bool) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		art, err := s.liveArticle(tx, a, articleID)
		if err != nil {
			return err
		}
		cur, err := tx.LiveEntry(art.ID, entryID)
		if err != nil {
			return err
		}
		if err := s.mayChangeEntry(a, cur); err != nil {
			return err
		}
		if checkVersion && cur.Version != version {
			return entryStale(cur.Version)
		}
		if err := tx.DeleteLiveEntry(art.ID, entryID, cur.Version, true); err != nil {
			return err
		}
		tx.Changed("live:" + art.ID)
		return tx.Audit(a, "live_entry.delete", "live_entry", entryID, map[string]any{"article_id": art.ID})
	})
}

// mayReadEntries checks that the actor may read articles at all: admins
// get EForbidden whatever the article.
func (s *Service) mayReadEntries(a cms.Actor) error {
	if s.policy.Allowed(a, authz.Article, "read", authz.Own) || s.policy.Allowed(a, authz.Article, "read_published", authz.Other) {
		return nil
	}
	return cms.Errorf(cms.EForbidden, "your roles do not allow you to read articles")
}

// LiveEntry returns one entry of an article the actor may see. Returns
// EForbidden, or ENotFound for an unknown or deleted entry and for an
// article the actor may not see.
func (s *Service) LiveEntry(ctx context.Context, a cms.Actor, articleID, entryID string) (*cms.LiveEntry, error) {
	if err := s.mayReadEntries(a); err != nil {
		return nil, err
	}
	view := s.db.View(ctx)
	if _, err := s.load(view, a, articleID); err != nil {
		return nil, err
	}
	return view.LiveEntry(articleID, entryID)
}

// ListLiveEntries lists the entries of an article the actor may see,
// newest first. A standard article simply has none. Only editors may ask
// for the deleted ones too (f.IncludeDeleted). Returns EForbidden or
// ENotFound.
func (s *Service) ListLiveEntries(ctx context.Context, a cms.Actor, articleID string, f store.LiveEntryFilter) (cms.Page[*cms.LiveEntry], error) {
	if err := s.mayReadEntries(a); err != nil {
		return cms.Page[*cms.LiveEntry]{}, err
	}
	if f.IncludeDeleted && !s.policy.Allowed(a, authz.LiveEntry, "write", authz.Other) {
		return cms.Page[*cms.LiveEntry]{}, cms.Errorf(cms.EForbidden, "only editors see deleted live entries")
	}
	view := s.db.View(ctx)
	if _, err := s.load(view, a, articleID); err != nil {
		return cms.Page[*cms.LiveEntry]{}, err
	}
	return view.ListLiveEntries(articleID, f)
}

// checkLiveWriters refuses live writers who may not write live entries:
// each id in ids that is not already in assigned must be an active user
// whose roles allow writing entries (writers and editors). Ids already
// assigned are kept as they are, so that deactivating a writer does not
// block other edits of the article. Returns EInvalid naming
// live_writer_ids and the bad ids.
func (s *Service) checkLiveWriters(tx *store.Tx, ids *[]string, assigned []string) error {
	if ids == nil || len(*ids) > 50 {
		return nil // too many: apply refuses the list without a query each
	}
	var bad []string
	for _, id := range *ids {
		if slices.Contains(assigned, id) || slices.Contains(bad, id) {
			continue
		}
		u, err := tx.User(id)
		if err != nil && cms.ErrorCode(err) != cms.ENotFound {
			return err
		}
		if err != nil || !u.Active || !s.policy.Allowed(u.Actor(""), authz.LiveEntry, "write", authz.Own) {
			bad = append(bad, id)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return &cms.Error{Code: cms.EInvalid, Message: "live writers must be active writers or editors",
		Fields:  map[string]string{"live_writer_ids": "not an active writer or editor: " + strings.Join(bad, ", ")},
		Details: map[string]any{"invalid_ids": bad}}
}
