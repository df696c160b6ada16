package synth

import (
	"math"
	"strconv"
	"time"
)

// fund is the source of money that pays for a person or a budget line.
type fund uint8

const (
	generalFund fund = iota
	titleIFund
	grantFund
	numFunds
)

func (f fund) String() string {
	return [...]string{"general", "title_i", "grant"}[f]
}

// Pay rules.
const (
	// maxStep is the last step of the salary schedule: experience beyond
	// it earns no more.
	maxStep = 25
	// titleIPoverty is the share of poor students from which a school
	// receives Title I money.
	titleIPoverty = 0.4
	// raise is the yearly increase of the whole schedule.
	raise = 0.025
)

// scheduleSalary returns the base salary, in dollars, at a step and lane
// of the schedule of school year t: the lane's base plus one increment
// per step, scaled for school leaders and coaches.
func scheduleSalary(t, step int, lane degree, pos position) int64 {
	base := [...]float64{47000, 52500, 57500, 62000}[lane]
	increment := [...]float64{1100, 1250, 1400, 1500}[lane]
	factor := [...]float64{1, 1.7, 1.38, 1.12}[pos]
	year := math.Pow(1+raise, float64(t-firstYear))
	return int64(math.Round((base + float64(step)*increment) * factor * year))
}

// spending sums a school's year for its budget lines. Amounts are in
// cents.
type spending struct {
	// teachers is the cost of teachers paid by each fund, weighted by
	// their FTE; leaders that of the principal and assistant principals.
	teachers [numFunds]int64
	leaders  int64
	coaches  int64

	// teacherCount counts the school's teachers, students its students
	// and poor those who are economically disadvantaged.
	teacherCount, students, poor int
}

// writeStaff writes the assignment, compensation and, for teachers,
// evaluation rows of the school's staff for the year, and lists its
// teachers by subject area for the classes.
func (w *term) writeStaff() {
	s := w.s
	s.spend = spending{students: len(s.roster)}
	for n := range s.roster {
		if s.roster[n].has(econDisadvantaged) {
			s.spend.poor++
		}
	}
	evaluator := s.slots[0].holder
	lenience := 0.08 * w.r.NormFloat64()
	var chaired [otherSubject + 1]bool

	for j := range s.slots {
		sl := &s.slots[j]
		if sl.holder < 0 {
			continue
		}
		area := ""
		if sl.position == teacher {
			area = sl.subject.String()
			w.teachers[sl.subject] = append(w.teachers[sl.subject], sl.holder)
			if sl.grade >= 0 {
				w.homerooms[sl.grade] = append(w.homerooms[sl.grade], sl.holder)
			}
			w.evaluate(sl.holder, evaluator, lenience)
			s.spend.teacherCount++
		}
		w.c.start(fileAssignments).int(w.t).staff(sl.holder).str(s.id).
			str(sl.position.String()).str(area).dec(sl.fte, 2).end()

		chair := s.level != elementary && sl.position == teacher &&
			sl.subject <= socialStudies && !chaired[sl.subject]
		chaired[sl.subject] = chaired[sl.subject] || chair
		w.compensate(sl, chair)
	}
}

// compensate writes the compensation row of the holder of slot sl and adds
// the cost, weighted by FTE, to the school's spending.
func (w *term) compensate(sl *slot, chair bool) {
	p := &w.d.staff[sl.holder]
	step := min(p.experience(w.t), maxStep)
	base := 100 * scheduleSalary(w.t, step, p.degree, sl.position)
	benefits := int64(math.Round(float64(base) * p.benefitRate))
	supplements := 100 * w.supplements(sl, chair)
	f := w.fund(sl, p)
	w.c.start(fileCompensation).int(w.t).staff(sl.holder).money(base).
		money(supplements).money(benefits).int(step).str(p.degree.String()).
		str(f.String()).end()

	cost := int64(math.Round(float64(base+supplements+benefits) * sl.fte))
	switch sl.position {
	case teacher:
		w.s.spend.teachers[f] += cost
	case coach:
		w.s.spend.coaches += cost
	default:
		w.s.spend.leaders += cost
	}
}

// supplements returns the year's supplements, in dollars, of the holder
// of slot sl: for a coach; for a teacher's extra duties, for chairing a
// department and for a hard-to-staff subject in a poor school.
func (w *term) supplements(sl *slot, chair bool) int64 {
	if sl.position == coach {
		return 1000
	}
	if sl.position != teacher {
		return 0
	}
	var dollars int64
	if chance(w.r, 0.12) {
		dollars += 50 * int64(between(w.r, 16, 70))
	}
	if chair {
		dollars += 1500
	}
	switch sl.subject {
	case mathematics, science, specialEducation:
		if w.s.poverty > 0.7 {
			dollars += 2000
		}
	}
	return dollars
}

// fund returns the fund that pays person p in slot sl: Title I pays for
// some teachers and coaches in Title I schools, grants for a few
// teachers, the general fund for everyone else.
func (w *term) fund(sl *slot, p *person) fund {
	titleI := w.s.poverty >= titleIPoverty
	switch {
	case sl.position == teacher && titleI && p.fundDraw < 0.12,
		sl.position == coach && titleI && p.fundDraw < 0.5:
		return titleIFund
	case sl.position == teacher && p.fundDraw > 0.97:
		return grantFund
	}
	return generalFund
}

// evaluate writes a teacher's evaluation: the ten TAPS standards and
// professional growth, each scored 0 to 3 by the principal in the spring.
// Scores follow the teacher's general quality only in part, since they
// also see practice that test scores do not, and each principal is a
// little more or less lenient; beginners score somewhat lower.
func (w *term) evaluate(h, evaluator int32, lenience float64) {
	p := &w.d.staff[h]
	year := 0.8*p.practice + 0.6*w.r.NormFloat64()
	level := 2.15 + lenience + 0.35*(0.5*p.quality+0.866*year)
	if p.experience(w.t) < 3 {
		level -= 0.15
	}
	observed := day(w.t, time.February, 1, w.r.IntN(88))
	for k := 1; k <= 11; k++ {
		component := "professional_growth"
		if k <= 10 {
			component = "TAPS" + strconv.Itoa(k)
		}
		score := clamp(math.Round(level+0.4*w.r.NormFloat64()), 0, 3)
		w.c.start(fileEvaluations).int(w.t).staff(h).str(component).
			int(int(score)).staff(evaluator).date(observed).end()
	}
}
