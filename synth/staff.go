package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// person is a member of staff, from hire to separation.
type person struct {
	first, last string
	hired       time.Time
	// prior is the years of teaching before the hire.
	prior  int
	degree degree
	source source
	// quality is the person's general effectiveness, in standard units.
	// It drives both the true effects on test scores and, in part, the
	// evaluations.
	quality float64
	// practice is what evaluations see that test scores do not.
	practice float64
	// effect is the true effect on a student's math and ELA scores, in
	// student standard deviations per year of full instruction.
	effect [2]float64
	// benefitRate is the cost of benefits as a share of base salary, and
	// fundDraw fixes which fund pays the person.
	benefitRate float64
	fundDraw    float64
	// school and slot locate the person's position; school is -1 once
	// the person has left.
	school, slot int32
}

// experience returns the years of teaching completed at the start of
// school year t.
func (p *person) experience(t int) int {
	return p.prior + t - 1 - p.hired.Year()
}

// Years of the generated data: school years are named by the calendar
// year in which they end.
const (
	firstYear = 2022
	lastYear  = 2025
)

// yearStart returns the first day of school year t, August 1.
func yearStart(t int) time.Time {
	return time.Date(t-1, time.August, 1, 0, 0, 0, 0, time.UTC)
}

// day returns a date, offset by days.
func day(year int, month time.Month, d, days int) time.Time {
	return time.Date(year, month, d+days, 0, 0, 0, 0, time.UTC)
}

// Effects and their spread.
const (
	// noviceGap is how much less effective, in standard units of quality,
	// a teacher starting out is than one with experience.
	noviceGap = 0.35
	// qualityShare is the part of a teacher's effect in each subject
	// that comes from general quality, the rest being subject-specific.
	qualityShare = 0.8
)

// effectSD returns the spread of teachers' true effects in each tested
// subject, in student standard deviations; larger in math, as studies of
// value-added find.
func effectSD() [2]float64 {
	return [2]float64{0.15, 0.10}
}

// staffYear fills every vacant position of the district for school year
// t: in the first year with the staff already in place, later by
// promotion from within the school or by hiring.
func (d *district) staffYear(t int) {
	r := d.rand(streamStaffing, t, 0)
	for i := range d.schools {
		for j := range d.schools[i].slots {
			if d.schools[i].slots[j].holder >= 0 {
				continue
			}
			if t > firstYear {
				if h := d.promotion(r, i, j, t); h >= 0 {
					d.place(h, i, j)
					continue
				}
			}
			d.place(d.hire(r, t, i, j), i, j)
		}
	}
}

// place puts person h in slot j of school i, leaving the person's former
// position vacant.
func (d *district) place(h int32, i, j int) {
	p := &d.staff[h]
	if p.school >= 0 {
		d.schools[p.school].slots[p.slot].holder = -1
	}
	p.school, p.slot = int32(i), int32(j)
	d.schools[i].slots[j].holder = h
}

// promotion returns a person of school i promoted into its vacant
// leadership slot j, or -1 when the position goes to a new hire. An
// assistant principal may become principal, and an experienced teacher
// an assistant principal or a coach. The promoted person's own position
// comes later in the school's slots and is filled in the same pass.
func (d *district) promotion(r *rand.Rand, i, j, t int) int32 {
	s := &d.schools[i]
	from, minExp, p := teacher, 5, 0.0
	switch s.slots[j].position {
	case principal:
		from, p = assistantPrincipal, 0.5
	case assistantPrincipal:
		p = 0.35
	case coach:
		minExp, p = 4, 0.5
	}
	if !chance(r, p) {
		return -1
	}
	var candidates []int32
	for _, sl := range s.slots {
		if sl.position == from && sl.holder >= 0 &&
			d.staff[sl.holder].experience(t) >= minExp {
			candidates = append(candidates, sl.holder)
		}
	}
	if len(candidates) == 0 {
		return -1
	}
	return candidates[r.IntN(len(candidates))]
}

