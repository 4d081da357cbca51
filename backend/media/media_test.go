package media_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/authz"
	"newsroom/blob"
	"newsroom/blob/local"
	"newsroom/blob/s3"
	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/media"
	"newsroom/store"
)

var editor = cms.Actor{Name: "test editor", Roles: []cms.Role{cms.RoleEditor}}

// eachStore runs fn on the local directory store and on the S3 test server
// (a bucket of the test's own): the same flow on both stores.
func eachStore(t *testing.T, fn func(t *testing.T, bs blob.Store)) {
	t.Run("local", func(t *testing.T) { fn(t, newStore(t, "local")) })
	t.Run("s3", func(t *testing.T) { fn(t, newStore(t, "s3")) })
}

// eachDBAndStore runs fn on both stores and both databases, each run with
// a fresh database and a fresh store.
func eachDBAndStore(t *testing.T, fn func(t *testing.T, db *store.DB, bs blob.Store)) {
	for _, kind := range []string{"local", "s3"} {
		t.Run(kind, func(t *testing.T) {
			cmstest.EachDB(t, func(t *testing.T, db *store.DB) { fn(t, db, newStore(t, kind)) })
		})
	}
}

func newStore(t *testing.T, kind string) blob.Store {
	t.Helper()
	if kind == "s3" {
		return newS3(t, cmstest.S3(t))
	}
	bs, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bs
}

func newS3(t *testing.T, cfg s3.Config) *s3.Store {
	t.Helper()
	bs, err := s3.New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("S3 test server: %v", err)
	}
	return bs
}

func newService(t *testing.T, db *store.DB, bs blob.Store, cfg ...media.Config) *media.Service {
	t.Helper()
	policy, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	c := media.DefaultConfig()
	if len(cfg) > 0 {
		c = cfg[0]
	}
	return media.New(db, bs, policy, c, cmstest.Logger())
}

// objects returns every key under media/ with its content.
func objects(t *testing.T, bs blob.Store) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := bs.List(t.Context(), media.Prefix, func(i blob.Info) error {
		out[i.Key] = read(t, bs, i.Key)
		return nil
	})
	if err != nil {
		t.Fatalf("list objects: %v", err)
	}
	return out
}

func read(t *testing.T, bs blob.Store, key string) []byte {
	t.Helper()
	o, err := bs.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return b
}

func countRows(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM media_assets").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := cms.ErrorCode(err); err == nil || got != code {
		t.Fatalf("got error %v, want code %s", err, code)
	}
}

