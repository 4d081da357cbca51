package media

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// errDamaged is returned by Strip for a file whose structure does not parse.
var errDamaged = errors.New("damaged or truncated image")

// Strip returns data in format f with its metadata removed, losslessly: the
// pixels are the same bytes, only the metadata containers go. What readers
// could learn from a photo's metadata (where and when it was taken, by which
// device, the photographer's notes, an embedded thumbnail of the uncropped
// picture) never reaches them. It removes
//   - JPEG: every APPn segment except APP0 "JFIF", APP2 "ICC_PROFILE" (the
//     colour profile) and APP14 "Adobe" (needed to decode CMYK/YCCK colours);
//     so EXIF (GPS, camera, thumbnail) and XMP in APP1, and COM comments, go;
//     and anything after the end-of-image marker;
//   - PNG: tEXt, iTXt, zTXt, eXIf and tIME chunks, and anything after IEND;
//   - WebP: EXIF and XMP chunks, with the RIFF size and the VP8X flags fixed;
//   - GIF: comment extensions and application extensions other than the
//     looping ones (NETSCAPE2.0, ANIMEXTS1.0), which is where XMP lives.
//
// Strip is idempotent and never panics; for a structure that does not parse
// it returns an error, and the upload is refused as damaged.
func Strip(f Format, data []byte) ([]byte, error) {
	switch f {
	case JPEG:
		return stripJPEG(data)
	case PNG:
		return stripPNG(data)
	case WebP:
		return stripWebP(data)
	case GIF:
		return stripGIF(data)
	}
	return nil, ErrUnknownFormat
}

// jpegKeep reports whether a JPEG segment with marker m and payload p stays.
func jpegKeep(m byte, p []byte) bool {
	switch {
	case m == 0xE0:
		return bytes.HasPrefix(p, []byte("JFIF\x00"))
	case m == 0xE2:
		return bytes.HasPrefix(p, []byte("ICC_PROFILE\x00"))
	case m == 0xEE:
		return bytes.HasPrefix(p, []byte("Adobe"))
	case m >= 0xE1 && m <= 0xEF, m == 0xFE:
		return false
	}
	return true
}

// jpegSegments walks the marker segments of a JPEG, calling fn with each
// segment's marker, its whole bytes (marker included) and its payload; the
// entropy-coded data after each SOS comes as marker 0 with p == nil. It
// stops at EOI (reported as marker 0xD9) or when fn returns false.
func jpegSegments(data []byte, fn func(m byte, whole, p []byte) bool) error {
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xD8 {
		return errDamaged
	}
	i := 2
	for {
		if i >= len(data) || data[i] != 0xFF {
			return errDamaged
		}
		for i < len(data) && data[i] == 0xFF { // fill bytes before a marker
			i++
		}
		if i >= len(data) {
			return errDamaged
		}
		m := data[i]
		start := i - 1
		i++
		switch {
		case m == 0xD9:
			fn(m, data[start:i], nil)
			return nil
		case m == 0xD8, m == 0x00:
			return errDamaged
		case m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			if !fn(m, data[start:i], nil) {
				return nil
			}
			continue
		}
		if i+2 > len(data) {
			return errDamaged
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return errDamaged
		}
		end := i + n
		if !fn(m, data[start:end], data[i+2:end]) {
			return nil
		}
		i = end
		if m != 0xDA {
			continue
		}
		// Entropy-coded data runs to the next marker that is not a stuffed
		// 0xFF00 or a restart marker.
		k := i
		for {
			j := bytes.IndexByte(data[k:], 0xFF)
			if j < 0 || k+j+1 >= len(data) {
				return errDamaged
			}
			k += j
			n := data[k+1]
			if n == 0x00 || (n >= 0xD0 && n <= 0xD7) {
				k += 2
				continue
			}
			if n == 0xFF {
				k++
				continue
			}
			break
		}
		if !fn(0, data[i:k], nil) {
			return nil
		}
		i = k
	}
}

