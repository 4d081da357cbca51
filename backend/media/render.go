package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"

	"golang.org/x/image/draw"

	"newsroom/cms"
)

// Widths are the widths of the resized renditions, named "w<width>". A width
// at or above the original's is skipped: renditions are never upscaled.
var Widths = []int{320, 640, 1024, 1600}

// Crop is a fixed-ratio crop centred on the focal point, named Name and
// scaled down to at most MaxWidth.
type Crop struct {
	Name     string
	W, H     int // aspect ratio
	MaxWidth int
}

// Crops are the crops every asset gets.
var Crops = []Crop{{Name: "16x9", W: 16, H: 9, MaxWidth: 1600}, {Name: "1x1", W: 1, H: 1, MaxWidth: 1024}}

// jpegQuality is the quality of JPEG renditions: small files, no visible
// artefacts at news-photo sizes.
const jpegQuality = 82

// rendered is an encoded rendition ready to store.
type rendered struct {
	cms.Rendition
	contentType string
	data        []byte
}

// opaque reports whether every pixel of img is fully opaque; such images get
// JPEG renditions, others PNG so their transparency survives.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}

// scaled resamples the part r of src to w x h with Catmull-Rom.
func scaled(src image.Image, r image.Rectangle, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, r, draw.Src, nil)
	return dst
}

func encode(img image.Image, isOpaque bool) ([]byte, string, string, error) {
	var buf bytes.Buffer
	if isOpaque {
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return nil, "", "", fmt.Errorf("encode jpeg: %w", err)
		}
		return buf.Bytes(), cms.MediaJPEG, "jpg", nil
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, "", "", fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), cms.MediaPNG, "png", nil
}

// widthRenditions makes the resized copies of img, stored under dir.
func widthRenditions(img image.Image, dir string) ([]rendered, error) {
	b := img.Bounds()
	isOpaque := opaque(img)
	var out []rendered
	for _, w := range Widths {
		if w >= b.Dx() {
			continue
		}
		h := max(1, int(math.Round(float64(w)*float64(b.Dy())/float64(b.Dx()))))
		data, ct, ext, err := encode(scaled(img, b, w, h), isOpaque)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("w%d", w)
		out = append(out, rendered{Rendition: cms.Rendition{Name: name, Width: w, Height: h, Key: dir + name + "." + ext}, contentType: ct, data: data})
	}
	return out, nil
}

// cropRect returns the largest rectangle of ratio aw:ah inside b, centred on
// the focal point as far as the edges allow.
func cropRect(b image.Rectangle, aw, ah int, fp cms.FocalPoint) image.Rectangle {
	W, H := b.Dx(), b.Dy()
	w, h := W, int(math.Round(float64(W)*float64(ah)/float64(aw)))
	if h > H {
		h = H
		w = int(math.Round(float64(H) * float64(aw) / float64(ah)))
	}
	w, h = min(max(w, 1), W), min(max(h, 1), H)
	x := int(math.Round(fp.X*float64(W) - float64(w)/2))
	y := int(math.Round(fp.Y*float64(H) - float64(h)/2))
	x = min(max(x, 0), W-w)
	y = min(max(y, 0), H-h)
	return image.Rect(b.Min.X+x, b.Min.Y+y, b.Min.X+x+w, b.Min.Y+y+h)
}

// cropRenditions makes the crops of img centred on fp. Their keys carry the
// focal point, so a new focal point gives new keys and a CDN never serves a
// stale crop.
func cropRenditions(img image.Image, dir string, fp cms.FocalPoint) ([]rendered, error) {
	isOpaque := opaque(img)
	var out []rendered
	for _, c := range Crops {
		r := cropRect(img.Bounds(), c.W, c.H, fp)
		w, h := r.Dx(), r.Dy()
		if w > c.MaxWidth {
			h = max(1, int(math.Round(float64(c.MaxWidth)*float64(h)/float64(w))))
			w = c.MaxWidth
		}
		data, ct, ext, err := encode(scaled(img, r, w, h), isOpaque)
		if err != nil {
			return nil, err
		}
		key := fmt.Sprintf("%s%s-%03d-%03d.%s", dir, c.Name, int(math.Round(fp.X*1000)), int(math.Round(fp.Y*1000)), ext)
		out = append(out, rendered{Rendition: cms.Rendition{Name: c.Name, Width: w, Height: h, Key: key}, contentType: ct, data: data})
	}
	return out, nil
}

// isCrop reports whether a rendition name is one of Crops.
func isCrop(name string) bool {
	for _, c := range Crops {
		if c.Name == name {
			return true
		}
	}
	return false
}

// onCanvas returns img drawn on a transparent canvas of w x h at the
// origin: a GIF's first frame may cover only part of its logical screen.
func onCanvas(img image.Image, w, h int) image.Image {
	if img.Bounds() == image.Rect(0, 0, w, h) {
		return img
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, img.Bounds(), img, img.Bounds().Min, draw.Src)
	return dst
}

// orient applies an EXIF orientation (2..8) to img, so the pixels stand the
// way the camera meant them to.
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	W, H := b.Dx(), b.Dy()
	dw, dh := W, H
	if o >= 5 {
		dw, dh = H, W
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored horizontally
				dx, dy = W-1-x, y
			case 3: // rotated 180
				dx, dy = W-1-x, H-1-y
			case 4: // mirrored vertically
				dx, dy = x, H-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // rotated 90 clockwise
				dx, dy = H-1-y, x
			case 7: // transversed
				dx, dy = H-1-y, W-1-x
			case 8: // rotated 90 counter-clockwise
				dx, dy = y, W-1-x
			}
			dst.Set(dx, dy, color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)))
		}
	}
	return dst
}
