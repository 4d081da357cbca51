// Package editorial holds the newsroom's editorial use cases: articles and
// their workflow, stories, and the taxonomy of sections, tags and author
// profiles. Every method checks the policy first, then the domain rules, then
// writes in one transaction together with its audit event.
package editorial

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/richtext"
	"newsroom/slug"
	"newsroom/store"
)

// Service runs the editorial use cases.
type Service struct {
	db     *store.DB
	policy *authz.Policy
	log    *slog.Logger
	rich   *richtext.Sanitizer
}

// New returns the editorial service.
func New(db *store.DB, policy *authz.Policy, log *slog.Logger) *Service {
	return &Service{db: db, policy: policy, log: log, rich: richtext.New()}
}

// SectionInput is the body of creating a section and, with absent fields
// left unchanged, of patching one.
type SectionInput struct {
	Name        *string              `json:"name"`
	Slug        *string              `json:"slug"`
	Description *string              `json:"description"`
	ParentID    cms.Optional[string] `json:"parent_id"`
	Position    *int                 `json:"position"`
}

// TagInput is the body of creating or patching a tag.
type TagInput struct {
	Name *string `json:"name"`
	Slug *string `json:"slug"`
}

// AuthorInput is the body of creating or patching an author profile.
type AuthorInput struct {
	Name          *string              `json:"name"`
	Slug          *string              `json:"slug"`
	Bio           *string              `json:"bio"`
	AvatarMediaID cms.Optional[string] `json:"avatar_media_id"`
	UserID        cms.Optional[string] `json:"user_id"`
}

func (s *Service) canRead(a cms.Actor) error {
	return s.policy.Check(a, authz.Taxonomy, "read", authz.Other)
}

func (s *Service) canManage(a cms.Actor) error {
	return s.policy.Check(a, authz.Taxonomy, "manage", authz.Other)
}

// CreateSection adds a section. Editors only. The slug is made from the name
// when absent. Returns EInvalid, EForbidden or EConflict (slug taken).
func (s *Service) CreateSection(ctx context.Context, a cms.Actor, in SectionInput) (*cms.Section, error) {
	if err := s.canManage(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	sec := &cms.Section{
		Name:        text(f, "name", in.Name, 1, 100),
		Description: optionalText(f, "description", in.Description, 2000),
	}
	sec.Slug = slugFor(f, in.Slug, sec.Name)
	if in.Position != nil {
		sec.Position = position(f, *in.Position)
	}
	sec.ParentID = in.ParentID.Ptr()
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if sec.ParentID != nil {
			if _, err := tx.Section(*sec.ParentID); err != nil {
				return parentErr(err)
			}
		}
		if err := tx.CreateSection(sec); err != nil {
			return err
		}
		tx.Changed("sections")
		return tx.Audit(a, "section.create", "section", sec.ID, map[string]any{"slug": sec.Slug})
	})
	return sec, err
}

func parentErr(err error) error {
	if cms.ErrorCode(err) == cms.ENotFound {
		return cms.FieldError("parent_id", "no such section")
	}
	return err
}

// Section returns a section. Returns ENotFound or EForbidden.
func (s *Service) Section(ctx context.Context, a cms.Actor, id string) (*cms.Section, error) {
	if err := s.canRead(a); err != nil {
		return nil, err
	}
	return s.db.View(ctx).Section(id)
}

// ListSections lists sections by position.
func (s *Service) ListSections(ctx context.Context, a cms.Actor, f store.ListFilter) (cms.Page[*cms.Section], error) {
	if err := s.canRead(a); err != nil {
		return cms.Page[*cms.Section]{}, err
	}
	return s.db.View(ctx).ListSections(f)
}

