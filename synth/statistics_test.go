package synth

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"
)

// teacherYear is a teacher's year as the bundle records it.
type teacherYear struct {
	staff, school string
	year          int
	experience    float64
}

// facts is what the statistical tests read from a bundle.
type facts struct {
	b        bundleFiles
	teachers []teacherYear
	// assigned holds year|staff_id of every assignment.
	assigned map[string]bool
	// poverty is each school's share of poor students over all years.
	poverty map[string]float64
}

func readFacts(t *testing.T, b bundleFiles) *facts {
	t.Helper()
	f := &facts{b: b, assigned: map[string]bool{}, poverty: map[string]float64{}}
	st := b["staff"]
	hired := map[string]time.Time{}
	prior := map[string]float64{}
	for i := range st.rows {
		id := st.get(i, "staff_id")
		hired[id], _ = time.Parse(time.DateOnly, st.get(i, "hire_date"))
		prior[id] = num(st.get(i, "prior_experience_years"))
	}

	asg := b["staff_assignments"]
	for i := range asg.rows {
		id, yr := asg.get(i, "staff_id"), int(num(asg.get(i, "school_year")))
		f.assigned[fmt.Sprint(yr)+"|"+id] = true
		if asg.get(i, "position") != "teacher" {
			continue
		}
		since := yearStart(yr).Sub(hired[id]).Hours() / 24 / 365.25
		f.teachers = append(f.teachers, teacherYear{staff: id,
			school: asg.get(i, "school_id"), year: yr,
			experience: prior[id] + since})
	}

	stu := b["students"]
	poor, all := map[string]float64{}, map[string]float64{}
	for i := range stu.rows {
		s := stu.get(i, "school_id")
		all[s]++
		poor[s] += num(stu.get(i, "econ_disadvantaged"))
	}
	for s, n := range all {
		f.poverty[s] = poor[s] / n
	}
	return f
}

func num(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// correlation returns Pearson's correlation of xs and ys.
func correlation(xs, ys []float64) float64 {
	n := float64(len(xs))
	var sx, sy, sxx, syy, sxy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		syy += ys[i] * ys[i]
		sxy += xs[i] * ys[i]
	}
	cov := sxy/n - sx/n*sy/n
	return cov / math.Sqrt((sxx/n-sx/n*sx/n)*(syy/n-sy/n*sy/n))
}

// standardScores returns each test score as standard deviations from the
// mean of its year, subject and grade, keyed by year|student|subject.
func standardScores(b bundleFiles) map[string]float64 {
	as := b["assessments"]
	type cell struct{ n, sum, sq float64 }
	cells := map[string]*cell{}
	for i := range as.rows {
		k := key(as, i, "school_year", "subject", "grade_level")
		if cells[k] == nil {
			cells[k] = &cell{}
		}
		v := num(as.get(i, "scale_score"))
		cells[k].n++
		cells[k].sum += v
		cells[k].sq += v * v
	}
	z := make(map[string]float64, len(as.rows))
	for i := range as.rows {
		c := cells[key(as, i, "school_year", "subject", "grade_level")]
		mean := c.sum / c.n
		sd := math.Sqrt(c.sq/c.n - mean*mean)
		z[key(as, i, "school_year", "student_id", "subject")] =
			(num(as.get(i, "scale_score")) - mean) / sd
	}
	return z
}

// priorPairs returns each score that has a score of the year before in
// the same subject, as pairs of standard scores, with the key of the
// current score.
func priorPairs(b bundleFiles, z map[string]float64, subj string) (
	keys []string, prior, current []float64) {
	as := b["assessments"]
	for i := range as.rows {
		if as.get(i, "subject") != subj {
			continue
		}
		yr := int(num(as.get(i, "school_year")))
		id := as.get(i, "student_id")
		p, ok := z[fmt.Sprint(yr-1)+"|"+id+"|"+subj]
		if !ok {
			continue
		}
		k := fmt.Sprint(yr) + "|" + id + "|" + subj
		keys = append(keys, k)
		prior = append(prior, p)
		current = append(current, z[k])
	}
	return keys, prior, current
}

