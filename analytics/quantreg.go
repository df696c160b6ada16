package analytics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Design is the data of a linear quantile regression: N observations of
// P predictors, row after row in X, and the response Y.
type Design struct {
	X    []float64
	Y    []float64
	N, P int
}

// Row returns the predictors of observation i.
func (d *Design) Row(i int) []float64 {
	return d.X[i*d.P : (i+1)*d.P]
}

// ErrSingular is returned when the predictors do not determine the
// coefficients: fewer independent rows than coefficients.
var ErrSingular = errors.New("quantile regression: the design is singular")

// refreshEvery is how many pivots the solver makes on updated inverses
// before it computes them afresh, to keep rounding from building up.
const refreshEvery = 48

// FitQuantiles solves the linear quantile regression of Y on X at each
// tau in taus, which must increase, and returns the coefficients of each.
//
// Each solution is exact: a vertex of the quantile regression linear
// program where P observations are fitted exactly and no edge leaving it
// lowers the objective, sum over i of rho_tau(y_i - x_i b). The solver is
// a simplex in the manner of Barrodale and Roberts: from a basis of P
// observations it follows the edge of steepest descent and, along it,
// passes every kink that still lowers the objective before it pivots.
// Each tau starts from the basis of the one before, which is optimal or
// close to it, so a cohort's 100 fits cost little more than a few. Ties
// are broken by observation order, so the result is the same on every
// run.
func FitQuantiles(d *Design, taus []float64) ([][]float64, error) {
	if d.N < d.P || d.P < 1 || len(d.X) != d.N*d.P || len(d.Y) != d.N {
		return nil, fmt.Errorf("quantile regression: %d observations of %d predictors "+
			"do not fit %d values and %d responses", d.N, d.P, len(d.X), len(d.Y))
	}
	for i, tau := range taus {
		if !(tau > 0 && tau < 1) || (i > 0 && tau <= taus[i-1]) {
			return nil, fmt.Errorf("quantile regression: taus %v must increase within (0, 1)", taus)
		}
	}

	s := newSimplex(d)
	if err := s.start(taus[0]); err != nil {
		return nil, err
	}
	coefs := make([][]float64, len(taus))
	for k, tau := range taus {
		if err := s.solve(tau, k == 0); err != nil {
			return nil, fmt.Errorf("quantile regression at tau %g: %w", tau, err)
		}
		coefs[k] = slices.Clone(s.b)
	}
	return coefs, nil
}

// simplex is the state of the solver: a basis of P observations that the
// coefficients fit exactly, the inverse of their predictors, and each
// observation's residual and pull on the objective.
type simplex struct {
	d    *Design
	tau  float64
	tol  float64
	n, p int

	basis []int // observations of the basis
	pos   []int // each observation's place in the basis, or -1
	// inv is the inverse of the basis rows, row-major: column j is the
	// direction that moves observation basis[j] off its fit.
	inv []float64
	b   []float64
	r   []float64 // residuals
	// w holds each observation's pull on the objective's slope: -tau
	// above its fit, 1-tau below it, 0 on it or in the basis.
	w []float64
	// pull is the sum of w_i x_i, kept up to date as the w_i change.
	pull []float64
	// zeros lists the observations outside the basis that lie on the
	// fit, whose kinks count in every direction.
	zeros  []int
	pivots int

	// active lists the observations the simplex moves through: those near
	// the fit. The others, far above or below it, keep their side while
	// tau moves a little; they count in the slopes through pull but are
	// left out of the work of each pivot until a check finds one that
	// changed side.
	active   []int
	isActive []bool
	// The active observations side by side, in the order of active:
	// their predictors (ax, row after row), residuals and pulls, which
	// the pivots keep up to date in place of r and w, and how each moves
	// along the direction of a step.
	ax, ar, aw, acol []float64

	// scratch
	dir, grad, factor, dist []float64
	breaks                  []breakpoint
}

type breakpoint struct {
	t   float64
	w   float64
	obs int
}

func newSimplex(d *Design) *simplex {
	n, p := d.N, d.P
	scale := 0.0
	for _, y := range d.Y {
		scale = max(scale, math.Abs(y))
	}
	s := &simplex{
		d: d, n: n, p: p, tol: 1e-10 * max(scale, 1),
		basis: make([]int, p), pos: make([]int, n), inv: make([]float64, p*p),
		b: make([]float64, p), r: make([]float64, n), w: make([]float64, n),
		pull: make([]float64, p), dir: make([]float64, p), grad: make([]float64, p),
		factor: make([]float64, p), isActive: make([]bool, n),
	}
	for i := range s.pos {
		s.pos[i] = -1
	}
	return s
}

