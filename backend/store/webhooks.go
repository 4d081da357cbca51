package store

import (
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"gorm.io/gorm"

	"newsroom/cms"
)

type webhookRow struct {
	ID          string `gorm:"primaryKey"`
	URL         string
	Secret      string
	Events      string // comma-separated
	Description string
	Active      bool
	CreatedBy   *string
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (webhookRow) TableName() string { return "webhooks" }

func (r *webhookRow) webhook() *cms.Webhook {
	return &cms.Webhook{ID: r.ID, URL: r.URL, Events: splitEvents(r.Events), Description: r.Description, Active: r.Active,
		Secret: r.Secret, CreatedBy: r.CreatedBy, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func splitEvents(s string) []string {
	out := []string{}
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// CreateWebhook inserts w, secret included, setting its id, version and
// times. The caller validates the fields.
func (tx *Tx) CreateWebhook(w *cms.Webhook) error {
	row := webhookRow{ID: cms.NewID(tx.Now), URL: w.URL, Secret: w.Secret, Events: strings.Join(w.Events, ","),
		Description: w.Description, Active: w.Active, CreatedBy: w.CreatedBy, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	if err := tx.g.Create(&row).Error; err != nil {
		return translate(err)
	}
	*w = *row.webhook()
	return nil
}

// Webhook returns the webhook with the id, secret included. Returns
// ENotFound when there is none.
func (tx *Tx) Webhook(id string) (*cms.Webhook, error) {
	var row webhookRow
	if err := tx.g.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "webhook")
	}
	return row.webhook(), nil
}

// ListWebhooks returns webhooks, oldest first, secrets included.
func (tx *Tx) ListWebhooks(cursor string, limit int) (cms.Page[*cms.Webhook], error) {
	var rows []webhookRow
	next, err := pageBy(tx.g.Model(&webhookRow{}), ListFilter{Cursor: cursor, Limit: limit}, &rows, "id",
		func(r webhookRow) (any, string) { return r.ID, r.ID })
	if err != nil {
		return cms.Page[*cms.Webhook]{}, err
	}
	page := cms.Page[*cms.Webhook]{Data: make([]*cms.Webhook, len(rows)), NextCursor: next}
	for i := range rows {
		page.Data[i] = rows[i].webhook()
	}
	return page, nil
}

// WebhookChange holds the fields UpdateWebhook sets; nil leaves a field as
// it is.
type WebhookChange struct {
	URL, Description, Secret *string
	Events                   []string
	Active                   *bool
}

// UpdateWebhook applies the change when the webhook's version is version.
// Returns ENotFound or EPreconditionFail.
func (tx *Tx) UpdateWebhook(id string, version int64, c WebhookChange) (*cms.Webhook, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	setIf(set, "url", c.URL)
	setIf(set, "description", c.Description)
	setIf(set, "secret", c.Secret)
	setIf(set, "active", c.Active)
	if c.Events != nil {
		set["events"] = strings.Join(c.Events, ",")
	}
	if err := tx.updateVersioned(&webhookRow{}, "webhook", id, version, set, "", ""); err != nil {
		return nil, err
	}
	return tx.Webhook(id)
}

// DeleteWebhook removes the webhook and its deliveries. Returns ENotFound
// when there is none.
func (tx *Tx) DeleteWebhook(id string) error {
	return tx.deleteRow(&webhookRow{}, "webhook", id, "the webhook is still referenced")
}

type deliveryRow struct {
	ID             string `gorm:"primaryKey"`
	WebhookID      string
	Event          string
	Payload        string
	Status         string
	Attempts       int
	NextAttemptAt  time.Time
	LastStatusCode *int
	LastError      string
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	DeliveredAt    *time.Time
}

func (deliveryRow) TableName() string { return "webhook_deliveries" }

func (r *deliveryRow) delivery() *cms.Delivery {
	d := &cms.Delivery{ID: r.ID, WebhookID: r.WebhookID, Event: r.Event, Status: cms.DeliveryStatus(r.Status),
		Attempts: r.Attempts, LastStatusCode: r.LastStatusCode, LastError: r.LastError,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if d.Status == cms.DeliveryPending {
		next := r.NextAttemptAt.UTC()
		d.NextAttemptAt = &next
	}
	if r.DeliveredAt != nil {
		at := r.DeliveredAt.UTC()
		d.DeliveredAt = &at
	}
	_ = json.Unmarshal([]byte(r.Payload), &d.Payload) // written by Emit or QueueDelivery; a bad row shows without a payload
	return d
}

// QueueDelivery queues one event for one webhook, due at once, with the
// envelope Emit writes. The admin API's test delivery uses it.
func (tx *Tx) QueueDelivery(webhookID, event string, data any) (*cms.Delivery, error) {
	body, err := json.Marshal(map[string]any{"event": event, "occurred_at": tx.Now, "data": data})
	if err != nil {
		return nil, err
	}
	row := deliveryRow{ID: cms.NewID(tx.Now), WebhookID: webhookID, Event: event, Payload: string(body),
		Status: string(cms.DeliveryPending), NextAttemptAt: tx.Now, Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	if err := tx.g.Create(&row).Error; err != nil {
		return nil, refErr(err, "webhook_id", "no such webhook")
	}
	return row.delivery(), nil
}

// DeliveryFilter narrows and pages ListDeliveries.
type DeliveryFilter struct {
	WebhookID string
	Status    cms.DeliveryStatus // "" for every status
	Cursor    string
	Limit     int
}

// ListDeliveries returns a webhook's deliveries, newest first.
func (tx *Tx) ListDeliveries(f DeliveryFilter) (cms.Page[*cms.Delivery], error) {
	q := tx.g.Model(&deliveryRow{}).Where("webhook_id = ?", f.WebhookID)
	if f.Status != "" {
		q = q.Where("status = ?", string(f.Status))
	}
	var after struct {
		T  time.Time `json:"t"`
		ID string    `json:"id"`
	}
	if err := decodeCursor(f.Cursor, &after, "t", "id"); err != nil {
		return cms.Page[*cms.Delivery]{}, err
	}
	if after.ID != "" {
		q = q.Where("(created_at < ? OR (created_at = ? AND id < ?))", after.T.UTC(), after.T.UTC(), after.ID)
	}
	var rows []deliveryRow
	if err := q.Order("created_at DESC").Order("id DESC").Limit(f.Limit + 1).Find(&rows).Error; err != nil {
		return cms.Page[*cms.Delivery]{}, translate(err)
	}
	page := cms.Page[*cms.Delivery]{}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		after.T, after.ID = last.CreatedAt.UTC(), last.ID
		page.NextCursor = encodeCursor(after)
	}
	page.Data = make([]*cms.Delivery, len(rows))
	for i := range rows {
		page.Data[i] = rows[i].delivery()
	}
	return page, nil
}

// ClaimedDelivery is a delivery the dispatcher holds the lease of, with
// what it needs to send it. Attempt is the number of this attempt (1 for
// the first); the outcome is recorded only while it is still current.
type ClaimedDelivery struct {
	ID        string
	WebhookID string
	Event     string
	Payload   []byte
	URL       string
	Secret    string
	Attempt   int
}

// LogValue leaves the secret out of log lines.
func (c ClaimedDelivery) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", c.ID), slog.String("webhook_id", c.WebhookID),
		slog.String("event", c.Event), slog.Int("attempt", c.Attempt))
}

// ClaimDeliveries takes the lease of up to limit pending deliveries that are
// due, of active webhooks, oldest due first: it pushes their next_attempt_at
// lease ahead and counts the attempt, so no other dispatcher takes them
// until the lease ends, and a dispatcher that dies mid-send leaves them to
// be tried again after it. Call it in a short transaction of its own and
// commit before sending. On PostgreSQL the rows are locked and rows another
// dispatcher is claiming are skipped (FOR UPDATE SKIP LOCKED); SQLite
// transactions take the write lock at BEGIN, so claims never overlap.
// Deliveries of inactive webhooks stay pending, untouched, until the
// webhook is active again.
func (tx *Tx) ClaimDeliveries(limit int, lease time.Duration) ([]ClaimedDelivery, error) {
	q := "SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id " +
		"WHERE d.status = ? AND d.next_attempt_at <= ? AND w.active = ? ORDER BY d.next_attempt_at, d.id LIMIT ?"
	if tx.db.dialect == Postgres {
		q += " FOR UPDATE OF d SKIP LOCKED"
	}
	var ids []string
	if err := tx.g.Raw(q, string(cms.DeliveryPending), tx.Now, true, limit).Scan(&ids).Error; err != nil {
		return nil, translate(err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	err := tx.g.Model(&deliveryRow{}).Where("id IN ?", ids).Updates(map[string]any{
		"attempts": gorm.Expr("attempts + 1"), "next_attempt_at": tx.Now.Add(lease),
		"version": gorm.Expr("version + 1"), "updated_at": tx.Now,
	}).Error
	if err != nil {
		return nil, translate(err)
	}
	var rows []struct {
		ID, WebhookID, Event, Payload, URL, Secret string
		Attempts                                   int
	}
	err = tx.g.Table("webhook_deliveries d").
		Select("d.id, d.webhook_id, d.event, d.payload, d.attempts, w.url, w.secret").
		Joins("JOIN webhooks w ON w.id = d.webhook_id").
		Where("d.id IN ?", ids).Order("d.next_attempt_at, d.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]ClaimedDelivery, len(rows))
	for i, r := range rows {
		out[i] = ClaimedDelivery{ID: r.ID, WebhookID: r.WebhookID, Event: r.Event, Payload: []byte(r.Payload),
			URL: r.URL, Secret: r.Secret, Attempt: r.Attempts}
	}
	return out, nil
}

// DeliveryOutcome is the result of one attempt at a claimed delivery.
type DeliveryOutcome struct {
	Delivered  bool
	StatusCode *int   // the receiver's answer; nil when none came
	Error      string // why the attempt failed; "" when delivered
	// RetryIn is the wait before the next attempt of a failed one; with
	// Final, there is none and the delivery is failed for good.
	RetryIn time.Duration
	Final   bool
}

// RecordDelivery stores the outcome of attempt number attempt. It reports
// false, and changes nothing, when the attempt is no longer current: its
// lease ended and another dispatcher claimed the delivery again, or the
// delivery is gone.
func (tx *Tx) RecordDelivery(id string, attempt int, o DeliveryOutcome) (bool, error) {
	set := map[string]any{"last_status_code": o.StatusCode, "last_error": truncate(o.Error, 500),
		"version": gorm.Expr("version + 1"), "updated_at": tx.Now}
	switch {
	case o.Delivered:
		set["status"] = string(cms.DeliveryDelivered)
		set["delivered_at"] = tx.Now
	case o.Final:
		set["status"] = string(cms.DeliveryFailed)
	default:
		set["next_attempt_at"] = tx.Now.Add(o.RetryIn)
	}
	res := tx.g.Model(&deliveryRow{}).Where("id = ? AND status = ? AND attempts = ?", id, string(cms.DeliveryPending), attempt).Updates(set)
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}
