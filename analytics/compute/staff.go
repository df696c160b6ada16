package compute

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
)

// Positions of staff assignments that the measures read.
const positionTeacher = "teacher"

// staffYear is what the measures of a school year rest on besides growth:
// the year's teachers and where they teach, the people behind them, their
// certificates, classes, evaluations and pay, and where they are the next
// year.
type staffYear struct {
	year int
	// teaching holds each teacher's teaching assignments of the year.
	teaching map[string][]assignment
	// next holds the schools of every assignment of the next year, by
	// staff member; nextKnown tells whether the district has reported
	// the next year at all.
	next      map[string][]string
	nextKnown bool

	staff       map[string]person
	separations map[string][]time.Time
	certs       map[string][]analytics.Certificate
	classes     map[string][]analytics.Class
	evaluations map[string][]analytics.Component
	pay         map[string]analytics.Pay
	// levels of the schools, by id.
	levels map[string]string
}

type assignment struct {
	schoolID, subject string
	fte               float64
}

type person struct {
	hired  time.Time
	prior  float64
	source string
}

// separated reports whether a staff member left the district between two
// days, the first included.
func (st *staffYear) separated(id string, from, to time.Time) bool {
	for _, d := range st.separations[id] {
		if !d.Before(from) && d.Before(to) {
			return true
		}
	}
	return false
}

// classesOf lists what a teacher teaches: the subjects and grades of their
// sections, or, without sections, the subject areas of their assignments.
// A class without a grade at an elementary school counts as an early
// grade, one elsewhere as a grade not known.
func (st *staffYear) classesOf(id string) []analytics.Class {
	if c := st.classes[id]; len(c) > 0 {
		return c
	}
	var classes []analytics.Class
	for _, a := range st.teaching[id] {
		if a.subject != "" {
			classes = append(classes, analytics.Class{Subject: a.subject,
				Grade: st.unknownGrade(a.schoolID)})
		}
	}
	return classes
}

// earlyGrade stands for the grade of a class at an elementary school that
// does not give one.
const earlyGrade = 3

func (st *staffYear) unknownGrade(schoolID string) int {
	if st.levels[schoolID] == models.LevelElementary {
		return earlyGrade
	}
	return -1
}

// loadStaffYear reads the staff data of a school year.
func loadStaffYear(ctx context.Context, db *models.DB, year int) (*staffYear, error) {
	st := &staffYear{year: year, teaching: map[string][]assignment{},
		next: map[string][]string{}, staff: map[string]person{},
		separations: map[string][]time.Time{}, certs: map[string][]analytics.Certificate{},
		classes: map[string][]analytics.Class{}, evaluations: map[string][]analytics.Component{},
		pay: map[string]analytics.Pay{}, levels: map[string]string{}}
	loads := []struct {
		what string
		load func(context.Context, *models.DB) error
	}{
		{"schools", st.loadSchools},
		{"staff assignments", st.loadAssignments},
		{"staff", st.loadStaff},
		{"separations", st.loadSeparations},
		{"certifications", st.loadCertifications},
		{"sections", st.loadClasses},
		{"evaluations", st.loadEvaluations},
		{"compensation", st.loadPay},
	}
	for _, l := range loads {
		if err := l.load(ctx, db); err != nil {
			return nil, fmt.Errorf("loading %s: %w", l.what, err)
		}
	}
	return st, nil
}

func (st *staffYear) loadSchools(ctx context.Context, db *models.DB) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var id, level string
		if err := rows.Scan(&id, &level); err != nil {
			return err
		}
		st.levels[id] = level
		return nil
	}, "SELECT school_id, level FROM schools")
}

func (st *staffYear) loadAssignments(ctx context.Context, db *models.DB) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var year int
		var staffID, schoolID, position string
		var subject sql.NullString
		var fte float64
		if err := rows.Scan(&year, &staffID, &schoolID, &position, &subject, &fte); err != nil {
			return err
		}
		if year == st.year+1 {
			st.nextKnown = true
			st.next[staffID] = append(st.next[staffID], schoolID)
			return nil
		}
		if position == positionTeacher {
			st.teaching[staffID] = append(st.teaching[staffID],
				assignment{schoolID: schoolID, subject: subject.String, fte: fte})
		}
		return nil
	}, "SELECT school_year, staff_id, school_id, position, subject_area, fte"+
		" FROM staff_assignments WHERE school_year IN (?, ?)"+
		" ORDER BY school_year, staff_id, school_id", st.year, st.year+1)
}

