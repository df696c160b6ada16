package analytics

import (
	"fmt"
	"math"
	"sort"
)

// splineDegree is the degree of the growth models' B-splines: cubic.
const splineDegree = 3

// Spline is a cubic B-spline basis on fixed knots, built exactly as R's
// splines::bs(x, knots, Boundary.knots, degree = 3) builds it: the
// boundary knots repeated four times around the interior knots, and the
// first basis function left out, since the growth model has an intercept
// of its own. Outside the boundary knots each function continues as the
// cubic of the nearest interval, which is what bs() computes there.
type Spline struct {
	// Interior holds the interior knots in increasing order.
	Interior []float64
	// Lower and Upper are the boundary knots.
	Lower, Upper float64
	// t is the full knot sequence.
	t []float64
}

// NewSpline returns the basis for the given interior knots and boundary
// knots. The knots must be increasing (interior knots may repeat) and lie
// strictly between the boundary knots.
func NewSpline(interior []float64, lower, upper float64) (*Spline, error) {
	if !(lower < upper) || math.IsNaN(lower) || math.IsInf(upper-lower, 0) {
		return nil, fmt.Errorf("spline boundary knots %g and %g are not increasing", lower, upper)
	}
	for i, k := range interior {
		if !(k > lower && k < upper) {
			return nil, fmt.Errorf("spline knot %g is not inside (%g, %g)", k, lower, upper)
		}
		if i > 0 && k < interior[i-1] {
			return nil, fmt.Errorf("spline knots %v are not in increasing order", interior)
		}
	}
	s := &Spline{Interior: append([]float64(nil), interior...), Lower: lower, Upper: upper}
	for range splineDegree + 1 {
		s.t = append(s.t, lower)
	}
	s.t = append(s.t, interior...)
	for range splineDegree + 1 {
		s.t = append(s.t, upper)
	}
	return s, nil
}

// SplineFor chooses the basis for a prior score from all the scores of its
// cell: interior knots at the 0.2, 0.4, 0.6 and 0.8 quantiles (R's type 7)
// rounded to 3 digits, boundary knots at the lowest and highest score
// widened by a tenth of their range on each side.
func SplineFor(scores []float64) (*Spline, error) {
	if len(scores) < 2 {
		return nil, fmt.Errorf("a spline needs at least 2 scores, got %d", len(scores))
	}
	sorted := append([]float64(nil), scores...)
	sort.Float64s(sorted)
	lo, hi := sorted[0], sorted[len(sorted)-1]
	if lo == hi {
		return nil, fmt.Errorf("a spline needs scores that differ, all are %g", lo)
	}
	interior := make([]float64, 0, 4)
	for _, p := range []float64{0.2, 0.4, 0.6, 0.8} {
		interior = append(interior, roundTo(Quantile(sorted, p), 3))
	}
	widen := (hi - lo) / 10
	return NewSpline(interior, lo-widen, hi+widen)
}

// Columns is the number of basis functions, one per model coefficient:
// the number of interior knots plus 3.
func (s *Spline) Columns() int {
	return len(s.t) - splineDegree - 2
}

// Eval writes the value of each basis function at x into out, which must
// have Columns() elements.
func (s *Spline) Eval(x float64, out []float64) {
	m := s.interval(x)
	t := s.t

	// De Boor's triangle: the four functions that are not zero on
	// interval m, built up degree by degree.
	var n, left, right [splineDegree + 1]float64
	n[0] = 1
	for j := 1; j <= splineDegree; j++ {
		left[j] = x - t[m+1-j]
		right[j] = t[m+j] - x
		saved := 0.0
		for r := range j {
			tmp := n[r] / (right[r+1] + left[j-r])
			n[r] = saved + right[r+1]*tmp
			saved = left[j-r] * tmp
		}
		n[j] = saved
	}

	clear(out)
	for r, v := range n {
		// Function m-3+r of the full basis; the first is left out.
		if c := m - splineDegree + r - 1; c >= 0 {
			out[c] = v
		}
	}
}

// interval returns the index m of the knot interval [t[m], t[m+1]) that
// holds x, the first one for x below it and the last one for x at or
// above the upper boundary.
func (s *Spline) interval(x float64) int {
	first, last := splineDegree, len(s.t)-splineDegree-2
	if x < s.t[first+1] {
		return first
	}
	if x >= s.t[last] {
		return last
	}
	// The largest m with t[m] <= x; repeated knots make empty intervals,
	// which this skips.
	m := sort.Search(len(s.t), func(i int) bool { return s.t[i] > x }) - 1
	return max(first, min(m, last))
}

// Quantile returns the p quantile of sorted values as R's quantile() with
// its default type 7 computes it: linear between the order statistics at
// (n-1)p.
func Quantile(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}

// roundTo rounds x to the given number of decimal digits.
func roundTo(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
