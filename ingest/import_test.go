package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

func TestImport_BadInput(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		// Rows already stored make the references to them count, and
		// must survive every failed import unchanged.
		base := baseBundle(t)
		mustImport(t, db, base)
		before := snapshot(t, db)

		for _, tt := range badBundles() {
			t.Run(tt.name, func(t *testing.T) {
				bad := tt.edit(base)
				_, err := Import(context.Background(), db, bad.write(t), tt.opt)
				var invalid *InvalidError
				if !errors.As(err, &invalid) {
					t.Fatalf("err = %v, want the bundle's problems", err)
				}
				if !hasProblem(invalid, tt.want) {
					t.Fatalf("problems:\n%s\nwant one starting %q", list(invalid), tt.want)
				}
				assertSameTables(t, before, snapshot(t, db))
			})
		}
	})
}

func hasProblem(e *InvalidError, want string) bool {
	for _, p := range e.Problems {
		if strings.HasPrefix(p.String(), want) {
			return true
		}
	}
	return false
}

func list(e *InvalidError) string {
	var b strings.Builder
	for _, p := range e.Problems {
		fmt.Fprintln(&b, p)
	}
	return b.String()
}

func TestImport_ReportsEveryProblem(t *testing.T) {
	db := modeltest.Open(t, "sqlite")
	bad := baseBundle(t).
		set(fileStaff, 3, "T2,Ben,Okafor,,2023/08/01,0,BA,residency").
		set(fileStudents, 2, "2024,ST1,S1,13,1,0,0").
		set(fileAssessments, 3, "2024,ST2,math,4,abc,")
	_, err := Import(context.Background(), db, bad.write(t), Options{})
	var invalid *InvalidError
	if !errors.As(err, &invalid) {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		`staff.csv:3: hire_date: "2023/08/01" is not a date (want YYYY-MM-DD)`,
		`students.csv:2: grade_level: "13" is not a grade level (want 0 for kindergarten to 12)`,
		`assessments.csv:3: scale_score: "abc" is not a number`,
	}
	if got := strings.TrimSpace(list(invalid)); got != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if invalid.Stopped {
		t.Fatal("Stopped is set below the limit")
	}
}

func TestImport_ErrorLimit(t *testing.T) {
	db := modeltest.Open(t, "sqlite")
	var rows []string
	for i := range 150 {
		rows = append(rows, fmt.Sprintf("2024,X%d,S1,4,maybe,0,0", i))
	}
	bad := baseBundle(t).add(fileStudents, rows...)
	_, err := Import(context.Background(), db, bad.write(t), Options{MaxErrors: 100})
	var invalid *InvalidError
	if !errors.As(err, &invalid) {
		t.Fatalf("err = %v", err)
	}
	if len(invalid.Problems) != 100 || !invalid.Stopped {
		t.Fatalf("%d problems, stopped %v; want 100 and stopped", len(invalid.Problems),
			invalid.Stopped)
	}
	if !strings.Contains(err.Error(), "stopped at the limit") {
		t.Fatalf("err = %q does not say it stopped", err)
	}
}

func TestImport_Reimport(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		base := baseBundle(t)
		first := mustImport(t, db, base)
		before := snapshot(t, db)
		second := mustImport(t, db, base)

		assertSameTables(t, before, snapshot(t, db))
		if first.Checksum != second.Checksum || first.Checksum == "" {
			t.Fatalf("checksums %q and %q differ for the same bundle",
				first.Checksum, second.Checksum)
		}
		for _, f := range second.Files {
			if f.Inserted != 0 || f.Updated != 0 || f.Unchanged != f.Rows || f.Rows == 0 {
				t.Errorf("re-import of %s: %+v, want every row unchanged", f.File, f)
			}
		}
		if n := len(first.Files); n != len(specs()) {
			t.Errorf("first import wrote %d files, want all %d", n, len(specs()))
		}
		for _, f := range first.Files {
			if f.Inserted != f.Rows || f.Rows == 0 {
				t.Errorf("first import of %s: %+v, want every row inserted", f.File, f)
			}
		}
	})
}

