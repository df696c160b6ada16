package analytics

import (
	"math"
	"testing"
)

func TestPercentile(t *testing.T) {
	ramp := func(from float64) []float64 {
		f := make([]float64, 100)
		for k := range f {
			f[k] = from + float64(k)
		}
		return f
	}
	tests := []struct {
		name   string
		fitted []float64
		score  float64
		want   int
	}{
		{"Middle", ramp(400), 450.5, 51},
		{"TieIsNotBelow", ramp(400), 450, 50},
		{"BelowAllIsOne", ramp(400), 399, 1},
		{"AboveAllIs99", ramp(400), 600, 99},
		{"CrossingIsSorted", func() []float64 {
			f := ramp(400)
			f[10], f[80] = f[80], f[10]
			return f
		}(), 450.5, 51},
		{"RoundedToFiveDigits", func() []float64 {
			f := ramp(400)
			// 449.999999 rounds to 450, so it is not below 450: without
			// the rounding the count would be 51.
			f[50] = 449.999999
			return f
		}(), 450, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.fitted, tt.score); got != tt.want {
				t.Fatalf("Percentile = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestWeightedMedian(t *testing.T) {
	tests := []struct {
		name    string
		values  []int
		weights []float64
		want    float64
	}{
		{"Odd", []int{30, 10, 20}, []float64{1, 1, 1}, 20},
		{"ExactHalf", []int{40, 10, 30, 20}, []float64{1, 1, 1, 1}, 25},
		{"ExactHalfWeighted", []int{10, 20, 30}, []float64{1, 1, 2}, 25},
		{"Weighted", []int{10, 20, 30}, []float64{0.5, 0.5, 2}, 30},
		{"SplitDosage", []int{50, 60, 70}, []float64{0.25, 0.5, 0.25}, 60},
		{"One", []int{42}, []float64{0.3}, 42},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WeightedMedian(tt.values, tt.weights); got != tt.want {
				t.Fatalf("WeightedMedian = %g, want %g", got, tt.want)
			}
		})
	}
}

func TestSummarizeGrowth(t *testing.T) {
	t.Run("ByHand", func(t *testing.T) {
		// Mean 50; weighted variance 200 / (2 - 1); SE 14.142 / sqrt(2).
		g := SummarizeGrowth([]int{40, 60}, []float64{1, 1}, 1)
		if g.N != 2 || g.MeanSGP != 50 || g.MedianSGP != 50 ||
			math.Abs(g.MeanSE-10) > 1e-12 || math.Abs(g.MedianSE-12.53) > 1e-12 {
			t.Fatalf("summary = %+v", g)
		}
	})
	t.Run("Weighted", func(t *testing.T) {
		g := SummarizeGrowth([]int{20, 80, 80}, []float64{1, 0.5, 0.5}, 1)
		// Total dosage 2: mean (20 + 40 + 40) / 2 = 50.
		if g.MeanSGP != 50 || g.MedianSGP != 50 {
			t.Fatalf("summary = %+v", g)
		}
		// Deviations 30, 30, 30 weighted 1, .5, .5: 1800 / (2 - 1).
		if want := math.Sqrt(1800) / math.Sqrt(3); math.Abs(g.MeanSE-want) > 1e-12 {
			t.Fatalf("mean SE = %g, want %g", g.MeanSE, want)
		}
	})
	t.Run("Suppressed", func(t *testing.T) {
		g := SummarizeGrowth([]int{40, 60, 70}, []float64{1, 1, 1}, 10)
		if !g.Suppressed || g.N != 3 || !math.IsNaN(g.MedianSGP) || !math.IsNaN(g.MeanSGP) {
			t.Fatalf("summary of 3 students with a minimum of 10 = %+v", g)
		}
	})
	t.Run("NoStandardErrorBelowOneDosage", func(t *testing.T) {
		g := SummarizeGrowth([]int{40, 60}, []float64{0.25, 0.5}, 1)
		if !math.IsNaN(g.MeanSE) || g.Suppressed {
			t.Fatalf("summary = %+v", g)
		}
	})
}

func TestGrowthLevel(t *testing.T) {
	for median, want := range map[float64]string{
		1: "low", 34: "low", 34.5: "low", 35: "typical", 65: "typical", 65.5: "high",
		99: "high", math.NaN(): "",
	} {
		if got := GrowthLevel(median); got != want {
			t.Errorf("GrowthLevel(%g) = %q, want %q", median, got, want)
		}
	}
}

// TestCohortGrowth_LikeR reads growth percentiles off the reference cohort
// and compares them with those read off R's own fits.
func TestCohortGrowth_LikeR(t *testing.T) {
	rows := readCSV(t, "cohort.csv")
	knots := readCSV(t, "cohort_knots.csv")
	ref := readCSV(t, "sgp_reference.csv")
	var splines []*Spline
	for _, k := range knots {
		s, err := NewSpline(k[:4], k[4], k[5])
		if err != nil {
			t.Fatal(err)
		}
		splines = append(splines, s)
	}

	students := make([]CohortStudent, len(rows))
	for i, r := range rows {
		students[i] = CohortStudent{Score: r[2], Priors: []float64{r[1], r[0]}}
	}
	// Order 1 alone: one prior spline.
	one, err := CohortGrowth(students, splines[:1], DefaultMinCohort)
	if err != nil {
		t.Fatal(err)
	}
	two, err := CohortGrowth(students, splines, DefaultMinCohort)
	if err != nil {
		t.Fatal(err)
	}
	for i := range students {
		if one[i] != (StudentGrowth{SGP: int(ref[i][0]), Order: 1}) {
			t.Fatalf("student %d: order 1 %+v, R gives %g", i, one[i], ref[i][0])
		}
		if two[i] != (StudentGrowth{SGP: int(ref[i][1]), Order: 2}) {
			t.Fatalf("student %d: order 2 %+v, R gives %g", i, two[i], ref[i][1])
		}
	}

	t.Run("HighestOrderAvailable", func(t *testing.T) {
		// Students without the older prior get the order 1 percentile.
		mixed := append([]CohortStudent(nil), students...)
		for i := 0; i < len(mixed); i += 10 {
			mixed[i].Priors = []float64{mixed[i].Priors[0], math.NaN()}
		}
		got, err := CohortGrowth(mixed, splines, DefaultMinCohort)
		if err != nil {
			t.Fatal(err)
		}
		for i := range mixed {
			if want := 2; i%10 == 0 {
				want = 1
				if got[i].Order != want {
					t.Fatalf("student %d: order %d, want %d", i, got[i].Order, want)
				}
			} else if got[i].Order != want {
				t.Fatalf("student %d: order %d, want %d", i, got[i].Order, want)
			}
		}
	})

	t.Run("SmallCohortGetsNone", func(t *testing.T) {
		got, err := CohortGrowth(students[:49], splines, DefaultMinCohort)
		if err != nil {
			t.Fatal(err)
		}
		for i, g := range got {
			if g != (StudentGrowth{}) {
				t.Fatalf("student %d of a cohort of 49 got %+v", i, g)
			}
		}
	})
}
