// Package policies decides who may see and change what in TED. Its
// authorization model and default policy are files of this package,
// embedded in the binary; the policies in force and every user's roles are
// stored in the database, where an admin can change them while TED runs.
package policies

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	gormadapter "github.com/casbin/gorm-adapter/v3"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
)

//go:embed model.conf
var modelText string

//go:embed policy.csv
var defaultPolicy string

// Roles a user can hold.
const (
	Admin          = "admin"
	DistrictLeader = "district_leader"
	HRLeader       = "hr_leader"
	Principal      = "principal"
	Teacher        = "teacher"
)

// District is the domain of the district-wide roles.
const District = "district"

// Resources that policies name, and their actions.
const (
	Schools        = "schools"
	Teachers       = "teachers"
	DistrictTables = "district"
	SchoolExports  = "school_exports"
	TeacherExports = "teacher_exports"
	Audit          = "audit"
	Users          = "users"
	Policies       = "policies"
	Scenarios      = "scenarios"
	// OthersScenarios are the scenarios other users saved: writing one is
	// deleting a colleague's scenario, which the default policy leaves to
	// admins.
	OthersScenarios = "others_scenarios"

	Read  = "read"
	Write = "write"
)

// SchoolDomain is the domain of a school's principal.
func SchoolDomain(schoolID string) string { return "school:" + schoolID }

// StaffDomain is the domain of a teacher's own record.
func StaffDomain(staffID string) string { return "staff:" + staffID }

// Role is a role held in a domain.
type Role struct {
	Role   string `json:"role"`
	Domain string `json:"domain"`
}

// Policy lets a role, in the domains its pattern matches, take an action on
// a resource; "*" matches any resource or action.
type Policy struct {
	Role     string `json:"role"`
	Domain   string `json:"domain"`
	Resource string `json:"resource"`
	Action   string `json:"action"`
}

// Enforcer answers whether a user may act, and keeps roles and policies.
// It is safe for concurrent use.
type Enforcer struct {
	mu sync.Mutex // serializes changes, so a check and its change agree
	e  *casbin.SyncedEnforcer
}

// New loads the policies and roles stored in db, storing the default
// policy first when none is stored yet.
func New(ctx context.Context, db *models.DB) (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("authorization model: %w", err)
	}
	// The table comes from TED's migrations, not from the adapter.
	g := db.Gorm(context.WithoutCancel(ctx))
	gormadapter.TurnOffAutoMigrate(g)
	adapter, err := gormadapter.NewAdapterByDB(g)
	if err != nil {
		return nil, fmt.Errorf("authorization rules: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m, adapter)
	if err != nil {
		return nil, fmt.Errorf("loading authorization rules: %w", err)
	}
	enf := &Enforcer{e: e}
	if err := enf.seed(); err != nil {
		return nil, err
	}
	return enf, nil
}

// seed stores the default policy when no policy is stored.
func (e *Enforcer) seed() error {
	p, err := e.e.GetPolicy()
	if err != nil {
		return fmt.Errorf("reading policies: %w", err)
	}
	if len(p) > 0 {
		return nil
	}
	defaults, err := DefaultPolicies()
	if err != nil {
		return err
	}
	rules := make([][]string, len(defaults))
	for i, d := range defaults {
		rules[i] = d.rule()
	}
	if _, err := e.e.AddPolicies(rules); err != nil {
		// Another server may have stored them first.
		if err := e.e.LoadPolicy(); err != nil {
			return fmt.Errorf("storing the default policy: %w", err)
		}
	}
	return nil
}

// DefaultPolicies reads the default policy file.
func DefaultPolicies() ([]Policy, error) {
	var list []Policy
	sc := bufio.NewScanner(strings.NewReader(defaultPolicy))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ",")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if len(f) != 5 || f[0] != "p" {
			return nil, fmt.Errorf("policy.csv:%d: want p, role, domain, resource, action", n)
		}
		list = append(list, Policy{Role: f[1], Domain: f[2], Resource: f[3], Action: f[4]})
	}
	return list, nil
}

func (p Policy) rule() []string { return []string{p.Role, p.Domain, p.Resource, p.Action} }

// subject is how a user appears in the rules.
func subject(userID string) string { return "user:" + userID }

// Allowed reports whether a user may take an action on a resource in a
// domain. An error means the question could not be answered, and must be
// treated as a denial.
func (e *Enforcer) Allowed(userID, domain, resource, action string) (bool, error) {
	ok, err := e.e.Enforce(subject(userID), domain, resource, action)
	if err != nil {
		return false, fmt.Errorf("checking authorization: %w", err)
	}
	return ok, nil
}

// Roles lists the roles a user holds, in order.
func (e *Enforcer) Roles(userID string) ([]Role, error) {
	rules, err := e.e.GetFilteredGroupingPolicy(0, subject(userID))
	if err != nil {
		return nil, fmt.Errorf("reading roles: %w", err)
	}
	roles := make([]Role, 0, len(rules))
	for _, r := range rules {
		if len(r) >= 3 {
			roles = append(roles, Role{Role: r[1], Domain: r[2]})
		}
	}
	slices.SortFunc(roles, func(a, b Role) int {
		return strings.Compare(a.Role+" "+a.Domain, b.Role+" "+b.Domain)
	})
	return roles, nil
}

