package media_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"golang.org/x/image/webp"

	"newsroom/cmstest"
	"newsroom/media"
)

// metadata lists the metadata containers found in data, walking its
// structure independently of the code under test: JPEG APPn segments other
// than JFIF, ICC and Adobe, and COM; PNG text, eXIf and tIME chunks; WebP
// EXIF and XMP chunks and VP8X flags saying they exist.
func metadata(t testing.TB, f media.Format, data []byte) []string {
	t.Helper()
	var found []string
	switch f {
	case media.JPEG:
		for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
			m := data[i+1]
			if m == 0xDA || m == 0xD9 {
				break
			}
			n := int(binary.BigEndian.Uint16(data[i+2:]))
			p := data[i+4 : min(i+2+n, len(data))]
			keep := (m == 0xE0 && bytes.HasPrefix(p, []byte("JFIF\x00"))) ||
				(m == 0xE2 && bytes.HasPrefix(p, []byte("ICC_PROFILE\x00"))) ||
				(m == 0xEE && bytes.HasPrefix(p, []byte("Adobe")))
			if (m >= 0xE0 && m <= 0xEF && !keep) || m == 0xFE {
				found = append(found, "jpeg segment "+string("0123456789ABCDEF"[m>>4])+string("0123456789ABCDEF"[m&15]))
			}
			i += 2 + n
		}
	case media.PNG:
		for i := 8; i+8 <= len(data); {
			n := int(binary.BigEndian.Uint32(data[i:]))
			typ := string(data[i+4 : i+8])
			switch typ {
			case "tEXt", "iTXt", "zTXt", "eXIf", "tIME":
				found = append(found, "png chunk "+typ)
			}
			if n < 0 || i+12+n > len(data) {
				break
			}
			i += 12 + n
		}
	case media.WebP:
		for i := 12; i+8 <= len(data); {
			typ := string(data[i : i+4])
			n := int(binary.LittleEndian.Uint32(data[i+4:]))
			switch {
			case typ == "EXIF" || typ == "XMP ":
				found = append(found, "webp chunk "+typ)
			case typ == "VP8X" && i+8 < len(data) && data[i+8]&0x0C != 0:
				found = append(found, "webp VP8X metadata flags")
			}
			if n < 0 || i+8+n+n&1 > len(data) {
				break
			}
			i += 8 + n + n&1
		}
	}
	return found
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// webpWithEXIF wraps the lossless gopher in a VP8X container with EXIF and
// XMP chunks carrying cmstest.GPSMarker.
func webpWithEXIF(t testing.TB) []byte {
	t.Helper()
	src := readTestdata(t, "gopher-doc.1bpp.lossless.webp") // 75 x 100, RIFF + one VP8L chunk
	vp8l := src[12:]
	chunk := func(typ string, data []byte) []byte {
		var b bytes.Buffer
		b.WriteString(typ)
		binary.Write(&b, binary.LittleEndian, uint32(len(data)))
		b.Write(data)
		if len(data)%2 == 1 {
			b.WriteByte(0)
		}
		return b.Bytes()
	}
	vp8x := []byte{0x08 | 0x04, 0, 0, 0, 74, 0, 0, 99, 0, 0} // EXIF and XMP flags; 75 x 100
	var body bytes.Buffer
	body.WriteString("WEBP")
	body.Write(chunk("VP8X", vp8x))
	body.Write(vp8l)
	body.Write(chunk("EXIF", []byte("II*\x00"+cmstest.GPSMarker)))
	body.Write(chunk("XMP ", []byte("<x:xmpmeta>"+cmstest.GPSMarker+"</x:xmpmeta>")))
	var out bytes.Buffer
	out.WriteString("RIFF")
	binary.Write(&out, binary.LittleEndian, uint32(body.Len()))
	out.Write(body.Bytes())
	return out.Bytes()
}

func decodeAny(f media.Format, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch f {
	case media.JPEG:
		return jpeg.Decode(r)
	case media.PNG:
		return png.Decode(r)
	case media.WebP:
		return webp.Decode(r)
	case media.GIF:
		return gif.Decode(r)
	}
	return nil, errors.New("unknown format")
}

func TestStripRemovesMetadata(t *testing.T) {
	tests := []struct {
		name   string
		format media.Format
		data   []byte
	}{
		{"jpeg with GPS EXIF, XMP and a comment", media.JPEG, cmstest.WithEXIF(t, cmstest.JPEG(t, 64, 48, 1), 1)},
		{"png with text, eXIf and tIME", media.PNG, cmstest.PNGWithText(t, cmstest.PNG(t, 30, 20, 1, true))},
		{"webp with EXIF and XMP", media.WebP, webpWithEXIF(t)},
		{"gif with a comment", media.GIF, gifWithComment(t)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(tt.data, []byte(cmstest.GPSMarker)) {
				t.Fatal("test image carries no marker")
			}
			if f, err := media.Sniff(tt.data); err != nil || f != tt.format {
				t.Fatalf("Sniff: got %v, %v, want %v", f, err, tt.format)
			}
			out, err := media.Strip(tt.format, tt.data)
			if err != nil {
				t.Fatalf("Strip: %v", err)
			}
			if bytes.Contains(out, []byte(cmstest.GPSMarker)) || bytes.Contains(out, []byte("Exif\x00\x00")) {
				t.Errorf("stripped output still carries the metadata")
			}
			if m := metadata(t, tt.format, out); len(m) > 0 {
				t.Errorf("stripped output has metadata containers %v", m)
			}
			before, err := decodeAny(tt.format, tt.data)
			if err != nil {
				t.Fatalf("decode input: %v", err)
			}
			after, err := decodeAny(tt.format, out)
			if err != nil {
				t.Fatalf("decode stripped output: %v", err)
			}
			if before.Bounds() != after.Bounds() {
				t.Errorf("bounds: got %v, want %v", after.Bounds(), before.Bounds())
			}
			b := before.Bounds()
			for _, p := range []image.Point{b.Min, b.Max.Sub(image.Pt(1, 1)), {b.Dx() / 2, b.Dy() / 2}} {
				if before.At(p.X, p.Y) != after.At(p.X, p.Y) {
					t.Errorf("pixel %v changed: stripping must be lossless", p)
				}
			}
			again, err := media.Strip(tt.format, out)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("Strip is not idempotent (err %v)", err)
			}
		})
	}
}

