package cms

import "time"

// LiveEntry is one timestamped entry of a live article: an optional plain
// title and a body of blocks validated like an article's. Readers see the
// entries of a live article as soon as they are written. A deleted entry
// keeps its row with DeletedAt set, so that pollers and the event stream of
// the delivery API learn of the deletion; the admin API answers 404 for it.
type LiveEntry struct {
	ID         string     `json:"id"`
	ArticleID  string     `json:"article_id"`
	Title      string     `json:"title"`
	Body       []Block    `json:"body"`
	Pinned     bool       `json:"pinned"`
	AuthorID   *string    `json:"author_id"`
	AuthorName string     `json:"author_name"`
	Version    int64      `json:"version"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	DeletedAt  *time.Time `json:"deleted_at"`
}
