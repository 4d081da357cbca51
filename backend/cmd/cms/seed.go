package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"os"

	"newsroom/accounts"
	"newsroom/demo"
)

func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c Config
	e := &envReader{}
	fs := newFlagSet("seed [flags]", "Loads the demo newsroom (Arabic and English sections, tags, author profiles,\ndemo images drawn by the code, articles in every state, reader comments, and one user per role) into the database,\nmigrating it first. Running it again leaves existing objects alone. The demo users' password comes from\nCMS_DEMO_PASSWORD, or a random one is made and printed.", stderr)
	commonFlags(fs, &c, e)
	storageFlags(fs, &c, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := c.validate(e, false, true); err != nil {
		return err
	}
	password := os.Getenv("CMS_DEMO_PASSWORD")
	if password == "" {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		password = base64.RawURLEncoding.EncodeToString(b)
	}
	a, err := openApp(ctx, &c, accounts.DefaultConfig(), true, newLogger(&c, stderr))
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.migrate(ctx, stdout); err != nil {
		return err
	}
	if err := demo.Seed(ctx, a.accounts, a.editorial, password, stdout); err != nil {
		return describe(err)
	}
	images, err := demo.SeedMedia(ctx, a.media, stdout)
	if err != nil {
		return describe(err)
	}
	if err := demo.SeedNewsroom(ctx, a.db, a.accounts, a.editorial, images, stdout); err != nil {
		return describe(err)
	}
	if err := demo.SeedComments(ctx, a.db, a.accounts, a.moderation, stdout); err != nil {
		return describe(err)
	}
	fmt.Fprintln(stdout, "\ndemo users (new ones get this password; existing ones keep theirs):")
	for _, u := range demo.Users {
		fmt.Fprintf(stdout, "  %-28s %-10s password: %s\n", u.Email, u.Role, password)
	}
	return nil
}
