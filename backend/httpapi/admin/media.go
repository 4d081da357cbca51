package admin

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
	"newsroom/httpapi"
	"newsroom/media"
	"newsroom/store"
)

// uploadForm documents the multipart/form-data fields of an upload.
type uploadForm struct {
	File           string   `json:"file"` // the image: JPEG, PNG, WebP or GIF, decided by its content
	Caption        *string  `json:"caption"`
	Credit         *string  `json:"credit"`
	AltText        *string  `json:"alt_text"`
	Source         *string  `json:"source"`
	UsageTerms     *string  `json:"usage_terms"`
	RightsExpireAt *string  `json:"rights_expire_at"` // RFC 3339
	FocalX         *float64 `json:"focal_x"`          // 0..1, default 0.5
	FocalY         *float64 `json:"focal_y"`          // 0..1, default 0.5
}

// maxFormField is the most bytes a text field of an upload may have; the
// service's character limits are far below it.
const maxFormField = 64 << 10

// UploadOverhead is what an upload request may carry beside the file: the
// text fields and the multipart framing. The server allows media.MaxBytes
// plus this on the upload route.
const UploadOverhead = 1 << 20

// UploadPath is the route of uploads, relative to the admin API's root.
const UploadPath = "/media"

func (h *Handler) mountMedia(group *gin.RouterGroup, t *httpapi.Table, auth gin.HandlerFunc) {
	if h.Media == nil {
		return
	}
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/media", Tag: "media", Auth: true,
		Summary: "List the media library, newest first (writers, editors)",
		Query: append([]httpapi.Param{
			{Name: "q", Description: "part of the caption, credit or alt text"},
			{Name: "uploaded_by", Description: "only assets this user uploaded"},
			{Name: "content_type", Description: "image/jpeg, image/png, image/webp or image/gif"},
			{Name: "uploaded_after", Description: "RFC 3339 time; assets uploaded at or after it"},
			{Name: "uploaded_before", Description: "RFC 3339 time; assets uploaded before it"},
		}, httpapi.PagingParams...),
		Response: httpapi.List[*cms.MediaAsset]{}, Handler: h.listMedia}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPost, Path: UploadPath, Tag: "media", Auth: true,
		Summary: "Upload an image (multipart/form-data; writers, editors): 201 with the new asset, or 200 with the existing one when the same image is already in the library. " +
			"415 when the content is not a JPEG, PNG, WebP or GIF image (whatever the file's name), 413 past the size limit, 408 when the body does not arrive within the upload time limit, 422 for a damaged image or too many pixels, 503 with Retry-After when the object store is down or too many uploads are already in progress",
		Body: uploadForm{}, Consumes: "multipart/form-data", Status: http.StatusCreated, Response: cms.MediaAsset{}, Handler: h.uploadMedia}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodGet, Path: "/media/:id", Tag: "media", Auth: true,
		Summary: "Get a media asset (writers, editors)", Response: cms.MediaAsset{}, Handler: h.getMedia}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodPatch, Path: "/media/:id", Tag: "media", Auth: true,
		Summary: "Change a media asset's caption, credit, alt text, source, rights or focal point (its uploader, editors); a new focal point makes new crops",
		Headers: []httpapi.Param{httpapi.IfMatchHeader}, Body: media.Patch{}, Response: cms.MediaAsset{}, Handler: h.patchMedia}, auth)
	t.Handle(group, httpapi.Route{Method: http.MethodDelete, Path: "/media/:id", Tag: "media", Auth: true,
		Summary: "Delete a media asset and its files (editors); 409 listing the articles, stories and profiles that use it",
		Status:  http.StatusNoContent, Handler: h.deleteMedia}, auth)
}

func (h *Handler) listMedia(c *gin.Context) {
	cursor, limit, err := httpapi.Paging(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	f := store.MediaFilter{Cursor: cursor, Limit: limit}
	for _, p := range []struct {
		name string
		max  int
		dst  *string
	}{{"q", 200, &f.Query}, {"uploaded_by", 100, &f.UploadedBy}, {"content_type", 100, &f.ContentType}} {
		if *p.dst, err = httpapi.QueryText(c, p.name, p.max); err != nil {
			httpapi.Error(c, err)
			return
		}
	}
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"uploaded_after", &f.UploadedAfter}, {"uploaded_before", &f.UploadedBefore}} {
		v, err := httpapi.QueryText(c, p.name, 64)
		if err != nil {
			httpapi.Error(c, err)
			return
		}
		if v == "" {
			continue
		}
		t, err := media.ParseTime(p.name, v)
		if err != nil {
			httpapi.Error(c, err)
			return
		}
		*p.dst = &t
	}
	page, err := h.Media.List(c.Request.Context(), actor(c), f)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.JSON(http.StatusOK, httpapi.NewList(page.Data, page.NextCursor))
}

