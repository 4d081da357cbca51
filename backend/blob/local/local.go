// Package local implements blob.Store on a local directory, the embedded
// default for single-machine installs and the store the tests run on when no
// S3 server is wanted.
//
// # Layout
//
// The object with key "media/2024/a.jpg" is the file <dir>/media/2024/a.jpg,
// so the directory can be backed up or served as is. Its metadata (content
// type, cache control, ETag) is a JSON sidecar next to it,
// <dir>/media/2024/.a.jpg.meta. blob.ValidateKey rejects every segment that
// starts with ".", so sidecars, temporary files and the Ping probe can never
// collide with a key, and List skips every dot-file.
//
// The content type is stored rather than derived from the extension because
// media uploads are sniffed by content and the extension may not match. A
// file without a sidecar (copied in by hand) is still served: its content
// type comes from its extension and its ETag from its size and mtime.
//
// # Atomicity
//
// Put writes the content and the sidecar to temporary files in the target
// directory, syncs them, and renames them into place, sidecar first. Each
// file is replaced atomically, so a reader never sees a half-written object.
// The pair is not replaced as one: a reader racing an overwrite of the same
// key may see the new sidecar with the old content for a moment; a caller
// that gives every upload a new key never sees this. A crash between the two renames of a new key leaves an orphan
// sidecar, which is invisible and replaced by the next Put.
//
// Delete leaves empty directories behind; removing them would race with a
// concurrent Put into the same directory.
package local

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"newsroom/blob"
)

var _ blob.Store = (*Store)(nil)

// Store is a blob.Store kept in a directory. Create it with New.
type Store struct {
	dir string
}

// meta is the JSON sidecar stored next to each object.
type meta struct {
	ContentType  string `json:"content_type"`
	CacheControl string `json:"cache_control,omitempty"`
	ETag         string `json:"etag"`
}

// New returns a Store keeping objects under dir, creating dir (mode 0o755,
// with parents) if it does not exist. It returns an error if dir cannot be
// created or is not a directory. The path is made absolute, so a later
// change of working directory does not move the store.
func New(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("local blob store: directory is empty")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("local blob store %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("local blob store: create directory: %w", err)
	}
	return &Store{dir: abs}, nil
}

// Dir returns the absolute directory the store keeps its objects in.
func (s *Store) Dir() string { return s.dir }

// Put stores the object atomically (see the package comment). It follows the
// blob.Store contract.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts blob.PutOptions) error {
	if err := blob.ValidateKey(key); err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("put blob %q: %w", key, err)
	}
	target := s.path(key)
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("put blob %q: %w", key, err)
	}

	h := md5.New() // the S3 ETag of a single-part upload, so both stores agree
	src := io.Reader(readerFunc(func(p []byte) (int, error) {
		// Stop once ctx is done, so a cancelled upload does not keep writing.
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		return r.Read(p)
	}))
	if size >= 0 {
		src = io.LimitReader(src, size)
	}
	tmpData, err := writeTemp(dir, target, io.TeeReader(src, h), func(n int64) error {
		if size >= 0 && n != size {
			return fmt.Errorf("body ended after %d of %d bytes: %w", n, size, io.ErrUnexpectedEOF)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put blob %q: %w", key, err)
	}
	defer os.Remove(tmpData) // fails harmlessly once renamed

	m := meta{
		ContentType:  opts.ContentType,
		CacheControl: opts.CacheControl,
		ETag:         hex.EncodeToString(h.Sum(nil)),
	}
	if m.ContentType == "" {
		m.ContentType = blob.DefaultContentType
	}
	js, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("put blob %q: %w", key, err)
	}
	tmpMeta, err := writeTemp(dir, target, bytes.NewReader(js), nil)
	if err != nil {
		return fmt.Errorf("put blob %q: %w", key, err)
	}
	defer os.Remove(tmpMeta)

	// Sidecar first: if we stop in between, a new key stays invisible
	// instead of appearing with the wrong content type.
	if err := os.Rename(tmpMeta, metaPath(target)); err != nil {
		return fmt.Errorf("put blob %q: %w", key, err)
	}
	if err := os.Rename(tmpData, target); err != nil {
		return fmt.Errorf("put blob %q: %w", key, err)
	}
	return nil
}

// writeTemp copies r into a new hidden temporary file in dir, calls check
// (if not nil) with the number of bytes written, syncs and closes the file,
// and returns its path. On error it removes the file.
func writeTemp(dir, target string, r io.Reader, check func(int64) error) (name string, err error) {
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	n, err := io.Copy(f, r)
	if err != nil {
		return "", err
	}
	if check != nil {
		if err := check(n); err != nil {
			return "", err
		}
	}
	// CreateTemp makes the file 0o600; objects are ordinary files that a
	// web server or backup job running as another user may read.
	if err := f.Chmod(0o644); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// Open opens the object for reading. It follows the blob.Store contract; the
// returned Object is an *os.File and does not use ctx after Open returns.
func (s *Store) Open(ctx context.Context, key string) (blob.Object, error) {
	if err := blob.ValidateKey(key); err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open blob %q: %w", key, err)
	}
	target := s.path(key)
	f, err := os.Open(target)
	if err != nil {
		return nil, fmt.Errorf("open blob %q: %w", key, notExist(err))
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = blob.ErrNotExist // a directory made by a longer key
	}
	var info blob.Info
	if err == nil {
		info, err = s.info(key, target, fi)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open blob %q: %w", key, err)
	}
	return &object{File: f, info: info}, nil
}

