// Package modeltest gives tests fresh databases: a SQLite file always, and a
// PostgreSQL schema of its own when TED_TEST_DATABASE_URL names a server.
// Where the CI variable is set, PostgreSQL is required and a missing or
// unreachable server fails the test instead of skipping it.
package modeltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for schema set-up

	"github.com/ted-dashboard/ted/models"
)

// EnvDatabaseURL names the variable holding the PostgreSQL server for tests.
const EnvDatabaseURL = "TED_TEST_DATABASE_URL"

// Dialects lists the databases every database test runs on.
var Dialects = []string{"sqlite", "postgres"}

// Each runs fn as a subtest on a fresh, migrated database of each dialect.
func Each(t *testing.T, fn func(t *testing.T, db *models.DB)) {
	t.Helper()
	for _, dialect := range Dialects {
		t.Run(dialect, func(t *testing.T) {
			fn(t, Open(t, dialect))
		})
	}
}

// EachURL runs fn as a subtest with the URL of a fresh, empty database of
// each dialect, for tests that open the database themselves.
func EachURL(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	for _, dialect := range Dialects {
		t.Run(dialect, func(t *testing.T) {
			fn(t, URL(t, dialect))
		})
	}
}

// Open returns a fresh database of the dialect with every migration
// applied. It is closed when the test ends.
func Open(t testing.TB, dialect string) *models.DB {
	t.Helper()
	db := OpenEmpty(t, dialect)
	m, err := db.Migrator(context.Background())
	if err != nil {
		t.Fatalf("migrator: %v", err)
	}
	if _, err := m.Up(context.Background()); err != nil {
		t.Fatalf("migrating %s: %v", dialect, err)
	}
	return db
}

// OpenEmpty returns a fresh database of the dialect with no tables. It is
// closed when the test ends.
func OpenEmpty(t testing.TB, dialect string) *models.DB {
	t.Helper()
	db, err := models.Open(context.Background(), URL(t, dialect))
	if err != nil {
		t.Fatalf("opening %s: %v", dialect, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// URL returns the address of a fresh, empty database of the dialect: a
// file in the test's temporary folder for SQLite, a new schema on the test
// server for PostgreSQL, dropped when the test ends.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	switch dialect {
	case "sqlite":
		return filepath.Join(t.TempDir(), "ted.db")
	case "postgres":
		return postgresSchema(t)
	}
	t.Fatalf("unknown dialect %q", dialect)
	return ""
}

// postgresSchema creates a schema of its own for the test on the server of
// TED_TEST_DATABASE_URL and returns a URL whose search path selects it.
func postgresSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s must name a PostgreSQL database when CI is set", EnvDatabaseURL)
		}
		t.Skipf("PostgreSQL tests skipped: set %s to run them", EnvDatabaseURL)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL at %s is unreachable: %v", EnvDatabaseURL, err)
		}
		t.Skipf("PostgreSQL tests skipped: server of %s unreachable: %v", EnvDatabaseURL, err)
	}
	t.Cleanup(func() { admin.Close() })

	schema := "ted_test_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})

	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvDatabaseURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