// uploadMedia reads the multipart body part by part, so memory holds at
// most the file (up to the limit) and a few small fields, and stops reading
// the file as soon as it passes the limit.
//
// An upload is admitted (media.Service.Admit) before its body is read: when
// too many are in progress it is 503 with Retry-After at once. An admitted
// upload has media.Service.UploadTimeout to deliver its body, in place of
// the server's general read timeout: past it, 408 and its slot is free, so
// a client that sends slowly cannot keep others out for long. Nothing is
// stored before the whole body is read.
func (h *Handler) uploadMedia(c *gin.Context) {
	release, err := h.Media.Admit()
	if err != nil {
		c.Header("Connection", "close") // the body is not read
		httpapi.Error(c, err)
		return
	}
	defer release()
	// Without a connection to set a deadline on (httptest.ResponseRecorder),
	// the server's own read timeout is the only bound.
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetReadDeadline(time.Now().Add(h.Media.UploadTimeout()))
	in, err := h.readUpload(c)
	if err != nil {
		if cms.ErrorCode(err) == cms.ERequestTimeout {
			c.Header("Connection", "close") // the rest of the body is not read
		}
		httpapi.Error(c, err)
		return
	}
	// The body is read: no deadline while the image is processed, whose
	// passing would end the request (net/http cancels its context when a
	// read on its connection fails); the next request on the connection
	// gets the server's own.
	_ = rc.SetReadDeadline(time.Time{})
	m, created, err := h.Media.Upload(c.Request.Context(), actor(c), in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Header("Location", h.prefix+"/media/"+m.ID)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeVersioned(c, status, m.Version, m)
}

func (h *Handler) readUpload(c *gin.Context) (media.UploadInput, error) {
	var in media.UploadInput
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return in, cms.Errorf(cms.EUnsupportedMedia, "send the upload as multipart/form-data with the image in the field \"file\"")
	}
	mr := multipart.NewReader(c.Request.Body, params["boundary"])
	seen := map[string]bool{}
	f := cms.Fields{}
	var fx, fy *float64
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return in, readError(err, h.Media)
		}
		name := p.FormName()
		if seen[name] {
			return in, &cms.Error{Code: cms.EBadRequest, Message: fmt.Sprintf("the field %q is sent more than once", name),
				Fields: map[string]string{name: "is sent more than once"}}
		}
		seen[name] = true
		if name == "file" {
			data, err := io.ReadAll(io.LimitReader(p, h.Media.MaxBytes()+1))
			if err != nil {
				return in, readError(err, h.Media)
			}
			if int64(len(data)) > h.Media.MaxBytes() {
				return in, h.Media.TooLarge()
			}
			in.Data, in.Filename = data, p.FileName()
			continue
		}
		dst := map[string]*string{"caption": &in.Caption, "credit": &in.Credit, "alt_text": &in.AltText,
			"source": &in.Source, "usage_terms": &in.UsageTerms}[name]
		switch name {
		case "caption", "credit", "alt_text", "source", "usage_terms", "rights_expire_at", "focal_x", "focal_y":
		default:
			return in, &cms.Error{Code: cms.EBadRequest, Message: fmt.Sprintf("the upload has an unknown field %q", truncate(name, 40)),
				Fields: map[string]string{truncate(name, 40): "is not a field of an upload; send file, caption, credit, alt_text, source, usage_terms, rights_expire_at, focal_x, focal_y"}}
		}
		b, err := io.ReadAll(io.LimitReader(p, maxFormField+1))
		if err != nil {
			return in, readError(err, h.Media)
		}
		if len(b) > maxFormField {
			f.Add(name, "is far too long")
			continue
		}
		v := string(b)
		switch name {
		case "rights_expire_at":
			if strings.TrimSpace(v) == "" {
				continue
			}
			t, err := media.ParseTime(name, v)
			if err != nil {
				f.Add(name, err.(*cms.Error).Fields[name])
				continue
			}
			in.RightsExpireAt = &t
		case "focal_x", "focal_y":
			n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				f.Add(name, "must be a number between 0 and 1")
				continue
			}
			if name == "focal_x" {
				fx = &n
			} else {
				fy = &n
			}
		default:
			*dst = v
		}
	}
	if (fx == nil) != (fy == nil) {
		f.Add("focal_point", "send both focal_x and focal_y, or neither")
	} else if fx != nil {
		in.FocalPoint = &cms.FocalPoint{X: *fx, Y: *fy}
	}
	if in.Data == nil {
		f.Add("file", "is required: send the image in the multipart field \"file\"")
	}
	return in, f.Err()
}

// readError turns a failure to read the request body into the right answer:
// 413 past the body limit, 408 past the upload's read deadline, 400
// otherwise.
func readError(err error, m *media.Service) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return m.TooLarge()
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return m.UploadTimedOut()
	}
	return cms.Errorf(cms.EBadRequest, "the multipart body could not be read: %s", truncate(err.Error(), 200))
}

func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (h *Handler) getMedia(c *gin.Context) {
	m, err := h.Media.Get(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, m.Version, m)
}

func (h *Handler) patchMedia(c *gin.Context) {
	version, err := httpapi.IfMatch(c)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	var in media.Patch
	if err := httpapi.Decode(c, &in); err != nil {
		httpapi.Error(c, err)
		return
	}
	m, err := h.Media.Update(c.Request.Context(), actor(c), c.Param("id"), version, in)
	if err != nil {
		httpapi.Error(c, err)
		return
	}
	writeVersioned(c, http.StatusOK, m.Version, m)
}

func (h *Handler) deleteMedia(c *gin.Context) {
	if err := h.Media.Delete(c.Request.Context(), actor(c), c.Param("id")); err != nil {
		httpapi.Error(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
