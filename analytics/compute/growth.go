// Package compute loads a school year from the database, runs the analytics
// on it and stores what they find, replacing the year's earlier results.
package compute

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
)

// DefaultMinStudents is the fewest students a teacher's or a school's
// growth is reported for.
const DefaultMinStudents = 10

// GrowthOptions tunes a growth run. The zero value uses the defaults.
type GrowthOptions struct {
	// MinCohort is the fewest students a growth model is fitted on.
	MinCohort int
	// MinStudents is the fewest students a summary is reported for.
	MinStudents int
	// Workers is how many cohorts are fitted at once.
	Workers int
}

// GrowthResult counts what a growth run stored.
type GrowthResult struct {
	Year     int
	Students int
	Teachers int
	Schools  int
	Duration time.Duration
}

// Years lists the school years that have scores, in order.
func Years(ctx context.Context, db *models.DB) ([]int, error) {
	var years []int
	err := db.Gorm(ctx).Model(&models.Assessment{}).Distinct("school_year").
		Order("school_year").Pluck("school_year", &years).Error
	if err != nil {
		return nil, fmt.Errorf("listing school years: %w", err)
	}
	return years, nil
}

// Growth computes the growth of one school year: every student's growth
// percentile, each teacher's and school's summary of them, and each
// teacher's value-added, per subject and over all subjects. It replaces
// the year's earlier growth results in one transaction.
func Growth(ctx context.Context, db *models.DB, year int, opt GrowthOptions,
	logger *slog.Logger) (GrowthResult, error) {
	start := time.Now()
	opt = opt.withDefaults()
	in, err := loadYear(ctx, db, year)
	if err != nil {
		return GrowthResult{}, err
	}

	sgps, err := analytics.YearGrowth(in.scores, year, analytics.GrowthOptions{
		MinCohort: opt.MinCohort, Workers: opt.Workers})
	if err != nil {
		return GrowthResult{}, fmt.Errorf("growth percentiles of %d: %w", year, err)
	}
	students := studentRows(year, sgps)
	teachers := teacherRows(year, sgps, in, opt.MinStudents)
	if err := addValueAdded(teachers, in, opt.MinStudents); err != nil {
		return GrowthResult{}, fmt.Errorf("value-added of %d: %w", year, err)
	}
	schools := schoolRows(year, sgps, in, opt.MinStudents)

	err = db.Gorm(ctx).Transaction(func(tx *gorm.DB) error {
		return replaceGrowth(tx, year, students, teacherList(teachers), schools)
	})
	if err != nil {
		return GrowthResult{}, fmt.Errorf("storing growth of %d: %w", year, err)
	}
	res := GrowthResult{Year: year, Students: len(students), Teachers: len(teachers),
		Schools: len(schools), Duration: time.Since(start)}
	logger.Info("computed growth", "year", year, "students", res.Students,
		"teachers", res.Teachers, "schools", res.Schools, "duration", res.Duration)
	return res, nil
}

func (o GrowthOptions) withDefaults() GrowthOptions {
	if o.MinCohort <= 0 {
		o.MinCohort = analytics.DefaultMinCohort
	}
	if o.MinStudents <= 0 {
		o.MinStudents = DefaultMinStudents
	}
	return o
}

// yearData is what the growth of a year rests on.
type yearData struct {
	year   int
	scores []analytics.Score
	// students of the year by id: school, grade and flags.
	students map[string]models.Student
	// links ties students to their teachers' sections in a subject.
	links []link
}

type link struct {
	studentID, staffID, sectionID, subject string
	dosage                                 float64
}

// loadYear reads the scores of the year and of the two before it, and the
// year's students and enrollments.
func loadYear(ctx context.Context, db *models.DB, year int) (*yearData, error) {
	in := &yearData{year: year, students: map[string]models.Student{}}
	var rows []models.Assessment
	err := db.Gorm(ctx).Where("school_year BETWEEN ? AND ?", year-2, year).
		Order("school_year, student_id, subject, assessment").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("loading scores: %w", err)
	}
	// A student with several tests in a subject and year counts with the
	// first by name: the unnamed one when there is one.
	for i, r := range rows {
		if i > 0 && rows[i-1].SchoolYear == r.SchoolYear &&
			rows[i-1].StudentID == r.StudentID && rows[i-1].Subject == r.Subject {
			continue
		}
		in.scores = append(in.scores, analytics.Score{StudentID: r.StudentID,
			Year: r.SchoolYear, Grade: r.GradeLevel, Subject: r.Subject, Score: r.ScaleScore})
	}

	var students []models.Student
	if err := db.Gorm(ctx).Where("school_year = ?", year).Find(&students).Error; err != nil {
		return nil, fmt.Errorf("loading students: %w", err)
	}
	for _, s := range students {
		in.students[s.StudentID] = s
	}

	var links []struct {
		StudentID, StaffID, SectionID, Subject string
		Dosage                                 float64
	}
	err = db.Gorm(ctx).Table("enrollments AS e").
		Select("e.student_id, s.staff_id, s.section_id, s.subject, e.dosage").
		Joins("JOIN sections AS s ON s.school_year = e.school_year"+
			" AND s.section_id = e.section_id").
		Where("e.school_year = ?", year).
		Order("s.staff_id, s.section_id, e.student_id").
		Scan(&links).Error
	if err != nil {
		return nil, fmt.Errorf("loading enrollments: %w", err)
	}
	for _, l := range links {
		in.links = append(in.links, link{studentID: l.StudentID, staffID: l.StaffID,
			sectionID: l.SectionID, subject: l.Subject, dosage: l.Dosage})
	}
	return in, nil
}

