package compute

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ted-dashboard/ted/ingest"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/synth"
)

// TestGrowth_ValueAddedFindsTrueEffects runs the whole growth run on a
// generated district and holds the stored value-added against the true
// effects the district was generated with.
func TestGrowth_ValueAddedFindsTrueEffects(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and imports a district")
	}
	ctx := context.Background()
	dir := t.TempDir()
	scale := synth.Scale{Name: "mid", Elementary: 12, Middle: 5, High: 3,
		Students: 15000, ClassSize: 21}
	if _, err := synth.Generate(ctx, dir, synth.Options{Scale: scale, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	const year, subject = 2025, "math"
	truth := trueEffects(t, dir, year, subject)

	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		if _, err := ingest.Import(ctx, db, dir, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		if _, err := Year(ctx, db, year, Options{}, logger); err != nil {
			t.Fatal(err)
		}
		var rows []models.TeacherGrowth
		err := db.Gorm(ctx).Where("school_year = ? AND subject = ? AND vam_estimate IS NOT NULL",
			year, subject).Find(&rows).Error
		if err != nil {
			t.Fatal(err)
		}

		var est, tru []float64
		covered, rel := 0, 0.0
		for _, r := range rows {
			effect, ok := truth[r.StaffID]
			if !ok {
				continue
			}
			est, tru = append(est, *r.VAMEstimate), append(tru, effect)
			if math.Abs(*r.VAMEstimate-effect) <= 1.96**r.VAMSE {
				covered++
			}
			rel += *r.VAMReliability
		}
		if len(est) < 100 {
			t.Fatalf("only %d teachers with a value-added and a true effect", len(est))
		}
		rel /= float64(len(est))
		r := pearson(est, tru)
		coverage := float64(covered) / float64(len(est))
		t.Logf("%d teachers: correlation %.3f, coverage %.3f, mean reliability %.3f",
			len(est), r, coverage, rel)

		// The tolerances of TestValueAdded_Synthetic in the analytics
		// package, which explains them: the correlation within 15 % of
		// sqrt(reliability), and the 95 % intervals covering 80 to 99 %.
		if want := 0.85 * math.Sqrt(rel); r < want {
			t.Errorf("correlation with the true effects = %.3f, want at least %.3f", r, want)
		}
		if coverage < 0.80 || coverage > 0.99 {
			t.Errorf("95%% intervals cover %.3f of the true effects", coverage)
		}
	})
}

// trueEffects reads each teacher's true effect in the subject from the
// district's truth.csv, converted from scale points to standard deviations
// of the scores of the grade the teacher teaches that year, the unit of
// value-added.
func trueEffects(t *testing.T, dir string, year int, subject string) map[string]float64 {
	t.Helper()
	var sum, ss, n [13]float64
	for _, r := range csvRows(t, filepath.Join(dir, "assessments.csv")) {
		if r["subject"] != subject || r["school_year"] != strconv.Itoa(year) {
			continue
		}
		g, _ := strconv.Atoi(r["grade_level"])
		v, _ := strconv.ParseFloat(r["scale_score"], 64)
		sum[g] += v
		ss[g] += v * v
		n[g]++
	}
	gradeOf := map[string]int{}
	for _, r := range csvRows(t, filepath.Join(dir, "sections.csv")) {
		if r["subject"] == subject && r["school_year"] == strconv.Itoa(year) {
			gradeOf[r["staff_id"]], _ = strconv.Atoi(r["grade_level"])
		}
	}
	truth := map[string]float64{}
	for _, r := range csvRows(t, filepath.Join(dir, "truth.csv")) {
		g, ok := gradeOf[r["staff_id"]]
		if r["subject"] != subject || !ok || n[g] < 2 {
			continue
		}
		sd := math.Sqrt((ss[g] - sum[g]*sum[g]/n[g]) / (n[g] - 1))
		points, _ := strconv.ParseFloat(r["effect_points"], 64)
		truth[r["staff_id"]] = points / sd
	}
	return truth
}

// csvRows reads a CSV file into maps from column to value.
func csvRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]string, 0, len(rows)-1)
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, name := range rows[0] {
			m[name] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// pearson is the correlation of two samples.
func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var sa, sb, saa, sbb, sab float64
	for i := range a {
		sa, sb = sa+a[i], sb+b[i]
		saa, sbb, sab = saa+a[i]*a[i], sbb+b[i]*b[i], sab+a[i]*b[i]
	}
	cov := sab/n - sa*sb/(n*n)
	return cov / math.Sqrt((saa/n-sa*sa/(n*n))*(sbb/n-sb*sb/(n*n)))
}
