package media

import (
	"context"
	"time"

	"newsroom/authz"
	"newsroom/blob"
	"newsroom/cms"
	"newsroom/store"
)

// GCOptions tune CollectGarbage.
type GCOptions struct {
	// DryRun lists the orphans without deleting them.
	DryRun bool
	// MinAge spares objects younger than this: an upload stores its objects
	// before it writes its row, so a young object without a row may belong
	// to an upload still in progress.
	MinAge time.Duration
	// Progress, when set, is called for each orphan found (deleted unless
	// DryRun) and every 1,000 objects scanned.
	Progress func(GCEvent)
}

// GCEvent reports the collector's progress.
type GCEvent struct {
	Scanned int       // objects scanned so far
	Orphan  blob.Info // the orphan found; zero for a progress tick
	Deleted bool      // the orphan was deleted
	Err     error     // deleting it failed
}

// GCResult sums up a collection.
type GCResult struct {
	Scanned    int   // objects under the media prefix
	Referenced int   // of them named by a row
	Young      int   // orphans spared because younger than MinAge
	Orphans    int   // orphans found
	Deleted    int   // orphans deleted
	Bytes      int64 // bytes of the orphans found
	Failed     int   // orphans that could not be deleted
}

// CollectGarbage deletes the objects under the media prefix that no asset's
// row names (the original or a rendition): what a crashed upload or a failed
// clean-up left behind. Editors (and the command line's operator) may run
// it. Returns EForbidden, or the object store's or database's error.
func (s *Service) CollectGarbage(ctx context.Context, a cms.Actor, opts GCOptions) (GCResult, error) {
	var res GCResult
	if err := s.policy.Check(a, authz.Media, "delete", authz.Other); err != nil {
		return res, err
	}
	// Listing the objects before reading the rows: an object stored after
	// the listing started cannot be mistaken for an orphan, and one stored
	// before it with its row written meanwhile is found in the rows.
	var candidates []blob.Info
	start := s.db.Now()
	err := s.blob.List(ctx, Prefix, func(i blob.Info) error {
		res.Scanned++
		candidates = append(candidates, i)
		if opts.Progress != nil && res.Scanned%1000 == 0 {
			opts.Progress(GCEvent{Scanned: res.Scanned})
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	referenced := map[string]bool{}
	if err := s.db.View(ctx).MediaObjectKeys(func(k string) { referenced[k] = true }); err != nil {
		return res, err
	}
	for _, i := range candidates {
		if referenced[i.Key] {
			res.Referenced++
			continue
		}
		if start.Sub(i.ModTime) < opts.MinAge {
			res.Young++
			continue
		}
		res.Orphans++
		res.Bytes += i.Size
		ev := GCEvent{Scanned: res.Scanned, Orphan: i}
		if !opts.DryRun {
			if err := s.blob.Delete(ctx, i.Key); err != nil {
				ev.Err = err
				res.Failed++
			} else {
				ev.Deleted = true
				res.Deleted++
			}
		}
		if opts.Progress != nil {
			opts.Progress(ev)
		}
	}
	if opts.Progress != nil {
		opts.Progress(GCEvent{Scanned: res.Scanned})
	}
	if !opts.DryRun && res.Deleted > 0 {
		err = s.db.InTx(ctx, func(tx *store.Tx) error {
			return tx.Audit(a, "media.gc", "media", "", map[string]any{"deleted": res.Deleted, "bytes": res.Bytes})
		})
	}
	return res, err
}
