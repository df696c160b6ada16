package api

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// teachersAt lists the teachers assigned to a school in a year.
func teachersAt(t *testing.T, db *models.DB, year int, school string) []string {
	t.Helper()
	var ids []string
	err := db.Gorm(context.Background()).Raw(`SELECT DISTINCT staff_id FROM staff_assignments
		WHERE school_year = ? AND school_id = ? AND position = 'teacher'
		ORDER BY staff_id`, year, school).Scan(&ids).Error
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestAPI_Resources(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		own := teachersAt(t, db, f.year, f.ownSchool)

		t.Run("SchoolsOfPrincipal", func(t *testing.T) {
			w := f.request(t, asPrincipal, http.MethodGet, "/api/v1/schools", nil)
			wantStatus(t, w, http.StatusOK)
			l := decode[list[schoolBody]](t, w)
			if l.Total != 1 || len(l.Items) != 1 || l.Items[0].SchoolID != f.ownSchool {
				t.Fatalf("principal's schools = %+v", l)
			}
			w = f.request(t, asHRLeader, http.MethodGet, "/api/v1/schools?limit=2&offset=1",
				nil)
			l = decode[list[schoolBody]](t, w)
			if l.Total != 4 || len(l.Items) != 2 || l.Items[0].SchoolID != "S0002" {
				t.Fatalf("a page of schools = %+v", l)
			}
		})
		t.Run("SchoolTeachersPaged", func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/schools/%s/teachers?year=%d&limit=5&offset=5",
				f.ownSchool, f.year)
			w := f.request(t, asPrincipal, http.MethodGet, path, nil)
			wantStatus(t, w, http.StatusOK)
			l := decode[list[staffTeacher]](t, w)
			if l.Total != len(own) || len(l.Items) != 5 || l.Items[0].StaffID != own[5] {
				t.Fatalf("teachers page = total %d, %d items, first %s; want %d, 5, %s",
					l.Total, len(l.Items), l.Items[0].StaffID, len(own), own[5])
			}
			if l.Items[0].SchoolYear != f.year || l.Items[0].LastName == "" {
				t.Fatalf("teacher row %+v", l.Items[0])
			}
		})
		t.Run("ExportNarrowedToSchool", func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/exports/teacher-metrics?year=%d", f.year)
			w := f.request(t, asPrincipal, http.MethodGet, path, nil)
			wantStatus(t, w, http.StatusOK)
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Fatalf("content type %q", ct)
			}
			rows, err := csv.NewReader(w.Body).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows[1:] {
				got = append(got, r[0])
			}
			if !slices.Equal(got, own) {
				t.Fatalf("principal's export has %d teachers, the school %d", len(got),
					len(own))
			}
			w = f.request(t, asHRLeader, http.MethodGet, path+"&format=json", nil)
			all := decode[[]map[string]any](t, w)
			if len(all) <= len(own) {
				t.Fatalf("the district export has %d teachers", len(all))
			}
		})
		t.Run("TeacherYear", func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/teachers/%s?year=%d", f.ownTeacher, f.year)
			w := f.request(t, asTeacher, http.MethodGet, path, nil)
			wantStatus(t, w, http.StatusOK)
			r := decode[teacherResponse](t, w)
			if len(r.Years) != 1 || r.Years[0].SchoolYear != f.year ||
				r.Years[0].Metrics == nil || len(r.Years[0].Evaluations) == 0 {
				t.Fatalf("teacher year = %+v", r.Years)
			}
			w = f.request(t, asTeacher, http.MethodGet, "/api/v1/teachers/"+f.ownTeacher, nil)
			if r := decode[teacherResponse](t, w); len(r.Years) < 2 {
				t.Fatalf("the whole record has %d years", len(r.Years))
			}
		})
		t.Run("DistrictTables", func(t *testing.T) {
			m, _, err := db.DistrictYear(context.Background(), f.year)
			if err != nil {
				t.Fatal(err)
			}
			path := fmt.Sprintf("/api/v1/district/retention?year=%d", f.year)
			w := f.request(t, asDistrictLeader, http.MethodGet, path, nil)
			wantStatus(t, w, http.StatusOK)
			r := decode[retentionResponse](t, w)
			if r.Teachers != m.Teachers || len(r.ByRating) == 0 ||
				value(r.RetentionRate) != value(m.RetentionRate) {
				t.Fatalf("retention %+v, stored %+v", r, m)
			}
		})
		t.Run("Errors", func(t *testing.T) {
			for _, c := range []struct {
				path string
				want int
			}{
				{"/api/v1/schools/NOPE", http.StatusNotFound},
				{"/api/v1/schools/" + f.ownSchool + "?year=last", http.StatusBadRequest},
				{"/api/v1/schools?limit=0", http.StatusBadRequest},
				{"/api/v1/schools?offset=-1", http.StatusBadRequest},
				{"/api/v1/teachers/NOPE", http.StatusNotFound},
				{"/api/v1/district/equity?year=1999", http.StatusNotFound},
				{"/api/v1/exports/secrets", http.StatusNotFound},
				{"/api/v1/exports/school-metrics?format=pdf", http.StatusBadRequest},
			} {
				w := f.request(t, asAdmin, http.MethodGet, c.path, nil)
				wantStatus(t, w, c.want)
				if decode[errorResponse](t, w).Error.Message == "" {
					t.Fatalf("%s: no message", c.path)
				}
			}
		})
	})
}

func value(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}
