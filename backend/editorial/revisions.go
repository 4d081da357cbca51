package editorial

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/sergi/go-diff/diffmatchpatch"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// History returns the article's workflow events, oldest first.
func (s *Service) History(ctx context.Context, a cms.Actor, id string) ([]*cms.WorkflowEvent, error) {
	view := s.db.View(ctx)
	if _, err := s.load(view, a, id); err != nil {
		return nil, err
	}
	return view.WorkflowEvents(id)
}

// Revisions lists the article's revisions, newest first.
func (s *Service) Revisions(ctx context.Context, a cms.Actor, id, cursor string, limit int) (cms.Page[*cms.Revision], error) {
	view := s.db.View(ctx)
	if _, err := s.load(view, a, id); err != nil {
		return cms.Page[*cms.Revision]{}, err
	}
	return view.Revisions(id, cursor, limit)
}

// Revision returns one revision with its content.
func (s *Service) Revision(ctx context.Context, a cms.Actor, id string, number int64) (*cms.Revision, error) {
	view := s.db.View(ctx)
	if _, err := s.load(view, a, id); err != nil {
		return nil, err
	}
	return view.Revision(id, number)
}

// FieldChange is one changed field between two revisions.
type FieldChange struct {
	Field string `json:"field"`
	From  any    `json:"from"`
	To    any    `json:"to"`
}

// TextChange is one run of a text diff: equal, insert or delete.
type TextChange struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// BlockChange is one step of the body diff. Op is equal, insert, delete or
// change (same position and type, other content, with Text showing the
// changes in its text).
type BlockChange struct {
	Op    string       `json:"op"`
	From  *int         `json:"from_index"`
	To    *int         `json:"to_index"`
	Old   *cms.Block   `json:"old,omitempty"`
	New   *cms.Block   `json:"new,omitempty"`
	Text  []TextChange `json:"text,omitempty"`
	Items []TextChange `json:"items,omitempty"`
}

// Diff compares two revisions: From is the older state (revision Against),
// To the newer (revision Number).
type Diff struct {
	Number  int64         `json:"number"`
	Against int64         `json:"against"`
	Fields  []FieldChange `json:"fields"`
	Body    []BlockChange `json:"body"`
}

// DiffRevisions compares revision against with revision number of the
// article, field by field and the body block by block.
func (s *Service) DiffRevisions(ctx context.Context, a cms.Actor, id string, number, against int64) (*Diff, error) {
	view := s.db.View(ctx)
	if _, err := s.load(view, a, id); err != nil {
		return nil, err
	}
	newer, err := view.Revision(id, number)
	if err != nil {
		return nil, err
	}
	older, err := view.Revision(id, against)
	if err != nil {
		return nil, err
	}
	return diffContent(number, against, *older.Content, *newer.Content), nil
}

func diffContent(number, against int64, from, to cms.Content) *Diff {
	d := &Diff{Number: number, Against: against, Fields: []FieldChange{}, Body: []BlockChange{}}
	fv, tv := reflect.ValueOf(from), reflect.ValueOf(to)
	for i := 0; i < fv.NumField(); i++ {
		name, _, _ := cutComma(fv.Type().Field(i).Tag.Get("json"))
		if name == "body" {
			continue
		}
		a, b := fv.Field(i).Interface(), tv.Field(i).Interface()
		if !jsonEqual(a, b) {
			d.Fields = append(d.Fields, FieldChange{Field: name, From: a, To: b})
		}
	}
	d.Body = diffBlocks(from.Body, to.Body)
	return d
}

func cutComma(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// diffBlocks aligns the two bodies by their longest common subsequence of
// identical blocks; a deletion followed by an insertion of the same type
// becomes one change with a text diff.
func diffBlocks(from, to []cms.Block) []BlockChange {
	n, m := len(from), len(to)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if jsonEqual(from[i], to[j]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []BlockChange
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && jsonEqual(from[i], to[j]):
			out = append(out, BlockChange{Op: "equal", From: ptr(i), To: ptr(j)})
			i++
			j++
		case i < n && j < m && from[i].Type == to[j].Type && lcs[i+1][j+1] == lcs[i][j]:
			out = append(out, changed(i, j, from[i], to[j]))
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			b := to[j]
			out = append(out, BlockChange{Op: "insert", To: ptr(j), New: &b})
			j++
		default:
			b := from[i]
			out = append(out, BlockChange{Op: "delete", From: ptr(i), Old: &b})
			i++
		}
	}
	if out == nil {
		out = []BlockChange{}
	}
	return out
}

func changed(i, j int, a, b cms.Block) BlockChange {
	c := BlockChange{Op: "change", From: ptr(i), To: ptr(j), Old: &a, New: &b}
	if a.Text != b.Text {
		c.Text = textDiff(a.Text, b.Text)
	}
	if !jsonEqual(a.Items, b.Items) {
		c.Items = textDiff(joinLines(a.Items), joinLines(b.Items))
	}
	return c
}

func joinLines(items []string) string {
	s := ""
	for i, it := range items {
		if i > 0 {
			s += "\n"
		}
		s += it
	}
	return s
}

func textDiff(a, b string) []TextChange {
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(a, b, false))
	out := make([]TextChange, 0, len(diffs))
	for _, d := range diffs {
		op := "equal"
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "insert"
		case diffmatchpatch.DiffDelete:
			op = "delete"
		}
		out = append(out, TextChange{Op: op, Text: d.Text})
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// RestoreRevision makes revision number's content the working copy again,
// as a new revision. Editors only. Returns ENotFound, EForbidden, EConflict
// (e.g. an archived article) or EPreconditionFail.
func (s *Service) RestoreRevision(ctx context.Context, a cms.Actor, id string, number, version int64, checkVersion bool) (*cms.Article, error) {
	var art *cms.Article
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if art, err = s.load(tx, a, id); err != nil {
			return err
		}
		if err := s.policy.Check(a, authz.Article, "restore_revision", relation(a, art)); err != nil {
			return err
		}
		if checkVersion && art.Version != version {
			return stale(art.Version)
		}
		rev, err := tx.Revision(id, number)
		if err != nil {
			return err
		}
		c := rev.Content
		in := ArticleInput{
			Kind: &c.Kind, Language: &c.Language, Headline: &c.Headline, Subheadline: &c.Subheadline, Summary: &c.Summary,
			Slug: &c.Slug, Body: &c.Body, SectionID: optional(c.SectionID), HeroMediaID: optional(c.HeroMediaID),
			TagIDs: &c.TagIDs, StoryIDs: &c.StoryIDs, AuthorIDs: &c.AuthorIDs, RelatedIDs: &c.RelatedIDs,
			LiveWriterIDs: &c.LiveWriterIDs, Source: &c.Source, CommentsOpen: &c.CommentsOpen,
		}
		return s.save(tx, a, art, in, fmt.Sprintf("restored revision %d", number), &number)
	})
	if err != nil {
		return nil, err
	}
	return s.decorate(a, art), nil
}

func optional(p *string) cms.Optional[string] {
	if p == nil {
		return cms.Optional[string]{Set: true, Null: true}
	}
	return cms.Optional[string]{Set: true, Value: *p}
}
