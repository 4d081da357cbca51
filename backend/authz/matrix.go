package authz

import (
	"fmt"
	"slices"
	"strings"

	"newsroom/cms"
)

// MatrixMarkdown renders the policy as the permission table of
// docs/permissions.md: one row per object and action, one column per role.
func (p *Policy) MatrixMarkdown() string {
	roles := append(append([]cms.Role(nil), cms.UserRoles...), cms.RoleSystem)
	type key struct {
		obj Object
		act string
	}
	var order []key
	cell := map[key]map[cms.Role]string{}
	for _, r := range p.rules {
		k := key{r.Object, r.Action}
		if cell[k] == nil {
			cell[k] = map[cms.Role]string{}
			order = append(order, k)
		}
		switch r.Condition {
		case "any":
			cell[k][r.Role] = "yes"
		case "own":
			cell[k][r.Role] = "own"
		case "assigned":
			cell[k][r.Role] = "own or assigned"
		default:
			cell[k][r.Role] = r.Condition
		}
	}
	var b strings.Builder
	b.WriteString("# Permissions\n\n")
	b.WriteString("Generated from `backend/authz/policy.csv` by `go test ./authz -update`; a test fails when this file and the policy differ.\n\n")
	b.WriteString("\"yes\": on any object of the kind; \"own\": only on objects the user created; \"own or assigned\": also on objects the user is assigned to. An empty cell is refused (403, or 404 when the user may not even see the object). A user may hold several roles and gets the union of their rights. `system` is the scheduler and other background jobs.\n\n")
	b.WriteString("| object | action |")
	for _, r := range roles {
		fmt.Fprintf(&b, " %s |", r)
	}
	b.WriteString("\n|---|---|")
	b.WriteString(strings.Repeat("---|", len(roles)))
	b.WriteString("\n")
	slices.SortStableFunc(order, func(a, b key) int { return strings.Compare(string(a.obj), string(b.obj)) })
	for _, k := range order {
		fmt.Fprintf(&b, "| %s | %s |", k.obj, k.act)
		for _, r := range roles {
			fmt.Fprintf(&b, " %s |", cell[k][r])
		}
		b.WriteString("\n")
	}
	return b.String()
}
