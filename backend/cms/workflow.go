package cms

import (
	"slices"
	"strings"
)

// Status is the workflow state of an article's working copy.
type Status string

// The statuses of the workflow.
const (
	StatusDraft       Status = "draft"
	StatusInReview    Status = "in_review"
	StatusScheduled   Status = "scheduled"
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished"
	StatusArchived    Status = "archived"
)

// Statuses lists every status.
var Statuses = []Status{StatusDraft, StatusInReview, StatusScheduled, StatusPublished, StatusUnpublished, StatusArchived}

// Action is something done to an article that may change its status.
type Action string

// The workflow actions. ActionEdit is a save of the working copy;
// ActionPublishDue is the scheduler publishing an article whose time came.
const (
	ActionSubmit         Action = "submit"
	ActionRequestChanges Action = "request_changes"
	ActionPublish        Action = "publish"
	ActionSchedule       Action = "schedule"
	ActionCancelSchedule Action = "cancel_schedule"
	ActionUnpublish      Action = "unpublish"
	ActionArchive        Action = "archive"
	ActionEdit           Action = "edit"
	ActionPublishDue     Action = "publish_due"
	// ActionDelete removes a draft that is not live. It moves the article
	// to no status, so it is not in the Workflow table; the article's
	// allowed_actions lists it when the caller may delete it now.
	ActionDelete Action = "delete"
)

// Actions lists every workflow action, in the order clients show them.
var Actions = []Action{ActionSubmit, ActionRequestChanges, ActionPublish, ActionSchedule, ActionCancelSchedule,
	ActionUnpublish, ActionArchive, ActionEdit, ActionPublishDue}

// Transition is one row of the workflow table: from a status, an action
// leads to a status. LiveOnly rows apply only while readers see a published
// version.
type Transition struct {
	From     Status
	Action   Action
	To       Status
	LiveOnly bool
}

// Workflow is the editorial workflow of the spec. Who may take each action
// is the policy's business (package authz), not this table's.
var Workflow = []Transition{
	{StatusDraft, ActionSubmit, StatusInReview, false},
	{StatusInReview, ActionRequestChanges, StatusDraft, false},
	{StatusDraft, ActionPublish, StatusPublished, false},
	{StatusInReview, ActionPublish, StatusPublished, false},
	{StatusUnpublished, ActionPublish, StatusPublished, false},
	{StatusDraft, ActionSchedule, StatusScheduled, false},
	{StatusInReview, ActionSchedule, StatusScheduled, false},
	{StatusScheduled, ActionPublishDue, StatusPublished, false},
	{StatusScheduled, ActionCancelSchedule, StatusInReview, false},
	// Saving the working copy: a published article goes back to draft while
	// readers keep the live version; other editable states stay as they are.
	{StatusDraft, ActionEdit, StatusDraft, false},
	{StatusInReview, ActionEdit, StatusInReview, false},
	{StatusScheduled, ActionEdit, StatusScheduled, false},
	{StatusPublished, ActionEdit, StatusDraft, false},
	{StatusUnpublished, ActionEdit, StatusUnpublished, false},
	// Unpublishing applies to any status while the article is live.
	{StatusDraft, ActionUnpublish, StatusUnpublished, true},
	{StatusInReview, ActionUnpublish, StatusUnpublished, true},
	{StatusScheduled, ActionUnpublish, StatusUnpublished, true},
	{StatusPublished, ActionUnpublish, StatusUnpublished, true},
	{StatusDraft, ActionArchive, StatusArchived, false},
	{StatusUnpublished, ActionArchive, StatusArchived, false},
}

// Next returns the status the action leads to from status from, given
// whether the article is live. An action the table does not allow returns
// EConflict with the allowed actions in Details["allowed_actions"].
func Next(from Status, live bool, action Action) (Status, error) {
	for _, t := range Workflow {
		if t.From == from && t.Action == action && (!t.LiveOnly || live) {
			return t.To, nil
		}
	}
	allowed := AllowedActions(from, live)
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	msg := "an article in status " + string(from) + " cannot " + strings.ReplaceAll(string(action), "_", " ")
	if len(names) > 0 {
		msg += "; it can: " + strings.Join(names, ", ")
	}
	return "", &Error{Code: EConflict, Message: msg, Details: map[string]any{"allowed_actions": allowed, "status": from}}
}

// AllowedActions returns the actions the table allows from a status, in
// the order of Actions.
func AllowedActions(from Status, live bool) []Action {
	out := []Action{}
	for _, a := range Actions {
		if slices.ContainsFunc(Workflow, func(t Transition) bool {
			return t.From == from && t.Action == a && (!t.LiveOnly || live)
		}) {
			out = append(out, a)
		}
	}
	return out
}
