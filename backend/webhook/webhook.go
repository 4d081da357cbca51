// Package webhook tells other systems what changed. Admins register
// receiver URLs for events (Service); a change queues one delivery per
// subscribed webhook in its own transaction (store.Tx.Emit, the outbox); and
// the Dispatcher of every `cms serve` claims due deliveries, signs them with
// HMAC-SHA256 and POSTs them, retrying with exponential backoff. Claims are
// leases held in the database, so a delivery survives a receiver that is
// down, a backend restart and a replica that dies mid-send. See
// docs/webhooks.md for what receivers get.
package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// EventTest is the event of the delivery that Service.Test queues. Only the
// webhook tested gets it; no webhook subscribes to it.
const EventTest = "webhook.test"

// Events returns the events a webhook can subscribe to, in display order.
func Events() []string {
	return []string{store.EventArticlePublished, store.EventArticleUpdated, store.EventArticleUnpublished,
		store.EventStoryUpdated, store.EventCommentApproved}
}

// Service manages webhooks and shows their deliveries. Every method is for
// admins only and returns EForbidden to anyone else.
type Service struct {
	db     *store.DB
	policy *authz.Policy
	log    *slog.Logger
}

// New returns the webhook service.
func New(db *store.DB, policy *authz.Policy, log *slog.Logger) *Service {
	return &Service{db: db, policy: policy, log: log}
}

// Input is the body of creating a webhook and, with absent fields left as
// they are, of changing one.
type Input struct {
	// URL receives the deliveries: an absolute http or https URL.
	URL *string `json:"url"`
	// Events are the events to deliver, at least one of Events().
	Events      *[]string `json:"events"`
	Description *string   `json:"description"`
	// Active says whether deliveries are sent; true when left out on create.
	Active *bool `json:"active"`
}

func (s *Service) check(a cms.Actor) error {
	return s.policy.Check(a, authz.Webhook, "manage", authz.Other)
}

// Create registers a webhook with a new secret: 32 random bytes in hex. The
// answer carries the secret in full; later answers mask it. Returns
// EInvalid with field messages.
func (s *Service) Create(ctx context.Context, a cms.Actor, in Input) (*cms.Webhook, error) {
	if err := s.check(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	if in.URL == nil {
		f.Add("url", "is required")
	}
	if in.Events == nil {
		f.Add("events", "is required: name at least one of "+strings.Join(Events(), ", "))
	}
	c := validate(f, in)
	if err := f.Err(); err != nil {
		return nil, err
	}
	secret, err := newSecret()
	if err != nil {
		return nil, err
	}
	w := &cms.Webhook{URL: *c.URL, Events: c.Events, Active: true, Secret: secret}
	if c.Description != nil {
		w.Description = *c.Description
	}
	if c.Active != nil {
		w.Active = *c.Active
	}
	if a.UserID != "" {
		w.CreatedBy = &a.UserID
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateWebhook(w); err != nil {
			return err
		}
		return tx.Audit(a, "webhook.create", "webhook", w.ID, auditDetails(w))
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// Webhook returns a webhook, its secret masked. Returns ENotFound.
func (s *Service) Webhook(ctx context.Context, a cms.Actor, id string) (*cms.Webhook, error) {
	if err := s.check(a); err != nil {
		return nil, err
	}
	w, err := s.db.View(ctx).Webhook(id)
	if err != nil {
		return nil, err
	}
	return masked(w), nil
}

// List lists webhooks, oldest first, their secrets masked.
func (s *Service) List(ctx context.Context, a cms.Actor, cursor string, limit int) (cms.Page[*cms.Webhook], error) {
	if err := s.check(a); err != nil {
		return cms.Page[*cms.Webhook]{}, err
	}
	page, err := s.db.View(ctx).ListWebhooks(cursor, limit)
	for _, w := range page.Data {
		masked(w)
	}
	return page, err
}

// Update changes a webhook when its version is still version. Deactivating
// a webhook pauses its pending deliveries (they are not sent, and no new
// ones are queued); reactivating it sends them. Returns EInvalid, ENotFound
// or EPreconditionFail.
func (s *Service) Update(ctx context.Context, a cms.Actor, id string, version int64, in Input) (*cms.Webhook, error) {
	if err := s.check(a); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	c := validate(f, in)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var w *cms.Webhook
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if w, err = tx.UpdateWebhook(id, version, c); err != nil {
			return err
		}
		return tx.Audit(a, "webhook.update", "webhook", w.ID, auditDetails(w))
	})
	if err != nil {
		return nil, err
	}
	return masked(w), nil
}

// RotateSecret gives the webhook a new secret, answered in full this once.
// Deliveries sent from then on, pending ones included, are signed with it.
// version 0 rotates whatever the version; another must match (else
// EPreconditionFail). Returns ENotFound.
func (s *Service) RotateSecret(ctx context.Context, a cms.Actor, id string, version int64) (*cms.Webhook, error) {
	if err := s.check(a); err != nil {
		return nil, err
	}
	secret, err := newSecret()
	if err != nil {
		return nil, err
	}
	var w *cms.Webhook
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if version == 0 {
			cur, err := tx.Webhook(id)
			if err != nil {
				return err
			}
			version = cur.Version
		}
		var err error
		if w, err = tx.UpdateWebhook(id, version, store.WebhookChange{Secret: &secret}); err != nil {
			return err
		}
		return tx.Audit(a, "webhook.rotate_secret", "webhook", w.ID, nil)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// Delete removes a webhook and its deliveries, pending ones included.
// Returns ENotFound.
func (s *Service) Delete(ctx context.Context, a cms.Actor, id string) error {
	if err := s.check(a); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		w, err := tx.Webhook(id)
		if err != nil {
			return err
		}
		if err := tx.DeleteWebhook(id); err != nil {
			return err
		}
		return tx.Audit(a, "webhook.delete", "webhook", id, auditDetails(w))
	})
}

