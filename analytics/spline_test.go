package analytics

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// readCSV reads a testdata file of numbers with a header row.
func readCSV(t testing.TB, name string) [][]float64 {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]float64
	for _, row := range rows[1:] {
		var vals []float64
		for _, field := range row {
			v, err := strconv.ParseFloat(field, 64)
			if err != nil {
				t.Fatalf("%s: %q is not a number", name, field)
			}
			vals = append(vals, v)
		}
		out = append(out, vals)
	}
	return out
}

// coxDeBoor is the textbook recursion for B-spline i of degree k on knots
// t, with 0/0 taken as 0: slow, but plainly the definition.
func coxDeBoor(t []float64, i, k int, x float64) float64 {
	if k == 0 {
		if t[i] <= x && x < t[i+1] {
			return 1
		}
		return 0
	}
	v := 0.0
	if d := t[i+k] - t[i]; d > 0 {
		v += (x - t[i]) / d * coxDeBoor(t, i, k-1, x)
	}
	if d := t[i+k+1] - t[i+1]; d > 0 {
		v += (t[i+k+1] - x) / d * coxDeBoor(t, i+1, k-1, x)
	}
	return v
}

func TestSpline_Eval(t *testing.T) {
	t.Run("CardinalByHand", func(t *testing.T) {
		// On knots 0, 1, 2, 3, 4 the cubic B-spline is 1/6 at 1, 2/3 at 2
		// and 1/6 at 3: the third column of this basis is that spline.
		s, err := NewSpline([]float64{1, 2, 3}, 0, 4)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float64, s.Columns())
		for x, want := range map[float64]float64{1: 1.0 / 6, 2: 2.0 / 3, 3: 1.0 / 6, 0.5: 1.0 / 48} {
			s.Eval(x, out)
			if math.Abs(out[2]-want) > 1e-15 {
				t.Errorf("cardinal spline at %g = %g, want %g", x, out[2], want)
			}
		}
	})

	t.Run("CoxDeBoor", func(t *testing.T) {
		s, err := NewSpline([]float64{412.5, 455, 455, 502}, 380, 560)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float64, s.Columns())
		for x := 380.0; x < 560; x += 0.37 {
			s.Eval(x, out)
			sum := 0.0
			for c, v := range out {
				want := coxDeBoor(s.t, c+1, 3, x)
				if math.Abs(v-want) > 1e-12 {
					t.Fatalf("column %d at %g = %g, recursion gives %g", c, x, v, want)
				}
				sum += v
			}
			// With the first function, the basis sums to one.
			if first := coxDeBoor(s.t, 0, 3, x); math.Abs(sum+first-1) > 1e-12 {
				t.Fatalf("basis at %g sums to %g", x, sum+first)
			}
		}
	})

	t.Run("LikeR", func(t *testing.T) {
		s, err := NewSpline([]float64{412.5, 455, 471.25, 502}, 380, 560)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float64, s.Columns())
		for _, row := range readCSV(t, "bs_reference.csv") {
			s.Eval(row[0], out)
			for c, want := range row[1:] {
				if math.Abs(out[c]-want) > 1e-13 {
					t.Errorf("bs(%g)[%d] = %.15g, R gives %.15g", row[0], c+1, out[c], want)
				}
			}
		}
	})

	t.Run("OutsideContinuesTheCubic", func(t *testing.T) {
		// Below the lower knot each function is the cubic of the first
		// interval: the cubic through its values at four points there.
		s, _ := NewSpline([]float64{1, 2, 3}, 0, 4)
		xs := []float64{0.1, 0.3, 0.6, 0.9}
		vals := make([][]float64, len(xs))
		for i, x := range xs {
			vals[i] = make([]float64, s.Columns())
			s.Eval(x, vals[i])
		}
		out := make([]float64, s.Columns())
		for _, x := range []float64{-0.5, -2} {
			s.Eval(x, out)
			for c := range out {
				want := 0.0
				for i := range xs {
					l := 1.0
					for j := range xs {
						if j != i {
							l *= (x - xs[j]) / (xs[i] - xs[j])
						}
					}
					want += l * vals[i][c]
				}
				if math.Abs(out[c]-want) > 1e-9 {
					t.Errorf("column %d at %g = %g, the cubic gives %g", c, x, out[c], want)
				}
			}
		}
	})
}

func TestNewSpline_Errors(t *testing.T) {
	for name, tt := range map[string]struct {
		knots        []float64
		lower, upper float64
	}{
		"ErrBoundaryOrder": {[]float64{1}, 2, 0},
		"ErrKnotOutside":   {[]float64{5}, 0, 4},
		"ErrKnotOrder":     {[]float64{2, 1}, 0, 4},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := NewSpline(tt.knots, tt.lower, tt.upper); err == nil {
				t.Fatal("NewSpline accepted bad knots")
			}
		})
	}
}

func TestSplineFor(t *testing.T) {
	rows := readCSV(t, "cohort.csv")
	want := readCSV(t, "cohort_knots.csv")
	for i, col := range []int{1, 0} { // prior1, then prior2
		var scores []float64
		for _, r := range rows {
			scores = append(scores, r[col])
		}
		s, err := SplineFor(scores)
		if err != nil {
			t.Fatal(err)
		}
		got := append(append([]float64(nil), s.Interior...), s.Lower, s.Upper)
		for j, w := range want[i] {
			if math.Abs(got[j]-w) > 1e-9 {
				t.Errorf("prior %d: knots %v, R chose %v", i+1, got, want[i])
				break
			}
		}
	}
	if _, err := SplineFor([]float64{3, 3, 3}); err == nil {
		t.Error("SplineFor accepted scores that are all the same")
	}
}

func TestQuantile(t *testing.T) {
	sorted := []float64{1, 2, 4, 8}
	for p, want := range map[float64]float64{0: 1, 0.2: 1.6, 0.5: 3, 0.8: 5.6, 1: 8} {
		if got := Quantile(sorted, p); math.Abs(got-want) > 1e-12 {
			t.Errorf("Quantile(%v, %g) = %g, want %g", sorted, p, got, want)
		}
	}
}
