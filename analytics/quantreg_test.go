package analytics

import (
	"math"
	"math/rand/v2"
	"testing"
)

// taus100 are the quantiles of a growth model: 0.005, 0.015, ..., 0.995.
func taus100() []float64 {
	taus := make([]float64, 100)
	for k := range taus {
		taus[k] = (float64(k) + 0.5) / 100
	}
	return taus
}

// objective is the quantile regression loss of coefficients b at tau.
func objective(d *Design, b []float64, tau float64) float64 {
	sum := 0.0
	for i := range d.N {
		r := d.Y[i] - dot(d.Row(i), b)
		if r < 0 {
			sum += (tau - 1) * r
		} else {
			sum += tau * r
		}
	}
	return sum
}

// cohortDesign builds the growth model of the reference cohort: an
// intercept and a spline of each prior, order 1 or 2, as R fits it.
func cohortDesign(t testing.TB, order int) *Design {
	t.Helper()
	rows := readCSV(t, "cohort.csv")
	knots := readCSV(t, "cohort_knots.csv")
	var splines []*Spline
	for _, k := range knots {
		s, err := NewSpline(k[:4], k[4], k[5])
		if err != nil {
			t.Fatal(err)
		}
		splines = append(splines, s)
	}
	// Columns of R's formula: intercept, then prior2 before prior1.
	cols := []int{1}
	use := []*Spline{splines[0]}
	if order == 2 {
		cols, use = []int{0, 1}, []*Spline{splines[1], splines[0]}
	}
	d := &Design{N: len(rows), P: 1 + 7*len(cols)}
	buf := make([]float64, 7)
	for _, r := range rows {
		d.X = append(d.X, 1)
		for k, c := range cols {
			use[k].Eval(r[c], buf)
			d.X = append(d.X, buf...)
		}
		d.Y = append(d.Y, r[2])
	}
	return d
}

func TestFitQuantiles_LikeR(t *testing.T) {
	for _, tt := range []struct {
		name  string
		order int
		file  string
	}{
		{"Order1", 1, "rq_order1.csv"},
		{"Order2", 2, "rq_order2.csv"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := cohortDesign(t, tt.order)
			ref := readCSV(t, tt.file)
			taus := taus100()
			coefs, err := FitQuantiles(d, taus)
			if err != nil {
				t.Fatal(err)
			}
			same := 0
			for k, row := range ref {
				got := objective(d, coefs[k], taus[k])
				if want := row[1]; math.Abs(got-want) > 1e-9*want {
					t.Errorf("tau %g: objective %.12g, R reaches %.12g", taus[k], got, want)
				}
				equal := true
				for c, w := range row[2:] {
					equal = equal && math.Abs(coefs[k][c]-w) <= 1e-6*(1+math.Abs(w))
				}
				if equal {
					same++
				}
			}
			// Where the optimum is not unique R and this solver may stop
			// at different vertices of equal loss; most are unique.
			if same < 95 {
				t.Errorf("coefficients equal R's at %d of 100 taus", same)
			}
			t.Logf("coefficients equal R's at %d of 100 taus", same)
		})
	}
}

// TestFitQuantiles_Optimality checks the subgradient conditions at each
// returned solution: with the observations the solution fits exactly set
// aside, the others' pull sum_i psi_tau(r_i) x_i must be balanced by
// weights in [tau-1, tau] on the exact ones.
func TestFitQuantiles_Optimality(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	d := &Design{N: 400, P: 3}
	for range d.N {
		x1, x2 := rng.NormFloat64(), rng.Float64()*10
		d.X = append(d.X, 1, x1, x2)
		d.Y = append(d.Y, 3+2*x1-0.5*x2+rng.NormFloat64()*(1+x2/5))
	}
	taus := []float64{0.05, 0.25, 0.5, 0.9, 0.99}
	coefs, err := FitQuantiles(d, taus)
	if err != nil {
		t.Fatal(err)
	}
	for k, tau := range taus {
		b := coefs[k]
		var exact []int
		pull := make([]float64, d.P)
		for i := range d.N {
			r := d.Y[i] - dot(d.Row(i), b)
			if math.Abs(r) < 1e-9 {
				exact = append(exact, i)
				continue
			}
			psi := tau
			if r < 0 {
				psi = tau - 1
			}
			for j, x := range d.Row(i) {
				pull[j] += psi * x
			}
		}
		if len(exact) != d.P {
			t.Fatalf("tau %g: %d observations fitted exactly, want %d", tau, len(exact), d.P)
		}
		// Solve X_h' a = -pull for the weights of the exact ones.
		xh := make([]float64, 0, d.P*d.P)
		for _, i := range exact {
			xh = append(xh, d.Row(i)...)
		}
		a := solveTransposed(t, xh, pull, d.P)
		for _, w := range a {
			if w < tau-1-1e-9 || w > tau+1e-9 {
				t.Errorf("tau %g: weight %g of an exact fit is outside [%g, %g]", tau, w,
					tau-1, tau)
			}
		}
	}
}