// Deliveries lists a webhook's deliveries, newest first, optionally of one
// status. Returns ENotFound when there is no such webhook.
func (s *Service) Deliveries(ctx context.Context, a cms.Actor, f store.DeliveryFilter) (cms.Page[*cms.Delivery], error) {
	if err := s.check(a); err != nil {
		return cms.Page[*cms.Delivery]{}, err
	}
	view := s.db.View(ctx)
	if _, err := view.Webhook(f.WebhookID); err != nil {
		return cms.Page[*cms.Delivery]{}, err
	}
	return view.ListDeliveries(f)
}

// Test queues a delivery of the event "webhook.test" to the webhook, due at
// once, so an admin can check the receiver and its signature check. Its
// data is {"webhook_id", "message"}. Returns ENotFound, or EConflict when
// the webhook is inactive (the delivery would wait until it is active).
func (s *Service) Test(ctx context.Context, a cms.Actor, id string) (*cms.Delivery, error) {
	if err := s.check(a); err != nil {
		return nil, err
	}
	var d *cms.Delivery
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		w, err := tx.Webhook(id)
		if err != nil {
			return err
		}
		if !w.Active {
			return cms.Errorf(cms.EConflict, "the webhook is inactive, so nothing is sent to it; activate it first")
		}
		if d, err = tx.QueueDelivery(id, EventTest, map[string]any{
			"webhook_id": id, "message": "a test delivery, sent because an admin asked for one",
		}); err != nil {
			return err
		}
		return tx.Audit(a, "webhook.test", "webhook", id, map[string]any{"delivery_id": d.ID})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// validate checks the fields present in in, adding messages to f, and
// returns them cleaned.
func validate(f cms.Fields, in Input) store.WebhookChange {
	var c store.WebhookChange
	if in.URL != nil {
		u := checkURL(f, *in.URL)
		c.URL = &u
	}
	if in.Events != nil {
		c.Events = checkEvents(f, *in.Events)
	}
	if in.Description != nil {
		d := strings.TrimSpace(*in.Description)
		switch {
		case !utf8.ValidString(d) || strings.ContainsFunc(d, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f }):
			f.Add("description", "must not contain control characters")
		case utf8.RuneCountInString(d) > 500:
			f.Add("description", "must be at most 500 characters")
		}
		c.Description = &d
	}
	c.Active = in.Active
	return c
}

func checkURL(f cms.Fields, s string) string {
	s = strings.TrimSpace(s)
	const want = "must be an absolute http or https URL, like https://example.com/hooks/newsroom"
	switch {
	case s == "":
		f.Add("url", "is required")
	case len(s) > 2000:
		f.Add("url", "must be at most 2000 characters")
	case !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r <= 0x20 || r == 0x7f }):
		f.Add("url", "must not contain spaces or control characters")
	default:
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.Hostname() == "" {
			f.Add("url", want)
		}
	}
	return s
}

// checkEvents returns the events named, without repeats, in the order of
// Events().
func checkEvents(f cms.Fields, events []string) []string {
	all := Events()
	if len(events) == 0 {
		f.Add("events", "must name at least one of "+strings.Join(all, ", "))
		return nil
	}
	for _, e := range events {
		if !slices.Contains(all, e) {
			f.Add("events", fmt.Sprintf("%q is not an event; use some of %s", truncate(e, 40), strings.Join(all, ", ")))
			return nil
		}
	}
	var out []string
	for _, e := range all {
		if slices.Contains(events, e) {
			out = append(out, e)
		}
	}
	return out
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// newSecret returns 32 random bytes in hex.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read webhook secret: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// masked replaces w's secret with its first characters, enough to tell
// secrets apart and nothing an attacker could use.
func masked(w *cms.Webhook) *cms.Webhook {
	if len(w.Secret) > 6 {
		w.Secret = w.Secret[:6] + "…"
	} else {
		w.Secret = "…"
	}
	return w
}

// auditDetails says what the audit log records of a webhook: never its
// secret, nor a password in its URL.
func auditDetails(w *cms.Webhook) map[string]any {
	return map[string]any{"url": redactURL(w.URL), "events": w.Events, "active": w.Active}
}

// redactURL hides the password of a URL, for logs and the audit log.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
