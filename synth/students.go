package synth

import (
	"math/rand/v2"
)

// student is one student, carried from year to year.
type student struct {
	id    uint32
	grade int8
	flags uint8
	// ability is the student's latent achievement in math and in ELA, in
	// student standard deviations. It drifts a little each year and keeps
	// part of each year's teacher effects.
	ability [2]float32
}

// Flags of a student.
const (
	econDisadvantaged uint8 = 1 << iota
	englishLearner
	disability
)

func (st *student) has(flag uint8) bool {
	return st.flags&flag != 0
}

// Student mobility and change, per year.
const (
	// leaveBase and leavePoverty set the share of students who leave the
	// district: more in poorer schools.
	leaveBase    = 0.04
	leavePoverty = 0.05
	// switchSchool is the share who move to another school of the same
	// level; chooseSchool the share who, moving up a level, choose a
	// school other than the one their school feeds.
	switchSchool = 0.03
	chooseSchool = 0.08
	// drift is the yearly change of latent achievement, in student
	// standard deviations.
	drift = 0.12
)

// newStudent draws a student enrolling in school s in grade g. Poverty,
// learning English and disability lower the student's expected
// achievement, as they do on average in real districts.
func (d *district) newStudent(r *rand.Rand, s *school, g int) student {
	d.students++
	st := student{id: 1_000_000 + d.students, grade: int8(g)}
	ellRate := s.ell * 1.2
	if g > 5 {
		ellRate = s.ell * 0.75
	}
	if chance(r, s.poverty) {
		st.flags |= econDisadvantaged
	}
	if chance(r, ellRate) {
		st.flags |= englishLearner
	}
	if chance(r, swdShare) {
		st.flags |= disability
	}

	shift := 0.35
	if st.has(econDisadvantaged) {
		shift -= 0.55
	}
	if st.has(englishLearner) {
		shift -= 0.35
	}
	if st.has(disability) {
		shift -= 0.6
	}
	common := r.NormFloat64()
	for k := range st.ability {
		st.ability[k] = float32(shift + 0.78*(0.8*common+0.6*r.NormFloat64()))
	}
	return st
}

// cohortSize draws the size of one grade of a school in one year.
func cohortSize(r *rand.Rand, expected int) int {
	return max(1, roundInt(float64(expected)*(1+0.04*r.NormFloat64())))
}

// enrolFirstYear fills every grade of every school with new students.
func (d *district) enrolFirstYear() {
	for i := range d.schools {
		s := &d.schools[i]
		r := d.rand(streamFirstStudents, firstYear, i)
		lo, hi := s.level.grades()
		for g := lo; g <= hi; g++ {
			for range cohortSize(r, s.cohort) {
				s.roster = append(s.roster, d.newStudent(r, s, g))
			}
		}
	}
}

// advanceStudents moves the district's students into school year t: each
// goes up a grade, in the same school or, after its last grade, in the
// school it feeds; some leave the district or change school, seniors
// graduate, and newcomers fill each grade back to its expected size.
func (d *district) advanceStudents(t int) {
	next := make([][]student, len(d.schools))
	for i := range d.schools {
		d.moveOn(t, i, next)
	}
	for i := range d.schools {
		d.schools[i].roster = next[i]
		d.enrolNewcomers(t, i)
	}
}

// moveOn sends the students of school i who stay in the district to their
// school of year t in next.
func (d *district) moveOn(t, i int, next [][]student) {
	s := &d.schools[i]
	r := d.rand(streamMobility, t, i)
	for _, st := range s.roster {
		if st.grade == 12 || chance(r, leaveBase+leavePoverty*s.poverty) {
			continue
		}
		st.grade++
		dest := d.destination(r, i, int(st.grade))
		d.schools[dest].change(r, &st)
		next[dest] = append(next[dest], st)
	}
}

// destination returns the school a student of school i attends in grade g
// next year.
func (d *district) destination(r *rand.Rand, i, g int) int {
	s := &d.schools[i]
	if _, hi := s.level.grades(); g > hi {
		if chance(r, chooseSchool) {
			return d.anySchool(r, s.level+1)
		}
		return s.feeder
	}
	if chance(r, switchSchool) {
		return d.anySchool(r, s.level)
	}
	return i
}

// anySchool returns a school of level l drawn at random.
func (d *district) anySchool(r *rand.Rand, l level) int {
	list := d.byLevel[l]
	return list[r.IntN(len(list))]
}

// change applies a year's changes to a student arriving in school s:
// achievement drifts, a family's income may change, English learners are
// reclassified and a few disabilities are identified or resolved.
func (s *school) change(r *rand.Rand, st *student) {
	for k := range st.ability {
		st.ability[k] += float32(drift * r.NormFloat64())
	}
	if chance(r, 0.06) {
		st.flags &^= econDisadvantaged
		if chance(r, s.poverty) {
			st.flags |= econDisadvantaged
		}
	}
	if st.has(englishLearner) && chance(r, 0.15) {
		st.flags &^= englishLearner
	}
	switch {
	case st.has(disability) && chance(r, 0.03):
		st.flags &^= disability
	case !st.has(disability) && chance(r, 0.01):
		st.flags |= disability
	}
}

// enrolNewcomers fills each grade of school i up to its expected size
// with students new to the district.
func (d *district) enrolNewcomers(t, i int) {
	s := &d.schools[i]
	r := d.rand(streamEntrants, t, i)
	var count [13]int
	for _, st := range s.roster {
		count[st.grade]++
	}
	lo, hi := s.level.grades()
	for g := lo; g <= hi; g++ {
		for range cohortSize(r, s.cohort) - count[g] {
			s.roster = append(s.roster, d.newStudent(r, s, g))
		}
	}
}
