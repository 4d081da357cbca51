package cms

import (
	"reflect"
	"time"
)

// Kind is the kind of an article.
type Kind string

// The kinds of article.
const (
	KindStandard Kind = "standard"
	KindLive     Kind = "live"
	KindVideo    Kind = "video"
)

// Kinds lists every kind.
var Kinds = []Kind{KindStandard, KindLive, KindVideo}

// Language is the language an article is written in.
type Language string

// The languages the newsroom publishes in.
const (
	Arabic  Language = "ar"
	English Language = "en"
)

// Languages lists every language.
var Languages = []Language{Arabic, English}

// Block is one element of an article's body. Which fields a block carries
// depends on its type (see package richtext, which validates them):
// paragraph {text}, heading {level, text}, image {media_id, caption},
// quote {text, cite}, list {ordered, items}, embed {url}, video {url | media_id}.
type Block struct {
	Type    string   `json:"type"`
	Text    string   `json:"text,omitempty"`
	Level   int      `json:"level,omitempty"`
	MediaID string   `json:"media_id,omitempty"`
	Caption string   `json:"caption,omitempty"`
	Cite    string   `json:"cite,omitempty"`
	Ordered *bool    `json:"ordered,omitempty"`
	Items   []string `json:"items,omitempty"`
	URL     string   `json:"url,omitempty"`
}

// Article is an article's working copy as the admin API shows it. Status
// describes the working copy; Live says whether readers see a published
// version of it.
type Article struct {
	ID                    string     `json:"id"`
	Kind                  Kind       `json:"kind"`
	Language              Language   `json:"language"`
	Headline              string     `json:"headline"`
	Subheadline           string     `json:"subheadline"`
	Summary               string     `json:"summary"`
	Slug                  string     `json:"slug"`
	Body                  []Block    `json:"body"`
	Status                Status     `json:"status"`
	ChangesRequested      bool       `json:"changes_requested"`
	Live                  bool       `json:"live"`
	HasUnpublishedChanges bool       `json:"has_unpublished_changes"`
	CommentsOpen          bool       `json:"comments_open"`
	Version               int64      `json:"version"`
	SectionID             *string    `json:"section_id"`
	TagIDs                []string   `json:"tag_ids"`
	StoryIDs              []string   `json:"story_ids"`
	AuthorIDs             []string   `json:"author_ids"`
	HeroMediaID           *string    `json:"hero_media_id"`
	RelatedIDs            []string   `json:"related_ids"`
	LiveWriterIDs         []string   `json:"live_writer_ids"`
	Source                string     `json:"source"`
	CreatedBy             string     `json:"created_by"`
	CreatedAt             time.Time  `json:"created_at"`
	UpdatedAt             time.Time  `json:"updated_at"`
	SubmittedAt           *time.Time `json:"submitted_at"`
	FirstPublishedAt      *time.Time `json:"first_published_at"`
	PublishedAt           *time.Time `json:"published_at"`
	PublishAt             *time.Time `json:"publish_at"`
	UnpublishedAt         *time.Time `json:"unpublished_at"`
	ArchivedAt            *time.Time `json:"archived_at"`
	// AllowedActions are the workflow actions the caller may take now, so a
	// client shows exactly those and never recomputes the rules.
	AllowedActions []Action `json:"allowed_actions"`
}

// Content is what a save writes and a revision keeps: every field an author
// or editor edits, without workflow state.
type Content struct {
	Kind          Kind     `json:"kind"`
	Language      Language `json:"language"`
	Headline      string   `json:"headline"`
	Subheadline   string   `json:"subheadline"`
	Summary       string   `json:"summary"`
	Slug          string   `json:"slug"`
	Body          []Block  `json:"body"`
	SectionID     *string  `json:"section_id"`
	TagIDs        []string `json:"tag_ids"`
	StoryIDs      []string `json:"story_ids"`
	AuthorIDs     []string `json:"author_ids"`
	HeroMediaID   *string  `json:"hero_media_id"`
	RelatedIDs    []string `json:"related_ids"`
	LiveWriterIDs []string `json:"live_writer_ids"`
	Source        string   `json:"source"`
	CommentsOpen  bool     `json:"comments_open"`
}

