package store

import (
	"bytes"
	"encoding/base64"
	"encoding/json"

	"newsroom/cms"
)

// encodeCursor turns the sort key of a page's last row into the opaque
// next_cursor of the API.
func encodeCursor(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("encode cursor: " + err.Error()) // only ever called with plain values
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor made by encodeCursor into v. An empty cursor
// leaves v as it is. The cursor must be of v's shape: a field v does not
// have is refused, and a keyset cursor names the fields of its position in
// required (their JSON names), each of which must be there, neither null
// nor "". A cursor of another list decodes without error otherwise, and
// started the page nowhere (an empty page), at the first row or at another
// list's position. Returns EInvalid naming "cursor" for anything else.
func decodeCursor(s string, v any, required ...string) error {
	if s == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 1024 || !json.Valid(b) {
		return errNotCursor()
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if dec.Decode(v) != nil {
		return errNotCursor()
	}
	if len(required) == 0 {
		return nil
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(b, &fields) != nil {
		return errNotCursor()
	}
	for _, name := range required {
		if f := string(fields[name]); f == "" || f == "null" || f == `""` {
			return errNotCursor()
		}
	}
	return nil
}

// errNotCursor is the error of a cursor no list of this API made.
func errNotCursor() error {
	return cms.FieldError("cursor", "is not a cursor this API returned; start again without it")
}
