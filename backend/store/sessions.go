package store

import (
	"time"

	"newsroom/cms"
)

type sessionRow struct {
	ID         string `gorm:"primaryKey"`
	UserID     string
	TokenHash  string
	ClientIP   string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// CreateSession stores a session for the user under the token's hash.
func (tx *Tx) CreateSession(userID, tokenHash, clientIP, userAgent string, expiresAt time.Time) (*cms.Session, error) {
	row := sessionRow{
		ID: cms.NewID(tx.Now), UserID: userID, TokenHash: tokenHash, ClientIP: clientIP, UserAgent: truncate(userAgent, 500),
		CreatedAt: tx.Now, LastSeenAt: tx.Now, ExpiresAt: expiresAt.UTC(),
	}
	if err := tx.g.Create(&row).Error; err != nil {
		return nil, translate(err)
	}
	return &cms.Session{ID: row.ID, UserID: userID, ExpiresAt: row.ExpiresAt}, nil
}

// SessionUser returns the live session stored under tokenHash and its user.
// A session is live when it is neither revoked nor expired and its user is
// active. Returns EUnauthorized otherwise.
func (tx *Tx) SessionUser(tokenHash string) (*cms.Session, *cms.User, error) {
	var row struct {
		SessionID        string
		SessionExpiresAt time.Time
		User             userRow `gorm:"embedded"`
	}
	err := tx.g.Table("sessions s").
		Select("s.id AS session_id, s.expires_at AS session_expires_at, u.*").
		Joins("JOIN users u ON u.id = s.user_id").
		Where("s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.active = ?", tokenHash, tx.Now, true).
		Take(&row).Error
	if err != nil {
		if cms.ErrorCode(translate(err)) == cms.ENotFound {
			return nil, nil, cms.Errorf(cms.EUnauthorized, "the session has ended; sign in again")
		}
		return nil, nil, translate(err)
	}
	return &cms.Session{ID: row.SessionID, UserID: row.User.ID, ExpiresAt: row.SessionExpiresAt.UTC()}, row.User.user(), nil
}

// RevokeSession ends one session. Ending an ended session is not an error.
func (tx *Tx) RevokeSession(id string) error {
	return translate(tx.g.Model(&sessionRow{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", tx.Now).Error)
}

// RevokeUserSessions ends every session of the user.
func (tx *Tx) RevokeUserSessions(userID string) error {
	return translate(tx.g.Model(&sessionRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", tx.Now).Error)
}

// DeleteEndedSessions removes sessions that expired or were revoked before t.
func (tx *Tx) DeleteEndedSessions(before time.Time) (int64, error) {
	res := tx.g.Where("expires_at < ? OR revoked_at < ?", before, before).Delete(&sessionRow{})
	return res.RowsAffected, translate(res.Error)
}

type loginFailureRow struct {
	ID       string `gorm:"primaryKey"`
	Key      string
	FailedAt time.Time
}

func (loginFailureRow) TableName() string { return "login_failures" }

// RecordLoginFailure notes a failed sign-in under each key ("account:<email>",
// "client:<ip>"). It is stored in the database so every replica sees it.
func (tx *Tx) RecordLoginFailure(keys ...string) error {
	rows := make([]loginFailureRow, len(keys))
	for i, k := range keys {
		rows[i] = loginFailureRow{ID: cms.NewID(tx.Now), Key: k, FailedAt: tx.Now}
	}
	return translate(tx.g.Create(&rows).Error)
}

// LoginFailures returns how many failures were recorded under key since t, and
// the time of the oldest of them.
func (tx *Tx) LoginFailures(key string, since time.Time) (int, time.Time, error) {
	var n int64
	q := tx.g.Model(&loginFailureRow{}).Where("key = ? AND failed_at > ?", key, since)
	if err := q.Count(&n).Error; err != nil || n == 0 {
		return 0, time.Time{}, translate(err)
	}
	var oldest loginFailureRow
	if err := tx.g.Where("key = ? AND failed_at > ?", key, since).Order("failed_at").Take(&oldest).Error; err != nil {
		return 0, time.Time{}, translate(err)
	}
	return int(n), oldest.FailedAt.UTC(), nil
}

// ClearLoginFailures forgets the failures under key (after a good sign-in).
// It also drops every failure older than before, which keeps the table small.
func (tx *Tx) ClearLoginFailures(key string, before time.Time) error {
	return translate(tx.g.Where("key = ? OR failed_at < ?", key, before).Delete(&loginFailureRow{}).Error)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
