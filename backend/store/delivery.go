package store

import (
	"newsroom/cms"
)

// LiveArticleBySlug returns the live version of the article readers reach
// by slug. When slug is an old slug of a live article, it returns ENotFound
// with Details["redirect_slug"] set to the current one (a 301 for readers).
// Returns ENotFound when no live article has or had the slug.
func (tx *Tx) LiveArticleBySlug(slug string) (*LiveArticle, error) {
	var row publicationRow
	err := tx.g.Select("article_id, snapshot, published_at, updated_at, version").Where("slug = ?", slug).Take(&row).Error
	if err == nil {
		return row.live()
	}
	if err := notFound(err, "article"); cms.ErrorCode(err) != cms.ENotFound {
		return nil, err
	}
	var current []string
	err = tx.g.Table("article_slugs s").Select("p.slug").
		Joins("JOIN article_publications p ON p.article_id = s.article_id").
		Where("s.slug = ?", slug).Pluck("p.slug", &current).Error
	if err != nil {
		return nil, translate(err)
	}
	if len(current) == 1 && current[0] != slug {
		return nil, &cms.Error{Code: cms.ENotFound, Message: "the article has moved", Details: map[string]any{"redirect_slug": current[0]}}
	}
	return nil, cms.Errorf(cms.ENotFound, "article not found")
}

// LiveArticleByID returns the live version of the article with the id.
// Returns ENotFound when it is not live.
func (tx *Tx) LiveArticleByID(id string) (*LiveArticle, error) {
	var row publicationRow
	if err := tx.g.Select("article_id, snapshot, published_at, updated_at, version").Where("article_id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "article")
	}
	return row.live()
}
