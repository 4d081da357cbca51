// Package authz decides who may do what. The whole permission matrix is one
// Casbin model and one policy file, embedded so the policy is code reviewed
// with the rest. Which roles a user holds comes from the users table
// (cms.Actor.Roles), not from Casbin.
package authz

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"newsroom/cms"
)

//go:embed model.conf
var modelText string

//go:embed policy.csv
var policyText string

// Object is a kind of thing an action applies to.
type Object string

// The objects of the policy.
const (
	Article   Object = "article"
	LiveEntry Object = "live_entry"
	Story     Object = "story"
	Taxonomy  Object = "taxonomy" // sections, tags and author profiles
	Media     Object = "media"
	Comment   Object = "comment"
	User      Object = "user"
	Webhook   Object = "webhook"
	APIKey    Object = "api_key"
	Settings  Object = "settings"
	Audit     Object = "audit"
)

// Relation is how the actor stands to the object acted on.
type Relation string

// The relations a policy condition can require.
const (
	Other    Relation = "other"    // no relation, or no particular object (create, list)
	Own      Relation = "own"      // the actor created the object
	Assigned Relation = "assigned" // the actor is assigned to the object
)

// Policy answers permission questions. It is safe for concurrent use.
type Policy struct {
	enforcer *casbin.SyncedEnforcer
	rules    []Rule
	// decisions holds Casbin's answer to every question about a role, an
	// object and an action the policy names, asked once in New: the policy
	// never changes while the process runs, and evaluating the matcher on
	// every call took a tenth of the CPU of a draft save, which asks a dozen
	// questions (make bench, docs/benchmarks.md). Read-only after New.
	decisions map[question]bool
}

type question struct {
	role cms.Role
	obj  Object
	act  string
	rel  Relation
}

// Rule is one line of the policy.
type Rule struct {
	Role      cms.Role
	Object    Object
	Action    string
	Condition string
}

// New loads the embedded model and policy.
func New() (*Policy, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("load casbin model: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m, stringadapter.NewAdapter(policyText))
	if err != nil {
		return nil, fmt.Errorf("load casbin policy: %w", err)
	}
	rules, err := parseRules(policyText)
	if err != nil {
		return nil, err
	}
	p := &Policy{enforcer: e, rules: rules, decisions: map[question]bool{}}
	roles := append([]cms.Role{cms.RoleSystem}, cms.UserRoles...)
	for _, r := range rules {
		if !slices.Contains(roles, r.Role) {
			roles = append(roles, r.Role)
		}
	}
	for _, r := range rules {
		for _, role := range roles {
			for _, rel := range []Relation{Other, Own, Assigned} {
				q := question{role, r.Object, r.Action, rel}
				ok, err := e.Enforce(string(q.role), string(q.obj), q.act, string(q.rel))
				if err != nil {
					return nil, fmt.Errorf("evaluate the policy: %w", err)
				}
				p.decisions[q] = ok
			}
		}
	}
	return p, nil
}

// Allowed reports whether any of the actor's roles may perform act on obj
// given the actor's relation to it.
func (p *Policy) Allowed(a cms.Actor, obj Object, act string, rel Relation) bool {
	for _, role := range a.Roles {
		ok, known := p.decisions[question{role, obj, act, rel}]
		if !known {
			// A question about something the policy does not name.
			var err error
			if ok, err = p.enforcer.Enforce(string(role), string(obj), act, string(rel)); err != nil {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Check returns nil when the actor may perform act on obj, else an EForbidden
// *cms.Error with a message that says what was refused.
func (p *Policy) Check(a cms.Actor, obj Object, act string, rel Relation) error {
	if p.Allowed(a, obj, act, rel) {
		return nil
	}
	what := strings.ReplaceAll(string(obj), "_", " ")
	if rel == Own || rel == Assigned {
		return cms.Errorf(cms.EForbidden, "your roles do not allow you to %s this %s", strings.ReplaceAll(act, "_", " "), what)
	}
	return cms.Errorf(cms.EForbidden, "your roles do not allow you to %s %s objects", strings.ReplaceAll(act, "_", " "), what)
}

// Rules returns the policy lines in file order.
func (p *Policy) Rules() []Rule { return append([]Rule(nil), p.rules...) }

func parseRules(text string) ([]Rule, error) {
	var rules []Rule
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) != 5 || strings.TrimSpace(f[0]) != "p" {
			return nil, fmt.Errorf("policy.csv line %d: want \"p, role, object, action, condition\"", i+1)
		}
		rules = append(rules, Rule{
			Role:      cms.Role(strings.TrimSpace(f[1])),
			Object:    Object(strings.TrimSpace(f[2])),
			Action:    strings.TrimSpace(f[3]),
			Condition: strings.TrimSpace(f[4]),
		})
	}
	return rules, nil
}
