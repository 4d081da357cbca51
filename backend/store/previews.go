package store

import (
	"time"

	"newsroom/cms"
)

// CreatePreviewLink stores a preview link to the article under the token's
// hash, valid until expiresAt.
func (tx *Tx) CreatePreviewLink(articleID, tokenHash string, by cms.Actor, expiresAt time.Time) error {
	var createdBy *string
	if by.UserID != "" {
		id := by.UserID
		createdBy = &id
	}
	err := tx.g.Exec("INSERT INTO preview_links (id, token_hash, article_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
		cms.NewID(tx.Now), tokenHash, articleID, createdBy, tx.Now, expiresAt.UTC()).Error
	return translate(err)
}

// PreviewArticle returns the id of the article a live preview link shows.
// Returns ENotFound for an unknown, expired or revoked link.
func (tx *Tx) PreviewArticle(tokenHash string) (string, error) {
	var ids []string
	err := tx.g.Table("preview_links").Where("token_hash = ? AND expires_at > ? AND revoked_at IS NULL", tokenHash, tx.Now).
		Pluck("article_id", &ids).Error
	if err != nil {
		return "", translate(err)
	}
	if len(ids) == 0 {
		return "", cms.Errorf(cms.ENotFound, "this preview link does not exist or has expired; ask for a new one")
	}
	return ids[0], nil
}
