package compute

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"testing"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// storedMeasures reads every measure stored for a year, in key order.
type storedMeasures struct {
	Teachers []models.TeacherMetrics
	Schools  []models.SchoolMetrics
	District []models.DistrictMetrics
	Groups   []models.DistrictGroup
}

func readMeasures(t *testing.T, db *models.DB, year int) storedMeasures {
	t.Helper()
	var m storedMeasures
	g := db.Gorm(context.Background())
	for _, q := range []struct {
		dst   any
		order string
	}{
		{&m.Teachers, "staff_id"}, {&m.Schools, "school_id"}, {&m.District, "school_year"},
		{&m.Groups, "breakdown, group_name"},
	} {
		if err := g.Where("school_year = ?", year).Order(q.order).Find(q.dst).Error; err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// checkHidden asserts the privacy rules on one published column of cells
// that add up to a published total: every published cell is over at least
// min teachers, and the suppressed cells, if any, cover min teachers
// between them (or are every cell there is), so no suppressed cell can be
// recovered by subtracting the published ones from the total.
func checkHidden(t *testing.T, what string, published []bool, sizes []int, min int) {
	t.Helper()
	hidden, covered, total := 0, 0, 0
	for i, ok := range published {
		if sizes[i] == 0 {
			continue
		}
		total += sizes[i]
		if ok {
			if sizes[i] < min {
				t.Errorf("%s: a value over %d teachers is published", what, sizes[i])
			}
			continue
		}
		hidden++
		covered += sizes[i]
	}
	if hidden > 0 && covered < min && covered < total {
		t.Errorf("%s: %d suppressed values over %d teachers can be recovered", what, hidden,
			covered)
	}
}

func TestYear_GeneratedDistrict(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		importDistrict(t, db)
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		cfg := analytics.DefaultConfig()
		years, err := Years(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		first := map[int]storedMeasures{}
		for _, y := range years {
			if _, err := Year(ctx, db, y, Options{District: &cfg}, logger); err != nil {
				t.Fatal(err)
			}
			first[y] = readMeasures(t, db, y)
		}

		for _, y := range years {
			m := first[y]
			t.Run(fmt.Sprint(y), func(t *testing.T) {
				checkRows(t, db, y, m)
				checkRatings(t, m.Teachers)
				checkGroups(t, m.Groups, y, years[0], cfg.Privacy.MinTeachers)
			})
		}

		t.Run("Idempotent", func(t *testing.T) {
			for _, y := range years {
				if _, err := Year(ctx, db, y, Options{District: &cfg}, logger); err != nil {
					t.Fatal(err)
				}
				if again := readMeasures(t, db, y); !reflect.DeepEqual(again, first[y]) {
					t.Fatalf("%d: a second run stored other measures", y)
				}
			}
		})

		// With a threshold above the smallest school, schools are
		// suppressed, each with a complement.
		t.Run("SchoolsSuppressed", func(t *testing.T) {
			strict := cfg
			strict.Privacy.MinTeachers = 30
			if _, err := Year(ctx, db, 2024, Options{District: &strict}, logger); err != nil {
				t.Fatal(err)
			}
			checkSchools(t, readMeasures(t, db, 2024).Schools, 30)
		})
	})
}

// checkRows asserts that every teacher and every school of the year has
// its row of measures.
func checkRows(t *testing.T, db *models.DB, year int, m storedMeasures) {
	t.Helper()
	var teachers, schools []string
	g := db.Gorm(context.Background())
	g.Raw("SELECT DISTINCT staff_id FROM staff_assignments WHERE school_year = ? AND "+
		"position = 'teacher' ORDER BY staff_id", year).Scan(&teachers)
	g.Raw("SELECT school_id FROM staff_assignments WHERE school_year = ? AND "+
		"position = 'teacher' UNION SELECT school_id FROM students WHERE school_year = ? "+
		"ORDER BY school_id", year, year).Scan(&schools)
	var gotT, gotS []string
	for _, r := range m.Teachers {
		gotT = append(gotT, r.StaffID)
	}
	for _, r := range m.Schools {
		gotS = append(gotS, r.SchoolID)
	}
	if len(teachers) == 0 || !slices.Equal(gotT, teachers) {
		t.Errorf("measures of %d teachers, the year has %d", len(gotT), len(teachers))
	}
	if !slices.Equal(gotS, schools) {
		t.Errorf("measures of schools %v, the year has %v", gotS, schools)
	}
	if len(m.District) != 1 || m.District[0].Teachers != len(teachers) {
		t.Errorf("district row %+v for %d teachers", m.District, len(teachers))
	}
}

// checkRatings asserts that no rating stands without its inputs.
func checkRatings(t *testing.T, teachers []models.TeacherMetrics) {
	t.Helper()
	rated := 0
	for _, r := range teachers {
		growth := r.MedianSGP != nil || r.VAMEstimate != nil
		switch {
		case r.CompositeScore != nil && r.ObservationScore == nil && !growth:
			t.Errorf("%s has a composite without observation or growth", r.StaffID)
		case r.Rating != "" && r.CompositeScore == nil:
			t.Errorf("%s is rated %q without a composite", r.StaffID, r.Rating)
		case r.CompositeScore != nil && r.Rating == "":
			t.Errorf("%s has a composite but no rating", r.StaffID)
		case r.RatingTEM != "" && (r.ObservationScore == nil || !growth):
			t.Errorf("%s has a TEM rating without observation and growth", r.StaffID)
		case r.MedianSGP != nil && r.GrowthN < 10:
			t.Errorf("%s has growth from %d students", r.StaffID, r.GrowthN)
		}
		if r.Rating != "" {
			rated++
		}
	}
	if rated < len(teachers)/2 {
		t.Errorf("only %d of %d teachers rated", rated, len(teachers))
	}
}

// checkGroups asserts the privacy rules within each breakdown of the
// district's teachers.
func checkGroups(t *testing.T, groups []models.DistrictGroup, year, firstYear, min int) {
	t.Helper()
	byBreakdown := map[string][]models.DistrictGroup{}
	for _, g := range groups {
		byBreakdown[g.Breakdown] = append(byBreakdown[g.Breakdown], g)
	}
	// Growth quintiles need growth, which the first year has not.
	want := 6
	if year == firstYear {
		want = 5
	}
	if len(byBreakdown) != want {
		t.Errorf("%d breakdowns of the district's teachers, want %d", len(byBreakdown), want)
	}
	for b, gs := range byBreakdown {
		// Rated teachers are what the share of effective ones is over.
		published, sizes := make([]bool, len(gs)), make([]int, len(gs))
		for i, g := range gs {
			published[i], sizes[i] = g.EffectivePct != nil, *g.Rated
		}
		checkHidden(t, b+" effective_pct", published, sizes, min)
		for i, g := range gs {
			published[i], sizes[i] = g.MeanCost != nil, g.Teachers
		}
		checkHidden(t, b+" mean_cost", published, sizes, min)
	}
}

// checkSchools asserts the privacy rules across the schools of a year.
func checkSchools(t *testing.T, schools []models.SchoolMetrics, min int) {
	t.Helper()
	n := len(schools)
	published, teachers, rated := make([]bool, n), make([]int, n), make([]int, n)
	for i, s := range schools {
		teachers[i], rated[i] = s.Teachers, *s.Rated
	}
	columns := []struct {
		name  string
		sizes []int
		ok    func(s models.SchoolMetrics) bool
	}{
		{"novice_pct", teachers, func(s models.SchoolMetrics) bool { return s.NovicePct != nil }},
		{"retention_rate", teachers,
			func(s models.SchoolMetrics) bool { return s.RetentionRate != nil }},
		{"cost_per_student", teachers,
			func(s models.SchoolMetrics) bool { return s.CostPerStudent != nil }},
		{"effective_pct", rated, func(s models.SchoolMetrics) bool { return s.EffectivePct != nil }},
		{"exemplary", rated, func(s models.SchoolMetrics) bool { return s.Exemplary != nil }},
	}
	suppressed := 0
	for _, c := range columns {
		for i, s := range schools {
			published[i] = c.ok(s)
			if !published[i] {
				suppressed++
			}
		}
		checkHidden(t, c.name, published, c.sizes, min)
	}
	if suppressed < 2*len(columns) {
		t.Errorf("%d values suppressed: the threshold did not bite", suppressed)
	}
}