func studentRows(year int, sgps []analytics.StudentSGP) []models.StudentGrowth {
	rows := make([]models.StudentGrowth, len(sgps))
	for i, g := range sgps {
		rows[i] = models.StudentGrowth{SchoolYear: year, StudentID: g.StudentID,
			Subject: g.Subject, GradeLevel: g.Grade, PriorScore: g.PriorScore,
			ScaleScore: g.Score, SGP: g.SGP, SGPOrder: g.Order}
	}
	return rows
}

type teacherKey struct{ staffID, subject string }

// teacherRows summarizes the percentiles of each teacher's students, each
// weighted by the teacher's share of the student's instruction, per
// subject and over all subjects.
func teacherRows(year int, sgps []analytics.StudentSGP, in *yearData,
	minStudents int) map[teacherKey]*models.TeacherGrowth {
	sgpOf := map[[2]string]int{}
	for _, g := range sgps {
		sgpOf[[2]string{g.StudentID, g.Subject}] = g.SGP
	}
	values := map[teacherKey][]int{}
	weights := map[teacherKey][]float64{}
	for _, l := range in.links {
		sgp, ok := sgpOf[[2]string{l.studentID, l.subject}]
		if !ok {
			continue
		}
		for _, subject := range []string{l.subject, models.SubjectAll} {
			k := teacherKey{l.staffID, subject}
			values[k] = append(values[k], sgp)
			weights[k] = append(weights[k], l.dosage)
		}
	}

	rows := map[teacherKey]*models.TeacherGrowth{}
	for k, v := range values {
		g := analytics.SummarizeGrowth(v, weights[k], minStudents)
		rows[k] = &models.TeacherGrowth{
			SchoolYear: year, StaffID: k.staffID, Subject: k.subject, GrowthN: g.N,
			MedianSGP: number(g.MedianSGP), MeanSGP: number(g.MeanSGP),
			MedianSGPSE: number(g.MedianSE), MeanSGPSE: number(g.MeanSE),
			GrowthLevel: analytics.GrowthLevel(g.MedianSGP),
		}
	}
	return rows
}

// schoolRows summarizes the percentiles of each school's students, per
// subject.
func schoolRows(year int, sgps []analytics.StudentSGP, in *yearData,
	minStudents int) []models.SchoolGrowth {
	type key struct{ schoolID, subject string }
	values := map[key][]int{}
	for _, g := range sgps {
		s, ok := in.students[g.StudentID]
		if !ok {
			continue
		}
		k := key{s.SchoolID, g.Subject}
		values[k] = append(values[k], g.SGP)
	}
	var rows []models.SchoolGrowth
	for k, v := range values {
		ones := make([]float64, len(v))
		for i := range ones {
			ones[i] = 1
		}
		g := analytics.SummarizeGrowth(v, ones, minStudents)
		rows = append(rows, models.SchoolGrowth{
			SchoolYear: year, SchoolID: k.schoolID, Subject: k.subject, GrowthN: g.N,
			MedianSGP: number(g.MedianSGP), MeanSGP: number(g.MeanSGP),
			MedianSGPSE: number(g.MedianSE), MeanSGPSE: number(g.MeanSE),
			GrowthLevel: analytics.GrowthLevel(g.MedianSGP),
		})
	}
	slices.SortFunc(rows, func(a, b models.SchoolGrowth) int {
		return cmp.Or(cmp.Compare(a.SchoolID, b.SchoolID), cmp.Compare(a.Subject, b.Subject))
	})
	return rows
}

// number is a value to store, nil when it is missing or suppressed.
func number(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func teacherList(rows map[teacherKey]*models.TeacherGrowth) []models.TeacherGrowth {
	list := make([]models.TeacherGrowth, 0, len(rows))
	for _, r := range rows {
		list = append(list, *r)
	}
	slices.SortFunc(list, func(a, b models.TeacherGrowth) int {
		return cmp.Or(cmp.Compare(a.StaffID, b.StaffID), cmp.Compare(a.Subject, b.Subject))
	})
	return list
}

// replaceGrowth deletes the year's growth results and stores the new ones.
func replaceGrowth(tx *gorm.DB, year int, students []models.StudentGrowth,
	teachers []models.TeacherGrowth, schools []models.SchoolGrowth) error {
	for _, table := range []any{&models.StudentGrowth{}, &models.TeacherGrowth{},
		&models.SchoolGrowth{}} {
		if err := tx.Where("school_year = ?", year).Delete(table).Error; err != nil {
			return err
		}
	}
	const batch = 500
	if len(students) > 0 {
		if err := tx.CreateInBatches(students, batch).Error; err != nil {
			return err
		}
	}
	if len(teachers) > 0 {
		if err := tx.CreateInBatches(teachers, batch).Error; err != nil {
			return err
		}
	}
	if len(schools) > 0 {
		if err := tx.CreateInBatches(schools, batch).Error; err != nil {
			return err
		}
	}
	return nil
}
