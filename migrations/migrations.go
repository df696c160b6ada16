// Package migrations holds TED's database schema as versioned SQL files and
// applies them. The same files run on PostgreSQL and on SQLite, so every
// statement in them is written in the SQL the two share.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed *.sql
var files embed.FS

// The database dialects the migrations support, named as the models package
// names them.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// Migrator applies and reports the embedded migrations on one database.
type Migrator struct {
	provider *goose.Provider
}

// Migration is one migration file and, when it has been applied, when.
type Migration struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// Result describes one migration that was applied or rolled back.
type Result struct {
	Version   int64
	Name      string
	Direction string
	Duration  time.Duration
}

// New returns a Migrator for db, whose dialect is Postgres or SQLite. On
// PostgreSQL it takes an advisory lock while migrating, so that several
// servers starting at once apply each migration only once; the lock is
// named after the schema, so that TED installations in different schemas
// of one database do not wait on each other.
func New(ctx context.Context, db *sql.DB, dialect string) (*Migrator, error) {
	opts := []goose.ProviderOption{
		goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(identifierMigration(dialect), accountsMigration(dialect)),
	}
	var gooseDialect goose.Dialect
	switch dialect {
	case Postgres:
		gooseDialect = goose.DialectPostgres
		var schema string
		err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema)
		if err != nil {
			return nil, fmt.Errorf("reading schema: %w", err)
		}
		locker, err := lock.NewPostgresSessionLocker(
			lock.WithLockID(lockID(schema)),
			lock.WithLockTimeout(1, 600),
		)
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	case SQLite:
		gooseDialect = goose.DialectSQLite3
	default:
		return nil, fmt.Errorf("migrations: unknown dialect %q", dialect)
	}

	p, err := goose.NewProvider(gooseDialect, db, files, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading migrations: %w", err)
	}
	return &Migrator{provider: p}, nil
}

// Up applies every pending migration in order and returns what it applied.
func (m *Migrator) Up(ctx context.Context) ([]Result, error) {
	res, err := m.provider.Up(ctx)
	if err != nil {
		return results(res), fmt.Errorf("applying migrations: %w", err)
	}
	return results(res), nil
}

// Down rolls back the most recently applied migration.
func (m *Migrator) Down(ctx context.Context) (Result, error) {
	res, err := m.provider.Down(ctx)
	if errors.Is(err, goose.ErrNoNextVersion) {
		return Result{}, errors.New("no migration is applied: nothing to roll back")
	}
	if err != nil {
		return Result{}, fmt.Errorf("rolling back migration: %w", err)
	}
	return result(res), nil
}

// DownTo rolls back every migration newer than version; 0 empties the
// schema.
func (m *Migrator) DownTo(ctx context.Context, version int64) ([]Result, error) {
	res, err := m.provider.DownTo(ctx, version)
	if err != nil {
		return results(res), fmt.Errorf("rolling back migrations: %w", err)
	}
	return results(res), nil
}

// Status lists every known migration in version order with whether it has
// been applied.
func (m *Migrator) Status(ctx context.Context) ([]Migration, error) {
	st, err := m.provider.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading migration status: %w", err)
	}
	list := make([]Migration, 0, len(st))
	for _, s := range st {
		list = append(list, Migration{
			Version:   s.Source.Version,
			Name:      sourceName(s.Source),
			Applied:   s.State == goose.StateApplied,
			AppliedAt: s.AppliedAt,
		})
	}
	return list, nil
}

// Current reports whether the database has every migration applied, and
// its version against the newest one known.
func (m *Migrator) Current(ctx context.Context) (ok bool, version, latest int64, err error) {
	version, latest, err = m.provider.GetVersions(ctx)
	if err != nil {
		return false, 0, 0, fmt.Errorf("reading schema version: %w", err)
	}
	pending, err := m.provider.HasPending(ctx)
	if err != nil {
		return false, 0, 0, fmt.Errorf("reading schema version: %w", err)
	}
	return !pending && version == latest, version, latest, nil
}

func results(res []*goose.MigrationResult) []Result {
	list := make([]Result, 0, len(res))
	for _, r := range res {
		if r != nil && r.Error == nil {
			list = append(list, result(r))
		}
	}
	return list
}

func result(r *goose.MigrationResult) Result {
	if r == nil || r.Source == nil {
		return Result{}
	}
	return Result{
		Version:   r.Source.Version,
		Name:      sourceName(r.Source),
		Direction: r.Direction,
		Duration:  r.Duration,
	}
}

// lockID derives the advisory lock of a schema's migrations from its name.
func lockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("ted migrations " + schema))
	return int64(h.Sum64() >> 1)
}

// sourceName names a migration: after its file, or for those written in
// Go, after what they do.
func sourceName(s *goose.Source) string {
	if s.Type == goose.TypeGo {
		if s.Version == accountsVersion {
			return "authorization_rules"
		}
		return "identifier_type"
	}
	return name(s.Path)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// name turns "00002_students_sections.sql" into "students_sections".
func name(p string) string {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if _, rest, ok := strings.Cut(base, "_"); ok {
		return rest
	}
	return base
}
