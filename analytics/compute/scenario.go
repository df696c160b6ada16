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

// ScenarioBase loads the base year of budget scenarios from the stored
// data and results of a computed school year: each teacher's pay, place on
// the salary schedule, subject, grade band, rating, school poverty and
// outcome; and each grade band's students and mean section size.
func ScenarioBase(ctx context.Context, db *models.DB, year int) (analytics.Base, error) {
	b := analytics.Base{Year: year, Bands: map[string]analytics.BandSections{}}
	teachers := map[string]*analytics.BudgetTeacher{}
	var order []string
	err := scanRows(ctx, db, func(rows *sql.Rows) error {
		var t analytics.BudgetTeacher
		var base, supp, benefits models.Money
		var step sql.NullInt64
		var lane, subject sql.NullString
		if err := rows.Scan(&t.StaffID, &t.SchoolID, &t.Rating, &t.Retention, &t.Pay.FTE,
			&base, &supp, &benefits, &step, &lane, &subject); err != nil {
			return err
		}
		t.Pay.Base, t.Pay.Supplements = base.Float64(), supp.Float64()
		t.Pay.Benefits, t.Pay.Step, t.Pay.Lane = benefits.Float64(), -1, lane.String
		if step.Valid {
			t.Pay.Step = int(step.Int64)
		}
		t.Subject = subject.String
		teachers[t.StaffID] = &t
		order = append(order, t.StaffID)
		return nil
	}, `SELECT m.staff_id, m.school_id, m.rating, m.retention, m.fte,
		c.base_salary, c.supplements, c.benefits, c.step, c.lane,
		(SELECT MIN(a.subject_area) FROM staff_assignments a WHERE a.school_year = m.school_year
			AND a.staff_id = m.staff_id AND a.school_id = m.school_id
			AND a.position = 'teacher')
		FROM teacher_metrics m JOIN compensation c
			ON c.school_year = m.school_year AND c.staff_id = m.staff_id
		WHERE m.school_year = ? ORDER BY m.staff_id`, year)
	if err != nil {
		return b, fmt.Errorf("loading the teachers of %d: %w", year, err)
	}
	if err := loadBands(ctx, db, year, teachers, &b); err != nil {
		return b, err
	}
	if err := loadPoverty(ctx, db, year, teachers); err != nil {
		return b, err
	}

	pays := make([]analytics.Pay, 0, len(order))
	for _, id := range order {
		pays = append(pays, teachers[id].Pay)
	}
	sched := analytics.ScheduleOf(pays)
	for _, id := range order {
		t := teachers[id]
		if t.Pay.Step >= 0 && t.Pay.Lane != "" {
			t.LanePremium = sched.LanePremium(t.Pay.Lane, t.Pay.Step)
			t.StepIncrement = sched.StepIncrement(t.Pay.Lane, t.Pay.Step)
		}
		b.Teachers = append(b.Teachers, *t)
	}
	return b, nil
}

// loadBands gives each teacher the grade band they teach most sections
// in, and each band its students and mean section size.
func loadBands(ctx context.Context, db *models.DB, year int,
	teachers map[string]*analytics.BudgetTeacher, b *analytics.Base) error {
	sections := map[string]map[string]int{}
	size := map[string][2]float64{}
	err := scanRows(ctx, db, func(rows *sql.Rows) error {
		var staff string
		var grade, enrolled int
		if err := rows.Scan(&staff, &grade, &enrolled); err != nil {
			return err
		}
		band := analytics.GradeBand(grade)
		if sections[staff] == nil {
			sections[staff] = map[string]int{}
		}
		sections[staff][band]++
		s := size[band]
		size[band] = [2]float64{s[0] + float64(enrolled), s[1] + 1}
		return nil
	}, `SELECT s.staff_id, s.grade_level,
		(SELECT COUNT(*) FROM enrollments e WHERE e.school_year = s.school_year
			AND e.section_id = s.section_id)
		FROM sections s WHERE s.school_year = ? AND s.grade_level IS NOT NULL`, year)
	if err != nil {
		return fmt.Errorf("loading the sections of %d: %w", year, err)
	}
	for staff, bands := range sections {
		t, ok := teachers[staff]
		if !ok {
			continue
		}
		names := make([]string, 0, len(bands))
		for band := range bands {
			names = append(names, band)
		}
		slices.SortFunc(names, func(x, y string) int {
			return cmp.Or(bands[y]-bands[x], cmp.Compare(x, y))
		})
		t.GradeBand = names[0]
	}

	err = scanRows(ctx, db, func(rows *sql.Rows) error {
		var grade, n int
		if err := rows.Scan(&grade, &n); err != nil {
			return err
		}
		band := analytics.GradeBand(grade)
		bs := b.Bands[band]
		bs.Students += n
		b.Bands[band] = bs
		return nil
	}, `SELECT grade_level, COUNT(*) FROM students WHERE school_year = ?
		GROUP BY grade_level`, year)
	if err != nil {
		return fmt.Errorf("loading the students of %d: %w", year, err)
	}
	for band, bs := range b.Bands {
		if s := size[band]; s[1] > 0 {
			bs.MeanSize = s[0] / s[1]
			b.Bands[band] = bs
		}
	}
	return nil
}

// loadPoverty marks the teachers of the highest- and lowest-poverty
// quartiles of schools, as the equitable-access table splits them.
func loadPoverty(ctx context.Context, db *models.DB, year int,
	teachers map[string]*analytics.BudgetTeacher) error {
	var schools []string
	err := db.Gorm(ctx).Model(&models.SchoolMetrics{}).
		Where("school_year = ? AND econ_disadvantaged_pct IS NOT NULL", year).
		Order("econ_disadvantaged_pct, school_id").Pluck("school_id", &schools).Error
	if err != nil {
		return fmt.Errorf("loading the schools of %d: %w", year, err)
	}
	if len(schools) < 4 {
		return nil
	}
	quartile := map[string]int{}
	for i, id := range schools {
		quartile[id] = 1 + 4*i/len(schools)
	}
	for _, t := range teachers {
		t.LowPoverty, t.HighPoverty = quartile[t.SchoolID] == 1, quartile[t.SchoolID] == 4
	}
	return nil
}
