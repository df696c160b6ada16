package api

import (
	"encoding/csv"
	"encoding/json"
	"html"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// pageAs signs a browser in as a fixture user.
func pageAs(t *testing.T, f *fixture, as string) *browser {
	t.Helper()
	b := newBrowser(f)
	w := b.signIn(t, as+"@district.example.org", fixturePassword, "/")
	wantStatus(t, w, http.StatusSeeOther)
	return b
}

// wantPageAccess checks who may open a page: each fixture user gets the
// status given, as a page, and a visitor not signed in is sent to sign in
// and come back.
func wantPageAccess(t *testing.T, f *fixture, path string, want map[string]int) {
	t.Helper()
	for _, as := range []string{asAdmin, asHRLeader, asDistrictLeader, asPrincipal,
		asTeacher, asNobody} {
		w := pageAs(t, f, as).do(t, http.MethodGet, path, nil)
		if w.Code != want[as] {
			t.Errorf("%s got %d, want %d", as, w.Code, want[as])
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s got %q", as, ct)
		}
	}
	w := newBrowser(f).do(t, http.MethodGet, path, nil)
	wantStatus(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
		t.Errorf("a visitor not signed in is sent to %q", loc)
	}
}

var (
	pagePanelID   = regexp.MustCompile(`<section class="panel[^"]*" id="panel-([^"]+)"`)
	pageChartData = regexp.MustCompile(`<div class="chart" data-options="([^"]*)"`)
)

// pagePanelIDs lists the ids of a page's panels, in order.
func pagePanelIDs(body string) []string {
	var ids []string
	for _, m := range pagePanelID.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// pageCSV downloads a panel's table as CSV.
func pageCSV(t *testing.T, b *browser, path, id string) [][]string {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	w := b.do(t, http.MethodGet, path+sep+"csv="+id, nil)
	wantStatus(t, w, http.StatusOK)
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("content type %q", ct)
	}
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// pageChart returns the chart options of a page's panel.
func pageChart(t *testing.T, body, id string) map[string]any {
	t.Helper()
	i := strings.Index(body, `id="panel-`+id+`"`)
	if i < 0 {
		t.Fatalf("the page has no panel %s", id)
	}
	m := pageChartData.FindStringSubmatch(body[i:])
	if m == nil {
		t.Fatalf("panel %s has no chart", id)
	}
	var opt map[string]any
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &opt); err != nil {
		t.Fatalf("the options of %s are not JSON: %v", id, err)
	}
	return opt
}

func TestDistrictPage(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		path := "/dashboards/district?year=" + strconv.Itoa(f.year)

		t.Run("Access", func(t *testing.T) {
			wantPageAccess(t, f, path, map[string]int{asAdmin: http.StatusOK,
				asHRLeader: http.StatusOK, asDistrictLeader: http.StatusOK,
				asPrincipal: http.StatusForbidden, asTeacher: http.StatusForbidden,
				asNobody: http.StatusForbidden})
		})

		b := pageAs(t, f, asDistrictLeader)
		w := b.do(t, http.MethodGet, path, nil)
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()

		t.Run("Panels", func(t *testing.T) {
			want := []string{"equity", "poverty", "retention", "pay-rating", "pay-experience",
				"pay-shares", "trends", "schools", "budgets", "budget-lines"}
			if got := pagePanelIDs(body); !slices.Equal(got, want) {
				t.Errorf("panels %v, want %v", got, want)
			}
			for _, fact := range []string{"Effective", "Kept in the district",
				"Smart-retention gap", "Ineffective gap"} {
				if !strings.Contains(body, `<span class="label">`+fact+`</span>`) {
					t.Errorf("no fact %q", fact)
				}
			}
		})

		schools, err := db.DistrictSchools(t.Context(), f.year)
		if err != nil || len(schools) == 0 {
			t.Fatalf("%d schools: %v", len(schools), err)
		}

		t.Run("SchoolsCSV", func(t *testing.T) {
			// One row a school, each value as stored, a withheld one
			// saying why and never 0.
			rows := pageCSV(t, b, path, "schools")
			if len(rows) != len(schools)+1 {
				t.Fatalf("%d rows for %d schools", len(rows)-1, len(schools))
			}
			sgp := slices.Index(rows[0], "Median SGP")
			for i, sc := range schools {
				want := "fewer than 10 students"
				if v := sc.Metrics.MedianSGP; v != nil {
					want = strconv.FormatFloat(*v, 'f', 1, 64)
				}
				if rows[i+1][0] != sc.School.Name || rows[i+1][sgp] != want {
					t.Errorf("row %v, want %s with median SGP %s", rows[i+1],
						sc.School.Name, want)
				}
			}
		})

		t.Run("Budgets", func(t *testing.T) {
			// One row a school with the figures of its own budget, in
			// dollars; the district's lines add up the schools' and the
			// central office's.
			all, err := compute.DistrictBudgetOf(t.Context(), db, f.year)
			if err != nil {
				t.Fatal(err)
			}
			rows := pageCSV(t, b, path, "budgets")
			if len(rows)-1 != len(all.Schools) {
				t.Fatalf("%d rows for %d schools", len(rows)-1, len(all.Schools))
			}
			alloc, staffing := slices.Index(rows[0], "Allocation"),
				slices.Index(rows[0], "Staffing cost")
			for _, sb := range all.Schools {
				sc, err := db.School(t.Context(), sb.SchoolID)
				if err != nil {
					t.Fatal(err)
				}
				i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == sc.Name })
				if i < 0 || sb.Allocation == nil {
					t.Fatalf("no row for %s with its allocation %v", sc.Name, sb.Allocation)
				}
				wantStaffing := "fewer than 5 teachers"
				if sb.Teachers >= 5 {
					wantStaffing = dashboards.Dollars(sb.StaffingCost)
				}
				if rows[i][alloc] != dashboards.Dollars(*sb.Allocation) ||
					rows[i][staffing] != wantStaffing {
					t.Errorf("row %v, want allocation %v and staffing %s", rows[i],
						*sb.Allocation, wantStaffing)
				}
			}
			var budgeted float64
			for _, sb := range all.Schools {
				for _, l := range sb.Lines {
					budgeted += l.Budgeted
				}
			}
			for _, l := range all.Central {
				budgeted += l.Budgeted
			}
			var shown float64
			for _, r := range pageCSV(t, b, path, "budget-lines")[1:] {
				v, err := strconv.ParseFloat(strings.NewReplacer("$", "", ",", "").Replace(r[2]),
					64)
				if err != nil {
					t.Fatalf("budgeted %q: %v", r[2], err)
				}
				shown += v
			}
			if budgeted == 0 || math.Abs(shown-budgeted) > float64(len(all.Schools)+10) {
				t.Errorf("the district's lines budget %v, the schools' and central office's %v",
					shown, budgeted)
			}
		})

		t.Run("PovertyLeadsToSchools", func(t *testing.T) {
			series := pageChart(t, body, "poverty")["series"].([]any)
			data := series[0].(map[string]any)["data"].([]any)
			if len(data) != len(schools) {
				t.Fatalf("%d points for %d schools", len(data), len(schools))
			}
			for i, d := range data {
				item := d.(map[string]any)
				link := "/schools/" + schools[i].School.SchoolID
				if item["link"] != link || item["name"] != schools[i].School.Name {
					t.Errorf("point %v, want %s leading to %s", item, schools[i].School.Name,
						link)
				}
			}
		})

		t.Run("EveryChartHasItsTable", func(t *testing.T) {
			for _, id := range []string{"equity", "retention", "pay-rating",
				"pay-experience", "trends"} {
				series := pageChart(t, body, id)["series"].([]any)
				data := series[0].(map[string]any)["data"].([]any)
				if rows := pageCSV(t, b, path, id); len(rows)-1 != len(data) {
					t.Errorf("%s: %d rows for %d points", id, len(rows)-1, len(data))
				}
			}
		})

		t.Run("NextYearPending", func(t *testing.T) {
			rows := pageCSV(t, b, "/dashboards/district?year=2025", "retention")
			for _, r := range rows[1:] {
				if r[2] != "not known until next year" {
					t.Errorf("retention of the last year reads %v", r)
				}
			}
		})

		t.Run("ErrYearNotComputed", func(t *testing.T) {
			w := b.do(t, http.MethodGet, "/dashboards/district?year=2019", nil)
			wantStatus(t, w, http.StatusNotFound)
		})

		t.Run("ErrNoSuchTable", func(t *testing.T) {
			w := b.do(t, http.MethodGet, path+"&csv=nothing", nil)
			wantStatus(t, w, http.StatusNotFound)
		})
	})
}
