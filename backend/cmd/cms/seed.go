package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"

	"newsroom/accounts"
	"newsroom/cli"
	"newsroom/demo"
)

// seedInputs names the setting behind each field seed's own demo data can
// fail on (describe): the demo users' password, and the upload limits the
// demo images must fit. Other fields are the demo data's own.
var seedInputs = map[string]string{
	"password": "CMS_DEMO_PASSWORD",
	"file":     "the image (limits: --media-max-bytes, --media-max-pixels)",
}

func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c Config
	e := &envReader{}
	fs := cli.NewFlagSet("cms", "seed [flags]", "Loads the demo newsroom (Arabic and English sections, tags, author profiles,\ndemo images drawn by the code, articles in every state, reader comments, and one user per role) into the database,\nmigrating it first. Running it again leaves existing objects alone. The demo users' password comes from\nCMS_DEMO_PASSWORD, or a random one is made and printed.", stderr)
	commonFlags(fs, &c, e)
	storageFlags(fs, &c, e)
	bulk, sizes := bulkFlags(fs)
	if err := cli.Parse(fs, args); err != nil {
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
		return describe(err, seedInputs)
	}
	images, err := demo.SeedMedia(ctx, a.media, stdout)
	if err != nil {
		return describe(err, seedInputs)
	}
	if *bulk {
		if err := demo.Bulk(ctx, a.db, *sizes, stdout); err != nil {
			return err
		}
	} else if err := demo.SeedNewsroom(ctx, a.db, a.accounts, a.editorial, images, stdout); err != nil {
		return describe(err, seedInputs)
	}
	if err := demo.SeedComments(ctx, a.db, a.accounts, a.moderation, stdout); err != nil {
		return describe(err, seedInputs)
	}
	fmt.Fprintln(stdout, "\ndemo users (new ones get this password; existing ones keep theirs):")
	for _, u := range demo.Users {
		fmt.Fprintf(stdout, "  %-28s %-10s password: %s\n", u.Email, u.Role, password)
	}
	return nil
}

// bulkFlags registers the flags of `cms seed --bulk`.
func bulkFlags(fs *flag.FlagSet) (*bool, *demo.Sizes) {
	n := demo.DefaultSizes
	bulk := fs.Bool("bulk", false, "generate a large newsroom for benchmarks (make bench) instead of the demo articles:\n"+
		"--articles articles, about 80% Arabic, first published over the last year, a few drafts,\n"+
		"in --sections sections, --stories stories and --tags tags (totals, the demo's included),\n"+
		"written with multi-row INSERTs (100,000 take about a minute on PostgreSQL), with a\n"+
		"progress line every 2s. Run it before cms serve starts: it bypasses the response cache.\n"+
		"Example: cms seed --bulk --articles 100000 --sections 20 --stories 200 --tags 5000")
	fs.IntVar(&n.Articles, "articles", n.Articles, "with --bulk: how many articles to generate")
	fs.IntVar(&n.Sections, "sections", n.Sections, "with --bulk: how many sections there are in all")
	fs.IntVar(&n.Stories, "stories", n.Stories, "with --bulk: how many stories there are in all")
	fs.IntVar(&n.Tags, "tags", n.Tags, "with --bulk: how many tags there are in all")
	fs.IntVar(&n.Authors, "authors", n.Authors, "with --bulk: how many author profiles there are in all")
	return bulk, &n
}
