package analytics

// Funding factors of student-based budgeting, as the bundle spells them.
const (
	FactorBase              = "base"
	FactorEconDisadvantaged = "econ_disadvantaged"
	FactorELL               = "ell"
	FactorSWD               = "swd"
)

// FundedStudent is a student as a student-based budget funds them.
type FundedStudent struct {
	Grade                  int
	EconDisadvantaged, ELL bool
	SWD                    bool
}

// GradeFactor names the grade band factor of a grade.
func GradeFactor(grade int) string {
	switch {
	case grade <= 2:
		return "grade_0_2"
	case grade <= 5:
		return "grade_3_5"
	case grade <= 8:
		return "grade_6_8"
	}
	return "grade_9_12"
}

// Allocation is what a student-based budget gives a school: for each
// student, the base amount a pupil times one plus the weights that apply
// to them (their grade band and each of their needs).
func Allocation(students []FundedStudent, basePerPupil float64,
	weights map[string]float64) float64 {
	var total float64
	for _, s := range students {
		w := weights[GradeFactor(s.Grade)]
		if s.EconDisadvantaged {
			w += weights[FactorEconDisadvantaged]
		}
		if s.ELL {
			w += weights[FactorELL]
		}
		if s.SWD {
			w += weights[FactorSWD]
		}
		total += basePerPupil * (1 + w)
	}
	return total
}

// SalarySplit is a group's salary spend, weighted by FTE, split into the
// schedule's entry pay (Base), what steps add (Step), what lanes add
// (Lane), and supplements.
type SalarySplit struct {
	Base, Step, Lane, Supplements float64
}

// SplitSalaries splits teachers' salaries along a salary schedule, such
// as the district's when the teachers are one school's. A teacher's lane
// premium is their schedule cell less the lowest lane's at the same step;
// their step pay is the rest of the cell above the schedule's lowest
// entry pay; the remainder of the base salary is base pay. Teachers off
// the schedule, or at a cell it lacks, are all base pay.
func SplitSalaries(s Schedule, pays []Pay) SalarySplit {
	entry, found := 0.0, false
	lowest := -1
	for c := range s {
		if lowest < 0 || c.step < lowest {
			lowest = c.step
		}
	}
	for c, v := range s {
		if c.step == lowest && (!found || v < entry) {
			entry, found = v, true
		}
	}

	var out SalarySplit
	for _, p := range pays {
		out.Supplements += p.FTE * p.Supplements
		cell, ok := s[rung{p.Lane, p.Step}]
		if p.Step < 0 || p.Lane == "" || !ok {
			out.Base += p.FTE * p.Base
			continue
		}
		lane := s.LanePremium(p.Lane, p.Step)
		step := max(0, cell-lane-entry)
		out.Lane += p.FTE * lane
		out.Step += p.FTE * step
		out.Base += p.FTE * (p.Base - lane - step)
	}
	return out
}

// GradeBand names the band of a grade as scenarios use it: "0-2", "3-5",
// "6-8" or "9-12".
func GradeBand(grade int) string {
	switch {
	case grade <= 2:
		return "0-2"
	case grade <= 5:
		return "3-5"
	case grade <= 8:
		return "6-8"
	}
	return "9-12"
}