// residualGains returns, for each teacher, the dosage-weighted mean of
// their students' residual gains in subj: the current score less what
// the prior score predicts, by least squares over the district.
func residualGains(b bundleFiles, z map[string]float64, subj string) (
	map[string]float64, map[string]float64) {
	keys, prior, current := priorPairs(b, z, subj)
	slope := correlation(prior, current) // both are standard scores
	resid := make(map[string]float64, len(keys))
	for i, k := range keys {
		resid[k] = current[i] - slope*prior[i]
	}

	sec := b["sections"]
	sections := index(sec, "school_year", "section_id")
	enr := b["enrollments"]
	sum, weight := map[string]float64{}, map[string]float64{}
	for i := range enr.rows {
		s := sections[key(enr, i, "school_year", "section_id")]
		if sec.get(s, "subject") != subj {
			continue
		}
		r, ok := resid[key(enr, i, "school_year", "student_id")+"|"+subj]
		if !ok {
			continue
		}
		d := num(enr.get(i, "dosage"))
		sum[sec.get(s, "staff_id")] += d * r
		weight[sec.get(s, "staff_id")] += d
	}
	for id := range sum {
		sum[id] /= weight[id]
	}
	return sum, weight
}

// truth returns the true effects of subj by staff_id.
func truth(b bundleFiles, subj string) map[string]float64 {
	tr := b["truth"]
	m := map[string]float64{}
	for i := range tr.rows {
		if tr.get(i, "subject") == subj {
			m[tr.get(i, "staff_id")] = num(tr.get(i, "effect"))
		}
	}
	return m
}

// quartileSchools returns the schools of the lowest and of the highest
// quartile of poverty.
func (f *facts) quartileSchools() (low, high map[string]bool) {
	var ids []string
	for id := range f.poverty {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		return cmpFloat(f.poverty[a], f.poverty[b])
	})
	q := len(ids) / 4
	low, high = map[string]bool{}, map[string]bool{}
	for _, id := range ids[:q] {
		low[id] = true
	}
	for _, id := range ids[len(ids)-q:] {
		high[id] = true
	}
	return low, high
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestGenerate_Statistics(t *testing.T) {
	checkStatistics(t, readBundle(t, mustGenerate(t, midScale(), 11)))
}

// checkStatistics checks the properties of a district that TED's
// analytics rest on.
func checkStatistics(t *testing.T, b bundleFiles) {
	f := readFacts(t, b)
	z := standardScores(b)
	t.Run("ScoresPersist", func(t *testing.T) { checkPersistence(t, b, z) })
	t.Run("GainsFollowTruth", func(t *testing.T) { checkGains(t, b, z) })
	t.Run("EvaluationsFollowTruth", func(t *testing.T) { checkEvaluations(t, b) })
	t.Run("NovicesLeaveMore", func(t *testing.T) { checkAttrition(t, f) })
	t.Run("NovicesClusterInPoorSchools", func(t *testing.T) { checkNovices(t, f) })
	t.Run("PovertyVaries", func(t *testing.T) { checkPoverty(t, f) })
	t.Run("PayFollowsSchedule", func(t *testing.T) { checkSchedule(t, f) })
	t.Run("Certification", func(t *testing.T) { checkCertification(t, f) })
	t.Run("BudgetsInRange", func(t *testing.T) { checkBudgets(t, f) })
	t.Run("WeightsInRange", func(t *testing.T) { checkWeights(t, f) })
}

