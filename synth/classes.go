package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Tests and scores.
const (
	// missedTest is the share of students with no score in a subject.
	missedTest = 0.015
	// scoreNoise is the spread, in student standard deviations, of what a
	// test score measures besides achievement and teaching: the day,
	// the form, the error of measurement.
	scoreNoise = 0.45
	// persistence is the part of a year's teacher effect that a student
	// keeps in later years.
	persistence = 0.35
	// coTaughtDosage is the share of instruction each of a student's two
	// teachers gives in a co-taught subject.
	coTaughtDosage = 0.5
	// supportSize is the largest special education or ESOL group.
	supportSize = 12
)

// scorePoints returns how many scale-score points one student standard
// deviation is worth in math and in ELA.
func scorePoints() [2]float64 {
	return [2]float64{50, 45}
}

// meanScore is the mean scale score of a grade in math (k = 0) or ELA
// (k = 1), on a vertical scale that rises from grade to grade.
func meanScore(k, grade int) float64 {
	return 400 + 20*float64(grade) + 5*float64(1-k)
}

// tested reports whether students of the grade take the state tests: grades
// 3 to 8 and one high-school grade.
func tested(grade int8) bool {
	return grade >= 3 && grade <= 8 || grade == 10
}

// term is the working state of one school's year.
type term struct {
	d *district
	s *school
	t int
	r *rand.Rand
	c *chunk
	// byGrade lists the roster's students by grade, as roster indexes.
	byGrade [13][]int32
	// teachers lists the teachers of each subject area, and homerooms the
	// elementary homeroom teachers of each grade.
	teachers  [otherSubject + 1][]int32
	homerooms [6][]int32
	// effect accumulates, for each student, the dosage-weighted true
	// effects of the teachers of each tested subject.
	effect [2][]float64
	// sections counts the sections so far, for their ids.
	sections int
}

// schoolYear writes one school's year: its students, its staff's
// assignments, evaluations and pay, its classes, enrollments and test
// scores, and its budget lines.
func (d *district) schoolYear(t, i int, c *chunk) {
	s := &d.schools[i]
	w := &term{d: d, s: s, t: t, c: c,
		r: d.rand(streamClasses, t, i)}
	for k := range w.effect {
		w.effect[k] = make([]float64, len(s.roster))
	}
	for n := range s.roster {
		st := &s.roster[n]
		w.byGrade[st.grade] = append(w.byGrade[st.grade], int32(n))
	}

	w.writeStudents()
	w.writeStaff()
	if s.level == elementary {
		w.homeroomClasses()
	} else {
		w.courses()
	}
	w.supportClasses()
	w.scores()
	w.budget()
}

// writeStudents writes the students.csv rows of the school's roster.
func (w *term) writeStudents() {
	for n := range w.s.roster {
		st := &w.s.roster[n]
		w.c.start(fileStudents).int(w.t).int(int(st.id)).str(w.s.id).
			int(int(st.grade)).bool(st.has(econDisadvantaged)).
			bool(st.has(englishLearner)).bool(st.has(disability)).end()
	}
}

// homeroomClasses deals each elementary grade's students among its
// homeroom teachers, who teach them math and ELA.
func (w *term) homeroomClasses() {
	for g, teachers := range w.homerooms {
		if len(teachers) == 0 {
			continue
		}
		students := w.shuffled(w.byGrade[g])
		b := bounds(len(students), len(teachers))
		for k, h := range teachers {
			for _, subj := range []subject{mathematics, ela} {
				w.class(subj, g, h, students[b[k]:b[k+1]], w.coTaught(subj))
			}
		}
	}
}

// courses enrolls every middle and high school student in a section of
// each core subject and of one elective.
func (w *term) courses() {
	lo, hi := w.s.level.grades()
	for _, subj := range coreSubjects() {
		var groups [][]int32
		for g := lo; g <= hi; g++ {
			groups = append(groups, w.shuffled(w.byGrade[g]))
		}
		w.teach(subj, groups, w.d.scale.ClassSize, w.coTaught(subj))
	}

	// Electives: English learners take ESOL where the school has an ESOL
	// teacher; the others are spread over the electives in proportion to
	// their teachers.
	list := electives(w.s.level)
	weights := make([]float64, len(list))
	for k, subj := range list {
		weights[k] = float64(len(w.teachers[subj]))
	}
	chosen := map[subject][][]int32{}
	for g := lo; g <= hi; g++ {
		for _, n := range w.byGrade[g] {
			subj := list[pick(w.r, weights...)]
			if w.s.roster[n].has(englishLearner) && len(w.teachers[esol]) > 0 {
				subj = esol
			}
			if chosen[subj] == nil {
				chosen[subj] = make([][]int32, hi-lo+1)
			}
			chosen[subj][g-lo] = append(chosen[subj][g-lo], n)
		}
	}
	for _, subj := range list {
		w.teach(subj, chosen[subj], w.d.scale.ClassSize+3, fullDosage)
	}
	w.teach(esol, chosen[esol], w.d.scale.ClassSize, fullDosage)
}

