package analytics

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// VAMStudent is one student of a value-added model: a subject's scores in
// one school year, standardized within the student's grade, with the
// scores and flags the model adjusts for. NaN marks a missing prior.
type VAMStudent struct {
	Grade int
	// Score and Prior are the current and prior scores in the subject,
	// OtherPrior the prior score in the other tested subject.
	Score, Prior, OtherPrior float64
	// EconDisadvantaged, ELL and SWD are the student's flags, 0 or 1.
	EconDisadvantaged, ELL, SWD float64
}

// VAMLink ties a student to one class (a teacher's section) with the
// teacher's share of the instruction.
type VAMLink struct {
	Student int
	Teacher string
	Class   string
	Dosage  float64
}

// VAMComponents are the variances the model splits the residuals into.
type VAMComponents struct {
	// Total is the variance of the students' residuals.
	Total float64
	// Student is the variance within classes, Teacher the part that
	// follows a teacher from class to class, Class the shocks of single
	// classes.
	Student, Teacher, Class float64
}

// TeacherVAM is a teacher's value-added in one subject and year.
type TeacherVAM struct {
	Teacher string
	// Estimate is the empirical-Bayes shrunken value-added, in student
	// standard deviations; SE is its standard error.
	Estimate, SE float64
	// Reliability is the share of the estimate's variance that is signal.
	Reliability float64
	// Level is the EVAAS-style level of Estimate / SE, 1 to 5.
	Level int
	// N is the dosage-weighted number of students; Students counts them
	// unweighted, once for each class they are in.
	N        float64
	Students int
}

// ErrTooFewStudents reports a value-added model with too few students
// with a prior score to be fitted.
var ErrTooFewStudents = errors.New("too few students with a prior score")

// ValueAdded estimates each teacher's value-added (Kane and Staiger): the
// residuals of a regression of the current score on a cubic in the prior
// score, the other subject's prior, the student's flags and grade, averaged
// by class, with variance components that shrink each teacher's estimate
// toward the mean by how much of it is noise. Students without a prior
// score in the subject are left out. Teachers come out in id order.
func ValueAdded(students []VAMStudent, links []VAMLink) ([]TeacherVAM, VAMComponents, error) {
	resid, err := vamResiduals(students)
	if err != nil {
		return nil, VAMComponents{}, err
	}
	classes := classMeans(resid, links)
	if len(classes) == 0 {
		return nil, VAMComponents{}, fmt.Errorf("value-added: no class has a student with a prior: %w",
			ErrTooFewStudents)
	}
	comp := components(resid, links, classes)
	return shrink(classes, comp), comp, nil
}

// vamResiduals fits the residual model by least squares and returns each
// student's residual, NaN for students left out.
func vamResiduals(students []VAMStudent) ([]float64, error) {
	var grades []int
	for _, s := range students {
		if !math.IsNaN(s.Prior) && !slices.Contains(grades, s.Grade) {
			grades = append(grades, s.Grade)
		}
	}
	slices.Sort(grades)

	// Columns: intercept, prior, prior^2, prior^3, other prior (0 when
	// missing), other missing, three flags, a dummy for each grade but
	// the first.
	p := 9 + max(len(grades)-1, 0)
	var rows []int
	var x, y []float64
	for i, s := range students {
		if math.IsNaN(s.Prior) || math.IsNaN(s.Score) {
			continue
		}
		other, missing := s.OtherPrior, 0.0
		if math.IsNaN(other) {
			other, missing = 0, 1
		}
		row := []float64{1, s.Prior, s.Prior * s.Prior, s.Prior * s.Prior * s.Prior,
			other, missing, s.EconDisadvantaged, s.ELL, s.SWD}
		for _, g := range grades[1:] {
			row = append(row, b2f(s.Grade == g))
		}
		rows = append(rows, i)
		x = append(x, row...)
		y = append(y, s.Score)
	}
	if len(rows) <= p {
		return nil, fmt.Errorf("value-added: %d students with a prior for %d coefficients: %w",
			len(rows), p, ErrTooFewStudents)
	}

	beta, err := leastSquares(x, y, len(rows), p)
	if err != nil {
		return nil, err
	}
	resid := make([]float64, len(students))
	for i := range resid {
		resid[i] = math.NaN()
	}
	for k, i := range rows {
		resid[i] = y[k] - dot(x[k*p:(k+1)*p], beta)
	}
	return resid, nil
}

// leastSquares solves min |X b - y| by QR. Columns after the first (the
// intercept) that never vary, such as a flag no student has, would make X
// singular; they are left out and get a zero coefficient.
func leastSquares(x, y []float64, n, p int) ([]float64, error) {
	keep := []int{0}
	for j := 1; j < p; j++ {
		for i := 1; i < n; i++ {
			if x[i*p+j] != x[j] {
				keep = append(keep, j)
				break
			}
		}
	}
	a := mat.NewDense(n, len(keep), nil)
	for i := range n {
		for c, j := range keep {
			a.Set(i, c, x[i*p+j])
		}
	}
	var qr mat.QR
	qr.Factorize(a)
	var sol mat.VecDense
	if err := qr.SolveVecTo(&sol, false, mat.NewVecDense(n, y)); err != nil {
		return nil, fmt.Errorf("value-added regression: %w", err)
	}
	beta := make([]float64, p)
	for c, j := range keep {
		beta[j] = sol.AtVec(c)
	}
	return beta, nil
}

// class is one teacher's section with the dosage-weighted mean residual of
// its students.
type class struct {
	teacher string
	id      string
	mean    float64
	n       float64
	// students counts the class's students with a residual.
	students int
}