func stripJPEG(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, 0xD8)
	err := jpegSegments(data, func(m byte, whole, p []byte) bool {
		if p == nil || jpegKeep(m, p) {
			out = append(out, whole...)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// jpegOrientation returns the EXIF orientation (1..8) of a JPEG, or 1 when
// it has none or it cannot be read.
func jpegOrientation(data []byte) int {
	orientation := 1
	_ = jpegSegments(data, func(m byte, _, p []byte) bool {
		if m == 0xDA {
			return false
		}
		if m == 0xE1 && bytes.HasPrefix(p, []byte("Exif\x00\x00")) {
			if o := tiffOrientation(p[6:]); o != 0 {
				orientation = o
			}
			return false
		}
		return true
	})
	return orientation
}

// tiffOrientation reads tag 0x0112 of IFD0 of a TIFF header; 0 if absent.
func tiffOrientation(b []byte) int {
	if len(b) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(b[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(b[2:]) != 42 {
		return 0
	}
	ifd := int64(bo.Uint32(b[4:]))
	if ifd+2 > int64(len(b)) {
		return 0
	}
	n := int64(bo.Uint16(b[ifd:]))
	for e := int64(0); e < n; e++ {
		off := ifd + 2 + 12*e
		if off+12 > int64(len(b)) {
			return 0
		}
		if bo.Uint16(b[off:]) == 0x0112 && bo.Uint16(b[off+2:]) == 3 { // SHORT
			if v := int(bo.Uint16(b[off+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 0
		}
	}
	return 0
}

var pngDrop = map[string]bool{"tEXt": true, "iTXt": true, "zTXt": true, "eXIf": true, "tIME": true}

func stripPNG(data []byte) ([]byte, error) {
	if !bytes.HasPrefix(data, pngSignature) {
		return nil, errDamaged
	}
	out := make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	i := len(pngSignature)
	for {
		if i+12 > len(data) {
			return nil, errDamaged
		}
		n := int64(binary.BigEndian.Uint32(data[i:]))
		end := int64(i) + 12 + n
		if n > 1<<31-1 || end > int64(len(data)) {
			return nil, errDamaged
		}
		typ := string(data[i+4 : i+8])
		if !pngDrop[typ] {
			out = append(out, data[i:end]...)
		}
		i = int(end)
		if typ == "IEND" {
			return out, nil
		}
	}
}

// VP8X flags (the first byte of its payload).
const (
	vp8xEXIF = 0x08
	vp8xXMP  = 0x04
)

func stripWebP(data []byte) ([]byte, error) {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WEBP" {
		return nil, errDamaged
	}
	end := 8 + int64(binary.LittleEndian.Uint32(data[4:]))
	if end > int64(len(data)) || end < 12 {
		return nil, errDamaged
	}
	out := make([]byte, 12, len(data))
	copy(out, data[:12])
	i := int64(12)
	first := true
	for i < end {
		if i+8 > end {
			return nil, errDamaged
		}
		fourcc := string(data[i : i+4])
		n := int64(binary.LittleEndian.Uint32(data[i+4:]))
		chunkEnd := i + 8 + n + n&1
		if chunkEnd > end {
			return nil, errDamaged
		}
		switch {
		case fourcc == "EXIF" || fourcc == "XMP ":
			// dropped
		case fourcc == "VP8X" && first && n >= 10:
			start := len(out)
			out = append(out, data[i:chunkEnd]...)
			out[start+8] &^= vp8xEXIF | vp8xXMP
		default:
			out = append(out, data[i:chunkEnd]...)
		}
		first = false
		i = chunkEnd
	}
	if len(out) == 12 {
		return nil, errDamaged
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}

func stripGIF(data []byte) ([]byte, error) {
	if len(data) < 13 {
		return nil, errDamaged
	}
	i := 13
	if flags := data[10]; flags&0x80 != 0 {
		i += 3 << ((flags & 7) + 1)
	}
	if i > len(data) {
		return nil, errDamaged
	}
	out := make([]byte, 0, len(data))
	out = append(out, data[:i]...)
	// subBlocks returns the index after the sub-blocks starting at k.
	subBlocks := func(k int) (int, bool) {
		for k < len(data) {
			n := int(data[k])
			k++
			if n == 0 {
				return k, true
			}
			k += n
		}
		return 0, false
	}
	images := 0
	for {
		if i >= len(data) {
			if images == 0 {
				return nil, errDamaged
			}
			// A missing trailer after whole blocks: decoders accept it;
			// write the trailer so the output is well-formed.
			return append(out, 0x3B), nil
		}
		switch data[i] {
		case 0x3B:
			return append(out, 0x3B), nil
		case 0x2C:
			k := i + 10
			if k+1 > len(data) {
				return nil, errDamaged
			}
			if flags := data[i+9]; flags&0x80 != 0 {
				k += 3 << ((flags & 7) + 1)
			}
			k++ // LZW minimum code size
			end, ok := subBlocks(k)
			if !ok || k > len(data) {
				return nil, errDamaged
			}
			out = append(out, data[i:end]...)
			images++
			i = end
		case 0x21:
			if i+2 > len(data) {
				return nil, errDamaged
			}
			label := data[i+1]
			end, ok := subBlocks(i + 2)
			if !ok {
				return nil, errDamaged
			}
			keep := label != 0xFE
			if label == 0xFF {
				id := data[i+2 : end]
				keep = len(id) >= 12 && id[0] == 11 &&
					(string(id[1:12]) == "NETSCAPE2.0" || string(id[1:12]) == "ANIMEXTS1.0")
			}
			if keep {
				out = append(out, data[i:end]...)
			}
			i = end
		default:
			return nil, errDamaged
		}
	}
}
