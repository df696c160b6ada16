package ingest

import (
	"context"
	"testing"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/synth"
)

// TestImport_Generated imports synthetic districts: every reference in
// them must resolve and every key be unique, or the import fails.
func TestImport_Generated(t *testing.T) {
	small, err := synth.ParseScale("small")
	if err != nil {
		t.Fatal(err)
	}
	scales := []synth.Scale{small}
	if !testing.Short() {
		scales = append(scales, synth.Scale{Name: "mid", Elementary: 12, Middle: 5,
			High: 3, Students: 9000, ClassSize: 24})
	}
	for _, scale := range scales {
		t.Run(scale.Name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			sum, err := synth.Generate(ctx, dir, synth.Options{Scale: scale, Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			modeltest.Each(t, func(t *testing.T, db *models.DB) {
				res, err := Import(ctx, db, dir, Options{})
				if err != nil {
					t.Fatalf("generated bundle does not import: %v", err)
				}
				for _, s := range specs() {
					f := fileResult(t, res, s.file)
					if want := sum.Rows(s.file); f.Inserted != want || want == 0 {
						t.Errorf("%s: %d rows inserted, generated %d", s.file, f.Inserted, want)
					}
				}
			})
		})
	}
}
