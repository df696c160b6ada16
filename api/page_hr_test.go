package api

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// hrPageBrowser is a browser signed in as a fixture user.
func hrPageBrowser(t *testing.T, f *fixture, as string) *browser {
	t.Helper()
	b := newBrowser(f)
	w := b.signIn(t, as+"@district.example.org", fixturePassword, "/")
	wantStatus(t, w, http.StatusSeeOther)
	return b
}

// hrPageGet opens a page as a fixture user.
func hrPageGet(t *testing.T, f *fixture, as, path string) *httptest.ResponseRecorder {
	t.Helper()
	return hrPageBrowser(t, f, as).do(t, http.MethodGet, path, nil)
}

// hrPageAccess checks who may open a page: each role gets the status
// given, and a visitor not signed in is sent to sign in.
func hrPageAccess(t *testing.T, f *fixture, path string, want map[string]int) {
	t.Helper()
	for _, as := range []string{asAdmin, asHRLeader, asDistrictLeader, asPrincipal,
		asTeacher, asNobody} {
		w := hrPageGet(t, f, as, path)
		if w.Code != want[as] {
			t.Errorf("%s got %d, want %d", as, w.Code, want[as])
		}
		if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s got %q", as, w.Header().Get("Content-Type"))
		}
	}
	w := newBrowser(f).do(t, http.MethodGet, path, nil)
	wantStatus(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
		t.Errorf("a visitor not signed in is sent to %q", loc)
	}
}

var (
	hrPagePanelID = regexp.MustCompile(`<section class="panel[^"]*" id="panel-([^"]+)"`)
	hrPageRow     = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	hrPageCell    = regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`)
	hrPageTag     = regexp.MustCompile(`<[^>]+>`)
	hrPageLink    = regexp.MustCompile(`<a href="([^"]+)"`)
)

