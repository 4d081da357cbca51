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
	"strings"

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

// Pictures and their size: articles' images, and the bylines' portraits.
const (
	pictureW, pictureH = 1800, 1200
	portraitSize       = 600
)

// images are the demo's pictures. Arabic articles use those with Arabic
// captions and English ones those with English captions; an English version
// is a different crop of the scene, since the library keeps one asset per
// content. Files named avatar-* are the bylines' portraits.
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
	{
		Filename: "euphrates-drought.jpg",
		Caption:  "مجرى نهر الفرات وقد انحسرت مياهه قرب الرقة",
		Credit:   "الرقة / وكالات",
		AltText:  "نهر ضيق يشق أرضاً جافة متشققة",
		Source:   "وكالات",
		Draw:     river,
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.6},
	},
	{
		Filename: "oil-field.jpg",
		Caption:  "مضخات نفط في حقل صحراوي عند المغيب",
		Credit:   "وكالات",
		AltText:  "مضخات نفط وشعلة غاز أمام سماء حمراء",
		Source:   "وكالات",
		Draw:     oilField,
		Focal:    cms.FocalPoint{X: 0.4, Y: 0.65},
	},
	{
		Filename: "stadium.jpg",
		Caption:  "الملعب الرئيسي لكأس آسيا قبيل المباراة النهائية",
		Credit:   "وكالات",
		AltText:  "أرضية ملعب خضراء تحيط بها مدرجات ممتلئة",
		Source:   "وكالات",
		Draw:     stadium,
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.6},
	},
	{
		Filename: "astana-talks-en.jpg",
		Caption:  "Delegations take their seats for the Astana talks",
		Credit:   "Astana / Sputnik",
		AltText:  "Delegates seated along a long table at dusk",
		Source:   "Sputnik",
		Draw:     crop(dusk, 0.1, 0.3, 0.7),
		Focal:    cms.FocalPoint{X: 0.4, Y: 0.5},
	},
	{
		Filename: "un-security-council-en.jpg",
		Caption:  "Delegates in a United Nations conference hall",
		Credit:   "New York / Reuters",
		AltText:  "A large round table in a blue-lit hall",
		Source:   "Reuters",
		Draw:     crop(council, 0.15, 0.1, 0.7),
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.5},
	},
	{
		Filename: "euphrates-drought-en.jpg",
		Caption:  "The Euphrates at record low water near Raqqa",
		Credit:   "Raqqa / Reuters",
		AltText:  "A narrow river winding through dry, cracked land",
		Source:   "Reuters",
		Draw:     crop(river, 0.2, 0.25, 0.65),
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.5},
	},
	{
		Filename: "oil-field-en.jpg",
		Caption:  "Pumpjacks in a desert oil field at sunset",
		Credit:   "Reuters",
		AltText:  "Oil pumps and a gas flare against a red sky",
		Source:   "Reuters",
		Draw:     crop(oilField, 0.05, 0.25, 0.7),
		Focal:    cms.FocalPoint{X: 0.45, Y: 0.6},
	},
	{
		Filename: "stadium-en.jpg",
		Caption:  "The Asian Cup's main stadium before the final",
		Credit:   "Reuters",
		AltText:  "A green pitch surrounded by packed stands",
		Source:   "Reuters",
		Draw:     crop(stadium, 0.15, 0.2, 0.7),
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.5},
	},
	{
		Filename: "skyline-en.jpg",
		Caption:  "Rooftops and minarets of an old city at dawn",
		Credit:   "Reuters",
		AltText:  "Silhouettes of domes and minarets against an orange sky",
		Source:   "Reuters",
		Draw:     crop(skyline, 0.2, 0.3, 0.6),
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.55},
	},
	{
		Filename: "avatar-sara-al-khatib.jpg",
		Caption:  "سارة الخطيب",
		Credit:   "فريق التحرير",
		AltText:  "صورة شخصية لسارة الخطيب",
		Draw:     portrait(color.RGBA{120, 160, 190, 255}, color.RGBA{60, 35, 30, 255}, color.RGBA{90, 40, 70, 255}, true),
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.4},
	},
	{
		Filename: "avatar-omar-al-najjar.jpg",
		Caption:  "عمر النجار",
		Credit:   "فريق التحرير",
		AltText:  "صورة شخصية لعمر النجار",
		Draw:     portrait(color.RGBA{200, 180, 140, 255}, color.RGBA{30, 25, 20, 255}, color.RGBA{40, 60, 100, 255}, false),
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.4},
	},
	{
		Filename: "avatar-daniel-hart.jpg",
		Caption:  "Daniel Hart",
		Credit:   "Newsroom staff",
		AltText:  "Portrait of Daniel Hart",
		Draw:     portrait(color.RGBA{150, 170, 150, 255}, color.RGBA{140, 100, 60, 255}, color.RGBA{70, 70, 80, 255}, false),
		Focal:    cms.FocalPoint{X: 0.5, Y: 0.4},
	},
}

