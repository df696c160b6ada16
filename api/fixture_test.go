package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/ingest"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
	"github.com/ted-dashboard/ted/synth"
)

// Callers of the fixture district, by the role they hold and whether the
// school or staff member a request names is their own.
const (
	asAdmin          = "admin"
	asHRLeader       = "hr_leader"
	asDistrictLeader = "district_leader"
	asPrincipal      = "principal"
	asTeacher        = "teacher"
	asNobody         = "no_role"
)

// fixture is a small generated district, imported and computed, with one
// user of each role holding an API token.
type fixture struct {
	s    *Server
	db   *models.DB
	logs *lockedBuffer
	// year is a school year with every measure: the one before the
	// last, 2025, so that retention is known.
	year int
	// ownSchool is the principal's school and otherSchool another;
	// ownTeacher is the teacher user's own record, a teacher of
	// ownSchool, and otherTeacher a teacher of otherSchool.
	ownSchool, otherSchool   string
	ownTeacher, otherTeacher string
	// tokens are the API tokens of the users, by the constants above;
	// users their ids.
	tokens map[string]string
	users  map[string]string
}

// fixturePassword is the password of every fixture user.
const fixturePassword = "correct horse battery staple"

// newFixture builds the fixture district on db.
func newFixture(t testing.TB, db *models.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	scale, err := synth.ParseScale("small")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Generate(ctx, dir, synth.Options{Scale: scale, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, db, dir, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	f := &fixture{db: db, year: 2024, tokens: map[string]string{}, users: map[string]string{}}
	for _, y := range []int{2024, 2025} {
		if _, err := compute.Year(ctx, db, y, compute.Options{}, quiet); err != nil {
			t.Fatal(err)
		}
	}

	f.ownSchool, f.otherSchool = "S0002", "S0001"
	f.ownTeacher = teacherOfSchool(t, db, f.year, f.ownSchool)
	f.otherTeacher = teacherOfSchool(t, db, f.year, f.otherSchool)

	var logs *lockedBuffer
	f.s, logs = newTestServer(t, db)
	f.logs = logs
	for name, role := range map[string]policies.Role{
		asAdmin:          {Role: policies.Admin, Domain: policies.District},
		asHRLeader:       {Role: policies.HRLeader, Domain: policies.District},
		asDistrictLeader: {Role: policies.DistrictLeader, Domain: policies.District},
		asPrincipal: {Role: policies.Principal,
			Domain: policies.SchoolDomain(f.ownSchool)},
		asTeacher: {Role: policies.Teacher, Domain: policies.StaffDomain(f.ownTeacher)},
		asNobody:  {},
	} {
		u, err := db.CreateUser(ctx, name+"@district.example.org", fixturePassword)
		if err != nil {
			t.Fatal(err)
		}
		if role.Role != "" {
			if err := f.s.enforcer.Grant(u.UserID, role); err != nil {
				t.Fatal(err)
			}
		}
		token, _, err := db.CreateAPIToken(ctx, u.UserID)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[name], f.users[name] = token, u.UserID
	}
	return f
}

// teacherOfSchool returns the first teacher, by id, of a school in a
// year who teaches only there.
func teacherOfSchool(t testing.TB, db *models.DB, year int, school string) string {
	t.Helper()
	var id string
	err := db.Gorm(context.Background()).Raw(`SELECT staff_id FROM staff_assignments
		WHERE school_year = ? AND school_id = ? AND position = 'teacher'
		AND staff_id NOT IN (SELECT staff_id FROM staff_assignments
			WHERE school_year >= ? AND school_id <> ?)
		ORDER BY staff_id LIMIT 1`, year, school, year, school).Scan(&id).Error
	if err != nil || id == "" {
		t.Fatalf("no teacher of %s only: %v", school, err)
	}
	return id
}

// request sends a request as a fixture user (asNobody's token for a user
// without roles, "" for no credentials) and returns the recorder.
func (f *fixture) request(t testing.TB, as, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = strings.NewReader(string(b))
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[as])
	}
	w := httptest.NewRecorder()
	f.s.Handler().ServeHTTP(w, req)
	return w
}

// decode reads a JSON answer.
func decode[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("answer %q is not the JSON expected: %v", w.Body.String(), err)
	}
	return v
}

// wantStatus fails the test when an answer's status is not want.
func wantStatus(t testing.TB, w *httptest.ResponseRecorder, want int) {
	t.Helper()
	if w.Code != want {
		t.Fatalf("status %d, want %d: %s", w.Code, want, w.Body.String())
	}
}