var (
	schoolDomain = regexp.MustCompile(`^school:[A-Za-z0-9_.-]{1,64}$`)
	staffDomain  = regexp.MustCompile(`^staff:[A-Za-z0-9_.-]{1,64}$`)
)

// Check refuses a role in a domain it cannot be held in: district-wide
// roles in "district", principal in a school's domain, teacher in a staff
// member's.
func (r Role) Check() error {
	switch r.Role {
	case Admin, DistrictLeader, HRLeader:
		if r.Domain != District {
			return ted.Errorf(ted.CodeInvalid, "the %s role is held in the domain %q, not %q",
				r.Role, District, r.Domain)
		}
	case Principal:
		if !schoolDomain.MatchString(r.Domain) {
			return ted.Errorf(ted.CodeInvalid, "the principal role is held in a school's "+
				"domain, school:<school_id>, not %q", r.Domain)
		}
	case Teacher:
		if !staffDomain.MatchString(r.Domain) {
			return ted.Errorf(ted.CodeInvalid, "the teacher role is held in a staff "+
				"member's domain, staff:<staff_id>, not %q", r.Domain)
		}
	default:
		return ted.Errorf(ted.CodeInvalid, "no role %q (want admin, district_leader, "+
			"hr_leader, principal or teacher)", r.Role)
	}
	return nil
}

// Grant gives a user a role in a domain. Granting a role held already
// changes nothing.
func (e *Enforcer) Grant(userID string, r Role) error {
	if err := r.Check(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.e.AddGroupingPolicy(subject(userID), r.Role, r.Domain); err != nil {
		return fmt.Errorf("granting a role: %w", err)
	}
	return nil
}

// Revoke takes a role in a domain from a user.
func (e *Enforcer) Revoke(userID string, r Role) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	ok, err := e.e.RemoveGroupingPolicy(subject(userID), r.Role, r.Domain)
	if err != nil {
		return fmt.Errorf("revoking a role: %w", err)
	}
	if !ok {
		return ted.Errorf(ted.CodeNotFound, "the user does not hold the role %s in %s",
			r.Role, r.Domain)
	}
	return nil
}

// Policies lists the policies in force, in order.
func (e *Enforcer) Policies() ([]Policy, error) {
	rules, err := e.e.GetPolicy()
	if err != nil {
		return nil, fmt.Errorf("reading policies: %w", err)
	}
	list := make([]Policy, 0, len(rules))
	for _, r := range rules {
		if len(r) >= 4 {
			list = append(list, Policy{Role: r[0], Domain: r[1], Resource: r[2], Action: r[3]})
		}
	}
	slices.SortFunc(list, func(a, b Policy) int {
		return strings.Compare(strings.Join(a.rule(), " "), strings.Join(b.rule(), " "))
	})
	return list, nil
}

// policyField is what a part of a policy may hold: a name, a domain
// pattern, or "*".
var policyField = regexp.MustCompile(`^(\*|[a-z_]{1,40}(:(\*|[A-Za-z0-9_.-]{1,64}))?)$`)

// Check refuses a policy with an empty or malformed part.
func (p Policy) Check() error {
	for _, f := range []struct{ name, v string }{{"role", p.Role}, {"domain", p.Domain},
		{"resource", p.Resource}, {"action", p.Action}} {
		if !policyField.MatchString(f.v) {
			return ted.Errorf(ted.CodeInvalid, "policy %s: %q is not a name, a domain "+
				"pattern or *", f.name, f.v)
		}
	}
	return nil
}

// AddPolicy puts a policy in force. Adding one in force already is a
// conflict.
func (e *Enforcer) AddPolicy(p Policy) error {
	if err := p.Check(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ok, err := e.e.AddPolicy(p.Role, p.Domain, p.Resource, p.Action)
	if err != nil {
		return fmt.Errorf("adding a policy: %w", err)
	}
	if !ok {
		return ted.Errorf(ted.CodeConflict, "the policy is in force already")
	}
	return nil
}

// RemovePolicy takes a policy out of force.
func (e *Enforcer) RemovePolicy(p Policy) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	ok, err := e.e.RemovePolicy(p.Role, p.Domain, p.Resource, p.Action)
	if err != nil {
		return fmt.Errorf("removing a policy: %w", err)
	}
	if !ok {
		return ted.Errorf(ted.CodeNotFound, "no such policy is in force")
	}
	return nil
}

// Reload reads the stored policies and roles again, for changes made by
// another server or by a command.
func (e *Enforcer) Reload() error {
	if err := e.e.LoadPolicy(); err != nil {
		return fmt.Errorf("loading authorization rules: %w", err)
	}
	return nil
}
