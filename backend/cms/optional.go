package cms

import "encoding/json"

// Optional is a JSON field of a PATCH body that tells apart "absent" (leave
// as is), null (clear) and a value (set).
type Optional[T any] struct {
	Set   bool // the field was in the body
	Null  bool // the field was null
	Value T
}

// UnmarshalJSON records that the field was present, and whether it was null.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// Ptr returns nil when the field was absent or null, else a pointer to the value.
func (o Optional[T]) Ptr() *T {
	if !o.Set || o.Null {
		return nil
	}
	v := o.Value
	return &v
}
