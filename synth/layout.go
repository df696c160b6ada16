package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// school is one school of the district and what changes in it from year
// to year.
type school struct {
	id     string
	name   string
	region string
	level  level
	// poverty and ell are the shares of economically disadvantaged
	// students and of English learners among the students who enrol.
	poverty, ell float64
	// cohort is the expected number of students in each grade.
	cohort int
	// feeder is the index of the school the students of the last grade
	// move on to, or -1 for a high school.
	feeder int
	// slots are the school's positions, each held by a person or vacant.
	slots []slot
	// roster holds the students enrolled in the current school year.
	roster []student
	// spend is the year's spending on the school's staff, for the
	// district's budget lines.
	spend spending
}

// slot is one position in a school.
type slot struct {
	position position
	// subject is a teacher's subject area.
	subject subject
	// grade is the grade of an elementary homeroom, or -1.
	grade int8
	// coTeach is the tested subject a special education teacher in a
	// middle or high school co-teaches.
	coTeach subject
	fte     float64
	// holder is the index of the person in the position, or -1.
	holder int32
}

// layout creates the district's schools: elementary schools spread over
// the whole range of poverty, each feeding the middle school of its
// neighbourhood, which feeds a high school. A region is a group of high
// schools with their feeders.
func (d *district) layout() {
	r := d.rand(streamLayout, 0, 0)
	sc := d.scale
	elems := d.elementarySchools(r)
	mids, eb := feedInto(elems, sc.Middle, middle)
	highs, mb := feedInto(mids, sc.High, high)

	// Regions take consecutive high schools, so they differ in poverty
	// as the neighbourhoods of a real district do; their order is drawn.
	regions := bounds(len(highs), min(len(highs), 32, max(1, sc.Schools()/10)))
	for n, g := range r.Perm(len(regions) - 1) {
		region := fmt.Sprintf("Region %d", n+1)
		for h := regions[g]; h < regions[g+1]; h++ {
			hs := d.addSchool(r, region, highs[h], -1)
			for m := mb[h]; m < mb[h+1]; m++ {
				ms := d.addSchool(r, region, mids[m], hs)
				for e := eb[m]; e < eb[m+1]; e++ {
					d.addSchool(r, region, elems[e], ms)
				}
			}
		}
	}

	for i := range d.schools {
		d.schools[i].planSlots(r, sc.ClassSize)
	}
}

// addSchool names s, links it to the school it feeds and adds it to the
// district. It returns the school's index.
func (d *district) addSchool(r *rand.Rand, region string, s school,
	feeder int) int {
	s.id = fmt.Sprintf("S%04d", len(d.schools)+1)
	s.name = d.names.school(r, s.level)
	s.region = region
	s.feeder = feeder
	d.schools = append(d.schools, s)
	return len(d.schools) - 1
}

// elementarySchools draws the elementary schools, from the lowest poverty
// to the highest. Poverty is stratified so that every district spans the
// range from about 5 % to 95 %, with more schools at the high end.
func (d *district) elementarySchools(r *rand.Rand) []school {
	n := d.scale.Elementary
	weights := make([]float64, n)
	total := 0.0
	for k := range weights {
		weights[k] = uniform(r, 0.6, 1.4)
		total += weights[k]
	}
	perGrade := float64(d.scale.Students) / 13
	elem := make([]school, n)
	for k := range elem {
		q := (float64(k) + r.Float64()) / float64(n)
		pov := 0.04 + 0.92*math.Pow(q, 0.8)
		elem[k] = school{
			level:   elementary,
			poverty: pov,
			ell:     clamp(0.02+0.22*pov*uniform(r, 0.3, 1.7), 0, 0.6),
			cohort:  max(8, int(perGrade*weights[k]/total+0.5)),
			feeder:  -1,
		}
	}
	return elem
}

