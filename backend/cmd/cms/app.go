package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"newsroom/accounts"
	"newsroom/authz"
	"newsroom/blob"
	"newsroom/blob/local"
	"newsroom/blob/s3"
	"newsroom/editorial"
	"newsroom/media"
	"newsroom/moderation"
	"newsroom/richtext"
	"newsroom/store"
)

// app is the wired application: the database, the object store and the
// services, built from a Config.
type app struct {
	log        *slog.Logger
	db         *store.DB
	blob       blob.Store
	policy     *authz.Policy
	accounts   *accounts.Service
	editorial  *editorial.Service
	media      *media.Service // only when opened with storage
	moderation *moderation.Service
}

// openApp connects to the database (and the object store when withStorage)
// and builds the services.
func openApp(ctx context.Context, c *Config, acfg accounts.Config, withStorage bool, log *slog.Logger) (*app, error) {
	db, err := store.Open(ctx, c.DatabaseURL, log, c.storeOptions())
	if err != nil {
		return nil, err
	}
	a := &app{log: log, db: db}
	if withStorage {
		if a.blob, err = openStorage(ctx, c); err != nil {
			db.Close()
			return nil, err
		}
	}
	if a.policy, err = authz.New(); err != nil {
		db.Close()
		return nil, err
	}
	if a.accounts, err = accounts.New(db, a.policy, acfg, log); err != nil {
		db.Close()
		return nil, err
	}
	a.editorial = editorial.New(db, a.policy, log)
	a.moderation = moderation.New(db, a.policy, c.moderationConfig(), log)
	if withStorage {
		a.media = media.New(db, a.blob, a.policy, media.Config{
			MaxBytes: c.MediaMaxBytes, MaxPixels: c.MediaMaxPixels, UploadQueue: c.MediaUploadQueue,
			UploadTimeout: c.MediaUploadTimeout, PublicURL: c.S3PublicURL,
		}, log)
	}
	return a, nil
}

// openStorage picks the object store the configuration names.
func openStorage(ctx context.Context, c *Config) (blob.Store, error) {
	switch c.Storage {
	case "s3":
		s, err := s3.New(ctx, c.S3)
		if err != nil {
			return nil, fmt.Errorf("object store: %w", err)
		}
		return s, nil
	default:
		s, err := local.New(c.StorageDir)
		if err != nil {
			return nil, fmt.Errorf("local media directory: %w", err)
		}
		return s, nil
	}
}

func (a *app) close() { a.db.Close() }

// migrate applies pending migrations, printing each one, then fills in
// what a migration left for Go to compute.
func (a *app) migrate(ctx context.Context, out io.Writer) error {
	current, latest, err := a.db.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	switch {
	case current == latest:
		fmt.Fprintf(out, "database schema is up to date (version %d)\n", current)
	case current > latest:
		// A newer release migrated already; migrations are forward-only.
		fmt.Fprintf(out, "database schema (version %d) is newer than this build's (%d); nothing to do\n", current, latest)
		return nil
	default:
		fmt.Fprintf(out, "migrating %s database from version %d to %d\n", a.db.Dialect(), current, latest)
		err := a.db.Migrate(ctx, func(r store.MigrationResult) {
			fmt.Fprintf(out, "  applied %s in %s\n", r.Name, r.Duration.Round(1e6))
		})
		if err != nil {
			return err
		}
	}
	// Live versions published before migration 00008 get the texts that
	// search snippets are cut from (store.FillPublicationTexts).
	rich := richtext.New()
	last := time.Now()
	return a.db.FillPublicationTexts(ctx, rich.Text, func(done, total int) {
		if done == total || time.Since(last) >= 2*time.Second {
			fmt.Fprintf(out, "  search snippet texts of earlier live versions: %d of %d\n", done, total)
			last = time.Now()
		}
	})
}
