package cms

import "time"

// StoryStatus says whether a running story is still going on.
type StoryStatus string

// The statuses of a story.
const (
	StoryDeveloping StoryStatus = "developing"
	StoryConcluded  StoryStatus = "concluded"
)

// StoryStatuses lists every story status.
var StoryStatuses = []StoryStatus{StoryDeveloping, StoryConcluded}

// Story is a running story that groups articles (a war, a ceasefire): its
// pinned "what we know" summary, its place in the home page's strip of
// featured stories (Featured, Position) and how its timeline is ordered
// (ManualOrder: the editors' order instead of newest first).
// PublishedCount counts the live articles readers see in it ("47
// articles"); ArticleCount the working copies that name it, whatever their
// status.
type Story struct {
	ID                  string      `json:"id"`
	Title               string      `json:"title"`
	Slug                string      `json:"slug"`
	Description         string      `json:"description"`
	Status              StoryStatus `json:"status"`
	WhatWeKnow          string      `json:"what_we_know"`
	WhatWeKnowUpdatedAt *time.Time  `json:"what_we_know_updated_at"`
	CoverMediaID        *string     `json:"cover_media_id"`
	Featured            bool        `json:"featured"`
	Position            int         `json:"position"`
	ManualOrder         bool        `json:"manual_order"`
	PublishedCount      int64       `json:"published_count"`
	ArticleCount        int64       `json:"article_count"`
	Version             int64       `json:"version"`
	CreatedAt           time.Time   `json:"created_at"`
	UpdatedAt           time.Time   `json:"updated_at"`
}

// StoryArticle is one article of a story's timeline as the admin API lists
// it: enough to show and reorder it. Position is its place in the story's
// manual order; PublishedAt is the article's last publication and
// FirstPublishedAt its first, the time the newest-first timeline sorts by.
type StoryArticle struct {
	ID               string     `json:"id"`
	Headline         string     `json:"headline"`
	Slug             string     `json:"slug"`
	Language         Language   `json:"language"`
	Kind             Kind       `json:"kind"`
	Status           Status     `json:"status"`
	Live             bool       `json:"live"`
	PublishedAt      *time.Time `json:"published_at"`
	FirstPublishedAt *time.Time `json:"first_published_at"`
	Position         int        `json:"position"`
}
