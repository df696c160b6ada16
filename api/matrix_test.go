package api

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/policies"
)

// matrixCallers are the callers the matrix asks every route as, in the
// order of a row's statuses; "" sends no credentials.
var matrixCallers = []struct{ name, as string }{
	{"admin", asAdmin},
	{"hr_leader", asHRLeader},
	{"district_leader", asDistrictLeader},
	{"principal", asPrincipal},
	{"teacher", asTeacher},
	{"no_role", asNobody},
	{"anonymous", ""},
}

// statuses are the answers expected of one request, by caller in the
// order of matrixCallers: admin, hr_leader, district_leader, principal,
// teacher, no_role, anonymous.
type statuses [7]int

// Scopes of a route that names a school or a staff member: the
// principal's own school or a teacher of it, which is also the teacher
// user's own record, against another school or a teacher of another.
// A route that names neither has the one scope "any".
const (
	scopeOwn   = "own"
	scopeOther = "other"
	scopeAny   = "any"
	// A teacher who moved between the two schools in the last year:
	// to the principal's school, or away from it.
	scopeCame    = "came"
	scopeMovedOn = "moved_on"
)

// matrixRow is what the matrix expects of one route: the status each
// caller gets in each scope, and how to build the request of a scope.
type matrixRow struct {
	want map[string]statuses
	// request returns the path and JSON body (nil for none) of a request
	// in a scope, making fresh records for it so that no case depends on
	// another.
	request func(t *testing.T, m *matrixEnv, scope string) (string, any)
}

// matrixEnv is the fixture district the matrix runs on, and a counter
// that makes the records each case creates unique.
type matrixEnv struct {
	f *fixture
	n int
}

// email returns an address no account has yet.
func (m *matrixEnv) email() string {
	m.n++
	return fmt.Sprintf("matrix-%d@district.example.org", m.n)
}

