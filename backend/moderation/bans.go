package moderation

import (
	"context"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// MaxReasonLength is the longest reason a ban may carry, in characters.
const MaxReasonLength = 500

// BanInput is the body of a ban: of an e-mail or a client address given as
// Value, or of the commenter of the comment CommentID (by the hashes stored
// with it). ExpiresAt, when set, must be in the future; without it the ban
// lasts until lifted. Spam says the commenter is a spammer: their pending
// comments are marked spam rather than rejected.
type BanInput struct {
	Kind      cms.BanKind `json:"kind"`
	Value     *string     `json:"value"`
	CommentID *string     `json:"comment_id"`
	Reason    string      `json:"reason"`
	ExpiresAt *time.Time  `json:"expires_at"`
	Spam      bool        `json:"spam,omitempty"`
}

// Bans lists bans newest first, expired ones included. Moderators and
// admins. Returns EForbidden, or EInvalid for a bad cursor.
func (s *Service) Bans(ctx context.Context, a cms.Actor, cursor string, limit int) (cms.Page[*cms.Ban], error) {
	if err := s.policy.Check(a, authz.Comment, "ban", authz.Other); err != nil {
		return cms.Page[*cms.Ban]{}, err
	}
	return s.db.View(ctx).ListBans(cursor, limit)
}

// Ban refuses further comments from an e-mail or a client address. Only a
// keyed hash of the value is stored, with a masked label for moderators.
// In the same transaction, every pending comment the ban matches (by the
// same hash: the e-mail's, or the client address's) leaves the queue:
// rejected, or marked spam when in.Spam, with the moderator, the time and
// the reason as the note, and audited like a moderator's decision; the
// answer's ClearedComments counts them. Comments already decided
// (approved ones included: readers keep seeing them) are left as they are.
// Moderators and admins. Returns EForbidden; EInvalid for the input (a
// value that is not an e-mail or an IP address, both or neither of value
// and comment_id, an expiry in the past, a comment without a client
// address on record); ENotFound naming comment_id; EConflict when an active
// ban of the same commenter exists.
func (s *Service) Ban(ctx context.Context, a cms.Actor, in BanInput) (*cms.Ban, error) {
	if err := s.policy.Check(a, authz.Comment, "ban", authz.Other); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	if in.Kind != cms.BanEmail && in.Kind != cms.BanClient {
		f.Add("kind", "must be email or client")
	}
	if (in.Value == nil) == (in.CommentID == nil) {
		f.Add("value", "give either value (an e-mail or a client address) or comment_id, not both")
	}
	reason := strings.TrimSpace(in.Reason)
	switch {
	case !utf8.ValidString(reason):
		f.Add("reason", "is not valid UTF-8 text")
	case utf8.RuneCountInString(reason) > MaxReasonLength:
		f.Add("reason", "must be at most "+strconv.Itoa(MaxReasonLength)+" characters")
	case strings.ContainsFunc(reason, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
		f.Add("reason", "must not contain control characters other than line breaks and tabs")
	}
	var canonical string
	if in.Value != nil && f["kind"] == "" {
		v := strings.TrimSpace(*in.Value)
		switch in.Kind {
		case cms.BanEmail:
			if !utf8.ValidString(v) || !validEmail(v) {
				f.Add("value", "must be an e-mail address like name@example.com")
			}
			canonical = canonicalEmail(v)
		case cms.BanClient:
			if _, err := netip.ParseAddr(v); err != nil {
				f.Add("value", "must be an IPv4 or IPv6 address")
			}
			canonical = canonicalClient(v)
		}
	}
	if in.CommentID != nil && (*in.CommentID == "" || len(*in.CommentID) > maxIDLength) {
		f.Add("comment_id", "no such comment")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	key, err := s.hashKey(ctx)
	if err != nil {
		return nil, err
	}
	var ban *cms.Ban
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if in.ExpiresAt != nil && !in.ExpiresAt.After(tx.Now) {
			return cms.FieldError("expires_at", "must be in the future")
		}
		b := &cms.Ban{ID: cms.NewID(tx.Now), Kind: in.Kind, Reason: reason, CommentID: in.CommentID}
		if in.ExpiresAt != nil {
			t := in.ExpiresAt.UTC().Truncate(time.Microsecond)
			b.ExpiresAt = &t
		}
		if in.CommentID != nil {
			c, err := tx.Comment(*in.CommentID)
			if cms.ErrorCode(err) == cms.ENotFound {
				return &cms.Error{Code: cms.ENotFound, Message: "comment not found", Fields: map[string]string{"comment_id": "no such comment"}}
			}
			if err != nil {
				return err
			}
			if in.Kind == cms.BanEmail {
				b.ValueHash, b.Label = c.EmailHash, maskEmail(c.AuthorEmail)
			} else {
				if c.ClientHash == "" {
					return cms.FieldError("comment_id", "the comment has no client address on record; ban the e-mail instead")
				}
				b.ValueHash, b.Label = c.ClientHash, "the client of "+strconv.Quote(c.AuthorName)
			}
		} else if in.Kind == cms.BanEmail {
			b.ValueHash, b.Label = hash(key, cms.BanEmail, canonical), maskEmail(canonical)
		} else {
			b.ValueHash, b.Label = hash(key, cms.BanClient, canonical), maskClient(canonical)
		}
		if err := tx.CreateBan(b, a); err != nil {
			return err
		}
		act := ActionReject
		if in.Spam {
			act = ActionSpam
		}
		// Only pending comments change, so readers see nothing new: no
		// article's cached pages need dropping.
		cleared, err := tx.DecidePendingOf(b.Kind, b.ValueHash, target[act], a, reason)
		if err != nil {
			return err
		}
		for _, c := range cleared {
			details := map[string]any{"article_id": c.ArticleID, "from": cms.CommentPending, "to": target[act], "ban_id": b.ID}
			if reason != "" {
				details["note"] = reason
			}
			if err := tx.Audit(a, "comment."+string(act), "comment", c.ID, details); err != nil {
				return err
			}
		}
		details := map[string]any{"kind": b.Kind, "label": b.Label, "cleared_comments": len(cleared)}
		if in.Spam {
			details["spam"] = true
		}
		if b.CommentID != nil {
			details["comment_id"] = *b.CommentID
		}
		if b.ExpiresAt != nil {
			details["expires_at"] = b.ExpiresAt
		}
		if reason != "" {
			details["reason"] = reason
		}
		if err := tx.Audit(a, "ban.create", "ban", b.ID, details); err != nil {
			return err
		}
		ban, err = tx.Ban(b.ID)
		if err != nil {
			return err
		}
		n := len(cleared)
		ban.ClearedComments = &n
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ban, nil
}

// GetBan returns a ban. Moderators and admins. Returns EForbidden or
// ENotFound.
func (s *Service) GetBan(ctx context.Context, a cms.Actor, id string) (*cms.Ban, error) {
	if err := s.policy.Check(a, authz.Comment, "ban", authz.Other); err != nil {
		return nil, err
	}
	return s.db.View(ctx).Ban(id)
}

// Unban lifts a ban. Moderators and admins. Returns EForbidden or ENotFound.
func (s *Service) Unban(ctx context.Context, a cms.Actor, id string) error {
	if err := s.policy.Check(a, authz.Comment, "ban", authz.Other); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		b, err := tx.Ban(id)
		if err != nil {
			return err
		}
		if err := tx.DeleteBan(id); err != nil {
			return err
		}
		return tx.Audit(a, "ban.delete", "ban", id, map[string]any{"kind": b.Kind, "label": b.Label})
	})
}
