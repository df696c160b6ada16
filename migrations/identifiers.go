package migrations

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
)

// identifiersVersion is the version of the migration written in Go.
const identifiersVersion = 5

// identifierColumns lists the columns that hold identifiers and codes:
// ASCII words that TED compares, joins and sorts but never shows in
// alphabetical order to a reader.
var identifierColumns = []struct {
	table   string
	columns []string
}{
	{"schools", []string{"school_id"}},
	{"staff", []string{"staff_id"}},
	{"staff_assignments", []string{"staff_id", "school_id"}},
	{"separations", []string{"staff_id"}},
	{"certifications", []string{"staff_id", "certificate_id"}},
	{"students", []string{"student_id", "school_id"}},
	{"sections", []string{"section_id", "school_id", "staff_id"}},
	{"enrollments", []string{"section_id", "student_id"}},
	{"assessments", []string{"student_id", "subject", "assessment"}},
	{"evaluations", []string{"staff_id", "component", "evaluator_id"}},
	{"compensation", []string{"staff_id"}},
	{"budgets", []string{"school_id"}},
	{"sbb_weights", []string{"factor"}},
}

// identifiersMigration makes PostgreSQL compare identifiers byte by byte,
// as SQLite always does. Both databases then sort ids the same way, and
// PostgreSQL builds keys and joins tables on them several times faster
// than with a language's collation. On SQLite it changes nothing. It is
// the one migration written in Go, since PostgreSQL's COLLATE clause is
// not SQL that SQLite reads.
func identifiersMigration(version int64, dialect string) *goose.Migration {
	alter := func(collation string) func(context.Context, *sql.Tx) error {
		return func(ctx context.Context, tx *sql.Tx) error {
			if dialect != Postgres {
				return nil
			}
			for _, t := range identifierColumns {
				stmt := "ALTER TABLE " + t.table
				for i, c := range t.columns {
					if i > 0 {
						stmt += ","
					}
					stmt += fmt.Sprintf(" ALTER COLUMN %s TYPE text COLLATE %q", c, collation)
				}
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%s: %w", t.table, err)
				}
			}
			return nil
		}
	}
	return goose.NewGoMigration(version,
		&goose.GoFunc{RunTx: alter("C")},
		&goose.GoFunc{RunTx: alter("default")})
}