// classMeans averages residuals by class, each student weighted by dosage.
func classMeans(resid []float64, links []VAMLink) []class {
	type key struct{ teacher, class string }
	sums := map[key]*class{}
	var order []key
	for _, l := range links {
		r := resid[l.Student]
		if math.IsNaN(r) || l.Dosage <= 0 {
			continue
		}
		k := key{l.Teacher, l.Class}
		c := sums[k]
		if c == nil {
			c = &class{teacher: l.Teacher, id: l.Class}
			sums[k] = c
			order = append(order, k)
		}
		c.mean += l.Dosage * r
		c.n += l.Dosage
		c.students++
	}
	slices.SortFunc(order, func(a, b key) int {
		if a.teacher != b.teacher {
			return cmp.Compare(a.teacher, b.teacher)
		}
		return cmp.Compare(a.class, b.class)
	})
	out := make([]class, 0, len(order))
	for _, k := range order {
		c := sums[k]
		c.mean /= c.n
		out = append(out, *c)
	}
	return out
}

// minClassPairs is the fewest pairs of classes of one teacher from which
// the teacher variance is estimated.
const minClassPairs = 30

// components splits the residual variance: within classes (students),
// what classes of one teacher share (the teacher, from the covariance of
// the means of pairs of their classes), and the rest (class shocks).
func components(resid []float64, links []VAMLink, classes []class) VAMComponents {
	var comp VAMComponents
	n, sum, ss := 0.0, 0.0, 0.0
	for _, r := range resid {
		if !math.IsNaN(r) {
			n++
			sum += r
			ss += r * r
		}
	}
	mean := sum / n
	comp.Total = ss/n - mean*mean

	index := map[[2]string]int{}
	for k, c := range classes {
		index[[2]string{c.teacher, c.id}] = k
	}
	within, dof := 0.0, 0.0
	for _, l := range links {
		r := resid[l.Student]
		if math.IsNaN(r) || l.Dosage <= 0 {
			continue
		}
		c := classes[index[[2]string{l.Teacher, l.Class}]]
		within += l.Dosage * (r - c.mean) * (r - c.mean)
	}
	for _, c := range classes {
		dof += c.n - 1
	}
	if dof > 0 {
		comp.Student = within / dof
	}

	// Pairs of classes of the same teacher: their means share the
	// teacher's effect and nothing else.
	prod, pairs := 0.0, 0
	for a := 0; a < len(classes); {
		b := a
		for b < len(classes) && classes[b].teacher == classes[a].teacher {
			b++
		}
		for i := a; i < b; i++ {
			for j := i + 1; j < b; j++ {
				prod += (classes[i].mean - mean) * (classes[j].mean - mean)
				pairs++
			}
		}
		a = b
	}
	if pairs > 0 {
		comp.Teacher = prod / float64(pairs)
	}
	if pairs < minClassPairs || comp.Teacher <= 0 {
		// Too few teachers with two classes to tell the teacher from the
		// class: take the spread of class means beyond their sampling
		// noise as the teacher's, leaving class shocks at none.
		between, noise := 0.0, 0.0
		for _, c := range classes {
			between += (c.mean - mean) * (c.mean - mean)
			noise += comp.Student / c.n
		}
		k := float64(len(classes))
		if k > 1 {
			comp.Teacher = between/(k-1) - noise/k
		}
	}
	// A teacher variance of zero or less means no teacher differs
	// detectably; a small floor keeps every estimate shrunk to nearly 0.
	comp.Teacher = max(comp.Teacher, 1e-6*comp.Total)
	comp.Class = max(comp.Total-comp.Teacher-comp.Student, 0)
	return comp
}

// shrink combines each teacher's class means, weighting each class by its
// precision, and shrinks the result toward zero by the teacher variance.
func shrink(classes []class, comp VAMComponents) []TeacherVAM {
	var out []TeacherVAM
	for a := 0; a < len(classes); {
		b := a
		sumH, sumHE, n, students := 0.0, 0.0, 0.0, 0
		for b < len(classes) && classes[b].teacher == classes[a].teacher {
			c := classes[b]
			h := 1 / (comp.Class + comp.Student/c.n)
			sumH += h
			sumHE += h * c.mean
			n += c.n
			students += c.students
			b++
		}
		v := 1 / (sumH + 1/comp.Teacher)
		t := TeacherVAM{
			Teacher:     classes[a].teacher,
			Estimate:    sumHE * v,
			SE:          math.Sqrt(v),
			Reliability: comp.Teacher / (comp.Teacher + 1/sumH),
			N:           n,
			Students:    students,
		}
		t.Level = VAMLevel(t.Estimate / t.SE)
		out = append(out, t)
		a = b
	}
	return out
}

// VAMLevel bands a growth index, value-added over its standard error, as
// EVAAS does: 5 from 2 up, 4 from 1, 3 from -1, 2 from -2, 1 below. A
// value on a boundary takes the higher level.
func VAMLevel(index float64) int {
	switch {
	case math.IsNaN(index):
		return 0
	case index >= 2:
		return 5
	case index >= 1:
		return 4
	case index >= -1:
		return 3
	case index >= -2:
		return 2
	}
	return 1
}

// Standardize rescales values to mean 0 and standard deviation 1, leaving
// NaN as it is.
func Standardize(v []float64) {
	n, sum, ss := 0.0, 0.0, 0.0
	for _, x := range v {
		if !math.IsNaN(x) {
			n++
			sum += x
			ss += x * x
		}
	}
	if n < 2 {
		return
	}
	mean := sum / n
	sd := math.Sqrt((ss - n*mean*mean) / (n - 1))
	if sd == 0 {
		return
	}
	for i, x := range v {
		v[i] = (x - mean) / sd
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