// checkBudgets checks that each school's budget per student is in the
// range of large US districts (5,000 to 15,000 a pupil in school budgets,
// the rest central), that spending stays within 15 % of the budget, and
// that the central office has lines of its own.
func checkBudgets(t *testing.T, f *facts) {
	students := map[string]float64{}
	stu := f.b["students"]
	for i := range stu.rows {
		students[stu.get(i, "school_year")+"|"+stu.get(i, "school_id")]++
	}
	budgeted := map[string]float64{}
	bud := f.b["budgets"]
	central := 0
	for i := range bud.rows {
		school := bud.get(i, "school_id")
		if school == "" {
			central++
			continue
		}
		b := num(bud.get(i, "budgeted"))
		budgeted[bud.get(i, "school_year")+"|"+school] += b
		if a := bud.get(i, "actual"); a != "" {
			if r := num(a) / b; r < 0.85 || r > 1.15 {
				t.Errorf("%s: actual %s is %.2f of budgeted %.0f", school, a, r, b)
			}
		}
	}
	lo, hi := math.Inf(1), 0.0
	for k, b := range budgeted {
		if students[k] == 0 {
			t.Errorf("%s has a budget but no students", k)
			continue
		}
		lo, hi = min(lo, b/students[k]), max(hi, b/students[k])
	}
	t.Logf("school budgets from %.0f to %.0f a pupil; %d central lines", lo, hi, central)
	if lo < 5000 || hi > 15000 {
		t.Errorf("school budgets from %.0f to %.0f a pupil, want 5,000 to 15,000", lo, hi)
	}
	if central == 0 {
		t.Error("no central office budget lines")
	}
}

// checkWeights checks the student-based budgeting weights of each year
// against those large districts publish (NYC's Fair Student Funding,
// Atlanta's and Denver's formulas): a base of 3,000 to 8,000 a pupil and
// need weights below the base's 1, except special education's, up to 2.
func checkWeights(t *testing.T, f *facts) {
	limits := map[string][2]float64{
		"base": {1, 1}, "econ_disadvantaged": {0.05, 0.6}, "ell": {0.05, 0.6},
		"swd": {0.3, 2}, "grade_0_2": {0, 0.5}, "grade_3_5": {0, 0.5},
		"grade_6_8": {0, 0.5}, "grade_9_12": {0, 0.5},
	}
	w := f.b["sbb_weights"]
	seen := map[string]int{}
	for i := range w.rows {
		factor, weight := w.get(i, "factor"), num(w.get(i, "weight"))
		seen[factor]++
		lim, ok := limits[factor]
		if !ok || weight < lim[0] || weight > lim[1] {
			t.Errorf("%s %s weight %g, want %g to %g", w.get(i, "school_year"), factor,
				weight, lim[0], lim[1])
		}
		if factor == "base" {
			if b := num(w.get(i, "base_per_pupil")); b < 3000 || b > 8000 {
				t.Errorf("%s base_per_pupil %g, want 3,000 to 8,000", w.get(i, "school_year"), b)
			}
		}
	}
	for factor := range limits {
		if seen[factor] != seen["base"] || seen[factor] == 0 {
			t.Errorf("factor %s appears in %d years, base in %d", factor, seen[factor],
				seen["base"])
		}
	}
}

// checkPersistence checks that a student's score predicts the next
// year's strongly, as in real state tests.
func checkPersistence(t *testing.T, b bundleFiles, z map[string]float64) {
	for _, subj := range []string{"math", "ela"} {
		_, prior, current := priorPairs(b, z, subj)
		r := correlation(prior, current)
		t.Logf("%s: %d pairs, year-to-year r = %.3f", subj, len(prior), r)
		if len(prior) < 5000 || r < 0.6 || r > 0.9 {
			t.Errorf("%s: %d pairs, r = %.3f, want r in [0.6, 0.9]",
				subj, len(prior), r)
		}
	}
}

// checkGains checks that a simple value-added measure, a teacher's mean
// residual gain, recovers the true effects.
func checkGains(t *testing.T, b bundleFiles, z map[string]float64) {
	for _, subj := range []string{"math", "ela"} {
		gains, weight := residualGains(b, z, subj)
		effects := truth(b, subj)
		var xs, ys []float64
		for id, g := range gains {
			if e, ok := effects[id]; ok && weight[id] >= 15 {
				xs, ys = append(xs, g), append(ys, e)
			}
		}
		r := correlation(xs, ys)
		t.Logf("%s: %d teachers, r(gain, effect) = %.3f", subj, len(xs), r)
		if len(xs) < 30 || r < 0.4 {
			t.Errorf("%s: %d teachers, r = %.3f, want at least 0.4", subj, len(xs), r)
		}
	}
}

