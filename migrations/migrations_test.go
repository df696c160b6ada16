package migrations_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ted-dashboard/ted/migrations"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// schema lists every table the migrations create.
var schema = []string{
	"api_tokens", "assessments", "audit_log", "budgets", "casbin_rule", "certifications",
	"compensation", "computed_years", "district_groups", "district_metrics", "enrollments", "evaluations",
	"import_files", "imports", "sbb_weights", "scenarios", "school_growth", "school_metrics", "schools",
	"sections", "separations", "sessions", "staff", "staff_assignments", "student_growth",
	"students", "teacher_growth", "teacher_metrics", "users",
}

func TestMigrator_UpDown(t *testing.T) {
	for _, dialect := range modeltest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := modeltest.OpenEmpty(t, dialect)
			m := mustMigrator(t, db)
			latest := int64(len(mustStatus(t, m)))

			applied, err := m.Up(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(applied)) != latest {
				t.Fatalf("Up applied %d migrations, want %d", len(applied), latest)
			}
			if got := tables(t, db); !slices.Equal(got, schema) {
				t.Fatalf("tables after Up = %v, want %v", got, schema)
			}
			assertCurrent(t, m, true, latest)

			t.Run("ByteOrderIdentifiers", func(t *testing.T) {
				if dialect != migrations.Postgres {
					t.Skip("SQLite compares text byte by byte already")
				}
				var collation string
				err := db.SQL().QueryRow(`SELECT collation_name FROM information_schema.columns
					WHERE table_schema = current_schema() AND table_name = 'enrollments'
					AND column_name = 'student_id'`).Scan(&collation)
				if err != nil || collation != "C" {
					t.Fatalf("enrollments.student_id collation = %q, %v; want C", collation, err)
				}
			})

			t.Run("UpTwiceChangesNothing", func(t *testing.T) {
				again, err := m.Up(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(again) != 0 {
					t.Fatalf("second Up applied %v", again)
				}
				if got := tables(t, db); !slices.Equal(got, schema) {
					t.Fatalf("tables after second Up = %v", got)
				}
			})

			t.Run("DownOne", func(t *testing.T) {
				r, err := m.Down(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if r.Version != latest || r.Direction != "down" {
					t.Fatalf("Down = %+v, want version %d down", r, latest)
				}
				assertCurrent(t, m, false, latest-1)
				st := mustStatus(t, m)
				if st[len(st)-1].Applied || !st[0].Applied {
					t.Fatalf("status after Down = %+v", st)
				}
			})

			t.Run("DownToEmpty", func(t *testing.T) {
				if _, err := m.DownTo(ctx, 0); err != nil {
					t.Fatal(err)
				}
				if got := tables(t, db); len(got) != 0 {
					t.Fatalf("tables left after DownTo(0): %v", got)
				}
				assertCurrent(t, m, false, 0)
			})

			t.Run("UpAgain", func(t *testing.T) {
				if _, err := m.Up(ctx); err != nil {
					t.Fatal(err)
				}
				assertCurrent(t, m, true, latest)
			})
		})
	}
}

func TestNew_ErrUnknownDialect(t *testing.T) {
	db := modeltest.OpenEmpty(t, "sqlite")
	if _, err := migrations.New(context.Background(), db.SQL(), "mysql"); err == nil {
		t.Fatal("New accepted an unknown dialect")
	}
}

func mustMigrator(t *testing.T, db *models.DB) *migrations.Migrator {
	t.Helper()
	m, err := db.Migrator(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustStatus(t *testing.T, m *migrations.Migrator) []migrations.Migration {
	t.Helper()
	st, err := m.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range st {
		if s.Version != int64(i+1) || s.Name == "" {
			t.Fatalf("migration %d = %+v: versions must run 1, 2, ... with names", i, s)
		}
	}
	return st
}

func assertCurrent(t *testing.T, m *migrations.Migrator, wantOK bool, wantVersion int64) {
	t.Helper()
	ok, version, _, err := m.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ok != wantOK || version != wantVersion {
		t.Fatalf("Current = %v at %d, want %v at %d", ok, version, wantOK, wantVersion)
	}
}

// tables lists the application's tables, leaving out the migration
// bookkeeping and SQLite's internal tables.
func tables(t *testing.T, db *models.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'
	      AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'
	      ORDER BY name`
	if db.Dialect() == migrations.Postgres {
		q = `SELECT table_name FROM information_schema.tables
		     WHERE table_schema = current_schema()
		     AND table_name <> 'goose_db_version' ORDER BY table_name`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}
