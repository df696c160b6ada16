package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models/modeltest"
)

func TestRun_ComputeExport(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		dir := filepath.Join(t.TempDir(), "district")
		mustRun(t, "generate", "--scale", "small", "--seed", "5", "--out", dir)
		out := mustRun(t, "import", "--database-url", url, dir)
		if !strings.Contains(out, "2025: ") ||
			!strings.Contains(out, "student growth percentiles") {
			t.Fatalf("import did not compute growth:\n%s", out)
		}

		out = mustRun(t, "compute", "--database-url", url, "--year", "2025")
		if !strings.HasPrefix(out, "2025: ") {
			t.Fatalf("compute:\n%s", out)
		}

		csvOut := mustRun(t, "export", "student-growth", "--year", "2025",
			"--database-url", url)
		rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := "student_id,school_year,subject,grade_level,prior_score,scale_score,sgp"
		if got := strings.Join(rows[0][:7], ","); got != want {
			t.Fatalf("header = %s, want %s first", got, want)
		}
		if len(rows) < 100 {
			t.Fatalf("%d rows of student growth", len(rows)-1)
		}

		jsonOut := mustRun(t, "export", "teacher-growth", "--year", "2025", "--format", "json",
			"--database-url", url)
		var teachers []map[string]any
		if err := json.Unmarshal([]byte(jsonOut), &teachers); err != nil {
			t.Fatalf("teacher growth is not JSON: %v\n%s", err, jsonOut)
		}
		suppressed, reported := 0, 0
		for _, r := range teachers {
			if r["subject"] == "all" {
				t.Fatal("teacher-growth lists the row of all subjects")
			}
			n := r["growth_n"].(float64)
			switch {
			case n < 10 && r["median_sgp"] == nil:
				suppressed++
			case n >= 10 && r["median_sgp"] != nil:
				reported++
			default:
				t.Fatalf("teacher row %v: suppression does not follow n", r)
			}
		}
		if reported == 0 {
			t.Fatalf("no teacher has a reported median: %v", teachers)
		}

		t.Run("DistrictMinStudents", func(t *testing.T) {
			// A district that publishes growth only from 1,000 students
			// on has no teacher's median reported.
			district := writeFile(t, "district.toml", "[growth]\nmin_students = 1000\n")
			mustRun(t, "compute", "--database-url", url, "--year", "2025",
				"--district-config", district)
			out := mustRun(t, "export", "teacher-growth", "--year", "2025", "--format",
				"json", "--database-url", url)
			var rows []map[string]any
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if r["median_sgp"] != nil || r["vam_estimate"] != nil {
					t.Fatalf("reported under min_students = 1000: %v", r)
				}
			}
			if len(rows) != len(teachers) {
				t.Fatalf("%d teacher rows, %d before", len(rows), len(teachers))
			}
		})
	})
}

func TestRun_ExportUsage(t *testing.T) {
	url := filepath.Join(t.TempDir(), "ted.db")
	for _, args := range [][]string{
		{"export"},
		{"export", "nonsense", "--year", "2025"},
		{"export", "student-growth"},
		{"export", "student-growth", "--year", "2025", "--format", "xml"},
	} {
		err := runQuiet(append(args, "--database-url", url)...)
		if exitCode(err) != 2 {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
}
