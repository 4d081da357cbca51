package delivery

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/moderation"
	"newsroom/store"
)

// commentsMaxAge caps the Cache-Control max-age of comment threads: they
// change more often than articles, and a CDN without purging should show a
// new approval soon.
const commentsMaxAge = 30

// CommentThread is a page of an article's approved comments. Comments carry
// only what readers may see (cms.PublicComment: no e-mail, no hashes); the
// text is plain text, to be shown as text, never as markup. Each comment
// carries its first moderation.RepliesShown replies; replies_next_cursor
// pages on through the rest at .../comments/{id}/replies.
type CommentThread struct {
	Data       []*cms.PublicComment `json:"data"`
	NextCursor *string              `json:"next_cursor"`
	// ApprovedCount is how many comments readers see on the article in all,
	// replies included.
	ApprovedCount int64 `json:"approved_count"`
	CommentsOpen  bool  `json:"comments_open"`
}

func (h *Handler) mountComments(group *gin.RouterGroup, t *httpapi.Table) {
	if h.Moderation == nil {
		return
	}
	// Threads are cached like the rest of the delivery API (invalidated by
	// "article:<id>" when a comment is approved or taken down), with a
	// shorter max-age for browsers and CDNs.
	threads := *h
	threads.Caching.MaxAge = min(h.Caching.MaxAge, commentsMaxAge)
	// Mount made the header from the API's own max-age; the copy needs its own.
	threads.cacheControlValue = []string{threads.cacheControl()}
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:slug/comments", Tag: "delivery",
		Summary: "The approved comments of a live article, oldest first, each with its first " + strconv.Itoa(moderation.RepliesShown) +
			" approved replies and replies_next_cursor for the rest, and the approved count; 404 when the article is not live",
		Query:    httpapi.PagingParams,
		Response: CommentThread{}, Handler: threads.comments})
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/articles/:slug/comments/:id/replies", Tag: "delivery",
		Summary: "The approved replies to one approved comment of a live article, oldest first; a comment's replies_next_cursor " +
			"in the thread is the cursor of the page after the replies it shows; 404 when the article is not live or the comment not approved",
		Query:    httpapi.PagingParams,
		Response: httpapi.List[*cms.PublicComment]{}, Handler: threads.replies})
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: "/articles/:slug/comments", Tag: "delivery",
		Summary: "Post a comment (plain text) on a live article with comments open; it waits for a moderator (202). " +
			"422 for invalid fields, 409 when comments are closed, 403 when refused, 429 with Retry-After when too many",
		Body: moderation.SubmitInput{}, Status: http.StatusAccepted, Response: moderation.Submitted{}, Handler: h.postComment})
}

// threadParams reads the article's slug and the paging of a comment thread
// or a comment's replies, answering the error itself when one is bad.
func threadParams(c *gin.Context) (slug, cursor string, limit int, ok bool) {
	slug, err := slugParam(c, "article")
	if err == nil {
		cursor, limit, err = httpapi.Paging(c)
	}
	if err != nil {
		httpapi.Error(c, err)
		return "", "", 0, false
	}
	return slug, cursor, limit, true
}

func (h *Handler) comments(c *gin.Context) {
	slug, cursor, limit, ok := threadParams(c)
	if !ok {
		return
	}
	h.serve(c, "", func(*store.Tx) (*rendered, error) {
		th, err := h.Moderation.Thread(c.Request.Context(), slug, cursor, limit)
		if to, ok := movedTo(c, err); ok {
			return &rendered{redirect: to}, nil
		}
		if err != nil {
			return nil, err
		}
		out := CommentThread{Data: th.Comments.Data, ApprovedCount: th.ApprovedCount, CommentsOpen: th.CommentsOpen}
		if out.Data == nil {
			out.Data = []*cms.PublicComment{}
		}
		if th.Comments.NextCursor != "" {
			out.NextCursor = &th.Comments.NextCursor
		}
		return &rendered{value: out, keys: []string{"article:" + th.ArticleID}}, nil
	})
}

func (h *Handler) replies(c *gin.Context) {
	slug, cursor, limit, ok := threadParams(c)
	if !ok {
		return
	}
	h.serve(c, "", func(*store.Tx) (*rendered, error) {
		r, err := h.Moderation.Replies(c.Request.Context(), slug, c.Param("id"), cursor, limit)
		if to, ok := movedTo(c, err); ok {
			return &rendered{redirect: to}, nil
		}
		if err != nil {
			return nil, err
		}
		// Approving or taking down a reply drops "article:<id>", as for
		// the thread.
		return &rendered{value: httpapi.NewList(r.Replies.Data, r.Replies.NextCursor), keys: []string{"article:" + r.ArticleID}}, nil
	})
}

func (h *Handler) postComment(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	slug, err := slugParam(c, "article")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in moderation.SubmitInput
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	out, err := h.Moderation.Submit(c.Request.Context(), slug, c.ClientIP(), in)
	if to, ok := movedTo(c, err); ok {
		// 308 keeps the method and the body: the client posts again there.
		c.Redirect(http.StatusPermanentRedirect, to)
		return
	}
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusAccepted, out)
}

// movedTo returns the path of the same request under the article's current
// slug when err says the slug is an old one.
func movedTo(c *gin.Context, err error) (string, bool) {
	var ce *cms.Error
	if !errors.As(err, &ce) {
		return "", false
	}
	current, ok := ce.Details["redirect_slug"].(string)
	if !ok || current == "" {
		return "", false
	}
	to := c.FullPath()
	for _, p := range c.Params {
		v := p.Value
		if p.Key == "slug" {
			v = current
		}
		to = strings.Replace(to, ":"+p.Key, url.PathEscape(v), 1)
	}
	if q := c.Request.URL.RawQuery; q != "" {
		to += "?" + q
	}
	return to, true
}
