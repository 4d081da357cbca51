package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"newsroom/authz"
	"newsroom/blob"
	"newsroom/cms"
	"newsroom/store"
)

// UploadInput is an uploaded file and the metadata sent with it.
type UploadInput struct {
	Data     []byte
	Filename string // as the client named it; kept for people, never trusted

	Caption, Credit, AltText, Source, UsageTerms string
	RightsExpireAt                               *time.Time
	FocalPoint                                   *cms.FocalPoint // nil: the centre
}

// Limits of the text fields, in characters.
var textLimits = map[string]int{
	"caption": 2000, "credit": 300, "alt_text": 1000, "source": 300, "usage_terms": 2000, "filename": 255,
}

// cleanText trims v and checks it is printable text within the field's limit.
func cleanText(f cms.Fields, field, v string) string {
	v = strings.TrimSpace(v)
	if !utf8.ValidString(v) {
		f.Add(field, "is not valid UTF-8 text")
		return ""
	}
	for _, r := range v {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			f.Add(field, "must not contain control characters")
			return ""
		}
	}
	if n := utf8.RuneCountInString(v); n > textLimits[field] {
		f.Add(field, fmt.Sprintf("must be at most %d characters", textLimits[field]))
	}
	return v
}

// focal checks a focal point and rounds it to thousandths, the precision of
// crop keys.
func focal(f cms.Fields, fp cms.FocalPoint) cms.FocalPoint {
	if math.IsNaN(fp.X) || math.IsNaN(fp.Y) || fp.X < 0 || fp.X > 1 || fp.Y < 0 || fp.Y > 1 {
		f.Add("focal_point", "x and y must each be between 0 and 1 (0,0 is the top-left corner)")
		return cms.FocalPoint{X: 0.5, Y: 0.5}
	}
	return cms.FocalPoint{X: math.Round(fp.X*1000) / 1000, Y: math.Round(fp.Y*1000) / 1000}
}

// object is one object to store.
type object struct {
	key, contentType string
	data             []byte
}

// Upload adds an image to the library. Writers and editors may upload.
//
// The file's type is decided by its content. Metadata is stripped (see
// Strip); a JPEG whose EXIF orientation says it is rotated or mirrored is
// re-encoded upright instead (quality 92), since the orientation goes with
// the rest of the EXIF and the picture would otherwise show sideways. The
// renditions and crops are made, every object is stored, and then the row is
// written.
//
// When an asset with the same content exists, Upload stores nothing and
// returns that asset unchanged with created false; otherwise created is true.
//
// Returns EForbidden; ETooLarge (413) past MaxBytes; EUnsupportedMedia (415)
// for content that is not a JPEG, PNG, WebP or GIF image whatever its name;
// EInvalid (422) for a damaged or truncated image, more pixels than
// MaxPixels, or invalid metadata fields; EUnavailable (503) when the object
// store cannot be reached, in which case nothing is left behind.
func (s *Service) Upload(ctx context.Context, a cms.Actor, in UploadInput) (asset *cms.MediaAsset, created bool, err error) {
	if err := s.policy.Check(a, authz.Media, "upload", authz.Other); err != nil {
		return nil, false, err
	}
	if int64(len(in.Data)) > s.cfg.MaxBytes {
		return nil, false, tooLarge(s.cfg.MaxBytes)
	}
	f := cms.Fields{}
	m := &cms.MediaAsset{
		Filename:       cleanText(f, "filename", in.Filename),
		Caption:        cleanText(f, "caption", in.Caption),
		Credit:         cleanText(f, "credit", in.Credit),
		AltText:        cleanText(f, "alt_text", in.AltText),
		Source:         cleanText(f, "source", in.Source),
		UsageTerms:     cleanText(f, "usage_terms", in.UsageTerms),
		RightsExpireAt: in.RightsExpireAt,
		FocalPoint:     cms.FocalPoint{X: 0.5, Y: 0.5},
	}
	if in.FocalPoint != nil {
		m.FocalPoint = focal(f, *in.FocalPoint)
	}
	if len(in.Data) == 0 {
		f.Add("file", "is empty; send an image")
	}
	if err := f.Err(); err != nil {
		return nil, false, err
	}
	if m.RightsExpireAt != nil {
		t := m.RightsExpireAt.UTC().Truncate(time.Microsecond)
		m.RightsExpireAt = &t
	}
	if a.UserID != "" {
		id := a.UserID
		m.UploadedBy = &id
	}

	info, err := Inspect(in.Data, s.cfg.MaxPixels)
	if err != nil {
		return nil, false, err
	}
	original, err := Strip(info.Format, in.Data)
	if err != nil {
		return nil, false, damaged(info.Format)
	}

	if err := s.acquire(ctx); err != nil {
		return nil, false, err
	}
	defer func() { <-s.sem }()

	var img image.Image
	if info.Format == JPEG {
		if o := jpegOrientation(in.Data); o != 1 {
			decoded, err := decode(JPEG, original)
			if err != nil {
				return nil, false, damaged(info.Format)
			}
			img = orient(decoded, o)
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
				return nil, false, fmt.Errorf("re-encode rotated jpeg: %w", err)
			}
			original = buf.Bytes()
		}
	}
	sum := sha256.Sum256(original)
	m.Checksum = hex.EncodeToString(sum[:])
	if existing, err := s.db.View(ctx).MediaByChecksum(m.Checksum); err == nil {
		return s.withURLs(existing), false, nil
	} else if cms.ErrorCode(err) != cms.ENotFound {
		return nil, false, err
	}

	if img == nil {
		if img, err = decode(info.Format, original); err != nil {
			return nil, false, damaged(info.Format)
		}
		if info.Format == GIF {
			img = onCanvas(img, info.Width, info.Height)
		}
	}
	b := img.Bounds()
	m.Width, m.Height = b.Dx(), b.Dy()
	m.ContentType = info.Format.ContentType
	m.Bytes = int64(len(original))
	dir := Prefix + m.Checksum + "/"
	m.ObjectKey = dir + "original." + info.Format.Ext

	widths, err := widthRenditions(img, dir)
	if err != nil {
		return nil, false, err
	}
	crops, err := cropRenditions(img, dir, m.FocalPoint)
	if err != nil {
		return nil, false, err
	}
	img = nil // let the pixels go before the network round trips
	objects := []object{{key: m.ObjectKey, contentType: m.ContentType, data: original}}
	m.Renditions = []cms.Rendition{}
	for _, r := range append(widths, crops...) {
		objects = append(objects, object{key: r.Key, contentType: r.contentType, data: r.data})
		m.Renditions = append(m.Renditions, r.Rendition)
	}
	if err := s.putAll(ctx, objects); err != nil {
		return nil, false, err
	}

	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateMedia(m); err != nil {
			return err
		}
		return tx.Audit(a, "media.upload", "media", m.ID, map[string]any{
			"checksum": m.Checksum, "content_type": m.ContentType, "bytes": m.Bytes, "filename": m.Filename,
		})
	})
	if err != nil {
		// Another upload of the same file won the race: its row names the
		// very objects we stored (same keys), so they stay.
		if existing, err2 := s.db.View(context.WithoutCancel(ctx)).MediaByChecksum(m.Checksum); err2 == nil {
			return s.withURLs(existing), false, nil
		}
		s.deleteObjects(ctx, keysOf(objects))
		return nil, false, err
	}
	return s.withURLs(m), true, nil
}