// checkEvaluations checks that a teacher's mean evaluation score follows
// the true effect moderately, as observation scores do in studies.
func checkEvaluations(t *testing.T, b bundleFiles) {
	ev := b["evaluations"]
	sum, n := map[string]float64{}, map[string]float64{}
	for i := range ev.rows {
		sum[ev.get(i, "staff_id")] += num(ev.get(i, "score"))
		n[ev.get(i, "staff_id")]++
	}
	for _, subj := range []string{"math", "ela"} {
		var xs, ys []float64
		for id, e := range truth(b, subj) {
			if n[id] > 0 {
				xs, ys = append(xs, sum[id]/n[id]), append(ys, e)
			}
		}
		r := correlation(xs, ys)
		t.Logf("%s: %d teachers, r(evaluation, effect) = %.3f", subj, len(xs), r)
		if r < 0.2 || r > 0.6 {
			t.Errorf("%s: r = %.3f, want it in [0.2, 0.6]", subj, r)
		}
	}
}

// checkAttrition checks that novices leave the district more often than
// veterans, who leave at a plausible rate.
func checkAttrition(t *testing.T, f *facts) {
	var left, n [2]float64
	for _, ty := range f.teachers {
		if ty.year == lastYear {
			continue
		}
		k := 0
		if ty.experience < 3 {
			k = 1
		}
		n[k]++
		if !f.assigned[fmt.Sprint(ty.year+1)+"|"+ty.staff] {
			left[k]++
		}
	}
	veteran, novice := left[0]/n[0], left[1]/n[1]
	t.Logf("attrition: novices %.3f of %v, veterans %.3f of %v",
		novice, n[1], veteran, n[0])
	if novice <= veteran+0.03 || veteran < 0.04 || veteran > 0.2 {
		t.Errorf("attrition: novices %.3f, veterans %.3f", novice, veteran)
	}
}

// checkNovices checks that the poorest quarter of schools has a larger
// share of novice teachers than the richest quarter.
func checkNovices(t *testing.T, f *facts) {
	low, high := f.quartileSchools()
	var nov, n [2]float64
	for _, ty := range f.teachers {
		k := -1
		switch {
		case low[ty.school]:
			k = 0
		case high[ty.school]:
			k = 1
		}
		if k < 0 {
			continue
		}
		n[k]++
		if ty.experience < 3 {
			nov[k]++
		}
	}
	t.Logf("novice share: lowest-poverty quartile %.3f, highest %.3f",
		nov[0]/n[0], nov[1]/n[1])
	if nov[1]/n[1] <= nov[0]/n[0]+0.05 {
		t.Errorf("novice share: lowest-poverty quartile %.3f, highest %.3f",
			nov[0]/n[0], nov[1]/n[1])
	}
}

// checkPoverty checks that the share of poor students differs widely
// between schools.
func checkPoverty(t *testing.T, f *facts) {
	lo, hi := 1.0, 0.0
	for _, p := range f.poverty {
		lo, hi = min(lo, p), max(hi, p)
	}
	t.Logf("school poverty from %.3f to %.3f", lo, hi)
	if hi-lo < 0.5 {
		t.Errorf("school poverty from %.3f to %.3f, want a spread above 0.5", lo, hi)
	}
}

// checkSchedule checks that, among teachers in a year, base salary rises
// with the step in each lane and with the lane at each step.
func checkSchedule(t *testing.T, f *facts) {
	teaching := map[string]bool{}
	for _, ty := range f.teachers {
		teaching[fmt.Sprint(ty.year)+"|"+ty.staff] = true
	}
	type cell struct{ year, lane, step int }
	lanes := map[string]int{"BA": 0, "MA": 1, "EDS": 2, "PHD": 3}
	pay := map[cell]float64{}
	comp := f.b["compensation"]
	for i := range comp.rows {
		if !teaching[key(comp, i, "school_year", "staff_id")] {
			continue
		}
		c := cell{int(num(comp.get(i, "school_year"))), lanes[comp.get(i, "lane")],
			int(num(comp.get(i, "step")))}
		base := num(comp.get(i, "base_salary"))
		if old, ok := pay[c]; ok && old != base {
			t.Errorf("%+v: base salaries %v and %v", c, old, base)
		}
		pay[c] = base
	}

	compared := 0
	for c, here := range pay {
		for _, prev := range []cell{{c.year, c.lane, c.step - 1},
			{c.year, c.lane - 1, c.step}} {
			if below, ok := pay[prev]; ok {
				compared++
				if below >= here {
					t.Errorf("%+v pays %v, %+v pays %v", prev, below, c, here)
				}
			}
		}
	}
	if compared < 50 {
		t.Errorf("only %d comparisons of schedule cells", compared)
	}
}

