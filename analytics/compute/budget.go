package compute

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

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
	// Teachers counts the school's teachers, by whom the privacy rules
	// judge its staffing figures; PaidStaff counts the assignments of its
	// staff whose pay the district reports, none meaning that its
	// staffing costs are not known.
	Teachers, PaidStaff int
	// Allocation is the student-based allocation, nil when the district
	// reports no weights for the year.
	Allocation *float64
	// StaffingCost is the cost of everyone assigned to the school (pay,
	// supplements and benefits, by the share of their time there), and
	// TeacherCost that of its teachers alone.
	StaffingCost, TeacherCost float64
	// CostPerStudent is the teachers' cost a student, nil without
	// students or without teachers' pay.
	CostPerStudent *float64
	Lines          []BudgetLine
	Salaries       analytics.SalarySplit
}

// SchoolBudgetOf reads and works out a school's budget of a year.
func SchoolBudgetOf(ctx context.Context, db *models.DB, schoolID string, year int) (
	SchoolBudget, error) {
	list, err := budgets(ctx, db, year, schoolID)
	if err != nil {
		return SchoolBudget{}, fmt.Errorf("budget of school %s in %d: %w", schoolID, year, err)
	}
	if len(list) == 0 {
		return SchoolBudget{SchoolID: schoolID, Year: year}, nil
	}
	return list[0], nil
}

// DistrictBudget is the district's money in a school year: each school's
// budget, and the central office's budget lines.
type DistrictBudget struct {
	Schools []SchoolBudget
	Central []BudgetLine
}

// DistrictBudgetOf works out the budget of a year of every school that
// has students, staff or budget lines in it, in the order of their ids,
// and reads the central office's lines.
func DistrictBudgetOf(ctx context.Context, db *models.DB, year int) (DistrictBudget, error) {
	var d DistrictBudget
	var err error
	if d.Schools, err = budgets(ctx, db, year, ""); err == nil {
		err = scanLines(ctx, db, func(_ string, l BudgetLine) { d.Central = append(d.Central, l) },
			`SELECT '', fund, category, budgeted, actual FROM budgets
			WHERE school_year = ? AND school_id IS NULL ORDER BY fund, category`, year)
	}
	if err != nil {
		return d, fmt.Errorf("budgets of %d: %w", year, err)
	}
	return d, nil
}

// budgetReader reads the budgets of a year, of one school or, when
// schoolID is empty, of all.
type budgetReader struct {
	db       *models.DB
	year     int
	schoolID string
	schools  map[string]*SchoolBudget
}