// UpdateSection patches a section at version. Editors only. A section cannot
// become its own ancestor (EInvalid on parent_id).
func (s *Service) UpdateSection(ctx context.Context, a cms.Actor, id string, version int64, in SectionInput) (*cms.Section, error) {
	if err := s.canManage(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	var c store.SectionChange
	if in.Name != nil {
		n := text(f, "name", in.Name, 1, 100)
		c.Name = &n
	}
	if in.Slug != nil {
		sl := slugFor(f, in.Slug, "")
		c.Slug = &sl
	}
	if in.Description != nil {
		d := optionalText(f, "description", in.Description, 2000)
		c.Description = &d
	}
	if in.Position != nil {
		p := position(f, *in.Position)
		c.Position = &p
	}
	if in.ParentID.Set {
		p := in.ParentID.Ptr()
		c.ParentID = &p
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var sec *cms.Section
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if c.ParentID != nil && *c.ParentID != nil {
			parent := **c.ParentID
			if parent == id {
				return cms.FieldError("parent_id", "a section cannot be its own parent")
			}
			ancestors, err := tx.SectionAncestors(parent)
			if err != nil {
				return parentErr(err)
			}
			if slices.Contains(ancestors, id) {
				return cms.FieldError("parent_id", "would put the section inside one of its own sub-sections")
			}
		}
		var err error
		if sec, err = tx.UpdateSection(id, version, c); err != nil {
			return err
		}
		tx.Changed("section:"+id, "sections")
		return tx.Audit(a, "section.update", "section", id, nil)
	})
	return sec, err
}

// DeleteSection removes a section that nothing uses. Editors only.
func (s *Service) DeleteSection(ctx context.Context, a cms.Actor, id string) error {
	if err := s.canManage(a); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSection(id); err != nil {
			return err
		}
		tx.Changed("section:"+id, "sections")
		return tx.Audit(a, "section.delete", "section", id, nil)
	})
}

// CreateTag adds a tag. Editors only.
func (s *Service) CreateTag(ctx context.Context, a cms.Actor, in TagInput) (*cms.Tag, error) {
	if err := s.canManage(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	t := &cms.Tag{Name: text(f, "name", in.Name, 1, 100)}
	t.Slug = slugFor(f, in.Slug, t.Name)
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateTag(t); err != nil {
			return err
		}
		return tx.Audit(a, "tag.create", "tag", t.ID, map[string]any{"slug": t.Slug})
	})
	return t, err
}

// Tag returns a tag.
func (s *Service) Tag(ctx context.Context, a cms.Actor, id string) (*cms.Tag, error) {
	if err := s.canRead(a); err != nil {
		return nil, err
	}
	return s.db.View(ctx).Tag(id)
}

// ListTags lists tags by name.
func (s *Service) ListTags(ctx context.Context, a cms.Actor, f store.ListFilter) (cms.Page[*cms.Tag], error) {
	if err := s.canRead(a); err != nil {
		return cms.Page[*cms.Tag]{}, err
	}
	return s.db.View(ctx).ListTags(f)
}

// UpdateTag patches a tag at version. Editors only.
func (s *Service) UpdateTag(ctx context.Context, a cms.Actor, id string, version int64, in TagInput) (*cms.Tag, error) {
	if err := s.canManage(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	var c store.TagChange
	if in.Name != nil {
		n := text(f, "name", in.Name, 1, 100)
		c.Name = &n
	}
	if in.Slug != nil {
		sl := slugFor(f, in.Slug, "")
		c.Slug = &sl
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var t *cms.Tag
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if t, err = tx.UpdateTag(id, version, c); err != nil {
			return err
		}
		tx.Changed("tag:"+id, "tags")
		return tx.Audit(a, "tag.update", "tag", id, nil)
	})
	return t, err
}

// DeleteTag removes a tag. Editors only.
func (s *Service) DeleteTag(ctx context.Context, a cms.Actor, id string) error {
	if err := s.canManage(a); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteTag(id); err != nil {
			return err
		}
		tx.Changed("tag:"+id, "tags")
		return tx.Audit(a, "tag.delete", "tag", id, nil)
	})
}

// CreateAuthor adds an author profile. Editors only.
func (s *Service) CreateAuthor(ctx context.Context, a cms.Actor, in AuthorInput) (*cms.Author, error) {
	if err := s.canManage(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	au := &cms.Author{Name: text(f, "name", in.Name, 1, 200), Bio: optionalText(f, "bio", in.Bio, 5000)}
	au.Slug = slugFor(f, in.Slug, au.Name)
	au.AvatarMediaID = in.AvatarMediaID.Ptr()
	au.UserID = in.UserID.Ptr()
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateAuthor(au); err != nil {
			return err
		}
		return tx.Audit(a, "author.create", "author", au.ID, map[string]any{"slug": au.Slug})
	})
	return au, err
}

