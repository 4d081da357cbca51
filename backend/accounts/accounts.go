// Package accounts holds the newsroom's users: sign-in with throttling,
// sessions (bearer tokens stored only as hashes), and user management for
// admins. Passwords are hashed with argon2id. It also holds the delivery
// API's keys (apikeys.go), stored only as hashes too.
package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom/authz"
	"newsroom/cms"
	"newsroom/store"
)

// Config holds the sign-in rules.
type Config struct {
	SessionTTL time.Duration // how long a token stays valid
	// Throttling: after AccountLimit failed sign-ins for one e-mail, or
	// ClientLimit from one client address, within Window, sign-in is refused
	// with 429 until the oldest failure leaves the window.
	AccountLimit int
	ClientLimit  int
	Window       time.Duration
	// APIKeyRefresh is how often the in-process set of valid delivery API
	// keys is reloaded, and so how long a revocation takes to reach every
	// replica.
	APIKeyRefresh time.Duration
}

// DefaultConfig returns the rules used when nothing is configured.
func DefaultConfig() Config {
	return Config{SessionTTL: 12 * time.Hour, AccountLimit: 5, ClientLimit: 20, Window: 15 * time.Minute, APIKeyRefresh: 5 * time.Second}
}

// Service signs users in and manages them.
type Service struct {
	db     *store.DB
	policy *authz.Policy
	cfg    Config
	log    *slog.Logger
	// dummyHash is checked against when the e-mail is unknown, so a sign-in
	// takes as long whether or not the account exists.
	dummyHash string
	// keys is the set of valid delivery API keys that ValidAPIKey answers from.
	keys keyRing
}

// New returns the accounts service.
func New(db *store.DB, policy *authz.Policy, cfg Config, log *slog.Logger) (*Service, error) {
	h, err := HashPassword("not a real password")
	if err != nil {
		return nil, err
	}
	return &Service{db: db, policy: policy, cfg: cfg, log: log, dummyHash: h}, nil
}

// Login is a successful sign-in: the bearer token (shown once, never stored)
// and the session it opens.
type Login struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      *cms.User `json:"user"`
}

// Login checks the e-mail and password and opens a session. Returns
// EUnauthorized for a wrong e-mail or password or an inactive account (the
// same message for each, so accounts cannot be probed) and ETooManyRequests
// with Details["retry_after_seconds"] when sign-in is throttled.
func (s *Service) Login(ctx context.Context, email, password, clientIP, userAgent string) (*Login, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	keys := []string{"account:" + email, "client:" + clientIP}
	if err := s.throttled(ctx, keys); err != nil {
		return nil, err
	}
	user, hash, err := s.db.View(ctx).UserCredentials(email)
	if err != nil && cms.ErrorCode(err) != cms.ENotFound {
		return nil, err
	}
	if hash == "" {
		hash = s.dummyHash
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("check password of %s: %w", email, err)
	}
	if !ok || user == nil || !user.Active {
		if err := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.RecordLoginFailure(keys...) }); err != nil {
			return nil, err
		}
		return nil, cms.Errorf(cms.EUnauthorized, "wrong e-mail or password, or the account is deactivated")
	}
	token, tokenHash, err := newToken()
	if err != nil {
		return nil, err
	}
	var login *Login
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		sess, err := tx.CreateSession(user.ID, tokenHash, clientIP, userAgent, tx.Now.Add(s.cfg.SessionTTL))
		if err != nil {
			return err
		}
		if err := tx.ClearLoginFailures(keys[0], tx.Now.Add(-s.cfg.Window)); err != nil {
			return err
		}
		if err := tx.Audit(user.Actor(clientIP), "user.login", "user", user.ID, nil); err != nil {
			return err
		}
		login = &Login{Token: token, ExpiresAt: sess.ExpiresAt, User: user}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return login, nil
}

func (s *Service) throttled(ctx context.Context, keys []string) error {
	view := s.db.View(ctx)
	since := view.Now.Add(-s.cfg.Window)
	for i, key := range keys {
		limit := s.cfg.AccountLimit
		if i == 1 {
			limit = s.cfg.ClientLimit
		}
		n, oldest, err := view.LoginFailures(key, since)
		if err != nil {
			return err
		}
		if n >= limit {
			wait := oldest.Add(s.cfg.Window).Sub(view.Now)
			secs := int(wait.Seconds()) + 1
			return &cms.Error{
				Code:    cms.ETooManyRequests,
				Message: fmt.Sprintf("too many failed sign-ins; try again in %d seconds", secs),
				Details: map[string]any{"retry_after_seconds": secs},
			}
		}
	}
	return nil
}

