package models

import (
	"errors"
	"fmt"

	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ted-dashboard/ted"
)

// Error turns a database error into a ted.Error whose code says what went
// wrong for the user: a missing row is CodeNotFound, a duplicate natural key
// CodeConflict, a broken reference or rule CodeInvalid, anything else
// CodeInternal. what names the record, as in "staff member 1042". The
// driver's text, which may quote the row, stays in the cause only.
func Error(err error, what string) error {
	if err == nil {
		return nil
	}
	switch violation(err) {
	case notFound:
		return ted.Wrap(ted.CodeNotFound, err, "%s not found", what)
	case duplicate:
		return ted.Wrap(ted.CodeConflict, err, "%s already exists", what)
	case missingReference:
		return ted.Wrap(ted.CodeInvalid, err, "%s refers to a record that does not exist", what)
	case broken:
		return ted.Wrap(ted.CodeInvalid, err, "%s breaks a rule of the data contract", what)
	}
	return fmt.Errorf("%s: %w", what, err)
}

type kind int

const (
	other kind = iota
	notFound
	duplicate
	missingReference
	broken
)

// violation classifies err by the codes of the two database engines.
func violation(err error) kind {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return notFound
	}

	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return duplicate
		case "23503":
			return missingReference
		case "23502", "23514", "22001", "22003", "22007", "22008":
			return broken
		}
		return other
	}

	var liteErr *gosqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return duplicate
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return missingReference
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return broken
		}
	}
	return other
}
