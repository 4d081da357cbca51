package store

import (
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
// leaves v as it is. Returns EInvalid naming "cursor" for anything else.
func decodeCursor(s string, v any) error {
	if s == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 1024 || json.Unmarshal(b, v) != nil {
		return cms.FieldError("cursor", "is not a cursor this API returned; start again without it")
	}
	return nil
}