// teacherFilter restricts a query of staff data to the year's teachers.
const teacherFilter = " staff_id IN (SELECT staff_id FROM staff_assignments" +
	" WHERE school_year = ? AND position = 'teacher')"

func (st *staffYear) loadStaff(ctx context.Context, db *models.DB) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var id string
		var p person
		var hired models.Date
		var source sql.NullString
		if err := rows.Scan(&id, &hired, &p.prior, &source); err != nil {
			return err
		}
		p.hired, p.source = hired.Time(), source.String
		st.staff[id] = p
		return nil
	}, "SELECT staff_id, hire_date, prior_experience_years, hiring_source FROM staff"+
		" WHERE"+teacherFilter, st.year)
}

func (st *staffYear) loadSeparations(ctx context.Context, db *models.DB) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var id string
		var d models.Date
		if err := rows.Scan(&id, &d); err != nil {
			return err
		}
		st.separations[id] = append(st.separations[id], d.Time())
		return nil
	}, "SELECT staff_id, separation_date FROM separations WHERE"+teacherFilter, st.year)
}

func (st *staffYear) loadCertifications(ctx context.Context, db *models.DB) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var id string
		var c analytics.Certificate
		var issued *models.Date
		var expires models.Date
		if err := rows.Scan(&id, &c.Field, &c.Status, &issued, &expires); err != nil {
			return err
		}
		if issued != nil {
			c.IssuedOn = issued.Time()
		}
		c.ExpiresOn = expires.Time()
		st.certs[id] = append(st.certs[id], c)
		return nil
	}, "SELECT staff_id, field, status, issued_on, expires_on FROM certifications"+
		" WHERE"+teacherFilter+" ORDER BY staff_id, certificate_id", st.year)
}

func (st *staffYear) loadClasses(ctx context.Context, db *models.DB) error {
	seen := map[string]map[analytics.Class]bool{}
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var id, schoolID, subject string
		var grade sql.NullInt64
		if err := rows.Scan(&id, &schoolID, &subject, &grade); err != nil {
			return err
		}
		c := analytics.Class{Subject: subject, Grade: int(grade.Int64)}
		if !grade.Valid {
			c.Grade = st.unknownGrade(schoolID)
		}
		if seen[id] == nil {
			seen[id] = map[analytics.Class]bool{}
		}
		if !seen[id][c] {
			seen[id][c] = true
			st.classes[id] = append(st.classes[id], c)
		}
		return nil
	}, "SELECT staff_id, school_id, subject, grade_level FROM sections"+
		" WHERE school_year = ? ORDER BY staff_id, section_id", st.year)
}

func (st *staffYear) loadEvaluations(ctx context.Context, db *models.DB) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var id string
		var c analytics.Component
		if err := rows.Scan(&id, &c.Name, &c.Score); err != nil {
			return err
		}
		st.evaluations[id] = append(st.evaluations[id], c)
		return nil
	}, "SELECT staff_id, component, score FROM evaluations WHERE school_year = ?"+
		" ORDER BY staff_id, component", st.year)
}

func (st *staffYear) loadPay(ctx context.Context, db *models.DB) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var id string
		var base, supplements, benefits models.Money
		var step sql.NullInt64
		var lane sql.NullString
		if err := rows.Scan(&id, &base, &supplements, &benefits, &step, &lane); err != nil {
			return err
		}
		p := analytics.Pay{Base: base.Float64(), Supplements: supplements.Float64(),
			Benefits: benefits.Float64(), Step: -1, Lane: lane.String}
		if step.Valid {
			p.Step = int(step.Int64)
		}
		st.pay[id] = p
		return nil
	}, "SELECT staff_id, base_salary, supplements, benefits, step, lane FROM compensation"+
		" WHERE school_year = ?", st.year)
}
