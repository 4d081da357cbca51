package cms_test

import (
	"fmt"
	"slices"
	"testing"

	"newsroom/cms"
)

// spec restates the workflow table of product.md ("Editorial workflow"),
// independently of cms.Workflow: the status an action leads to, or "" when
// it is refused.
func spec(from cms.Status, live bool, a cms.Action) cms.Status {
	switch a {
	case cms.ActionSubmit:
		if from == cms.StatusDraft {
			return cms.StatusInReview
		}
	case cms.ActionRequestChanges:
		if from == cms.StatusInReview {
			return cms.StatusDraft
		}
	case cms.ActionPublish:
		if from == cms.StatusDraft || from == cms.StatusInReview || from == cms.StatusUnpublished {
			return cms.StatusPublished
		}
	case cms.ActionSchedule:
		if from == cms.StatusDraft || from == cms.StatusInReview {
			return cms.StatusScheduled
		}
	case cms.ActionPublishDue:
		if from == cms.StatusScheduled {
			return cms.StatusPublished
		}
	case cms.ActionCancelSchedule:
		if from == cms.StatusScheduled {
			return cms.StatusInReview
		}
	case cms.ActionUnpublish:
		if live && from != cms.StatusUnpublished && from != cms.StatusArchived {
			return cms.StatusUnpublished
		}
	case cms.ActionArchive:
		if from == cms.StatusDraft || from == cms.StatusUnpublished {
			return cms.StatusArchived
		}
	case cms.ActionEdit:
		switch from {
		case cms.StatusPublished:
			return cms.StatusDraft // readers keep the live version
		case cms.StatusDraft, cms.StatusInReview, cms.StatusScheduled, cms.StatusUnpublished:
			return from
		}
	}
	return ""
}

func TestTransitionTable(t *testing.T) {
	for _, from := range cms.Statuses {
		for _, live := range []bool{false, true} {
			for _, a := range cms.Actions {
				t.Run(fmt.Sprintf("%s/live=%v/%s", from, live, a), func(t *testing.T) {
					want := spec(from, live, a)
					got, err := cms.Next(from, live, a)
					if want == "" {
						if err == nil {
							t.Fatalf("got %s, want refused", got)
						}
						var ce *cms.Error
						if !asError(err, &ce) || ce.Code != cms.EConflict {
							t.Fatalf("got error %v, want EConflict", err)
						}
						allowed, _ := ce.Details["allowed_actions"].([]cms.Action)
						if !slices.Equal(allowed, cms.AllowedActions(from, live)) {
							t.Errorf("allowed actions in the error: got %v, want %v", allowed, cms.AllowedActions(from, live))
						}
						return
					}
					if err != nil || got != want {
						t.Fatalf("got %q, %v; want %q", got, err, want)
					}
					if !slices.Contains(cms.AllowedActions(from, live), a) {
						t.Errorf("AllowedActions(%s, %v) lacks %s", from, live, a)
					}
				})
			}
		}
	}
}

func asError(err error, target **cms.Error) bool {
	e, ok := err.(*cms.Error)
	if ok {
		*target = e
	}
	return ok
}