// checkAsset checks an uploaded asset against its stored objects: every key
// exists with the right type and caching, the original is what Strip makes,
// and the renditions have the sizes and ratios they claim.
func checkAsset(t *testing.T, bs blob.Store, m *cms.MediaAsset, format media.Format, w, h int) {
	t.Helper()
	if m.ContentType != format.ContentType || m.Width != w || m.Height != h {
		t.Errorf("asset: got %s %dx%d, want %s %dx%d", m.ContentType, m.Width, m.Height, format.ContentType, w, h)
	}
	if m.URL != "/"+m.ObjectKey || !strings.HasPrefix(m.ObjectKey, "media/"+m.Checksum+"/original.") {
		t.Errorf("url %q, key %q: want /media/<checksum>/original.<ext>", m.URL, m.ObjectKey)
	}
	original := read(t, bs, m.ObjectKey)
	if int64(len(original)) != m.Bytes {
		t.Errorf("bytes: got %d, stored %d", m.Bytes, len(original))
	}
	if f, err := media.Sniff(original); err != nil || f != format {
		t.Errorf("stored original sniffs as %v, %v", f, err)
	}
	info, err := bs.Stat(t.Context(), m.ObjectKey)
	if err != nil {
		t.Fatal(err)
	}
	if info.ContentType != format.ContentType || info.CacheControl != media.CacheControl {
		t.Errorf("original stored as %q with Cache-Control %q", info.ContentType, info.CacheControl)
	}

	var widths []int
	for _, r := range m.Renditions {
		data := read(t, bs, r.Key)
		f, err := media.Sniff(data)
		if err != nil {
			t.Fatalf("rendition %s: %v", r.Name, err)
		}
		img, err := decodeAny(f, data)
		if err != nil {
			t.Fatalf("rendition %s: %v", r.Name, err)
		}
		if img.Bounds().Dx() != r.Width || img.Bounds().Dy() != r.Height {
			t.Errorf("rendition %s: claims %dx%d, is %v", r.Name, r.Width, r.Height, img.Bounds().Size())
		}
		info, err := bs.Stat(t.Context(), r.Key)
		if err != nil {
			t.Fatal(err)
		}
		if info.ContentType != f.ContentType || info.CacheControl != media.CacheControl {
			t.Errorf("rendition %s stored as %q (content %s) with Cache-Control %q", r.Name, info.ContentType, f.ContentType, info.CacheControl)
		}
		if r.URL != "/"+r.Key {
			t.Errorf("rendition %s url %q, key %q", r.Name, r.URL, r.Key)
		}
		ratio := float64(r.Width) / float64(r.Height)
		switch r.Name {
		case "16x9":
			if r.Width > 1 && r.Height > 1 && math.Abs(ratio-16.0/9) > 0.05 && r.Height != h {
				t.Errorf("16x9 crop is %dx%d", r.Width, r.Height)
			}
		case "1x1":
			if r.Width != r.Height {
				t.Errorf("1x1 crop is %dx%d", r.Width, r.Height)
			}
		default:
			widths = append(widths, r.Width)
			if r.Width >= w {
				t.Errorf("rendition %s is %d wide, not narrower than the original's %d: never upscale", r.Name, r.Width, w)
			}
			if want := float64(w) / float64(h); math.Abs(ratio-want)/want > 0.02 && r.Height > 2 {
				t.Errorf("rendition %s ratio %.3f, want the original's %.3f", r.Name, ratio, want)
			}
		}
	}
	var want []int
	for _, x := range media.Widths {
		if x < w {
			want = append(want, x)
		}
	}
	if !slices.Equal(widths, want) {
		t.Errorf("rendition widths: got %v, want %v", widths, want)
	}
	if len(m.Renditions) != len(want)+len(media.Crops) {
		t.Errorf("renditions: got %d, want %d widths and %d crops", len(m.Renditions), len(want), len(media.Crops))
	}
}

