package api

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

func TestAdminPage(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)

		t.Run("Access", func(t *testing.T) {
			wantPageAccess(t, f, "/admin", map[string]int{asAdmin: http.StatusOK,
				asHRLeader: http.StatusForbidden, asDistrictLeader: http.StatusForbidden,
				asPrincipal: http.StatusForbidden, asTeacher: http.StatusForbidden,
				asNobody: http.StatusForbidden})
		})

		b := pageAs(t, f, asAdmin)

		t.Run("Panels", func(t *testing.T) {
			w := b.do(t, http.MethodGet, "/admin", nil)
			wantStatus(t, w, http.StatusOK)
			want := []string{"users", "policies", "imports", "import-files", "audit"}
			if got := pagePanelIDs(w.Body.String()); !slices.Equal(got, want) {
				t.Errorf("panels %v, want %v", got, want)
			}
			if !strings.Contains(w.Body.String(), "ted users") {
				t.Error("the page does not say where users are managed")
			}
		})

		t.Run("Users", func(t *testing.T) {
			rows := pageCSV(t, b, "/admin", "users")
			if len(rows) != len(f.users)+1 {
				t.Fatalf("%d rows for %d users", len(rows)-1, len(f.users))
			}
			want := []string{"principal@district.example.org",
				"principal in school:" + f.ownSchool, "active"}
			if !slices.ContainsFunc(rows, func(r []string) bool {
				return slices.Equal(r[:3], want)
			}) {
				t.Errorf("no row %v in %v", want, rows)
			}
		})

		t.Run("Imports", func(t *testing.T) {
			rows := pageCSV(t, b, "/admin", "imports")
			if len(rows) != 2 || rows[1][5] != models.ImportSucceeded || rows[1][7] == "0" {
				t.Errorf("imports %v, want the fixture's import", rows)
			}
			files := pageCSV(t, b, "/admin", "import-files")
			if !slices.ContainsFunc(files, func(r []string) bool { return r[1] == "staff.csv" }) {
				t.Errorf("files %v, want staff.csv", files)
			}
		})

		t.Run("AuditFilters", func(t *testing.T) {
			// The HR leader reads a teacher's record; the log filtered by
			// the HR leader, then by the record, shows only their entries.
			hr := pageAs(t, f, asHRLeader)
			wantStatus(t, hr.do(t, http.MethodGet, "/teachers/"+f.ownTeacher, nil),
				http.StatusOK)

			byUser := pageCSV(t, b, "/admin?user="+url.QueryEscape(f.users[asHRLeader]),
				"audit")
			byRecord := pageCSV(t, b, "/admin?record="+url.QueryEscape(f.ownTeacher), "audit")
			for _, c := range []struct {
				rows       [][]string
				column     int
				want, name string
			}{
				{byUser, 1, "hr_leader@district.example.org", "user"},
				{byRecord, 4, f.ownTeacher, "record"},
			} {
				if len(c.rows) < 2 {
					t.Errorf("no entry of the %s", c.name)
				}
				for _, r := range c.rows[1:] {
					if r[c.column] != c.want {
						t.Errorf("filtered by %s, an entry reads %v", c.name, r)
					}
				}
			}
			if !slices.ContainsFunc(byRecord, func(r []string) bool {
				return r[1] == "hr_leader@district.example.org" && r[2] == "read"
			}) {
				t.Errorf("the read is not in the log: %v", byRecord)
			}

			// The page keeps the filters chosen.
			w := b.do(t, http.MethodGet, "/admin?record="+url.QueryEscape(f.ownTeacher), nil)
			if !strings.Contains(w.Body.String(), `<option value="`+f.ownTeacher+`" selected>`) {
				t.Error("the record filter is not kept")
			}
		})
	})
}
