package models

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"github.com/ted-dashboard/ted/migrations"
)

// RowSet is rows to write into one table in bulk: the table, its columns,
// how many rows there are, and a function that puts the values of row i,
// in column order, into dst. Values are strings, ints, float64s, bools,
// pointers to them, or nil for NULL.
type RowSet struct {
	Table   string
	Columns []string
	Len     int
	Row     func(i int, dst []any)
}

// ReplaceYear deletes a school year's rows from each set's table and writes
// the set's rows in their place, all in one transaction, so readers see
// either the old results or the new ones. On PostgreSQL the rows go
// through COPY, on SQLite through batched inserts: a large district's year
// of results is millions of rows.
func (db *DB) ReplaceYear(ctx context.Context, year int, sets ...RowSet) error {
	var err error
	if db.dialect == migrations.Postgres {
		err = db.InPgxTx(ctx, func(tx pgx.Tx) error {
			for _, set := range sets {
				if err := copyYear(ctx, tx, year, set); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			err = db.analyze(ctx, sets)
		}
	} else {
		err = db.Gorm(ctx).Transaction(func(tx *gorm.DB) error {
			for _, set := range sets {
				if err := insertYear(ctx, tx, year, set); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return Error(err, "results of "+strconv.Itoa(year))
}

// analyze refreshes PostgreSQL's statistics of the tables just replaced,
// so that the queries of the dashboards and the API are planned for the
// rows they now hold rather than for the tables' first, empty state.
func (db *DB) analyze(ctx context.Context, sets []RowSet) error {
	for _, set := range sets {
		if err := db.Gorm(ctx).Exec("ANALYZE " + set.Table).Error; err != nil {
			return fmt.Errorf("analyzing %s: %w", set.Table, err)
		}
	}
	return nil
}

// InPgxTx runs fn in a transaction on one pgx connection of a PostgreSQL
// database, for the work database/sql cannot do, such as COPY, and commits
// when fn succeeds.
func (db *DB) InPgxTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connecting: %w", err)
	}
	defer conn.Close()

	return conn.Raw(func(driverConn any) error {
		pc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres connection is a %T, not pgx", driverConn)
		}
		tx, err := pc.Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("beginning transaction: %w", err)
		}
		if err := fn(tx); err != nil {
			tx.Rollback(context.WithoutCancel(ctx))
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("committing: %w", err)
		}
		return nil
	})
}

// copyYear replaces a year of one table's rows with COPY.
func copyYear(ctx context.Context, tx pgx.Tx, year int, set RowSet) error {
	if _, err := tx.Exec(ctx, "DELETE FROM "+set.Table+" WHERE school_year = $1",
		year); err != nil {
		return fmt.Errorf("clearing %s: %w", set.Table, err)
	}
	if set.Len == 0 {
		return nil
	}

	// The rows are written as COPY's CSV text while PostgreSQL reads them.
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeCSV(pw, set))
	}()
	q := "COPY " + set.Table + " (" + strings.Join(set.Columns, ", ") +
		") FROM STDIN WITH (FORMAT csv)"
	_, err := tx.Conn().PgConn().CopyFrom(ctx, pr, q)
	pr.CloseWithError(io.ErrClosedPipe)
	if err != nil {
		return fmt.Errorf("writing %s: %w", set.Table, err)
	}
	return nil
}

// writeCSV writes a set's rows as CSV: NULL an unquoted empty field, every
// string quoted.
func writeCSV(w io.Writer, set RowSet) error {
	vals := make([]any, len(set.Columns))
	buf := make([]byte, 0, 64<<10)
	for i := range set.Len {
		set.Row(i, vals)
		for k, v := range vals {
			if k > 0 {
				buf = append(buf, ',')
			}
			buf = appendCSV(buf, v)
		}
		buf = append(buf, '\n')
		if len(buf) >= 60<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// appendCSV appends one value as a CSV field of COPY.
func appendCSV(buf []byte, v any) []byte {
	switch v := deref(v).(type) {
	case nil:
		return buf
	case string:
		buf = append(buf, '"')
		buf = append(buf, strings.ReplaceAll(v, `"`, `""`)...)
		return append(buf, '"')
	case int:
		return strconv.AppendInt(buf, int64(v), 10)
	case float64:
		return strconv.AppendFloat(buf, v, 'g', -1, 64)
	case bool:
		return strconv.AppendBool(buf, v)
	case time.Time:
		return v.UTC().AppendFormat(buf, "2006-01-02 15:04:05.999999")
	default:
		panic(fmt.Sprintf("models: cannot write a %T in bulk", v))
	}
}

// deref turns a pointer value into what it points to, or nil.
func deref(v any) any {
	switch p := v.(type) {
	case *string:
		if p != nil {
			return *p
		}
	case *int:
		if p != nil {
			return *p
		}
	case *float64:
		if p != nil {
			return *p
		}
	case *bool:
		if p != nil {
			return *p
		}
	default:
		return v
	}
	return nil
}

// insertBatch is how many rows one INSERT statement carries on SQLite,
// within its limit on the number of parameters of a statement.
const insertBatch = 500

// insertYear replaces a year of one table's rows with batched inserts.
func insertYear(ctx context.Context, tx *gorm.DB, year int, set RowSet) error {
	if err := tx.Exec("DELETE FROM "+set.Table+" WHERE school_year = ?", year).Error; err != nil {
		return fmt.Errorf("clearing %s: %w", set.Table, err)
	}
	n := len(set.Columns)
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	head := "INSERT INTO " + set.Table + " (" + strings.Join(set.Columns, ", ") + ") VALUES "
	args := make([]any, 0, insertBatch*n)
	for start := 0; start < set.Len; start += insertBatch {
		rows := min(insertBatch, set.Len-start)
		args = args[:rows*n]
		for k := range rows {
			set.Row(start+k, args[k*n:(k+1)*n])
			for j, v := range args[k*n : (k+1)*n] {
				args[k*n+j] = deref(v)
			}
		}
		q := head + strings.TrimSuffix(strings.Repeat(tuple+", ", rows), ", ")
		if _, err := tx.Statement.ConnPool.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("writing %s: %w", set.Table, err)
		}
	}
	return nil
}
