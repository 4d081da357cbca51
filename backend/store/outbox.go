package store

import (
	"encoding/json"
	"strings"

	"newsroom/cms"
)

// Webhook events of the spec.
const (
	EventArticlePublished   = "article.published"
	EventArticleUpdated     = "article.updated"
	EventArticleUnpublished = "article.unpublished"
	EventStoryUpdated       = "story.updated"
	EventCommentApproved    = "comment.approved"
)

// Emit queues the event for every active webhook subscribed to it, in the
// caller's transaction (the outbox): the change and its deliveries commit or
// roll back together, so a receiver that is down loses nothing. The
// dispatcher sends them later.
func (tx *Tx) Emit(event string, payload any) error {
	var hooks []struct {
		ID     string
		Events string
	}
	if err := tx.g.Table("webhooks").Select("id, events").Where("active = ?", true).Scan(&hooks).Error; err != nil {
		return translate(err)
	}
	var body []byte
	for _, h := range hooks {
		if !subscribed(h.Events, event) {
			continue
		}
		if body == nil {
			var err error
			if body, err = json.Marshal(map[string]any{"event": event, "occurred_at": tx.Now, "data": payload}); err != nil {
				return err
			}
		}
		err := tx.g.Exec("INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, attempts, next_attempt_at, created_at, updated_at) "+
			"VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)", cms.NewID(tx.Now), h.ID, event, string(body), tx.Now, tx.Now, tx.Now).Error
		if err != nil {
			return translate(err)
		}
	}
	return nil
}

// subscribed reports whether a webhook's comma-separated event list names
// the event (or "*").
func subscribed(events, event string) bool {
	for _, e := range strings.Split(events, ",") {
		if e = strings.TrimSpace(e); e == event || e == "*" {
			return true
		}
	}
	return false
}

// Changed records that what readers see of the named objects changed in
// this transaction: keys like "article:<id>", "section:<id>", "story:<id>",
// "articles" (every listing). Once the transaction commits, the keys are
// handed to the DB's change listeners (the delivery cache, on this replica
// at once and on the others through PostgreSQL LISTEN/NOTIFY).
func (tx *Tx) Changed(keys ...string) {
	tx.changed = append(tx.changed, keys...)
}
