package cms

import "time"

// Section is a part of the site (World, Arab world, Sport...). Sections form a
// tree through ParentID and are ordered by Position among siblings.
type Section struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Slug        string    `json:"slug"`
	Description string    `json:"description"`
	ParentID    *string   `json:"parent_id"`
	Position    int       `json:"position"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Tag is a free keyword attached to articles.
type Tag struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Slug      string    `json:"slug"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Author is a byline profile, optionally linked to a user.
type Author struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Slug          string    `json:"slug"`
	Bio           string    `json:"bio"`
	AvatarMediaID *string   `json:"avatar_media_id"`
	UserID        *string   `json:"user_id"`
	Version       int64     `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// AuditEvent records one write: who did what to which entity, and when.
type AuditEvent struct {
	ID         string         `json:"id"`
	ActorID    *string        `json:"actor_id"`
	ActorName  string         `json:"actor_name"`
	Action     string         `json:"action"`
	EntityType string         `json:"entity_type"`
	EntityID   string         `json:"entity_id"`
	Details    map[string]any `json:"details,omitempty"`
	ClientIP   string         `json:"client_ip,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
}
