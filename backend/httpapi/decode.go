package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"newsroom/cms"
)

// Decode reads the request's JSON body strictly into v: the body must be
// application/json, valid UTF-8, one JSON object, with no unknown fields and
// the right types. It returns a *cms.Error naming the problem:
// 415 for another content type, 413 past the body limit, 400 for unreadable
// input or unknown fields, 422 for a value of the wrong type.
func Decode(c *gin.Context, v any) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	return DecodeBytes(body, v)
}

func readBody(c *gin.Context) ([]byte, error) {
	ct := c.GetHeader("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return nil, cms.Errorf(cms.EUnsupportedMedia, "send the body as JSON with \"Content-Type: application/json\"")
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, cms.Errorf(cms.ETooLarge, "the request body is larger than the limit of %d bytes", mbe.Limit)
		}
		return nil, cms.Errorf(cms.EBadRequest, "the request body could not be read")
	}
	return body, nil
}

// DecodeBytes is Decode for a body already read.
func DecodeBytes(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return cms.Errorf(cms.EBadRequest, "the request body is empty; send a JSON object")
	}
	if !utf8.Valid(body) {
		return cms.Errorf(cms.EBadRequest, "the request body is not valid UTF-8")
	}
	trimmed := bytes.TrimSpace(body)
	if trimmed[0] != '{' {
		return cms.Errorf(cms.EBadRequest, "the request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, body, v)
	}
	if dec.More() {
		return cms.Errorf(cms.EBadRequest, "the request body has data after the JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return cms.Errorf(cms.EBadRequest, "the request body has data after the JSON object")
	}
	return nil
}

func decodeError(err error, body []byte, v any) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return cms.Errorf(cms.EBadRequest, "the request body is not valid JSON (at byte %d): %s", syn.Offset, syn.Error())
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return cms.Errorf(cms.EBadRequest, "the request body is not valid JSON: it ends too early")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return &cms.Error{Code: cms.EInvalid, Message: "the request has fields of the wrong type",
			Fields: map[string]string{field: "must be " + jsonKind(typ.Type.Kind().String()) + ", not " + typ.Value}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), "\"")
		return &cms.Error{Code: cms.EBadRequest, Message: fmt.Sprintf("the request has an unknown field %q", name),
			Fields: map[string]string{name: "is not a field of this request"}}
	}
	if field, t := culprit(body, v); field != "" {
		msg := "is not a valid value"
		if t == timeType {
			msg = "must be a time like 2024-05-01T12:00:00Z (RFC 3339)"
		}
		return &cms.Error{Code: cms.EInvalid, Message: "the request has fields of the wrong type", Fields: map[string]string{field: msg}}
	}
	return cms.Errorf(cms.EBadRequest, "the request body could not be read as JSON: %s", err.Error())
}

// culprit returns the top-level field of the struct v whose value in body
// does not decode, and the field's type without pointers. It names the field
// of errors that encoding/json reports without it: those of a type's own
// UnmarshalJSON, such as time.Time's. It returns "" when no field is to blame.
func culprit(body []byte, v any) (string, reflect.Type) {
	var values map[string]json.RawMessage
	if json.Unmarshal(body, &values) != nil {
		return "", nil
	}
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return "", nil
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		for key, raw := range values {
			// encoding/json matches keys to fields regardless of case.
			if strings.EqualFold(key, name) && json.Unmarshal(raw, reflect.New(f.Type).Interface()) != nil {
				return name, derefType(f.Type)
			}
		}
	}
	return "", nil
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "float32", "float64":
		return "a number"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	case "ptr":
		return "a value of another type"
	}
	return "of another type"
}
