package media

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"

	"newsroom/cms"
)

// Format is an image format the library accepts.
type Format struct {
	ContentType string // image/jpeg...
	Ext         string // file extension of stored objects, without the dot
	Name        string // for messages: "JPEG"
}

// The accepted formats.
var (
	JPEG = Format{cms.MediaJPEG, "jpg", "JPEG"}
	PNG  = Format{cms.MediaPNG, "png", "PNG"}
	WebP = Format{cms.MediaWebP, "webp", "WebP"}
	GIF  = Format{cms.MediaGIF, "gif", "GIF"}
)

// ErrUnknownFormat is returned by Sniff for content that is not a JPEG, PNG,
// WebP or GIF image.
var ErrUnknownFormat = errors.New("not a JPEG, PNG, WebP or GIF image")

// Sniff decides the format of data from its magic bytes alone; the name and
// the type the client sent are never consulted. It returns ErrUnknownFormat
// for anything else. Inspect goes on to parse the header.
func Sniff(data []byte) (Format, error) {
	switch {
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return JPEG, nil
	case bytes.HasPrefix(data, pngSignature):
		return PNG, nil
	case len(data) >= 16 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP" &&
		(string(data[12:16]) == "VP8 " || string(data[12:16]) == "VP8L" || string(data[12:16]) == "VP8X"):
		return WebP, nil
	case bytes.HasPrefix(data, []byte("GIF87a")) || bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF, nil
	}
	return Format{}, ErrUnknownFormat
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// decodeConfig parses only the header of data in format f: the dimensions,
// without allocating the pixels.
func decodeConfig(f Format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		return jpeg.DecodeConfig(r)
	case PNG:
		return png.DecodeConfig(r)
	case WebP:
		return webp.DecodeConfig(r)
	case GIF:
		return gif.DecodeConfig(r)
	}
	return image.Config{}, ErrUnknownFormat
}

// decode decodes the whole image (the first frame of a GIF). Call it only
// after the header's dimensions passed the pixel limit.
func decode(f Format, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		return jpeg.Decode(r)
	case PNG:
		return png.Decode(r)
	case WebP:
		return webp.Decode(r)
	case GIF:
		return gif.Decode(r)
	}
	return nil, ErrUnknownFormat
}

// Info is what Inspect learns from an upload's header.
type Info struct {
	Format Format
	Width  int
	Height int
}

// Inspect sniffs data and parses its header, without decoding the pixels.
// Returns EUnsupportedMedia (415) for content that is not one of the four
// formats, EInvalid (422) for a header that does not parse (a damaged or
// truncated file) or for more pixels than maxPixels (a decompression bomb:
// refused before anything is allocated).
func Inspect(data []byte, maxPixels int64) (Info, error) {
	f, err := Sniff(data)
	if err != nil {
		return Info{}, cms.Errorf(cms.EUnsupportedMedia,
			"the file is not a JPEG, PNG, WebP or GIF image; its content was checked, not its name")
	}
	cfg, err := decodeConfig(f, data)
	if err != nil {
		return Info{}, damaged(f)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Info{}, damaged(f)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return Info{}, &cms.Error{Code: cms.EInvalid,
			Message: fmt.Sprintf("the image is %d x %d pixels, more than the limit of %d pixels", cfg.Width, cfg.Height, maxPixels),
			Fields:  map[string]string{"file": fmt.Sprintf("has %d x %d pixels; at most %d in all are accepted", cfg.Width, cfg.Height, maxPixels)}}
	}
	return Info{Format: f, Width: cfg.Width, Height: cfg.Height}, nil
}

func damaged(f Format) error {
	return &cms.Error{Code: cms.EInvalid,
		Message: "the file looks like a " + f.Name + " image but is damaged or truncated",
		Fields:  map[string]string{"file": "is a damaged or truncated " + f.Name + " image"}}
}