// gifWithComment returns an animated GIF with a comment extension and an
// XMP application extension carrying the marker.
func gifWithComment(t testing.TB) []byte {
	g := cmstest.GIF(t, 20, 10, 1, 2)
	i := bytes.Index(g, []byte{0x21, 0xFF, 0x0B, 'N', 'E', 'T'}) // after the looping extension's start
	if i < 0 {
		t.Fatal("no NETSCAPE2.0 extension in the generated GIF")
	}
	comment := append([]byte{0x21, 0xFE, byte(len(cmstest.GPSMarker))}, cmstest.GPSMarker...)
	comment = append(comment, 0)
	xmp := append([]byte{0x21, 0xFF, 11}, "XMP DataXMP"...)
	xmp = append(append(xmp, byte(len(cmstest.GPSMarker))), cmstest.GPSMarker...)
	xmp = append(xmp, 0)
	return append(append(append(bytes.Clone(g[:i]), comment...), xmp...), g[i:]...)
}

func TestSniffIgnoresNames(t *testing.T) {
	tests := []struct {
		data []byte
		want media.Format
		ok   bool
	}{
		{cmstest.JPEG(t, 8, 8, 0), media.JPEG, true},
		{cmstest.PNG(t, 8, 8, 0, false), media.PNG, true},
		{cmstest.GIF(t, 8, 8, 0, 1), media.GIF, true},
		{readTestdata(t, "blue-purple-pink.lossy.webp"), media.WebP, true},
		{readTestdata(t, "gopher-doc.1bpp.lossless.webp"), media.WebP, true},
		{readTestdata(t, "yellow_rose.lossy-with-alpha.webp"), media.WebP, true},
		{[]byte("this is a text file named photo.jpg\n"), media.Format{}, false},
		{[]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), media.Format{}, false},
		{[]byte("RIFF\x00\x00\x00\x00WAVEfmt "), media.Format{}, false},
		{nil, media.Format{}, false},
	}
	for _, tt := range tests {
		f, err := media.Sniff(tt.data)
		if tt.ok && (err != nil || f != tt.want) {
			t.Errorf("Sniff(%.12q): got %v, %v, want %v", tt.data, f, err, tt.want)
		}
		if !tt.ok && !errors.Is(err, media.ErrUnknownFormat) {
			t.Errorf("Sniff(%.12q): got %v, %v, want ErrUnknownFormat", tt.data, f, err)
		}
	}
}

func TestInspectRefusesBombsBeforeDecoding(t *testing.T) {
	bombs := map[string][]byte{
		"png":  cmstest.PNGBomb(50000, 50000),
		"gif":  cmstest.GIFBomb(50000, 50000),
		"jpeg": cmstest.JPEGBomb(t, cmstest.JPEG(t, 16, 16, 0), 50000, 50000),
	}
	for name, data := range bombs {
		allocs := testing.AllocsPerRun(5, func() {
			if _, err := media.Inspect(data, 40_000_000); err == nil {
				t.Fatalf("%s bomb: got nil error, want one", name)
			}
		})
		// Parsing a header allocates a few small buffers, never the pixels.
		if allocs > 100 {
			t.Errorf("%s bomb: %v allocations to refuse it", name, allocs)
		}
	}
}

// FuzzSniff checks the sniffer and the stripper on any input: they never
// panic; what Strip returns sniffs as the same format, carries no metadata
// container, and strips to itself.
func FuzzSniff(f *testing.F) {
	f.Add(cmstest.WithEXIF(f, cmstest.JPEG(f, 16, 8, 1), 6))
	f.Add(cmstest.JPEG(f, 9, 9, 2))
	f.Add(cmstest.PNGWithText(f, cmstest.PNG(f, 5, 5, 1, true)))
	f.Add(cmstest.GIF(f, 6, 4, 1, 2))
	f.Add(gifWithComment(f))
	f.Add(webpWithEXIF(f))
	f.Add(readTestdata(f, "blue-purple-pink.lossy.webp"))
	f.Add(cmstest.PNGBomb(50000, 50000))
	f.Add(cmstest.GIFBomb(50000, 50000))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*"))
	f.Add([]byte("RIFF\x10\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00"))
	f.Add([]byte("not an image"))
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := media.Sniff(data)
		if err != nil {
			return
		}
		_, _ = media.Inspect(data, 1_000_000)
		out, err := media.Strip(format, data)
		if err != nil {
			return
		}
		if f2, err := media.Sniff(out); err != nil || f2 != format {
			t.Fatalf("stripped output sniffs as %v, %v; want %v", f2, err, format)
		}
		if m := metadata(t, format, out); len(m) > 0 {
			t.Fatalf("stripped output has metadata containers %v", m)
		}
		again, err := media.Strip(format, out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("Strip is not idempotent: err %v", err)
		}
	})
}
