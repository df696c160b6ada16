package analytics

import (
	"math"
	"slices"
)

// Suppress blanks (sets to NaN) the values of a row of cells that would
// tell too much about too few teachers. sizes[i] is the number of teachers
// value i is computed over. A value over fewer than min teachers is
// suppressed. Then, since the cells of a row add up to a published total
// (the district's, or the whole school's), the remaining cells are
// suppressed from the smallest up until the suppressed cells cover at
// least min teachers between them: subtracting the published cells from
// the total then reveals no aggregate of fewer than min teachers. Values
// already NaN (nothing to report) are neither counted nor used to cover.
// It returns how many values it suppressed.
func Suppress(values []float64, sizes []int, min int) int {
	suppressed, covered := 0, 0
	for i, v := range values {
		if !math.IsNaN(v) && sizes[i] < min {
			values[i] = math.NaN()
			suppressed++
			covered += sizes[i]
		}
	}
	if suppressed == 0 || covered >= min {
		return suppressed
	}

	// Complementary suppression: the published cells, smallest first
	// (ties by position, so the result does not depend on the sort).
	order := make([]int, 0, len(values))
	for i, v := range values {
		if !math.IsNaN(v) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return sizes[a] - sizes[b] })
	for _, i := range order {
		if covered >= min {
			break
		}
		values[i] = math.NaN()
		suppressed++
		covered += sizes[i]
	}
	return suppressed
}
