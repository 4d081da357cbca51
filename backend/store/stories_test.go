package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/cms"
	"newsroom/cmstest"
	"newsroom/store"
)

// TestListStoriesFeaturedFirst: the readers' order is the featured strip
// by position, then the other stories most recently updated first; paging
// through it with any page size, across the boundary between the two,
// yields each story once, in that order.
func TestListStoriesFeaturedFirst(t *testing.T) {
	cmstest.EachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		// Stories 0..9; the featured ones' positions tie in pairs, and two
		// of the others share an updated_at, so the ids must break ties.
		type spec struct {
			featured bool
			position int
			at       int // minutes after now
		}
		specs := []spec{{true, 2, 0}, {false, 0, 9}, {true, 1, 1}, {false, 5, 3}, {true, 2, 7},
			{false, 0, 3}, {true, 0, 2}, {false, 1, 8}, {false, 0, 5}, {true, 1, 4}}
		type made struct {
			spec
			id string
		}
		var all []made
		for i, s := range specs {
			db.Now = func() time.Time { return now.Add(time.Duration(s.at) * time.Minute) }
			st := &cms.Story{Title: fmt.Sprintf("story %d", i), Slug: fmt.Sprintf("story-%d", i), Status: cms.StoryDeveloping,
				Featured: s.featured, Position: s.position}
			if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.CreateStory(st) }); err != nil {
				t.Fatal(err)
			}
			all = append(all, made{s, st.ID})
		}
		slices.SortFunc(all, func(a, b made) int {
			switch {
			case a.featured != b.featured:
				if a.featured {
					return -1
				}
				return 1
			case a.featured && a.position != b.position:
				return a.position - b.position
			case a.featured:
				return strings.Compare(a.id, b.id)
			case a.at != b.at:
				return b.at - a.at
			default:
				return strings.Compare(b.id, a.id)
			}
		})
		var want []string
		for _, m := range all {
			want = append(want, m.id)
		}

		for limit := 1; limit <= len(want)+1; limit++ {
			var got []string
			cursor := ""
			for pages := 0; ; pages++ {
				if pages > len(want)+1 {
					t.Fatalf("limit %d: paging does not end", limit)
				}
				page, err := db.View(ctx).ListStories(store.StoryFilter{FeaturedFirst: true, Cursor: cursor, Limit: limit})
				if err != nil {
					t.Fatalf("limit %d, page %d: %v", limit, pages, err)
				}
				for _, s := range page.Data {
					got = append(got, s.ID)
				}
				if page.NextCursor == "" {
					break
				}
				cursor = page.NextCursor
			}
			if !slices.Equal(got, want) {
				t.Errorf("limit %d: got %v, want %v", limit, got, want)
			}
		}

		// A cursor of the strip's own order (featured=true) is not one of this
		// order: 422, not a wrong page.
		strip, err := db.View(ctx).ListStories(store.StoryFilter{Featured: ptr(true), Limit: 1})
		if err != nil || strip.NextCursor == "" {
			t.Fatalf("featured strip: %v, next %q", err, strip.NextCursor)
		}
		_, err = db.View(ctx).ListStories(store.StoryFilter{FeaturedFirst: true, Cursor: strip.NextCursor, Limit: 1})
		if cms.ErrorCode(err) != cms.EInvalid {
			t.Errorf("a cursor of another order: got %v, want EInvalid", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
