package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"newsroom/accounts"
	"newsroom/cli"
	"newsroom/media"
)

const mediaUsage = `Usage: cms media gc [flags]

Commands:
  gc    delete stored media files (under media/ in the object store) that no
        asset uses: what a crashed upload or a failed clean-up left behind
`

func cmdMedia(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "gc" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, mediaUsage)
			return nil
		}
		fmt.Fprint(stderr, mediaUsage)
		return cli.ErrUsage
	}
	var c Config
	e := &envReader{}
	var dryRun bool
	var minAge time.Duration
	fs := cli.NewFlagSet("cms", "media gc [flags]", "Lists the objects under media/ in the object store, compares them with the\n"+
		"media assets in the database, and deletes those no asset names (original,\n"+
		"rendition or crop), printing each one. Objects younger than --min-age are\n"+
		"spared: an upload stores its files before it writes its row. Safe to run\n"+
		"while the server runs.", stderr)
	commonFlags(fs, &c, e)
	storageFlags(fs, &c, e)
	fs.BoolVar(&dryRun, "dry-run", false, "list the orphaned files without deleting them")
	fs.DurationVar(&minAge, "min-age", time.Hour, "spare files younger than this")
	if err := cli.Parse(fs, args[1:]); err != nil {
		return err
	}
	if err := c.validate(e, false, true); err != nil {
		return err
	}
	if minAge < 0 {
		return fmt.Errorf("--min-age must not be negative")
	}
	a, err := openApp(ctx, &c, accounts.DefaultConfig(), true, newLogger(&c, stderr))
	if err != nil {
		return err
	}
	defer a.close()
	verb := "deleted"
	if dryRun {
		verb = "orphan "
		fmt.Fprintln(stdout, "dry run: listing orphaned media files without deleting them")
	}
	fmt.Fprintf(stdout, "scanning %s in the %s store\n", media.Prefix, c.Storage)
	res, err := a.media.CollectGarbage(ctx, accounts.OperatorActor(), media.GCOptions{
		DryRun: dryRun, MinAge: minAge,
		Progress: func(ev media.GCEvent) {
			switch {
			case ev.Orphan.Key == "":
				fmt.Fprintf(stdout, "  scanned %d files\n", ev.Scanned)
			case ev.Err != nil:
				fmt.Fprintf(stdout, "  FAILED  %s: %v\n", ev.Orphan.Key, ev.Err)
			default:
				fmt.Fprintf(stdout, "  %s %s (%d bytes)\n", verb, ev.Orphan.Key, ev.Orphan.Size)
			}
		},
	})
	if err != nil {
		return describe(err, nil) // gc has no input that is a field
	}
	fmt.Fprintf(stdout, "%d files scanned: %d in use, %d too young to judge, %d orphaned (%d bytes)",
		res.Scanned, res.Referenced, res.Young, res.Orphans, res.Bytes)
	if dryRun {
		fmt.Fprintln(stdout, "; nothing deleted (dry run)")
	} else {
		fmt.Fprintf(stdout, "; %d deleted\n", res.Deleted)
	}
	if res.Failed > 0 {
		return fmt.Errorf("%d orphaned files could not be deleted; run again", res.Failed)
	}
	return nil
}