// start picks a first basis: independent observations, taken in the order
// of their distance from the tau quantile of the responses, so that the
// first fit is already near the answer. It asks each new observation to
// add a clear new direction, and settles for less only when it must, so
// that the first basis is well conditioned.
func (s *simplex) start(tau float64) error {
	sorted := slices.Clone(s.d.Y)
	sort.Float64s(sorted)
	q := Quantile(sorted, tau)
	order := make([]int, s.n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return math.Abs(s.d.Y[order[a]]-q) < math.Abs(s.d.Y[order[b]]-q)
	})

	for _, clear := range []float64{0.1, 1e-4, 1e-8} {
		if rows := s.independent(order, clear); len(rows) == s.p {
			for k, i := range rows {
				s.basis[k], s.pos[i] = i, k
			}
			return s.refresh()
		}
	}
	return ErrSingular
}

// independent takes rows in order, by Gram-Schmidt, keeping a row when at
// least the share clear of its length lies outside the rows kept, until
// it has P of them.
func (s *simplex) independent(order []int, clear float64) []int {
	var rows []int
	var ortho [][]float64
	for _, i := range order {
		v := slices.Clone(s.d.Row(i))
		norm0 := math.Sqrt(dot(v, v))
		for _, u := range ortho {
			c := dot(v, u)
			for k := range v {
				v[k] -= c * u[k]
			}
		}
		norm := math.Sqrt(dot(v, v))
		if norm0 == 0 || norm <= clear*norm0 {
			continue
		}
		for k := range v {
			v[k] /= norm
		}
		ortho = append(ortho, v)
		rows = append(rows, i)
		if len(rows) == s.p {
			break
		}
	}
	return rows
}

// refresh computes the inverse, the coefficients, the residuals and the
// pulls from the basis afresh.
func (s *simplex) refresh() error {
	p := s.p
	a := mat.NewDense(p, p, nil)
	yh := make([]float64, p)
	for j, i := range s.basis {
		a.SetRow(j, s.d.Row(i))
		yh[j] = s.d.Y[i]
	}
	var inv mat.Dense
	if err := inv.Inverse(a); err != nil {
		// A large condition number is only a warning; the inverse of a
		// basis the simplex reached is still the one it needs.
		var cond mat.Condition
		if !errors.As(err, &cond) || math.IsInf(float64(cond), 1) {
			return ErrSingular
		}
	}
	for r := range p {
		for c := range p {
			s.inv[r*p+c] = inv.At(r, c)
		}
	}
	for r := range p {
		s.b[r] = dot(s.inv[r*p:(r+1)*p], yh)
	}
	for i := range s.n {
		s.r[i] = s.d.Y[i] - dot(s.d.Row(i), s.b)
	}
	for _, i := range s.basis {
		s.r[i] = 0
	}
	s.weigh()
	s.pivots = 0
	return nil
}

// weigh sets every observation's pull from its residual, and their sum.
func (s *simplex) weigh() {
	clear(s.pull)
	s.zeros = s.zeros[:0]
	for i := range s.n {
		s.w[i] = s.pullOf(i)
		if s.w[i] != 0 {
			axpy(s.w[i], s.d.Row(i), s.pull)
		} else if s.pos[i] < 0 {
			s.zeros = append(s.zeros, i)
		}
	}
}

// pullOf is observation i's pull at its current residual.
func (s *simplex) pullOf(i int) float64 {
	return s.pullAt(s.r[i], s.pos[i] >= 0)
}

// pullAt is the pull of an observation with residual r, in the basis or
// not.
func (s *simplex) pullAt(r float64, inBasis bool) float64 {
	switch {
	case inBasis || math.Abs(r) <= s.tol:
		return 0
	case r > 0:
		return -s.tau
	}
	return 1 - s.tau
}

// solve moves the basis until it is optimal at tau. The first tau starts
// from a basis far from the answer and works on every observation; later
// ones start from the answer of the tau before and work on those near it.
func (s *simplex) solve(tau float64, first bool) error {
	s.tau = tau
	if err := s.refresh(); err != nil {
		return err
	}
	share := activeShare
	if first {
		share = 1
	}
	s.choose(share)
	for range 50 * s.n {
		j, sign, slope := s.steepest()
		if slope >= -1e-12 {
			if s.check() {
				return nil
			}
			continue
		}
		widen, err := s.step(j, sign, slope)
		if err != nil {
			return err
		}
		if widen {
			// The kinks that level the slope lie among the observations
			// set aside: bring in twice as many and look again.
			if err := s.refresh(); err != nil {
				return err
			}
			share = min(1, 2*share)
			s.choose(share)
			continue
		}
		if s.pivots >= refreshEvery {
			if err := s.refresh(); err != nil {
				return err
			}
			s.load()
		}
	}
	return errors.New("no optimum after many pivots")
}

// activeShare is the share of observations, nearest the fit, that the
// simplex works on after the first tau; activeMin is the fewest for each
// coefficient.
const (
	activeShare = 0.1
	activeMin   = 20
)

