package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"

	"newsroom/accounts"
	"newsroom/cms"
	"newsroom/media"
)

// demoImage is a picture the seed draws in code (nothing is downloaded) and
// uploads with its newsroom metadata.
type demoImage struct {
	Filename, Caption, Credit, AltText, Source string
	Draw                                       func(x, y float64) color.RGBA // x, y in 0..1
	Focal                                      cms.FocalPoint
}

var images = []demoImage{
	{
		Filename: "astana-talks.jpg",
		Caption:  "وفود المعارضة والحكومة السورية في قاعة مفاوضات أستانا",
		Credit:   "أستانا / Sputnik",
		AltText:  "قاعة اجتماعات تحت سماء زرقاء عند الغروب",
		Source:   "Sputnik",
		Draw:     dusk,
		Focal:    cms.FocalPoint{X: 0.35, Y: 0.6},
	},
	{
		Filename: "damascus-skyline.jpg",
		Caption:  "أفق مدينة دمشق عند الفجر",
		Credit:   "دمشق / وكالات",
		AltText:  "ظلال مبانٍ ومآذن أمام سماء برتقالية",
		Source:   "وكالات",
		Draw:     skyline,
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.5},
	},
	{
		Filename: "un-security-council.jpg",
		Caption:  "جلسة لمجلس الأمن الدولي حول وقف إطلاق النار",
		Credit:   "نيويورك / Reuters",
		AltText:  "طاولة دائرية كبيرة في قاعة مجلس الأمن",
		Source:   "Reuters",
		Draw:     council,
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.45},
	},
}

// SeedMedia uploads the demo images through the media service, writing one
// progress line per image to out. The pictures are drawn the same way every
// time, so a second run finds them in the library and stores nothing.
func SeedMedia(ctx context.Context, med *media.Service, out io.Writer) ([]*cms.MediaAsset, error) {
	op := accounts.OperatorActor()
	var assets []*cms.MediaAsset
	for _, d := range images {
		data, err := render(d.Draw, 1800, 1200)
		if err != nil {
			return nil, err
		}
		fp := d.Focal
		m, created, err := med.Upload(ctx, op, media.UploadInput{
			Data: data, Filename: d.Filename, Caption: d.Caption, Credit: d.Credit, AltText: d.AltText,
			Source: d.Source, UsageTerms: "للاستخدام التحريري فقط (editorial use only)", FocalPoint: &fp,
		})
		if err != nil {
			return nil, fmt.Errorf("seed image %s: %w", d.Filename, err)
		}
		state := "exists "
		if created {
			state = "created"
		}
		fmt.Fprintf(out, "  %s image %s (%d renditions)\n", state, d.Filename, len(m.Renditions))
		assets = append(assets, m)
	}
	return assets, nil
}

func render(f func(x, y float64) color.RGBA, w, h int) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, f(float64(x)/float64(w), float64(y)/float64(h)))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88}); err != nil {
		return nil, fmt.Errorf("encode demo image: %w", err)
	}
	return buf.Bytes(), nil
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	l := func(p, q uint8) uint8 { return uint8(float64(p)*(1-t) + float64(q)*t) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

// dusk: a sky fading to the horizon over a long table of delegates.
func dusk(x, y float64) color.RGBA {
	sky := mix(color.RGBA{20, 40, 110, 255}, color.RGBA{250, 150, 80, 255}, y/0.6)
	if y > 0.6 {
		sky = mix(color.RGBA{70, 50, 40, 255}, color.RGBA{30, 20, 15, 255}, (y-0.6)/0.4)
	}
	if math.Abs(y-0.62) < 0.03 && x > 0.1 && x < 0.9 {
		return color.RGBA{200, 190, 170, 255} // the table
	}
	for i := 0; i < 8; i++ { // delegates' heads
		cx := 0.15 + float64(i)*0.1
		if math.Hypot(x-cx, (y-0.55)*1.5) < 0.025 {
			return color.RGBA{15, 15, 20, 255}
		}
	}
	return sky
}

// skyline: minarets and domes against a dawn sky.
func skyline(x, y float64) color.RGBA {
	sky := mix(color.RGBA{255, 200, 120, 255}, color.RGBA{120, 60, 90, 255}, y)
	sun := math.Hypot(x-0.7, y-0.45)
	if sun < 0.08 {
		sky = mix(color.RGBA{255, 240, 200, 255}, sky, sun/0.08)
	}
	roof := 0.7 + 0.05*math.Sin(x*40) + 0.04*math.Sin(x*13)
	switch {
	case math.Abs(x-0.3) < 0.008 && y > 0.35, math.Abs(x-0.62) < 0.008 && y > 0.4: // minarets
		return color.RGBA{30, 20, 30, 255}
	case math.Hypot(x-0.45, (y-0.62)*1.2) < 0.09: // a dome
		return color.RGBA{40, 30, 40, 255}
	case y > roof:
		return color.RGBA{35, 25, 35, 255}
	}
	return sky
}

// council: a round table seen from above in a blue hall.
func council(x, y float64) color.RGBA {
	r := math.Hypot((x-0.5)*1.5, y-0.5)
	switch {
	case r > 0.3 && r < 0.36:
		return color.RGBA{230, 225, 210, 255}
	case r <= 0.3:
		return mix(color.RGBA{40, 110, 70, 255}, color.RGBA{20, 70, 40, 255}, r/0.3)
	}
	return mix(color.RGBA{60, 110, 170, 255}, color.RGBA{20, 40, 80, 255}, r)
}