// budgets reads and works out the budgets of a year.
func budgets(ctx context.Context, db *models.DB, year int, schoolID string) (
	[]SchoolBudget, error) {
	r := &budgetReader{db: db, year: year, schoolID: schoolID,
		schools: map[string]*SchoolBudget{}}
	students, err := r.students(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.allocate(ctx, students); err != nil {
		return nil, err
	}
	if err := r.staff(ctx); err != nil {
		return nil, err
	}
	if err := r.lines(ctx); err != nil {
		return nil, err
	}
	list := make([]SchoolBudget, 0, len(r.schools))
	for _, b := range r.schools {
		list = append(list, *b)
	}
	slices.SortFunc(list, func(a, b SchoolBudget) int { return cmp.Compare(a.SchoolID, b.SchoolID) })
	return list, nil
}

// of is the budget of a school, started when first met.
func (r *budgetReader) of(schoolID string) *SchoolBudget {
	b, ok := r.schools[schoolID]
	if !ok {
		b = &SchoolBudget{SchoolID: schoolID, Year: r.year}
		r.schools[schoolID] = b
	}
	return b
}

// where narrows a query to the school asked for, if any.
func (r *budgetReader) where(query string, args ...any) (string, []any) {
	if r.schoolID == "" {
		return query, args
	}
	return query + " AND school_id = ?", append(args, r.schoolID)
}

// students reads the students of the year by school, as student-based
// budgeting funds them.
func (r *budgetReader) students(ctx context.Context) (map[string][]analytics.FundedStudent,
	error) {
	out := map[string][]analytics.FundedStudent{}
	query, args := r.where(`SELECT school_id, grade_level, econ_disadvantaged, ell, swd
		FROM students WHERE school_year = ?`, r.year)
	err := scanRows(ctx, r.db, func(rows *sql.Rows) error {
		var school string
		var s analytics.FundedStudent
		var econ, ell, swd sql.NullBool
		if err := rows.Scan(&school, &s.Grade, &econ, &ell, &swd); err != nil {
			return err
		}
		s.EconDisadvantaged, s.ELL, s.SWD = econ.Bool, ell.Bool, swd.Bool
		out[school] = append(out[school], s)
		r.of(school).Students++
		return nil
	}, query, args...)
	return out, err
}

// allocate applies the year's weights to each school's students.
func (r *budgetReader) allocate(ctx context.Context,
	students map[string][]analytics.FundedStudent) error {
	weights := map[string]float64{}
	basePerPupil := 0.0
	err := scanRows(ctx, r.db, func(rows *sql.Rows) error {
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
	}, `SELECT factor, weight, base_per_pupil FROM sbb_weights WHERE school_year = ?`, r.year)
	if err != nil || basePerPupil == 0 {
		return err
	}
	for school, list := range students {
		a := analytics.Allocation(list, basePerPupil, weights)
		r.of(school).Allocation = &a
	}
	return nil
}

// staff adds up what each school's staff cost and splits its teachers'
// salaries along the district's salary schedule.
func (r *budgetReader) staff(ctx context.Context) error {
	teachers := map[string][]analytics.Pay{}
	var all []analytics.Pay
	counted := map[[2]string]bool{}
	err := scanRows(ctx, r.db, func(rows *sql.Rows) error {
		var school, staffID, position string
		var fte float64
		var base, supp, benefits *models.Money
		var step sql.NullInt64
		var lane sql.NullString
		if err := rows.Scan(&school, &staffID, &position, &fte, &base, &supp, &benefits,
			&step, &lane); err != nil {
			return err
		}
		// Staff of another school than the one asked for count only
		// toward the district's schedule.
		mine := r.schoolID == "" || school == r.schoolID
		if mine && position == positionTeacher {
			if k := [2]string{school, staffID}; !counted[k] {
				counted[k] = true
				r.of(school).Teachers++
			}
		}
		if base == nil {
			return nil
		}
		p := analytics.Pay{Base: base.Float64(), Supplements: supp.Float64(),
			Benefits: benefits.Float64(), Step: -1, Lane: lane.String, FTE: fte}
		if step.Valid {
			p.Step = int(step.Int64)
		}
		if position == positionTeacher {
			all = append(all, p)
		}
		if !mine {
			return nil
		}
		b := r.of(school)
		b.PaidStaff++
		b.StaffingCost += p.Cost() * fte
		if position == positionTeacher {
			b.TeacherCost += p.Cost() * fte
			teachers[school] = append(teachers[school], p)
		}
		return nil
	}, `SELECT a.school_id, a.staff_id, a.position, a.fte, c.base_salary, c.supplements,
			c.benefits, c.step, c.lane
		FROM staff_assignments a LEFT JOIN compensation c
			ON c.school_year = a.school_year AND c.staff_id = a.staff_id
		WHERE a.school_year = ?`, r.year)
	if err != nil {
		return err
	}
	schedule := analytics.ScheduleOf(all)
	for school, b := range r.schools {
		b.Salaries = analytics.SplitSalaries(schedule, teachers[school])
		if b.Students > 0 && len(teachers[school]) > 0 {
			c := b.TeacherCost / float64(b.Students)
			b.CostPerStudent = &c
		}
	}
	return nil
}

// lines reads the schools' budget lines of the year.
func (r *budgetReader) lines(ctx context.Context) error {
	query, args := r.where(`SELECT school_id, fund, category, budgeted, actual FROM budgets
		WHERE school_year = ? AND school_id IS NOT NULL`, r.year)
	return scanLines(ctx, r.db, func(school string, l BudgetLine) {
		b := r.of(school)
		b.Lines = append(b.Lines, l)
	}, query+" ORDER BY fund, category", args...)
}

// scanLines reads budget lines, each with its school.
func scanLines(ctx context.Context, db *models.DB, add func(school string, l BudgetLine),
	query string, args ...any) error {
	return scanRows(ctx, db, func(rows *sql.Rows) error {
		var school string
		var l BudgetLine
		var budgeted models.Money
		var actual *models.Money
		if err := rows.Scan(&school, &l.Fund, &l.Category, &budgeted, &actual); err != nil {
			return err
		}
		l.Budgeted = budgeted.Float64()
		if actual != nil {
			v := actual.Float64()
			l.Actual = &v
		}
		add(school, l)
		return nil
	}, query, args...)
}
