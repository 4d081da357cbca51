package main

import (
	"flag"
	"time"

	"newsroom/httpapi/delivery"
	"newsroom/webhook"
)

// deliveryFlags registers the settings of webhook dispatch and of access to
// the delivery API.
func deliveryFlags(fs *flag.FlagSet, c *Config, e *envReader) {
	def := webhook.DefaultConfig()
	fs.DurationVar(&c.WebhookInterval, "webhook-interval", e.duration("CMS_WEBHOOK_INTERVAL", def.Interval), "how often to look for webhook deliveries that are due (env CMS_WEBHOOK_INTERVAL)")
	fs.DurationVar(&c.WebhookTimeout, "webhook-timeout", e.duration("CMS_WEBHOOK_TIMEOUT", def.Timeout), "how long a webhook receiver may take to answer (env CMS_WEBHOOK_TIMEOUT)")
	fs.Int64Var(&c.WebhookMaxAttempts, "webhook-max-attempts", e.int64("CMS_WEBHOOK_MAX_ATTEMPTS", int64(def.MaxAttempts)), "attempts before a webhook delivery is failed; retries back off from 5s, doubling up to 1h, so the default spans most of a day (env CMS_WEBHOOK_MAX_ATTEMPTS)")
	fs.BoolVar(&c.DeliveryRequireKey, "delivery-require-key", e.bool("CMS_DELIVERY_REQUIRE_KEY", false), "require an API key (made by admins) on every delivery API request but preview links (env CMS_DELIVERY_REQUIRE_KEY)")
	fs.DurationVar(&c.APIKeyRefresh, "api-key-refresh", e.duration("CMS_API_KEY_REFRESH", 5*time.Second), "how often each replica reloads the valid API keys: a revoked key works elsewhere for up to this long (env CMS_API_KEY_REFRESH)")
	fs.Int64Var(&c.DeliveryRate, "delivery-rate", e.int64("CMS_DELIVERY_RATE", 0), "delivery API requests a second per client address, per replica; 0 (the default): no limit — a server-side frontend or CDN makes most requests from few addresses (env CMS_DELIVERY_RATE)")
	fs.Int64Var(&c.DeliveryBurst, "delivery-burst", e.int64("CMS_DELIVERY_BURST", 0), "delivery API requests a client may make at once; 0: twice the rate (env CMS_DELIVERY_BURST)")
}

// deliveryErrors says what is wrong with the settings deliveryFlags reads.
func (c *Config) deliveryErrors() []string {
	var errs []string
	if c.WebhookInterval < 100*time.Millisecond || c.WebhookInterval > time.Hour {
		errs = append(errs, "CMS_WEBHOOK_INTERVAL (--webhook-interval) must be between 100ms and 1h")
	}
	if c.WebhookTimeout < time.Second || c.WebhookTimeout > 5*time.Minute {
		errs = append(errs, "CMS_WEBHOOK_TIMEOUT (--webhook-timeout) must be between 1s and 5m")
	}
	if c.WebhookMaxAttempts < 1 || c.WebhookMaxAttempts > 100 {
		errs = append(errs, "CMS_WEBHOOK_MAX_ATTEMPTS (--webhook-max-attempts) must be between 1 and 100")
	}
	if c.APIKeyRefresh < time.Second || c.APIKeyRefresh > 10*time.Minute {
		errs = append(errs, "CMS_API_KEY_REFRESH (--api-key-refresh) must be between 1s and 10m")
	}
	if c.DeliveryRate < 0 || c.DeliveryRate > 1_000_000 {
		errs = append(errs, "CMS_DELIVERY_RATE (--delivery-rate) must be between 0 (no limit) and 1000000")
	}
	if c.DeliveryBurst < 0 || c.DeliveryBurst > 10_000_000 {
		errs = append(errs, "CMS_DELIVERY_BURST (--delivery-burst) must be between 0 (twice the rate) and 10000000")
	}
	return errs
}

// webhookConfig returns the dispatcher settings the configuration describes.
func (c *Config) webhookConfig() webhook.Config {
	w := webhook.DefaultConfig()
	w.Interval = c.WebhookInterval
	w.Timeout = c.WebhookTimeout
	w.Lease = max(w.Lease, 6*c.WebhookTimeout)
	w.MaxAttempts = int(c.WebhookMaxAttempts)
	return w
}

// deliveryAccess returns who may read the delivery API and how fast.
func (c *Config) deliveryAccess() delivery.AccessConfig {
	return delivery.AccessConfig{RequireKey: c.DeliveryRequireKey, Rate: int(c.DeliveryRate), Burst: int(c.DeliveryBurst)}
}
