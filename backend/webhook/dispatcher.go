package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"newsroom/store"
)

// Config tunes the Dispatcher.
type Config struct {
	// Interval is how often due deliveries are looked for.
	Interval time.Duration
	// Batch is how many deliveries one claim takes; they are sent at once.
	Batch int
	// Lease is how long a claim holds a delivery: if the dispatcher has not
	// recorded the outcome by then (it died), another sends it again. It
	// must be well over Timeout.
	Lease time.Duration
	// Timeout bounds one request to a receiver, answer included.
	Timeout time.Duration
	// MaxAttempts is how many times a delivery is tried before it is failed.
	MaxAttempts int
	// Backoff is the wait after the first failed attempt; it doubles after
	// each further one, up to MaxBackoff, and is jittered (see Config.Delay).
	Backoff    time.Duration
	MaxBackoff time.Duration
}

// DefaultConfig returns the settings used when nothing is configured: 36
// attempts, waiting 5s, 10s, 20s ... up to 1h between them, so a receiver
// may be down for most of a day (20 hours, give or take the jitter) before
// a delivery is failed.
func DefaultConfig() Config {
	return Config{Interval: time.Second, Batch: 10, Lease: time.Minute, Timeout: 10 * time.Second,
		MaxAttempts: 36, Backoff: 5 * time.Second, MaxBackoff: time.Hour}
}

// Delay is the wait before the next attempt after attempt number attempt
// (1 for the first) failed, before jitter: Backoff·2^(attempt-1), at most
// MaxBackoff.
func (c Config) Delay(attempt int) time.Duration {
	d := c.Backoff
	for i := 1; i < attempt && d < c.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, c.MaxBackoff)
}

// Dispatcher sends queued deliveries. Every `cms serve` runs one; on one
// PostgreSQL they share the work and never send a delivery twice at once
// (see store.Tx.ClaimDeliveries). A receiver may still get a delivery
// twice, when an outcome could not be recorded, and must use X-Webhook-Id to
// drop repeats. Deliveries are not ordered: a retry can overtake.
type Dispatcher struct {
	db     *store.DB
	cfg    Config
	log    *slog.Logger
	client *http.Client
	// now stamps X-Webhook-Timestamp; jitter draws from [0, n).
	now    func() time.Time
	jitter func(n int64) int64
}

// NewDispatcher returns a dispatcher of the deliveries queued in db.
func NewDispatcher(db *store.DB, cfg Config, log *slog.Logger) *Dispatcher {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = cfg.Batch
	client := &http.Client{Transport: transport, Timeout: cfg.Timeout, CheckRedirect: checkRedirect}
	return &Dispatcher{db: db, cfg: cfg, log: log, client: client, now: time.Now, jitter: rand.Int64N}
}

// checkRedirect follows a redirect only when it keeps the method and body
// (307, 308), stays on the same host and does not leave https, at most
// three times. Otherwise the redirect itself is the answer: not 2xx, so the
// attempt fails and is retried, and a receiver cannot bounce a signed
// payload to a host nobody registered.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	switch {
	case len(via) > 3,
		req.Response == nil || (req.Response.StatusCode != http.StatusTemporaryRedirect && req.Response.StatusCode != http.StatusPermanentRedirect),
		req.URL.Host != first.Host,
		first.Scheme == "https" && req.URL.Scheme != "https":
		return http.ErrUseLastResponse
	}
	return nil
}

// Run sends due deliveries every Interval until ctx ends; a send that is
// under way then finishes (within Timeout) and its outcome is recorded.
// Errors (a database outage) are logged and retried at the next tick.
func (d *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(d.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("webhook dispatch failed; retrying at the next tick", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce claims and sends due deliveries, a batch at a time, until none is
// due or ctx ends, and returns how many attempts it made.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		var claimed []store.ClaimedDelivery
		err := d.db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			claimed, err = tx.ClaimDeliveries(d.cfg.Batch, d.cfg.Lease)
			return err
		})
		if err != nil {
			return n, fmt.Errorf("claim webhook deliveries: %w", err)
		}
		d.sendAll(ctx, claimed)
		n += len(claimed)
		if len(claimed) < d.cfg.Batch {
			return n, nil
		}
	}
	return n, nil
}

