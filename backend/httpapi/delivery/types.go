package delivery

import (
	"time"

	"newsroom/cms"
	"newsroom/store"
)

// Article is an article as readers get it: the published version (or, behind
// a preview link, the working copy) with everything a page needs embedded,
// and nothing private (no e-mails, no working copy, no internal notes).
type Article struct {
	ID           string           `json:"id"`
	Kind         cms.Kind         `json:"kind"`
	Language     cms.Language     `json:"language"`
	Headline     string           `json:"headline"`
	Subheadline  string           `json:"subheadline"`
	Summary      string           `json:"summary"`
	Slug         string           `json:"slug"`
	Body         []Block          `json:"body"`
	Section      *Section         `json:"section"`
	Tags         []Tag            `json:"tags"`
	Stories      []store.StoryRef `json:"stories"`
	Authors      []Author         `json:"authors"`
	HeroImage    *Image           `json:"hero_image"`
	Related      []ArticleSummary `json:"related"`
	Source       string           `json:"source"`
	CommentsOpen bool             `json:"comments_open"`
	PublishedAt  *time.Time       `json:"published_at"`
	UpdatedAt    time.Time        `json:"updated_at"`
	Corrections  []cms.Correction `json:"corrections"`
	Preview      *PreviewInfo     `json:"preview,omitempty"`
}

// PreviewInfo marks an article shown through a preview link.
type PreviewInfo struct {
	Status cms.Status `json:"status"`
	Note   string     `json:"note"`
}

// Block is a body block; image and video blocks with a media asset embed it.
type Block struct {
	cms.Block
	Image *Image `json:"image,omitempty"`
}

// Image is a media asset as readers need it.
type Image struct {
	ID         string          `json:"id"`
	URL        string          `json:"url"`
	Width      int             `json:"width"`
	Height     int             `json:"height"`
	Caption    string          `json:"caption"`
	Credit     string          `json:"credit"`
	AltText    string          `json:"alt_text"`
	Renditions []cms.Rendition `json:"renditions"`
}

// Section is a section as readers see it.
type Section struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Tag is a tag as readers see it.
type Tag struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Byline is an author as a list item credits them: the name and the
// author page's slug. The bio and the portrait are for the article and
// author pages: on every card of a list they cost a media lookup and
// rendition URLs per author for what cards do not show (make bench).
type Byline struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Author is a byline as an article or author page shows it, with the bio
// and the portrait.
type Author struct {
	Byline
	Bio    string `json:"bio"`
	Avatar *Image `json:"avatar"`
}

// ArticleSummary is an article in a list or among related articles: what a
// card needs, with the section and bylines of the published version in the
// shapes Article embeds them (bylines without the bio and portrait), so a
// page of cards needs no further requests.
type ArticleSummary struct {
	ID          string       `json:"id"`
	Kind        cms.Kind     `json:"kind"`
	Language    cms.Language `json:"language"`
	Headline    string       `json:"headline"`
	Summary     string       `json:"summary"`
	Slug        string       `json:"slug"`
	Section     *Section     `json:"section"`
	Authors     []Byline     `json:"authors"`
	HeroImage   *Image       `json:"hero_image"`
	PublishedAt time.Time    `json:"published_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}
