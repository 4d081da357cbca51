package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"newsroom/cms"
)

// TestFieldErrorsNameTheirSettings runs the subcommands whose input ends in
// a field error (user create is TestUserCreate's) with bad input: each
// message names the flag or variable the person at the terminal sets, never
// a flag made of the field's name. Not parallel: it sets the environment.
func TestFieldErrorsNameTheirSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want []string // in stderr
		not  []string // not in stderr: flags that do not exist
	}{
		{"seed, short demo password", map[string]string{"CMS_DEMO_PASSWORD": "short"}, []string{"seed"},
			[]string{"seed user ", "CMS_DEMO_PASSWORD must be at least 10 characters"}, []string{"--password"}},
		{"seed, images over the size limit", nil, []string{"seed", "--media-max-bytes", "1024"},
			[]string{"seed image ", "--media-max-bytes", "must be at most 1024 bytes"}, []string{"--file"}},
		{"seed, images over the pixel limit", nil, []string{"seed", "--media-max-pixels", "100"},
			[]string{"seed image ", "--media-max-pixels", "at most 100 in all"}, []string{"--file"}},
		{"serve, short bootstrap password", map[string]string{"CMS_BOOTSTRAP_ADMIN_EMAIL": "boot@example.com", "CMS_BOOTSTRAP_ADMIN_PASSWORD": "short"},
			[]string{"serve", "--http-addr", "127.0.0.1:0"},
			[]string{"bootstrap admin: ", "CMS_BOOTSTRAP_ADMIN_PASSWORD must be at least 10 characters"}, []string{"--password", "invalid fields\n\n"}},
		{"serve, bad bootstrap e-mail", map[string]string{"CMS_BOOTSTRAP_ADMIN_EMAIL": "not-an-address", "CMS_BOOTSTRAP_ADMIN_PASSWORD": "a good long password"},
			[]string{"serve", "--http-addr", "127.0.0.1:0"},
			[]string{"CMS_BOOTSTRAP_ADMIN_EMAIL (--bootstrap-admin-email) is not an e-mail address"}, []string{"--email"}},
		{"media gc, negative age", nil, []string{"media", "gc", "--min-age", "-1s"},
			[]string{"--min-age must not be negative"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CMS_DEMO_PASSWORD", "a good long password")
			t.Setenv("CMS_LOG_LEVEL", "error")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			dir := t.TempDir()
			args := append(tc.args, "--database-url", "sqlite:"+filepath.Join(dir, "cms.db"), "--storage-dir", filepath.Join(dir, "media"))
			r := runCLI(t, "", args...)
			if r.code != 1 {
				t.Errorf("exit: got %d, want 1\n%s", r.code, r)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr: got %q, want it to contain %q", r.stderr, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(r.stderr, w) {
					t.Errorf("stderr: got %q, want no %q", r.stderr, w)
				}
			}
		})
	}
}

// TestDescribe: fields the command names are printed as their inputs, the
// others as fields (never as a made-up flag), in name order, after the
// context the error came with.
func TestDescribe(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("seed article x: %w", &cms.Error{Code: cms.EInvalid, Message: "the request has invalid fields",
		Fields: map[string]string{"slug": "is taken", "password": "is too short"}})
	got := describe(err, map[string]string{"password": "CMS_DEMO_PASSWORD"}).Error()
	want := "seed article x: the request has invalid fields\n  CMS_DEMO_PASSWORD is too short\n  field \"slug\" is taken"
	if got != want {
		t.Errorf("describe: got\n%s\nwant\n%s", got, want)
	}
	plain := errors.New("boom")
	if got := describe(plain, nil); got != plain {
		t.Errorf("describe of an error without fields: got %v, want it unchanged", got)
	}
}
