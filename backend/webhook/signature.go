package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// SignaturePrefix starts the X-Webhook-Signature header: it names the
// scheme so another can be added later without ambiguity.
const SignaturePrefix = "sha256="

// Sign returns the X-Webhook-Signature of a delivery: "sha256=" and the
// lower-case hex HMAC-SHA256 of "<timestamp>.<body>", keyed with the
// webhook's secret as it is shown (the 64 hex characters, used as bytes).
// timestamp is the X-Webhook-Timestamp header, Unix seconds in decimal.
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return SignaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether signature, the X-Webhook-Signature header of a
// delivery, was made with secret over the timestamp (the
// X-Webhook-Timestamp header) and the exact body received. The comparison
// takes the same time whatever the signature, so it leaks nothing. A
// receiver should also refuse timestamps far from its own clock (five
// minutes, say), which stops old deliveries from being replayed.
func Verify(secret, timestamp string, body []byte, signature string) bool {
	if secret == "" || timestamp == "" || !strings.HasPrefix(signature, SignaturePrefix) {
		return false
	}
	return hmac.Equal([]byte(Sign(secret, timestamp, body)), []byte(strings.ToLower(signature)))
}