func TestImport_ReplacesChangedRows(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		base := baseBundle(t)
		mustImport(t, db, base)

		later := base.
			set(fileStaff, 3, "T2,Ben,Okafor-Reyes,ben@district.example,2022-08-01,0,BA,residency").
			add(fileStaff, "T4,Eli,Ng,,2024-08-01,0,BA,alternative").
			set(fileEnrollments, 5, "2024,SEC3,ST3,0.75").
			set(fileBudgets, 3, "2024,,general,administration,510000,498000").
			set(fileCompensation, 2, "2024,T1,53000,1500,15703.70,9,MA,general")
		res := mustImport(t, db, later)

		wantCounts := map[string][3]int{
			fileStaff:        {1, 1, 3},
			fileEnrollments:  {0, 1, 3},
			fileBudgets:      {0, 1, 1},
			fileCompensation: {0, 1, 1},
			fileSchools:      {0, 0, 2},
		}
		for file, want := range wantCounts {
			f := fileResult(t, res, file)
			if got := [3]int{f.Inserted, f.Updated, f.Unchanged}; got != want {
				t.Errorf("%s: inserted, updated, unchanged = %v, want %v", file, got, want)
			}
		}

		var staff models.Staff
		if err := db.Gorm(ctx).Take(&staff, "staff_id = ?", "T2").Error; err != nil {
			t.Fatal(err)
		}
		if staff.LastName != "Okafor-Reyes" || staff.Email != "ben@district.example" {
			t.Errorf("T2 = %+v, want the later bundle's name and email", staff)
		}
		var budget models.Budget
		err := db.Gorm(ctx).Take(&budget, "school_id IS NULL AND category = ?", "administration").Error
		if err != nil {
			t.Fatal(err)
		}
		if budget.Budgeted != 51000000 || budget.Actual == nil || *budget.Actual != 49800000 {
			t.Errorf("central budget = %+v, want 510000 budgeted, 498000 actual", budget)
		}
		var comp models.Compensation
		if err := db.Gorm(ctx).Take(&comp, "staff_id = ?", "T1").Error; err != nil {
			t.Fatal(err)
		}
		if comp.BaseSalary != 5300000 || comp.Benefits != 1570370 {
			t.Errorf("T1 pay = %+v", comp)
		}
	})
}

func TestImport_ReferencesStoredRows(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		mustImport(t, db, baseBundle(t))

		// A later load brings only new enrollments and scores: the sections,
		// students and staff they name were imported before.
		later := testBundle{
			fileSchools: "school_id,name,level\n",
			fileStaff:   "staff_id,first_name,last_name,hire_date\n",
			fileEnrollments: "school_year,section_id,student_id,dosage\n" +
				"2024,SEC2,ST2,1\n2024,SEC3,ST1,0.5\n",
			fileAssessments: "school_year,student_id,subject,grade_level,scale_score\n" +
				"2024,ST1,ela,4,488\n",
			fileEvaluations: "school_year,staff_id,component,score\n2024,T3,TAPS2,1.5\n",
		}
		res := mustImport(t, db, later)
		if f := fileResult(t, res, fileEnrollments); f.Inserted != 2 {
			t.Fatalf("enrollments: %+v, want 2 inserted", f)
		}

		missing := later.add(fileEnrollments, "2024,SEC2,ST9,1")
		_, err := Import(context.Background(), db, missing.write(t), Options{})
		var invalid *InvalidError
		if !errors.As(err, &invalid) || !hasProblem(invalid,
			`enrollments.csv:4: student_id: "ST9" of school year 2024 is not in students.csv`) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestImport_Record(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		res := mustImport(t, db, baseBundle(t))
		bad := baseBundle(t).set(fileStudents, 2, "2024,ST1,S1,13,1,0,0")
		Import(ctx, db, bad.write(t), Options{ImportedBy: "clerk"})

		var imports []models.Import
		err := db.Gorm(ctx).Preload("Files").Order("started_at, import_id").Find(&imports).Error
		if err != nil {
			t.Fatal(err)
		}
		if len(imports) != 2 {
			t.Fatalf("%d imports recorded, want 2", len(imports))
		}
		ok, invalid := imports[0], imports[1]
		if ok.ImportID != res.ImportID || ok.Outcome != models.ImportSucceeded ||
			ok.Checksum != res.Checksum || ok.ImportedBy != "test" || ok.FinishedAt == nil ||
			len(ok.Files) != len(specs()) {
			t.Fatalf("successful import recorded as %+v", ok)
		}
		for _, f := range ok.Files {
			want := fileResult(t, res, f.File)
			if f.RowsRead != want.Rows || f.Inserted != want.Inserted {
				t.Errorf("%s recorded as %+v, want %+v", f.File, f, want)
			}
		}
		if invalid.Outcome != models.ImportInvalid || invalid.ImportedBy != "clerk" ||
			!strings.Contains(invalid.Message, "1 problem") {
			t.Fatalf("invalid import recorded as %+v", invalid)
		}
	})
}