// choose picks the active observations: the basis and the given share of
// the observations nearest the fit, every observation on the fit among
// them.
func (s *simplex) choose(share float64) {
	clear(s.isActive)
	s.active = s.active[:0]
	m := max(int(share*float64(s.n)), activeMin*s.p)
	limit := math.Inf(1)
	if m < s.n {
		s.dist = s.dist[:0]
		for i := range s.n {
			s.dist = append(s.dist, math.Abs(s.r[i]))
		}
		limit = max(nth(s.dist, m), s.tol)
	}
	for i := range s.n {
		if s.pos[i] >= 0 || math.Abs(s.r[i]) <= limit {
			s.isActive[i] = true
			s.active = append(s.active, i)
		}
	}
	s.pack()
}

// pack lays the active observations side by side.
func (s *simplex) pack() {
	p, m := s.p, len(s.active)
	s.ax = slices.Grow(s.ax[:0], m*p)[:m*p]
	s.ar = slices.Grow(s.ar[:0], m)[:m]
	s.aw = slices.Grow(s.aw[:0], m)[:m]
	s.acol = slices.Grow(s.acol[:0], m)[:m]
	for k, i := range s.active {
		copy(s.ax[k*p:(k+1)*p], s.d.Row(i))
	}
	s.load()
}

// load copies the residuals and pulls of the active observations in.
func (s *simplex) load() {
	for k, i := range s.active {
		s.ar[k], s.aw[k] = s.r[i], s.w[i]
	}
}

// store copies the residuals and pulls of the active observations out.
func (s *simplex) store() {
	for k, i := range s.active {
		s.r[i], s.w[i] = s.ar[k], s.aw[k]
	}
}

