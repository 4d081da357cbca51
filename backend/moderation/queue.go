package moderation

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// Action is a moderator's decision on a comment.
type Action string

// The moderation actions.
const (
	ActionApprove Action = "approve"
	ActionReject  Action = "reject"
	ActionSpam    Action = "spam"
	ActionDelete  Action = "delete"
)

// Actions lists every action, as the bulk endpoint accepts them.
var Actions = []Action{ActionApprove, ActionReject, ActionSpam, ActionDelete}

// target is the status each action (but delete) moves a comment to.
var target = map[Action]cms.CommentStatus{
	ActionApprove: cms.CommentApproved,
	ActionReject:  cms.CommentRejected,
	ActionSpam:    cms.CommentSpam,
}

// DecisionInput is the optional body of approve, reject and spam: a note
// for the record (readers never see it).
type DecisionInput struct {
	Note string `json:"note"`
}

// QueueFilter narrows the moderation queue.
type QueueFilter struct {
	// Status is pending, approved, rejected, spam, or "all"; "" is pending.
	Status     string
	ArticleID  string
	LikelySpam *bool
	Cursor     string
	Limit      int
}

// Queue lists comments oldest first, pending ones unless f says otherwise,
// each with its article's headline and the commenter's history. Moderators
// and admins. Returns EForbidden or EInvalid (an unknown status, a bad
// cursor).
func (s *Service) Queue(ctx context.Context, a cms.Actor, f QueueFilter) (cms.Page[*cms.Comment], error) {
	if err := s.policy.Check(a, authz.Comment, "read", authz.Other); err != nil {
		return cms.Page[*cms.Comment]{}, err
	}
	sf := store.CommentFilter{ArticleID: f.ArticleID, LikelySpam: f.LikelySpam, Cursor: f.Cursor, Limit: f.Limit}
	switch f.Status {
	case "":
		sf.Status = cms.CommentPending
	case "all":
	default:
		st, ok := cms.ParseCommentStatus(f.Status)
		if !ok {
			return cms.Page[*cms.Comment]{}, cms.FieldError("status", "must be pending, approved, rejected, spam or all")
		}
		sf.Status = st
	}
	tx := s.db.View(ctx)
	page, err := tx.ListComments(sf)
	if err != nil {
		return cms.Page[*cms.Comment]{}, err
	}
	if err := withHistory(tx, page.Data...); err != nil {
		return cms.Page[*cms.Comment]{}, err
	}
	return page, nil
}

// Comment returns one comment with the commenter's history. Moderators and
// admins. Returns EForbidden or ENotFound.
func (s *Service) Comment(ctx context.Context, a cms.Actor, id string) (*cms.Comment, error) {
	if err := s.policy.Check(a, authz.Comment, "read", authz.Other); err != nil {
		return nil, err
	}
	tx := s.db.View(ctx)
	c, err := tx.Comment(id)
	if err != nil {
		return nil, err
	}
	return c, withHistory(tx, c)
}

// withHistory fills each comment's commenter history.
func withHistory(tx *store.Tx, comments ...*cms.Comment) error {
	hashes := make([]string, 0, len(comments))
	for _, c := range comments {
		hashes = append(hashes, c.EmailHash)
	}
	hist, err := tx.CommenterHistory(hashes)
	if err != nil {
		return err
	}
	for _, c := range comments {
		h := hist[c.EmailHash]
		c.History = &h
	}
	return nil
}

// Moderate approves, rejects or marks as spam the comment (act must not be
// ActionDelete; see Delete), recording the moderator, the time and the note.
// A comment already in the action's status is left as it is (two moderators
// approving at once approve once). Approving emits the comment.approved
// webhook event; approving, and taking an approved comment down, change
// what readers see of the article. Moderators and admins. Returns
// EForbidden, ENotFound or EInvalid (the note).
func (s *Service) Moderate(ctx context.Context, a cms.Actor, id string, act Action, in DecisionInput) (*cms.Comment, error) {
	if err := s.policy.Check(a, authz.Comment, "moderate", authz.Other); err != nil {
		return nil, err
	}
	if _, ok := target[act]; !ok {
		return nil, cms.FieldError("action", "must be approve, reject or spam")
	}
	note, err := checkNote(in.Note)
	if err != nil {
		return nil, err
	}
	var c *cms.Comment
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = s.decide(tx, a, id, act, note)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, withHistory(s.db.View(ctx), c)
}

// Delete removes the comment and its replies for good. Moderators and
// admins. Returns EForbidden or ENotFound.
func (s *Service) Delete(ctx context.Context, a cms.Actor, id string) error {
	if err := s.policy.Check(a, authz.Comment, "moderate", authz.Other); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := s.decide(tx, a, id, ActionDelete, "")
		return err
	})
}

