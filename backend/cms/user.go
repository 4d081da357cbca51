package cms

import "time"

// User is a member of the newsroom who signs in to the admin API.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Roles     []Role    `json:"roles"`
	Active    bool      `json:"active"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Actor returns the user as the actor of an action.
func (u *User) Actor(clientIP string) Actor {
	return Actor{UserID: u.ID, Name: u.Name, Roles: u.Roles, ClientIP: clientIP}
}

// Session is a signed-in user's bearer token. Only its hash is stored.
type Session struct {
	ID        string
	UserID    string
	ExpiresAt time.Time
}

// Page is one page of a list with the opaque cursor of the next page ("" at the end).
type Page[T any] struct {
	Data       []T
	NextCursor string
}
