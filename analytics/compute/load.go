package compute

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
)

// loadYear reads the scores of the year and of the two before it, and the
// year's students and enrollments. The rows are scanned one by one into
// plain values, the three kinds at once on connections of their own: a
// large district's year is millions of rows.
func loadYear(ctx context.Context, db *models.DB, year int) (*yearData, error) {
	in := &yearData{year: year, students: map[string]models.Student{}}
	loads := []func(context.Context, *models.DB, *yearData) error{
		loadScores, loadStudents, loadLinks}
	errs := make([]error, len(loads))
	var wg sync.WaitGroup
	for k, load := range loads {
		wg.Go(func() { errs[k] = load(ctx, db, in) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return in, nil
}

// loadScores reads the scores of the year and of the two before it.
func loadScores(ctx context.Context, db *models.DB, in *yearData) error {
	// A student with several tests in a subject and year counts with the
	// first by name: the unnamed one when there is one.
	var last analytics.Score
	err := scanRows(ctx, db, func(rows *sql.Rows) error {
		var s analytics.Score
		if err := rows.Scan(&s.Year, &s.StudentID, &s.Subject, &s.Grade, &s.Score); err != nil {
			return err
		}
		if len(in.scores) > 0 && s.Year == last.Year && s.StudentID == last.StudentID &&
			s.Subject == last.Subject {
			return nil
		}
		in.scores = append(in.scores, s)
		last = s
		return nil
	}, "SELECT school_year, student_id, subject, grade_level, scale_score"+
		" FROM assessments WHERE school_year BETWEEN ? AND ?"+
		" ORDER BY school_year, student_id, subject, assessment", in.year-2, in.year)
	if err != nil {
		return fmt.Errorf("loading scores: %w", err)
	}
	return nil
}

// loadStudents reads the students of the year.
func loadStudents(ctx context.Context, db *models.DB, in *yearData) error {
	err := scanRows(ctx, db, func(rows *sql.Rows) error {
		s := models.Student{SchoolYear: in.year}
		var econ, ell, swd sql.NullBool
		if err := rows.Scan(&s.StudentID, &s.SchoolID, &s.GradeLevel, &econ, &ell,
			&swd); err != nil {
			return err
		}
		s.EconDisadvantaged, s.ELL, s.SWD = nullBool(econ), nullBool(ell), nullBool(swd)
		in.students[s.StudentID] = s
		in.studentList = append(in.studentList, s)
		return nil
	}, "SELECT student_id, school_id, grade_level, econ_disadvantaged, ell, swd"+
		" FROM students WHERE school_year = ? ORDER BY student_id", in.year)
	if err != nil {
		return fmt.Errorf("loading students: %w", err)
	}
	return nil
}

// loadLinks reads the year's enrollments with the teachers of their
// sections, in the order of the enrollments' key, which keeps every sum
// over them the same from run to run.
func loadLinks(ctx context.Context, db *models.DB, in *yearData) error {
	err := scanRows(ctx, db, func(rows *sql.Rows) error {
		var l link
		if err := rows.Scan(&l.studentID, &l.staffID, &l.sectionID, &l.subject,
			&l.dosage); err != nil {
			return err
		}
		in.links = append(in.links, l)
		return nil
	}, "SELECT e.student_id, s.staff_id, s.section_id, s.subject, e.dosage"+
		" FROM enrollments AS e JOIN sections AS s"+
		" ON s.school_year = e.school_year AND s.section_id = e.section_id"+
		" WHERE e.school_year = ? ORDER BY e.section_id, e.student_id", in.year)
	if err != nil {
		return fmt.Errorf("loading enrollments: %w", err)
	}
	return nil
}

// scanRows runs a query and calls scan on each row it returns.
func scanRows(ctx context.Context, db *models.DB, scan func(*sql.Rows) error,
	query string, args ...any) error {
	rows, err := db.Gorm(ctx).Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// nullBool is a stored flag, nil where the district did not report it.
func nullBool(b sql.NullBool) *bool {
	if !b.Valid {
		return nil
	}
	v := b.Bool
	return &v
}
