package api

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// schoolPageWithheld returns a school with a teacher of the year whose
// growth is withheld for too few students.
func schoolPageWithheld(t *testing.T, db *models.DB, year int) string {
	t.Helper()
	var school string
	err := db.Gorm(context.Background()).Model(&models.TeacherMetrics{}).
		Where("school_year = ? AND growth_n BETWEEN 1 AND 9 AND median_sgp IS NULL", year).
		Order("school_id").Limit(1).Pluck("school_id", &school).Error
	if err != nil || school == "" {
		t.Fatalf("no teacher's growth is withheld in %d: %v", year, err)
	}
	return school
}

func TestSchoolPage(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		pathOf := func(school string) string {
			return fmt.Sprintf("/schools/%s?year=%d", school, f.year)
		}
		own, other := pathOf(f.ownSchool), pathOf(f.otherSchool)

		t.Run("Access", func(t *testing.T) {
			hrPageAccess(t, f, own, map[string]int{asAdmin: http.StatusOK,
				asHRLeader: http.StatusOK, asDistrictLeader: http.StatusOK,
				asPrincipal: http.StatusOK, asTeacher: http.StatusForbidden,
				asNobody: http.StatusForbidden})
		})
		t.Run("ErrOtherSchool", func(t *testing.T) {
			wantStatus(t, hrPageGet(t, f, asPrincipal, other), http.StatusForbidden)
			wantStatus(t, hrPageGet(t, f, asPrincipal, other+"&csv=staff"),
				http.StatusForbidden)
		})
		t.Run("ErrUnknownSchool", func(t *testing.T) {
			wantStatus(t, hrPageGet(t, f, asAdmin, "/schools/"+f.ownSchool+"?year=2019"),
				http.StatusNotFound)
			w := hrPageGet(t, f, asAdmin, pathOf("S9999"))
			wantStatus(t, w, http.StatusNotFound)
			if !strings.Contains(w.Body.String(), "Not found") {
				t.Error("the answer is not the page saying so")
			}
		})
		t.Run("Panels", func(t *testing.T) {
			w := hrPageGet(t, f, asPrincipal, own)
			wantStatus(t, w, http.StatusOK)
			body := w.Body.String()
			sc, err := db.School(t.Context(), f.ownSchool)
			if err != nil {
				t.Fatal(err)
			}
			nav := `<a href="/schools/` + f.ownSchool + `" aria-current="page">` +
				html.EscapeString(sc.Name) + `</a>`
			if !strings.Contains(body, nav) {
				t.Errorf("the nav does not name the school: want %s", nav)
			}
			want := []string{"staff", "growth-evaluation", "ratings", "retention", "allocation",
				"budget-lines", "salaries"}
			if got := hrPagePanels(body); !slices.Equal(got, want) {
				t.Errorf("panels %v, want %v", got, want)
			}
			rows, links := hrPageTable(t, body, "staff")
			if len(rows) < 5 || !slices.Contains(links, "/teachers/"+f.ownTeacher) {
				t.Errorf("%d staff rows, none leading to /teachers/%s", len(rows)-1,
					f.ownTeacher)
			}
			if got := hrPageColumn(t, rows, "Median SGP"); len(got) != len(rows)-1 {
				t.Errorf("growth column %v", got)
			}
		})
		t.Run("Budget", func(t *testing.T) {
			// The principal's budget panels show the school's own figures.
			body := hrPageGet(t, f, asPrincipal, own).Body.String()
			sb, err := compute.SchoolBudgetOf(t.Context(), db, f.ownSchool, f.year)
			if err != nil || sb.Allocation == nil || sb.Teachers < 5 {
				t.Fatalf("budget %+v, %v", sb, err)
			}
			rows, _ := hrPageTable(t, body, "allocation")
			want := [][]string{{"Measure", "Amount"},
				{"Student-based allocation", dashboards.Dollars(*sb.Allocation)},
				{"Staffing cost", dashboards.Dollars(sb.StaffingCost)},
				{"Teachers' cost", dashboards.Dollars(sb.TeacherCost)},
				{"Allocation less staffing cost",
					dashboards.Dollars(*sb.Allocation - sb.StaffingCost)}}
			if !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
				t.Errorf("allocation %v, want %v", rows, want)
			}
			if rows, _ := hrPageTable(t, body, "budget-lines"); len(rows)-1 != len(sb.Lines) {
				t.Errorf("%d budget rows for %d lines", len(rows)-1, len(sb.Lines))
			}
			rows, _ = hrPageTable(t, body, "salaries")
			if len(rows) != 5 || rows[1][1] != dashboards.Dollars(sb.Salaries.Base) {
				t.Errorf("salaries %v, want entry pay %v", rows, sb.Salaries.Base)
			}
		})
		t.Run("NoTeachersForDistrictLeader", func(t *testing.T) {
			body := hrPageGet(t, f, asDistrictLeader, own).Body.String()
			want := []string{"ratings", "retention", "allocation", "budget-lines", "salaries"}
			if got := hrPagePanels(body); !slices.Equal(got, want) {
				t.Errorf("panels %v, want %v", got, want)
			}
			if strings.Contains(body, "/teachers/") {
				t.Error("the page leads to a teacher's record")
			}
		})
		t.Run("CSV", func(t *testing.T) {
			b := hrPageBrowser(t, f, asAdmin)
			body := b.do(t, http.MethodGet, own, nil).Body.String()
			for _, id := range hrPagePanels(body) {
				rows, _ := hrPageTable(t, body, id)
				if got := hrPageCSV(t, b, own, id); !slices.EqualFunc(got, rows,
					slices.Equal[[]string]) {
					t.Errorf("%s: CSV %v\nwant the table %v", id, got, rows)
				}
			}
			points, _ := hrPageTable(t, body, "growth-evaluation")
			if len(points) < 2 {
				t.Error("no teacher's growth is plotted against their evaluation")
			}
		})
		t.Run("SubjectFilter", func(t *testing.T) {
			b := hrPageBrowser(t, f, asAdmin)
			w := b.do(t, http.MethodGet, own+"&subject=math", nil)
			wantStatus(t, w, http.StatusOK)
			body := w.Body.String()
			rows, _ := hrPageTable(t, body, "staff")
			math := hrPageColumn(t, rows, "Median SGP (Math)")
			all, _ := hrPageTable(t, b.do(t, http.MethodGet, own, nil).Body.String(),
				"staff")
			if len(math) != len(all)-1 || slices.Equal(math,
				hrPageColumn(t, all, "Median SGP")) {
				t.Errorf("growth in math %v is growth over all subjects", math)
			}
			if !strings.Contains(body, `<option value="math" selected>`) {
				t.Error("the filter does not show the subject chosen")
			}
		})
		t.Run("Withheld", func(t *testing.T) {
			body := hrPageGet(t, f, asAdmin,
				pathOf(schoolPageWithheld(t, db, f.year))).Body.String()
			rows, _ := hrPageTable(t, body, "staff")
			if !slices.Contains(hrPageColumn(t, rows, "Median SGP"),
				"fewer than 10 students") {
				t.Error("no withheld growth reads \"fewer than 10 students\"")
			}
		})
		t.Run("Audited", func(t *testing.T) {
			hrPageGet(t, f, asPrincipal, own)
			hrPageGet(t, f, asDistrictLeader, own)
			for as, want := range map[string]bool{asPrincipal: true, asDistrictLeader: false} {
				entries, _, err := db.AuditEntries(context.Background(), models.AuditFilter{
					UserID: f.users[as], Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				got := slices.ContainsFunc(entries, func(e models.AuditEntry) bool {
					return e.Resource == "school_teachers" && e.RecordID == f.ownSchool
				})
				if got != want {
					t.Errorf("%s: read of the school's teachers audited %v, want %v", as,
						got, want)
				}
			}
		})
	})
}
