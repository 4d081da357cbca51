package cms

import (
	"log/slog"
	"time"
)

// Webhook is a receiver URL registered by an admin for some events. Secret
// keys the HMAC-SHA256 signature of every delivery; the API shows it in full
// only when it is made (on create and on rotation) and masked otherwise.
type Webhook struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Events      []string  `json:"events"`
	Description string    `json:"description"`
	Active      bool      `json:"active"`
	Secret      string    `json:"secret"`
	CreatedBy   *string   `json:"created_by"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// LogValue leaves the secret out of log lines.
func (w Webhook) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", w.ID), slog.Bool("active", w.Active))
}

// DeliveryStatus is where a webhook delivery stands.
type DeliveryStatus string

// The delivery statuses: pending until the receiver answers 2xx (delivered)
// or the dispatcher gives up after its last attempt (failed).
const (
	DeliveryPending   DeliveryStatus = "pending"
	DeliveryDelivered DeliveryStatus = "delivered"
	DeliveryFailed    DeliveryStatus = "failed"
)

// Delivery is one event queued for one webhook, with the outcome of its
// attempts. Its id is sent as X-Webhook-Id, the receiver's idempotency key.
type Delivery struct {
	ID             string         `json:"id"`
	WebhookID      string         `json:"webhook_id"`
	Event          string         `json:"event"`
	Status         DeliveryStatus `json:"status"`
	Attempts       int            `json:"attempts"`
	LastStatusCode *int           `json:"last_status_code"`
	LastError      string         `json:"last_error"`
	// NextAttemptAt is when a pending delivery is tried next; null once it
	// is delivered or failed.
	NextAttemptAt *time.Time     `json:"next_attempt_at"`
	DeliveredAt   *time.Time     `json:"delivered_at"`
	Payload       map[string]any `json:"payload"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// APIKey is a key of the delivery API. Only its SHA-256 hash is stored;
// Prefix is its visible start so admins can tell keys apart. Key holds the
// whole key only in the answer that created it.
type APIKey struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Key        string     `json:"key,omitempty"`
	CreatedBy  *string    `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// LogValue leaves the key out of log lines.
func (k APIKey) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", k.ID), slog.String("prefix", k.Prefix))
}