// decide applies an action to one comment in tx; the caller has checked
// the policy and the note. It returns the comment as it is afterwards (as it
// was, for delete).
func (s *Service) decide(tx *store.Tx, a cms.Actor, id string, act Action, note string) (*cms.Comment, error) {
	c, err := tx.Comment(id)
	if err != nil {
		return nil, err
	}
	if act == ActionDelete {
		replies, err := tx.DeleteComment(id)
		if err != nil {
			return nil, err
		}
		if c.Status == cms.CommentApproved {
			tx.Changed("article:" + c.ArticleID)
		}
		return c, tx.Audit(a, "comment.delete", "comment", id, map[string]any{
			"article_id": c.ArticleID, "status": c.Status, "replies_deleted": replies})
	}
	to := target[act]
	from := c.Status
	for attempt := 0; ; attempt++ {
		if from == to {
			return c, nil // already decided so; nothing to record
		}
		ok, err := tx.SetCommentStatus(id, from, to, a, note)
		if err != nil {
			return nil, err
		}
		if ok {
			break
		}
		// Another moderator decided between our read and our write: decide
		// again on what they left.
		if attempt == 2 {
			return nil, cms.Errorf(cms.EConflict, "the comment is being moderated by someone else; reload it")
		}
		if c, err = tx.Comment(id); err != nil {
			return nil, err
		}
		from = c.Status
	}
	details := map[string]any{"article_id": c.ArticleID, "from": from, "to": to}
	if note != "" {
		details["note"] = note
	}
	if err := tx.Audit(a, "comment."+string(act), "comment", id, details); err != nil {
		return nil, err
	}
	if from == cms.CommentApproved || to == cms.CommentApproved {
		tx.Changed("article:" + c.ArticleID)
	}
	c, err = tx.Comment(id)
	if err != nil {
		return nil, err
	}
	if to == cms.CommentApproved {
		if err := tx.Emit(store.EventCommentApproved, approvedPayload(tx, c)); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// approvedPayload is the data of the comment.approved event: what readers
// see of the comment, and where. Never the e-mail.
func approvedPayload(tx *store.Tx, c *cms.Comment) map[string]any {
	slug := c.ArticleSlug
	if live, err := tx.LiveArticleByID(c.ArticleID); err == nil {
		slug = live.Article.Slug
	}
	return map[string]any{
		"id": c.ID, "article_id": c.ArticleID, "article_slug": slug, "parent_id": c.ParentID,
		"author_name": c.AuthorName, "body": c.Body, "created_at": c.CreatedAt, "approved_at": c.ModeratedAt,
	}
}

// checkNote validates a moderator's note and returns it trimmed.
func checkNote(note string) (string, error) {
	note = strings.TrimSpace(note)
	switch {
	case !utf8.ValidString(note):
		return "", cms.FieldError("note", "is not valid UTF-8 text")
	case utf8.RuneCountInString(note) > MaxNoteLength:
		return "", cms.FieldError("note", "must be at most "+strconv.Itoa(MaxNoteLength)+" characters")
	case strings.ContainsFunc(note, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
		return "", cms.FieldError("note", "must not contain control characters other than line breaks and tabs")
	}
	return note, nil
}

// MaxBulk is the most comments one bulk request acts on.
const MaxBulk = 200

// BulkInput is the body of a bulk action.
type BulkInput struct {
	IDs    []string `json:"ids"`
	Action Action   `json:"action"`
	Note   string   `json:"note"`
}

// BulkResult is the outcome of a bulk action on one comment. Status is the
// comment's status afterwards ("" once deleted or when the action failed).
type BulkResult struct {
	ID     string            `json:"id"`
	OK     bool              `json:"ok"`
	Status cms.CommentStatus `json:"status,omitempty"`
	Error  *BulkError        `json:"error,omitempty"`
}

// BulkError says why a bulk action failed on one comment.
type BulkError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Bulk applies one action to up to MaxBulk comments, each in a transaction
// of its own, and reports each outcome in the order of the ids: a comment
// that cannot be found fails alone. Moderators and admins. Returns
// EForbidden, or EInvalid for the input as a whole (no ids, too many,
// repeated, an unknown action, the note).
func (s *Service) Bulk(ctx context.Context, a cms.Actor, in BulkInput) ([]BulkResult, error) {
	if err := s.policy.Check(a, authz.Comment, "moderate", authz.Other); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	switch {
	case len(in.IDs) == 0:
		f.Add("ids", "give the ids of the comments to act on")
	case len(in.IDs) > MaxBulk:
		f.Add("ids", "at most "+strconv.Itoa(MaxBulk)+" comments at a time")
	}
	seen := make(map[string]bool, len(in.IDs))
	for _, id := range in.IDs {
		switch {
		case id == "" || len(id) > maxIDLength || !utf8.ValidString(id) || strings.ContainsFunc(id, unicode.IsControl):
			f.Add("ids", "every id must be the id of a comment")
		case seen[id]:
			f.Add("ids", "the id "+strconv.Quote(id)+" is given twice")
		}
		seen[id] = true
	}
	valid := in.Action == ActionDelete
	if _, ok := target[in.Action]; ok {
		valid = true
	}
	if !valid {
		f.Add("action", "must be approve, reject, spam or delete")
	}
	note, err := checkNote(in.Note)
	if err != nil {
		var ce *cms.Error
		errors.As(err, &ce)
		for k, v := range ce.Fields {
			f.Add(k, v)
		}
	}
	if in.Action == ActionDelete && note != "" {
		f.Add("note", "is not kept for deleted comments")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	out := make([]BulkResult, len(in.IDs))
	for i, id := range in.IDs {
		var c *cms.Comment
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			c, err = s.decide(tx, a, id, in.Action, note)
			return err
		})
		out[i] = BulkResult{ID: id, OK: err == nil}
		switch {
		case err == nil && in.Action != ActionDelete:
			out[i].Status = c.Status
		case err != nil:
			var ce *cms.Error
			if !errors.As(err, &ce) {
				s.log.Error("bulk moderation", "comment_id", id, "action", in.Action, "error", err)
				ce = cms.Errorf(cms.EInternal, "internal error; the server log has the details")
			}
			out[i].Error = &BulkError{Code: ce.Code, Message: ce.Message}
		}
	}
	return out, nil
}