// Content returns the article's editable fields.
func (a *Article) Content() Content {
	return Content{
		Kind: a.Kind, Language: a.Language, Headline: a.Headline, Subheadline: a.Subheadline, Summary: a.Summary,
		Slug: a.Slug, Body: a.Body, SectionID: a.SectionID, TagIDs: a.TagIDs, StoryIDs: a.StoryIDs,
		AuthorIDs: a.AuthorIDs, HeroMediaID: a.HeroMediaID, RelatedIDs: a.RelatedIDs, LiveWriterIDs: a.LiveWriterIDs,
		Source: a.Source, CommentsOpen: a.CommentsOpen,
	}
}

// SameExceptSettings reports whether c and d differ at most in the
// article's settings, whether comments are open and who writes its live
// entries: not the text, links or media readers are shown as the article. A
// save that changes only those leaves the live version as it is (and closing
// comments takes effect at once, see editorial). Empty and missing lists
// count as the same.
func (c Content) SameExceptSettings(d Content) bool {
	norm := func(c Content) Content {
		c.CommentsOpen, c.LiveWriterIDs = false, nil
		for _, l := range []*[]string{&c.TagIDs, &c.StoryIDs, &c.AuthorIDs, &c.RelatedIDs} {
			if len(*l) == 0 {
				*l = nil
			}
		}
		if len(c.Body) == 0 {
			c.Body = nil
		}
		return c
	}
	return reflect.DeepEqual(norm(c), norm(d))
}

// SetContent replaces the article's editable fields.
func (a *Article) SetContent(c Content) {
	a.Kind, a.Language, a.Headline, a.Subheadline, a.Summary = c.Kind, c.Language, c.Headline, c.Subheadline, c.Summary
	a.Slug, a.Body, a.SectionID, a.TagIDs, a.StoryIDs = c.Slug, c.Body, c.SectionID, c.TagIDs, c.StoryIDs
	a.AuthorIDs, a.HeroMediaID, a.RelatedIDs, a.LiveWriterIDs = c.AuthorIDs, c.HeroMediaID, c.RelatedIDs, c.LiveWriterIDs
	a.Source, a.CommentsOpen = c.Source, c.CommentsOpen
}

// ReaderKeys names the cache keys of what readers see of the article: its
// own page ("article:ID") and the section, stories, tags and authors whose
// listings it appears in. The delivery API tags responses with them and
// editorial invalidates them when the article goes live or leaves.
func (a *Article) ReaderKeys() []string {
	keys := []string{"article:" + a.ID}
	if a.SectionID != nil {
		keys = append(keys, "section:"+*a.SectionID)
	}
	for _, id := range a.StoryIDs {
		keys = append(keys, "story:"+id)
	}
	for _, id := range a.TagIDs {
		keys = append(keys, "tag:"+id)
	}
	for _, id := range a.AuthorIDs {
		keys = append(keys, "author:"+id)
	}
	return keys
}

// MediaIDs returns the media assets the content uses: the hero image and
// the image and video blocks, each once.
func (c Content) MediaIDs() []string {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if c.HeroMediaID != nil {
		add(*c.HeroMediaID)
	}
	for _, b := range c.Body {
		add(b.MediaID)
	}
	return ids
}

// Revision is one immutable saved state of an article's content.
type Revision struct {
	Number         int64     `json:"number"`
	ArticleVersion int64     `json:"article_version"`
	AuthorID       *string   `json:"author_id"`
	AuthorName     string    `json:"author_name"`
	Note           string    `json:"note"`
	RestoredFrom   *int64    `json:"restored_from"`
	CreatedAt      time.Time `json:"created_at"`
	Content        *Content  `json:"content,omitempty"`
}

// WorkflowEvent is one recorded transition of an article.
type WorkflowEvent struct {
	ID         string         `json:"id"`
	ActorID    *string        `json:"actor_id"`
	ActorName  string         `json:"actor_name"`
	Action     Action         `json:"action"`
	FromStatus Status         `json:"from_status"`
	ToStatus   Status         `json:"to_status"`
	Note       string         `json:"note"`
	Details    map[string]any `json:"details,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
}

// Correction is a public note attached to a republish.
type Correction struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// CorrectionTypes are the kinds of public correction.
var CorrectionTypes = []string{"correction", "clarification", "update"}