func TestImport_Warnings(t *testing.T) {
	db := modeltest.Open(t, "sqlite")
	b := baseBundle(t).
		set(fileSchools, 1, "\ufeffSchool_ID,Name,LEVEL,region,principal").
		set(fileSchools, 2, "S1,Maple Elementary,elementary,North,Dee").
		set(fileSchools, 3, `S2,"Oak Middle, Campus B",middle,South,`).
		with("truth.csv", "staff_id,effect\n")
	res := mustImport(t, db, b)
	want := []string{
		"truth.csv is not part of the bundle format and is ignored",
		`schools.csv: column "principal" is not part of the bundle format and is ignored`,
	}
	if strings.Join(res.Warnings, "\n") != strings.Join(want, "\n") {
		t.Fatalf("warnings = %q, want %q", res.Warnings, want)
	}
	var school models.School
	if err := db.Gorm(context.Background()).Take(&school, "school_id = ?", "S2").Error; err != nil {
		t.Fatal(err)
	}
	if school.Name != "Oak Middle, Campus B" {
		t.Fatalf("school = %+v", school)
	}
}

// TestImport_QuotedHeaderAfterBOM reads a file as spreadsheet programs
// and R's write.csv save it: a byte order mark, then every name quoted.
func TestImport_QuotedHeaderAfterBOM(t *testing.T) {
	db := modeltest.Open(t, "sqlite")
	b := baseBundle(t).set(fileSchools, 1, "\ufeff\"school_id\",\"name\",\"level\",\"region\"")
	res := mustImport(t, db, b)
	if f := fileResult(t, res, fileSchools); f.Inserted == 0 {
		t.Fatalf("schools.csv: %+v", f)
	}
	if len(res.Warnings) != 0 {
		t.Fatalf("warnings = %q", res.Warnings)
	}
}

// TestImport_NoFollowOnProblems checks that a file whose rows cannot all
// be read is reported once, not again at every row of other files that
// names one of its rows.
func TestImport_NoFollowOnProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(testBundle) testBundle
		want string
	}{
		{"RowNotUTF8", func(b testBundle) testBundle {
			return b.set(fileStaff, 2, "T1,Ana,Lo\xffpez,,2015-08-01,2,MA,traditional")
		}, "staff.csv:2: field 3 is not valid UTF-8"},
		{"HeaderMissingColumn", func(b testBundle) testBundle {
			return b.set(fileSections, 1, "school_year,section_id,school_id,teacher,subject,"+
				"grade_level")
		}, "sections.csv:1: staff_id: required column is missing from the header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := modeltest.Open(t, "sqlite")
			_, err := Import(context.Background(), db, tt.edit(baseBundle(t)).write(t), Options{})
			var invalid *InvalidError
			if !errors.As(err, &invalid) {
				t.Fatalf("err = %v, want the bundle's problems", err)
			}
			if len(invalid.Problems) != 1 || !hasProblem(invalid, tt.want) {
				t.Fatalf("problems:\n%s\nwant only one starting %q", list(invalid), tt.want)
			}
		})
	}
}
