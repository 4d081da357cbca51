package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"newsroom/authz"
	"newsroom/blob"
	"newsroom/cms"
	"newsroom/store"
)

// Get returns an asset. Writers and editors may read the library.
// Returns EForbidden or ENotFound.
func (s *Service) Get(ctx context.Context, a cms.Actor, id string) (*cms.MediaAsset, error) {
	if err := s.policy.Check(a, authz.Media, "read", authz.Other); err != nil {
		return nil, err
	}
	m, err := s.db.View(ctx).Media(id)
	if err != nil {
		return nil, err
	}
	return s.withURLs(m), nil
}

// List returns assets newest first, filtered by f. Writers and editors may
// read the library. Returns EForbidden, or EInvalid for a bad cursor.
func (s *Service) List(ctx context.Context, a cms.Actor, f store.MediaFilter) (cms.Page[*cms.MediaAsset], error) {
	if err := s.policy.Check(a, authz.Media, "read", authz.Other); err != nil {
		return cms.Page[*cms.MediaAsset]{}, err
	}
	if f.ContentType != "" && !slices.Contains(cms.MediaContentTypes, f.ContentType) {
		return cms.Page[*cms.MediaAsset]{}, cms.FieldError("content_type", "must be one of "+strings.Join(cms.MediaContentTypes, ", "))
	}
	page, err := s.db.View(ctx).ListMedia(f)
	for _, m := range page.Data {
		s.withURLs(m)
	}
	return page, err
}

// Patch is the body of changing an asset's metadata: absent fields stay as
// they are. rights_expire_at is an RFC 3339 time, or null to clear it.
type Patch struct {
	Caption        *string              `json:"caption"`
	Credit         *string              `json:"credit"`
	AltText        *string              `json:"alt_text"`
	Source         *string              `json:"source"`
	UsageTerms     *string              `json:"usage_terms"`
	RightsExpireAt cms.Optional[string] `json:"rights_expire_at"`
	FocalPoint     *FocalInput          `json:"focal_point"`
}

// FocalInput is a focal point in a request: both coordinates are required.
type FocalInput struct {
	X *float64 `json:"x"`
	Y *float64 `json:"y"`
}

// ParseTime reads an RFC 3339 time of a request field, returning EInvalid
// naming field when it is not one.
func ParseTime(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, cms.FieldError(field, "must be a time like 2026-05-01T12:00:00Z (RFC 3339)")
	}
	return t.UTC(), nil
}

// Update changes an asset's metadata at version. Its uploader (a writer) or
// an editor may. A new focal point makes new crops, stored under new keys
// before the row changes; the old crop objects are deleted after.
// Returns EForbidden, ENotFound, EInvalid, EPreconditionFail (stale
// version) or EUnavailable (object store down while making crops).
func (s *Service) Update(ctx context.Context, a cms.Actor, id string, version int64, in Patch) (*cms.MediaAsset, error) {
	if err := s.policy.Check(a, authz.Media, "read", authz.Other); err != nil {
		return nil, err
	}
	cur, err := s.db.View(ctx).Media(id)
	if err != nil {
		return nil, err
	}
	if err := s.policy.Check(a, authz.Media, "edit", relation(a, cur)); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	var c store.MediaChange
	for _, p := range []struct {
		field string
		in    *string
		dst   **string
	}{{"caption", in.Caption, &c.Caption}, {"credit", in.Credit, &c.Credit}, {"alt_text", in.AltText, &c.AltText},
		{"source", in.Source, &c.Source}, {"usage_terms", in.UsageTerms, &c.UsageTerms}} {
		if p.in != nil {
			v := cleanText(f, p.field, *p.in)
			*p.dst = &v
		}
	}
	if in.RightsExpireAt.Set {
		var t *time.Time
		if !in.RightsExpireAt.Null {
			if parsed, err := ParseTime("rights_expire_at", in.RightsExpireAt.Value); err != nil {
				f.Add("rights_expire_at", err.(*cms.Error).Fields["rights_expire_at"])
			} else {
				parsed = parsed.Truncate(time.Microsecond)
				t = &parsed
			}
		}
		c.RightsExpireAt = &t
	}
	var fp *cms.FocalPoint
	if in.FocalPoint != nil {
		if in.FocalPoint.X == nil || in.FocalPoint.Y == nil {
			f.Add("focal_point", "give both x and y, each between 0 and 1")
		} else {
			p := focal(f, cms.FocalPoint{X: *in.FocalPoint.X, Y: *in.FocalPoint.Y})
			if p != cur.FocalPoint {
				fp = &p
			}
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if cur.Version != version {
		return nil, &cms.Error{Code: cms.EPreconditionFail,
			Message: "the media asset was changed by someone else since you loaded it; reload and apply your change again",
			Details: map[string]any{"current_version": cur.Version}}
	}

	var newKeys, oldKeys []string
	if fp != nil {
		crops, err := s.recrop(ctx, cur, *fp)
		if err != nil {
			return nil, err
		}
		c.FocalPoint = fp
		c.Renditions = []cms.Rendition{}
		for _, r := range cur.Renditions {
			if isCrop(r.Name) {
				oldKeys = append(oldKeys, r.Key)
			} else {
				c.Renditions = append(c.Renditions, r)
			}
		}
		for _, r := range crops {
			c.Renditions = append(c.Renditions, r.Rendition)
			newKeys = append(newKeys, r.Key)
		}
	}
	var m *cms.MediaAsset
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if m, err = tx.UpdateMedia(id, version, c); err != nil {
			return err
		}
		details := map[string]any{}
		if fp != nil {
			details["focal_point"] = *fp
		}
		tx.Changed("media:" + id) // pages that show the image show its new caption, credit or crops
		return tx.Audit(a, "media.update", "media", id, details)
	})
	if err != nil {
		s.deleteObjects(ctx, newKeys)
		return nil, err
	}
	s.deleteObjects(ctx, oldKeys)
	return s.withURLs(m), nil
}

