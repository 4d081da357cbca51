// Package media is the newsroom's image library: safe uploads (type decided
// by content, size and pixel limits, metadata stripped), content-addressed
// storage of the original and its renditions in the object store, the
// library's metadata (caption, credit, alt text, rights), and the collector
// of orphaned objects.
//
// Objects first, row second: an asset's row is written only once every
// object it names is stored, and a failed upload deletes what it stored, so
// a row never points to a missing object. What a crash leaves behind is
// found by CollectGarbage (`cms media gc`).
//
// # Object keys
//
// Every object of an asset lives under media/<sha256>/, where <sha256> is
// the hex SHA-256 of the stored (stripped) original, which is also the
// asset's unique checksum:
//
//	media/<sha256>/original.<jpg|png|webp|gif>   the original, metadata stripped
//	media/<sha256>/w320.jpg ... w1600.jpg        widths 320, 640, 1024, 1600 (.png with alpha)
//	media/<sha256>/16x9-<fx>-<fy>.jpg            crops centred on the focal point,
//	media/<sha256>/1x1-<fx>-<fy>.jpg             fx, fy in thousandths (500-500 is the centre)
//
// Content never changes under a key, so every object is served with
// "Cache-Control: public, max-age=31536000, immutable".
package media

import (
	"context"
	"log/slog"

	"newsroom/authz"
	"newsroom/blob"
	"newsroom/cms"
	"newsroom/store"
)

// Prefix is where every media object is stored; nothing else in the object
// store starts with it, so the collector may delete what no row names.
const Prefix = "media/"

// CacheControl is stored with every object and sent when the backend serves
// it: keys are content-addressed, so objects never change.
const CacheControl = "public, max-age=31536000, immutable"

// Config holds the media settings.
type Config struct {
	// MaxBytes is the largest upload accepted (CMS_MEDIA_MAX_BYTES); more
	// is 413.
	MaxBytes int64
	// MaxPixels is the most pixels (width x height) an image may have
	// (CMS_MEDIA_MAX_PIXELS); more is 422. Decoding needs up to 4 bytes per
	// pixel, so this bounds the memory of an upload.
	MaxPixels int64
	// PublicURL is the base URL media objects are served from (a CDN, or the
	// bucket's public URL; CMS_S3_PUBLIC_URL). Empty: URLs are root-relative
	// "/media/..." paths the backend serves itself.
	PublicURL string
}

// DefaultConfig returns the settings used when nothing is configured:
// 20 MiB and 40 megapixels.
func DefaultConfig() Config {
	return Config{MaxBytes: 20 << 20, MaxPixels: 40_000_000}
}

// Service runs the media library's use cases. Each method that acts for
// someone takes the actor and checks the policy first.
type Service struct {
	db     *store.DB
	blob   blob.Store
	policy *authz.Policy
	cfg    Config
	log    *slog.Logger
	// sem lets one image be decoded and resized at a time in this process,
	// which bounds the memory uploads can take.
	sem chan struct{}
}

// New returns the media service storing objects in bs.
func New(db *store.DB, bs blob.Store, policy *authz.Policy, cfg Config, log *slog.Logger) *Service {
	def := DefaultConfig()
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = def.MaxBytes
	}
	if cfg.MaxPixels <= 0 {
		cfg.MaxPixels = def.MaxPixels
	}
	return &Service{db: db, blob: bs, policy: policy, cfg: cfg, log: log, sem: make(chan struct{}, 1)}
}

// MaxBytes returns the upload size limit, for the HTTP layer's body limit.
func (s *Service) MaxBytes() int64 { return s.cfg.MaxBytes }

// PublicURL returns the public base URL of media objects ("" when the
// backend serves them), for callers that embed assets (cms.MediaAsset.SetURLs).
func (s *Service) PublicURL() string { return s.cfg.PublicURL }

// acquire waits for the processing slot; release with <-s.sem.
func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return cms.Errorf(cms.EUnavailable, "the server is busy processing other images; try again")
	}
}

func (s *Service) withURLs(m *cms.MediaAsset) *cms.MediaAsset {
	m.SetURLs(s.cfg.PublicURL)
	return m
}

// relation is how the actor stands to the asset: its uploader or not.
func relation(a cms.Actor, m *cms.MediaAsset) authz.Relation {
	if a.UserID != "" && m.UploadedBy != nil && *m.UploadedBy == a.UserID {
		return authz.Own
	}
	return authz.Other
}
