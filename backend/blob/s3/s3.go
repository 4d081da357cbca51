// Package s3 implements blob.Store on any S3-compatible server (AWS S3,
// MinIO, Versity S3 Gateway) through minio-go. It is the only package that
// imports minio-go; minio errors are translated here, in convertErr, so
// callers only ever see blob.ErrNotExist, fs.ErrPermission or a wrapped
// error.
package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/s3utils"

	"newsroom/blob"
)

var _ blob.Store = (*Store)(nil)

// checkTimeout bounds the reachability and bucket check New makes, so a
// server that does not answer fails startup instead of hanging it.
const checkTimeout = 10 * time.Second

// probeRetries is how many attempts New and Ping make per request. minio-go
// retries network errors ten times with backoff by default, which would hide
// "connection refused" behind a long wait and then a bare deadline error.
const probeRetries = 2

// unknownSizePartSize is the multipart part size used when Put is given
// size < 0. minio-go otherwise sizes parts for a 5 TiB object and buffers
// each part (over 500 MiB) in memory.
const unknownSizePartSize = 16 << 20

// Config says where the store is. cmd/cms fills it from the CMS_S3_*
// settings; New validates it.
type Config struct {
	// Endpoint is the server as host or host:port, without a scheme
	// (CMS_S3_ENDPOINT), e.g. "s3.eu-west-1.amazonaws.com" or "127.0.0.1:9000".
	Endpoint string
	// Region is the bucket's region; empty lets minio-go discover it.
	Region string
	// Bucket holds every object (CMS_S3_BUCKET). New creates it if missing.
	Bucket string
	// AccessKey and SecretKey are the credentials (CMS_S3_ACCESS_KEY,
	// CMS_S3_SECRET_KEY).
	AccessKey string
	SecretKey string
	// UseTLS selects https.
	UseTLS bool
	// PathStyle addresses buckets as host/bucket rather than bucket.host,
	// as MinIO and most self-hosted servers need. When false, minio-go
	// picks the style from the endpoint.
	PathStyle bool
}

// LogValue logs the config without the secret key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("endpoint", c.Endpoint),
		slog.String("region", c.Region),
		slog.String("bucket", c.Bucket),
		slog.String("access_key", c.AccessKey),
		slog.Bool("use_tls", c.UseTLS),
		slog.Bool("path_style", c.PathStyle),
	)
}

// String describes the config without the secret key, so printing it with
// %v does not leak it.
func (c Config) String() string {
	return fmt.Sprintf("s3.Config{Endpoint:%q Region:%q Bucket:%q AccessKey:%q SecretKey:[redacted] UseTLS:%t PathStyle:%t}",
		c.Endpoint, c.Region, c.Bucket, c.AccessKey, c.UseTLS, c.PathStyle)
}

// validate returns every problem with c at once, each naming the setting to
// fix.
func (c Config) validate() error {
	var errs []error
	switch {
	case c.Endpoint == "":
		errs = append(errs, errors.New("CMS_S3_ENDPOINT is not set: give the S3 server as host:port, e.g. 127.0.0.1:9000"))
	case strings.Contains(c.Endpoint, "://"):
		errs = append(errs, fmt.Errorf("CMS_S3_ENDPOINT %q has a scheme: give host:port only; TLS is a separate setting", c.Endpoint))
	case strings.ContainsAny(c.Endpoint, "/?#"):
		errs = append(errs, fmt.Errorf("CMS_S3_ENDPOINT %q has a path: give host:port only", c.Endpoint))
	}
	if c.Bucket == "" {
		errs = append(errs, errors.New("CMS_S3_BUCKET is not set"))
	} else if err := s3utils.CheckValidBucketNameStrict(c.Bucket); err != nil {
		errs = append(errs, fmt.Errorf("CMS_S3_BUCKET %q is not a valid bucket name: %w", c.Bucket, err))
	}
	if c.AccessKey == "" {
		errs = append(errs, errors.New("CMS_S3_ACCESS_KEY is not set"))
	}
	if c.SecretKey == "" {
		errs = append(errs, errors.New("CMS_S3_SECRET_KEY is not set"))
	}
	return errors.Join(errs...)
}

// Store is a blob.Store in one S3 bucket. Create it with New. It holds no
// context; every call takes its own.
type Store struct {
	client   *minio.Client // object operations, with minio-go's retries
	probe    *minio.Client // New and Ping: few retries, so an outage shows at once
	bucket   string
	endpoint string
}

