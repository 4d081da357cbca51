// Command bench measures the CMS under load from a process of its own, on
// loopback: `make bench` (scripts/bench.sh) runs `bench run` against a
// backend serving a bulk-seeded newsroom. It also offers its parts alone:
// `bench load` drives any URLs, `bench ceiling` is the minimal server the
// backend is compared with.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"newsroom/cli"
)

const usage = `bench — load generator and ceiling server for the CMS benchmarks

Usage:
  bench run      the make bench scenarios against a running backend; writes the report
  bench load     drive URLs with N keep-alive connections; print req/s, p50, p99, errors
  bench ceiling  serve a fixed JSON body of --size bytes on 127.0.0.1 (the ceiling)

"bench <command> --help" lists each command's flags. Everything listens and
connects on loopback only, and every load is bounded in time.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(runCommand(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// runCommand executes one command line and returns the process exit code:
// 0 on success, 2 for a usage error, 1 for any other failure.
func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return cli.Program{Name: "bench", Usage: usage, Commands: map[string]cli.Command{
		"run":     func(args []string) error { return cmdRun(ctx, args, stdout, stderr) },
		"load":    func(args []string) error { return cmdLoad(ctx, args, stdout, stderr) },
		"ceiling": func(args []string) error { return cmdCeiling(ctx, args, stdout, stderr) },
	}}.Run(args, stdout, stderr)
}

// loadFlags registers the shape of a measurement.
func loadFlags(fs *flag.FlagSet, l *Load, prefix string, duration time.Duration) {
	fs.IntVar(&l.Connections, prefix+"connections", 64, "concurrent keep-alive connections")
	fs.DurationVar(&l.Warmup, prefix+"warmup", 3*time.Second, "time before recording starts")
	fs.DurationVar(&l.Duration, prefix+"duration", duration, "recorded time")
}

func checkLoad(l Load) error {
	if l.Connections < 1 || l.Connections > 1024 {
		return errors.New("connections must be between 1 and 1024")
	}
	if l.Duration < time.Second || l.Duration > 10*time.Minute || l.Warmup < 0 || l.Warmup > time.Minute {
		return errors.New("the duration must be between 1s and 10m, the warm-up between 0 and 1m")
	}
	return nil
}

// loopback refuses a URL that leaves the machine: the load stays local.
func loopback(raw string) error {
	host := raw
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	host, _, _ = strings.Cut(host, "/")
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if ip := net.ParseIP(host); (ip == nil || !ip.IsLoopback()) && host != "localhost" {
		return fmt.Errorf("%s is not on loopback: bench only loads this machine", raw)
	}
	return nil
}

func cmdLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var l Load
	var urlsFile string
	var headers stringList
	fs := cli.NewFlagSet("bench", "load [flags] URL...", "Sends GET requests to the URLs in turn (each connection starting at its own\nplace) over keep-alive connections, warms up, then records every latency and\nprints requests/s, p50, p99, the slowest and the errors (non-200 answers).\n\nExample:\n  bench load --connections 64 --duration 15s http://127.0.0.1:8080/api/v1/articles", stderr)
	loadFlags(fs, &l, "", 15*time.Second)
	fs.StringVar(&urlsFile, "urls", "", "a file with one URL a line, used with those on the command line")
	fs.Var(&headers, "header", "a request header, \"Name: value\"; repeatable")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return cli.ErrUsage
	}
	urls := fs.Args()
	if urlsFile != "" {
		f, err := os.Open(urlsFile)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" {
				urls = append(urls, line)
			}
		}
		f.Close()
	}
	if len(urls) == 0 {
		fs.Usage()
		return cli.ErrUsage
	}
	for _, u := range urls {
		if err := loopback(u); err != nil {
			return err
		}
	}
	if err := checkLoad(l); err != nil {
		return err
	}
	h := map[string][]string{}
	for _, kv := range headers {
		k, v, ok := strings.Cut(kv, ":")
		if !ok {
			return fmt.Errorf("--header %q is not \"Name: value\"", kv)
		}
		h[strings.TrimSpace(k)] = append(h[strings.TrimSpace(k)], strings.TrimSpace(v))
	}
	r, err := measureGets(ctx, l, urls, h)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, r)
	if r.FirstError != "" {
		fmt.Fprintln(stdout, "first error:", r.FirstError)
	}
	return ctx.Err()
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ", ") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func cmdCeiling(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var size int
	var addr string
	fs := cli.NewFlagSet("bench", "ceiling [flags]", "Serves a fixed JSON body of --size bytes to every request with Go's net/http\nand nothing else: the most requests a second this machine answers with a\nresponse of that size. Prints \"listening on URL\" and serves until stopped.", stderr)
	fs.IntVar(&size, "size", 4096, "the body size in bytes")
	fs.StringVar(&addr, "addr", "127.0.0.1:0", "where to listen (loopback)")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if size < 16 || size > 16<<20 {
		return errors.New("--size must be between 16 and 16777216")
	}
	if err := loopback(addr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "listening on http://%s/\n", ln.Addr())
	return serveCeiling(ctx, ln, size)
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s := &Suite{log: stderr}
	var rep Report
	var jsonOut, mdOut string
	fs := cli.NewFlagSet("bench", "run [flags]", "Runs the make bench scenarios against a backend serving a bulk-seeded newsroom\n(cms seed --bulk): article by slug over 1,000 slugs, a section's first page\nand a page --depth deep, search, each also with the response cache missed,\nsaving drafts and publishing, and (--database-url) a save's writes from\nPostgreSQL alone, the writes' ceiling; measures the ceiling server with each\nscenario's response size; reads the backend's peak RSS; prints the table and\nwrites it as JSON and into the markdown report between its bench markers.", stderr)
	fs.StringVar(&s.Base, "base", "", "the backend, http://127.0.0.1:PORT (required)")
	fs.IntVar(&s.PID, "pid", 0, "the backend's process id, for its peak RSS (VmHWM)")
	fs.StringVar(&s.Email, "email", "", "an editor with the admin role (required)")
	fs.IntVar(&s.Depth, "depth", 500, "how many pages of 20 deep the deep list is")
	fs.StringVar(&s.DatabaseURL, "database-url", "", "the backend's PostgreSQL (CMS_DATABASE_URL), to measure a save's writes with no backend\nin between: the writes' ceiling; without it that row is left out")
	fs.StringVar(&s.Only, "only", "", "run only the scenarios whose name contains this (e.g. \"admin\"), while profiling")
	loadFlags(fs, &s.Load, "", 15*time.Second)
	fs.DurationVar(&s.CeilingLoad.Duration, "ceiling-duration", 10*time.Second, "recorded time of each ceiling measurement")
	fs.DurationVar(&s.UncachedLoad.Duration, "uncached-duration", 8*time.Second, "recorded time of each cache-missed scenario")
	fs.StringVar(&jsonOut, "json", "", "write the results as JSON to this file")
	fs.StringVar(&mdOut, "markdown", "", "write the table into this markdown file, between its bench markers")
	fs.IntVar(&rep.Dataset.Articles, "articles", 0, "for the report: how many articles were seeded")
	fs.Float64Var(&rep.Dataset.SeedSeconds, "seed-seconds", 0, "for the report: how long the bulk seed took")
	fs.StringVar(&rep.Machine.Database, "database", "", "for the report: the database and its version")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	s.Password = os.Getenv("BENCH_PASSWORD")
	switch {
	case s.Base == "" || s.Email == "":
		fs.Usage()
		return cli.ErrUsage
	case s.Password == "":
		return errors.New("set BENCH_PASSWORD to the password of --email")
	case s.Depth < 2:
		return errors.New("--depth must be at least 2")
	}
	if err := loopback(s.Base); err != nil {
		return err
	}
	if s.DatabaseURL != "" {
		pc, err := pgx.ParseConfig(s.DatabaseURL)
		if err != nil {
			return fmt.Errorf("--database-url: %w", err)
		}
		// A socket directory is local by nature; a host must be loopback.
		if !strings.HasPrefix(pc.Host, "/") {
			if err := loopback(pc.Host); err != nil {
				return fmt.Errorf("--database-url: %w", err)
			}
		}
	}
	s.Base = strings.TrimRight(s.Base, "/")
	s.CeilingLoad.Connections, s.CeilingLoad.Warmup = s.Load.Connections, 2*time.Second
	s.UncachedLoad.Connections, s.UncachedLoad.Warmup = s.Load.Connections, 2*time.Second
	for _, l := range []Load{s.Load, s.CeilingLoad, s.UncachedLoad} {
		if err := checkLoad(l); err != nil {
			return err
		}
	}
	if s.PID > 0 {
		if warning := otherSession(s.PID); warning != "" {
			fmt.Fprintln(stderr, "bench: warning:", warning)
		}
	}
	rep.start(s)
	scenarios, err := s.Run(ctx)
	if err != nil {
		return err
	}
	rep.finish(s, scenarios)
	fmt.Fprint(stdout, rep.Markdown())
	if jsonOut != "" {
		if err := rep.WriteJSON(jsonOut); err != nil {
			return err
		}
	}
	if mdOut != "" {
		if err := rep.WriteMarkdown(mdOut); err != nil {
			return err
		}
	}
	if !rep.Pass {
		fmt.Fprintln(stderr, "bench: some targets were missed (see the table)")
	}
	return nil
}