// object is an open file plus the metadata read at Open.
type object struct {
	*os.File
	info blob.Info
}

func (o *object) Info() blob.Info { return o.info }

// Stat returns the object's metadata. It follows the blob.Store contract.
func (s *Store) Stat(ctx context.Context, key string) (blob.Info, error) {
	if err := blob.ValidateKey(key); err != nil {
		return blob.Info{}, fmt.Errorf("stat blob: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return blob.Info{}, fmt.Errorf("stat blob %q: %w", key, err)
	}
	target := s.path(key)
	fi, err := os.Stat(target)
	if err == nil && !fi.Mode().IsRegular() {
		err = blob.ErrNotExist
	}
	var info blob.Info
	if err == nil {
		info, err = s.info(key, target, fi)
	}
	if err != nil {
		return blob.Info{}, fmt.Errorf("stat blob %q: %w", key, notExist(err))
	}
	return info, nil
}

// info builds the Info of the object file target from its FileInfo and its
// sidecar, falling back to derived values when there is no sidecar.
func (s *Store) info(key, target string, fi fs.FileInfo) (blob.Info, error) {
	info := blob.Info{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}
	var m meta
	js, err := os.ReadFile(metaPath(target))
	switch {
	case err == nil:
		if err := json.Unmarshal(js, &m); err != nil {
			return blob.Info{}, fmt.Errorf("read metadata: %w", err)
		}
	case errors.Is(err, fs.ErrNotExist):
		m.ContentType = mime.TypeByExtension(path.Ext(key))
		m.ETag = strconv.FormatInt(fi.Size(), 16) + "-" + strconv.FormatInt(fi.ModTime().UnixNano(), 16)
	default:
		return blob.Info{}, fmt.Errorf("read metadata: %w", err)
	}
	if m.ContentType == "" {
		m.ContentType = blob.DefaultContentType
	}
	info.ContentType, info.CacheControl, info.ETag = m.ContentType, m.CacheControl, m.ETag
	return info, nil
}

// Delete removes the object and its sidecar. It follows the blob.Store
// contract: a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := blob.ValidateKey(key); err != nil {
		return fmt.Errorf("delete blob: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete blob %q: %w", key, err)
	}
	target := s.path(key)
	if fi, err := os.Lstat(target); err == nil && fi.IsDir() {
		return nil // a directory made by longer keys, not an object
	}
	// Content first, so the object disappears at once; an orphan sidecar
	// is invisible.
	for _, p := range []string{target, metaPath(target)} {
		if err := os.Remove(p); err != nil && !isNotExist(err) {
			return fmt.Errorf("delete blob %q: %w", key, err)
		}
	}
	return nil
}

// List walks the directory under prefix. It follows the blob.Store contract;
// the Info given to fn has Key, Size and ModTime set.
func (s *Store) List(ctx context.Context, prefix string, fn func(blob.Info) error) error {
	if err := blob.ValidatePrefix(prefix); err != nil {
		return fmt.Errorf("list blobs: %w", err)
	}
	// Walk only the deepest directory the prefix names in full.
	root := s.dir
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		root = s.path(prefix[:i])
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && isNotExist(err) {
				return fs.SkipAll // nothing under this prefix
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == root {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // sidecars, temporary files, probes
		}
		rel, err := filepath.Rel(s.dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if d.IsDir() {
			// Skip directories that cannot hold a match.
			if !strings.HasPrefix(key+"/", prefix) && !strings.HasPrefix(prefix, key+"/") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasPrefix(key, prefix) {
			return nil
		}
		fi, err := d.Info()
		if isNotExist(err) {
			return nil // deleted while we walked
		}
		if err != nil {
			return err
		}
		if err := fn(blob.Info{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}); err != nil {
			return &fnError{err}
		}
		return nil
	})
	var fe *fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err != nil {
		return fmt.Errorf("list blobs %q: %w", prefix, err)
	}
	return nil
}

// fnError carries the error of List's callback out of WalkDir, so that List
// returns it unchanged instead of wrapping it.
type fnError struct{ err error }

func (e *fnError) Error() string { return e.err.Error() }

// Ping checks that the directory exists and is writable by creating and
// removing a hidden probe file.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("local blob store: %w", err)
	}
	f, err := os.CreateTemp(s.dir, ".ping-*")
	if err != nil {
		return fmt.Errorf("local blob store %s is not writable: %w", s.dir, err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("local blob store %s: remove probe: %w", s.dir, err)
	}
	return nil
}

// path returns the file holding a validated key.
func (s *Store) path(key string) string {
	return filepath.Join(s.dir, filepath.FromSlash(key))
}

// metaPath returns the sidecar of the object file target.
func metaPath(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".meta")
}

// isNotExist reports whether err means the path is not there, including
// ENOTDIR: "a/b" when "a" is an object file.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// notExist returns blob.ErrNotExist for the errors isNotExist matches, and
// err otherwise.
func notExist(err error) error {
	if isNotExist(err) {
		return blob.ErrNotExist
	}
	return err
}

// readerFunc is an io.Reader made from a function.
type readerFunc func(p []byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }
