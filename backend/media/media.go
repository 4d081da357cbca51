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
	"fmt"
	"log/slog"
	"sync"
	"time"

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
	// UploadQueue is how many uploads may wait for the one decode slot
	// while another is decoded; Admit refuses more with 503. Each admitted
	// upload holds its file in memory, so at most 1+UploadQueue files of up
	// to MaxBytes are held at once. Zero or less: 4.
	UploadQueue int
	// UploadTimeout is how long an admitted upload may take to deliver its
	// body (CMS_MEDIA_UPLOAD_TIMEOUT), counted from its admission; past it
	// the upload is refused with 408 and its slot freed, so a client that
	// sends slowly cannot hold one for long. Zero or less:
	// DefaultUploadTimeout(MaxBytes).
	UploadTimeout time.Duration
	// PublicURL is the base URL media objects are served from (a CDN, or the
	// bucket's public URL; CMS_S3_PUBLIC_URL). Empty: URLs are root-relative
	// "/media/..." paths the backend serves itself.
	PublicURL string
}

// DefaultConfig returns the settings used when nothing is configured:
// 20 MiB, 40 megapixels, 4 uploads waiting, and 30s to send an upload.
func DefaultConfig() Config {
	return Config{MaxBytes: 20 << 20, MaxPixels: 40_000_000, UploadQueue: 4, UploadTimeout: DefaultUploadTimeout(20 << 20)}
}

// DefaultUploadTimeout is the UploadTimeout of uploads of up to maxBytes:
// 10 seconds, plus one for each MiB of maxBytes (30s for 20 MiB). A client
// sending at least 1 MiB a second (8 Mbit/s) delivers the largest upload in
// time; smaller uploads leave slower clients room.
func DefaultUploadTimeout(maxBytes int64) time.Duration {
	return 10*time.Second + time.Duration(maxBytes)*time.Second/(1<<20)
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
	// admitted holds a token per upload admitted (Admit): the one decoding
	// and those waiting for sem, each holding its file in memory.
	admitted chan struct{}
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
	if cfg.UploadQueue <= 0 {
		cfg.UploadQueue = def.UploadQueue
	}
	if cfg.UploadTimeout <= 0 {
		cfg.UploadTimeout = DefaultUploadTimeout(cfg.MaxBytes)
	}
	return &Service{db: db, blob: bs, policy: policy, cfg: cfg, log: log, sem: make(chan struct{}, 1),
		admitted: make(chan struct{}, 1+cfg.UploadQueue)}
}

// uploadRetryAfter is the Retry-After, in seconds, of an upload refused
// because too many are in progress: about one image's processing.
const uploadRetryAfter = 2

// Admit admits an upload before its file is read into memory: at most
// 1+UploadQueue uploads (one decoding, the others waiting for it) are
// admitted at once, which bounds the memory their files take. The caller
// reads the file and calls Upload, then release (once). Anyone may call
// it; Upload checks the policy. Returns EUnavailable (503) with
// Details["retry_after_seconds"] at once, without waiting, when the queue
// is full.
func (s *Service) Admit() (release func(), err error) {
	select {
	case s.admitted <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-s.admitted }) }, nil
	default:
		return nil, &cms.Error{Code: cms.EUnavailable,
			Message: fmt.Sprintf("the server is processing %d uploads already; retry after the Retry-After seconds", cap(s.admitted)),
			Details: map[string]any{"retry_after_seconds": uploadRetryAfter}}
	}
}

// Admitted returns how many uploads are admitted now, and how many may be.
func (s *Service) Admitted() (n, limit int) { return len(s.admitted), cap(s.admitted) }

// MaxBytes returns the upload size limit, for the HTTP layer's body limit.
func (s *Service) MaxBytes() int64 { return s.cfg.MaxBytes }

// UploadTimeout returns how long an admitted upload may take to deliver
// its body, for the HTTP layer's read deadline.
func (s *Service) UploadTimeout() time.Duration { return s.cfg.UploadTimeout }

// UploadTimedOut returns the ERequestTimeout error of an upload whose body
// did not arrive within UploadTimeout.
func (s *Service) UploadTimedOut() error {
	return cms.Errorf(cms.ERequestTimeout, "the upload did not arrive within %s of its start; send it again over a faster connection (the server's CMS_MEDIA_UPLOAD_TIMEOUT sets the time)", s.cfg.UploadTimeout)
}

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
