package ingest

import (
	"context"
	"testing"

	"github.com/ted-dashboard/ted/migrations"
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

// TestImport_KeepsReferences checks that the references a bulk load sets
// aside are back in force after it: a row naming a missing student is
// refused, and so is deleting a student that enrollments name.
func TestImport_KeepsReferences(t *testing.T) {
	small, err := synth.ParseScale("small")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, dir, synth.Options{Scale: small, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		if _, err := Import(ctx, db, dir, Options{}); err != nil {
			t.Fatalf("import: %v", err)
		}
		var year int
		var section, student string
		row := db.SQL().QueryRowContext(ctx,
			"SELECT school_year, section_id, student_id FROM enrollments LIMIT 1")
		if err := row.Scan(&year, &section, &student); err != nil {
			t.Fatal(err)
		}

		_, err := db.SQL().ExecContext(ctx, numberedFor(db,
			"INSERT INTO enrollments (school_year, section_id, student_id, dosage)"+
				" VALUES (?, ?, 'no-such-student', 1)"), year, section)
		if err == nil {
			t.Error("enrollment of a missing student was stored")
		}
		_, err = db.SQL().ExecContext(ctx, numberedFor(db,
			"DELETE FROM students WHERE school_year = ? AND student_id = ?"), year, student)
		if err == nil {
			t.Error("a student that enrollments name was deleted")
		}
	})
}

// numberedFor writes a query's placeholders the way db's dialect wants.
func numberedFor(db *models.DB, query string) string {
	if db.Dialect() == migrations.Postgres {
		return numbered(query)
	}
	return query
}