// TestUploadFlow uploads every format on both databases and both stores.
func TestUploadFlow(t *testing.T) {
	eachDBAndStore(t, func(t *testing.T, db *store.DB, bs blob.Store) {
		svc := newService(t, db, bs)
		ctx := t.Context()
		upload := func(data []byte, name string) (*cms.MediaAsset, bool) {
			t.Helper()
			m, created, err := svc.Upload(ctx, editor, media.UploadInput{Data: data, Filename: name,
				Caption: "وفود في مفاوضات أستانا", Credit: "أستانا / Sputnik", AltText: "قاعة", Source: "Sputnik"})
			if err != nil {
				t.Fatalf("upload %s: %v", name, err)
			}
			return m, created
		}
		tests := []struct {
			name   string
			data   []byte
			format media.Format
			w, h   int
			rend   string // content type of the renditions
		}{
			{"photo.jpg", cmstest.JPEG(t, 1700, 1000, 1), media.JPEG, 1700, 1000, cms.MediaJPEG},
			{"opaque.png", cmstest.PNG(t, 700, 400, 2, false), media.PNG, 700, 400, cms.MediaJPEG},
			{"logo.png", cmstest.PNG(t, 400, 400, 3, true), media.PNG, 400, 400, cms.MediaPNG},
			{"anim.gif", cmstest.GIF(t, 350, 200, 4, 3), media.GIF, 350, 200, cms.MediaJPEG}, // no transparent colour
			{"lossless.webp", readTestdata(t, "gopher-doc.1bpp.lossless.webp"), media.WebP, 75, 100, cms.MediaJPEG},
			{"lossy.webp", readTestdata(t, "blue-purple-pink.lossy.webp"), media.WebP, 150, 100, cms.MediaJPEG},
			{"alpha.webp", readTestdata(t, "yellow_rose.lossy-with-alpha.webp"), media.WebP, 400, 301, cms.MediaPNG},
			// The name says JPEG; the content is a PNG, and that decides.
			{"wrong-extension.jpg", cmstest.PNG(t, 64, 64, 5, false), media.PNG, 64, 64, cms.MediaJPEG},
		}
		for _, tt := range tests {
			m, created := upload(tt.data, tt.name)
			if !created {
				t.Errorf("%s: created false for a new image", tt.name)
			}
			if m.Filename != tt.name || m.Credit != "أستانا / Sputnik" || m.FocalPoint != (cms.FocalPoint{X: 0.5, Y: 0.5}) || m.Version != 1 {
				t.Errorf("%s: metadata %+v", tt.name, m)
			}
			checkAsset(t, bs, m, tt.format, tt.w, tt.h)
			for _, r := range m.Renditions {
				if info, err := bs.Stat(ctx, r.Key); err != nil || info.ContentType != tt.rend {
					t.Errorf("%s: rendition %s is %s (%v), want %s", tt.name, r.Name, info.ContentType, err, tt.rend)
				}
			}
		}

		// The same file again: the same asset, nothing new stored.
		before := objects(t, bs)
		first, _ := upload(tests[0].data, "again.jpg")
		again, created := upload(tests[0].data, "again.jpg")
		if created || again.ID != first.ID || again.Filename != "photo.jpg" {
			t.Errorf("second upload: created %v, id %s (first %s), filename %q", created, again.ID, first.ID, again.Filename)
		}
		if after := objects(t, bs); len(after) != len(before) {
			t.Errorf("objects after uploading the same file twice: %d, before %d", len(after), len(before))
		}
		if n := countRows(t, db); n != len(tests) {
			t.Errorf("rows: got %d, want %d", n, len(tests))
		}

		// A photo with GPS EXIF: no trace of it in anything stored.
		gps := cmstest.WithEXIF(t, cmstest.JPEG(t, 800, 600, 9), 1)
		m, _ := upload(gps, "gps.jpg")
		stored := read(t, bs, m.ObjectKey)
		if bytes.Contains(stored, []byte("Exif")) || bytes.Contains(stored, []byte(cmstest.GPSMarker)) || bytes.Contains(stored, []byte{0xFF, 0xE1}) {
			t.Errorf("stored original still has EXIF/GPS bytes")
		}
		stripped, err := media.Strip(media.JPEG, gps)
		if err != nil || !bytes.Equal(stripped, stored) {
			t.Errorf("stored original is not the losslessly stripped upload (err %v)", err)
		}
		for k, data := range objects(t, bs) {
			if bytes.Contains(data, []byte(cmstest.GPSMarker)) {
				t.Errorf("object %s carries the GPS marker", k)
			}
		}
	})
}

