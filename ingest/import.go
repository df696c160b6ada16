// Package ingest reads a district's data bundle, checks every row and
// reference in it, and writes it to the database in one transaction, or
// writes nothing and reports every problem found.
package ingest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ted-dashboard/ted/migrations"
	"github.com/ted-dashboard/ted/models"
)

// DefaultMaxErrors is how many problems an import reports before it stops
// looking for more.
const DefaultMaxErrors = 100

// Options tunes an import. The zero value uses the defaults.
type Options struct {
	// MaxErrors is how many problems to report at most.
	MaxErrors int
	// MaxFileSize is the largest file accepted, in bytes.
	MaxFileSize int64
	// ImportedBy names who runs the import, for the record of imports.
	ImportedBy string
	// Progress is told of each file's progress; nil shows nothing.
	Progress Progress
}

// Result is what an import did.
type Result struct {
	ImportID string
	Checksum string
	// Files lists the bundle's files in the order they were written.
	Files    []FileResult
	Warnings []string
	Duration time.Duration
}

// writer writes the files of a bundle inside one transaction.
type writer interface {
	// form says how rows of the spec travel to the writer: as COPY text,
	// or as values in batches of the given number of rows.
	form(s *spec) (csv bool, rows int)
	// convert turns a parsed value into what the driver stores.
	convert(v any) any
	// write merges one file's rows into its table and counts the rows
	// inserted and updated.
	write(ctx context.Context, s *spec, src *rowSource) (inserted, updated int, err error)
	// exec runs a statement with ? placeholders.
	exec(ctx context.Context, query string, args ...any) error
}

// errInvalid rolls back the transaction of a bundle with problems.
var errInvalid = errors.New("the bundle has problems")

// Import reads the bundle at path (a folder or a .zip), checks every row
// and reference in it, and writes it to db in one transaction. When the
// bundle has problems nothing is kept and an *InvalidError lists them.
// Every attempt is recorded in the imports table, a failed one after its
// rollback.
func Import(ctx context.Context, db *models.DB, path string, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	start := time.Now().UTC()
	res := &Result{ImportID: newImportID(start)}
	b, err := openBundle(path, opt.MaxFileSize)
	if err != nil {
		return res, err
	}
	defer b.close()

	l := newLoader(b, storedKeys(db), opt.MaxErrors, opt.Progress)
	if err := l.loadStored(ctx); err != nil {
		return res, err
	}
	err = inTx(ctx, db, func(w writer) error {
		files, err := l.run(ctx, w)
		if err != nil {
			return err
		}
		if l.invalid() {
			return errInvalid
		}
		res.Files, res.Checksum = files, l.checksum()
		return recordIn(ctx, w, res, path, opt, start)
	})
	res.Warnings, res.Checksum = l.warnings, l.checksum()
	res.Duration = time.Since(start)

	if l.invalid() {
		invalid := &InvalidError{Problems: l.problems, Stopped: l.stopped}
		recordFailure(ctx, db, res, path, opt, start, models.ImportInvalid,
			invalid.Error(), l.rows)
		return res, invalid
	}
	if err != nil {
		recordFailure(ctx, db, res, path, opt, start, models.ImportFailed, err.Error(), l.rows)
		return res, fmt.Errorf("import rolled back, nothing was written: %w", err)
	}
	return res, nil
}

func (o Options) withDefaults() Options {
	if o.MaxErrors <= 0 {
		o.MaxErrors = DefaultMaxErrors
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.Progress == nil {
		o.Progress = noProgress{}
	}
	if o.ImportedBy == "" {
		o.ImportedBy = "unknown"
	}
	return o
}

func inTx(ctx context.Context, db *models.DB, fn func(w writer) error) error {
	if db.Dialect() == migrations.Postgres {
		return inPostgresTx(ctx, db, fn)
	}
	return inSQLiteTx(ctx, db.SQL(), fn)
}

const insertImport = `INSERT INTO imports (import_id, imported_by, source, checksum,
	started_at, finished_at, outcome, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

const insertImportFile = `INSERT INTO import_files (import_id, file, rows_read,
	inserted, updated, unchanged) VALUES (?, ?, ?, ?, ?, ?)`

// recordIn records a successful import in the transaction that writes it,
// so the record and the data stand or fall together.
func recordIn(ctx context.Context, w writer, res *Result, path string, opt Options,
	start time.Time) error {
	finished := time.Now().UTC().Truncate(time.Microsecond)
	err := w.exec(ctx, insertImport, res.ImportID, opt.ImportedBy, path, res.Checksum,
		start.Truncate(time.Microsecond), finished, models.ImportSucceeded, "")
	if err != nil {
		return fmt.Errorf("recording import: %w", err)
	}
	for _, f := range res.Files {
		err := w.exec(ctx, insertImportFile, res.ImportID, f.File, f.Rows,
			f.Inserted, f.Updated, f.Unchanged)
		if err != nil {
			return fmt.Errorf("recording import: %w", err)
		}
	}
	return nil
}

// recordFailure keeps a failed or invalid import in the record of imports, with
// the rows read per file. It is best effort: when the database is what
// failed, there is nowhere to write it.
func recordFailure(ctx context.Context, db *models.DB, res *Result, path string, opt Options,
	start time.Time, outcome, message string, rows map[string]int) {
	finished := time.Now().UTC().Truncate(time.Microsecond)
	imp := models.Import{
		ImportID: res.ImportID, ImportedBy: opt.ImportedBy, Source: path,
		Checksum: res.Checksum, StartedAt: start.Truncate(time.Microsecond),
		FinishedAt: &finished, Outcome: outcome, Message: firstLine(message),
	}
	for _, s := range specs() {
		if n, ok := rows[s.file]; ok {
			imp.Files = append(imp.Files, models.ImportFile{
				ImportID: res.ImportID, File: s.file, RowsRead: n,
			})
		}
	}
	models.Create(context.WithoutCancel(ctx), db, &imp, "import "+res.ImportID)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 500 {
		line = line[:500]
	}
	return line
}

// newImportID makes an id that sorts by time and is unique.
func newImportID(t time.Time) string {
	b := make([]byte, 4)
	rand.Read(b)
	return t.Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// storedKeys reads the natural keys of a table from the database.
func storedKeys(db *models.DB) keyLoader {
	return func(ctx context.Context, s *spec, fn func(key []byte)) error {
		rows, err := db.SQL().QueryContext(ctx,
			"SELECT "+strings.Join(s.key, ", ")+" FROM "+s.table)
		if err != nil {
			return err
		}
		defer rows.Close()
		vals := make([]any, len(s.key))
		raw := make([]sql.RawBytes, len(s.key))
		for i := range vals {
			vals[i] = &raw[i]
		}
		var key []byte
		for rows.Next() {
			if err := rows.Scan(vals...); err != nil {
				return err
			}
			key = key[:0]
			for i, part := range raw {
				if i > 0 {
					key = append(key, 0x1f)
				}
				key = append(key, part...)
			}
			fn(key)
		}
		return rows.Err()
	}
}
