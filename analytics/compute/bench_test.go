package compute

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/ted-dashboard/ted/ingest"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/synth"
)

// atlantaBundle generates an atlanta-scale district of seed 1 and returns
// its folder.
func atlantaBundle(b *testing.B) string {
	b.Helper()
	scale, err := synth.ParseScale("atlanta")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, err := synth.Generate(context.Background(), dir,
		synth.Options{Scale: scale, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkYear_Atlanta measures the whole compute run of the last school
// year of an atlanta-scale district (growth, value-added, and every
// teacher's, school's and the district's measures, stored) on each
// database.
func BenchmarkYear_Atlanta(b *testing.B) {
	ctx := context.Background()
	dir := atlantaBundle(b)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	for _, dialect := range modeltest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := modeltest.Open(b, dialect)
			if _, err := ingest.Import(ctx, db, dir, ingest.Options{}); err != nil {
				b.Fatal(err)
			}
			var res Result
			var err error
			for b.Loop() {
				if res, err = Year(ctx, db, 2025, Options{}, logger); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.TeacherMetrics), "teachers")
			b.ReportMetric(float64(res.Students), "sgps")
		})
	}
}

// BenchmarkBudget_Atlanta measures what the budget pages read on each
// database, for the last school year of an atlanta-scale district:
// the base of a scenario (every teacher with pay, rating and school, and
// the sections by grade band), the budgets of every school at once, and
// one school's.
func BenchmarkBudget_Atlanta(b *testing.B) {
	ctx := context.Background()
	dir := atlantaBundle(b)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	for _, dialect := range modeltest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := modeltest.Open(b, dialect)
			if _, err := ingest.Import(ctx, db, dir, ingest.Options{}); err != nil {
				b.Fatal(err)
			}
			if _, err := Year(ctx, db, 2025, Options{}, logger); err != nil {
				b.Fatal(err)
			}
			b.Run("ScenarioBase", func(b *testing.B) {
				for b.Loop() {
					if _, err := ScenarioBase(ctx, db, 2025); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("DistrictBudget", func(b *testing.B) {
				for b.Loop() {
					if _, err := DistrictBudgetOf(ctx, db, 2025); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("SchoolBudget", func(b *testing.B) {
				for b.Loop() {
					if _, err := SchoolBudgetOf(ctx, db, "S0001", 2025); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