// TestUploadRefusals: what is not a safe image is refused before anything
// is stored.
func TestUploadRefusals(t *testing.T) {
	db := cmstest.SQLite(t)
	bs, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := newService(t, db, bs, media.Config{MaxBytes: 200 << 10, MaxPixels: 40_000_000})
	jpg := cmstest.JPEG(t, 300, 200, 1)
	tests := []struct {
		name  string
		in    media.UploadInput
		code  string
		field string
	}{
		{"text file named .jpg", media.UploadInput{Data: []byte("hello, this is not a photo\n"), Filename: "photo.jpg"}, cms.EUnsupportedMedia, ""},
		{"html named .png", media.UploadInput{Data: []byte("<html><script>alert(1)</script>"), Filename: "x.png"}, cms.EUnsupportedMedia, ""},
		{"truncated jpeg", media.UploadInput{Data: jpg[:len(jpg)/2], Filename: "cut.jpg"}, cms.EInvalid, "file"},
		{"truncated png", media.UploadInput{Data: cmstest.PNG(t, 100, 100, 1, false)[:200], Filename: "cut.png"}, cms.EInvalid, "file"},
		{"png bomb", media.UploadInput{Data: cmstest.PNGBomb(50000, 50000)}, cms.EInvalid, "file"},
		{"gif bomb", media.UploadInput{Data: cmstest.GIFBomb(50000, 50000)}, cms.EInvalid, "file"},
		{"jpeg bomb", media.UploadInput{Data: cmstest.JPEGBomb(t, jpg, 50000, 50000)}, cms.EInvalid, "file"},
		{"empty", media.UploadInput{Data: nil}, cms.EInvalid, "file"},
		{"too large", media.UploadInput{Data: make([]byte, 200<<10+1)}, cms.ETooLarge, "file"},
		{"caption too long", media.UploadInput{Data: jpg, Caption: strings.Repeat("ع", 2001)}, cms.EInvalid, "caption"},
		{"control characters", media.UploadInput{Data: jpg, Credit: "a\x00b"}, cms.EInvalid, "credit"},
		{"focal point outside", media.UploadInput{Data: jpg, FocalPoint: &cms.FocalPoint{X: 1.5, Y: 0.5}}, cms.EInvalid, "focal_point"},
		{"focal point NaN", media.UploadInput{Data: jpg, FocalPoint: &cms.FocalPoint{X: math.NaN(), Y: 0.5}}, cms.EInvalid, "focal_point"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := svc.Upload(t.Context(), editor, tt.in)
			wantCode(t, err, tt.code)
			var ce *cms.Error
			if errors.As(err, &ce) && tt.field != "" && ce.Fields[tt.field] == "" {
				t.Errorf("error %v does not name field %s", err, tt.field)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("refusing took %v", d)
			}
		})
	}
	for _, role := range []cms.Role{cms.RoleModerator, cms.RoleAdmin} {
		_, _, err := svc.Upload(t.Context(), cms.Actor{Name: "x", Roles: []cms.Role{role}}, media.UploadInput{Data: jpg})
		wantCode(t, err, cms.EForbidden)
	}
	if n := countRows(t, db); n != 0 {
		t.Errorf("rows after refusals: %d", n)
	}
	if objs := objects(t, bs); len(objs) != 0 {
		t.Errorf("objects after refusals: %d", len(objs))
	}
}

// A 1x1 image has no width renditions (never upscaled), and its crops are
// still valid 1x1 images.
func TestTinyImage(t *testing.T) {
	db := cmstest.SQLite(t)
	bs, _ := local.New(t.TempDir())
	svc := newService(t, db, bs)
	for _, data := range [][]byte{cmstest.JPEG(t, 1, 1, 1), cmstest.PNG(t, 1, 1, 1, true), cmstest.GIF(t, 1, 1, 1, 1)} {
		m, _, err := svc.Upload(t.Context(), editor, media.UploadInput{Data: data})
		if err != nil {
			t.Fatal(err)
		}
		f, _ := media.Sniff(data)
		checkAsset(t, bs, m, f, 1, 1)
		if len(m.Renditions) != len(media.Crops) {
			t.Errorf("1x1 %s: renditions %+v, want only the crops", f.Name, m.Renditions)
		}
		for _, r := range m.Renditions {
			if r.Width != 1 || r.Height != 1 {
				t.Errorf("1x1 %s: crop %s is %dx%d", f.Name, r.Name, r.Width, r.Height)
			}
		}
	}
}

// A photo whose EXIF says "rotated 90°" is stored upright, without EXIF.
func TestOrientation(t *testing.T) {
	db := cmstest.SQLite(t)
	bs, _ := local.New(t.TempDir())
	svc := newService(t, db, bs)
	m, _, err := svc.Upload(t.Context(), editor, media.UploadInput{Data: cmstest.WithEXIF(t, cmstest.JPEG(t, 400, 200, 1), 6)})
	if err != nil {
		t.Fatal(err)
	}
	checkAsset(t, bs, m, media.JPEG, 200, 400)
	if stored := read(t, bs, m.ObjectKey); bytes.Contains(stored, []byte("Exif")) || bytes.Contains(stored, []byte(cmstest.GPSMarker)) {
		t.Error("re-encoded original still has EXIF")
	}
}