// hire creates the person who takes slot j of school i in school year t
// and writes the person's staff, certification and truth rows. In the
// first year the person is already in place, hired in an earlier summer;
// later the person is hired in the summer before the school year.
func (d *district) hire(r *rand.Rand, t, i, j int) int32 {
	s, sl := &d.schools[i], &d.schools[i].slots[j]
	exp := experienceOfHire(r, t, s, sl.position)
	here := exp
	if t > firstYear {
		here = 0
	} else if chance(r, 0.3) {
		here = between(r, 0, exp)
	}

	p := person{prior: exp - here, school: -1}
	p.first, p.last = d.names.person(r)
	p.hired = day(t-1-here, time.June, 1, r.IntN(61))
	p.degree = drawDegree(r, exp, sl.position)
	p.source = drawSource(r, s, exp < 3, p.hired.Year())
	p.quality = r.NormFloat64() + sourceShift(p.source)
	if exp < 3 {
		p.quality -= noviceGap
	}
	p.practice = r.NormFloat64()
	sd := effectSD()
	for k := range p.effect {
		p.effect[k] = sd[k] * (qualityShare*p.quality +
			0.6*r.NormFloat64())
	}
	p.benefitRate = uniform(r, 0.25, 0.35)
	p.fundDraw = r.Float64()

	h := int32(len(d.staff))
	d.staff = append(d.staff, p)
	d.writePerson(h)
	d.certify(r, h, s, sl, t)
	d.writeTruth(h, sl)
	return h
}

// experienceOfHire draws the years of experience a new person in a
// position of school s has at the start of school year t. Poorer schools
// have more beginners, both among the staff in place in the first year
// and among new hires, as in real districts.
func experienceOfHire(r *rand.Rand, t int, s *school, pos position) int {
	switch pos {
	case principal:
		return between(r, 10, 25)
	case assistantPrincipal:
		return between(r, 6, 18)
	case coach:
		return between(r, 5, 17)
	}
	if t == firstYear {
		if chance(r, 0.12+0.22*s.poverty) {
			return between(r, 0, 2)
		}
		return 3 + min(35, int(10*r.ExpFloat64()))
	}
	if chance(r, 0.3+0.4*s.poverty) {
		return [...]int{0, 0, 0, 0, 0, 0, 0, 0, 1, 2}[r.IntN(10)]
	}
	return 3 + min(27, int(6*r.ExpFloat64()))
}

// drawDegree draws a highest degree: more advanced degrees with more
// experience, and for school leaders.
func drawDegree(r *rand.Rand, exp int, pos position) degree {
	switch {
	case pos != teacher && pos != coach:
		return degree(1 + pick(r, 0.45, 0.4, 0.15))
	case exp < 3:
		return degree(pick(r, 0.72, 0.28))
	case exp < 10:
		return degree(pick(r, 0.5, 0.4, 0.08, 0.02))
	}
	return degree(pick(r, 0.35, 0.45, 0.16, 0.04))
}

// drawSource draws the route into teaching of a person hired in the given
// year. Beginners come more often from alternative routes, residencies
// and Teach For America, which places its corps members in poor schools
// only.
func drawSource(r *rand.Rand, s *school, beginner bool, hired int) source {
	tfa := 0.0
	if s.poverty > 0.5 {
		tfa = 0.1
	}
	residencies := 0.05
	if hired < 2012 {
		residencies = 0
	}
	if beginner {
		return source(pick(r, 0.55, 0.25, 0.1, tfa))
	}
	return source(pick(r, 0.8, 0.15, residencies, tfa/3))
}

// sourceShift is how much more effective, in standard units, teachers of
// a route are on average.
func sourceShift(s source) float64 {
	return [...]float64{0, -0.15, 0.2, 0.05}[s]
}

// writePerson writes the staff row of person h.
func (d *district) writePerson(h int32) {
	p := &d.staff[h]
	email := strings.ToLower(p.first[:1]+p.last) +
		strconv.Itoa(int(h)+1) + "@district.example.org"
	d.rows.start(fileStaff).staff(h).str(p.first).str(p.last).str(email).
		date(p.hired).int(p.prior).str(p.degree.String()).
		str(p.source.String()).end()
}

// writeTruth writes the true effects of a teacher of a tested subject, in
// student standard deviations and in scale-score points.
func (d *district) writeTruth(h int32, sl *slot) {
	if sl.position != teacher {
		return
	}
	p := &d.staff[h]
	for k, subj := range []subject{mathematics, ela} {
		if sl.subject != subj && sl.subject != elementarySubjects &&
			sl.subject != specialEducation {
			continue
		}
		d.rows.start(fileTruth).staff(h).str(subj.String()).
			dec(p.effect[k], 4).dec(p.effect[k]*scorePoints()[k], 2).end()
	}
}