// nth returns the value that would stand at index k if v were sorted,
// reordering v, in time proportional to its length.
func nth(v []float64, k int) float64 {
	lo, hi := 0, len(v)-1
	for lo < hi {
		pivot := v[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for v[j] > pivot {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}

// check brings every observation outside the active ones up to date and
// reports whether each is still on the side of the fit it was counted on.
// Those that are not, or that lie on the fit, join the active ones and
// their pull is corrected.
func (s *simplex) check() bool {
	sound := true
	for i := range s.n {
		if s.isActive[i] {
			continue
		}
		s.r[i] = s.d.Y[i] - dot(s.d.Row(i), s.b)
		w := s.pullOf(i)
		if w == s.w[i] && w != 0 {
			continue
		}
		sound = false
		axpy(w-s.w[i], s.d.Row(i), s.pull)
		s.w[i] = w
		s.isActive[i] = true
		s.active = append(s.active, i)
		if w == 0 {
			s.zeros = append(s.zeros, i)
		}
	}
	if !sound {
		// The new ones take their places in observation order.
		added := s.active[len(s.ar):]
		s.active = s.active[:len(s.ar)]
		s.store()
		s.active = append(s.active, added...)
		slices.Sort(s.active)
		s.pack()
	}
	return sound
}

// steepest finds the edge that lowers the objective fastest: the
// direction j (signed) that moves observation basis[j] off its fit. It
// returns its slope, which is not negative when the basis is optimal.
func (s *simplex) steepest() (int, float64, float64) {
	p, tau := s.p, s.tau

	// The slope along direction j is inv[:, j]' pull, plus the kink of
	// the basis observation that leaves its fit and of each observation
	// outside the basis on the fit.
	grad := s.grad
	clear(grad)
	for k, v := range s.pull {
		if v == 0 {
			continue
		}
		row := s.inv[k*p : (k+1)*p]
		for j := range grad {
			grad[j] += v * row[j]
		}
	}
	zeroZ := make([][]float64, len(s.zeros))
	for m, i := range s.zeros {
		zeroZ[m] = s.along(i)
	}

	bestJ, bestSign, best := -1, 0.0, 0.0
	for j := range p {
		for _, sign := range []float64{1, -1} {
			g := sign * grad[j]
			if sign > 0 {
				g += 1 - tau
			} else {
				g += tau
			}
			for _, z := range zeroZ {
				if v := sign * z[j]; v > 0 {
					g += (1 - tau) * v
				} else {
					g -= tau * v
				}
			}
			if bestJ < 0 || g < best {
				bestJ, bestSign, best = j, sign, g
			}
		}
	}
	return bestJ, bestSign, best
}

// along returns x_i' inv: how observation i's fit moves along each
// direction.
func (s *simplex) along(i int) []float64 {
	p := s.p
	z := make([]float64, p)
	for k, x := range s.d.Row(i) {
		if x == 0 {
			continue
		}
		row := s.inv[k*p : (k+1)*p]
		for j := range z {
			z[j] += x * row[j]
		}
	}
	return z
}

// step moves along direction j with the given sign to the lowest point of
// the objective on that edge, and pivots the observation that reaches its
// fit there into the basis. It reports widen, and moves nothing, when
// the active observations do not hold that point.
func (s *simplex) step(j int, sign, slope float64) (widen bool, err error) {
	p := s.p
	for k := range p {
		s.dir[k] = s.inv[k*p+j]
	}
	s.breaks = s.breaks[:0]
	dir := s.dir
	for k := range s.acol {
		v := dot(s.ax[k*p:(k+1)*p], dir)
		s.acol[k] = v
		if v == 0 || s.aw[k] == 0 {
			continue
		}
		if t := s.ar[k] / (sign * v); t > 0 {
			// Active observations are in observation order, so their
			// places order ties as observations would.
			s.breaks = append(s.breaks, breakpoint{t: t, w: math.Abs(v), obs: k})
		}
	}

	// The slope rises by |z| at each kink; the lowest point is the kink
	// where it turns level.
	bp, ok := weightedSelect(s.breaks, -slope)
	if !ok && len(s.active) < s.n {
		return true, nil
	}
	if !ok {
		return false, errors.New("the objective falls without end along an edge")
	}
	s.pivot(j, sign, bp.t, s.active[bp.obs])
	return false, nil
}

// before orders kinks along an edge, the nearer first, ties by
// observation.
func (a breakpoint) before(b breakpoint) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	return a.obs < b.obs
}

// weightedSelect returns the first kink, in the order of before, at which
// the weights of it and the kinks before it reach need. It partitions in
// place, as quickselect does, so it costs time in proportion to the kinks
// rather than a sort of them.
func weightedSelect(bs []breakpoint, need float64) (breakpoint, bool) {
	total := 0.0
	for _, b := range bs {
		total += b.w
	}
	if total < need || len(bs) == 0 {
		return breakpoint{}, false
	}
	for len(bs) > 1 {
		// Median of three, by position, keeps the choice deterministic.
		a, b, c := bs[0], bs[len(bs)/2], bs[len(bs)-1]
		pivot := b
		if a.before(b) != a.before(c) {
			pivot = a
		} else if c.before(a) != c.before(b) {
			pivot = c
		}

		// Three-way partition: before the pivot, the pivot, after it.
		lo, hi := 0, len(bs)-1
		for i := 0; i <= hi; {
			switch {
			case bs[i].before(pivot):
				bs[lo], bs[i] = bs[i], bs[lo]
				lo++
				i++
			case pivot.before(bs[i]):
				bs[hi], bs[i] = bs[i], bs[hi]
				hi--
			default:
				i++
			}
		}
		below := 0.0
		for _, b := range bs[:lo] {
			below += b.w
		}
		switch {
		case below >= need:
			bs = bs[:lo]
		case below+pivot.w >= need:
			return pivot, true
		default:
			need -= below + pivot.w
			bs = bs[hi+1:]
		}
	}
	return bs[0], true
}

// pivot moves the coefficients by t along direction j, updating every
// residual and pull, and swaps observation enter into the basis in place
// j, updating the inverse by the rank-one change that the swap makes.
func (s *simplex) pivot(j int, sign, t float64, enter int) {
	p := s.p
	for k := range p {
		s.b[k] += t * sign * s.dir[k]
	}

	// The inverse after the swap, from how the entering observation
	// moves along each direction.
	zk := s.along(enter)
	piv := zk[j]
	factor := s.factor
	for l := range p {
		factor[l] = zk[l] / piv
	}
	factor[j] = (piv - 1) / piv
	for r := range p {
		row := s.inv[r*p : (r+1)*p]
		for l := range p {
			row[l] -= s.dir[r] * factor[l]
		}
	}

	leave := s.basis[j]
	s.pos[leave] = -1
	s.basis[j] = enter
	s.pos[enter] = j

	// Residuals move along the column; pulls follow their signs.
	s.zeros = s.zeros[:0]
	move := t * sign
	for k, i := range s.active {
		inBasis := s.pos[i] >= 0
		if inBasis {
			s.ar[k] = 0
		} else if v := s.acol[k]; v != 0 {
			s.ar[k] -= move * v
		}
		w := s.pullAt(s.ar[k], inBasis)
		if w != s.aw[k] {
			axpy(w-s.aw[k], s.ax[k*p:(k+1)*p], s.pull)
			s.aw[k] = w
		}
		if w == 0 && !inBasis {
			s.zeros = append(s.zeros, i)
		}
	}
	s.pivots++
}

// axpy adds a times x to y.
func axpy(a float64, x, y []float64) {
	for k, v := range x {
		y[k] += a * v
	}
}

func dot(a, b []float64) float64 {
	sum := 0.0
	for i, v := range a {
		sum += v * b[i]
	}
	return sum
}