// hrPagePanels lists the ids of a page's panels, in order.
func hrPagePanels(body string) []string {
	var ids []string
	for _, m := range hrPagePanelID.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// hrPageSection returns the markup of one panel of a page.
func hrPageSection(t *testing.T, body, id string) string {
	t.Helper()
	start := strings.Index(body, `id="panel-`+id+`"`)
	if start < 0 {
		t.Fatalf("the page has no panel %q", id)
	}
	end := strings.Index(body[start:], "</section>")
	return body[start : start+end]
}

// hrPageTable returns a panel's table as the page shows it: the header,
// then each row's cells as text, and the link of each row's first cell.
func hrPageTable(t *testing.T, body, id string) (rows [][]string, links []string) {
	t.Helper()
	for _, r := range hrPageRow.FindAllStringSubmatch(hrPageSection(t, body, id), -1) {
		if strings.Contains(r[1], `class="empty"`) {
			continue
		}
		var row []string
		for _, c := range hrPageCell.FindAllStringSubmatch(r[1], -1) {
			row = append(row, html.UnescapeString(hrPageTag.ReplaceAllString(c[1], "")))
		}
		link := ""
		if m := hrPageLink.FindStringSubmatch(r[1]); m != nil {
			link = html.UnescapeString(m[1])
		}
		rows, links = append(rows, row), append(links, link)
	}
	return rows, links[1:]
}

// hrPageCSV downloads a panel's table and checks it is CSV.
func hrPageCSV(t *testing.T, b *browser, path, id string) [][]string {
	t.Helper()
	w := b.do(t, http.MethodGet, path+"&csv="+id, nil)
	wantStatus(t, w, http.StatusOK)
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("content type %q", ct)
	}
	records, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// hrPageColumn returns the values of a table's column, by its header.
func hrPageColumn(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	i := slices.Index(rows[0], name)
	if i < 0 {
		t.Fatalf("no column %q in %v", name, rows[0])
	}
	var values []string
	for _, r := range rows[1:] {
		values = append(values, r[i])
	}
	return values
}

func TestHRPage(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		path := fmt.Sprintf("/dashboards/hr?year=%d", f.year)

		t.Run("Access", func(t *testing.T) {
			hrPageAccess(t, f, path, map[string]int{asAdmin: http.StatusOK,
				asHRLeader: http.StatusOK, asDistrictLeader: http.StatusForbidden,
				asPrincipal: http.StatusForbidden, asTeacher: http.StatusForbidden,
				asNobody: http.StatusForbidden})
		})
		t.Run("Panels", func(t *testing.T) {
			w := hrPageGet(t, f, asHRLeader, path)
			wantStatus(t, w, http.StatusOK)
			body := w.Body.String()
			want := []string{"headcount", "novice-out-of-field", "retention-by-rating",
				"smart-retention", "pipeline", "expiring", "staff"}
			if got := hrPagePanels(body); !slices.Equal(got, want) {
				t.Errorf("panels %v, want %v", got, want)
			}
			rows, links := hrPageTable(t, body, "staff")
			if len(rows) < 100 || !strings.HasPrefix(links[0], "/teachers/E") {
				t.Errorf("%d staff rows, the first leading to %q", len(rows)-1, links[0])
			}
			for _, fact := range []string{"Teachers", "Effective", "Novice", "Out of field",
				"Retention"} {
				if !strings.Contains(body, `<span class="label">`+fact+`</span>`) {
					t.Errorf("no headline figure %q", fact)
				}
			}
			if !strings.Contains(body, `href="/schools/`+f.ownSchool+`"`) {
				t.Error("no school leads to its page")
			}
		})
		t.Run("CSV", func(t *testing.T) {
			b := hrPageBrowser(t, f, asHRLeader)
			body := b.do(t, http.MethodGet, path, nil).Body.String()
			for _, id := range hrPagePanels(body) {
				rows, _ := hrPageTable(t, body, id)
				if got := hrPageCSV(t, b, path, id); !slices.EqualFunc(got, rows,
					slices.Equal[[]string]) {
					t.Errorf("%s: CSV %v\nwant the table %v", id, got, rows)
				}
			}
		})
		t.Run("FilterNarrows", func(t *testing.T) {
			b := hrPageBrowser(t, f, asHRLeader)
			all, _ := hrPageTable(t, b.do(t, http.MethodGet, path, nil).Body.String(), "staff")
			for _, c := range []struct{ query, column, value string }{
				{"rating=proficient", "Rating", "Proficient"},
				{"school=" + f.otherSchool, "School", hrPageSchoolName(t, db, f.otherSchool)},
				{"subject=math", "Subjects", "Math"},
				{"novice=yes", "Novice", "yes"},
				{"out_of_field=yes", "In field", "no"},
				{"certification=valid", "Certification", "Valid"},
			} {
				w := b.do(t, http.MethodGet, path+"&"+c.query, nil)
				wantStatus(t, w, http.StatusOK)
				rows, _ := hrPageTable(t, w.Body.String(), "staff")
				values := hrPageColumn(t, rows, c.column)
				if len(values) == 0 || len(values) >= len(all)-1 {
					t.Errorf("%s: %d of %d rows", c.query, len(values), len(all)-1)
				}
				for _, v := range values {
					if v != c.value {
						t.Errorf("%s: a row shows %q", c.query, v)
						break
					}
				}
				if !strings.Contains(w.Body.String(), `<option value="`+
					strings.SplitN(c.query, "=", 2)[1]+`" selected>`) {
					t.Errorf("%s: the filter does not show the choice", c.query)
				}
			}
		})
		t.Run("Withheld", func(t *testing.T) {
			body := hrPageGet(t, f, asAdmin, path).Body.String()
			pipeline, _ := hrPageTable(t, body, "pipeline")
			growth, _ := hrPageTable(t, body, "staff")
			if !slices.Contains(hrPageColumn(t, pipeline, "Effective %"),
				"fewer than 5 teachers") {
				t.Error("no withheld share of new teachers reads \"fewer than 5 teachers\"")
			}
			if !slices.Contains(hrPageColumn(t, growth, "Median SGP"),
				"fewer than 10 students") {
				t.Error("no withheld growth reads \"fewer than 10 students\"")
			}
		})
		t.Run("ExpiringCertificates", func(t *testing.T) {
			body := hrPageGet(t, f, asHRLeader, path).Body.String()
			rows, links := hrPageTable(t, body, "expiring")
			var expiring int64
			db.Gorm(t.Context()).Model(&models.TeacherMetrics{}).Where(
				"school_year = ? AND certification_status = 'expiring'", f.year).
				Count(&expiring)
			if expiring == 0 || len(rows)-1 < int(expiring) {
				t.Fatalf("%d certificates listed for %d teachers with certification "+
					"expiring", len(rows)-1, expiring)
			}
			for i, days := range hrPageColumn(t, rows, "Days left") {
				n, err := strconv.Atoi(days)
				if !strings.HasPrefix(links[i], "/teachers/") || err != nil || n < 0 ||
					n > 180 {
					t.Errorf("row %v", rows[i+1])
				}
			}
		})
		t.Run("ErrYearNotComputed", func(t *testing.T) {
			w := hrPageGet(t, f, asHRLeader, "/dashboards/hr?year=2019")
			wantStatus(t, w, http.StatusNotFound)
			if !strings.Contains(w.Body.String(), "2018-19 has not been computed") {
				t.Error("the page does not say why")
			}
		})
		t.Run("ErrUnknownFilter", func(t *testing.T) {
			for _, q := range []string{"rating=great", "novice=maybe", "school=S9999",
				"certification=lapsed"} {
				w := hrPageGet(t, f, asHRLeader, path+"&"+q)
				wantStatus(t, w, http.StatusBadRequest)
			}
		})
		t.Run("Audited", func(t *testing.T) {
			hrPageGet(t, f, asHRLeader, path)
			entries, _, err := db.AuditEntries(context.Background(), models.AuditFilter{
				UserID: f.users[asHRLeader], Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(entries, func(e models.AuditEntry) bool {
				return e.Resource == "district_teachers" && e.Outcome == models.AuditAllowed
			}) {
				t.Error("the read of the district's teachers is not audited")
			}
		})
	})
}

// hrPageSchoolName returns a school's name.
func hrPageSchoolName(t *testing.T, db *models.DB, id string) string {
	t.Helper()
	sc, err := db.School(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Name
}
