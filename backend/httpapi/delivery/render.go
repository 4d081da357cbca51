package delivery

import (
	"slices"
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
// was never published. The related articles' sections and bylines (of their
// live versions) are read with the article's own, in the same queries.
func (r *renderer) article(a *cms.Article, publishedAt *time.Time, updatedAt time.Time) (*Article, error) {
	mediaIDs := a.Content().MediaIDs()
	related, err := r.tx.LiveArticlesByID(a.RelatedIDs)
	if err != nil {
		return nil, err
	}
	authorIDs := slices.Clone(a.AuthorIDs)
	var sectionIDs []string
	if a.SectionID != nil {
		sectionIDs = append(sectionIDs, *a.SectionID)
	}
	for _, rel := range related {
		if rel.Article.HeroMediaID != nil {
			mediaIDs = append(mediaIDs, *rel.Article.HeroMediaID)
		}
		if rel.Article.SectionID != nil {
			sectionIDs = append(sectionIDs, *rel.Article.SectionID)
		}
		authorIDs = append(authorIDs, rel.Article.AuthorIDs...)
	}
	authors, err := r.tx.AuthorsByID(authorIDs)
	if err != nil {
		return nil, err
	}
	// The portraits of the article's own bylines: related articles'
	// bylines are names only.
	for _, id := range a.AuthorIDs {
		if au := authors[id]; au != nil && au.AvatarMediaID != nil {
			mediaIDs = append(mediaIDs, *au.AvatarMediaID)
		}
	}
	media, err := r.tx.MediaByID(mediaIDs)
	if err != nil {
		return nil, err
	}
	sections, err := r.tx.SectionsByID(sectionIDs)
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
		Body: make([]Block, len(a.Body)), Tags: []Tag{}, Stories: []store.StoryRef{},
		Authors: r.byline(a.AuthorIDs, authors, media), Related: []ArticleSummary{}, Corrections: corrections,
	}
	if out.Corrections == nil {
		out.Corrections = []cms.Correction{}
	}
	if a.SectionID != nil {
		out.Section = section(sections[*a.SectionID])
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
	for _, id := range a.RelatedIDs {
		if rel := related[id]; rel != nil {
			out.Related = append(out.Related, r.summary(rel, media, authors, sections))
		}
	}
	return out, nil
}

// summary renders a related article from its live version; media, authors
// and sections hold what it refers to.
func (r *renderer) summary(l *store.LiveArticle, media map[string]*cms.MediaAsset, authors map[string]*cms.Author, sections map[string]*cms.Section) ArticleSummary {
	a := l.Article
	s := ArticleSummary{ID: a.ID, Kind: a.Kind, Language: a.Language, Headline: a.Headline, Summary: a.Summary, Slug: a.Slug,
		Authors: []Byline{}, PublishedAt: l.PublishedAt, UpdatedAt: l.UpdatedAt}
	for _, id := range a.AuthorIDs {
		if au := authors[id]; au != nil {
			s.Authors = append(s.Authors, credited(au))
		}
	}
	if a.SectionID != nil {
		s.Section = section(sections[*a.SectionID])
	}
	if a.HeroMediaID != nil {
		s.HeroImage = r.image(media[*a.HeroMediaID], "")
	}
	return s
}

// credit sets a list item's section and bylines from the live links of its
// article (nil: none).
func credit(s *ArticleSummary, l *store.LiveLinks) {
	s.Authors = []Byline{}
	if l == nil {
		return
	}
	s.Section = section(l.Section)
	for _, au := range l.Authors {
		s.Authors = append(s.Authors, credited(au))
	}
}

// summaryKeys names the surrogate keys of what a summary shows: the article,
// its hero image, its section, and its authors, so that
// renaming a section or an author drops the lists that show the old name.
func summaryKeys(s ArticleSummary) []string {
	keys := []string{"article:" + s.ID}
	if s.HeroImage != nil {
		keys = append(keys, "media:"+s.HeroImage.ID)
	}
	if s.Section != nil {
		keys = append(keys, "section:"+s.Section.ID)
	}
	return append(keys, bylineKeys(s.Authors)...)
}

// bylineKeys names the surrogate keys of bylines: the authors.
func bylineKeys(authors []Byline) []string {
	keys := make([]string, len(authors))
	for i, au := range authors {
		keys[i] = "author:" + au.ID
	}
	return keys
}

// authorKeys names the surrogate keys of an author as a page shows them:
// the author and the portrait.
func authorKeys(au Author) []string {
	keys := []string{"author:" + au.ID}
	if au.Avatar != nil {
		keys = append(keys, "media:"+au.Avatar.ID)
	}
	return keys
}

// byline renders the authors with the ids, in their order; unknown ids are
// left out.
func (r *renderer) byline(ids []string, authors map[string]*cms.Author, media map[string]*cms.MediaAsset) []Author {
	out := []Author{}
	for _, id := range ids {
		if au := authors[id]; au != nil {
			out = append(out, r.author(au, media))
		}
	}
	return out
}

// author renders an article's byline: the public fields only (no user
// link).
func (r *renderer) author(au *cms.Author, media map[string]*cms.MediaAsset) Author {
	v := Author{Byline: credited(au), Bio: au.Bio}
	if au.AvatarMediaID != nil {
		v.Avatar = r.image(media[*au.AvatarMediaID], "")
	}
	return v
}

// credited renders a list item's byline.
func credited(au *cms.Author) Byline {
	return Byline{ID: au.ID, Name: au.Name, Slug: au.Slug}
}

// section renders a section as readers see it; nil stays nil.
func section(s *cms.Section) *Section {
	if s == nil {
		return nil
	}
	return &Section{ID: s.ID, Name: s.Name, Slug: s.Slug}
}
