package cms

import (
	"slices"
	"strings"
)

// Role is what a user may do in the newsroom; a user may hold several.
type Role string

// The roles of the spec. RoleSystem is the scheduler and other background jobs;
// no user can hold it.
const (
	RoleWriter    Role = "writer"
	RoleEditor    Role = "editor"
	RoleModerator Role = "moderator"
	RoleAdmin     Role = "admin"
	RoleSystem    Role = "system"
)

// UserRoles lists the roles a user can be given, in display order.
var UserRoles = []Role{RoleWriter, RoleEditor, RoleModerator, RoleAdmin}

// ParseRole returns the role named s, or false when s names no user role.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, slices.Contains(UserRoles, r)
}

// JoinRoles encodes roles as the comma-separated list the users table stores.
func JoinRoles(roles []Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// SplitRoles decodes the users table's role list, dropping unknown names.
func SplitRoles(s string) []Role {
	var roles []Role
	for _, p := range strings.Split(s, ",") {
		if r, ok := ParseRole(strings.TrimSpace(p)); ok && !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return roles
}

// NormaliseRoles validates names, removes duplicates and orders them as
// UserRoles does. It returns EInvalid naming the field when a role is unknown
// or none is given.
func NormaliseRoles(field string, names []string) ([]Role, error) {
	if len(names) == 0 {
		return nil, FieldError(field, "at least one role is required (writer, editor, moderator, admin)")
	}
	var out []Role
	for _, n := range names {
		r, ok := ParseRole(n)
		if !ok {
			return nil, FieldError(field, "unknown role "+quote(n)+"; use writer, editor, moderator or admin")
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Role) int { return slices.Index(UserRoles, a) - slices.Index(UserRoles, b) })
	return out, nil
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return "\"" + s + "\""
}

// Actor is who performs an action: a signed-in user or the system. Services
// take it as an explicit parameter so an authorisation check cannot silently
// go missing.
type Actor struct {
	UserID string
	Name   string
	Roles  []Role
	// ClientIP is recorded in the audit log; empty for the CLI and jobs.
	ClientIP string
}

// SystemActor is the actor of background jobs such as the scheduler.
func SystemActor() Actor { return Actor{Name: "system", Roles: []Role{RoleSystem}} }

// Has reports whether the actor holds role r.
func (a Actor) Has(r Role) bool { return slices.Contains(a.Roles, r) }