// certStatus returns a teacher's certification status on day as TED's
// methods define it, the best of the certificates issued by then, and
// the fields of the certificates that let the teacher teach in field.
func certStatus(certs *table, rows []int, day time.Time) (string, []string) {
	rank := map[string]int{"none": 0, "expired": 1, "provisional": 2,
		"expiring": 3, "valid": 4}
	status := "none"
	var fields []string
	for _, i := range rows {
		issued, _ := time.Parse(time.DateOnly, certs.get(i, "issued_on"))
		expires, _ := time.Parse(time.DateOnly, certs.get(i, "expires_on"))
		if issued.After(day) {
			continue
		}
		s := certs.get(i, "status")
		switch {
		case s == "expired" || s == "revoked" || expires.Before(day):
			s = "expired"
		case s == "valid" && expires.Before(day.AddDate(0, 0, 180)):
			s = "expiring"
		}
		if s != "expired" {
			fields = append(fields, certs.get(i, "field"))
		}
		if rank[s] > rank[status] {
			status = s
		}
	}
	return status, fields
}

// inField reports whether a certificate field covers teaching subj in
// grade.
func inField(fields []string, subj string, grade int) bool {
	core := subj == "math" || subj == "ela" || subj == "science" ||
		subj == "social_studies"
	for _, f := range fields {
		if f == subj || f == "elementary" && core && grade <= 5 {
			return true
		}
	}
	return false
}

// checkCertification checks that a few teachers each year hold a
// certificate that is expiring, provisional or expired, and that a few
// teach out of field.
func checkCertification(t *testing.T, f *facts) {
	certs := f.b["certifications"]
	byStaff := map[string][]int{}
	for i := range certs.rows {
		byStaff[certs.get(i, "staff_id")] = append(byStaff[certs.get(i, "staff_id")], i)
	}
	sec := f.b["sections"]
	classes := map[string][]int{}
	for i := range sec.rows {
		k := key(sec, i, "school_year", "staff_id")
		classes[k] = append(classes[k], i)
	}

	low, high := f.quartileSchools()
	count := map[string]float64{}
	var out, n [3]float64
	for _, ty := range f.teachers {
		status, fields := certStatus(certs, byStaff[ty.staff], yearStart(ty.year))
		count[status]++
		q := 1
		switch {
		case low[ty.school]:
			q = 0
		case high[ty.school]:
			q = 2
		}
		n[q]++
		for _, i := range classes[fmt.Sprint(ty.year)+"|"+ty.staff] {
			grade, _ := strconv.Atoi(sec.get(i, "grade_level"))
			if !inField(fields, sec.get(i, "subject"), grade) {
				out[q]++
				break
			}
		}
	}

	all := float64(len(f.teachers))
	for _, c := range []struct {
		status string
		lo, hi float64
	}{
		{"valid", 0.8, 0.98},
		{"expiring", 0.005, 0.06},
		{"provisional", 0.01, 0.1},
		{"expired", 0.003, 0.06},
		{"none", 0, 0},
	} {
		share := count[c.status] / all
		t.Logf("%s: %.3f", c.status, share)
		if share < c.lo || share > c.hi {
			t.Errorf("%s: share %.3f, want it in [%g, %g]", c.status, share, c.lo, c.hi)
		}
	}
	share := (out[0] + out[1] + out[2]) / all
	t.Logf("out of field: %.3f; lowest-poverty quartile %.3f, highest %.3f",
		share, out[0]/n[0], out[2]/n[2])
	if share < 0.02 || share > 0.15 {
		t.Errorf("out of field: %.3f, want it in [0.02, 0.15]", share)
	}
}