// newToken returns a random bearer token and the hash that is stored. Tokens
// carry 256 random bits, so a plain SHA-256 is enough to store them safely.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("read token: %w", err)
	}
	token = "nrs_" + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Authenticate returns the session and user behind a bearer token. Returns
// EUnauthorized when the token is unknown, expired or revoked, or the user
// is deactivated.
func (s *Service) Authenticate(ctx context.Context, token string) (*cms.Session, *cms.User, error) {
	if token == "" || len(token) > 200 {
		return nil, nil, cms.Errorf(cms.EUnauthorized, "sign in first: send the token from POST /auth/login as \"Authorization: Bearer <token>\"")
	}
	return s.db.View(ctx).SessionUser(hashToken(token))
}

// Logout ends the session. Ending an ended session is not an error.
func (s *Service) Logout(ctx context.Context, a cms.Actor, sessionID string) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeSession(sessionID); err != nil {
			return err
		}
		return tx.Audit(a, "user.logout", "user", a.UserID, nil)
	})
}

// NewUser is the input of CreateUser.
type NewUser struct {
	Email    string   `json:"email"`
	Name     string   `json:"name"`
	Password string   `json:"password"`
	Roles    []string `json:"roles"`
}

// CreateUser adds a user. Admins only (EForbidden otherwise). Returns
// EInvalid with field messages, or EConflict when the e-mail is taken.
func (s *Service) CreateUser(ctx context.Context, a cms.Actor, in NewUser) (*cms.User, error) {
	if err := s.policy.Check(a, authz.User, "manage", authz.Other); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	email := checkEmail(f, in.Email)
	name := checkName(f, in.Name)
	checkPassword(f, "password", in.Password)
	roles, err := cms.NormaliseRoles("roles", in.Roles)
	if err != nil {
		f.Add("roles", err.(*cms.Error).Fields["roles"])
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	var u *cms.User
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		u, err = tx.CreateUser(store.NewUser{Email: email, Name: name, PasswordHash: hash, Roles: roles})
		if err != nil {
			return err
		}
		return tx.Audit(a, "user.create", "user", u.ID, map[string]any{"email": u.Email, "roles": u.Roles})
	})
	return u, err
}

// Bootstrap creates an admin with the e-mail and password when no user exists
// yet, so a fresh install can be signed in to. It reports whether it did.
func (s *Service) Bootstrap(ctx context.Context, email, password string) (bool, error) {
	n, err := s.db.View(ctx).CountUsers()
	if err != nil || n > 0 {
		return false, err
	}
	_, err = s.CreateUser(ctx, OperatorActor(), NewUser{Email: email, Name: "Administrator", Password: password, Roles: []string{string(cms.RoleAdmin)}})
	if err != nil {
		if ce, ok := err.(*cms.Error); ok && ce.Code == cms.EConflict {
			return false, nil // another replica bootstrapped first
		}
		return false, fmt.Errorf("bootstrap admin: %w", err)
	}
	return true, nil
}

// OperatorActor is the actor of the command line: whoever runs `cms` with the
// database's credentials administers the installation.
func OperatorActor() cms.Actor {
	return cms.Actor{Name: "operator (command line)", Roles: cms.UserRoles}
}

// User returns a user. Admins only.
func (s *Service) User(ctx context.Context, a cms.Actor, id string) (*cms.User, error) {
	if err := s.policy.Check(a, authz.User, "read", authz.Other); err != nil {
		return nil, err
	}
	return s.db.View(ctx).User(id)
}

// ListUsers lists users. Admins only.
func (s *Service) ListUsers(ctx context.Context, a cms.Actor, f store.UserFilter) (cms.Page[*cms.User], error) {
	if err := s.policy.Check(a, authz.User, "read", authz.Other); err != nil {
		return cms.Page[*cms.User]{}, err
	}
	return s.db.View(ctx).ListUsers(f)
}

// Writer is what editors see of a writer they may assign to a live
// article: the id and the name, never the e-mail.
type Writer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// WriterFilter narrows ListWriters: part of the name, or the given ids
// (to name the writers an article already has).
type WriterFilter struct {
	Query  string
	IDs    []string
	Cursor string
	Limit  int
}

// ListWriters lists the active users who hold the writer role, oldest
// first, with ids and names only. For those who assign writers to live
// articles (editors); others get EForbidden.
func (s *Service) ListWriters(ctx context.Context, a cms.Actor, f WriterFilter) (cms.Page[Writer], error) {
	if err := s.policy.Check(a, authz.User, "list_writers", authz.Other); err != nil {
		return cms.Page[Writer]{}, err
	}
	active := true
	page, err := s.db.View(ctx).ListUsers(store.UserFilter{Role: cms.RoleWriter, Active: &active, Query: f.Query, NameOnly: true,
		IDs: f.IDs, Cursor: f.Cursor, Limit: f.Limit})
	if err != nil {
		return cms.Page[Writer]{}, err
	}
	out := cms.Page[Writer]{Data: make([]Writer, 0, len(page.Data)), NextCursor: page.NextCursor}
	for _, u := range page.Data {
		out.Data = append(out.Data, Writer{ID: u.ID, Name: u.Name})
	}
	return out, nil
}