// user makes a fresh account, with a password when one is given.
func (m *matrixEnv) user(t *testing.T, password string) models.User {
	t.Helper()
	u, err := m.f.db.CreateUser(context.Background(), m.email(), password)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// name returns a policy name no policy uses yet: policy names are
// letters and underscores only.
func (m *matrixEnv) name() string {
	m.n++
	var b []byte
	for n := m.n; n > 0; n /= 26 {
		b = append(b, byte('a'+n%26))
	}
	return "matrix_" + string(b)
}

// school is the principal's school in the own scope, another otherwise.
func (m *matrixEnv) school(scope string) string {
	if scope == scopeOwn {
		return m.f.ownSchool
	}
	return m.f.otherSchool
}

// teacher is the teacher user's own record, a teacher of the principal's
// school, in the own scope; a teacher of another school otherwise.
func (m *matrixEnv) teacher(scope string) string {
	if scope == scopeOwn {
		return m.f.ownTeacher
	}
	return m.f.otherTeacher
}

// mover adds a fresh teacher, at school from in 2024 and at school to in
// 2025, the last year, and returns their staff id.
func (m *matrixEnv) mover(t *testing.T, from, to string) string {
	t.Helper()
	ctx := context.Background()
	m.n++
	hired, err := models.ParseDate("2020-08-01")
	if err != nil {
		t.Fatal(err)
	}
	st := models.Staff{StaffID: fmt.Sprintf("MX%05d", m.n), FirstName: "Moved",
		LastName: "Teacher", HireDate: hired}
	if err := models.Create(ctx, m.f.db, &st, "staff"); err != nil {
		t.Fatal(err)
	}
	for year, school := range map[int]string{2024: from, 2025: to} {
		a := models.StaffAssignment{SchoolYear: year, StaffID: st.StaffID, SchoolID: school,
			Position: "teacher", SubjectArea: "math", FTE: 1}
		if err := models.Create(ctx, m.f.db, &a, "assignment"); err != nil {
			t.Fatal(err)
		}
	}
	return st.StaffID
}

// scenario saves a fresh scenario as a fixture user and returns its id.
func (m *matrixEnv) scenario(t *testing.T, as string) string {
	t.Helper()
	sc, err := m.f.db.SaveScenario(context.Background(), models.Scenario{
		UserID: m.f.users[as], Name: m.name(), SchoolYear: m.f.year,
		Request: fmt.Sprintf(`{"year": %d, "options": []}`, m.f.year)})
	if err != nil {
		t.Fatal(err)
	}
	return sc.ScenarioID
}

// fixedPath returns a path whatever the scope.
func fixedPath(p string) func(*testing.T, *matrixEnv, string) (string, any) {
	return func(*testing.T, *matrixEnv, string) (string, any) { return p, nil }
}

// anyScope is the row of a route that names no school or staff member.
func anyScope(s statuses) map[string]statuses {
	return map[string]statuses{scopeAny: s}
}

// matrixRows holds the expected answers of every route, by "METHOD path"
// as in apiRoutes. The policies: admin may do anything; hr_leader reads
// schools, teachers, district tables and both kinds of export;
// district_leader reads schools, district tables and school exports but
// no individual teacher; a principal reads their own school, its teachers
// and its exports; a teacher reads their own record only.
func matrixRows() map[string]matrixRow {
	// Read by everyone signed in.
	signedIn := statuses{200, 200, 200, 200, 200, 200, 401}
	// District tables: the district-wide readers only.
	districtTables := statuses{200, 200, 200, 403, 403, 403, 401}
	// Administration: admins only, answering 200, 201 or 204.
	adminOK := statuses{200, 403, 403, 403, 403, 403, 401}
	adminCreated := statuses{201, 403, 403, 403, 403, 403, 401}
	adminNoContent := statuses{204, 403, 403, 403, 403, 403, 401}

	return map[string]matrixRow{
		"POST /api/v1/auth/login": {
			want: map[string]statuses{
				"right_password": {200, 200, 200, 200, 200, 200, 200},
				"wrong_password": {401, 401, 401, 401, 401, 401, 401},
			},
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				u := m.user(t, fixturePassword)
				password := fixturePassword
				if scope == "wrong_password" {
					password = "not the password of anyone"
				}
				return "/api/v1/auth/login", loginRequest{Email: u.Email, Password: password}
			},
		},
		"POST /api/v1/auth/logout": {
			want:    anyScope(statuses{204, 204, 204, 204, 204, 204, 401}),
			request: fixedPath("/api/v1/auth/logout"),
		},
		"GET /api/v1/me": {want: anyScope(signedIn), request: fixedPath("/api/v1/me")},

		"GET /api/v1/schools": {
			want:    anyScope(statuses{200, 200, 200, 200, 403, 403, 401}),
			request: fixedPath("/api/v1/schools"),
		},
		"GET /api/v1/schools/:school_id": {
			want: map[string]statuses{
				scopeOwn:   {200, 200, 200, 200, 403, 403, 401},
				scopeOther: {200, 200, 200, 403, 403, 403, 401},
			},
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return fmt.Sprintf("/api/v1/schools/%s?year=%d", m.school(scope), m.f.year),
					nil
			},
		},
		"GET /api/v1/schools/:school_id/budget": {
			want: map[string]statuses{
				scopeOwn:   {200, 200, 200, 200, 403, 403, 401},
				scopeOther: {200, 200, 200, 403, 403, 403, 401},
			},
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return fmt.Sprintf("/api/v1/schools/%s/budget?year=%d", m.school(scope),
					m.f.year), nil
			},
		},
		"GET /api/v1/schools/:school_id/teachers": {
			want: map[string]statuses{
				scopeOwn:   {200, 200, 403, 200, 403, 403, 401},
				scopeOther: {200, 200, 403, 403, 403, 403, 401},
			},
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return fmt.Sprintf("/api/v1/schools/%s/teachers?year=%d&limit=5",
					m.school(scope), m.f.year), nil
			},
		},
		"GET /api/v1/teachers/:staff_id": {
			// A principal reads the teachers assigned to their school in
			// each teacher's latest year: one who came to it last year,
			// not one who left it.
			want: map[string]statuses{
				scopeOwn:     {200, 200, 403, 200, 200, 403, 401},
				scopeOther:   {200, 200, 403, 403, 403, 403, 401},
				scopeCame:    {200, 200, 403, 200, 403, 403, 401},
				scopeMovedOn: {200, 200, 403, 403, 403, 403, 401},
			},
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				switch scope {
				case scopeCame:
					return "/api/v1/teachers/" + m.mover(t, m.f.otherSchool, m.f.ownSchool), nil
				case scopeMovedOn:
					return "/api/v1/teachers/" + m.mover(t, m.f.ownSchool, m.f.otherSchool), nil
				}
				return "/api/v1/teachers/" + m.teacher(scope), nil
			},
		},

		"POST /api/v1/scenarios/evaluate": {
			// District leaders and admins weigh budget scenarios.
			want: anyScope(statuses{200, 403, 200, 403, 403, 403, 401}),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return "/api/v1/scenarios/evaluate", scenarioRequest{Year: m.f.year,
					Options: []optionBody{{Kind: "raise", Amount: 500}}}
			},
		},

		"POST /api/v1/scenarios": {
			want: anyScope(statuses{201, 403, 201, 403, 403, 403, 401}),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return "/api/v1/scenarios", saveRequest{Name: m.name(),
					scenarioRequest: scenarioRequest{Year: m.f.year, Options: []optionBody{}}}
			},
		},
		"GET /api/v1/scenarios": {
			want:    anyScope(statuses{200, 403, 200, 403, 403, 403, 401}),
			request: fixedPath("/api/v1/scenarios"),
		},
		"GET /api/v1/scenarios/:scenario_id": {
			// A saved scenario is the district's to open by its link.
			want: anyScope(statuses{200, 403, 200, 403, 403, 403, 401}),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return "/api/v1/scenarios/" + m.scenario(t, asAdmin), nil
			},
		},
		"DELETE /api/v1/scenarios/:scenario_id": {
			// Whoever saved a scenario may delete it (the district
			// leader's own scope), and so may an admin, anyone's.
			want: map[string]statuses{
				scopeOwn:   {204, 403, 204, 403, 403, 403, 401},
				scopeOther: {204, 403, 403, 403, 403, 403, 401},
			},
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				owner := asDistrictLeader
				if scope == scopeOther {
					owner = asAdmin
				}
				return "/api/v1/scenarios/" + m.scenario(t, owner), nil
			},
		},

		"GET /api/v1/district/equity":       districtRow("equity", districtTables),
		"GET /api/v1/district/retention":    districtRow("retention", districtTables),
		"GET /api/v1/district/pipeline":     districtRow("pipeline", districtTables),
		"GET /api/v1/district/compensation": districtRow("compensation", districtTables),

		"GET /api/v1/exports/:name": {
			// The scope is the table asked for: the school-level one is
			// an aggregate, the others hold individual records.
			want: map[string]statuses{
				"school-metrics":  {200, 200, 200, 200, 403, 403, 401},
				"teacher-metrics": {200, 200, 403, 200, 403, 403, 401},
				"teacher-growth":  {200, 200, 403, 200, 403, 403, 401},
				"student-growth":  {200, 200, 403, 200, 403, 403, 401},
			},
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return fmt.Sprintf("/api/v1/exports/%s?year=%d", scope, m.f.year), nil
			},
		},

		"GET /api/v1/audit": {want: anyScope(adminOK), request: fixedPath("/api/v1/audit")},

		"GET /api/v1/users": {want: anyScope(adminOK), request: fixedPath("/api/v1/users")},
		"POST /api/v1/users": {
			want: anyScope(adminCreated),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				role := policies.Role{Role: policies.Teacher,
					Domain: policies.StaffDomain(m.f.otherTeacher)}
				return "/api/v1/users", createUserRequest{Email: m.email(),
					Roles: []policies.Role{role}}
			},
		},
		"GET /api/v1/users/:user_id": {
			want: anyScope(adminOK),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return "/api/v1/users/" + m.user(t, "").UserID, nil
			},
		},
		"PATCH /api/v1/users/:user_id": {
			want: anyScope(adminOK),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				disabled := true
				return "/api/v1/users/" + m.user(t, "").UserID,
					updateUserRequest{Disabled: &disabled}
			},
		},
		"POST /api/v1/users/:user_id/roles": {
			want: anyScope(adminOK),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return "/api/v1/users/" + m.user(t, "").UserID + "/roles",
					policies.Role{Role: policies.Principal,
						Domain: policies.SchoolDomain(m.f.otherSchool)}
			},
		},
		"DELETE /api/v1/users/:user_id/roles": {
			want: anyScope(adminOK),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				u := m.user(t, "")
				role := policies.Role{Role: policies.Principal,
					Domain: policies.SchoolDomain(m.f.otherSchool)}
				if err := m.f.s.enforcer.Grant(u.UserID, role); err != nil {
					t.Fatal(err)
				}
				return fmt.Sprintf("/api/v1/users/%s/roles?role=%s&domain=%s", u.UserID,
					role.Role, role.Domain), nil
			},
		},
		"GET /api/v1/users/:user_id/tokens": {
			want: anyScope(adminOK),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return "/api/v1/users/" + m.user(t, "").UserID + "/tokens", nil
			},
		},
		"POST /api/v1/users/:user_id/tokens": {
			want: anyScope(adminCreated),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				return "/api/v1/users/" + m.user(t, "").UserID + "/tokens", nil
			},
		},
		"DELETE /api/v1/tokens/:token_id": {
			want: anyScope(adminOK),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				_, tok, err := m.f.db.CreateAPIToken(context.Background(),
					m.user(t, "").UserID)
				if err != nil {
					t.Fatal(err)
				}
				return "/api/v1/tokens/" + tok.TokenID, nil
			},
		},

		"GET /api/v1/policies": {want: anyScope(adminOK), request: fixedPath("/api/v1/policies")},
		"POST /api/v1/policies": {
			want: anyScope(adminCreated),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				// A policy of a role nobody holds changes no one's access.
				return "/api/v1/policies", policies.Policy{Role: m.name(),
					Domain: policies.District, Resource: policies.Schools, Action: policies.Read}
			},
		},
		"DELETE /api/v1/policies": {
			want: anyScope(adminNoContent),
			request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
				p := policies.Policy{Role: m.name(), Domain: policies.District,
					Resource: policies.Schools, Action: policies.Read}
				if err := m.f.s.enforcer.AddPolicy(p); err != nil {
					t.Fatal(err)
				}
				return fmt.Sprintf("/api/v1/policies?role=%s&domain=%s&resource=%s&action=%s",
					p.Role, p.Domain, p.Resource, p.Action), nil
			},
		},
	}
}

