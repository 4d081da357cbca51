package editorial

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// PreviewLink is a secret, expiring URL of the delivery API that shows an
// article's working copy to whoever has it (a reviewer without an account).
type PreviewLink struct {
	Token     string    `json:"token"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// PreviewInput is the optional body of creating a preview link.
type PreviewInput struct {
	// ExpiresInHours is how long the link works: 1 to 168 hours, default 24.
	ExpiresInHours int `json:"expires_in_hours"`
}

// CreatePreviewLink makes a preview link to the article. Editors, and the
// writer who owns it. The token is shown once; only its hash is stored.
func (s *Service) CreatePreviewLink(ctx context.Context, a cms.Actor, id string, in PreviewInput) (*PreviewLink, error) {
	hours := in.ExpiresInHours
	if hours == 0 {
		hours = 24
	}
	if hours < 1 || hours > 168 {
		return nil, cms.FieldError("expires_in_hours", "must be from 1 to 168")
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	token := "prv_" + base64.RawURLEncoding.EncodeToString(b)
	var link *PreviewLink
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		art, err := s.load(tx, a, id)
		if err != nil {
			return err
		}
		if err := s.policy.Check(a, authz.Article, "preview", relation(a, art)); err != nil {
			return err
		}
		exp := tx.Now.Add(time.Duration(hours) * time.Hour)
		if err := tx.CreatePreviewLink(id, previewHash(token), a, exp); err != nil {
			return err
		}
		link = &PreviewLink{Token: token, URL: "/api/v1/preview/" + token, ExpiresAt: exp}
		return tx.Audit(a, "article.preview_link", "article", id, map[string]any{"expires_at": exp})
	})
	return link, err
}

func previewHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// PreviewArticle returns the working copy a preview token shows. Returns
// ENotFound for an unknown, tampered, expired or revoked token.
func (s *Service) PreviewArticle(ctx context.Context, token string) (*cms.Article, error) {
	if len(token) < 10 || len(token) > 100 {
		return nil, cms.Errorf(cms.ENotFound, "this preview link does not exist or has expired; ask for a new one")
	}
	view := s.db.View(ctx)
	id, err := view.PreviewArticle(previewHash(token))
	if err != nil {
		return nil, err
	}
	return view.Article(id)
}
