package delivery

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/store"
)

// Site is the public web site the feeds and sitemaps point readers to.
type Site struct {
	URL  string // e.g. https://news.example.com
	Name string // the publication's name, for Google News
	// APIURL is where readers reach this API (e.g. https://api.news.example,
	// no trailing slash); empty: each request's own scheme and host.
	APIURL string
}

// ArticleURL is where readers find an article on the site.
func (s Site) ArticleURL(slug string) string {
	return strings.TrimSuffix(s.URL, "/") + "/articles/" + url.PathEscape(slug)
}

const (
	feedItems      = 50
	sitemapMaxURLs = 45000 // below the protocol's 50,000 per file
	newsWindow     = 48 * time.Hour
	newsMaxURLs    = 1000 // Google News reads at most 1,000 per sitemap
)

func (h *Handler) mountFeeds(group *gin.RouterGroup, t *httpapi.Table) {
	xmlRoute := func(path, summary string, handler gin.HandlerFunc) {
		t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: path, Tag: "feeds", Summary: summary, Produces: "application/xml", Handler: handler})
	}
	xmlRoute("/feeds/latest.xml", "RSS 2.0 feed of the latest live articles, with images and authors", h.latestFeed)
	xmlRoute("/feeds/sections/:file", "RSS 2.0 feed of a section: /feeds/sections/{slug}.xml", h.sectionFeed)
	xmlRoute("/feeds/stories/:file", "RSS 2.0 feed of a story: /feeds/stories/{slug}.xml", h.storyFeed)
	xmlRoute("/sitemap.xml", "Sitemap of every live article; an index of pages when there are more than 45,000", h.sitemap)
	xmlRoute("/sitemaps/:file", "One page of the sitemap index: /sitemaps/articles-{n}.xml", h.sitemapPage)
	xmlRoute("/sitemap-news.xml", "Google News sitemap: articles published in the last 48 hours", h.newsSitemap)
}

// RSS 2.0 with the Dublin Core and Media RSS extensions.
type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Media   string     `xml:"xmlns:media,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Description string        `xml:"description,omitempty"`
	Creator     string        `xml:"dc:creator,omitempty"`
	Category    []string      `xml:"category,omitempty"`
	Enclosure   *rssEnclosure `xml:"enclosure,omitempty"`
	Media       *mediaContent `xml:"media:content,omitempty"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type mediaContent struct {
	URL         string `xml:"url,attr"`
	Medium      string `xml:"medium,attr"`
	Width       int    `xml:"width,attr,omitempty"`
	Height      int    `xml:"height,attr,omitempty"`
	Description string `xml:"media:description,omitempty"`
	Credit      string `xml:"media:credit,omitempty"`
}

// apiOrigin is where feed readers reach this API, for the absolute URLs a
// feed or sitemap needs (media, its own address, the sitemap index's
// parts): the configured Site.APIURL, else the request's own scheme and
// host. In the second case the answer differs by host, so it is cached
// under the origin (the returned variant): built on whatever Host header
// came first and cached for every reader, a feed's URLs could be made to
// point anywhere.
func (h *Handler) apiOrigin(c *gin.Context) (origin, variant string) {
	if h.Site.APIURL != "" {
		return h.Site.APIURL, ""
	}
	scheme := "http"
	if c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	origin = scheme + "://" + c.Request.Host
	return origin, origin
}

// absolute makes a root-relative URL absolute on origin.
func absolute(origin, u string) string {
	if u == "" || strings.Contains(u, "://") {
		return u
	}
	return origin + u
}

func fileSlug(c *gin.Context, suffix string) (string, error) {
	f := c.Param("file")
	if !strings.HasSuffix(f, suffix) || len(f) == len(suffix) {
		return "", cms.Errorf(cms.ENotFound, "no such feed; use /feeds/.../{slug}.xml")
	}
	return strings.TrimSuffix(f, suffix), nil
}

func (h *Handler) latestFeed(c *gin.Context) {
	h.feed(c, func(*store.Tx) (store.LiveFilter, []string, string, error) {
		return store.LiveFilter{Limit: feedItems}, nil, "", nil
	})
}

