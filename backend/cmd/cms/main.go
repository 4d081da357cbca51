// Command cms is the newsroom CMS: one binary that serves the APIs, migrates
// the database, creates users and seeds a demo newsroom.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

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
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "--version":
		fmt.Fprintln(stdout, version)
		return 0
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, args[1:], stdout, stderr)
	case "user":
		err = cmdUser(ctx, args[1:], stdin, stdout, stderr)
	case "seed":
		err = cmdSeed(ctx, args[1:], stdout, stderr)
	case "media":
		err = cmdMedia(ctx, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "cms: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintf(stderr, "cms %s: %v\n", args[0], err)
		return 1
	}
}

// errUsage marks a command line the flag package already complained about.
var errUsage = errors.New("usage error")

// newFlagSet returns a flag set that prints its usage to stderr and reports
// errors instead of exiting.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: cms %s\n\n%s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning flag errors into errUsage (the flag package has
// already printed the problem and the usage).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %v\n", fs.Args())
		fs.Usage()
		return errUsage
	}
	return nil
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
// the terminal.
func describe(err error) error {
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
	b.WriteString(ce.Message)
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  --%s %s", k, ce.Fields[k])
	}
	return errors.New(b.String())
}
