package ingest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models"
)

// testBundle holds a bundle's files by name, for tests to change and write.
type testBundle map[string]string

// baseBundle reads the small valid bundle of testdata/bundle.
func baseBundle(t testing.TB) testBundle {
	t.Helper()
	b := testBundle{}
	entries, err := os.ReadDir("testdata/bundle")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata/bundle", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b[e.Name()] = string(data)
	}
	return b
}

// set returns a copy of b with line n (1 is the header) of file replaced.
func (b testBundle) set(file string, n int, line string) testBundle {
	c := maps.Clone(b)
	lines := strings.Split(c[file], "\n")
	lines[n-1] = line
	c[file] = strings.Join(lines, "\n")
	return c
}

// add returns a copy of b with lines appended to file.
func (b testBundle) add(file string, lines ...string) testBundle {
	c := maps.Clone(b)
	c[file] += strings.Join(lines, "\n") + "\n"
	return c
}

// with returns a copy of b with file holding content.
func (b testBundle) with(file, content string) testBundle {
	c := maps.Clone(b)
	c[file] = content
	return c
}

// without returns a copy of b without file.
func (b testBundle) without(file string) testBundle {
	c := maps.Clone(b)
	delete(c, file)
	return c
}

// write puts the bundle in a new folder and returns its path.
func (b testBundle) write(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range b {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mustImport imports the bundle and fails the test on any error.
func mustImport(t testing.TB, db *models.DB, b testBundle) *Result {
	t.Helper()
	res, err := Import(context.Background(), db, b.write(t), Options{ImportedBy: "test"})
	if err != nil {
		var invalid *InvalidError
		if errors.As(err, &invalid) {
			for _, p := range invalid.Problems {
				t.Log(p)
			}
		}
		t.Fatalf("import: %v", err)
	}
	return res
}

// districtTables lists the tables a bundle fills.
func districtTables() []string {
	var tables []string
	for _, s := range specs() {
		tables = append(tables, s.table)
	}
	return tables
}

// snapshot reads every district table in a fixed order, as text.
func snapshot(t testing.TB, db *models.DB) map[string][]string {
	t.Helper()
	snap := map[string][]string{}
	for _, table := range districtTables() {
		snap[table] = tableRows(t, db, table)
	}
	return snap
}

func tableRows(t testing.TB, db *models.DB, table string) []string {
	t.Helper()
	rows, err := db.SQL().Query("SELECT * FROM " + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			parts[i] = fmt.Sprintf("%s=%v", cols[i], v)
		}
		out = append(out, strings.Join(parts, " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// assertSameTables fails when any district table differs between two
// snapshots.
func assertSameTables(t testing.TB, before, after map[string][]string) {
	t.Helper()
	for _, table := range districtTables() {
		if !reflect.DeepEqual(before[table], after[table]) {
			t.Errorf("table %s changed:\nbefore %v\nafter  %v", table, before[table], after[table])
		}
	}
}

// fileResult finds the result of one file.
func fileResult(t testing.TB, res *Result, file string) FileResult {
	t.Helper()
	for _, f := range res.Files {
		if f.File == file {
			return f
		}
	}
	t.Fatalf("no result for %s in %+v", file, res.Files)
	return FileResult{}
}