func (h *Handler) sectionFeed(c *gin.Context) {
	slug, err := fileSlug(c, ".xml")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	h.feed(c, func(tx *store.Tx) (store.LiveFilter, []string, string, error) {
		id, err := tx.IDBySlug("sections", slug)
		if err != nil {
			return store.LiveFilter{}, nil, "", err
		}
		s, err := tx.Section(id)
		if err != nil {
			return store.LiveFilter{}, nil, "", err
		}
		return store.LiveFilter{SectionID: id, Limit: feedItems}, []string{"section:" + id}, s.Name, nil
	})
}

func (h *Handler) storyFeed(c *gin.Context) {
	slug, err := fileSlug(c, ".xml")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	h.feed(c, func(tx *store.Tx) (store.LiveFilter, []string, string, error) {
		id, err := tx.IDBySlug("stories", slug)
		if err != nil {
			return store.LiveFilter{}, nil, "", err
		}
		s, err := tx.Story(id)
		if err != nil {
			return store.LiveFilter{}, nil, "", err
		}
		return store.LiveFilter{StoryID: id, Limit: feedItems}, []string{"story:" + id}, s.Title, nil
	})
}

// feed renders an RSS feed of the live articles the filter selects; the
// filter also names the section or story the feed is of ("" for the whole
// site), which titles the channel as readers see it in their feed reader.
func (h *Handler) feed(c *gin.Context, filter func(*store.Tx) (f store.LiveFilter, keys []string, name string, err error)) {
	origin, variant := h.apiOrigin(c)
	h.serve(c, variant, func(tx *store.Tx) (*rendered, error) {
		f, keys, name, err := filter(tx)
		if err != nil {
			return nil, err
		}
		title := h.Site.Name
		if name != "" {
			title += " — " + name
		}
		page, err := tx.ListLive(f)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(page.Data))
		for i, s := range page.Data {
			ids[i] = s.ID
		}
		live, err := tx.LiveArticlesByID(ids)
		if err != nil {
			return nil, err
		}
		r := &renderer{tx: tx, mediaBase: h.MediaBase}
		ch := rssChannel{Title: title, Link: h.Site.URL, Description: title, LastBuildDate: time.Now().UTC().Format(time.RFC1123Z),
			Self: atomLink{Href: absolute(origin, c.Request.URL.Path), Rel: "self", Type: "application/rss+xml"}, Items: []rssItem{}}
		keys = append(keys, "articles")
		for _, s := range page.Data {
			l := live[s.ID]
			if l == nil {
				continue
			}
			a, err := r.article(l.Article, &l.PublishedAt, l.UpdatedAt)
			if err != nil {
				return nil, err
			}
			keys = append(keys, "article:"+s.ID)
			it := rssItem{Title: a.Headline, Link: h.Site.ArticleURL(a.Slug), GUID: rssGUID{IsPermaLink: "false", Value: "urn:newsroom:article:" + a.ID},
				PubDate: l.PublishedAt.Format(time.RFC1123Z), Description: a.Summary}
			var names []string
			for _, au := range a.Authors {
				names = append(names, au.Name)
			}
			it.Creator = strings.Join(names, ", ")
			if a.Section != nil {
				it.Category = append(it.Category, a.Section.Name)
			}
			for _, tg := range a.Tags {
				it.Category = append(it.Category, tg.Name)
			}
			if img := a.HeroImage; img != nil {
				u := absolute(origin, img.URL)
				it.Media = &mediaContent{URL: u, Medium: "image", Width: img.Width, Height: img.Height, Description: img.Caption, Credit: img.Credit}
				if m, _ := tx.MediaByID([]string{img.ID}); m[img.ID] != nil {
					it.Enclosure = &rssEnclosure{URL: u, Length: m[img.ID].Bytes, Type: m[img.ID].ContentType}
				}
			}
			if ch.Language == "" {
				ch.Language = string(a.Language)
			}
			ch.Items = append(ch.Items, it)
		}
		doc := rss{Version: "2.0", DC: "http://purl.org/dc/elements/1.1/", Media: "http://search.yahoo.com/mrss/",
			Atom: "http://www.w3.org/2005/Atom", Channel: ch}
		return xmlRendered(doc, "application/rss+xml; charset=utf-8", keys)
	})
}

