package cmstest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// The images below are drawn in code, so tests need no binary fixtures
// beyond the WebP files in media/testdata. seed varies the colours, so
// images of one size can still be told apart by content.

func pattern(w, h, seed int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{uint8(x*255/max(w, 1) + seed*37), uint8(y*255/max(h, 1) + seed*11), uint8((x + y + seed*53) % 256), 255}
			if alpha {
				c.A = uint8(x * 255 / max(w, 1))
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// JPEG returns a w x h photo-like JPEG without metadata.
func JPEG(t testing.TB, w, h, seed int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, pattern(w, h, seed, false), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// PNG returns a w x h PNG, with a transparency gradient when alpha.
func PNG(t testing.TB, w, h, seed int, alpha bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, pattern(w, h, seed, alpha)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// GIF returns a w x h GIF with frames frames (an animation when more than one).
func GIF(t testing.TB, w, h, seed, frames int) []byte {
	t.Helper()
	g := &gif.GIF{LoopCount: 0}
	for f := 0; f < frames; f++ {
		img := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				img.SetColorIndex(x, y, uint8((x/4+y/4+seed+f*7)%256))
			}
		}
		g.Image = append(g.Image, img)
		g.Delay = append(g.Delay, 20)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// GPSMarker is the text hidden in the metadata WithEXIF and PNGWithText add;
// it must never be found in what readers get.
const GPSMarker = "GPS-SECRET-33N36E"

// WithEXIF returns the JPEG jpg with an EXIF APP1 segment (made by hand:
// camera make, a GPS IFD with latitude 33°N, and the orientation when it is
// 1..8), an XMP APP1 segment and a COM comment, all carrying GPSMarker,
// inserted after the start-of-image marker.
func WithEXIF(t testing.TB, jpg []byte, orientation int) []byte {
	t.Helper()
	if len(jpg) < 2 || jpg[0] != 0xFF || jpg[1] != 0xD8 {
		t.Fatal("WithEXIF: not a JPEG")
	}
	le := binary.LittleEndian
	// TIFF header, then IFD0 at offset 8.
	var tiff bytes.Buffer
	tiff.WriteString("II")
	binary.Write(&tiff, le, uint16(42))
	binary.Write(&tiff, le, uint32(8))
	type entry struct {
		tag, typ uint16
		count    uint32
		value    uint32
	}
	make_ := []byte("SecretCam " + GPSMarker + "\x00")
	ifd0 := []entry{{0x010F, 2, uint32(len(make_)), 0}} // Make, ASCII, offset filled below
	if orientation >= 1 && orientation <= 8 {
		ifd0 = append(ifd0, entry{0x0112, 3, 1, uint32(orientation)})
	}
	ifd0 = append(ifd0, entry{0x8825, 4, 1, 0}) // GPS IFD pointer, filled below
	ifd0Size := 2 + 12*len(ifd0) + 4
	makeOff := 8 + ifd0Size
	gpsOff := makeOff + len(make_)
	if gpsOff%2 == 1 {
		gpsOff++
	}
	gps := []entry{{0x0001, 2, 2, uint32('N')}, {0x0002, 5, 3, 0}} // LatitudeRef "N", Latitude 3 RATIONALs
	gpsSize := 2 + 12*len(gps) + 4
	latOff := gpsOff + gpsSize
	ifd0[0].value = uint32(makeOff)
	ifd0[len(ifd0)-1].value = uint32(gpsOff)
	gps[1].value = uint32(latOff)
	writeIFD := func(es []entry) {
		binary.Write(&tiff, le, uint16(len(es)))
		for _, e := range es {
			binary.Write(&tiff, le, e.tag)
			binary.Write(&tiff, le, e.typ)
			binary.Write(&tiff, le, e.count)
			binary.Write(&tiff, le, e.value)
		}
		binary.Write(&tiff, le, uint32(0))
	}
	writeIFD(ifd0)
	tiff.Write(make_)
	for tiff.Len() < gpsOff {
		tiff.WriteByte(0)
	}
	writeIFD(gps)
	for _, v := range []uint32{33, 1, 30, 1, 1234, 100} {
		binary.Write(&tiff, le, v)
	}
	exif := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	xmp := []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>" + GPSMarker + "</exif:GPSLatitude></x:xmpmeta>")
	comment := []byte("taken at " + GPSMarker)

	var out bytes.Buffer
	out.Write(jpg[:2])
	for _, seg := range []struct {
		marker  byte
		payload []byte
	}{{0xE1, exif}, {0xE1, xmp}, {0xFE, comment}} {
		out.Write([]byte{0xFF, seg.marker})
		binary.Write(&out, binary.BigEndian, uint16(len(seg.payload)+2))
		out.Write(seg.payload)
	}
	out.Write(jpg[2:])
	return out.Bytes()
}

// pngChunk encodes one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// PNGWithText returns the PNG p with tEXt, iTXt, eXIf and tIME chunks
// carrying GPSMarker inserted after its header chunk.
func PNGWithText(t testing.TB, p []byte) []byte {
	t.Helper()
	const ihdrEnd = 8 + 8 + 13 + 4
	if len(p) < ihdrEnd || string(p[12:16]) != "IHDR" {
		t.Fatal("PNGWithText: not a PNG")
	}
	var out bytes.Buffer
	out.Write(p[:ihdrEnd])
	out.Write(pngChunk("tEXt", []byte("Comment\x00"+GPSMarker)))
	out.Write(pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+GPSMarker)))
	out.Write(pngChunk("eXIf", []byte("MM\x00\x2a"+GPSMarker)))
	out.Write(pngChunk("tIME", []byte{0x07, 0xea, 5, 1, 12, 0, 0}))
	out.Write(p[ihdrEnd:])
	return out.Bytes()
}

// PNGBomb returns a PNG whose header claims w x h pixels (a decompression
// bomb's header) with almost no data behind it.
func PNGBomb(w, h uint32) []byte {
	var ihdr bytes.Buffer
	binary.Write(&ihdr, binary.BigEndian, w)
	binary.Write(&ihdr, binary.BigEndian, h)
	ihdr.Write([]byte{8, 2, 0, 0, 0}) // 8-bit RGB
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	out.Write(pngChunk("IHDR", ihdr.Bytes()))
	out.Write(pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}))
	out.Write(pngChunk("IEND", nil))
	return out.Bytes()
}