// turnover ends school year t: some staff leave the district, with a
// separation on record, and some teachers move to an opening in another
// school. Beginners, teachers in poor schools and less effective
// teachers leave more often.
func (d *district) turnover(t int) {
	r := d.rand(streamTurnover, t, 0)
	var movers []int32
	for i := range d.schools {
		s := &d.schools[i]
		for j := range s.slots {
			h := s.slots[j].holder
			if h < 0 {
				continue
			}
			leave := d.leaveChance(h, t)
			switch u := r.Float64(); {
			case u < leave:
				d.separate(r, h, t)
			case s.slots[j].position == teacher &&
				u < leave+0.03+0.05*s.poverty:
				movers = append(movers, h)
			}
		}
	}
	d.transfer(r, movers)
}

// leaveChance returns the chance that person h leaves the district at the
// end of school year t.
func (d *district) leaveChance(h int32, t int) float64 {
	p := &d.staff[h]
	s := &d.schools[p.school]
	exp := p.experience(t)
	var c float64
	switch s.slots[p.slot].position {
	case principal:
		c = 0.1
	case assistantPrincipal:
		c = 0.08
	case coach:
		c = 0.09
	default:
		c = teacherLeaveChance(p, s, exp)
	}
	switch {
	case exp >= 30:
		c += 0.3
	case exp >= 25:
		c += 0.1
	}
	return clamp(c, 0.01, 0.9)
}

// teacherLeaveChance is a teacher's chance of leaving before retirement
// age.
func teacherLeaveChance(p *person, s *school, exp int) float64 {
	c := 0.035 + 0.07*s.poverty + 0.04*max(0, -p.quality)
	if exp < 3 {
		c += 0.09
	}
	switch {
	case p.source == alternative:
		c += 0.04
	case p.source == residency:
		c -= 0.03
	case p.source == teachForAmerica && exp == 1:
		// Corps members commit to two years.
		c += 0.35
	}
	return c
}

// separate records that person h leaves the district at the end of school
// year t, and leaves the position vacant.
func (d *district) separate(r *rand.Rand, h int32, t int) {
	p := &d.staff[h]
	exp := p.experience(t)
	var reason string
	switch {
	case exp >= 25 && chance(r, 0.75):
		reason = "retirement"
	case exp < 3 && p.quality < -0.5 && chance(r, 0.5):
		reason = "non_renewal"
	default:
		reason = [...]string{"resignation", "transfer_out", "other",
			"non_renewal", "dismissal"}[pick(r, 0.62, 0.2, 0.08, 0.06, 0.04)]
	}
	d.rows.start(fileSeparations).staff(h).
		date(day(t, time.May, 20, r.IntN(42))).str(reason).end()

	d.schools[p.school].slots[p.slot].holder = -1
	p.school = -1
}

// opening is a vacant teaching position.
type opening struct{ school, slot int32 }

// openingKind groups openings a teacher may move to: the same subject
// area at a school of the same level.
type openingKind struct {
	level   level
	subject subject
}

// transfer moves teachers who asked to change school to openings for their
// subject area in other schools. Each looks at a few openings and takes
// the one in the school with the fewest poor students, unless that school
// is clearly poorer than their own; their old position opens in turn.
func (d *district) transfer(r *rand.Rand, movers []int32) {
	open := map[openingKind][]opening{}
	for i := range d.schools {
		s := &d.schools[i]
		for j, sl := range s.slots {
			if sl.holder < 0 && sl.position == teacher {
				k := openingKind{s.level, sl.subject}
				open[k] = append(open[k], opening{int32(i), int32(j)})
			}
		}
	}

	for _, h := range movers {
		p := &d.staff[h]
		from := &d.schools[p.school]
		k := openingKind{from.level, from.slots[p.slot].subject}
		list := open[k]
		if len(list) == 0 {
			continue
		}
		best := r.IntN(len(list))
		for range 3 {
			if c := r.IntN(len(list)); d.poverty(list[c]) < d.poverty(list[best]) {
				best = c
			}
		}
		to := list[best]
		if to.school == p.school || d.poverty(to) > from.poverty+0.1 {
			continue
		}
		list[best] = opening{p.school, p.slot}
		open[k] = list
		d.place(h, int(to.school), int(to.slot))
	}
}

// poverty returns the share of poor students at the opening's school.
func (d *district) poverty(o opening) float64 {
	return d.schools[o.school].poverty
}