// solveTransposed solves A' a = -v for square A, row-major, by Gaussian
// elimination with partial pivoting.
func solveTransposed(t *testing.T, a, v []float64, p int) []float64 {
	t.Helper()
	m := make([][]float64, p)
	for r := range p {
		m[r] = make([]float64, p+1)
		for c := range p {
			m[r][c] = a[c*p+r]
		}
		m[r][p] = -v[r]
	}
	for c := range p {
		piv := c
		for r := c + 1; r < p; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[piv][c]) {
				piv = r
			}
		}
		m[c], m[piv] = m[piv], m[c]
		for r := range p {
			if r != c {
				f := m[r][c] / m[c][c]
				for k := c; k <= p; k++ {
					m[r][k] -= f * m[c][k]
				}
			}
		}
	}
	out := make([]float64, p)
	for r := range p {
		out[r] = m[r][p] / m[r][r]
	}
	return out
}

func TestFitQuantiles_Errors(t *testing.T) {
	t.Run("ErrSingular", func(t *testing.T) {
		d := &Design{N: 4, P: 2, X: []float64{1, 2, 1, 2, 1, 2, 1, 2}, Y: []float64{1, 2, 3, 4}}
		if _, err := FitQuantiles(d, []float64{0.5}); err != ErrSingular {
			t.Fatalf("err = %v, want ErrSingular", err)
		}
	})
	t.Run("ErrTaus", func(t *testing.T) {
		d := &Design{N: 2, P: 1, X: []float64{1, 1}, Y: []float64{1, 2}}
		for _, taus := range [][]float64{{0.5, 0.4}, {0}, {1}} {
			if _, err := FitQuantiles(d, taus); err == nil {
				t.Errorf("taus %v accepted", taus)
			}
		}
	})
	t.Run("MedianOfConstants", func(t *testing.T) {
		// With an intercept alone the fit is a quantile of the responses.
		d := &Design{N: 5, P: 1, X: []float64{1, 1, 1, 1, 1}, Y: []float64{7, 1, 3, 3, 9}}
		coefs, err := FitQuantiles(d, []float64{0.1, 0.5, 0.9})
		if err != nil {
			t.Fatal(err)
		}
		for k, want := range []float64{1, 3, 9} {
			if coefs[k][0] != want {
				t.Errorf("quantile %d = %g, want %g", k, coefs[k][0], want)
			}
		}
	})
}

// BenchmarkFitQuantiles fits the 100 taus of the reference cohort, 1,500
// students, with one prior and with two.
func BenchmarkFitQuantiles(b *testing.B) {
	for _, order := range []int{1, 2} {
		d := cohortDesign(b, order)
		b.Run(map[int]string{1: "Order1", 2: "Order2"}[order], func(b *testing.B) {
			for b.Loop() {
				if _, err := FitQuantiles(d, taus100()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestNth(t *testing.T) {
	for _, v := range [][]float64{{5, 1, 4, 1, 3}, {2}, {3, 3, 3, 1}, {9, 8, 7, 6, 5, 4}} {
		for k := range v {
			sorted := append([]float64(nil), v...)
			for i := 1; i < len(sorted); i++ {
				for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
					sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
				}
			}
			if got := nth(append([]float64(nil), v...), k); got != sorted[k] {
				t.Errorf("nth(%v, %d) = %g, want %g", v, k, got, sorted[k])
			}
		}
	}
}