// GIFBomb returns a GIF whose logical screen is w x h pixels.
func GIFBomb(w, h uint16) []byte {
	var out bytes.Buffer
	out.WriteString("GIF89a")
	binary.Write(&out, binary.LittleEndian, w)
	binary.Write(&out, binary.LittleEndian, h)
	out.Write([]byte{0x80, 0, 0})             // a 2-colour global table
	out.Write([]byte{0, 0, 0, 255, 255, 255}) // black, white
	out.Write([]byte{0x2C, 0, 0, 0, 0})
	binary.Write(&out, binary.LittleEndian, w)
	binary.Write(&out, binary.LittleEndian, h)
	out.Write([]byte{0, 2, 2, 0x4C, 0x01, 0, 0x3B})
	return out.Bytes()
}

// JPEGBomb returns the JPEG jpg with the dimensions in its frame header
// replaced by w x h.
func JPEGBomb(t testing.TB, jpg []byte, w, h uint16) []byte {
	t.Helper()
	out := bytes.Clone(jpg)
	for i := 2; i+9 < len(out); {
		if out[i] != 0xFF {
			t.Fatal("JPEGBomb: lost in the segments")
		}
		m := out[i+1]
		n := int(binary.BigEndian.Uint16(out[i+2:]))
		if m == 0xC0 || m == 0xC2 {
			binary.BigEndian.PutUint16(out[i+5:], h)
			binary.BigEndian.PutUint16(out[i+7:], w)
			return out
		}
		i += 2 + n
	}
	t.Fatal("JPEGBomb: no frame header")
	return nil
}