// UserPatch is the input of UpdateUser; absent fields stay as they are.
type UserPatch struct {
	Email    *string   `json:"email"`
	Name     *string   `json:"name"`
	Password *string   `json:"password"`
	Roles    *[]string `json:"roles"`
	Active   *bool     `json:"active"`
}

// UpdateUser changes a user when its version is still version. Admins only.
// Deactivating a user or resetting their password ends all their sessions at
// once. The last active admin cannot lose the role or be deactivated
// (EConflict). Returns EInvalid, ENotFound, EPreconditionFail or EConflict.
func (s *Service) UpdateUser(ctx context.Context, a cms.Actor, id string, version int64, p UserPatch) (*cms.User, error) {
	if err := s.policy.Check(a, authz.User, "manage", authz.Other); err != nil {
		return nil, err
	}
	f := cms.Fields{}
	var c store.UserChange
	if p.Email != nil {
		e := checkEmail(f, *p.Email)
		c.Email = &e
	}
	if p.Name != nil {
		n := checkName(f, *p.Name)
		c.Name = &n
	}
	if p.Roles != nil {
		roles, err := cms.NormaliseRoles("roles", *p.Roles)
		if err != nil {
			f.Add("roles", err.(*cms.Error).Fields["roles"])
		}
		c.Roles = roles
	}
	c.Active = p.Active
	if p.Password != nil {
		checkPassword(f, "password", *p.Password)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if p.Password != nil {
		h, err := HashPassword(*p.Password)
		if err != nil {
			return nil, err
		}
		c.PasswordHash = &h
	}
	var u *cms.User
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = tx.UpdateUser(id, version, c); err != nil {
			return err
		}
		if !u.Active || !u.Actor("").Has(cms.RoleAdmin) {
			if err := s.keepAnAdmin(tx); err != nil {
				return err
			}
		}
		if !u.Active || c.PasswordHash != nil {
			if err := tx.RevokeUserSessions(u.ID); err != nil {
				return err
			}
		}
		details := map[string]any{}
		if c.Roles != nil {
			details["roles"] = u.Roles
		}
		if c.Active != nil {
			details["active"] = u.Active
		}
		if c.PasswordHash != nil {
			details["password_reset"] = true
		}
		if c.Email != nil {
			details["email"] = u.Email
		}
		return tx.Audit(a, "user.update", "user", u.ID, details)
	})
	return u, err
}

// keepAnAdmin refuses a change that leaves no active admin.
func (s *Service) keepAnAdmin(tx *store.Tx) error {
	active := true
	page, err := tx.ListUsers(store.UserFilter{Role: cms.RoleAdmin, Active: &active, Limit: 1})
	if err != nil {
		return err
	}
	if len(page.Data) == 0 {
		return cms.Errorf(cms.EConflict, "this change would leave no active admin; give another user the admin role first")
	}
	return nil
}

func checkEmail(f cms.Fields, s string) string {
	s = strings.TrimSpace(s)
	addr, err := mail.ParseAddress(s)
	switch {
	case s == "":
		f.Add("email", "is required")
	case len(s) > 254 || err != nil || addr.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], "."):
		f.Add("email", "is not an e-mail address like name@example.com")
	}
	return strings.ToLower(s)
}

func checkName(f cms.Fields, s string) string {
	s = strings.TrimSpace(s)
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		f.Add("name", "is required")
	case n > 200:
		f.Add("name", "must be at most 200 characters")
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		f.Add("name", "must not contain control characters")
	}
	return s
}

func checkPassword(f cms.Fields, field, s string) {
	switch n := utf8.RuneCountInString(s); {
	case n < 10:
		f.Add(field, "must be at least 10 characters")
	case len(s) > 512:
		f.Add(field, "must be at most 512 bytes")
	}
}

// Audit lists the audit log, newest first. Admins only.
func (s *Service) Audit(ctx context.Context, a cms.Actor, f store.AuditFilter) (cms.Page[*cms.AuditEvent], error) {
	if err := s.policy.Check(a, authz.Audit, "read", authz.Other); err != nil {
		return cms.Page[*cms.AuditEvent]{}, err
	}
	return s.db.View(ctx).ListAudit(f)
}
