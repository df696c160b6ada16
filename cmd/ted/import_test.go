package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models/modeltest"
)

// testBundle is the small valid bundle the importer's own tests use.
const testBundle = "../../ingest/testdata/bundle"

func TestRun_Import(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		out := mustRun(t, "import", "--database-url", url, testBundle)
		for _, want := range []string{
			"enrollments.csv", "total", "import ", "checksum ",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("summary lacks %q:\n%s", want, out)
			}
		}
		if got := summaryRow(out, "enrollments.csv"); got != "4 4 0 0" {
			t.Errorf("enrollments counted %q, want 4 rows inserted:\n%s", got, out)
		}

		out = mustRun(t, "import", testBundle, "--database-url", url)
		if got := summaryRow(out, "total"); got != "37 0 0 37" {
			t.Errorf("second import counted %q, want all 37 rows unchanged:\n%s", got, out)
		}
	})
}

// summaryRow returns the rows, inserted, updated and unchanged counts of
// one line of the import summary.
func summaryRow(out, file string) string {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 6 && f[0] == file {
			return strings.Join(f[1:5], " ")
		}
	}
	return ""
}

func TestRun_ImportInvalid(t *testing.T) {
	dir := t.TempDir()
	entries, _ := os.ReadDir(testBundle)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(testBundle, e.Name()))
		if e.Name() == "staff.csv" {
			data = bytes.Replace(data, []byte("2022-08-01"), []byte("2023/08/01"), 1)
		}
		os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644)
	}

	var stdout, stderr bytes.Buffer
	url := filepath.Join(t.TempDir(), "ted.db")
	err := run(context.Background(), []string{"import", "--database-url", url, dir},
		&stdout, &stderr)
	if exitCode(err) != 1 {
		t.Fatalf("err = %v exits %d, want 1", err, exitCode(err))
	}
	want := `staff.csv:3: hire_date: "2023/08/01" is not a date (want YYYY-MM-DD)`
	if !strings.Contains(stderr.String(), want+"\n") {
		t.Fatalf("stderr:\n%s\nwant %s", stderr.String(), want)
	}
	if !strings.Contains(err.Error(), "nothing was imported") || stdout.Len() != 0 {
		t.Fatalf("err = %v, stdout = %q", err, stdout.String())
	}
}

func TestRun_ImportUsage(t *testing.T) {
	url := filepath.Join(t.TempDir(), "ted.db")
	for _, args := range [][]string{
		{"import"},
		{"import", testBundle, testBundle},
		{"import", "--max-errors", "0", testBundle},
		{"import", "--max-file-size", "lots", testBundle},
	} {
		err := run(context.Background(), append(args, "--database-url", url),
			&bytes.Buffer{}, &bytes.Buffer{})
		if exitCode(err) != 2 {
			t.Errorf("run(%q) = %v exits %d, want 2", args, err, exitCode(err))
		}
	}
}
