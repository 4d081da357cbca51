package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	"newsroom/accounts"
	"newsroom/cli"
	"newsroom/httpapi/delivery"
	"newsroom/pubsub"
	"newsroom/scheduler"
	"newsroom/server"
	"newsroom/store"
	"newsroom/webhook"
)

// bootstrapInputs names the settings of the bootstrap admin's fields
// (describe); its name and role are fixed.
var bootstrapInputs = map[string]string{
	"email":    "CMS_BOOTSTRAP_ADMIN_EMAIL (--bootstrap-admin-email)",
	"password": "CMS_BOOTSTRAP_ADMIN_PASSWORD",
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c Config
	e := &envReader{}
	fs := cli.NewFlagSet("cms", "serve [flags]", "Runs the HTTP server: the admin API under /api/admin/v1, /healthz, /readyz,\n/metrics and the OpenAPI document at /api/openapi.json. Stops gracefully on\nSIGINT or SIGTERM.", stderr)
	commonFlags(fs, &c, e)
	storageFlags(fs, &c, e)
	serveFlags(fs, &c, e)
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if err := c.validate(e, true, true); err != nil {
		return err
	}
	log := newLogger(&c, stderr)
	acfg := accounts.DefaultConfig()
	acfg.SessionTTL = c.SessionTTL
	acfg.APIKeyRefresh = c.APIKeyRefresh
	a, err := openApp(ctx, &c, acfg, true, log)
	if err != nil {
		return err
	}
	defer a.close()
	if c.AutoMigrate {
		if err := a.migrate(ctx, stdout); err != nil {
			return err
		}
	} else if cur, latest, err := a.db.SchemaStatus(ctx); err != nil {
		return err
	} else if cur < latest {
		return fmt.Errorf("the database schema is at version %d but this build needs %d; run `cms migrate` first", cur, latest)
	} else if cur > latest {
		// A rollback, or an old replica restarting during a rollout after
		// `cms migrate` ran: migrations stay backward compatible for one
		// release (docs/operations.md), so the older build still works.
		log.Warn("the database schema is newer than this build; serving, as migrations stay backward compatible for one release",
			"schema_version", cur, "build_schema_version", latest)
	}
	if c.BootstrapEmail != "" {
		created, err := a.accounts.Bootstrap(ctx, c.BootstrapEmail, string(c.BootstrapPassword))
		if err != nil {
			return describe(err, bootstrapInputs)
		}
		if created {
			log.Info("created the first admin", "email", c.BootstrapEmail)
		}
	}
	srv, err := server.New(server.Config{
		AdminOrigins:         splitList(c.AdminOrigins),
		MaxBodyBytes:         c.MaxBodyBytes,
		TrustedProxies:       splitList(c.TrustedProxies),
		Version:              version,
		CacheBytes:           c.CacheBytes,
		CacheMaxAge:          int(c.CacheMaxAge.Seconds()),
		StaleWhileRevalidate: int(c.StaleWhileRevalidate.Seconds()),
		Site:                 delivery.Site{URL: c.SiteURL, Name: c.SiteName, APIURL: strings.TrimSuffix(c.PublicAPIURL, "/")},
		Delivery:             c.deliveryAccess(),
		AdminUIDir:           c.AdminUIDir,
	}, server.Deps{Webhooks: webhook.New(a.db, a.policy, log), DB: a.db, Blob: a.blob, Accounts: a.accounts, Editorial: a.editorial, Media: a.media, Moderation: a.moderation, Log: log})
	if err != nil {
		return err
	}
	// Load the valid API keys before the first request can need them.
	if err := a.accounts.RefreshAPIKeys(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set CMS_HTTP_ADDR to a free address)", c.HTTPAddr, err)
	}
	var pprofLn net.Listener
	if c.PprofAddr != "" {
		if pprofLn, err = net.Listen("tcp", c.PprofAddr); err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s for the profiler: %w (set CMS_PPROF_ADDR to a free loopback address, or empty)", c.PprofAddr, err)
		}
		log.Info("profiler listening", "addr", pprofLn.Addr().String())
	}
	log.Info("serving", "addr", ln.Addr().String(), "database", string(a.db.Dialect()), "storage", c.Storage, "version", version)
	// Background jobs stop with the server: their context ends when Run returns.
	bg, stopBackground := context.WithCancel(ctx)
	var jobs sync.WaitGroup
	start := func(job func(context.Context)) {
		jobs.Add(1)
		go func() {
			defer jobs.Done()
			job(bg)
		}()
	}
	start(scheduler.New(a.editorial, c.SchedulerInterval, log).Run)
	start(webhook.NewDispatcher(a.db, c.webhookConfig(), log).Run)
	start(a.accounts.RunAPIKeyRefresh)
	start(a.db.WatchReplicas) // returns at once without read replicas
	if pprofLn != nil {
		start(func(ctx context.Context) { servePprof(ctx, pprofLn, log) })
	}
	if a.db.Dialect() == store.Postgres {
		// Other replicas' changes reach this replica's cache through NOTIFY.
		start(func(ctx context.Context) {
			pubsub.Listen(ctx, a.db.URL(), store.ChangeChannel, srv.Changed, srv.ChangesLost, nil, log)
		})
	}
	err = srv.Run(ctx, ln, c.ShutdownDrain, c.ShutdownTimeout)
	stopBackground()
	jobs.Wait()
	return err
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c Config
	e := &envReader{}
	fs := cli.NewFlagSet("cms", "migrate [flags]", "Applies every pending database migration (forward only) and exits.\nSafe to run from several replicas at once on PostgreSQL.", stderr)
	commonFlags(fs, &c, e)
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if err := c.validate(e, false, false); err != nil {
		return err
	}
	a, err := openApp(ctx, &c, accounts.DefaultConfig(), false, newLogger(&c, stderr))
	if err != nil {
		return err
	}
	defer a.close()
	return a.migrate(ctx, stdout)
}
