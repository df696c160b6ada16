package compute

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
)

// addValueAdded estimates each teacher's value-added in each subject with
// a prior year of scores, adds it to the teacher's rows, and pools the
// subjects of a teacher into the row of all subjects. A value-added resting
// on fewer than minStudents students is suppressed, as growth is.
func addValueAdded(rows map[teacherKey]*models.TeacherGrowth, in *yearData,
	minStudents int) error {
	cells := standardizedCells(in.scores)
	var subjects []string
	for _, l := range in.links {
		if !slices.Contains(subjects, l.subject) {
			subjects = append(subjects, l.subject)
		}
	}
	slices.Sort(subjects)

	pooled := map[string][]analytics.TeacherVAM{}
	for _, subject := range subjects {
		students, links := vamInputs(in, cells, subject)
		if len(links) == 0 {
			continue
		}
		vam, _, err := analytics.ValueAdded(students, links)
		if errors.Is(err, analytics.ErrTooFewStudents) {
			// The subject has no model this year: no value-added in it.
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", subject, err)
		}
		for _, v := range vam {
			row := rows[teacherKey{v.Teacher, subject}]
			if row == nil {
				continue
			}
			setVAM(row, v, minStudents)
			pooled[v.Teacher] = append(pooled[v.Teacher], v)
		}
	}

	// A teacher's subjects combine with weights by their precision.
	for teacher, vs := range pooled {
		row := rows[teacherKey{teacher, models.SubjectAll}]
		if row == nil {
			continue
		}
		prec, sum, n, rel, students := 0.0, 0.0, 0.0, 0.0, 0
		for _, v := range vs {
			w := 1 / (v.SE * v.SE)
			prec += w
			sum += w * v.Estimate
			n += v.N
			rel += w * v.Reliability
			students += v.Students
		}
		se := 1 / math.Sqrt(prec)
		setVAM(row, analytics.TeacherVAM{Teacher: teacher, Estimate: sum / prec, SE: se,
			Reliability: rel / prec, N: n, Students: students,
			Level: analytics.VAMLevel(sum / prec / se)}, minStudents)
	}
	return nil
}

// setVAM adds a value-added to a teacher's row, all but its number of
// students left empty when there are fewer than minStudents.
func setVAM(row *models.TeacherGrowth, v analytics.TeacherVAM, minStudents int) {
	row.VAMN = number(v.N)
	if v.Students < minStudents {
		return
	}
	row.VAMEstimate = number(v.Estimate)
	row.VAMSE = number(v.SE)
	row.VAMReliability = number(v.Reliability)
	if v.Level > 0 {
		level := v.Level
		row.VAMLevel = &level
	}
}

type cellKey struct {
	subject     string
	year, grade int
}

// standardizedCells puts scores in cells of subject, year and grade,
// standardized within each.
func standardizedCells(scores []analytics.Score) map[cellKey]map[string]float64 {
	ids := map[cellKey][]string{}
	vals := map[cellKey][]float64{}
	for _, s := range scores {
		k := cellKey{s.Subject, s.Year, s.Grade}
		ids[k] = append(ids[k], s.StudentID)
		vals[k] = append(vals[k], s.Score)
	}
	cells := map[cellKey]map[string]float64{}
	for k, v := range vals {
		analytics.Standardize(v)
		m := make(map[string]float64, len(v))
		for i, id := range ids[k] {
			m[id] = v[i]
		}
		cells[k] = m
	}
	return cells
}

// vamInputs assembles the students tested in the subject this year with
// their priors and flags, and their links to the subject's classes.
func vamInputs(in *yearData, cells map[cellKey]map[string]float64, subject string) (
	[]analytics.VAMStudent, []analytics.VAMLink) {
	lookup := func(k cellKey, id string) float64 {
		if v, ok := cells[k][id]; ok {
			return v
		}
		return math.NaN()
	}
	var others []string
	for k := range cells {
		if k.subject != subject && !slices.Contains(others, k.subject) {
			others = append(others, k.subject)
		}
	}
	slices.Sort(others)

	index := map[string]int{}
	var students []analytics.VAMStudent
	for _, s := range in.studentList {
		id, g := s.StudentID, s.GradeLevel
		score := lookup(cellKey{subject, in.year, g}, id)
		if math.IsNaN(score) {
			continue
		}
		other := math.NaN()
		for _, o := range others {
			if v := lookup(cellKey{o, in.year - 1, g - 1}, id); !math.IsNaN(v) {
				other = v
				break
			}
		}
		index[id] = len(students)
		students = append(students, analytics.VAMStudent{
			Grade: g, Score: score, Prior: lookup(cellKey{subject, in.year - 1, g - 1}, id),
			OtherPrior:        other,
			EconDisadvantaged: flag(s.EconDisadvantaged), ELL: flag(s.ELL), SWD: flag(s.SWD),
		})
	}

	var links []analytics.VAMLink
	for _, l := range in.links {
		i, ok := index[l.studentID]
		if !ok || l.subject != subject {
			continue
		}
		links = append(links, analytics.VAMLink{Student: i, Teacher: l.staffID,
			Class: l.sectionID, Dosage: l.dosage})
	}
	return students, links
}

// flag is a student flag as 0 or 1; one the district did not report
// counts as 0.
func flag(b *bool) float64 {
	if b != nil && *b {
		return 1
	}
	return 0
}
