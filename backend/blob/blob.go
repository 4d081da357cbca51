// Package blob defines Store, the object storage the CMS keeps media in, and
// the rules every implementation follows: which keys are valid, which errors
// mean what, and what metadata comes back.
//
// Implementations live in subpackages, one per backend: blob/local (a
// directory) and blob/s3 (any S3 server, through minio-go). blob/blobtest is
// the conformance suite both run. The caller picks the implementation in
// cmd/cms; nothing registers itself.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrNotExist is returned, possibly wrapped, by every Store when a key (or the
// bucket holding it) does not exist. It is fs.ErrNotExist, so
// errors.Is(err, fs.ErrNotExist) works as well.
var ErrNotExist = fs.ErrNotExist

// ErrInvalidKey is returned, wrapped with the offending key and the reason,
// by every Store method given a key or prefix that ValidateKey rejects.
var ErrInvalidKey = errors.New("invalid blob key")

// MaxKeyLen is the longest key, in bytes, that ValidateKey accepts. It is the
// S3 limit, so a key valid here is valid on every backend.
const MaxKeyLen = 1024

// MaxSegmentLen is the longest "/"-separated segment of a key, in bytes.
// File systems limit a name to 255 bytes, and blob/local names a sidecar and
// temporary files after each object with up to 16 bytes more.
const MaxSegmentLen = 200

// DefaultContentType is what Stat and Open report for an object stored
// without a content type.
const DefaultContentType = "application/octet-stream"

// Store is object storage for media. Every method takes the request context
// first and is safe for concurrent use.
//
// Keys are slash-separated paths such as "media/2024/05/abc.jpg"; see
// ValidateKey for the rules. A method given an invalid key returns an error
// wrapping ErrInvalidKey and does no I/O.
type Store interface {
	// Put stores the object key, replacing any object already there.
	// When size >= 0, Put reads exactly size bytes from r; if r ends early it
	// returns an error and the key keeps its previous content (or stays
	// missing). Bytes after size are not read. When size < 0 the length is
	// unknown and Put reads r to EOF. An empty opts.ContentType is stored as
	// DefaultContentType.
	Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) error

	// Open returns the object for reading. The Object can Seek, so it can be
	// handed to http.ServeContent for Range requests, and the caller must
	// Close it. Reads may use ctx, so cancel ctx only after Close. Returns
	// ErrNotExist if the key does not exist.
	Open(ctx context.Context, key string) (Object, error)

	// Stat returns the object's metadata without reading its content.
	// Returns ErrNotExist if the key does not exist.
	Stat(ctx context.Context, key string) (Info, error)

	// Delete removes the object. Deleting a key that does not exist is not
	// an error.
	Delete(ctx context.Context, key string) error

	// List calls fn for every object whose key starts with prefix; an empty
	// prefix lists the whole store. The order is unspecified. The Info given
	// to fn has Key, Size and ModTime set; ContentType, CacheControl and ETag
	// may be empty (use Stat). If fn returns an error, List stops and
	// returns that error unchanged. A prefix no valid key can start with
	// returns ErrInvalidKey.
	List(ctx context.Context, prefix string, fn func(Info) error) error

	// Ping reports whether the store is reachable and usable: the directory
	// is writable, or the bucket exists and the credentials are accepted.
	// It is what /readyz calls; the error says what is wrong in words an
	// operator can act on. Bound ctx: Ping waits as long as ctx allows.
	Ping(ctx context.Context) error
}

// PutOptions is the metadata stored with an object and returned by Stat.
type PutOptions struct {
	// ContentType is the MIME type served with the object. Empty means
	// DefaultContentType.
	ContentType string
	// CacheControl is the Cache-Control header value served with the
	// object. Empty means none.
	CacheControl string
}

// Info describes a stored object.
type Info struct {
	// Key is the object's key, as given to Put.
	Key string
	// Size is the content length in bytes.
	Size int64
	// ContentType is the MIME type given to Put, or DefaultContentType.
	ContentType string
	// CacheControl is the Cache-Control value given to Put, or "".
	CacheControl string
	// ModTime is when the object was last written. Precision depends on the
	// backend (S3 reports whole seconds).
	ModTime time.Time
	// ETag is an opaque validator without surrounding quotes: it changes when
	// the content changes. It is not guaranteed to be a hash of the content.
	ETag string
}

// Object is an open stored object: content that can be read, seeked and
// closed, plus the metadata it was opened with.
type Object interface {
	io.ReadSeekCloser
	// Info returns the metadata of the object as of Open.
	Info() Info
}

// ValidateKey returns nil if key is usable on every Store, or an error
// wrapping ErrInvalidKey that says why not. A valid key
//   - is non-empty, valid UTF-8, at most MaxKeyLen bytes and free of control
//     characters;
//   - is made of "/"-separated segments, none of them empty, so it has no
//     leading or trailing "/" and no "//", and none longer than
//     MaxSegmentLen bytes;
//   - has no segment that starts with "." (this excludes "." and "..", and
//     leaves dot-files to implementations for their own bookkeeping);
//   - contains no backslash.
func ValidateKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: empty", ErrInvalidKey)
	}
	if err := validateChars(key); err != nil {
		return err
	}
	for seg := range strings.SplitSeq(key, "/") {
		if err := validateSegment(key, seg); err != nil {
			return err
		}
	}
	return nil
}

// ValidatePrefix returns nil if prefix could start a valid key (see
// ValidateKey), or an error wrapping ErrInvalidKey. The empty prefix is
// valid, and so is a prefix ending in "/" or in part of a segment.
func ValidatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	if err := validateChars(prefix); err != nil {
		return err
	}
	segs := strings.Split(prefix, "/")
	for i, seg := range segs {
		if i == len(segs)-1 && seg == "" {
			break // a trailing "/" is how a directory-like prefix ends
		}
		if err := validateSegment(prefix, seg); err != nil {
			return err
		}
	}
	return nil
}

func validateChars(key string) error {
	if len(key) > MaxKeyLen {
		return fmt.Errorf("%w: %d bytes, longer than %d", ErrInvalidKey, len(key), MaxKeyLen)
	}
	if !utf8.ValidString(key) {
		return fmt.Errorf("%w: %q is not valid UTF-8", ErrInvalidKey, key)
	}
	for _, r := range key {
		switch {
		case r == '\\':
			return fmt.Errorf("%w: %q contains a backslash", ErrInvalidKey, key)
		case unicode.IsControl(r):
			return fmt.Errorf("%w: %q contains a control character", ErrInvalidKey, key)
		}
	}
	return nil
}

func validateSegment(key, seg string) error {
	switch {
	case seg == "":
		return fmt.Errorf("%w: %q has an empty path segment", ErrInvalidKey, key)
	case strings.HasPrefix(seg, "."):
		return fmt.Errorf("%w: %q has a segment starting with \".\"", ErrInvalidKey, key)
	case len(seg) > MaxSegmentLen:
		return fmt.Errorf("%w: a segment of %d bytes, longer than %d", ErrInvalidKey, len(seg), MaxSegmentLen)
	}
	return nil
}
