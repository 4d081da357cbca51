package moderation

import (
	"context"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"newsroom/arabic"
	"newsroom/cms"
	"newsroom/store"
)

// Limits of a comment's fields, in characters.
const (
	MaxNameLength  = 80
	MaxBodyLength  = 5000
	MaxEmailLength = 254
	MaxNoteLength  = 2000
	maxIDLength    = 100
)

// SubmitInput is the body a reader posts. Website is a honeypot: a field
// people never see and bots fill in; it must be empty.
type SubmitInput struct {
	AuthorName  string  `json:"author_name"`
	AuthorEmail string  `json:"author_email"`
	Body        string  `json:"body"`
	ParentID    *string `json:"parent_id"`
	Website     string  `json:"website"`
}

// Submitted is the answer to a submission: the new comment waits for a
// moderator.
type Submitted struct {
	ID     string            `json:"id"`
	Status cms.CommentStatus `json:"status"`
}

// refused is the one answer to a banned commenter and to a filled honeypot:
// it says nothing about why, so neither learns what to change.
func refused(code string) error {
	return cms.Errorf(code, "your comment could not be accepted")
}

// Submit takes a reader's comment on the live article readers reach by
// slug, from the client address client (hashed, never stored as is). The
// comment is stored pending, and marked likely spam when it carries more
// links than allowed or a blocked word. Anyone may call it. The checks, in
// order:
//   - text that is not valid UTF-8 or holds control characters (other than
//     line breaks and tabs): EInvalid naming the field;
//   - no live article with the slug: ENotFound (with Details
//     "redirect_slug" for an old slug); comments closed: EConflict;
//   - the fields' rules (name 1..80 characters, a valid e-mail, body
//     1..5000 characters, the honeypot empty, the parent an approved
//     top-level comment of the same article): EInvalid;
//   - a ban of the e-mail or the client: EForbidden, with a neutral message;
//   - too many comments from the client or on the article in the current
//     window: ETooManyRequests with Details "retry_after_seconds".
func (s *Service) Submit(ctx context.Context, slug, client string, in SubmitInput) (*Submitted, error) {
	in.Body = strings.ReplaceAll(strings.ReplaceAll(in.Body, "\r\n", "\n"), "\r", "\n")
	if err := wellFormed(in); err != nil {
		return nil, err
	}
	live, err := s.db.View(ctx).LiveArticleBySlug(slug)
	if err != nil {
		return nil, err
	}
	art := live.Article
	if !art.CommentsOpen {
		return nil, cms.Errorf(cms.EConflict, "comments are closed on this article")
	}
	c, err := s.validate(in)
	if err != nil {
		return nil, err
	}
	key, err := s.hashKey(ctx)
	if err != nil {
		return nil, err
	}
	c.ArticleID = art.ID
	c.EmailHash = hash(key, cms.BanEmail, canonicalEmail(c.AuthorEmail))
	c.ClientHash = hash(key, cms.BanClient, canonicalClient(client))
	c.Status = cms.CommentPending
	c.LikelySpam = s.likelySpam(c.AuthorName + "\n" + c.Body)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if c.ParentID != nil {
			if err := checkParent(tx, art.ID, *c.ParentID); err != nil {
				return err
			}
		}
		banned, err := tx.Banned(c.EmailHash, c.ClientHash)
		if err != nil {
			return err
		}
		if banned {
			return refused(cms.EForbidden)
		}
		// A refused comment rolls its counts back with it, so the counters
		// count stored comments.
		for _, l := range []struct {
			key   string
			limit int
			win   time.Duration
		}{
			{"comment:client:" + c.ClientHash, s.cfg.ClientLimit, s.cfg.ClientWindow},
			{"comment:article:" + art.ID, s.cfg.ArticleLimit, s.cfg.ArticleWindow},
		} {
			n, reset, err := tx.Hit(l.key, l.win)
			if err != nil {
				return err
			}
			if n > int64(l.limit) {
				// Whole seconds, rounded up, and at least one.
				secs := max(int((reset.Sub(tx.Now)+time.Second-1)/time.Second), 1)
				return &cms.Error{Code: cms.ETooManyRequests,
					Message: "too many comments; try again in " + strconv.Itoa(secs) + " seconds",
					Details: map[string]any{"retry_after_seconds": secs}}
			}
		}
		c.ID = cms.NewID(tx.Now)
		c.CreatedAt = tx.Now
		return tx.CreateComment(c)
	})
	if err != nil {
		return nil, err
	}
	return &Submitted{ID: c.ID, Status: c.Status}, nil
}