// sendAll sends the claimed deliveries concurrently and records each
// outcome. Sending and recording outlive ctx, so that a stopping server
// does not throw away answers it already has; Timeout bounds them.
func (d *Dispatcher) sendAll(ctx context.Context, claimed []store.ClaimedDelivery) {
	ctx = context.WithoutCancel(ctx)
	var wg sync.WaitGroup
	for _, c := range claimed {
		wg.Go(func() {
			o := d.send(ctx, c)
			d.record(ctx, c, o)
		})
	}
	wg.Wait()
}

// send makes one attempt at c and returns its outcome.
func (d *Dispatcher) send(ctx context.Context, c store.ClaimedDelivery) store.DeliveryOutcome {
	ts := strconv.FormatInt(d.now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(c.Payload))
	if err != nil {
		return d.failed(c, nil, "the webhook URL cannot be requested: "+errorText(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "newsroom-webhooks/1")
	req.Header.Set("X-Webhook-Id", c.ID)
	req.Header.Set("X-Webhook-Event", c.Event)
	req.Header.Set("X-Webhook-Timestamp", ts)
	req.Header.Set("X-Webhook-Signature", Sign(c.Secret, ts, c.Payload))
	res, err := d.client.Do(req)
	if err != nil {
		return d.failed(c, nil, errorText(err))
	}
	defer res.Body.Close()
	// Read a little of the answer: enough to show why it failed, and to
	// let the connection be reused; never a receiver's whole stream.
	snippet, _ := io.ReadAll(io.LimitReader(res.Body, 256))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	code := res.StatusCode
	if code >= 200 && code < 300 {
		return store.DeliveryOutcome{Delivered: true, StatusCode: &code}
	}
	msg := "the receiver answered " + res.Status
	if loc := res.Header.Get("Location"); code >= 300 && code < 400 && loc != "" {
		msg += " (a redirect that is not followed: only 307 and 308 to the same host are)"
	} else if text := printable(snippet); text != "" {
		msg += ": " + text
	}
	return d.failed(c, &code, msg)
}

// failed is the outcome of a failed attempt: a retry after the jittered
// backoff, or, after the last attempt, failed for good.
func (d *Dispatcher) failed(c store.ClaimedDelivery, code *int, msg string) store.DeliveryOutcome {
	o := store.DeliveryOutcome{StatusCode: code, Error: msg}
	if c.Attempt >= d.cfg.MaxAttempts {
		o.Final = true
		return o
	}
	// Equal jitter: at least half the delay, so retries stay spaced out,
	// and up to all of it, so receivers coming back are not hit in step.
	delay := d.cfg.Delay(c.Attempt)
	o.RetryIn = delay/2 + time.Duration(d.jitter(int64(delay/2)+1))
	return o
}

// record stores the outcome; the database being down loses nothing: the
// lease ends and the delivery is sent again.
func (d *Dispatcher) record(ctx context.Context, c store.ClaimedDelivery, o store.DeliveryOutcome) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var current bool
	err := d.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		current, err = tx.RecordDelivery(c.ID, c.Attempt, o)
		return err
	})
	switch {
	case err != nil:
		d.log.Error("recording a webhook delivery failed; it is sent again when its lease ends", "delivery", c, "error", err)
	case !current:
		d.log.Warn("a webhook delivery outlived its lease and was claimed again; this outcome is dropped", "delivery", c)
	case o.Delivered:
		d.log.Debug("webhook delivered", "delivery", c, "status_code", *o.StatusCode)
	case o.Final:
		d.log.Error("webhook delivery failed for good", "delivery", c, "error", o.Error)
	default:
		d.log.Warn("webhook delivery failed; retrying", "delivery", c, "error", o.Error, "retry_in", o.RetryIn.Round(time.Millisecond).String())
	}
}

// errorText describes a failed request without its URL, which may carry a
// password.
func errorText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "no answer in time"
		}
		err = ue.Err
	}
	return err.Error()
}

// printable returns the start of a receiver's answer as one line of text,
// or "" when it is not text.
func printable(b []byte) string {
	s := strings.ToValidUTF8(string(b), "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
