// Package cms holds the domain types of the newsroom CMS: roles, actors, the
// coded application error and the plain structs every other package shares.
// It imports only the standard library.
package cms

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to exactly one HTTP status in package httpapi.
const (
	EInvalid          = "invalid"                // 422: the input is well-formed but not acceptable
	EBadRequest       = "bad_request"            // 400: the input could not be read
	EUnauthorized     = "unauthorized"           // 401: no valid credentials
	EForbidden        = "forbidden"              // 403: the actor may not do this
	ENotFound         = "not_found"              // 404: no such object, or the actor may not see it
	EMethodNotAllowed = "method_not_allowed"     // 405
	EConflict         = "conflict"               // 409: the object's state forbids the action
	EPreconditionFail = "precondition_failed"    // 412: stale If-Match
	ERequestTimeout   = "request_timeout"        // 408: the request body did not arrive in time
	ETooLarge         = "too_large"              // 413
	EUnsupportedMedia = "unsupported_media_type" // 415
	EPreconditionReq  = "precondition_required"  // 428: If-Match missing
	ETooManyRequests  = "too_many_requests"      // 429
	EUnavailable      = "unavailable"            // 503: a dependency is down
	EInternal         = "internal"               // 500
)

// Error is an application error with a code, a message that is safe to show to
// the caller, and optional per-field messages.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	// Details carries structured extra data for the caller, e.g. the allowed
	// workflow actions of a 409 or the retry delay of a 429.
	Details map[string]any
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EInvalid error naming one field.
func FieldError(field, message string) *Error {
	return &Error{Code: EInvalid, Message: "the request has invalid fields", Fields: map[string]string{field: message}}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, else EInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// Fields collects per-field validation messages; Err returns nil when empty.
type Fields map[string]string

// Add records msg for field unless the field already has a message.
func (f Fields) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an EInvalid *Error carrying the fields, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "the request has invalid fields", Fields: f}
}
