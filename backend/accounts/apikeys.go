package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// APIKeyPrefix starts every delivery API key, so a key is recognisable in
// a header, a log or a leaked file.
const APIKeyPrefix = "nrk_"

// apiKeyVisible is how many leading characters of a key are stored and
// shown as its prefix: "nrk_" and 8 random characters (48 bits).
const apiKeyVisible = len(APIKeyPrefix) + 8

// apiKeyUseInterval is how often, at most, a key's last_used_at is written.
const apiKeyUseInterval = 60 // seconds

// NewAPIKey is the input of CreateAPIKey.
type NewAPIKey struct {
	Name string `json:"name"`
}

// CreateAPIKey makes a delivery API key named for who uses it. Admins only
// (EForbidden otherwise). The answer carries the whole key in Key, shown
// this once: only its SHA-256 hash is stored. Returns EInvalid for a
// missing or overlong name. The key is valid on this replica at once and
// on the others within Config.APIKeyRefresh.
func (s *Service) CreateAPIKey(ctx context.Context, a cms.Actor, in NewAPIKey) (*cms.APIKey, error) {
	if err := s.policy.Check(a, authz.APIKey, "manage", authz.Other); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	name := checkName(f, in.Name)
	if err := f.Err(); err != nil {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("read API key: %w", err)
	}
	key := APIKeyPrefix + base64.RawURLEncoding.EncodeToString(b)
	var createdBy *string
	if a.UserID != "" {
		createdBy = &a.UserID
	}
	var k *cms.APIKey
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if k, err = tx.CreateAPIKey(name, key[:apiKeyVisible], hashToken(key), createdBy); err != nil {
			return err
		}
		return tx.Audit(a, "api_key.create", "api_key", k.ID, map[string]any{"name": k.Name, "prefix": k.Prefix})
	})
	if err != nil {
		return nil, err
	}
	s.refreshAfterChange(ctx)
	k.Key = key
	return k, nil
}

// ListAPIKeys lists delivery API keys, revoked ones included, newest first,
// without the keys themselves. Admins only.
func (s *Service) ListAPIKeys(ctx context.Context, a cms.Actor, cursor string, limit int) (cms.Page[*cms.APIKey], error) {
	if err := s.policy.Check(a, authz.APIKey, "manage", authz.Other); err != nil {
		return cms.Page[*cms.APIKey]{}, err
	}
	return s.db.View(ctx).ListAPIKeys(cursor, limit)
}

// RevokeAPIKey revokes a delivery API key for good; revoking a revoked key
// is not an error. Admins only. Returns ENotFound when there is no such
// key. The key is refused on this replica at once and on the others within
// Config.APIKeyRefresh.
func (s *Service) RevokeAPIKey(ctx context.Context, a cms.Actor, id string) error {
	if err := s.policy.Check(a, authz.APIKey, "manage", authz.Other); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		k, revoked, err := tx.RevokeAPIKey(id)
		if err != nil || !revoked {
			return err
		}
		return tx.Audit(a, "api_key.revoke", "api_key", k.ID, map[string]any{"name": k.Name, "prefix": k.Prefix})
	})
	if err != nil {
		return err
	}
	s.refreshAfterChange(ctx)
	return nil
}

// keyRing is the in-process set of valid delivery API keys, by hash, so that
// checking a key costs a hash and a map lookup and no database query. It is
// reloaded every Config.APIKeyRefresh by RunAPIKeyRefresh.
type keyRing struct {
	mu  sync.Mutex // serialises reloads
	set atomic.Pointer[map[string]*keyEntry]
}

type keyEntry struct {
	id string
	// used is when the key was last seen in this process, recorded the
	// last use stored in the database (both Unix seconds); a reload writes
	// used to the database when it is a minute or more past recorded.
	used     atomic.Int64
	recorded int64
}

// ValidAPIKey reports whether key is a delivery API key that is not revoked.
// It answers from memory: a key made or revoked on another replica is seen
// after the next reload, within Config.APIKeyRefresh. Its use is noted and
// written to last_used_at by a later reload, at most once a minute.
func (s *Service) ValidAPIKey(key string) bool {
	if len(key) <= apiKeyVisible || len(key) > 200 || !strings.HasPrefix(key, APIKeyPrefix) {
		return false
	}
	m := s.keys.set.Load()
	if m == nil {
		return false
	}
	e := (*m)[hashToken(key)]
	if e == nil {
		return false
	}
	if now := s.db.Now().Unix(); e.used.Load() < now {
		e.used.Store(now)
	}
	return true
}

// RefreshAPIKeys writes the last use of keys used since it was last written
// (when a minute or more ago), then reloads the set of valid keys.
func (s *Service) RefreshAPIKeys(ctx context.Context) error {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	old := s.keys.set.Load()
	if old != nil {
		touched := map[string]time.Time{}
		for _, e := range *old {
			if used := e.used.Load(); used >= e.recorded+apiKeyUseInterval {
				touched[e.id] = time.Unix(used, 0)
			}
		}
		if len(touched) > 0 {
			err := s.db.InTx(ctx, func(tx *store.Tx) error {
				for id, at := range touched {
					if err := tx.TouchAPIKey(id, at); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("record the use of API keys: %w", err)
			}
		}
	}
	keys, err := s.db.View(ctx).ActiveAPIKeys()
	if err != nil {
		return fmt.Errorf("load API keys: %w", err)
	}
	m := make(map[string]*keyEntry, len(keys))
	for _, k := range keys {
		e := &keyEntry{id: k.ID}
		if k.LastUsedAt != nil {
			e.recorded = k.LastUsedAt.Unix()
		}
		if old != nil {
			if prev := (*old)[k.KeyHash]; prev != nil {
				e.used.Store(prev.used.Load())
			}
		}
		m[k.KeyHash] = e
	}
	s.keys.set.Store(&m)
	return nil
}

// refreshAfterChange reloads the keys after this replica changed them, so
// the change holds here at once; a failure is logged, and the next
// periodic reload catches up.
func (s *Service) refreshAfterChange(ctx context.Context) {
	if err := s.RefreshAPIKeys(ctx); err != nil {
		s.log.Warn("reloading API keys after a change failed; the next periodic reload retries", "error", err)
	}
}

// RunAPIKeyRefresh loads the valid delivery API keys at once and then every
// Config.APIKeyRefresh until ctx ends. Failures (a database outage) are
// logged; the last good set stays in force until a reload succeeds.
func (s *Service) RunAPIKeyRefresh(ctx context.Context) {
	every := s.cfg.APIKeyRefresh
	if every <= 0 {
		every = DefaultConfig().APIKeyRefresh
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.RefreshAPIKeys(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("API key reload failed; keeping the last set and retrying at the next tick", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
