package delivery

import (
	"time"

	"newsroom/cms"
	"newsroom/store"
)

// renderer builds the reader's view of articles, embedding what they refer
// to with one query per kind of object.
type renderer struct {
	tx        *store.Tx
	mediaBase string
}

func (r *renderer) image(m *cms.MediaAsset, caption string) *Image {
	if m == nil {
		return nil
	}
	m.SetURLs(r.mediaBase)
	img := &Image{ID: m.ID, URL: m.URL, Width: m.Width, Height: m.Height, Caption: m.Caption, Credit: m.Credit,
		AltText: m.AltText, Renditions: m.Renditions}
	if caption != "" {
		img.Caption = caption // a block's caption overrides the asset's
	}
	if img.Renditions == nil {
		img.Renditions = []cms.Rendition{}
	}
	return img
}

// article renders one article. publishedAt is nil for a working copy that
// was never published.
func (r *renderer) article(a *cms.Article, publishedAt *time.Time, updatedAt time.Time) (*Article, error) {
	mediaIDs := a.Content().MediaIDs()
	authors, err := r.tx.AuthorsByID(a.AuthorIDs)
	if err != nil {
		return nil, err
	}
	for _, au := range authors {
		if au.AvatarMediaID != nil {
			mediaIDs = append(mediaIDs, *au.AvatarMediaID)
		}
	}
	related, err := r.tx.LiveArticlesByID(a.RelatedIDs)
	if err != nil {
		return nil, err
	}
	for _, rel := range related {
		if rel.Article.HeroMediaID != nil {
			mediaIDs = append(mediaIDs, *rel.Article.HeroMediaID)
		}
	}
	media, err := r.tx.MediaByID(mediaIDs)
	if err != nil {
		return nil, err
	}
	tags, err := r.tx.TagsByID(a.TagIDs)
	if err != nil {
		return nil, err
	}
	stories, err := r.tx.StoryRefsByID(a.StoryIDs)
	if err != nil {
		return nil, err
	}
	corrections, err := r.tx.Corrections(a.ID)
	if err != nil {
		return nil, err
	}
	out := &Article{
		ID: a.ID, Kind: a.Kind, Language: a.Language, Headline: a.Headline, Subheadline: a.Subheadline, Summary: a.Summary,
		Slug: a.Slug, Source: a.Source, CommentsOpen: a.CommentsOpen, PublishedAt: publishedAt, UpdatedAt: updatedAt,
		Body: make([]Block, len(a.Body)), Tags: []Tag{}, Stories: []store.StoryRef{}, Authors: []Author{},
		Related: []ArticleSummary{}, Corrections: corrections,
	}
	if out.Corrections == nil {
		out.Corrections = []cms.Correction{}
	}
	if a.SectionID != nil {
		secs, err := r.tx.SectionsByID([]string{*a.SectionID})
		if err != nil {
			return nil, err
		}
		if s := secs[*a.SectionID]; s != nil {
			out.Section = &Section{ID: s.ID, Name: s.Name, Slug: s.Slug}
		}
	}
	if a.HeroMediaID != nil {
		out.HeroImage = r.image(media[*a.HeroMediaID], "")
	}
	for i, b := range a.Body {
		out.Body[i] = Block{Block: b}
		if b.MediaID != "" {
			out.Body[i].Image = r.image(media[b.MediaID], b.Caption)
		}
	}
	for _, id := range a.TagIDs {
		if t := tags[id]; t != nil {
			out.Tags = append(out.Tags, Tag{ID: t.ID, Name: t.Name, Slug: t.Slug})
		}
	}
	for _, id := range a.StoryIDs {
		if s := stories[id]; s != nil {
			out.Stories = append(out.Stories, *s)
		}
	}
	for _, id := range a.AuthorIDs {
		if au := authors[id]; au != nil {
			v := Author{ID: au.ID, Name: au.Name, Slug: au.Slug, Bio: au.Bio}
			if au.AvatarMediaID != nil {
				v.Avatar = r.image(media[*au.AvatarMediaID], "")
			}
			out.Authors = append(out.Authors, v)
		}
	}
	for _, id := range a.RelatedIDs {
		if rel := related[id]; rel != nil {
			out.Related = append(out.Related, r.summary(rel, media))
		}
	}
	return out, nil
}

func (r *renderer) summary(l *store.LiveArticle, media map[string]*cms.MediaAsset) ArticleSummary {
	a := l.Article
	s := ArticleSummary{ID: a.ID, Kind: a.Kind, Language: a.Language, Headline: a.Headline, Summary: a.Summary, Slug: a.Slug,
		PublishedAt: l.PublishedAt, UpdatedAt: l.UpdatedAt}
	if a.HeroMediaID != nil {
		s.HeroImage = r.image(media[*a.HeroMediaID], "")
	}
	return s
}
