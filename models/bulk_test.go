package models_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// schoolGrowthSet lays out school growth rows for ReplaceYear.
func schoolGrowthSet(rows []models.SchoolGrowth) models.RowSet {
	return models.RowSet{
		Table: "school_growth", Len: len(rows),
		Columns: []string{"school_year", "school_id", "subject", "growth_n", "median_sgp",
			"mean_sgp", "median_sgp_se", "mean_sgp_se", "growth_level"},
		Row: func(i int, v []any) {
			r := rows[i]
			v[0], v[1], v[2], v[3], v[4] = r.SchoolYear, r.SchoolID, r.Subject, r.GrowthN,
				r.MedianSGP
			v[5], v[6], v[7], v[8] = r.MeanSGP, r.MedianSGPSE, r.MeanSGPSE, r.GrowthLevel
		},
	}
}

// schoolGrowthRows makes n rows of a year, every third with its values
// missing, over enough schools and subjects to give each a key.
func schoolGrowthRows(year, n int) []models.SchoolGrowth {
	rows := make([]models.SchoolGrowth, n)
	for i := range rows {
		r := models.SchoolGrowth{SchoolYear: year, SchoolID: fmt.Sprintf("S%d", i%4),
			Subject: fmt.Sprintf("subject-%04d", i/4), GrowthN: i}
		if i%3 != 0 {
			r.MedianSGP, r.MeanSGP = ptr(float64(i%99)+0.5), ptr(1.0/3+float64(i))
			r.MedianSGPSE, r.MeanSGPSE = ptr(1e-9*float64(i)), ptr(2.5)
			r.GrowthLevel = "typical"
		}
		rows[i] = r
	}
	return rows
}

func storedSchoolGrowth(t *testing.T, db *models.DB, year int) []models.SchoolGrowth {
	t.Helper()
	var rows []models.SchoolGrowth
	err := db.Gorm(context.Background()).Where("school_year = ?", year).
		Order("growth_n").Find(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// diffRows lists the rows that differ between two lists of school growth.
func diffRows(got, want []models.SchoolGrowth) []string {
	var out []string
	if len(got) != len(want) {
		out = append(out, fmt.Sprintf("%d rows, want %d", len(got), len(want)))
	}
	for i := range min(len(got), len(want)) {
		for _, d := range diff(got[i], want[i]) {
			out = append(out, fmt.Sprintf("row %d: %s", i, d))
		}
	}
	return out
}

func TestDB_ReplaceYear(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		for i := range 4 {
			school := models.School{SchoolID: fmt.Sprintf("S%d", i), Name: `A "quoted", name`,
				Level: "middle"}
			if err := models.Create(ctx, db, &school, "school"); err != nil {
				t.Fatal(err)
			}
		}
		// More rows than one insert statement carries.
		first := schoolGrowthRows(2024, 1203)
		other := schoolGrowthRows(2025, 10)
		if err := db.ReplaceYear(ctx, 2024, schoolGrowthSet(first)); err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceYear(ctx, 2025, schoolGrowthSet(other)); err != nil {
			t.Fatal(err)
		}
		if d := diffRows(storedSchoolGrowth(t, db, 2024), first); len(d) > 0 {
			t.Fatalf("stored rows differ from those written: %v", d[:min(len(d), 5)])
		}

		t.Run("ReplacesTheYearOnly", func(t *testing.T) {
			again := schoolGrowthRows(2024, 7)
			if err := db.ReplaceYear(ctx, 2024, schoolGrowthSet(again)); err != nil {
				t.Fatal(err)
			}
			if d := diffRows(storedSchoolGrowth(t, db, 2024), again); len(d) > 0 {
				t.Fatalf("year 2024 after replacing: %v", d)
			}
			if d := diffRows(storedSchoolGrowth(t, db, 2025), other); len(d) > 0 {
				t.Fatalf("year 2025 changed: %v", d)
			}
		})

		t.Run("ErrMissingReferenceRollsBack", func(t *testing.T) {
			before := storedSchoolGrowth(t, db, 2024)
			bad := schoolGrowthRows(2024, 900)
			bad[850].SchoolID = "no-such-school"
			err := db.ReplaceYear(ctx, 2024, schoolGrowthSet(bad))
			if ted.ErrorCode(err) != ted.CodeInvalid {
				t.Fatalf("error = %v (code %q), want invalid", err, ted.ErrorCode(err))
			}
			if d := diffRows(storedSchoolGrowth(t, db, 2024), before); len(d) > 0 {
				t.Fatalf("a failed replace changed the year: %v", d)
			}
		})
	})
}
