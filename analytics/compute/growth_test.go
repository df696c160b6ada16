package compute

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/ingest"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/synth"
)

// importDistrict generates a small district and imports it.
func importDistrict(t *testing.T, db *models.DB) {
	t.Helper()
	ctx := context.Background()
	scale, err := synth.ParseScale("small")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, dir, synth.Options{Scale: scale, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, db, dir, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestGrowth(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		importDistrict(t, db)
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))

		years, err := Years(ctx, db)
		if err != nil || len(years) != 4 {
			t.Fatalf("years = %v, %v", years, err)
		}
		res, err := Year(ctx, db, 2025, Options{}, logger)
		if err != nil {
			t.Fatal(err)
		}
		if res.Students == 0 || res.Teachers == 0 || res.Schools == 0 {
			t.Fatalf("growth of 2025 = %+v", res)
		}

		var students, teachers, schools int64
		db.Gorm(ctx).Model(&models.StudentGrowth{}).Where("school_year = 2025").Count(&students)
		db.Gorm(ctx).Model(&models.TeacherGrowth{}).Where("school_year = 2025").Count(&teachers)
		db.Gorm(ctx).Model(&models.SchoolGrowth{}).Where("school_year = 2025").Count(&schools)
		if int(students) != res.Students || int(teachers) != res.Teachers ||
			int(schools) != res.Schools {
			t.Fatalf("stored %d, %d, %d rows; run says %+v", students, teachers, schools, res)
		}

		// Every teacher with enough students has a median and a
		// value-added; the rest are suppressed, never zero.
		var rows []models.TeacherGrowth
		db.Gorm(ctx).Where("school_year = 2025").Find(&rows)
		withVAM := 0
		for _, r := range rows {
			if r.GrowthN >= defaultMinStudents && r.MedianSGP == nil {
				t.Errorf("%s %s: %d students but no median", r.StaffID, r.Subject, r.GrowthN)
			}
			if r.GrowthN < defaultMinStudents && (r.MedianSGP != nil || r.MeanSGP != nil) {
				t.Errorf("%s %s: %d students but a median", r.StaffID, r.Subject, r.GrowthN)
			}
			if r.VAMEstimate != nil {
				withVAM++
				if r.VAMSE == nil || *r.VAMSE <= 0 || r.VAMLevel == nil {
					t.Errorf("%s %s: value-added without its error: %+v", r.StaffID,
						r.Subject, r)
				}
			}
		}
		if withVAM == 0 {
			t.Error("no teacher has a value-added")
		}

		// Running again replaces the year: the same rows, no more.
		again, err := Year(ctx, db, 2025, Options{}, logger)
		if err != nil {
			t.Fatal(err)
		}
		var after int64
		db.Gorm(ctx).Model(&models.StudentGrowth{}).Where("school_year = 2025").Count(&after)
		if again.Students != res.Students || after != students {
			t.Fatalf("second run stored %d (%d rows), first %d", again.Students, after,
				res.Students)
		}
	})
}

// defaultMinStudents is the fewest students growth is reported for by
// default.
var defaultMinStudents = analytics.DefaultConfig().Growth.MinStudents
