package policies

import (
	"context"
	"testing"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

func mustGrant(t *testing.T, e *Enforcer, user string, r Role) {
	t.Helper()
	if err := e.Grant(user, r); err != nil {
		t.Fatalf("granting %v: %v", r, err)
	}
}

func TestEnforcer_Allowed(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		e, err := New(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		mustGrant(t, e, "adm", Role{Admin, District})
		mustGrant(t, e, "hr", Role{HRLeader, District})
		mustGrant(t, e, "dl", Role{DistrictLeader, District})
		mustGrant(t, e, "pr", Role{Principal, SchoolDomain("S1")})
		mustGrant(t, e, "tc", Role{Teacher, StaffDomain("T1")})

		for _, c := range []struct {
			user, domain, resource, action string
			want                           bool
		}{
			{"adm", District, Users, Write, true},
			{"adm", District, Teachers, Read, true},
			{"adm", SchoolDomain("S1"), Teachers, Read, false},
			{"hr", District, Teachers, Read, true},
			{"hr", District, Users, Read, false},
			{"hr", District, Teachers, Write, false},
			{"dl", District, Schools, Read, true},
			{"dl", District, Teachers, Read, false},
			{"dl", District, TeacherExports, Read, false},
			{"pr", SchoolDomain("S1"), Teachers, Read, true},
			{"pr", SchoolDomain("S2"), Teachers, Read, false},
			{"pr", District, Schools, Read, false},
			{"pr", SchoolDomain("S1"), DistrictTables, Read, false},
			{"tc", StaffDomain("T1"), Teachers, Read, true},
			{"tc", StaffDomain("T2"), Teachers, Read, false},
			{"tc", SchoolDomain("S1"), Teachers, Read, false},
			{"nobody", District, Schools, Read, false},
		} {
			got, err := e.Allowed(c.user, c.domain, c.resource, c.action)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("%s %s %s in %s = %v, want %v", c.user, c.action, c.resource,
					c.domain, got, c.want)
			}
		}

		// A second enforcer reads the same rules from the database,
		// without seeding the defaults again.
		e2, err := New(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := e2.Allowed("pr", SchoolDomain("S1"), Teachers, Read); !ok {
			t.Fatal("a role granted before was not stored")
		}
		p1, _ := e.Policies()
		p2, _ := e2.Policies()
		defaults, _ := DefaultPolicies()
		if len(p1) != len(defaults) || len(p2) != len(defaults) {
			t.Fatalf("%d and %d policies, want the %d defaults", len(p1), len(p2),
				len(defaults))
		}
	})
}

func TestEnforcer_Roles(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		e, err := New(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		mustGrant(t, e, "u", Role{Principal, SchoolDomain("S2")})
		mustGrant(t, e, "u", Role{HRLeader, District})
		mustGrant(t, e, "u", Role{HRLeader, District})
		roles, err := e.Roles("u")
		if err != nil || len(roles) != 2 || roles[0].Role != HRLeader ||
			roles[1].Domain != "school:S2" {
			t.Fatalf("roles = %v, %v", roles, err)
		}
		if err := e.Revoke("u", Role{HRLeader, District}); err != nil {
			t.Fatal(err)
		}
		if err := e.Revoke("u", Role{HRLeader, District}); ted.ErrorCode(err) !=
			ted.CodeNotFound {
			t.Fatalf("revoking twice: %v", err)
		}

		for name, r := range map[string]Role{
			"ErrAdminInSchool":     {Admin, SchoolDomain("S1")},
			"ErrPrincipalDistrict": {Principal, District},
			"ErrTeacherBadID":      {Teacher, "staff:a b"},
			"ErrUnknownRole":       {"superuser", District},
		} {
			t.Run(name, func(t *testing.T) {
				if err := e.Grant("u", r); ted.ErrorCode(err) != ted.CodeInvalid {
					t.Fatalf("granting %v: %v", r, err)
				}
			})
		}
	})
}

func TestEnforcer_Policies(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		e, err := New(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		mustGrant(t, e, "dl", Role{DistrictLeader, District})
		p := Policy{DistrictLeader, District, TeacherExports, Read}
		if ok, _ := e.Allowed("dl", District, TeacherExports, Read); ok {
			t.Fatal("allowed before the policy")
		}
		if err := e.AddPolicy(p); err != nil {
			t.Fatal(err)
		}
		if err := e.AddPolicy(p); ted.ErrorCode(err) != ted.CodeConflict {
			t.Fatalf("adding twice: %v", err)
		}
		if ok, _ := e.Allowed("dl", District, TeacherExports, Read); !ok {
			t.Fatal("denied after the policy")
		}
		if err := e.RemovePolicy(p); err != nil {
			t.Fatal(err)
		}
		if ok, _ := e.Allowed("dl", District, TeacherExports, Read); ok {
			t.Fatal("allowed after the policy was removed")
		}
		bad := Policy{"x y", District, Schools, Read}
		if err := e.AddPolicy(bad); ted.ErrorCode(err) != ted.CodeInvalid {
			t.Fatalf("adding %v: %v", bad, err)
		}
	})
}
