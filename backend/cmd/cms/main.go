// Command cms is the newsroom CMS: one binary that serves the APIs, migrates
// the database, creates users and seeds a demo newsroom.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"newsroom/cli"
	"newsroom/cms"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `cms — the newsroom CMS

Usage:
  cms <command> [flags]

Commands:
  serve        run the HTTP server (admin API, delivery API, health, metrics)
  migrate      apply pending database migrations and exit
  user create  create a user: --email --name --role (repeatable) --password-stdin
  seed         load the demo newsroom (sections, tags, authors, images, one user per role)
  media gc     delete stored media files that no asset uses (--dry-run to list them)
  version      print the version

Every setting is a flag whose default comes from a CMS_* environment
variable; "cms <command> --help" lists them. The database is a SQLite file
under ./data by default; set CMS_DATABASE_URL=postgres://... for PostgreSQL.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the process exit code: 0 on
// success, 2 for a usage error, 1 for any other failure.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cli.Program{Name: "cms", Usage: usage, Version: version, Commands: map[string]cli.Command{
		"serve":   func(args []string) error { return cmdServe(ctx, args, stdout, stderr) },
		"migrate": func(args []string) error { return cmdMigrate(ctx, args, stdout, stderr) },
		"user":    func(args []string) error { return cmdUser(ctx, args, stdin, stdout, stderr) },
		"seed":    func(args []string) error { return cmdSeed(ctx, args, stdout, stderr) },
		"media":   func(args []string) error { return cmdMedia(ctx, args, stdout, stderr) },
	}}.Run(args, stdout, stderr)
}

func newLogger(c *Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel)) // validated before
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// describe turns a validation error into one readable line per field, for
// the terminal. inputs says how the person at the terminal sets each field,
// written as they would: "--role" for the field "roles", "CMS_DEMO_PASSWORD"
// for the demo users' "password". A field inputs does not name is no input
// of the command (say, one of the demo data's own fields) and is printed as
// a field, never as a flag that does not exist. The context err wraps the
// field error in ("seed user x: ") is kept.
func describe(err error, inputs map[string]string) error {
	var ce *cms.Error
	if !errors.As(err, &ce) || len(ce.Fields) == 0 {
		return err
	}
	keys := make([]string, 0, len(ce.Fields))
	for k := range ce.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(err.Error(), ce.Error()))
	b.WriteString(ce.Message)
	for _, k := range keys {
		if in, ok := inputs[k]; ok {
			fmt.Fprintf(&b, "\n  %s %s", in, ce.Fields[k])
		} else {
			fmt.Fprintf(&b, "\n  field %q %s", k, ce.Fields[k])
		}
	}
	return errors.New(b.String())
}