func tooLarge(max int64) error {
	return &cms.Error{Code: cms.ETooLarge,
		Message: fmt.Sprintf("the file is larger than the upload limit of %d bytes", max),
		Fields:  map[string]string{"file": fmt.Sprintf("must be at most %d bytes", max)}}
}

// TooLarge returns the ETooLarge error of an upload past the limit, for the
// HTTP layer that stops reading at the limit.
func (s *Service) TooLarge() error { return tooLarge(s.cfg.MaxBytes) }

func keysOf(objs []object) []string {
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i] = o.key
	}
	return keys
}

// pingTimeout bounds the reachability check of the object store.
const pingTimeout = 3 * time.Second

// putAll stores the objects in order. It checks the object store answers
// first, so an outage fails at once with EUnavailable rather than after the
// client's retries. On any failure it deletes the objects it stored and
// returns EUnavailable when the store turns out unreachable.
func (s *Service) putAll(ctx context.Context, objs []object) error {
	if err := s.ping(ctx); err != nil {
		return err
	}
	for i, o := range objs {
		err := s.blob.Put(ctx, o.key, bytes.NewReader(o.data), int64(len(o.data)),
			blob.PutOptions{ContentType: o.contentType, CacheControl: CacheControl})
		if err != nil {
			s.deleteObjects(ctx, keysOf(objs[:i]))
			if perr := s.ping(ctx); perr != nil {
				s.log.Warn("object store failed during upload", "key", o.key, "error", err)
				return perr
			}
			return fmt.Errorf("store %s: %w", o.key, err)
		}
	}
	return nil
}

// ping returns EUnavailable when the object store does not answer.
func (s *Service) ping(ctx context.Context) error {
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), pingTimeout)
	defer cancel()
	if err := s.blob.Ping(pctx); err != nil {
		s.log.Warn("object store unavailable", "error", err)
		return cms.Errorf(cms.EUnavailable, "the object store is unavailable; nothing was stored, try again shortly")
	}
	return nil
}

// deleteObjects removes keys, best effort: a key it cannot remove is logged
// and left to CollectGarbage. It runs even when ctx is cancelled (the client
// went away), within a bounded time.
func (s *Service) deleteObjects(ctx context.Context, keys []string) {
	if len(keys) == 0 {
		return
	}
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	for _, k := range keys {
		if err := s.blob.Delete(dctx, k); err != nil && !errors.Is(err, blob.ErrNotExist) {
			s.log.Warn("could not delete media object; `cms media gc` will", "key", k, "error", err)
		}
	}
}
