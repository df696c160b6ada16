package ingest

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ted-dashboard/ted/models"
)

// postgresWriter writes a bundle inside one PostgreSQL transaction: each
// file is copied with COPY into a temporary staging table, then merged into
// its table with one upsert.
type postgresWriter struct {
	tx pgx.Tx
}

// inPostgresTx runs fn in a transaction on one pgx connection of db and
// commits when fn succeeds.
func inPostgresTx(ctx context.Context, db *models.DB, fn func(w writer) error) error {
	return db.InPgxTx(ctx, func(tx pgx.Tx) error {
		// Keys built and references checked after a bulk load sort and
		// join in memory rather than on disk.
		settings := []string{
			"SET LOCAL maintenance_work_mem = '512MB'",
			"SET LOCAL work_mem = '256MB'",
		}
		for _, stmt := range settings {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("setting up transaction: %w", err)
			}
		}
		return fn(&postgresWriter{tx: tx})
	})
}

// form sends rows to PostgreSQL as COPY text.
func (w *postgresWriter) form(*spec) (bool, int) {
	return true, 0
}

// convert is not needed: rows reach PostgreSQL as COPY text.
func (w *postgresWriter) convert(v any) any {
	return v
}

// copy streams the good rows of src into table with COPY.
func (w *postgresWriter) copy(ctx context.Context, table string, s *spec,
	src *rowSource) (int64, error) {
	q := "COPY " + table + " (" + strings.Join(s.columnNames(), ", ") +
		") FROM STDIN WITH (FORMAT csv)"
	tag, err := w.tx.Conn().PgConn().CopyFrom(ctx, &copyReader{batches: src.batches}, q)
	if err != nil {
		return 0, fmt.Errorf("copying %s: %w", s.file, err)
	}
	return tag.RowsAffected(), nil
}

func (w *postgresWriter) write(ctx context.Context, s *spec, src *rowSource) (int, int, error) {
	var empty bool
	err := w.tx.QueryRow(ctx, "SELECT NOT EXISTS (SELECT 1 FROM "+s.table+")").Scan(&empty)
	if err != nil {
		return 0, 0, fmt.Errorf("reading %s: %w", s.table, err)
	}
	if empty && src.size >= bulkBytes {
		return w.bulkLoad(ctx, s, src)
	}

	stage := "ted_stage_" + s.table
	create := fmt.Sprintf("CREATE TEMP TABLE %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP",
		stage, s.table)
	if _, err := w.tx.Exec(ctx, create); err != nil {
		return 0, 0, fmt.Errorf("creating staging table for %s: %w", s.file, err)
	}
	if _, err := w.copy(ctx, stage, s, src); err != nil {
		return 0, 0, err
	}
	if src.failed() {
		return 0, 0, nil
	}

	cols := strings.Join(s.columnNames(), ", ")
	merge := "WITH merged AS (INSERT INTO " + s.table + " AS t (" + cols + ")" +
		" SELECT " + cols + " FROM " + stage +
		s.upsertTail(func(c string) string {
			return "t." + c + " IS NOT DISTINCT FROM excluded." + c
		}) +
		" RETURNING (xmax = 0) AS inserted)" +
		" SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)" +
		" FROM merged"
	var inserted, updated int
	if err := w.tx.QueryRow(ctx, merge).Scan(&inserted, &updated); err != nil {
		return 0, 0, fmt.Errorf("merging %s: %w", s.file, err)
	}
	if _, err := w.tx.Exec(ctx, "DROP TABLE "+stage); err != nil {
		return 0, 0, fmt.Errorf("dropping staging table of %s: %w", s.file, err)
	}
	return inserted, updated, nil
}

// bulkBytes is the file size from which a file going into an empty table
// is loaded in bulk.
const bulkBytes = 64 << 10

// bulkLoad fills an empty table straight from COPY, with the table's keys,
// indexes and foreign keys (its own and those that refer to it) set aside,
// then puts them back. PostgreSQL then builds each index in one sort
// instead of row by row, which makes a district's first import several
// times faster. It all happens in the
// import's transaction, so a failure leaves the table as it was.
func (w *postgresWriter) bulkLoad(ctx context.Context, s *spec, src *rowSource) (int, int, error) {
	keys, refs, err := w.setAside(ctx, s.table)
	if err != nil {
		return 0, 0, err
	}
	n, err := w.copy(ctx, s.table, s, src)
	if err != nil {
		return 0, 0, err
	}
	if src.failed() {
		return 0, 0, nil
	}
	// The references come back NOT VALID: the loader has already matched
	// every reference of the bundle against the bundle and the stored
	// rows, so PostgreSQL need not join the whole table to find that out
	// again. It still checks every row written after this one, and still
	// keeps referred rows from being deleted.
	// Fresh statistics let the queries that follow, the compute run
	// first among them, plan for the table's real size.
	restore := append(keys, "ANALYZE "+s.table)
	for _, ref := range refs {
		if !strings.HasSuffix(ref, " NOT VALID") {
			ref += " NOT VALID"
		}
		restore = append(restore, ref)
	}
	for _, stmt := range restore {
		if _, err := w.tx.Exec(ctx, stmt); err != nil {
			return 0, 0, fmt.Errorf("checking %s: %w", s.file, err)
		}
	}
	return int(n), 0, nil
}

// setAside drops a table's keys, its other indexes, its foreign keys and
// the foreign keys of other tables that refer to it. It returns the
// statements that create the keys and indexes again, and then those that
// create the references.
func (w *postgresWriter) setAside(ctx context.Context, table string) (keys, refs []string,
	err error) {
	const q = `
SELECT 'ALTER TABLE ' || c.conrelid::regclass::text ||
       ' DROP CONSTRAINT ' || quote_ident(c.conname),
       'ALTER TABLE ' || c.conrelid::regclass::text ||
       ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid),
       CASE c.contype WHEN 'f' THEN 3 ELSE 1 END
  FROM pg_constraint c
 WHERE (c.conrelid = $1::regclass AND c.contype IN ('p', 'u', 'f'))
    OR (c.confrelid = $1::regclass AND c.contype = 'f' AND c.conrelid <> $1::regclass)
UNION ALL
SELECT 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), 2
  FROM pg_index i
 WHERE i.indrelid = $1::regclass
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
 ORDER BY 3 DESC, 1`
	rows, err := w.tx.Query(ctx, q, table)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the keys of %s: %w", table, err)
	}
	var drops []string
	for rows.Next() {
		var drop, create string
		var order int
		if err := rows.Scan(&drop, &create, &order); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("reading the keys of %s: %w", table, err)
		}
		drops = append(drops, drop)
		if order == 3 {
			refs = append(refs, create)
		} else {
			keys = append([]string{create}, keys...)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("reading the keys of %s: %w", table, err)
	}

	// References go first, then indexes, then the keys they rest on.
	for _, stmt := range drops {
		if _, err := w.tx.Exec(ctx, stmt); err != nil {
			return nil, nil, fmt.Errorf("setting aside the keys of %s: %w", table, err)
		}
	}
	return keys, refs, nil
}

func (w *postgresWriter) exec(ctx context.Context, query string, args ...any) error {
	_, err := w.tx.Exec(ctx, numbered(query), args...)
	return err
}

// numbered turns ? placeholders into PostgreSQL's $1, $2, ...
func numbered(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
