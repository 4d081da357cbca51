package cms

import (
	"strings"
	"time"
)

// The content types a media asset can have. Uploads are recognised by their
// content, never by their name or the type the client claims.
const (
	MediaJPEG = "image/jpeg"
	MediaPNG  = "image/png"
	MediaWebP = "image/webp"
	MediaGIF  = "image/gif"
)

// MediaContentTypes lists the accepted content types in display order.
var MediaContentTypes = []string{MediaJPEG, MediaPNG, MediaWebP, MediaGIF}

// MediaAsset is an image in the media library: the original (metadata
// stripped), its renditions and crops, and what the newsroom knows about it.
// URL and the renditions' URLs are filled by SetURLs from the object keys.
type MediaAsset struct {
	ID          string `json:"id"`
	ContentType string `json:"content_type"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Bytes       int64  `json:"bytes"`
	// Checksum is the hex SHA-256 of the stored original; the same file
	// uploaded twice is the same asset.
	Checksum string `json:"checksum"`
	// Filename is the name the file had on the uploader's machine; shown to
	// editors only, never used to decide anything.
	Filename       string      `json:"filename"`
	Caption        string      `json:"caption"`
	Credit         string      `json:"credit"`
	AltText        string      `json:"alt_text"`
	Source         string      `json:"source"`
	UsageTerms     string      `json:"usage_terms"`
	RightsExpireAt *time.Time  `json:"rights_expire_at"`
	FocalPoint     FocalPoint  `json:"focal_point"`
	URL            string      `json:"url"`
	Renditions     []Rendition `json:"renditions"`
	UploadedBy     *string     `json:"uploaded_by"`
	Version        int64       `json:"version"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`

	// ObjectKey is the blob key of the original.
	ObjectKey string `json:"-"`
}

// FocalPoint is the centre of interest of an image, as fractions of its width
// and height (0..1, the top-left corner is 0,0). Crops are centred on it.
type FocalPoint struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Rendition is a resized copy or a crop of an asset. Name is "w320", "w640",
// "w1024", "w1600" for widths and "16x9", "1x1" for crops.
type Rendition struct {
	Name   string `json:"name"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	URL    string `json:"url"`
	// Key is the blob key of the rendition.
	Key string `json:"-"`
}

// RightsExpired reports whether the asset's usage rights have run out at t.
func (m *MediaAsset) RightsExpired(t time.Time) bool {
	return m.RightsExpireAt != nil && !m.RightsExpireAt.After(t)
}

// Keys returns the blob keys of the original and of every rendition.
func (m *MediaAsset) Keys() []string {
	keys := []string{m.ObjectKey}
	for _, r := range m.Renditions {
		keys = append(keys, r.Key)
	}
	return keys
}

// SetURLs fills URL and the renditions' URLs from their keys: publicBase
// followed by the key when a public base URL (a CDN, the bucket's own URL)
// is configured, else the root-relative "/<key>" the backend serves itself.
// Callers that embed assets (delivery API, feeds) call it with the same base
// as the admin API.
func (m *MediaAsset) SetURLs(publicBase string) {
	m.URL = MediaURL(publicBase, m.ObjectKey)
	for i := range m.Renditions {
		m.Renditions[i].URL = MediaURL(publicBase, m.Renditions[i].Key)
	}
}

// MediaURL returns the URL readers load the object key from (see SetURLs).
func MediaURL(publicBase, key string) string {
	if key == "" {
		return ""
	}
	if publicBase == "" {
		return "/" + key
	}
	return strings.TrimSuffix(publicBase, "/") + "/" + key
}

// MediaUser is an object that uses a media asset, listed in the 409 answer to
// deleting an asset in use. Kind is "article", "story" or "author".
type MediaUser struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title"`
}

// RightsExpiredError returns the EInvalid error (422) that refuses to
// publish content using assets whose rights have expired, naming each one
// in Fields["media"] and listing them in Details["expired_media"]. It returns
// nil when assets is empty. Publishing and the scheduler call it with the
// result of store.Tx.ExpiredMedia.
func RightsExpiredError(assets []*MediaAsset) error {
	if len(assets) == 0 {
		return nil
	}
	names := make([]string, 0, len(assets))
	list := make([]map[string]any, 0, len(assets))
	for _, a := range assets {
		name := a.Caption
		if name == "" {
			name = a.Filename
		}
		if name == "" {
			name = a.ID
		}
		exp := ""
		if a.RightsExpireAt != nil {
			exp = a.RightsExpireAt.UTC().Format(time.RFC3339)
		}
		names = append(names, quote(name)+" (expired "+exp+")")
		list = append(list, map[string]any{"id": a.ID, "caption": a.Caption, "credit": a.Credit, "rights_expire_at": exp})
	}
	return &Error{
		Code:    EInvalid,
		Message: "the usage rights of images used here have expired: " + strings.Join(names, ", ") + "; replace them or extend their rights",
		Fields:  map[string]string{"media": "images with expired rights: " + strings.Join(names, ", ")},
		Details: map[string]any{"expired_media": list},
	}
}
