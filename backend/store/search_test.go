package store_test

import (
	"context"
	"strings"
	"testing"

	"newsroom/cmstest"
	"newsroom/store"
)

// Search's recent band must be answered from the index over the words and
// the publication day (migration 00005): if the query's day expression and
// the index's stopped matching, every search would read all its matches'
// rows instead, and only make bench would notice.
func TestSearchBandsUseTheDayIndex(t *testing.T) {
	t.Parallel()
	db := cmstest.Postgres(t)
	for _, recent := range []bool{true, false} {
		var plan string
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			var err error
			plan, err = tx.ExplainSearchBand("البنك المركزي", recent)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "article_publications_search_day_idx") || !strings.Contains(plan, "epoch_day(published_at)") {
			t.Errorf("recent=%v: the band is not read from the day index:\n%s", recent, plan)
		}
	}
}
