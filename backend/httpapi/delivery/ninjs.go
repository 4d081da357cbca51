package delivery

import (
	"html"
	"strconv"
	"strings"
	"time"

	"newsroom/store"
)

// Ninjs is an article in IPTC ninjs 2.x (https://iptc.org/std/ninjs/), for
// partners and aggregators that read that format.
type Ninjs struct {
	URI             string                    `json:"uri"`
	Type            string                    `json:"type"`
	Version         string                    `json:"version"`
	FirstCreated    time.Time                 `json:"firstcreated"`
	VersionCreated  time.Time                 `json:"versioncreated"`
	PubStatus       string                    `json:"pubstatus"`
	Language        string                    `json:"language"`
	Headlines       []ninjsText               `json:"headlines"`
	Descriptions    []ninjsText               `json:"descriptions,omitempty"`
	Bodies          []ninjsBody               `json:"bodies"`
	Subjects        []ninjsSubject            `json:"subjects,omitempty"`
	People          []ninjsSubject            `json:"people,omitempty"`
	By              string                    `json:"by,omitempty"`
	Copyrightholder string                    `json:"copyrightholder,omitempty"`
	Associations    map[string]ninjsAssociate `json:"associations,omitempty"`
}

type ninjsText struct {
	Role  string `json:"role"`
	Value string `json:"value"`
}

type ninjsBody struct {
	Role        string `json:"role"`
	ContentType string `json:"contenttype"`
	Value       string `json:"value"`
}

type ninjsSubject struct {
	Name string `json:"name"`
	URI  string `json:"uri,omitempty"`
	Rel  string `json:"rel,omitempty"`
}

type ninjsAssociate struct {
	URI          string                    `json:"uri"`
	Type         string                    `json:"type"`
	Headlines    []ninjsText               `json:"headlines,omitempty"`
	Descriptions []ninjsText               `json:"descriptions,omitempty"`
	Renditions   map[string]ninjsRendition `json:"renditions"`
}

type ninjsRendition struct {
	Href     string `json:"href"`
	Width    int    `json:"width,omitempty"`
	Height   int    `json:"height,omitempty"`
	MimeType string `json:"mimetype,omitempty"`
}

// toNinjs maps a rendered live article to ninjs 2.x.
func toNinjs(a *Article, live *store.LiveArticle) *Ninjs {
	n := &Ninjs{
		URI: "urn:newsroom:article:" + a.ID, Type: "text", Version: strconv.FormatInt(live.Version, 10), FirstCreated: live.PublishedAt,
		VersionCreated: live.UpdatedAt, PubStatus: "usable", Language: string(a.Language),
		Headlines: []ninjsText{{Role: "main", Value: a.Headline}},
		Bodies:    []ninjsBody{{Role: "main", ContentType: "text/html", Value: bodyHTML(a.Body)}},
	}
	if a.Subheadline != "" {
		n.Headlines = append(n.Headlines, ninjsText{Role: "sub", Value: a.Subheadline})
	}
	if a.Summary != "" {
		n.Descriptions = []ninjsText{{Role: "summary", Value: a.Summary}}
	}
	var bylines []string
	for _, au := range a.Authors {
		bylines = append(bylines, au.Name)
		n.People = append(n.People, ninjsSubject{Name: au.Name, URI: "urn:newsroom:author:" + au.Slug, Rel: "author"})
	}
	n.By = strings.Join(bylines, ", ")
	if a.Section != nil {
		n.Subjects = append(n.Subjects, ninjsSubject{Name: a.Section.Name, URI: "urn:newsroom:section:" + a.Section.Slug, Rel: "section"})
	}
	for _, t := range a.Tags {
		n.Subjects = append(n.Subjects, ninjsSubject{Name: t.Name, URI: "urn:newsroom:tag:" + t.Slug, Rel: "tag"})
	}
	n.Copyrightholder = a.Source
	if img := a.HeroImage; img != nil {
		assoc := ninjsAssociate{URI: "urn:newsroom:media:" + img.ID, Type: "picture", Renditions: map[string]ninjsRendition{
			"original": {Href: img.URL, Width: img.Width, Height: img.Height},
		}}
		if img.Caption != "" {
			assoc.Descriptions = []ninjsText{{Role: "caption", Value: img.Caption}}
		}
		if img.AltText != "" {
			assoc.Descriptions = append(assoc.Descriptions, ninjsText{Role: "alt", Value: img.AltText})
		}
		for _, r := range img.Renditions {
			assoc.Renditions[r.Name] = ninjsRendition{Href: r.URL, Width: r.Width, Height: r.Height}
		}
		n.Associations = map[string]ninjsAssociate{"featureimage": assoc}
	}
	return n
}

// bodyHTML renders the body blocks as HTML: inline markup is already
// sanitised; plain-text fields are escaped.
func bodyHTML(blocks []Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		switch bl.Type {
		case "paragraph":
			b.WriteString("<p>" + bl.Text + "</p>")
		case "heading":
			lvl := strconv.Itoa(bl.Level)
			b.WriteString("<h" + lvl + ">" + html.EscapeString(bl.Text) + "</h" + lvl + ">")
		case "quote":
			b.WriteString("<blockquote><p>" + bl.Text + "</p>")
			if bl.Cite != "" {
				b.WriteString("<cite>" + html.EscapeString(bl.Cite) + "</cite>")
			}
			b.WriteString("</blockquote>")
		case "list":
			tag := "ul"
			if bl.Ordered != nil && *bl.Ordered {
				tag = "ol"
			}
			b.WriteString("<" + tag + ">")
			for _, it := range bl.Items {
				b.WriteString("<li>" + it + "</li>")
			}
			b.WriteString("</" + tag + ">")
		case "image":
			if bl.Image != nil {
				b.WriteString(`<figure><img src="` + html.EscapeString(bl.Image.URL) + `" alt="` + html.EscapeString(bl.Image.AltText) + `"><figcaption>` +
					html.EscapeString(bl.Image.Caption) + "</figcaption></figure>")
			}
		case "embed", "video":
			if bl.URL != "" {
				b.WriteString(`<p><a href="` + html.EscapeString(bl.URL) + `">` + html.EscapeString(bl.URL) + "</a></p>")
			}
		}
	}
	return b.String()
}
