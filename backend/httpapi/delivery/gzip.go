package delivery

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"

	"newsroom/pagecache"
)

// gzipMinBytes is the smallest body sent gzipped: below about a kilobyte
// the header and the client's work cost more than the bytes saved.
const gzipMinBytes = 1024

// gzipVariant is the gzip encoding of a cached answer, made once per cache
// entry (pagecache.Cache.Variant): its own strong ETag (the identity one
// with -gzip inside the quotes, as the bytes differ), Content-Length and
// Content-Encoding. It returns e itself when gzip would not make the body
// smaller.
func gzipVariant(e *pagecache.Entry) *pagecache.Entry {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b) // DefaultCompression: once per entry, not per request
	if _, err := zw.Write(e.Body); err != nil || zw.Close() != nil || b.Len() >= len(e.Body) {
		return e
	}
	body := b.Bytes()
	etag := strings.TrimSuffix(e.ETag, `"`) + `-gzip"`
	return &pagecache.Entry{Body: body, ContentType: e.ContentType, ETag: etag, Keys: e.Keys, Status: e.Status,
		Header: map[string][]string{"Etag": {etag}, "Surrogate-Key": e.Header["Surrogate-Key"]},
		BodyHeader: map[string][]string{"Content-Type": e.BodyHeader["Content-Type"], "Content-Length": {strconv.Itoa(len(body))},
			"Content-Encoding": {"gzip"}}}
}

// compressible reports whether a content type is worth gzipping: the JSON
// and XML the delivery API sends.
func compressible(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	return strings.HasSuffix(mt, "json") || strings.HasSuffix(mt, "xml")
}

// acceptsGzip reports whether Accept-Encoding header values accept gzip
// (RFC 9110 section 12.5.3): "gzip" or "x-gzip" with a q-value above 0, or
// "*" above 0 when gzip is not named. "gzip;q=0" refuses it.
func acceptsGzip(values []string) bool {
	star := false
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "x-gzip" && coding != "*" {
				continue
			}
			ok := qAboveZero(params)
			if coding == "*" {
				star = ok
				continue
			}
			return ok
		}
	}
	return star
}

// qAboveZero reads the q parameter of an Accept-Encoding element (absent:
// 1); a malformed one counts as 0, refusing rather than guessing.
func qAboveZero(params string) bool {
	for _, p := range strings.Split(params, ";") {
		name, value, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		return err == nil && q > 0 && q <= 1
	}
	return true
}