// teach splits each grade's group of students into sections of about size
// students and shares the sections among the subject's teachers, each
// taking consecutive sections.
func (w *term) teach(subj subject, groups [][]int32, size int,
	dose func(*student) float64) {
	type section struct {
		grade    int
		students []int32
	}
	var sections []section
	for _, group := range groups {
		if len(group) == 0 {
			continue
		}
		g := int(w.s.roster[group[0]].grade)
		n := max(1, roundInt(float64(len(group))/float64(size)))
		b := bounds(len(group), n)
		for k := range n {
			sections = append(sections, section{g, group[b[k]:b[k+1]]})
		}
	}
	teachers := w.teachers[subj]
	if len(teachers) == 0 {
		return
	}
	for q, sec := range sections {
		h := teachers[q*len(teachers)/len(sections)]
		w.class(subj, sec.grade, h, sec.students, dose)
	}
}

// supportClasses adds the special education sections in which students
// with disabilities get half their math and ELA instruction, and in
// elementary schools the ESOL groups of English learners.
func (w *term) supportClasses() {
	for k, subj := range []subject{mathematics, ela} {
		w.groups(subj, w.coTeachers(subj), disability, func(*student) float64 {
			return coTaughtDosage
		}, k)
	}
	if w.s.level == elementary {
		w.groups(esol, w.teachers[esol], englishLearner, fullDosage, 0)
	}
}

// groups teaches the students of each grade who have flag in groups of at
// most supportSize, dealing the groups in turn among teachers, starting
// with the one at offset.
func (w *term) groups(subj subject, teachers []int32, flag uint8,
	dose func(*student) float64, offset int) {
	if len(teachers) == 0 {
		return
	}
	q := offset
	for g := range w.byGrade {
		var group []int32
		for _, n := range w.byGrade[g] {
			if w.s.roster[n].has(flag) {
				group = append(group, n)
			}
		}
		if len(group) == 0 {
			continue
		}
		n := ceilDiv(len(group), supportSize)
		b := bounds(len(group), n)
		for k := range n {
			h := teachers[q%len(teachers)]
			w.class(subj, g, h, group[b[k]:b[k+1]], dose)
			q++
		}
	}
}

// coTeachers returns the special education teachers who co-teach subj:
// all of them in an elementary school; in middle and high schools those
// assigned to the subject, or all when none is.
func (w *term) coTeachers(subj subject) []int32 {
	all := w.teachers[specialEducation]
	if w.s.level == elementary {
		return all
	}
	var list []int32
	for _, h := range all {
		if w.s.slots[w.d.staff[h].slot].coTeach == subj {
			list = append(list, h)
		}
	}
	if len(list) == 0 {
		return all
	}
	return list
}

// coTaught returns the dosage of a student's regular class in subj: half
// for a student with a disability who is co-taught in a tested subject.
func (w *term) coTaught(subj subject) func(*student) float64 {
	if !subj.tested() || len(w.teachers[specialEducation]) == 0 {
		return fullDosage
	}
	return func(st *student) float64 {
		if st.has(disability) {
			return coTaughtDosage
		}
		return 1
	}
}

func fullDosage(*student) float64 { return 1 }

// class writes one section taught by person h and its enrollments, and
// adds the teacher's effect to each student of a tested subject.
func (w *term) class(subj subject, grade int, h int32, students []int32,
	dose func(*student) float64) {
	if len(students) == 0 {
		return
	}
	w.sections++
	id := w.s.id + "-" + strconv.Itoa(10000 + w.sections)[1:]
	if w.sections >= 10000 {
		id = w.s.id + "-" + strconv.Itoa(w.sections)
	}
	w.c.start(fileSections).int(w.t).str(id).str(w.s.id).staff(h).
		str(subj.String()).int(grade).end()

	k := -1
	if subj.tested() {
		k = int(subj)
	}
	p := &w.d.staff[h]
	for _, n := range students {
		st := &w.s.roster[n]
		dosage := dose(st)
		w.c.start(fileEnrollments).int(w.t).str(id).int(int(st.id)).
			dec(dosage, 2).end()
		if k >= 0 {
			w.effect[k][n] += dosage * p.effect[k]
		}
	}
}

// shuffled returns the students in a random order, in storage of its own.
func (w *term) shuffled(students []int32) []int32 {
	out := append([]int32(nil), students...)
	w.r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}

// scores writes the test scores of the tested grades: the grade's mean
// plus the student's achievement, the year's teacher effects and noise,
// in scale-score points. Each student then keeps part of the year's
// effects.
func (w *term) scores() {
	points := scorePoints()
	for n := range w.s.roster {
		st := &w.s.roster[n]
		for k, subj := range []subject{mathematics, ela} {
			if !tested(st.grade) || chance(w.r, missedTest) {
				continue
			}
			z := float64(st.ability[k]) + w.effect[k][n] +
				scoreNoise*w.r.NormFloat64()
			score := meanScore(k, int(st.grade)) + points[k]*z
			w.c.start(fileAssessments).int(w.t).int(int(st.id)).
				str(subj.String()).int(int(st.grade)).
				int(int(clamp(math.Round(score), 100, 900))).empty().end()
		}
		for k := range st.ability {
			st.ability[k] += float32(persistence * w.effect[k][n])
		}
	}
}
