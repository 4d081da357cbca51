package cli_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"newsroom/cli"
)

// program is a Program of three commands whose flag set writes to stderr;
// "ok" keeps its arguments in *got.
func program(got *[]string, stderr *bytes.Buffer) cli.Program {
	return cli.Program{Name: "tool", Usage: "tool usage\n", Version: "v1", Commands: map[string]cli.Command{
		"ok": func(args []string) error { *got = args; return nil },
		"flags": func(args []string) error {
			var n int
			fs := cli.NewFlagSet("tool", "flags [flags]", "Takes -n.", stderr)
			fs.IntVar(&n, "n", 1, "a number")
			return cli.Parse(fs, args)
		},
		"fail": func([]string) error { return errors.New("boom") },
	}}
}

func TestProgramRun(t *testing.T) {
	tests := []struct {
		args           []string
		code           int
		stdout, stderr string // contained
		noErrs         bool
	}{
		{args: nil, code: 2, stderr: "tool usage"},
		{args: []string{"--help"}, code: 0, stdout: "tool usage"},
		{args: []string{"-help"}, code: 0, stdout: "tool usage"},
		{args: []string{"help"}, code: 0, stdout: "tool usage"},
		{args: []string{"version"}, code: 0, stdout: "v1\n"},
		{args: []string{"nope"}, code: 2, stderr: `tool: unknown command "nope"`},
		{args: []string{"ok", "a", "b"}, code: 0, noErrs: true},
		{args: []string{"flags", "-n", "3"}, code: 0, noErrs: true},
		{args: []string{"flags", "--help"}, code: 0, stderr: "Usage: tool flags [flags]\n\nTakes -n.\n\nFlags:\n  -n int"},
		{args: []string{"flags", "--bogus"}, code: 2, stderr: "flag provided but not defined: -bogus"},
		{args: []string{"flags", "extra"}, code: 2, stderr: "unexpected arguments: [extra]\nUsage: tool flags"},
		{args: []string{"fail"}, code: 1, stderr: "tool fail: boom\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			var got []string
			code := program(&got, &stderr).Run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code: got %d, want %d (stderr %q)", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout: got %q, want it to contain %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr: got %q, want it to contain %q", stderr.String(), tt.stderr)
			}
			if tt.noErrs && stderr.Len() > 0 {
				t.Errorf("stderr: got %q, want nothing", stderr.String())
			}
			if len(tt.args) > 0 && tt.args[0] == "ok" && strings.Join(got, " ") != "a b" {
				t.Errorf("arguments of ok: got %v, want [a b]", got)
			}
		})
	}
}

func TestProgramWithoutVersion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	p := cli.Program{Name: "tool", Usage: "tool usage\n"}
	if code := p.Run([]string{"version"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), `unknown command "version"`) {
		t.Errorf("got %d %q, want 2 and unknown command", code, stderr.String())
	}
}
