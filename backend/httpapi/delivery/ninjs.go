package delivery

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"

	"newsroom/store"
)

// ninjsVersion is the version of IPTC ninjs the articles follow, and
// ninjsSchema its JSON schema.
const (
	ninjsVersion = "2.1"
	ninjsSchema  = "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
)

// Ninjs is an article in IPTC ninjs 2.1 (https://iptc.org/std/ninjs/), for
// partners and aggregators that read that format. ninjs 2 lists
// associations and renditions as arrays of named objects (1.x keyed them
// by name), and has no credit line: an image's credit is its "by".
type Ninjs struct {
	URI             string            `json:"uri"`
	Standard        ninjsStandard     `json:"standard"`
	Type            string            `json:"type"`
	Version         string            `json:"version"`
	FirstCreated    time.Time         `json:"firstcreated"`
	VersionCreated  time.Time         `json:"versioncreated"`
	PubStatus       string            `json:"pubstatus"`
	Language        string            `json:"language"`
	Slugline        string            `json:"slugline"`
	Headlines       []ninjsText       `json:"headlines"`
	Descriptions    []ninjsText       `json:"descriptions,omitempty"`
	Bodies          []ninjsBody       `json:"bodies"`
	Subjects        []ninjsSubject    `json:"subjects,omitempty"`
	People          []ninjsSubject    `json:"people,omitempty"`
	By              string            `json:"by,omitempty"`
	Copyrightholder string            `json:"copyrightholder,omitempty"`
	Infosources     []ninjsSource     `json:"infosources,omitempty"`
	Renditions      []ninjsRendition  `json:"renditions,omitempty"`
	Associations    []ninjsAssociated `json:"associations,omitempty"`
}

type ninjsStandard struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Schema  string `json:"schema"`
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

type ninjsSource struct {
	Name string `json:"name"`
}

// ninjsAssociated is an image the article shows, as a ninjs object of its
// own: "featureimage" for the hero image, "bodyimage-N" for the Nth image
// block.
type ninjsAssociated struct {
	Name         string           `json:"name"`
	URI          string           `json:"uri"`
	Type         string           `json:"type"`
	Descriptions []ninjsText      `json:"descriptions,omitempty"`
	By           string           `json:"by,omitempty"`
	Renditions   []ninjsRendition `json:"renditions"`
}

type ninjsRendition struct {
	Name        string `json:"name"`
	Href        string `json:"href"`
	ContentType string `json:"contenttype,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
}

// toNinjs maps a rendered live article to ninjs 2.1. site names the
// publication (the copyright holder) and where readers find the article
// (its "web" rendition), when configured.
func toNinjs(a *Article, live *store.LiveArticle, site Site) *Ninjs {
	n := &Ninjs{
		URI: "urn:newsroom:article:" + a.ID, Standard: ninjsStandard{Name: "ninjs", Version: ninjsVersion, Schema: ninjsSchema},
		Type: "text", Version: strconv.FormatInt(live.Version, 10), FirstCreated: live.PublishedAt,
		VersionCreated: live.UpdatedAt, PubStatus: "usable", Language: string(a.Language), Slugline: a.Slug,
		Headlines:       []ninjsText{{Role: "main", Value: a.Headline}},
		Bodies:          []ninjsBody{{Role: "main", ContentType: "text/html", Value: bodyHTML(a.Body)}},
		Copyrightholder: site.Name,
	}
	if site.URL != "" {
		n.Renditions = []ninjsRendition{{Name: "web", Href: site.ArticleURL(a.Slug), ContentType: "text/html"}}
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
		n.People = append(n.People, ninjsSubject{Name: au.Name, URI: ninjsURN("author", au.Slug), Rel: "author"})
	}
	n.By = strings.Join(bylines, ", ")
	if a.Section != nil {
		n.Subjects = append(n.Subjects, ninjsSubject{Name: a.Section.Name, URI: ninjsURN("section", a.Section.Slug), Rel: "section"})
	}
	for _, t := range a.Tags {
		n.Subjects = append(n.Subjects, ninjsSubject{Name: t.Name, URI: ninjsURN("tag", t.Slug), Rel: "tag"})
	}
	if a.Source != "" {
		// The agencies or sources the article draws on ("وكالات"), not
		// who holds its copyright.
		n.Infosources = []ninjsSource{{Name: a.Source}}
	}
	if a.HeroImage != nil {
		n.Associations = append(n.Associations, ninjsPicture("featureimage", a.HeroImage))
	}
	images := 0
	for _, b := range a.Body {
		if b.Image != nil {
			images++
			n.Associations = append(n.Associations, ninjsPicture("bodyimage-"+strconv.Itoa(images), b.Image))
		}
	}
	return n
}

// ninjsPicture is an image as an associated ninjs object: caption and alt
// text as descriptions, the credit as its "by", every rendition named.
func ninjsPicture(name string, img *Image) ninjsAssociated {
	p := ninjsAssociated{Name: name, URI: "urn:newsroom:media:" + img.ID, Type: "picture", By: img.Credit,
		Renditions: []ninjsRendition{{Name: "original", Href: img.URL, Width: img.Width, Height: img.Height}}}
	if img.Caption != "" {
		p.Descriptions = append(p.Descriptions, ninjsText{Role: "caption", Value: img.Caption})
	}
	if img.AltText != "" {
		p.Descriptions = append(p.Descriptions, ninjsText{Role: "alt", Value: img.AltText})
	}
	for _, r := range img.Renditions {
		p.Renditions = append(p.Renditions, ninjsRendition{Name: r.Name, Href: r.URL, Width: r.Width, Height: r.Height})
	}
	return p
}

// ninjsURN names a section, tag or author by its slug; an Arabic slug is
// percent-encoded, as a URI holds ASCII only.
func ninjsURN(kind, slug string) string {
	return "urn:newsroom:" + kind + ":" + url.PathEscape(slug)
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
