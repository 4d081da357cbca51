package httpapi

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
)

// Limits of list pages.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Paging reads ?cursor= and ?limit= (1..100, default 20). Returns EInvalid
// naming the parameter at fault.
func Paging(c *gin.Context) (cursor string, limit int, err error) {
	cursor = c.Query("cursor")
	if len(cursor) > 512 {
		return "", 0, cms.FieldError("cursor", "is not a cursor this API returned; start again without it")
	}
	limit = DefaultLimit
	if s, ok := c.GetQuery("limit"); ok {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 1 || n > MaxLimit {
			return "", 0, cms.FieldError("limit", "must be a whole number from 1 to 100")
		}
		limit = n
	}
	return cursor, limit, nil
}

// QueryText reads a free-text query parameter of at most max characters.
// Returns EInvalid naming the parameter when it is not valid UTF-8 or too long.
func QueryText(c *gin.Context, name string, max int) (string, error) {
	v := strings.TrimSpace(c.Query(name))
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return "", cms.FieldError(name, "is not valid text")
	}
	if utf8.RuneCountInString(v) > max {
		return "", cms.FieldError(name, "must be at most "+strconv.Itoa(max)+" characters")
	}
	return v, nil
}

// QueryBool reads an optional true/false query parameter.
func QueryBool(c *gin.Context, name string) (*bool, error) {
	s, ok := c.GetQuery(name)
	if !ok || s == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return nil, cms.FieldError(name, "must be true or false")
	}
	return &b, nil
}

// IfMatch returns the version in the request's If-Match header. Returns
// EPreconditionReq (428) when it is missing and EBadRequest when it is not a
// version this API sent as an ETag.
func IfMatch(c *gin.Context) (int64, error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" {
		return 0, cms.Errorf(cms.EPreconditionReq, "send the version you edited in an If-Match header (the ETag of the object you loaded)")
	}
	v, ok := parseETag(h)
	if !ok {
		return 0, cms.Errorf(cms.EBadRequest, "the If-Match header must be the ETag this API sent, like \"7\"")
	}
	return v, nil
}

// OptionalIfMatch is IfMatch for requests that accept the header without
// requiring it; ok is false when it is absent.
func OptionalIfMatch(c *gin.Context) (version int64, ok bool, err error) {
	if strings.TrimSpace(c.GetHeader("If-Match")) == "" {
		return 0, false, nil
	}
	v, err := IfMatch(c)
	return v, err == nil, err
}

func parseETag(h string) (int64, bool) {
	h = strings.TrimPrefix(h, "W/")
	if len(h) < 3 || h[0] != '"' || h[len(h)-1] != '"' {
		return 0, false
	}
	v, err := strconv.ParseInt(h[1:len(h)-1], 10, 64)
	return v, err == nil && v > 0
}

// ETag returns the ETag of an admin object at a version: the version in quotes.
func ETag(version int64) string { return "\"" + strconv.FormatInt(version, 10) + "\"" }
