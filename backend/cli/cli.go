// Package cli holds what the command-line programs (cmd/cms, cmd/bench)
// share: running the subcommand the first argument names, flag sets that
// report errors instead of exiting, and the exit codes.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// ErrUsage marks a command line that was already reported along with the
// usage (by the flag package or by the command); Run exits 2 for it.
var ErrUsage = errors.New("usage error")

// Command runs one subcommand with the arguments that follow its name.
type Command func(args []string) error

// Program is a binary made of subcommands.
type Program struct {
	Name     string             // the binary, for messages: "cms"
	Usage    string             // the overview printed for --help and after a bad command line
	Version  string             // printed by "version" and --version; empty: no such command
	Commands map[string]Command // by name
}

// Run runs the subcommand args[0] names and returns the process exit code:
// 0 on success and for --help, 2 for a usage error (no or an unknown
// command, or ErrUsage), 1 for any other error, which it prints to stderr
// as "NAME COMMAND: error".
func (p Program) Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, p.Usage)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, p.Usage)
		return 0
	case "version", "--version":
		if p.Version != "" {
			fmt.Fprintln(stdout, p.Version)
			return 0
		}
	}
	cmd, ok := p.Commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown command %q\n\n%s", p.Name, args[0], p.Usage)
		return 2
	}
	err := cmd(args[1:])
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	default:
		fmt.Fprintf(stderr, "%s %s: %v\n", p.Name, args[0], err)
		return 1
	}
}

// NewFlagSet returns the flag set of the subcommand of program whose
// synopsis line is name (e.g. "serve [flags]"). It prints its usage and
// errors to stderr and reports errors instead of exiting.
func NewFlagSet(program, name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s %s\n\n%s\n\nFlags:\n", program, name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// Parse parses args into fs, which takes no positional arguments. It
// returns flag.ErrHelp for --help, and ErrUsage for a flag error (which the
// flag package has printed with the usage) or for arguments left over.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return ErrUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %v\n", fs.Args())
		fs.Usage()
		return ErrUsage
	}
	return nil
}