// checkParent refuses a reply unless its parent is an approved top-level
// comment of the same article.
func checkParent(tx *store.Tx, articleID, parentID string) error {
	p, err := tx.Comment(parentID)
	if cms.ErrorCode(err) == cms.ENotFound {
		return cms.FieldError("parent_id", "no such comment on this article")
	}
	if err != nil {
		return err
	}
	switch {
	case p.ArticleID != articleID || p.Status != cms.CommentApproved:
		return cms.FieldError("parent_id", "no such comment on this article")
	case p.ParentID != nil:
		return cms.FieldError("parent_id", "replies go one level deep: reply to the comment this one answers")
	}
	return nil
}

// wellFormed refuses text that is not text: invalid UTF-8 and control
// characters other than line breaks and tabs (and, in one-line fields, those
// too). It runs before anything is looked up.
func wellFormed(in SubmitInput) error {
	f := cms.Fields{}
	check := func(field, v string, multiline bool) {
		switch {
		case !utf8.ValidString(v):
			f.Add(field, "is not valid UTF-8 text")
		case strings.ContainsFunc(v, func(r rune) bool {
			return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t'))
		}):
			if multiline {
				f.Add(field, "must not contain control characters other than line breaks and tabs")
			} else {
				f.Add(field, "must be one line without control characters")
			}
		}
	}
	check("author_name", in.AuthorName, false)
	check("author_email", in.AuthorEmail, false)
	check("body", in.Body, true)
	check("website", in.Website, false)
	if in.ParentID != nil {
		check("parent_id", *in.ParentID, false)
	}
	return f.Err()
}

// validate applies the fields' rules and returns the comment to store.
func (s *Service) validate(in SubmitInput) (*cms.Comment, error) {
	f := cms.Fields{}
	name := strings.TrimSpace(in.AuthorName)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		f.Add("author_name", "is required")
	case n > MaxNameLength:
		f.Add("author_name", "must be at most "+strconv.Itoa(MaxNameLength)+" characters")
	}
	email := strings.TrimSpace(in.AuthorEmail)
	if email == "" {
		f.Add("author_email", "is required")
	} else if !validEmail(email) {
		f.Add("author_email", "must be an e-mail address like name@example.com")
	}
	body := strings.TrimSpace(in.Body)
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		f.Add("body", "is required")
	case n > MaxBodyLength:
		f.Add("body", "must be at most "+strconv.Itoa(MaxBodyLength)+" characters")
	}
	var parent *string
	if in.ParentID != nil {
		p := strings.TrimSpace(*in.ParentID)
		switch {
		case p == "":
			f.Add("parent_id", "must be the id of a comment, or left out")
		case len(p) > maxIDLength:
			f.Add("parent_id", "no such comment on this article")
		default:
			parent = &p
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	// The honeypot last, and without naming the field: a bot learns nothing.
	if strings.TrimSpace(in.Website) != "" {
		return nil, refused(cms.EInvalid)
	}
	return &cms.Comment{AuthorName: name, AuthorEmail: email, Body: body, ParentID: parent}, nil
}

// validEmail accepts a bare address (no display name, no quoting) with a
// dotted domain.
func validEmail(s string) bool {
	if len(s) > MaxEmailLength || strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"()<>[]\\,;:", r)
	}) {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return false
	}
	local, domain, _ := strings.Cut(s, "@")
	return len(local) <= 64 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") &&
		!strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

// likelySpam reports whether text carries more links than allowed or a
// blocked word or phrase.
func (s *Service) likelySpam(text string) bool {
	if countLinks(text) > s.cfg.MaxLinks {
		return true
	}
	if len(s.blocked) == 0 {
		return false
	}
	words := strings.Fields(arabic.Normalize(text))
	for _, entry := range s.blocked {
		if containsPhrase(words, entry) {
			return true
		}
	}
	return false
}

// proclitics are the Arabic prefixes written onto a word ("and", "the",
// "with the"...), longest first, after arabic.Normalize: a blocked word
// matches "الكلمة", "والكلمة" and "بالكلمة" as well as "كلمة".
var proclitics = []string{"وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك"}

// containsPhrase reports whether the words hold the phrase's words in a
// row, each word equal to the phrase's or to it with a proclitic.
func containsPhrase(words, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(words); i++ {
		match := true
		for j, p := range phrase {
			if !wordMatches(words[i+j], p) {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func wordMatches(word, blocked string) bool {
	if word == blocked {
		return true
	}
	for _, p := range proclitics {
		if rest, ok := strings.CutPrefix(word, p); ok && rest == blocked && utf8.RuneCountInString(rest) >= 2 {
			return true
		}
	}
	return false
}

// countLinks counts what readers would take for links: URLs with a scheme,
// and "www." addresses without one.
func countLinks(text string) int {
	lower := strings.ToLower(text)
	return strings.Count(lower, "://") + strings.Count(lower, "www.") - strings.Count(lower, "://www.")
}
