package compute

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
)

// BudgetLine is one line of a school's budget: what was budgeted for a
// fund and category and, when reported, what was spent.
type BudgetLine struct {
	Fund, Category string
	Budgeted       float64
	Actual         *float64
}

// SchoolBudget is a school's money in a school year: what student-based
// budgeting would give it beside what its staff cost, its budget against
// actual spending, and what its teachers' salaries pay for.
type SchoolBudget struct {
	SchoolID string
	Year     int
	Students int
	// Allocation is the student-based allocation, nil when the district
	// reports no weights for the year.
	Allocation *float64
	// StaffingCost is the cost of everyone assigned to the school (pay,
	// supplements and benefits, by the share of their time there), and
	// TeacherCost that of its teachers alone.
	StaffingCost, TeacherCost float64
	// CostPerStudent is the teachers' cost a student, nil without
	// students.
	CostPerStudent *float64
	Lines          []BudgetLine
	Salaries       analytics.SalarySplit
}

// SchoolBudgetOf reads and works out a school's budget of a year.
func SchoolBudgetOf(ctx context.Context, db *models.DB, schoolID string, year int) (
	SchoolBudget, error) {
	b := SchoolBudget{SchoolID: schoolID, Year: year}
	what := fmt.Sprintf("budget of school %s in %d", schoolID, year)

	// The students, as student-based budgeting funds them.
	var students []analytics.FundedStudent
	err := scanRows(ctx, db, func(rows *sql.Rows) error {
		var s analytics.FundedStudent
		var econ, ell, swd sql.NullBool
		if err := rows.Scan(&s.Grade, &econ, &ell, &swd); err != nil {
			return err
		}
		s.EconDisadvantaged, s.ELL, s.SWD = econ.Bool, ell.Bool, swd.Bool
		students = append(students, s)
		return nil
	}, `SELECT grade_level, econ_disadvantaged, ell, swd FROM students
		WHERE school_year = ? AND school_id = ?`, year, schoolID)
	if err != nil {
		return b, fmt.Errorf("%s: %w", what, err)
	}
	b.Students = len(students)
	if err := b.allocate(ctx, db, students); err != nil {
		return b, fmt.Errorf("%s: %w", what, err)
	}
	if err := b.staff(ctx, db); err != nil {
		return b, fmt.Errorf("%s: %w", what, err)
	}
	if err := b.lines(ctx, db); err != nil {
		return b, fmt.Errorf("%s: %w", what, err)
	}
	return b, nil
}

// allocate applies the year's weights to the school's students.
func (b *SchoolBudget) allocate(ctx context.Context, db *models.DB,
	students []analytics.FundedStudent) error {
	weights := map[string]float64{}
	basePerPupil := 0.0
	err := scanRows(ctx, db, func(rows *sql.Rows) error {
		var factor string
		var w float64
		var base *models.Money
		if err := rows.Scan(&factor, &w, &base); err != nil {
			return err
		}
		if factor == analytics.FactorBase {
			if base != nil {
				basePerPupil = base.Float64()
			}
			return nil
		}
		weights[factor] = w
		return nil
	}, `SELECT factor, weight, base_per_pupil FROM sbb_weights WHERE school_year = ?`, b.Year)
	if err != nil || basePerPupil == 0 {
		return err
	}
	a := analytics.Allocation(students, basePerPupil, weights)
	b.Allocation = &a
	return nil
}

// staff adds up what the school's staff cost and splits its teachers'
// salaries.
func (b *SchoolBudget) staff(ctx context.Context, db *models.DB) error {
	var teachers []analytics.Pay
	err := scanRows(ctx, db, func(rows *sql.Rows) error {
		var position string
		var fte float64
		var base, supp, benefits models.Money
		var step sql.NullInt64
		var lane sql.NullString
		if err := rows.Scan(&position, &fte, &base, &supp, &benefits, &step,
			&lane); err != nil {
			return err
		}
		p := analytics.Pay{Base: base.Float64(), Supplements: supp.Float64(),
			Benefits: benefits.Float64(), Step: -1, Lane: lane.String, FTE: fte}
		if step.Valid {
			p.Step = int(step.Int64)
		}
		b.StaffingCost += p.Cost() * fte
		if position == positionTeacher {
			b.TeacherCost += p.Cost() * fte
			teachers = append(teachers, p)
		}
		return nil
	}, `SELECT a.position, a.fte, c.base_salary, c.supplements, c.benefits, c.step, c.lane
		FROM staff_assignments a JOIN compensation c
			ON c.school_year = a.school_year AND c.staff_id = a.staff_id
		WHERE a.school_year = ? AND a.school_id = ?`, b.Year, b.SchoolID)
	if err != nil {
		return err
	}
	b.Salaries = analytics.SplitSalaries(teachers)
	if b.Students > 0 {
		c := b.TeacherCost / float64(b.Students)
		b.CostPerStudent = &c
	}
	return nil
}

// lines reads the school's budget lines of the year.
func (b *SchoolBudget) lines(ctx context.Context, db *models.DB) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var l BudgetLine
		var budgeted models.Money
		var actual *models.Money
		if err := rows.Scan(&l.Fund, &l.Category, &budgeted, &actual); err != nil {
			return err
		}
		l.Budgeted = budgeted.Float64()
		if actual != nil {
			v := actual.Float64()
			l.Actual = &v
		}
		b.Lines = append(b.Lines, l)
		return nil
	}, `SELECT fund, category, budgeted, actual FROM budgets
		WHERE school_year = ? AND school_id = ? ORDER BY fund, category`, b.Year, b.SchoolID)
}
