package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// grownTeacher returns a teacher whose growth is published in a subject.
func grownTeacher(t *testing.T, db *models.DB) string {
	t.Helper()
	var id string
	err := db.Gorm(context.Background()).Raw(`SELECT staff_id FROM teacher_growth
		WHERE median_sgp IS NOT NULL AND vam_estimate IS NOT NULL AND subject <> ?
		ORDER BY staff_id LIMIT 1`, models.SubjectAll).Scan(&id).Error
	if err != nil || id == "" {
		t.Fatalf("no teacher with growth: %v", err)
	}
	return id
}

func TestTeacherPage(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		year := "?year=" + strconv.Itoa(f.year)
		own := "/teachers/" + f.ownTeacher + year

		t.Run("Access", func(t *testing.T) {
			wantPageAccess(t, f, own, map[string]int{asAdmin: http.StatusOK,
				asHRLeader: http.StatusOK, asDistrictLeader: http.StatusForbidden,
				asPrincipal: http.StatusOK, asTeacher: http.StatusOK,
				asNobody: http.StatusForbidden})
		})

		t.Run("ErrAnotherTeacher", func(t *testing.T) {
			other := "/teachers/" + f.otherTeacher + year
			for _, as := range []string{asTeacher, asPrincipal} {
				w := pageAs(t, f, as).do(t, http.MethodGet, other, nil)
				wantStatus(t, w, http.StatusForbidden)
			}
		})

		t.Run("ErrUnknownTeacher", func(t *testing.T) {
			// Only a caller who may read every teacher learns that a
			// record does not exist.
			const unknown = "/teachers/NOBODY"
			wantStatus(t, pageAs(t, f, asHRLeader).do(t, http.MethodGet, unknown, nil),
				http.StatusNotFound)
			wantStatus(t, pageAs(t, f, asTeacher).do(t, http.MethodGet, unknown, nil),
				http.StatusForbidden)
		})

		t.Run("Panels", func(t *testing.T) {
			w := pageAs(t, f, asTeacher).do(t, http.MethodGet, own, nil)
			wantStatus(t, w, http.StatusOK)
			want := []string{"growth", "value-added", "evaluation", "certifications", "years"}
			if got := pagePanelIDs(w.Body.String()); !slices.Equal(got, want) {
				t.Errorf("panels %v, want %v", got, want)
			}
		})

		b := pageAs(t, f, asHRLeader)
		id := grownTeacher(t, db)
		path := "/teachers/" + id + year
		r, err := db.TeacherRecordOf(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}

		t.Run("GrowthCSV", func(t *testing.T) {
			// One row a subject and year, the interval 1.96 standard
			// errors either side of the median.
			var want []models.TeacherGrowth
			for _, g := range r.Growth {
				if g.Subject != models.SubjectAll {
					want = append(want, g)
				}
			}
			rows := pageCSV(t, b, path, "growth")
			if len(rows) != len(want)+1 {
				t.Fatalf("%d rows for %d subjects and years", len(rows)-1, len(want))
			}
			for i, g := range want {
				row := rows[i+1]
				if g.MedianSGP == nil {
					if row[3] != "fewer than 10 students" {
						t.Errorf("a withheld median reads %v", row)
					}
					continue
				}
				low := strconv.FormatFloat(*g.MedianSGP-1.96**g.MedianSGPSE, 'f', 1, 64)
				if row[3] != strconv.FormatFloat(*g.MedianSGP, 'f', 1, 64) || row[5] != low {
					t.Errorf("row %v, want median %v and low %s", row, *g.MedianSGP, low)
				}
			}
			chart := pageChart(t, b.do(t, http.MethodGet, path, nil).Body.String(), "growth")
			if len(chart["series"].([]any)) < 3 {
				t.Errorf("the growth chart has %d series", len(chart["series"].([]any)))
			}
		})

		t.Run("YearsCSV", func(t *testing.T) {
			rows := pageCSV(t, b, path, "years")
			if len(rows) != len(r.Metrics)+1 {
				t.Fatalf("%d rows for %d years", len(rows)-1, len(r.Metrics))
			}
		})

		t.Run("ReadIsAudited", func(t *testing.T) {
			before := teacherReads(t, db, f.users[asHRLeader], id)
			wantStatus(t, b.do(t, http.MethodGet, path, nil), http.StatusOK)
			if after := teacherReads(t, db, f.users[asHRLeader], id); after != before+1 {
				t.Errorf("%d reads audited, want %d", after, before+1)
			}
		})

		t.Run("RefusalIsAudited", func(t *testing.T) {
			other := "/teachers/" + f.otherTeacher + year
			wantStatus(t, pageAs(t, f, asTeacher).do(t, http.MethodGet, other, nil),
				http.StatusForbidden)
			entries, _, err := db.AuditEntries(t.Context(), models.AuditFilter{
				UserID: f.users[asTeacher], RecordID: f.otherTeacher})
			if err != nil || len(entries) == 0 || entries[0].Outcome != models.AuditDenied {
				t.Errorf("entries %v: %v", entries, err)
			}
		})
	})
}

// teacherReads counts the audited reads of a teacher's record by a user.
func teacherReads(t *testing.T, db *models.DB, userID, staffID string) int {
	t.Helper()
	entries, _, err := db.AuditEntries(t.Context(), models.AuditFilter{UserID: userID,
		RecordID: staffID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == "read" && e.Resource == "teacher" && e.Outcome == models.AuditAllowed {
			n++
		}
	}
	return n
}
