package cms

import (
	"slices"
	"time"
)

// CommentStatus is where a reader comment stands in moderation. Readers see
// approved comments only.
type CommentStatus string

// The statuses of a comment. Every new comment is pending.
const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentRejected CommentStatus = "rejected"
	CommentSpam     CommentStatus = "spam"
)

// CommentStatuses lists every status in display order.
var CommentStatuses = []CommentStatus{CommentPending, CommentApproved, CommentRejected, CommentSpam}

// ParseCommentStatus returns the status named s, or false when s names none.
func ParseCommentStatus(s string) (CommentStatus, bool) {
	st := CommentStatus(s)
	return st, slices.Contains(CommentStatuses, st)
}

// Comment is a reader comment as moderators see it, with the e-mail the
// reader gave. It never goes to the delivery API: readers get
// PublicComment. ParentID is set on a reply (one level only).
type Comment struct {
	ID              string        `json:"id"`
	ArticleID       string        `json:"article_id"`
	ArticleHeadline string        `json:"article_headline"`
	ArticleSlug     string        `json:"article_slug"`
	ParentID        *string       `json:"parent_id"`
	AuthorName      string        `json:"author_name"`
	AuthorEmail     string        `json:"author_email"`
	Body            string        `json:"body"`
	Status          CommentStatus `json:"status"`
	// LikelySpam marks a comment the automatic checks (links, blocked
	// words) found suspicious; it stays pending, the moderator decides.
	LikelySpam      bool       `json:"likely_spam"`
	ModeratedBy     *string    `json:"moderated_by"`
	ModeratedByName string     `json:"moderated_by_name"`
	ModeratedAt     *time.Time `json:"moderated_at"`
	ModerationNote  string     `json:"moderation_note"`
	// History counts the commenter's comments (by the keyed hash of their
	// e-mail, this one included) in each status.
	History   *CommenterHistory `json:"history,omitempty"`
	Version   int64             `json:"version"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`

	// EmailHash and ClientHash are keyed hashes of the e-mail and the
	// client address, for the commenter's history and for bans.
	EmailHash  string `json:"-"`
	ClientHash string `json:"-"`
}

// CommenterHistory counts a commenter's comments by status.
type CommenterHistory struct {
	Pending  int64 `json:"pending"`
	Approved int64 `json:"approved"`
	Rejected int64 `json:"rejected"`
	Spam     int64 `json:"spam"`
}

// PublicComment is an approved comment as readers see it: no e-mail, no
// hashes, no moderation data. Replies are the first approved replies,
// oldest first; RepliesNextCursor, when set, pages on through the rest (the
// delivery API's replies of one comment). Replies themselves have neither.
type PublicComment struct {
	ID                string           `json:"id"`
	AuthorName        string           `json:"author_name"`
	Body              string           `json:"body"`
	CreatedAt         time.Time        `json:"created_at"`
	Replies           []*PublicComment `json:"replies"`
	RepliesNextCursor *string          `json:"replies_next_cursor"`
}

// BanKind says what a ban matches: the commenter's e-mail or client address.
type BanKind string

// The kinds of ban.
const (
	BanEmail  BanKind = "email"
	BanClient BanKind = "client"
)

// Ban refuses comments from an e-mail or a client address, until ExpiresAt
// when set. Only a keyed hash of the value is stored; Label is a masked hint
// for moderators ("a***@example.com").
type Ban struct {
	ID            string     `json:"id"`
	Kind          BanKind    `json:"kind"`
	Label         string     `json:"label"`
	Reason        string     `json:"reason"`
	CommentID     *string    `json:"comment_id"`
	ExpiresAt     *time.Time `json:"expires_at"`
	Active        bool       `json:"active"`
	CreatedBy     *string    `json:"created_by"`
	CreatedByName string     `json:"created_by_name"`
	CreatedAt     time.Time  `json:"created_at"`
	// ClearedComments is set only in the answer to making the ban: how many
	// of the commenter's pending comments it took out of the queue
	// (rejected, or marked spam).
	ClearedComments *int `json:"cleared_comments,omitempty"`

	ValueHash string `json:"-"`
}