// SeedMedia uploads the demo images through the media service, writing one
// progress line per image to out. The pictures are drawn the same way every
// time, so a second run finds them in the library and stores nothing.
func SeedMedia(ctx context.Context, med *media.Service, out io.Writer) ([]*cms.MediaAsset, error) {
	op := accounts.OperatorActor()
	var assets []*cms.MediaAsset
	for _, d := range images {
		w, h := pictureW, pictureH
		if strings.HasPrefix(d.Filename, "avatar-") {
			w, h = portraitSize, portraitSize
		}
		data, err := render(d.Draw, w, h)
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

// crop is a closer view of a scene: the square of side scale at (x0, y0).
func crop(f func(x, y float64) color.RGBA, x0, y0, scale float64) func(x, y float64) color.RGBA {
	return func(x, y float64) color.RGBA { return f(x0+x*scale, y0+y*scale) }
}

// river: the Euphrates shrunk to a thread in a dry, cracked bed.
func river(x, y float64) color.RGBA {
	if y < 0.35 {
		return mix(color.RGBA{170, 200, 230, 255}, color.RGBA{240, 225, 190, 255}, y/0.35)
	}
	d := (y - 0.35) / 0.65 // 0 at the horizon, 1 at the bottom
	centre := 0.5 + 0.12*math.Sin(d*7)
	dist := math.Abs(x - centre)
	switch {
	case dist < 0.01+0.06*d: // the water left
		return mix(color.RGBA{90, 130, 150, 255}, color.RGBA{50, 100, 130, 255}, d)
	case dist < 0.04+0.2*d: // the old bed, pale mud
		return mix(color.RGBA{200, 185, 150, 255}, color.RGBA{180, 160, 120, 255}, d)
	}
	// Cracked earth: dark lines on a tan ground, wider apart near the viewer.
	cx, cy := math.Mod(x*(30-20*d)+math.Sin(y*50), 1), math.Mod(y*(40-25*d), 1)
	if cx < 0.05 || cy < 0.05 {
		return color.RGBA{120, 95, 65, 255}
	}
	return mix(color.RGBA{205, 170, 120, 255}, color.RGBA{170, 130, 85, 255}, d)
}

// oilField: pumpjacks and a gas flare on a desert at sunset.
func oilField(x, y float64) color.RGBA {
	ground := 0.68 + 0.03*math.Sin(x*9)
	if y > ground {
		return mix(color.RGBA{150, 90, 50, 255}, color.RGBA{70, 40, 25, 255}, (y-ground)/(1-ground))
	}
	dark := color.RGBA{25, 15, 15, 255}
	for _, px := range []float64{0.2, 0.45, 0.62} {
		switch {
		case math.Abs(x-px) < 0.006 && y > ground-0.12: // the post
			return dark
		case y > ground-0.13-0.04*(x-px)*4 && y < ground-0.11-0.04*(x-px)*4 && math.Abs(x-px) < 0.08: // the beam
			return dark
		case math.Hypot(x-(px-0.08), y-(ground-0.09)) < 0.02: // the horse head
			return dark
		}
	}
	if math.Abs(x-0.85) < 0.004 && y > ground-0.25 { // the flare stack
		return dark
	}
	sky := mix(color.RGBA{60, 30, 70, 255}, color.RGBA{240, 110, 50, 255}, y/ground)
	if f := math.Hypot((x-0.85)*2, y-(ground-0.28)); f < 0.06 {
		return mix(color.RGBA{255, 230, 120, 255}, sky, f/0.06)
	}
	return sky
}

// stadium: a striped pitch seen from the stands, under floodlights.
func stadium(x, y float64) color.RGBA {
	if y < 0.4 {
		// The stands: rows of spectators in many colours.
		row, seat := int(y*60), int(x*90)
		if (row*7+seat*13)%5 == 0 {
			return color.RGBA{220, 40, 40, 255}
		}
		return mix(color.RGBA{40, 40, 60, 255}, color.RGBA{200, 200, 210, 255}, float64((row*31+seat*17)%11)/10)
	}
	d := (y - 0.4) / 0.6
	px := 0.5 + (x-0.5)/(0.5+0.5*d) // undo the perspective
	if math.Abs(px-0.5) < 0.004/(0.5+0.5*d) || math.Abs(d-0.02) < 0.006 || math.Hypot((px-0.5)*0.6, d-0.45) < 0.12 && math.Hypot((px-0.5)*0.6, d-0.45) > 0.11 {
		return color.RGBA{235, 240, 235, 255} // the lines
	}
	if int(d*12)%2 == 0 {
		return color.RGBA{40, 140, 60, 255}
	}
	return color.RGBA{50, 160, 70, 255}
}

// portrait: head and shoulders on a plain background, a scarf when
// covered is true.
func portrait(bg, hair, clothes color.RGBA, covered bool) func(x, y float64) color.RGBA {
	skin := color.RGBA{205, 160, 125, 255}
	return func(x, y float64) color.RGBA {
		head := math.Hypot((x-0.5)*1.15, y-0.4)
		switch {
		case y > 0.72 && math.Hypot((x-0.5)*0.8, (y-1.05)*1.3) < 0.45:
			return clothes
		case covered && head < 0.22 && y < 0.62:
			if head < 0.16 && y > 0.3 {
				return skin
			}
			return hair
		case head < 0.17:
			if y < 0.3 {
				return hair
			}
			return skin
		case y > 0.55 && y < 0.75 && math.Abs(x-0.5) < 0.06:
			return skin // the neck
		}
		return mix(bg, color.RGBA{bg.R / 2, bg.G / 2, bg.B / 2, 255}, y)
	}
}