// districtRow is the row of a district table.
func districtRow(table string, want statuses) matrixRow {
	return matrixRow{
		want: anyScope(want),
		request: func(t *testing.T, m *matrixEnv, scope string) (string, any) {
			return fmt.Sprintf("/api/v1/district/%s?year=%d", table, m.f.year), nil
		},
	}
}

func TestAPI_AuthorizationMatrix(t *testing.T) {
	rows := matrixRows()
	routes := map[string]bool{}
	for _, rt := range apiRoutes() {
		routes[rt.method+" "+rt.path] = true
	}

	t.Run("EveryRouteHasARow", func(t *testing.T) {
		for _, key := range slices.Sorted(maps.Keys(routes)) {
			if _, ok := rows[key]; !ok {
				t.Errorf("route %s has no row in the authorization matrix", key)
			}
		}
		for _, key := range slices.Sorted(maps.Keys(rows)) {
			if !routes[key] {
				t.Errorf("the matrix has a row for %s, which is no longer a route", key)
			}
		}
	})

	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		m := &matrixEnv{f: newFixture(t, db)}
		for _, rt := range apiRoutes() {
			row, ok := rows[rt.method+" "+rt.path]
			if !ok {
				continue
			}
			t.Run(rt.method+" "+rt.path, func(t *testing.T) {
				m.run(t, rt, row)
			})
		}
	})
}

