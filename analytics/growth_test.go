package analytics

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
)

// sgpdata is the sample bundle converted from the R package SGPdata, kept
// beside the project rather than in it.
const sgpdata = "../../shared/data/sgpdata"

// sampleScores reads the sample bundle's scores, or skips the test when
// the bundle is not there.
func sampleScores(t testing.TB) []Score {
	t.Helper()
	f, err := os.Open(sgpdata + "/assessments.csv")
	if err != nil {
		t.Skip("sample bundle not present at " + sgpdata)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	scores := make([]Score, 0, len(rows)-1)
	for _, r := range rows[1:] {
		year, _ := strconv.Atoi(r[col["school_year"]])
		grade, _ := strconv.Atoi(r[col["grade_level"]])
		score, _ := strconv.ParseFloat(r[col["scale_score"]], 64)
		scores = append(scores, Score{StudentID: r[col["student_id"]], Year: year,
			Grade: grade, Subject: r[col["subject"]], Score: score})
	}
	return scores
}

func TestYearGrowth_Sample(t *testing.T) {
	scores := sampleScores(t)
	got, err := YearGrowth(scores, 2025, GrowthOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cohorts := map[string]int{}
	deciles := make([]int, 10)
	orders := map[int]int{}
	for _, g := range got {
		if g.SGP < 1 || g.SGP > 99 {
			t.Fatalf("SGP %d out of range: %+v", g.SGP, g)
		}
		cohorts[g.Subject+strconv.Itoa(g.Grade)]++
		deciles[min((g.SGP-1)/10, 9)]++
		orders[g.Order]++
	}
	if len(cohorts) != 14 {
		t.Errorf("%d cohorts have SGPs, want 14 (math and ela, grades 4 to 10): %v",
			len(cohorts), cohorts)
	}
	// Growth percentiles are uniform by construction: each decile holds
	// about a tenth of the students (the first and last hold 1-10 and
	// 91-99).
	for d, n := range deciles {
		share := float64(n) / float64(len(got))
		if share < 0.085 || share > 0.115 {
			t.Errorf("decile %d holds %.3f of the students", d, share)
		}
	}
	if orders[2] < orders[1] {
		t.Errorf("orders used: %v; most students have two priors", orders)
	}
	t.Logf("%d SGPs in %d cohorts, orders %v", len(got), len(cohorts), orders)
}

// BenchmarkYearGrowth_Sample computes the 2025 growth percentiles of the
// sample bundle: 14 cohorts, each with an order 1 and an order 2 model.
func BenchmarkYearGrowth_Sample(b *testing.B) {
	scores := sampleScores(b)
	for b.Loop() {
		if _, err := YearGrowth(scores, 2025, GrowthOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
