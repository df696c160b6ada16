package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ted-dashboard/ted/models"
)

// sqliteBatchParams is about how many values one prepared insert binds.
// The driver binds each value with a search through all of them, so the
// cost of a batch grows with its square; a few hundred values balance
// that against the cost of each statement.
const sqliteBatchParams = 256

// sqliteWriter writes a bundle inside one SQLite transaction through
// prepared, batched upserts.
type sqliteWriter struct {
	tx *sql.Tx
}

// inSQLiteTx runs fn in a transaction and commits when fn succeeds.
func inSQLiteTx(ctx context.Context, db *sql.DB, fn func(w writer) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	if err := fn(&sqliteWriter{tx: tx}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

func (w *sqliteWriter) convert(v any) any {
	switch x := v.(type) {
	case models.Date:
		return x.String()
	case models.Money:
		return x.Float64()
	}
	return v
}

// form sends rows to SQLite as values, a batch per statement.
func (w *sqliteWriter) form(s *spec) (bool, int) {
	return false, max(1, sqliteBatchParams/len(s.columns))
}

func (w *sqliteWriter) write(ctx context.Context, s *spec, src *rowSource) (int, int, error) {
	before, err := w.count(ctx, s.table)
	if err != nil {
		return 0, 0, err
	}

	full, err := w.tx.PrepareContext(ctx, w.upsert(s, src.batchRows))
	if err != nil {
		return 0, 0, fmt.Errorf("preparing insert into %s: %w", s.table, err)
	}
	defer full.Close()

	var changed int64
	for b := range src.batches {
		stmt := full
		if b.rows != src.batchRows {
			// The last batch of a file is shorter.
			stmt, err = w.tx.PrepareContext(ctx, w.upsert(s, b.rows))
			if err != nil {
				return 0, 0, fmt.Errorf("preparing insert into %s: %w", s.table, err)
			}
			defer stmt.Close()
		}
		res, err := stmt.ExecContext(ctx, b.args...)
		if err != nil {
			return 0, 0, fmt.Errorf("writing %s: %w", s.file, err)
		}
		n, _ := res.RowsAffected()
		changed += n
	}
	if src.failed() {
		return 0, 0, nil
	}

	after, err := w.count(ctx, s.table)
	if err != nil {
		return 0, 0, err
	}
	inserted := after - before
	return inserted, int(changed) - inserted, nil
}

// upsert is the statement that merges rows rows into the spec's table.
func (w *sqliteWriter) upsert(s *spec, rows int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(s.columns)), ", ") + ")"
	values := strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
	return "INSERT INTO " + s.table + " (" + strings.Join(s.columnNames(), ", ") + ")" +
		" VALUES " + values +
		s.upsertTail(func(c string) string {
			return s.table + "." + c + " IS excluded." + c
		})
}

func (w *sqliteWriter) count(ctx context.Context, table string) (int, error) {
	var n int
	err := w.tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting %s: %w", table, err)
	}
	return n, nil
}

func (w *sqliteWriter) exec(ctx context.Context, query string, args ...any) error {
	_, err := w.tx.ExecContext(ctx, query, args...)
	return err
}
