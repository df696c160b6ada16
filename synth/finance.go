package synth

import (
	"math"
	"math/rand/v2"
)

// budgetLine is one line of a budget: what was budgeted and what was
// spent, in cents.
type budgetLine struct {
	fund     fund
	category string
	budgeted int64
	actual   int64
}

// budget writes the school's budget lines for the year. Salary lines are
// the year's actual staff costs, budgeted a little above or below; other
// lines are per student at rates typical of large US districts. Title I
// schools get Title I lines for their poor students, and some schools a
// grant.
func (w *term) budget() {
	sp := &w.s.spend
	r := w.r
	students, poor := float64(sp.students), float64(sp.poor)
	lines := []budgetLine{
		spent(r, generalFund, "administration", sp.leaders),
		planned(r, generalFund, "support_staff",
			float64(sp.coaches)/100+students*uniform(r, 1000, 1200)),
		planned(r, generalFund, "instructional_materials",
			students*uniform(r, 180, 260)),
		planned(r, generalFund, "professional_development",
			float64(sp.teacherCount)*uniform(r, 350, 550)),
		planned(r, generalFund, "other", students*uniform(r, 1200, 1600)),
	}
	for f := range numFunds {
		if sp.teachers[f] > 0 {
			lines = append(lines, spent(r, f, "teacher_salaries", sp.teachers[f]))
		}
	}
	if w.s.poverty >= titleIPoverty {
		lines = append(lines,
			planned(r, titleIFund, "support_staff", poor*uniform(r, 200, 300)),
			planned(r, titleIFund, "instructional_materials",
				poor*uniform(r, 100, 140)),
			planned(r, titleIFund, "professional_development",
				poor*uniform(r, 45, 75)))
	}
	if chance(r, 0.25) {
		lines = append(lines, planned(r, grantFund, "other",
			1000*float64(between(r, 25, 250))))
	}
	w.writeBudget(w.s.id, lines)
}

// spent returns a line whose actual amount is known: the budget was set a
// little off it.
func spent(r *rand.Rand, f fund, category string, actual int64) budgetLine {
	budgeted := float64(actual) * uniform(r, 0.97, 1.05)
	return budgetLine{f, category, 100 * int64(math.Round(budgeted/100)), actual}
}

// planned returns a line budgeted at the given whole dollars, of which a
// share was spent.
func planned(r *rand.Rand, f fund, category string, dollars float64) budgetLine {
	budgeted := 100 * int64(math.Round(dollars))
	actual := int64(math.Round(float64(budgeted) * uniform(r, 0.9, 1.03)))
	return budgetLine{f, category, budgeted, actual}
}

// writeBudget writes budget lines of a school, or of the central office
// when school is empty.
func (w *term) writeBudget(school string, lines []budgetLine) {
	for _, l := range lines {
		w.c.start(fileBudgets).int(w.t).str(school).str(l.fund.String()).
			str(l.category).money(l.budgeted).money(l.actual).end()
	}
}

// districtYear writes what belongs to the whole district in school year t:
// the central office's budget lines and the weights of student-based
// budgeting.
func (d *district) districtYear(t int) {
	w := &term{d: d, t: t, c: &d.rows,
		r: d.rand(streamDistrictYear, t, 0)}
	var students, poor float64
	for i := range d.schools {
		students += float64(d.schools[i].spend.students)
		poor += float64(d.schools[i].spend.poor)
	}
	r := w.r
	w.writeBudget("", []budgetLine{
		planned(r, generalFund, "teacher_salaries", students*uniform(r, 250, 350)),
		planned(r, generalFund, "administration", students*uniform(r, 450, 600)),
		planned(r, generalFund, "support_staff", students*uniform(r, 700, 850)),
		planned(r, generalFund, "instructional_materials",
			students*uniform(r, 30, 45)),
		planned(r, generalFund, "professional_development",
			students*uniform(r, 35, 55)),
		planned(r, generalFund, "other", students*uniform(r, 2100, 2500)),
		planned(r, titleIFund, "administration", poor*uniform(r, 30, 50)),
		planned(r, titleIFund, "professional_development",
			poor*uniform(r, 20, 30)),
		planned(r, grantFund, "other", students*uniform(r, 70, 110)),
	})
	w.writeWeights()
}

// writeWeights writes the student-based budgeting weights of the year: a
// base amount per pupil that rises each year, and the extra weight of
// each need and grade band.
func (w *term) writeWeights() {
	k := float64(w.t - firstYear)
	base := 4650 * math.Pow(1.03, k)
	w.c.start(fileSBBWeights).int(w.t).str("base").dec(1, 2).
		money(int64(math.Round(base * 100))).end()
	weights := []struct {
		factor string
		weight float64
	}{
		{"econ_disadvantaged", 0.25 + 0.01*k},
		{"ell", 0.2},
		{"swd", 0.75 + 0.05*math.Floor(k/2)},
		{"grade_0_2", 0.12},
		{"grade_3_5", 0.03},
		{"grade_6_8", 0.08},
		{"grade_9_12", 0.18},
	}
	for _, f := range weights {
		w.c.start(fileSBBWeights).int(w.t).str(f.factor).dec(f.weight, 2).
			empty().end()
	}
}

// writeSchools writes schools.csv.
func (d *district) writeSchools() {
	for i := range d.schools {
		s := &d.schools[i]
		d.rows.start(fileSchools).str(s.id).str(s.name).str(s.level.String()).
			str(s.region).end()
	}
}