// New validates cfg, connects, and makes sure the bucket exists, creating it
// when missing. It gives up after a bounded time. Errors say what to fix: a
// setting that is missing or malformed, "object store at HOST unreachable",
// "object store at HOST rejected the credentials", or a bucket that cannot
// be created.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("s3 config: %w", err)
	}
	tr, err := minio.DefaultTransport(cfg.UseTLS)
	if err != nil {
		return nil, fmt.Errorf("s3 transport: %w", err)
	}
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	newClient := func(retries int) (*minio.Client, error) {
		return minio.New(cfg.Endpoint, &minio.Options{
			Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
			Secure:       cfg.UseTLS,
			Transport:    tr,
			Region:       cfg.Region,
			BucketLookup: lookup,
			MaxRetries:   retries,
		})
	}
	client, err := newClient(0) // 0: minio-go's default
	if err != nil {
		return nil, fmt.Errorf("s3 client for CMS_S3_ENDPOINT %q: %w", cfg.Endpoint, err)
	}
	probe, err := newClient(probeRetries)
	if err != nil {
		return nil, fmt.Errorf("s3 client for CMS_S3_ENDPOINT %q: %w", cfg.Endpoint, err)
	}
	s := &Store{client: client, probe: probe, bucket: cfg.Bucket, endpoint: cfg.Endpoint}

	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	ok, err := s.probe.BucketExists(ctx, s.bucket)
	if err != nil {
		return nil, s.describe(ctx, err)
	}
	if ok {
		return s, nil
	}
	if err := s.probe.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
		// Another replica may have created it meanwhile.
		if ok, err2 := s.probe.BucketExists(ctx, s.bucket); err2 == nil && ok {
			return s, nil
		}
		// Some servers (versitygw) answer the HEAD of a missing bucket
		// with 404 before checking the signature, so bad credentials may
		// only show up here.
		var er minio.ErrorResponse
		if errors.As(err, &er) && !badCredentials(er) {
			return nil, fmt.Errorf("object store at %s refused to create bucket %q (create it, or set CMS_S3_BUCKET to one that CMS_S3_ACCESS_KEY may use): %w", s.endpoint, s.bucket, err)
		}
		return nil, s.describe(ctx, err)
	}
	return s, nil
}

// Put uploads the object. It follows the blob.Store contract; when size < 0
// it streams a multipart upload in 16 MiB parts.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts blob.PutOptions) error {
	if err := blob.ValidateKey(key); err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	po := minio.PutObjectOptions{ContentType: opts.ContentType, CacheControl: opts.CacheControl}
	if po.ContentType == "" {
		po.ContentType = blob.DefaultContentType
	}
	if size < 0 {
		size = -1
		po.PartSize = unknownSizePartSize
	}
	if _, err := s.client.PutObject(ctx, s.bucket, key, r, size, po); err != nil {
		return fmt.Errorf("put blob %q: %w", key, convertErr(err))
	}
	return nil
}

// Open returns the object for reading. It follows the blob.Store contract.
// Reads and seeks turn into ranged GET requests made with ctx, so ctx must
// outlive the Object.
func (s *Store) Open(ctx context.Context, key string) (blob.Object, error) {
	if err := blob.ValidateKey(key); err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	o, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("open blob %q: %w", key, convertErr(err))
	}
	// GetObject is lazy; Stat makes the first request, so a missing key is
	// reported here rather than on the first Read.
	oi, err := o.Stat()
	if err != nil {
		o.Close()
		return nil, fmt.Errorf("open blob %q: %w", key, convertErr(err))
	}
	return &object{Object: o, info: info(oi)}, nil
}

// object is an open minio object plus the metadata read at Open.
type object struct {
	*minio.Object
	info blob.Info
}

func (o *object) Info() blob.Info { return o.info }

// Stat returns the object's metadata. It follows the blob.Store contract.
func (s *Store) Stat(ctx context.Context, key string) (blob.Info, error) {
	if err := blob.ValidateKey(key); err != nil {
		return blob.Info{}, fmt.Errorf("stat blob: %w", err)
	}
	oi, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return blob.Info{}, fmt.Errorf("stat blob %q: %w", key, convertErr(err))
	}
	return info(oi), nil
}