func xmlRendered(doc any, contentType string, keys []string) (*rendered, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return &rendered{raw: b.Bytes(), contentType: contentType, keys: keys}, nil
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	News    string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string       `xml:"loc"`
	LastMod string       `xml:"lastmod,omitempty"`
	News    *newsElement `xml:"news:news,omitempty"`
}

type newsElement struct {
	Publication struct {
		Name     string `xml:"news:name"`
		Language string `xml:"news:language"`
	} `xml:"news:publication"`
	PublicationDate string `xml:"news:publication_date"`
	Title           string `xml:"news:title"`
}

type sitemapIndex struct {
	XMLName  xml.Name `xml:"sitemapindex"`
	NS       string   `xml:"xmlns,attr"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

func (h *Handler) sitemap(c *gin.Context) {
	origin, variant := h.apiOrigin(c)
	h.serve(c, variant, func(tx *store.Tx) (*rendered, error) {
		n, err := tx.CountLive()
		if err != nil {
			return nil, err
		}
		if n <= sitemapMaxURLs {
			return h.sitemapURLs(tx, 0)
		}
		idx := sitemapIndex{NS: sitemapNS}
		base := strings.TrimSuffix(c.Request.URL.Path, "/sitemap.xml")
		for i := 0; int64(i)*sitemapMaxURLs < n; i++ {
			idx.Sitemaps = append(idx.Sitemaps, struct {
				Loc string `xml:"loc"`
			}{Loc: absolute(origin, base+"/sitemaps/articles-"+strconv.Itoa(i+1)+".xml")})
		}
		return xmlRendered(idx, "application/xml; charset=utf-8", []string{"articles"})
	})
}

func (h *Handler) sitemapPage(c *gin.Context) {
	name, err := fileSlug(c, ".xml")
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	n, err := strconv.Atoi(strings.TrimPrefix(name, "articles-"))
	if err != nil || n < 1 || n > 10000 || !strings.HasPrefix(name, "articles-") {
		httpapi.Error(c, cms.Errorf(cms.ENotFound, "no such sitemap page"))
		return
	}
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) { return h.sitemapURLs(tx, (n-1)*sitemapMaxURLs) })
}

func (h *Handler) sitemapURLs(tx *store.Tx, offset int) (*rendered, error) {
	entries, err := tx.SitemapPage(offset, sitemapMaxURLs)
	if err != nil {
		return nil, err
	}
	if offset > 0 && len(entries) == 0 {
		return nil, cms.Errorf(cms.ENotFound, "no such sitemap page")
	}
	set := urlset{NS: sitemapNS, URLs: make([]sitemapURL, len(entries))}
	for i, e := range entries {
		set.URLs[i] = sitemapURL{Loc: h.Site.ArticleURL(e.Slug), LastMod: e.UpdatedAt.Format(time.RFC3339)}
	}
	return xmlRendered(set, "application/xml; charset=utf-8", []string{"articles"})
}

func (h *Handler) newsSitemap(c *gin.Context) {
	h.serve(c, "", func(tx *store.Tx) (*rendered, error) {
		page, err := tx.ListLive(store.LiveFilter{Since: tx.Now.Add(-newsWindow), Limit: newsMaxURLs})
		if err != nil {
			return nil, err
		}
		set := urlset{NS: sitemapNS, News: "http://www.google.com/schemas/sitemap-news/0.9", URLs: make([]sitemapURL, len(page.Data))}
		for i, s := range page.Data {
			n := &newsElement{PublicationDate: s.PublishedAt.Format(time.RFC3339), Title: s.Headline}
			n.Publication.Name = h.Site.Name
			n.Publication.Language = string(s.Language)
			set.URLs[i] = sitemapURL{Loc: h.Site.ArticleURL(s.Slug), News: n}
		}
		return xmlRendered(set, "application/xml; charset=utf-8", []string{"articles"})
	})
}