// halves is a wide JPEG, black on the left half and white on the right.
func halves(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 1600, 400))
	for y := 0; y < 400; y++ {
		for x := 800; x < 1600; x++ {
			img.SetGray(x, y, color.Gray{255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func brightness(t *testing.T, data []byte) float64 {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	var sum float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, _, _, _ := img.At(x, y).RGBA()
			sum += float64(r) / 0xffff
		}
	}
	return sum / float64(b.Dx()*b.Dy())
}

// The square crop follows the focal point; a new focal point makes new crop
// objects and removes the old ones, leaving the widths alone.
func TestFocalPointCrops(t *testing.T) {
	eachDBAndStore(t, func(t *testing.T, db *store.DB, bs blob.Store) {
		svc := newService(t, db, bs)
		ctx := t.Context()
		m, _, err := svc.Upload(ctx, editor, media.UploadInput{Data: halves(t), FocalPoint: &cms.FocalPoint{X: 0.1, Y: 0.5}})
		if err != nil {
			t.Fatal(err)
		}
		crop := func(m *cms.MediaAsset, name string) cms.Rendition {
			for _, r := range m.Renditions {
				if r.Name == name {
					return r
				}
			}
			t.Fatalf("no rendition %s", name)
			return cms.Rendition{}
		}
		if b := brightness(t, read(t, bs, crop(m, "1x1").Key)); b > 0.1 {
			t.Errorf("square crop at focal x=0.1: brightness %.2f, want dark", b)
		}
		old := objects(t, bs)
		x, y := 0.9, 0.5
		m2, err := svc.Update(ctx, editor, m.ID, m.Version, media.Patch{FocalPoint: &media.FocalInput{X: &x, Y: &y}})
		if err != nil {
			t.Fatal(err)
		}
		if m2.FocalPoint != (cms.FocalPoint{X: 0.9, Y: 0.5}) || m2.Version != 2 {
			t.Errorf("after patch: focal %v version %d", m2.FocalPoint, m2.Version)
		}
		if b := brightness(t, read(t, bs, crop(m2, "1x1").Key)); b < 0.9 {
			t.Errorf("square crop at focal x=0.9: brightness %.2f, want bright", b)
		}
		for _, name := range []string{"16x9", "1x1"} {
			if crop(m2, name).Key == crop(m, name).Key {
				t.Errorf("crop %s kept its key %s", name, crop(m, name).Key)
			}
			if _, err := bs.Stat(ctx, crop(m, name).Key); !errors.Is(err, blob.ErrNotExist) {
				t.Errorf("old crop %s: got %v, want it deleted", name, err)
			}
		}
		if crop(m2, "w640").Key != crop(m, "w640").Key {
			t.Error("a width rendition changed with the focal point")
		}
		checkAsset(t, bs, m2, media.JPEG, 1600, 400)
		if got := len(objects(t, bs)); got != len(old) {
			t.Errorf("objects after recrop: %d, before %d", got, len(old))
		}
		// A stale version changes nothing and leaves no objects behind.
		x = 0.3
		_, err = svc.Update(ctx, editor, m.ID, 1, media.Patch{FocalPoint: &media.FocalInput{X: &x, Y: &y}})
		wantCode(t, err, cms.EPreconditionFail)
		if got := len(objects(t, bs)); got != len(old) {
			t.Errorf("objects after a stale patch: %d, want %d", got, len(old))
		}
	})
}

// With the object store down, an upload fails fast with EUnavailable and
// leaves no row and no object.
func TestUploadObjectStoreDown(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		cfg := cmstest.S3(t)
		direct := newS3(t, cfg) // creates the bucket; used to look inside afterwards
		proxy := cmstest.NewProxy(t, cfg.Endpoint)
		viaProxy := cfg
		viaProxy.Endpoint = proxy.Addr
		bs := newS3(t, viaProxy)
		svc := newService(t, db, bs)
		if _, _, err := svc.Upload(t.Context(), editor, media.UploadInput{Data: cmstest.JPEG(t, 50, 50, 1)}); err != nil {
			t.Fatalf("upload while the store is up: %v", err)
		}
		proxy.Stop()
		start := time.Now()
		_, _, err := svc.Upload(t.Context(), editor, media.UploadInput{Data: cmstest.JPEG(t, 700, 500, 2)})
		wantCode(t, err, cms.EUnavailable)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("failing took %v; want fast", d)
		}
		if n := countRows(t, db); n != 1 {
			t.Errorf("rows: got %d, want only the first upload's", n)
		}
		// The first upload's 50x50 original has no width renditions.
		if got := len(objects(t, direct)); got != 1+len(media.Crops) {
			t.Errorf("objects in the bucket: %d, want only the first upload's %d", got, 1+len(media.Crops))
		}
	})
}

