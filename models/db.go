// Package models holds the GORM models of a district's data and of the
// results TED computes from it, the connection to the database that stores
// them, and the queries over them. It runs on PostgreSQL in production and
// on an embedded SQLite file by default.
package models

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/ted-dashboard/ted/migrations"
)

// DB is an open connection pool to TED's database, PostgreSQL or SQLite.
type DB struct {
	gorm    *gorm.DB
	sql     *sql.DB
	dialect string
	// writeMu queues the small writes of serving requests on SQLite, which
	// takes one writer at a time: waiting here is prompt, where SQLite's
	// own busy handler sleeps in steps of milliseconds.
	writeMu sync.Mutex
}

// IsPostgres reports whether a database URL names a PostgreSQL server
// rather than a SQLite file.
func IsPostgres(databaseURL string) bool {
	return strings.HasPrefix(databaseURL, "postgres://") ||
		strings.HasPrefix(databaseURL, "postgresql://")
}

// Open connects to the database named by databaseURL: a postgres:// URL or
// the path of a SQLite file, which is created when it does not exist. It
// checks the connection before returning.
func Open(ctx context.Context, databaseURL string) (*DB, error) {
	cfg := &gorm.Config{
		// Queries carry personnel and student data, so GORM never logs them.
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}

	var (
		dialector gorm.Dialector
		dialect   string
	)
	if IsPostgres(databaseURL) {
		dialector, dialect = postgres.Open(databaseURL), migrations.Postgres
	} else {
		dsn, err := sqliteDSN(databaseURL)
		if err != nil {
			return nil, err
		}
		dialector, dialect = sqlite.Open(dsn), migrations.SQLite
	}

	g, err := gorm.Open(dialector, cfg)
	if err != nil {
		return nil, fmt.Errorf("opening %s database: %w", dialect, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("opening %s database: %w", dialect, err)
	}
	db := &DB{gorm: g, sql: sqlDB, dialect: dialect}
	if dialect == migrations.SQLite {
		// One writer at a time is all SQLite allows; a small pool keeps
		// readers concurrent without queueing writers on busy errors.
		sqlDB.SetMaxOpenConns(4)
		sqlDB.SetMaxIdleConns(4)
	} else {
		// Keep connections open for concurrent requests rather than
		// starting a server process for each.
		sqlDB.SetMaxOpenConns(16)
		sqlDB.SetMaxIdleConns(16)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// sqliteDSN turns a file path into the driver's connection string with the
// settings TED relies on: foreign keys enforced, write-ahead logging so
// readers do not block the writer, a wait on a busy database instead of an
// error, and write transactions that take their lock up front.
func sqliteDSN(path string) (string, error) {
	path = strings.TrimPrefix(path, "file:")
	if path == "" {
		return "", fmt.Errorf("sqlite database path is empty")
	}
	if strings.ContainsAny(path, "?#") {
		return "", fmt.Errorf("sqlite database path %q must not contain ? or #", path)
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_time_format", "sqlite")
	q.Set("_txlock", "immediate")
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode(), nil
}

// serialWrite runs a small write of a request, one at a time on SQLite.
func (db *DB) serialWrite(fn func() error) error {
	if db.dialect == migrations.SQLite {
		db.writeMu.Lock()
		defer db.writeMu.Unlock()
	}
	return fn()
}

// Gorm returns the GORM handle for queries, bound to ctx.
func (db *DB) Gorm(ctx context.Context) *gorm.DB {
	return db.gorm.WithContext(ctx)
}

// SQL returns the underlying connection pool, for bulk loads and
// migrations that work below GORM.
func (db *DB) SQL() *sql.DB {
	return db.sql
}

// Dialect names the database: migrations.Postgres or migrations.SQLite.
func (db *DB) Dialect() string {
	return db.dialect
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("reaching %s database: %w", db.dialect, err)
	}
	return nil
}

// Close closes every connection in the pool.
func (db *DB) Close() error {
	return db.sql.Close()
}

// Migrator returns the schema migrator for this database.
func (db *DB) Migrator(ctx context.Context) (*migrations.Migrator, error) {
	return migrations.New(ctx, db.sql, db.dialect)
}
