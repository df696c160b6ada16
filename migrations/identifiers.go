package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// identifierVersion is the version of the one migration written in Go.
const identifierVersion = 1

// identifierMigration creates the type of identifier columns: id_text,
// text compared byte by byte. Both databases then sort ids the same way,
// and PostgreSQL builds keys and joins tables on them several times
// faster than with a language's collation. On PostgreSQL it is a domain
// over text with the C collation. SQLite compares text byte by byte
// already and takes any type name, giving a column whose type name holds
// TEXT the affinity of text, so there it creates nothing. It is written
// in Go because PostgreSQL's CREATE DOMAIN is not SQL that SQLite reads.
func identifierMigration(dialect string) *goose.Migration {
	exec := func(stmt string) func(context.Context, *sql.Tx) error {
		return func(ctx context.Context, tx *sql.Tx) error {
			if dialect != Postgres {
				return nil
			}
			_, err := tx.ExecContext(ctx, stmt)
			return err
		}
	}
	return goose.NewGoMigration(identifierVersion,
		&goose.GoFunc{RunTx: exec(`CREATE DOMAIN id_text AS text COLLATE "C"`)},
		&goose.GoFunc{RunTx: exec(`DROP DOMAIN id_text`)})
}
