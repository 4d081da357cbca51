package moderation

import (
	"context"

	"newsroom/cms"
)

// Thread is a page of the approved comments readers see on an article.
type Thread struct {
	ArticleID    string
	CommentsOpen bool
	// Comments are approved top-level comments, oldest first, each with its
	// approved replies.
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
	page, err := tx.ApprovedComments(live.Article.ID, cursor, limit)
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
