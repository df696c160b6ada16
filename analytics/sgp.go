package analytics

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// DefaultMinCohort is the fewest students a growth model is fitted on.
const DefaultMinCohort = 50

// GrowthTaus returns the 100 quantiles a growth model is fitted at: 0.005,
// 0.015, ..., 0.995.
func GrowthTaus() []float64 {
	taus := make([]float64, 100)
	for k := range taus {
		taus[k] = (float64(k) + 0.5) / 100
	}
	return taus
}

// CohortStudent is one student of a growth cohort, all of whom share a
// school year, subject and grade: the score this year and the scores of
// the years before in the same subject, the most recent first, NaN where
// the student has none.
type CohortStudent struct {
	Score  float64
	Priors []float64
}

// StudentGrowth is a student's growth percentile and the number of prior
// years of the model that gave it; Order 0 means no percentile.
type StudentGrowth struct {
	SGP   int
	Order int
}

// CohortGrowth computes the growth percentile of each student of a cohort.
// splines holds the basis of each prior year, the most recent first; the
// model of order k uses the first k of them and is fitted on the students
// with all k priors, when there are at least minCohort of them. A student
// gets the percentile of the highest order that fits them.
func CohortGrowth(students []CohortStudent, splines []*Spline, minCohort int) (
	[]StudentGrowth, error) {
	out := make([]StudentGrowth, len(students))
	taus := GrowthTaus()
	for order := 1; order <= len(splines); order++ {
		var members []int
		for i, s := range students {
			if hasPriors(s, order) {
				members = append(members, i)
			}
		}
		if len(members) < max(minCohort, 1) {
			continue
		}

		d := growthDesign(students, members, splines[:order])
		coefs, err := FitQuantiles(d, taus)
		if err != nil {
			return nil, fmt.Errorf("order %d model of %d students: %w", order, len(members), err)
		}
		fitted := make([]float64, len(taus))
		for row, i := range members {
			x := d.Row(row)
			for k, b := range coefs {
				fitted[k] = dot(x, b)
			}
			out[i] = StudentGrowth{SGP: Percentile(fitted, students[i].Score), Order: order}
		}
	}
	return out, nil
}

func hasPriors(s CohortStudent, order int) bool {
	if len(s.Priors) < order {
		return false
	}
	for _, p := range s.Priors[:order] {
		if math.IsNaN(p) {
			return false
		}
	}
	return true
}

// growthDesign lays out the model of the given students: an intercept and
// the spline basis of each prior.
func growthDesign(students []CohortStudent, members []int, splines []*Spline) *Design {
	p := 1
	for _, s := range splines {
		p += s.Columns()
	}
	d := &Design{N: len(members), P: p, X: make([]float64, 0, len(members)*p),
		Y: make([]float64, 0, len(members))}
	for _, i := range members {
		d.X = append(d.X, 1)
		for k, s := range splines {
			n := len(d.X)
			d.X = append(d.X, make([]float64, s.Columns())...)
			s.Eval(students[i].Priors[k], d.X[n:])
		}
		d.Y = append(d.Y, students[i].Score)
	}
	return d
}

// Percentile reads a student's growth percentile off the fitted quantiles
// of their score: each rounded to 5 digits, put in increasing order (which
// undoes any crossing of the quantile curves), and counted where it lies
// strictly below the score. A count of 0 is reported as 1 and 100 as 99.
// fitted is reordered in place.
func Percentile(fitted []float64, score float64) int {
	for k, f := range fitted {
		fitted[k] = math.Round(f*1e5) / 1e5
	}
	sort.Float64s(fitted)
	below := sort.SearchFloat64s(fitted, score)
	return min(max(below, 1), 99)
}

// GrowthSummary is the growth of a group of students: a teacher's, a
// school's or any other.
type GrowthSummary struct {
	// N counts the students, unweighted.
	N int
	// MedianSGP and MeanSGP are weighted by dosage.
	MedianSGP, MeanSGP float64
	// MedianSE and MeanSE are their standard errors; NaN when the
	// weights are too small to give one.
	MedianSE, MeanSE float64
	// Suppressed is true when there are too few students to report.
	Suppressed bool
}

// SummarizeGrowth summarizes students' percentiles, each weighted by its
// dosage. Below minStudents the summary is suppressed and holds only N.
func SummarizeGrowth(sgps []int, dosage []float64, minStudents int) GrowthSummary {
	g := GrowthSummary{N: len(sgps)}
	if len(sgps) == 0 || len(sgps) < minStudents {
		g.Suppressed = true
		g.MedianSGP, g.MeanSGP, g.MedianSE, g.MeanSE = math.NaN(), math.NaN(), math.NaN(),
			math.NaN()
		return g
	}

	total, sum := 0.0, 0.0
	for i, s := range sgps {
		total += dosage[i]
		sum += dosage[i] * float64(s)
	}
	g.MeanSGP = sum / total
	g.MedianSGP = WeightedMedian(sgps, dosage)

	ss := 0.0
	for i, s := range sgps {
		dev := float64(s) - g.MeanSGP
		ss += dosage[i] * dev * dev
	}
	g.MeanSE, g.MedianSE = math.NaN(), math.NaN()
	if total > 1 {
		sd := math.Sqrt(ss / (total - 1))
		g.MeanSE = sd / math.Sqrt(float64(len(sgps)))
		g.MedianSE = 1.253 * g.MeanSE
	}
	return g
}

// WeightedMedian is the median of values each weighted: in increasing
// order, the first value at which the running weight reaches half the
// total, or, where it equals half exactly, the mean of that value and the
// next.
func WeightedMedian(values []int, weights []float64) float64 {
	idx := make([]int, len(values))
	total := 0.0
	for i := range idx {
		idx[i] = i
		total += weights[i]
	}
	slices.SortStableFunc(idx, func(a, b int) int { return values[a] - values[b] })

	half, run := total/2, 0.0
	for k, i := range idx {
		run += weights[i]
		switch {
		case run == half && k+1 < len(idx):
			return (float64(values[i]) + float64(values[idx[k+1]])) / 2
		case run >= half:
			return float64(values[i])
		}
	}
	return float64(values[idx[len(idx)-1]])
}

// GrowthLevel names the band of a median growth percentile, as Georgia
// reports it: low below 35, typical from 35 to 65, high above 65.
func GrowthLevel(median float64) string {
	switch {
	case math.IsNaN(median):
		return ""
	case median < 35:
		return "low"
	case median <= 65:
		return "typical"
	}
	return "high"
}
