package analytics

import (
	"math"
	"slices"
	"testing"
)

// suppressedOf lists the positions of NaN values.
func suppressedOf(values []float64) []int {
	var idx []int
	for i, v := range values {
		if math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	return idx
}

func TestSuppress(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name   string
		values []float64
		sizes  []int
		want   []int
	}{
		{"NothingSmall", []float64{10, 20, 30}, []int{5, 8, 12}, nil},
		// The cell of 3 teachers, and the next smallest (6) so that
		// the two together cover 9.
		{"OneSmallCell", []float64{10, 20, 30, 40}, []int{3, 12, 6, 8}, []int{0, 2}},
		// Two small cells of 2 and 3 already cover 5 teachers.
		{"TwoSmallCellsCoverEachOther", []float64{10, 20, 30}, []int{2, 3, 9}, []int{0, 1}},
		// Cells of 1 and 2 cover 3: the next smallest (6) joins them.
		{"TwoSmallCellsNotEnough", []float64{1, 2, 3, 4}, []int{1, 2, 6, 9}, []int{0, 1, 2}},
		// Ties take the first position.
		{"TieTakesFirst", []float64{1, 2, 3}, []int{2, 7, 7}, []int{0, 1}},
		// Missing values neither count nor cover.
		{"MissingValuesSkipped", []float64{nan, 5, 6, 7}, []int{2, 4, 6, 8}, []int{0, 1, 2}},
		{"AllSmall", []float64{1, 2}, []int{1, 2}, []int{0, 1}},
		{"OneCell", []float64{50}, []int{4}, []int{0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			values := slices.Clone(c.values)
			n := Suppress(values, c.sizes, 5)
			got := suppressedOf(values)
			missing := len(suppressedOf(c.values))
			if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
				t.Fatalf("suppressed %v, want %v", got, c.want)
			}
			if n != len(got)-missing {
				t.Fatalf("returned %d, suppressed %d", n, len(got)-missing)
			}
			for i, v := range values {
				if !math.IsNaN(v) && v != c.values[i] {
					t.Fatalf("value %d changed from %v to %v", i, c.values[i], v)
				}
			}
		})
	}
}

// TestSuppress_NothingRecoverable checks the promise of Suppress on many
// rows of cells: whatever is published, subtracting it from the total
// leaves the suppressed cells only as a whole of at least min teachers.
func TestSuppress_NothingRecoverable(t *testing.T) {
	const min = 5
	for seed := range 500 {
		n := 1 + seed%9
		values := make([]float64, n)
		sizes := make([]int, n)
		for i := range n {
			sizes[i] = (seed*7 + i*13) % 11
			values[i] = float64(i + 1)
		}
		Suppress(values, sizes, min)
		covered, hidden := 0, 0
		for i, v := range values {
			if math.IsNaN(v) {
				covered += sizes[i]
				hidden++
				continue
			}
			if sizes[i] < min {
				t.Fatalf("row %v: a cell of %d teachers is published", sizes, sizes[i])
			}
		}
		if hidden > 0 && covered < min {
			total := 0
			for _, s := range sizes {
				total += s
			}
			if total >= min {
				t.Fatalf("row %v: suppressed cells cover only %d teachers", sizes, covered)
			}
		}
	}
}