// feedInto groups consecutive schools of from into n schools of the next
// level l, each taking the students of its group: its cohort is their sum
// and its shares of poor students and English learners their average. It
// returns the new schools and the boundaries of the groups in from.
func feedInto(from []school, n int, l level) ([]school, []int) {
	b := bounds(len(from), n)
	to := make([]school, n)
	for g := range to {
		s := school{level: l}
		for k := b[g]; k < b[g+1]; k++ {
			s.cohort += from[k].cohort
			s.poverty += from[k].poverty * float64(from[k].cohort)
			s.ell += from[k].ell * float64(from[k].cohort)
		}
		s.poverty /= float64(s.cohort)
		s.ell /= float64(s.cohort)
		to[g] = s
	}
	return to, b
}

// bounds splits n items into k consecutive groups as even as possible and
// returns the k+1 boundaries.
func bounds(n, k int) []int {
	b := make([]int, k+1)
	for g := range b {
		b[g] = g * n / k
	}
	return b
}

// Staffing ratios used to plan positions.
const (
	// sectionsPerTeacher is a middle or high school teacher's load.
	sectionsPerTeacher = 5
	// swdShare is the share of students with disabilities, and
	// spedCaseload the number a special education teacher serves.
	swdShare     = 0.13
	spedCaseload = 15
	// esolCaseload is the number of English learners an ESOL teacher
	// serves.
	esolCaseload = 60
)

// planSlots sets the school's positions from its expected enrolment: a
// principal, assistant principals, a coach, and the teachers its classes
// need. A few teachers work part time.
func (s *school) planSlots(r *rand.Rand, classSize int) {
	lo, hi := s.level.grades()
	grades := hi - lo + 1
	students := s.cohort * grades

	s.add(principal, otherSubject, 1)
	switch s.level {
	case elementary:
		s.add(assistantPrincipal, otherSubject, students/450)
	case middle:
		s.add(assistantPrincipal, otherSubject, 1+students/800)
	default:
		s.add(assistantPrincipal, otherSubject, 1+students/550)
	}
	s.add(coach, otherSubject, 1)

	if s.level == elementary {
		homerooms := max(1, roundInt(float64(s.cohort)/float64(classSize)))
		for g := lo; g <= hi; g++ {
			for range homerooms {
				s.slots = append(s.slots, slot{position: teacher,
					subject: elementarySubjects, grade: int8(g), fte: 1, holder: -1})
			}
		}
		s.add(teacher, arts, 1)
		s.add(teacher, pe, 1+students/700)
	} else {
		s.planCourses(classSize, grades)
	}
	s.add(teacher, specialEducation,
		max(2, roundInt(float64(students)*swdShare/spedCaseload)))
	s.add(teacher, esol, roundInt(float64(students)*s.ell/esolCaseload))

	n := 0
	for i := range s.slots {
		sl := &s.slots[i]
		if sl.subject == specialEducation {
			sl.coTeach = [...]subject{mathematics, ela}[n%2]
			n++
		}
		if sl.position == teacher && chance(r, 0.04) {
			sl.fte = [...]float64{0.5, 0.6, 0.8}[r.IntN(3)]
		}
	}
}

// planCourses adds the teachers of a middle or high school: for each core
// subject enough for a section of every class of every grade, and
// elective teachers for one elective per student.
func (s *school) planCourses(classSize, grades int) {
	perGrade := max(1, roundInt(float64(s.cohort)/float64(classSize)))
	core := ceilDiv(perGrade*grades, sectionsPerTeacher)
	for _, subj := range coreSubjects() {
		s.add(teacher, subj, core)
	}

	elective := ceilDiv(s.cohort, classSize+3) * grades
	list := electives(s.level)
	for k, subj := range list {
		share := bounds(ceilDiv(elective, sectionsPerTeacher), len(list))
		s.add(teacher, subj, max(1, share[k+1]-share[k]))
	}
}

// add adds n vacant positions.
func (s *school) add(p position, subj subject, n int) {
	for range n {
		s.slots = append(s.slots, slot{position: p, subject: subj, grade: -1,
			fte: 1, holder: -1})
	}
}

// roundInt rounds to the nearest whole number.
func roundInt(v float64) int {
	return int(math.Round(v))
}

// ceilDiv divides, rounding up.
func ceilDiv(a, b int) int {
	return (a + b - 1) / b
}
