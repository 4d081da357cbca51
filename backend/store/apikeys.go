package store

import (
	"time"

	"newsroom/cms"
)

type apiKeyRow struct {
	ID         string `gorm:"primaryKey"`
	Name       string
	Prefix     string
	KeyHash    string
	CreatedBy  *string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (apiKeyRow) TableName() string { return "api_keys" }

func (r *apiKeyRow) apiKey() *cms.APIKey {
	k := &cms.APIKey{ID: r.ID, Name: r.Name, Prefix: r.Prefix, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
	if r.LastUsedAt != nil {
		t := r.LastUsedAt.UTC()
		k.LastUsedAt = &t
	}
	if r.RevokedAt != nil {
		t := r.RevokedAt.UTC()
		k.RevokedAt = &t
	}
	return k
}

// CreateAPIKey stores a delivery API key under the hash of the key, which
// itself is never stored.
func (tx *Tx) CreateAPIKey(name, prefix, keyHash string, createdBy *string) (*cms.APIKey, error) {
	row := apiKeyRow{ID: cms.NewID(tx.Now), Name: name, Prefix: prefix, KeyHash: keyHash, CreatedBy: createdBy, CreatedAt: tx.Now}
	if err := tx.g.Create(&row).Error; err != nil {
		return nil, translate(err)
	}
	return row.apiKey(), nil
}

// APIKey returns the key with the id. Returns ENotFound when there is none.
func (tx *Tx) APIKey(id string) (*cms.APIKey, error) {
	var row apiKeyRow
	if err := tx.g.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, notFound(err, "API key")
	}
	return row.apiKey(), nil
}

// ListAPIKeys returns the keys, revoked ones included, newest first.
func (tx *Tx) ListAPIKeys(cursor string, limit int) (cms.Page[*cms.APIKey], error) {
	q := tx.g.Model(&apiKeyRow{})
	var before string
	if err := decodeCursor(cursor, &before); err != nil {
		return cms.Page[*cms.APIKey]{}, err
	}
	if before != "" {
		q = q.Where("id < ?", before)
	}
	var rows []apiKeyRow
	// ids are UUIDv7, so id order is creation order.
	if err := q.Order("id DESC").Limit(limit + 1).Find(&rows).Error; err != nil {
		return cms.Page[*cms.APIKey]{}, translate(err)
	}
	page := cms.Page[*cms.APIKey]{}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor(rows[len(rows)-1].ID)
	}
	page.Data = make([]*cms.APIKey, len(rows))
	for i := range rows {
		page.Data[i] = rows[i].apiKey()
	}
	return page, nil
}

// RevokeAPIKey revokes the key; revoking a revoked key changes nothing.
// It reports whether this call revoked it. Returns ENotFound when there is
// no such key.
func (tx *Tx) RevokeAPIKey(id string) (*cms.APIKey, bool, error) {
	res := tx.g.Model(&apiKeyRow{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", tx.Now)
	if res.Error != nil {
		return nil, false, translate(res.Error)
	}
	k, err := tx.APIKey(id)
	if err != nil {
		return nil, false, err
	}
	return k, res.RowsAffected == 1, nil
}

// ActiveAPIKey is a key that is not revoked, as the delivery API checks it.
type ActiveAPIKey struct {
	ID         string
	KeyHash    string
	LastUsedAt *time.Time
}

// ActiveAPIKeys returns every key that is not revoked.
func (tx *Tx) ActiveAPIKeys() ([]ActiveAPIKey, error) {
	var rows []apiKeyRow
	if err := tx.g.Select("id, key_hash, last_used_at").Where("revoked_at IS NULL").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]ActiveAPIKey, len(rows))
	for i, r := range rows {
		out[i] = ActiveAPIKey{ID: r.ID, KeyHash: r.KeyHash, LastUsedAt: r.LastUsedAt}
	}
	return out, nil
}

// TouchAPIKey sets the last use of the key to used.
func (tx *Tx) TouchAPIKey(id string, used time.Time) error {
	return translate(tx.g.Model(&apiKeyRow{}).Where("id = ?", id).Update("last_used_at", used.UTC().Truncate(time.Microsecond)).Error)
}