// A store failure half-way through an upload removes what was stored.
func TestUploadCleansUpAfterFailure(t *testing.T) {
	db := cmstest.SQLite(t)
	bs, _ := local.New(t.TempDir())
	svc := newService(t, db, bs)
	data := cmstest.JPEG(t, 700, 500, 3)
	stripped, err := media.Strip(media.JPEG, data)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256hex(stripped)
	// A file below the key of the second rendition makes that key a
	// directory, so storing the rendition fails after the original and w320
	// were stored.
	blocker := "media/" + sum + "/w640.jpg/blocker"
	if err := bs.Put(t.Context(), blocker, strings.NewReader("x"), 1, blob.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	_, _, err = svc.Upload(t.Context(), editor, media.UploadInput{Data: data})
	if err == nil {
		t.Fatal("upload over a blocked key: got nil error")
	}
	if n := countRows(t, db); n != 0 {
		t.Errorf("rows: %d, want 0", n)
	}
	objs := objects(t, bs)
	if len(objs) != 1 || objs[blocker] == nil {
		keys := make([]string, 0, len(objs))
		for k := range objs {
			keys = append(keys, k)
		}
		t.Errorf("objects left: %v, want only the blocker", keys)
	}
}

// TestDeleteInUse: an asset used by an article, a story or an author
// profile is 409 with the users listed; unused, it goes with its objects.
func TestDeleteInUse(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		bs, _ := local.New(t.TempDir())
		svc := newService(t, db, bs)
		ctx := t.Context()
		m, _, err := svc.Upload(ctx, editor, media.UploadInput{Data: cmstest.JPEG(t, 400, 300, 1), Caption: "صورة"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		userID := cms.NewID(now)
		exec := func(q string, args ...any) {
			t.Helper()
			if db.Dialect() == store.Postgres {
				for i := 1; strings.Contains(q, "?"); i++ {
					q = strings.Replace(q, "?", "$"+string(rune('0'+i)), 1)
				}
			}
			if _, err := db.SQL().ExecContext(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		exec("INSERT INTO users (id, email, name, password_hash, roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			userID, "w@example.com", "W", "x", "writer", now, now)
		articleID, storyID, authorID := cms.NewID(now), cms.NewID(now), cms.NewID(now)
		exec("INSERT INTO articles (id, headline, slug, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			articleID, "مفاوضات أستانا", "astana", userID, now, now)
		exec("INSERT INTO article_media (article_id, media_id) VALUES (?, ?)", articleID, m.ID)
		exec("INSERT INTO stories (id, title, slug, cover_media_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			storyID, "الحرب في سوريا", "syria-war", m.ID, now, now)
		exec("INSERT INTO authors (id, name, slug, avatar_media_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			authorID, "وكالات", "agencies", m.ID, now, now)

		err = svc.Delete(ctx, editor, m.ID)
		wantCode(t, err, cms.EConflict)
		users, _ := err.(*cms.Error).Details["users"].([]cms.MediaUser)
		want := []cms.MediaUser{{Kind: "article", ID: articleID, Title: "مفاوضات أستانا"},
			{Kind: "story", ID: storyID, Title: "الحرب في سوريا"}, {Kind: "author", ID: authorID, Title: "وكالات"}}
		if !slices.Equal(users, want) {
			t.Errorf("users: got %v, want %v", users, want)
		}
		if _, err := svc.Get(ctx, editor, m.ID); err != nil {
			t.Errorf("asset after refused delete: %v", err)
		}
		writer := cms.Actor{UserID: userID, Name: "W", Roles: []cms.Role{cms.RoleWriter}}
		wantCode(t, svc.Delete(ctx, writer, m.ID), cms.EForbidden)

		exec("DELETE FROM article_media")
		exec("UPDATE stories SET cover_media_id = NULL")
		exec("UPDATE authors SET avatar_media_id = NULL")
		if err := svc.Delete(ctx, editor, m.ID); err != nil {
			t.Fatalf("delete unused: %v", err)
		}
		wantCode(t, svc.Delete(ctx, editor, m.ID), cms.ENotFound)
		if objs := objects(t, bs); len(objs) != 0 {
			t.Errorf("objects after delete: %d", len(objs))
		}
	})
}

// TestCollectGarbage: orphans under media/ go, referenced objects, young
// orphans and other prefixes stay.
func TestCollectGarbage(t *testing.T) {
	eachStore(t, func(t *testing.T, bs blob.Store) {
		db := cmstest.SQLite(t)
		svc := newService(t, db, bs)
		ctx := t.Context()
		m, _, err := svc.Upload(ctx, editor, media.UploadInput{Data: cmstest.JPEG(t, 700, 400, 1)})
		if err != nil {
			t.Fatal(err)
		}
		orphans := []string{"media/0000/original.jpg", "media/0000/w320.jpg"}
		for _, k := range append(orphans, "backups/keep.txt") {
			if err := bs.Put(ctx, k, strings.NewReader("orphan"), 6, blob.PutOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		var seen []string
		progress := func(ev media.GCEvent) {
			if ev.Orphan.Key != "" {
				seen = append(seen, ev.Orphan.Key)
			}
		}
		res, err := svc.CollectGarbage(ctx, editor, media.GCOptions{MinAge: time.Hour, Progress: progress})
		if err != nil || res.Young != 2 || res.Deleted != 0 || len(seen) != 0 {
			t.Errorf("young orphans: %+v, %v, seen %v; want them spared", res, err, seen)
		}
		res, err = svc.CollectGarbage(ctx, editor, media.GCOptions{DryRun: true, Progress: progress})
		slices.Sort(seen)
		if err != nil || res.Orphans != 2 || res.Deleted != 0 || !slices.Equal(seen, orphans) {
			t.Errorf("dry run: %+v, %v, seen %v", res, err, seen)
		}
		if len(objects(t, bs)) != len(m.Keys())+2 {
			t.Error("dry run deleted something")
		}
		res, err = svc.CollectGarbage(ctx, editor, media.GCOptions{})
		if err != nil || res.Deleted != 2 || res.Referenced != len(m.Keys()) {
			t.Errorf("collect: %+v, %v", res, err)
		}
		objs := objects(t, bs)
		for _, k := range m.Keys() {
			if objs[k] == nil {
				t.Errorf("referenced object %s was deleted", k)
			}
		}
		if len(objs) != len(m.Keys()) {
			t.Errorf("objects after collect: %d, want %d", len(objs), len(m.Keys()))
		}
		if _, err := bs.Stat(ctx, "backups/keep.txt"); err != nil {
			t.Errorf("object outside media/: %v", err)
		}
		_, err = svc.CollectGarbage(ctx, cms.Actor{Roles: []cms.Role{cms.RoleWriter}}, media.GCOptions{})
		wantCode(t, err, cms.EForbidden)
	})
}

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
