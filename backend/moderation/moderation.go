// Package moderation holds reader comments: the public intake (validation,
// honeypot, bans, rate limits, the automatic likely-spam mark), the approved
// thread readers see, the moderators' queue with approve, reject, spam and
// delete, and bans by keyed hash of an e-mail or a client address. Every
// moderator action checks the policy first and is audited in the same
// transaction as the change.
package moderation

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"time"

	"newsroom/arabic"
	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// Config holds the intake rules. Limits are fixed windows counted in the
// database, so every replica shares them.
type Config struct {
	// ClientLimit comments per client address per ClientWindow.
	ClientLimit  int
	ClientWindow time.Duration
	// ArticleLimit comments on one article per ArticleWindow, from everyone.
	ArticleLimit  int
	ArticleWindow time.Duration
	// MaxLinks is the number of links a comment may carry before it is
	// marked likely spam (name and body together).
	MaxLinks int
	// BlockedWords are words or phrases that mark a comment likely spam.
	// They match whole words, case-insensitively, with Arabic normalised
	// (arabic.Normalize: "مراهنات" matches "مُراهَنات") and with Arabic
	// proclitics allowed ("كازينو" matches "والكازينو").
	BlockedWords []string
}

// DefaultConfig returns the rules used when nothing is configured: 5
// comments per client per 10 minutes, 60 per article per minute, more than
// 2 links is likely spam, no blocked words.
func DefaultConfig() Config {
	return Config{ClientLimit: 5, ClientWindow: 10 * time.Minute, ArticleLimit: 60, ArticleWindow: time.Minute, MaxLinks: 2}
}

// hashKeySetting is the settings key of the HMAC key every replica shares.
const hashKeySetting = "comment_hash_key"

// Service runs the comment use cases. It is safe for concurrent use.
type Service struct {
	db      *store.DB
	policy  *authz.Policy
	cfg     Config
	log     *slog.Logger
	blocked [][]string // each entry normalised and split into words

	keyMu sync.Mutex
	key   []byte
}

// New returns the moderation service. Zero limits in cfg take the defaults.
func New(db *store.DB, policy *authz.Policy, cfg Config, log *slog.Logger) *Service {
	def := DefaultConfig()
	if cfg.ClientLimit <= 0 || cfg.ClientWindow <= 0 {
		cfg.ClientLimit, cfg.ClientWindow = def.ClientLimit, def.ClientWindow
	}
	if cfg.ArticleLimit <= 0 || cfg.ArticleWindow <= 0 {
		cfg.ArticleLimit, cfg.ArticleWindow = def.ArticleLimit, def.ArticleWindow
	}
	if cfg.MaxLinks < 0 {
		cfg.MaxLinks = def.MaxLinks
	}
	s := &Service{db: db, policy: policy, cfg: cfg, log: log}
	for _, w := range cfg.BlockedWords {
		if words := strings.Fields(arabic.Normalize(w)); len(words) > 0 {
			s.blocked = append(s.blocked, words)
		}
	}
	return s
}

// hashKey returns the HMAC key of e-mail and client hashes: 32 random bytes
// made once and kept in the settings table, so that every replica (and every
// restart) hashes alike. The key is loaded at first use.
func (s *Service) hashKey(ctx context.Context) ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("make the comment hash key: %w", err)
	}
	value, err := json.Marshal(base64.StdEncoding.EncodeToString(fresh))
	if err != nil {
		return nil, err
	}
	var stored string
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		stored, err = tx.EnsureSetting(hashKeySetting, string(value))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load the comment hash key: %w", err)
	}
	var text string
	if err := json.Unmarshal([]byte(stored), &text); err != nil {
		return nil, fmt.Errorf("the setting %s is not a JSON string: %w", hashKeySetting, err)
	}
	key, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("the setting %s is not a base64 key of at least 16 bytes", hashKeySetting)
	}
	s.key = key
	return key, nil
}

// hash returns the keyed hash of a value of a kind ("email", "client").
func hash(key []byte, kind cms.BanKind, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// canonicalEmail is the form of an e-mail that is hashed: trimmed and in
// lower case, so "A@Example.com" and "a@example.com" are one commenter.
func canonicalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// canonicalClient is the form of a client address that is hashed: an IPv4
// address as is, an IPv6 address as its /64 network (one subscriber's
// devices usually share it and can pick any address in it), anything else
// as given.
func canonicalClient(client string) string {
	ip, err := netip.ParseAddr(strings.TrimSpace(client))
	if err != nil {
		return strings.TrimSpace(client)
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.Prefix(64)
	return p.String()
}

// maskEmail returns a hint of an e-mail for moderators: "a***@example.com".
func maskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return "***"
	}
	r := []rune(local)
	return string(r[0]) + "***@" + domain
}

// maskClient returns a hint of a client address: "203.0.113.***",
// "2001:db8:***".
func maskClient(canonical string) string {
	if i := strings.LastIndexByte(canonical, '.'); i > 0 && !strings.Contains(canonical, ":") {
		return canonical[:i] + ".***"
	}
	parts := strings.SplitN(canonical, ":", 3)
	if len(parts) == 3 {
		return parts[0] + ":" + parts[1] + ":***"
	}
	return "***"
}
