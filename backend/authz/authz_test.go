package authz_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"newsroom/authz"
	"newsroom/cms"
)

var update = flag.Bool("update", false, "rewrite docs/permissions.md from the policy")

// want is the permission matrix of the spec (product.md, "Users and roles"),
// written out independently of policy.csv: for each object and action, what
// each role may do. "any": on every object; "own": on objects the actor
// created; "assigned": created or assigned; "": never.
var want = map[authz.Object]map[string]map[cms.Role]string{
	authz.Article: {
		"read":             {cms.RoleWriter: "assigned", cms.RoleEditor: "any", cms.RoleModerator: "any"},
		"read_published":   {cms.RoleWriter: "any", cms.RoleEditor: "any", cms.RoleModerator: "any"},
		"create":           {cms.RoleWriter: "any", cms.RoleEditor: "any"},
		"edit":             {cms.RoleWriter: "own", cms.RoleEditor: "any"},
		"delete":           {cms.RoleWriter: "own", cms.RoleEditor: "any"},
		"submit":           {cms.RoleWriter: "own", cms.RoleEditor: "any"},
		"request_changes":  {cms.RoleEditor: "any"},
		"publish":          {cms.RoleEditor: "any", cms.RoleSystem: "any"},
		"schedule":         {cms.RoleEditor: "any"},
		"cancel_schedule":  {cms.RoleEditor: "any", cms.RoleSystem: "any"},
		"unpublish":        {cms.RoleEditor: "any"},
		"archive":          {cms.RoleEditor: "any"},
		"restore_revision": {cms.RoleEditor: "any"},
		"preview":          {cms.RoleWriter: "own", cms.RoleEditor: "any"},
	},
	authz.LiveEntry: {
		"write": {cms.RoleWriter: "assigned", cms.RoleEditor: "any"},
		"pin":   {cms.RoleEditor: "any"},
	},
	authz.Story: {
		"read":   {cms.RoleWriter: "any", cms.RoleEditor: "any", cms.RoleModerator: "any"},
		"manage": {cms.RoleEditor: "any"},
	},
	authz.Taxonomy: {
		"read":   {cms.RoleWriter: "any", cms.RoleEditor: "any", cms.RoleModerator: "any"},
		"manage": {cms.RoleEditor: "any"},
	},
	authz.Media: {
		"read":   {cms.RoleWriter: "any", cms.RoleEditor: "any"},
		"upload": {cms.RoleWriter: "any", cms.RoleEditor: "any"},
		"edit":   {cms.RoleWriter: "own", cms.RoleEditor: "any"},
		"delete": {cms.RoleEditor: "any"},
	},
	authz.Comment: {
		"read":     {cms.RoleModerator: "any", cms.RoleAdmin: "any"},
		"moderate": {cms.RoleModerator: "any", cms.RoleAdmin: "any"},
		"ban":      {cms.RoleModerator: "any", cms.RoleAdmin: "any"},
	},
	// Editors assign writers to live articles, so they list the active
	// writers (names and ids); everything else about users is the admin's.
	authz.User:     {"read": {cms.RoleAdmin: "any"}, "manage": {cms.RoleAdmin: "any"}, "list_writers": {cms.RoleEditor: "any"}},
	authz.Webhook:  {"manage": {cms.RoleAdmin: "any"}},
	authz.APIKey:   {"manage": {cms.RoleAdmin: "any"}},
	authz.Settings: {"manage": {cms.RoleAdmin: "any"}},
	authz.Audit:    {"read": {cms.RoleAdmin: "any"}},
}

var allRoles = append(append([]cms.Role(nil), cms.UserRoles...), cms.RoleSystem)

func allowedBy(cond string, rel authz.Relation) bool {
	switch cond {
	case "any":
		return true
	case "own":
		return rel == authz.Own
	case "assigned":
		return rel == authz.Own || rel == authz.Assigned
	}
	return false
}

// TestMatrix checks every (role, object, action, relation) of the spec
// against the policy.
func TestMatrix(t *testing.T) {
	p, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	for obj, actions := range want {
		for act, roles := range actions {
			for _, role := range allRoles {
				for _, rel := range []authz.Relation{authz.Other, authz.Own, authz.Assigned} {
					name := fmt.Sprintf("%s/%s/%s/%s", role, obj, act, rel)
					t.Run(name, func(t *testing.T) {
						a := cms.Actor{Name: "t", Roles: []cms.Role{role}}
						wantOK := allowedBy(roles[role], rel)
						if got := p.Allowed(a, obj, act, rel); got != wantOK {
							t.Errorf("got %v, want %v", got, wantOK)
						}
						err := p.Check(a, obj, act, rel)
						if wantOK != (err == nil) {
							t.Errorf("Check: got %v, want allowed=%v", err, wantOK)
						}
						if err != nil && cms.ErrorCode(err) != cms.EForbidden {
							t.Errorf("Check error code: got %s, want %s", cms.ErrorCode(err), cms.EForbidden)
						}
					})
				}
			}
		}
	}
}

// TestPolicyHasNothingElse fails when policy.csv grants something the
// matrix above does not know of.
func TestPolicyHasNothingElse(t *testing.T) {
	p, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Rules() {
		if got := want[r.Object][r.Action][r.Role]; got != r.Condition {
			t.Errorf("policy line %s, %s, %s, %s: the spec's matrix says %q", r.Role, r.Object, r.Action, r.Condition, got)
		}
	}
}

// TestSeveralRoles checks that a user holding several roles gets the union.
func TestSeveralRoles(t *testing.T) {
	p, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	a := cms.Actor{Roles: []cms.Role{cms.RoleWriter, cms.RoleModerator}}
	if !p.Allowed(a, authz.Comment, "moderate", authz.Other) {
		t.Error("writer+moderator cannot moderate comments")
	}
	if !p.Allowed(a, authz.Article, "edit", authz.Own) {
		t.Error("writer+moderator cannot edit own article")
	}
	if p.Allowed(a, authz.Article, "publish", authz.Own) {
		t.Error("writer+moderator may publish")
	}
	if p.Allowed(cms.Actor{}, authz.Article, "read_published", authz.Other) {
		t.Error("an actor without roles may read articles")
	}
}

// TestPermissionsDoc checks docs/permissions.md is the policy rendered.
func TestPermissionsDoc(t *testing.T) {
	p, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "permissions.md")
	got := p.MatrixMarkdown()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (run go test ./authz -update)", path, err)
	}
	if string(file) != got {
		t.Errorf("%s differs from the policy; run `go test ./authz -update` and commit it", path)
	}
}