// Author returns an author profile.
func (s *Service) Author(ctx context.Context, a cms.Actor, id string) (*cms.Author, error) {
	if err := s.canRead(a); err != nil {
		return nil, err
	}
	return s.db.View(ctx).Author(id)
}

// ListAuthors lists author profiles by name.
func (s *Service) ListAuthors(ctx context.Context, a cms.Actor, f store.ListFilter) (cms.Page[*cms.Author], error) {
	if err := s.canRead(a); err != nil {
		return cms.Page[*cms.Author]{}, err
	}
	return s.db.View(ctx).ListAuthors(f)
}

// UpdateAuthor patches an author profile at version. Editors only.
func (s *Service) UpdateAuthor(ctx context.Context, a cms.Actor, id string, version int64, in AuthorInput) (*cms.Author, error) {
	if err := s.canManage(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	var c store.AuthorChange
	if in.AvatarMediaID.Set {
		p := in.AvatarMediaID.Ptr()
		c.AvatarMediaID = &p
	}
	if in.UserID.Set {
		p := in.UserID.Ptr()
		c.UserID = &p
	}
	if in.Name != nil {
		n := text(f, "name", in.Name, 1, 200)
		c.Name = &n
	}
	if in.Slug != nil {
		sl := slugFor(f, in.Slug, "")
		c.Slug = &sl
	}
	if in.Bio != nil {
		b := optionalText(f, "bio", in.Bio, 5000)
		c.Bio = &b
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var au *cms.Author
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if au, err = tx.UpdateAuthor(id, version, c); err != nil {
			return err
		}
		tx.Changed("author:"+id, "authors")
		return tx.Audit(a, "author.update", "author", id, nil)
	})
	return au, err
}

// DeleteAuthor removes an author profile no article carries. Editors only.
func (s *Service) DeleteAuthor(ctx context.Context, a cms.Actor, id string) error {
	if err := s.canManage(a); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteAuthor(id); err != nil {
			return err
		}
		tx.Changed("author:"+id, "authors")
		return tx.Audit(a, "author.delete", "author", id, nil)
	})
}

// text validates a required single-line text field of min..max characters.
func text(f cms.Fields, field string, v *string, min, max int) string {
	if v == nil {
		if min > 0 {
			f.Add(field, "is required")
		}
		return ""
	}
	s := strings.TrimSpace(*v)
	n := utf8.RuneCountInString(s)
	switch {
	case n < min:
		f.Add(field, "is required")
	case n > max:
		f.Add(field, "must be at most "+strconv.Itoa(max)+" characters")
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		f.Add(field, "must be one line without control characters")
	}
	return s
}

// optionalText validates a multi-line text field of at most max characters.
func optionalText(f cms.Fields, field string, v *string, max int) string {
	if v == nil {
		return ""
	}
	s := strings.TrimSpace(*v)
	switch {
	case utf8.RuneCountInString(s) > max:
		f.Add(field, "must be at most "+strconv.Itoa(max)+" characters")
	case strings.ContainsFunc(s, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f }):
		f.Add(field, "must not contain control characters")
	}
	return s
}

// slugFor validates a given slug, or makes one from name when none is given.
func slugFor(f cms.Fields, given *string, name string) string {
	if given != nil {
		s := strings.TrimSpace(*given)
		if !slug.Valid(s) {
			f.Add("slug", "must be lower-case letters (Arabic kept), digits and single hyphens, at most 80 characters")
		}
		return s
	}
	s := slug.Make(name)
	if s == "" && name != "" {
		f.Add("slug", "cannot be made from the name; give one")
	}
	return s
}

func position(f cms.Fields, p int) int {
	if p < 0 || p > 1_000_000 {
		f.Add("position", "must be between 0 and 1000000")
	}
	return p
}
