package moderation

import (
	"context"
	"strings"
	"unicode/utf8"

	"newsroom/cms"
)

// RepliesShown is how many approved replies each comment of a thread
// carries; the rest are paged with Replies.
const RepliesShown = 5

// Thread is a page of the approved comments readers see on an article.
type Thread struct {
	ArticleID    string
	CommentsOpen bool
	// Comments are approved top-level comments, oldest first, each with its
	// first RepliesShown approved replies (and a cursor to the rest).
	Comments cms.Page[*cms.PublicComment]
	// ApprovedCount is how many comments readers see on the article in all
	// (top-level comments and replies, every page).
	ApprovedCount int64
}

// Thread returns a page of the approved comments of the live article readers
// reach by slug. Anyone may call it. Returns ENotFound when no live article
// has the slug (with Details "redirect_slug" for an old slug), EInvalid for
// a bad cursor.
func (s *Service) Thread(ctx context.Context, slug, cursor string, limit int) (*Thread, error) {
	tx := s.db.View(ctx)
	live, err := tx.LiveArticleBySlug(slug)
	if err != nil {
		return nil, err
	}
	page, err := tx.ApprovedComments(live.Article.ID, cursor, limit, RepliesShown)
	if err != nil {
		return nil, err
	}
	counts, err := tx.ApprovedCommentCounts([]string{live.Article.ID})
	if err != nil {
		return nil, err
	}
	return &Thread{ArticleID: live.Article.ID, CommentsOpen: live.Article.CommentsOpen, Comments: page,
		ApprovedCount: counts[live.Article.ID]}, nil
}

// Replies is a page of the approved replies to one comment.
type Replies struct {
	ArticleID string
	Replies   cms.Page[*cms.PublicComment]
}

// Replies returns a page of the approved replies, oldest first, to the
// comment commentID on the live article readers reach by slug; the thread's
// replies_next_cursor continues after the replies it shows. Anyone may
// call it. Returns ENotFound when no live article has the slug (with
// Details "redirect_slug" for an old slug) or when the comment is not an
// approved top-level comment of it, EInvalid for a bad cursor.
func (s *Service) Replies(ctx context.Context, slug, commentID, cursor string, limit int) (*Replies, error) {
	if commentID == "" || len(commentID) > maxIDLength || !utf8.ValidString(commentID) || strings.ContainsRune(commentID, 0) {
		return nil, cms.Errorf(cms.ENotFound, "comment not found")
	}
	tx := s.db.View(ctx)
	live, err := tx.LiveArticleBySlug(slug)
	if err != nil {
		return nil, err
	}
	page, err := tx.ApprovedReplies(live.Article.ID, commentID, cursor, limit)
	if err != nil {
		return nil, err
	}
	return &Replies{ArticleID: live.Article.ID, Replies: page}, nil
}
