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

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
)

// Options tunes a compute run. The zero value uses the defaults.
type Options struct {
	// District is the district's configuration of the analytics; nil
	// uses the defaults of analytics.DefaultConfig.
	District *analytics.Config
	// Workers is how many growth cohorts are fitted at once.
	Workers int
}

// Result counts what a compute run stored for a school year.
type Result struct {
	Year int
	// Students, Teachers and Schools count the growth results: student
	// percentiles, teacher summaries (per subject and over all) and
	// school summaries.
	Students int
	Teachers int
	Schools  int
	// TeacherMetrics and SchoolMetrics count the rows of effectiveness
	// and workforce measures; Suppressed the values the privacy rules
	// blanked.
	TeacherMetrics int
	SchoolMetrics  int
	Suppressed     int
	Duration       time.Duration
}

// Years lists the school years that have scores or staff assignments, in
// order.
func Years(ctx context.Context, db *models.DB) ([]int, error) {
	var years []int
	err := db.Gorm(ctx).Raw("SELECT school_year FROM assessments UNION " +
		"SELECT school_year FROM staff_assignments ORDER BY school_year").
		Scan(&years).Error
	if err != nil {
		return nil, fmt.Errorf("listing school years: %w", err)
	}
	return years, nil
}

// Year computes a school year from the stored data: every student's
// growth percentile, each teacher's and school's summary of them and each
// teacher's value-added, per subject and over all subjects; then each
// teacher's, school's and the district's effectiveness, workforce and pay
// measures. It replaces the year's earlier results in one transaction.
func Year(ctx context.Context, db *models.DB, year int, opt Options,
	logger *slog.Logger) (Result, error) {
	start := time.Now()
	cfg := analytics.DefaultConfig()
	if opt.District != nil {
		cfg = *opt.District
	}
	step := stepTimer(logger, year)
	in, err := loadYear(ctx, db, year)
	if err != nil {
		return Result{}, err
	}
	step("loaded the year", "scores", len(in.scores), "links", len(in.links))

	sgps, err := analytics.YearGrowth(in.scores, year, analytics.GrowthOptions{
		MinCohort: cfg.Growth.MinCohort, Workers: opt.Workers})
	if err != nil {
		return Result{}, fmt.Errorf("growth percentiles of %d: %w", year, err)
	}
	step("fitted the growth percentiles", "students", len(sgps))

	minStudents := cfg.Growth.MinStudents
	students := studentRows(year, sgps)
	teachers := teacherRows(year, sgps, in, minStudents)
	if err := addValueAdded(teachers, in, minStudents); err != nil {
		return Result{}, fmt.Errorf("value-added of %d: %w", year, err)
	}
	schools := schoolRows(year, sgps, in, minStudents)
	step("summarized growth and value-added", "teachers", len(teachers))

	m, err := metrics(ctx, db, cfg, in, sgps, teachers)
	if err != nil {
		return Result{}, fmt.Errorf("measures of %d: %w", year, err)
	}
	step("computed the measures", "teachers", len(m.teachers), "schools", len(m.schools))

	sets := growthSets(students, teacherList(teachers), schools)
	sets = append(sets, m.sets(year)...)
	sets = append(sets, models.ComputedYearSet(year))
	if err := db.ReplaceYear(ctx, year, sets...); err != nil {
		return Result{}, fmt.Errorf("storing results of %d: %w", year, err)
	}
	step("stored the results")
	res := Result{Year: year, Students: len(students), Teachers: len(teachers),
		Schools: len(schools), TeacherMetrics: len(m.teachers),
		SchoolMetrics: len(m.schools), Suppressed: m.suppressed,
		Duration: time.Since(start)}
	logger.Info("computed school year", "year", year, "students", res.Students,
		"teachers", res.TeacherMetrics, "schools", res.SchoolMetrics,
		"suppressed", res.Suppressed, "duration", res.Duration)
	return res, nil
}

// stepTimer returns a function that logs, at debug level, how long the
// step just finished took.
func stepTimer(logger *slog.Logger, year int) func(msg string, args ...any) {
	last := time.Now()
	return func(msg string, args ...any) {
		now := time.Now()
		args = append([]any{"year", year, "duration", now.Sub(last)}, args...)
		logger.Debug(msg, args...)
		last = now
	}
}

// yearData is what the growth of a year rests on.
type yearData struct {
	year   int
	scores []analytics.Score
	// students of the year by id: school, grade and flags; studentList
	// holds the same in id order.
	students    map[string]models.Student
	studentList []models.Student
	// links ties students to their teachers' sections in a subject.
	links []link
}

type link struct {
	studentID, staffID, sectionID, subject string
	dosage                                 float64
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

// growthSets lays out the year's growth results for storing.
func growthSets(students []models.StudentGrowth, teachers []models.TeacherGrowth,
	schools []models.SchoolGrowth) []models.RowSet {
	return []models.RowSet{
		{
			Table: "student_growth", Len: len(students),
			Columns: []string{"school_year", "student_id", "subject", "grade_level",
				"prior_score", "scale_score", "sgp", "sgp_order"},
			Row: func(i int, v []any) {
				r := &students[i]
				v[0], v[1], v[2], v[3] = r.SchoolYear, r.StudentID, r.Subject, r.GradeLevel
				v[4], v[5], v[6], v[7] = r.PriorScore, r.ScaleScore, r.SGP, r.SGPOrder
			},
		},
		{
			Table: "teacher_growth", Len: len(teachers),
			Columns: []string{"school_year", "staff_id", "subject", "growth_n",
				"median_sgp", "mean_sgp", "median_sgp_se", "mean_sgp_se", "growth_level",
				"vam_n", "vam_estimate", "vam_se", "vam_reliability", "vam_level"},
			Row: func(i int, v []any) {
				r := &teachers[i]
				v[0], v[1], v[2], v[3] = r.SchoolYear, r.StaffID, r.Subject, r.GrowthN
				v[4], v[5], v[6], v[7] = r.MedianSGP, r.MeanSGP, r.MedianSGPSE, r.MeanSGPSE
				v[8], v[9], v[10] = r.GrowthLevel, r.VAMN, r.VAMEstimate
				v[11], v[12], v[13] = r.VAMSE, r.VAMReliability, r.VAMLevel
			},
		},
		{
			Table: "school_growth", Len: len(schools),
			Columns: []string{"school_year", "school_id", "subject", "growth_n",
				"median_sgp", "mean_sgp", "median_sgp_se", "mean_sgp_se", "growth_level"},
			Row: func(i int, v []any) {
				r := &schools[i]
				v[0], v[1], v[2], v[3] = r.SchoolYear, r.SchoolID, r.Subject, r.GrowthN
				v[4], v[5], v[6], v[7] = r.MedianSGP, r.MeanSGP, r.MedianSGPSE, r.MeanSGPSE
				v[8] = r.GrowthLevel
			},
		},
	}
}
