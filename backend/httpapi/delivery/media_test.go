package delivery_test

import (
	"bytes"
	"image"
	_ "image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"newsroom/blob"
	"newsroom/blob/local"
	"newsroom/blob/s3"
	"newsroom/cmstest"
	"newsroom/store"
)

// TestHeroImageReachesReaders is issue 5's "done when": an editor uploads a
// photo with its caption and credit, makes it an article's hero image and
// publishes; the delivery API returns the caption, credit, alt text and
// rendition URLs that serve real images — on the local store and on S3.
func TestHeroImageReachesReaders(t *testing.T) {
	stores := map[string]func(t *testing.T) blob.Store{
		"local": func(t *testing.T) blob.Store {
			s, err := local.New(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		"s3": func(t *testing.T) blob.Store {
			s, err := s3.New(t.Context(), cmstest.S3(t))
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
				app := cmstest.NewApp(t, db, cmstest.Options{Blob: open(t)})
				ed := app.NewClient(t, "editor")
				var buf bytes.Buffer
				w := multipart.NewWriter(&buf)
				for _, f := range [][2]string{{"caption", "وفود في قاعة المفاوضات"}, {"credit", "أستانا / Sputnik"}, {"alt_text", "قاعة اجتماعات"}, {"source", "Sputnik"}} {
					w.WriteField(f[0], f[1])
				}
				fw, _ := w.CreateFormFile("file", "astana.jpg")
				fw.Write(cmstest.JPEG(t, 1800, 1000, 7))
				w.Close()
				res := app.Do(cmstest.Request{Method: "POST", Path: admin + "/media", Token: ed.Token, Body: buf.Bytes(),
					Header: map[string]string{"Content-Type": w.FormDataContentType()}})
				if res.Status != http.StatusCreated {
					t.Fatalf("upload: %d %s", res.Status, res.Body)
				}
				asset := res.JSON(t)
				art := ed.Must(201, "POST", admin+"/articles", map[string]any{"headline": "صورة المفاوضات", "body": body(1), "hero_media_id": asset["id"]})
				ed.Must(200, "POST", admin+"/articles/"+art["id"].(string)+"/publish", nil)

				a := get(t, app, "/api/v1/articles/"+url.PathEscape(art["slug"].(string))).JSON(t)
				hero, _ := a["hero_image"].(map[string]any)
				if hero == nil || hero["caption"] != "وفود في قاعة المفاوضات" || hero["credit"] != "أستانا / Sputnik" || hero["alt_text"] != "قاعة اجتماعات" {
					t.Fatalf("hero image: %v", a["hero_image"])
				}
				rends := hero["renditions"].([]any)
				if len(rends) < 4 {
					t.Fatalf("renditions: %v", rends)
				}
				for _, u := range append([]any{hero["url"]}, rendURLs(rends)...) {
					r := get(t, app, u.(string))
					if r.Status != 200 {
						t.Fatalf("GET %s: %d", u, r.Status)
					}
					if _, _, err := image.Decode(bytes.NewReader(r.Body)); err != nil {
						t.Errorf("GET %s is not an image: %v", u, err)
					}
				}
			})
		})
	}
}

func rendURLs(rends []any) []any {
	var out []any
	for _, r := range rends {
		out = append(out, r.(map[string]any)["url"])
	}
	return out
}