// info converts minio's object metadata.
func info(oi minio.ObjectInfo) blob.Info {
	ct := oi.ContentType
	if ct == "" {
		ct = blob.DefaultContentType
	}
	return blob.Info{
		Key:          oi.Key,
		Size:         oi.Size,
		ContentType:  ct,
		CacheControl: oi.Metadata.Get("Cache-Control"),
		ModTime:      oi.LastModified,
		ETag:         strings.Trim(oi.ETag, `"`),
	}
}

// Delete removes the object. It follows the blob.Store contract: S3 answers
// a delete of a missing key with success.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := blob.ValidateKey(key); err != nil {
		return fmt.Errorf("delete blob: %w", err)
	}
	err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	var er minio.ErrorResponse
	if errors.As(err, &er) && er.Code == minio.NoSuchKey {
		return nil // some servers say so instead
	}
	if err != nil {
		return fmt.Errorf("delete blob %q: %w", key, convertErr(err))
	}
	return nil
}

// List lists the bucket under prefix. It follows the blob.Store contract;
// the Info given to fn has Key, Size, ModTime and ETag set.
func (s *Store) List(ctx context.Context, prefix string, fn func(blob.Info) error) error {
	if err := blob.ValidatePrefix(prefix); err != nil {
		return fmt.Errorf("list blobs: %w", err)
	}
	// Cancelling stops minio-go's listing when fn ends it early.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for oi := range s.client.ListObjectsIter(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if oi.Err != nil {
			return fmt.Errorf("list blobs %q: %w", prefix, convertErr(oi.Err))
		}
		if strings.HasSuffix(oi.Key, "/") {
			continue // a "directory marker" some tools create; not a valid key
		}
		if err := fn(blob.Info{
			Key:     oi.Key,
			Size:    oi.Size,
			ModTime: oi.LastModified,
			ETag:    strings.Trim(oi.ETag, `"`),
		}); err != nil {
			return err
		}
	}
	return nil
}

// Ping checks that the server answers, accepts the credentials and has the
// bucket. The error is one New would give, such as "object store at HOST
// unreachable: ...". It waits as long as ctx allows.
func (s *Store) Ping(ctx context.Context) error {
	ok, err := s.probe.BucketExists(ctx, s.bucket)
	if err != nil {
		return s.describe(ctx, err)
	}
	if !ok {
		return fmt.Errorf("object store at %s has no bucket %q (CMS_S3_BUCKET)", s.endpoint, s.bucket)
	}
	return nil
}

// describe turns an error from a bucket check into a message an operator
// can act on.
func (s *Store) describe(ctx context.Context, err error) error {
	var er minio.ErrorResponse
	if !errors.As(err, &er) {
		// No S3 answer at all: refused, timed out, DNS, TLS.
		if ctx.Err() != nil {
			return fmt.Errorf("object store at %s unreachable: no answer before the deadline: %w", s.endpoint, err)
		}
		return fmt.Errorf("object store at %s unreachable: %w", s.endpoint, err)
	}
	if badCredentials(er) || er.Code == minio.AccessDenied || er.StatusCode == http.StatusForbidden {
		return fmt.Errorf("object store at %s rejected the credentials for bucket %q (check CMS_S3_ACCESS_KEY/CMS_S3_SECRET_KEY): %w", s.endpoint, s.bucket, err)
	}
	return fmt.Errorf("object store at %s, bucket %q: %w", s.endpoint, s.bucket, err)
}

// badCredentials reports whether the server said it does not know the
// access key or the signature (made with the secret key) does not match.
// XAdminUserNotFound is how versitygw says InvalidAccessKeyId.
func badCredentials(er minio.ErrorResponse) bool {
	switch er.Code {
	case minio.InvalidAccessKeyID, minio.SignatureDoesNotMatch, "XAdminUserNotFound":
		return true
	}
	return false
}

// convertErr translates minio errors into the standard ones callers test
// with errors.Is (as gitea's convertMinioErr does), keeping the original
// for the message.
func convertErr(err error) error {
	var er minio.ErrorResponse
	if !errors.As(err, &er) {
		return err
	}
	switch er.Code {
	case minio.NoSuchKey, minio.NoSuchBucket:
		return fmt.Errorf("%w: %w", blob.ErrNotExist, err)
	case minio.AccessDenied:
		return fmt.Errorf("%w: %w", fs.ErrPermission, err)
	}
	return err
}