// run asks a route as every caller in every scope of its row.
func (m *matrixEnv) run(t *testing.T, rt endpoint, row matrixRow) {
	for _, scope := range slices.Sorted(maps.Keys(row.want)) {
		for i, cl := range matrixCallers {
			want := row.want[scope][i]
			t.Run(cl.name+"/"+scope, func(t *testing.T) {
				if want == 0 {
					t.Fatalf("the row gives no status for %s", cl.name)
				}
				target, body := row.request(t, m, scope)
				params, ok := routeParams(rt.path, target)
				if !ok {
					t.Fatalf("the row's request %s is not of the route", target)
				}
				w := m.f.request(t, cl.as, rt.method, target, body)
				wantStatus(t, w, want)
				if cl.as != "" {
					m.wantAudited(t, rt, cl.as, params, w.Code)
				}
			})
		}
	}
}

// wantAudited fails when a request that must be audited did not write the
// caller's latest entry of the audit log: a denial, or a read of a
// teacher's record.
func (m *matrixEnv) wantAudited(t *testing.T, rt endpoint, as string,
	params gin.Params, code int) {
	t.Helper()
	var want models.AuditEntry
	switch {
	case code == http.StatusForbidden:
		want = models.AuditEntry{Action: rt.action, Resource: resourceOf(rt, params),
			Outcome: models.AuditDenied}
		if len(params) > 0 {
			want.RecordID = params[0].Value
		}
	case code == http.StatusOK && rt.path == "/api/v1/teachers/:staff_id":
		want = models.AuditEntry{Action: policies.Read, Resource: "teacher",
			RecordID: params.ByName("staff_id"), Outcome: models.AuditAllowed}
	default:
		return
	}

	entries, _, err := m.f.db.AuditEntries(context.Background(),
		models.AuditFilter{UserID: m.f.users[as], Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatalf("no audit entry by %s; want %+v", as, want)
	}
	got := entries[0]
	if got.Action != want.Action || got.Resource != want.Resource ||
		got.RecordID != want.RecordID || got.Outcome != want.Outcome {
		t.Fatalf("latest audit entry by %s: %s %s %q %s; want %s %s %q %s", as,
			got.Action, got.Resource, got.RecordID, got.Outcome,
			want.Action, want.Resource, want.RecordID, want.Outcome)
	}
}

// resourceOf is the resource a route needs for a request with params.
func resourceOf(rt endpoint, params gin.Params) string {
	if rt.resourceOf == nil {
		return rt.resource
	}
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Params = params
	return rt.resourceOf(c)
}

// routeParams matches a request target against a route's path, returning
// the values of the path's parameters.
func routeParams(route, target string) (gin.Params, bool) {
	p, _, _ := strings.Cut(target, "?")
	want, got := strings.Split(route, "/"), strings.Split(p, "/")
	if len(want) != len(got) {
		return nil, false
	}
	var params gin.Params
	for i, seg := range want {
		switch {
		case strings.HasPrefix(seg, ":") && got[i] != "":
			params = append(params, gin.Param{Key: seg[1:], Value: got[i]})
		case seg != got[i]:
			return nil, false
		}
	}
	return params, true
}