// recrop makes and stores the crops of asset m for the focal point fp.
func (s *Service) recrop(ctx context.Context, m *cms.MediaAsset, fp cms.FocalPoint) ([]rendered, error) {
	data, err := s.readObject(ctx, m.ObjectKey, m.Bytes)
	if err != nil {
		return nil, err
	}
	f, err := Sniff(data)
	if err != nil {
		return nil, fmt.Errorf("media asset %s: stored original: %w", m.ID, err)
	}
	if err := s.acquire(ctx); err != nil {
		return nil, err
	}
	defer func() { <-s.sem }()
	img, err := decode(f, data)
	if err != nil {
		return nil, fmt.Errorf("media asset %s: decode stored original: %w", m.ID, err)
	}
	if f == GIF {
		img = onCanvas(img, m.Width, m.Height)
	}
	crops, err := cropRenditions(img, Prefix+m.Checksum+"/", fp)
	if err != nil {
		return nil, err
	}
	objs := make([]object, len(crops))
	for i, r := range crops {
		objs[i] = object{key: r.Key, contentType: r.contentType, data: r.data}
	}
	if err := s.putAll(ctx, objs); err != nil {
		return nil, err
	}
	return crops, nil
}

// readObject reads a stored object of at most size bytes.
func (s *Service) readObject(ctx context.Context, key string, size int64) ([]byte, error) {
	o, err := s.blob.Open(ctx, key)
	if err != nil {
		if errors.Is(err, blob.ErrNotExist) {
			return nil, fmt.Errorf("media object %s is missing: %w", key, err)
		}
		if perr := s.ping(ctx); perr != nil {
			return nil, perr
		}
		return nil, err
	}
	defer o.Close()
	data, err := io.ReadAll(io.LimitReader(o, size+1))
	if err != nil {
		if perr := s.ping(ctx); perr != nil {
			return nil, perr
		}
		return nil, fmt.Errorf("read media object %s: %w", key, err)
	}
	return data, nil
}

// Delete removes an asset that nothing uses: its row, then its objects.
// Editors only. Returns EForbidden, ENotFound, or EConflict (409) when
// articles, stories or author profiles use it, listing them in
// Details["users"] as {kind, id, title}.
func (s *Service) Delete(ctx context.Context, a cms.Actor, id string) error {
	if err := s.policy.Check(a, authz.Media, "read", authz.Other); err != nil {
		return err
	}
	var m *cms.MediaAsset
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if m, err = tx.Media(id); err != nil {
			return err
		}
		if err := s.policy.Check(a, authz.Media, "delete", relation(a, m)); err != nil {
			return err
		}
		users, err := tx.MediaUsers(id)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return inUse(users)
		}
		if err := tx.DeleteMedia(id); err != nil {
			if cms.ErrorCode(err) == cms.EConflict { // attached meanwhile
				if users, uerr := tx.MediaUsers(id); uerr == nil && len(users) > 0 {
					return inUse(users)
				}
			}
			return err
		}
		return tx.Audit(a, "media.delete", "media", id, map[string]any{"checksum": m.Checksum, "filename": m.Filename})
	})
	if err != nil {
		return err
	}
	s.deleteObjects(ctx, m.Keys())
	return nil
}

func inUse(users []cms.MediaUser) error {
	names := make([]string, 0, len(users))
	for i, u := range users {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(users)-5))
			break
		}
		names = append(names, fmt.Sprintf("%s %q", u.Kind, u.Title))
	}
	return &cms.Error{Code: cms.EConflict,
		Message: "the image is in use by " + strings.Join(names, ", ") + "; remove it from them first",
		Details: map[string]any{"users": users}}
}

// Open returns the stored object with key for serving. Anyone may read
// media objects: they are what readers load. Returns ENotFound for a key
// outside the media prefix or one that does not exist, EUnavailable when
// the object store does not answer.
func (s *Service) Open(ctx context.Context, key string) (blob.Object, error) {
	if !strings.HasPrefix(key, Prefix) || blob.ValidateKey(key) != nil {
		return nil, cms.Errorf(cms.ENotFound, "no such media file")
	}
	o, err := s.blob.Open(ctx, key)
	if err != nil {
		if errors.Is(err, blob.ErrNotExist) {
			return nil, cms.Errorf(cms.ENotFound, "no such media file")
		}
		if perr := s.ping(ctx); perr != nil {
			return nil, perr
		}
		return nil, err
	}
	return o, nil
}
