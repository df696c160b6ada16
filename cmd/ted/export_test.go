package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ted-dashboard/ted/models"
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

		t.Run("XLSXMatchesCSV", func(t *testing.T) {
			// The workbook holds the same rows as the CSV, value for value.
			out := mustRun(t, "export", "student-growth", "--year", "2025", "--format",
				"xlsx", "--database-url", url)
			f := openXLSX(t, out)
			got, err := f.GetRows("student-growth", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, rows) {
				t.Fatalf("xlsx rows differ from csv: %d rows, csv %d", len(got), len(rows))
			}
		})

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
		{"export", "teacher-metrics", "--year", "2025", "--format", "xls"},
	} {
		err := runQuiet(append(args, "--database-url", url)...)
		if exitCode(err) != 2 {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}

	t.Run("ErrUnknownFormat", func(t *testing.T) {
		var stdout bytes.Buffer
		err := run(context.Background(), []string{"export", "school-metrics", "--year",
			"2025", "--format", "xls", "--database-url", url}, &stdout, io.Discard)
		var usage usageError
		if !errors.As(err, &usage) || !strings.Contains(usage.msg, "--format") ||
			!strings.Contains(usage.msg, "xlsx") {
			t.Fatalf("err = %v, want a usage error naming --format and its choices", err)
		}
		if stdout.Len() != 0 {
			t.Fatalf("wrote %q before refusing the format", stdout.String())
		}
	})

	t.Run("Help", func(t *testing.T) {
		out := mustRun(t, "help", "export")
		for _, want := range []string{"--format csv|json|xlsx", "student-growth",
			"teacher-growth", "teacher-metrics", "school-metrics", "null"} {
			if !strings.Contains(out, want) {
				t.Errorf("help export does not mention %q:\n%s", want, out)
			}
		}
	})
}

// Headers of the metrics exports, as the data contract orders them.
const (
	teacherMetricsHeader = "staff_id,school_year,school_id,growth_n,median_sgp," +
		"vam_estimate,vam_se,evaluation_score,composite_score,rating," +
		"experience_years,novice,certification_status,in_field," +
		"fte,vam_level,observation_score,professional_growth," +
		"rating_weighted,rating_tem,retention,cost"
	schoolMetricsHeader = "school_id,school_year,teachers,econ_disadvantaged_pct," +
		"effective_pct,ineffective_pct,novice_pct,out_of_field_pct,median_sgp," +
		"retention_rate,cost_per_student," +
		"students,rated,exemplary,proficient,needs_development,ineffective," +
		"certifications_expiring"
)

// mustStoreMetrics migrates the database at url and stores three teachers
// and two schools of 2025, one of each with every measure and the others
// with measures missing, and a teacher of 2024.
func mustStoreMetrics(t *testing.T, url string) {
	t.Helper()
	mustRun(t, "migrate", "--database-url", url)
	ctx := context.Background()
	db, err := models.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	money := func(cents int64) *models.Money { m := models.Money(cents); return &m }
	float := func(f float64) *float64 { return &f }
	count := func(n int) *int { return &n }
	yes, no := true, false
	hired, err := models.ParseDate("2015-08-03")
	if err != nil {
		t.Fatal(err)
	}
	rows := []any{
		&models.School{SchoolID: "007", Name: "Bond Elementary", Level: models.LevelElementary},
		&models.School{SchoolID: "0101", Name: "Maple Middle", Level: models.LevelMiddle},
		&models.Staff{StaffID: "007", FirstName: "Ada", LastName: "Okafor", HireDate: hired},
		&models.Staff{StaffID: "1042", FirstName: "Ben", LastName: "Ruiz", HireDate: hired},
		&models.Staff{StaffID: "1043", FirstName: "Cy", LastName: "Moss", HireDate: hired},
		&models.TeacherMetrics{SchoolYear: 2025, StaffID: "1043", SchoolID: "0101", FTE: 1,
			Novice: true, CertificationStatus: "none"},
		&models.TeacherMetrics{SchoolYear: 2025, StaffID: "007", SchoolID: "007", FTE: 0.8,
			GrowthN: 48, MedianSGP: float(55.5), VAMEstimate: float(0.071),
			VAMSE: float(0.052), VAMLevel: count(4), EvaluationScore: float(2.4),
			ObservationScore: float(2.3), ProfessionalGrowth: float(3),
			CompositeScore: float(2.91), Rating: "proficient", RatingWeighted: "proficient",
			RatingTEM: "exemplary", ExperienceYears: 7.5, Novice: true,
			CertificationStatus: "expiring", InField: &yes, Retention: "moved",
			Cost: money(8123456)},
		&models.TeacherMetrics{SchoolYear: 2025, StaffID: "1042", SchoolID: "0101", FTE: 1,
			GrowthN: 4, ExperienceYears: 12, Novice: false, CertificationStatus: "valid",
			InField: &no, Cost: money(5200000)},
		&models.TeacherMetrics{SchoolYear: 2024, StaffID: "1042", SchoolID: "0101", FTE: 1,
			ExperienceYears: 11, CertificationStatus: "valid"},
		&models.SchoolMetrics{SchoolYear: 2025, SchoolID: "0101", Teachers: 3, Students: 60},
		&models.SchoolMetrics{SchoolYear: 2025, SchoolID: "007", Teachers: 31, Students: 540,
			EconDisadvantagedPct: float(71.5), EffectivePct: float(64.5),
			IneffectivePct: float(6.5), NovicePct: float(19.4), OutOfFieldPct: float(9.7),
			MedianSGP: float(48), RetentionRate: float(80.6), CostPerStudent: money(512345),
			Rated: count(31), Exemplary: count(5), Proficient: count(15),
			NeedsDevelopment: count(9), Ineffective: count(2), CertificationsExpiring: count(3)},
	}
	for _, row := range rows {
		if err := db.Gorm(ctx).Create(row).Error; err != nil {
			t.Fatalf("storing %T: %v", row, err)
		}
	}
}

// openXLSX opens a workbook that ted wrote.
func openXLSX(t *testing.T, out string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output is not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// cellStyle returns the style of a cell of a workbook's sheet.
func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return style
}

// cellValue returns a cell's value as the workbook stores it and as a
// spreadsheet shows it, with its number format.
func cellValue(t *testing.T, f *excelize.File, sheet, cell string) (raw, shown string) {
	t.Helper()
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	shown, err = f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return raw, shown
}

func TestRun_ExportMetrics(t *testing.T) {
	outputs := map[string][]string{} // by format, one output a database
	modeltest.EachURL(t, func(t *testing.T, url string) {
		mustStoreMetrics(t, url)
		export := func(t *testing.T, name, format string) string {
			t.Helper()
			out := mustRun(t, "export", name, "--year", "2025", "--format", format,
				"--database-url", url)
			if format != "xlsx" {
				outputs[name+" "+format] = append(outputs[name+" "+format], out)
			}
			return out
		}

		t.Run("TeacherMetricsCSV", func(t *testing.T) {
			// Missing values and empty ratings are empty fields, booleans 1
			// or 0, money has two decimals, and the id 007 keeps its zeros.
			want := teacherMetricsHeader + "\n" +
				"007,2025,007,48,55.5,0.071,0.052,2.4,2.91,proficient,7.5,1,expiring,1," +
				"0.8,4,2.3,3,proficient,exemplary,moved,81234.56\n" +
				"1042,2025,0101,4,,,,,,,12,0,valid,0,1,,,,,,,52000.00\n" +
				"1043,2025,0101,0,,,,,,,0,1,none,,1,,,,,,,\n"
			if got := export(t, "teacher-metrics", "csv"); got != want {
				t.Fatalf("csv:\n%s\nwant\n%s", got, want)
			}
		})

		t.Run("SchoolMetricsCSV", func(t *testing.T) {
			want := schoolMetricsHeader + "\n" +
				"007,2025,31,71.5,64.5,6.5,19.4,9.7,48,80.6,5123.45,540,31,5,15,9,2,3\n" +
				"0101,2025,3,,,,,,,,,60,,,,,,\n"
			if got := export(t, "school-metrics", "csv"); got != want {
				t.Fatalf("csv:\n%s\nwant\n%s", got, want)
			}
		})

		t.Run("TeacherMetricsJSON", func(t *testing.T) {
			out := export(t, "teacher-metrics", "json")
			dec := json.NewDecoder(strings.NewReader(out))
			dec.UseNumber()
			var rows []map[string]any
			if err := dec.Decode(&rows); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if len(rows) != 3 {
				t.Fatalf("%d rows, want 3:\n%s", len(rows), out)
			}
			checks := []struct {
				row    int
				column string
				want   any
			}{
				{0, "staff_id", "007"},
				{0, "school_year", json.Number("2025")},
				{0, "median_sgp", json.Number("55.5")},
				{0, "novice", true},
				{0, "in_field", true},
				{0, "rating_tem", "exemplary"},
				{0, "cost", json.Number("81234.56")},
				{1, "novice", false},
				{1, "in_field", false},
				{1, "median_sgp", nil},
				{1, "rating", nil},
				{1, "retention", nil},
				{1, "cost", json.Number("52000.00")},
				{2, "in_field", nil},
				{2, "cost", nil},
				{2, "growth_n", json.Number("0")},
			}
			for _, c := range checks {
				got, ok := rows[c.row][c.column]
				if !ok || got != c.want {
					t.Errorf("row %d %s = %#v, want %#v", c.row, c.column, got, c.want)
				}
			}
			if len(rows[2]) != len(strings.Split(teacherMetricsHeader, ",")) {
				t.Errorf("row of missing values has %d keys: %v", len(rows[2]), rows[2])
			}
		})

		t.Run("SchoolMetricsJSON", func(t *testing.T) {
			out := export(t, "school-metrics", "json")
			want := `"school_id": "0101", "school_year": 2025, "teachers": 3, ` +
				`"econ_disadvantaged_pct": null, "effective_pct": null, ` +
				`"ineffective_pct": null, "novice_pct": null, "out_of_field_pct": null, ` +
				`"median_sgp": null, "retention_rate": null, "cost_per_student": null, ` +
				`"students": 60, "rated": null`
			if !strings.Contains(out, want) ||
				!strings.Contains(out, `"cost_per_student": 5123.45`) {
				t.Fatalf("json:\n%s\nwant a row with\n%s", out, want)
			}
		})

		t.Run("TeacherMetricsXLSX", func(t *testing.T) {
			f := openXLSX(t, export(t, "teacher-metrics", "xlsx"))
			const sheet = "teacher-metrics"
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{sheet}) {
				t.Fatalf("sheets = %q, want one named %q", got, sheet)
			}
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(rows[0], ","); got != teacherMetricsHeader {
				t.Fatalf("header = %s\nwant %s", got, teacherMetricsHeader)
			}
			if len(rows) != 4 {
				t.Fatalf("%d rows, want a header and 3 teachers", len(rows))
			}
			for _, cell := range []string{"A1", "V1"} {
				if s := cellStyle(t, f, sheet, cell); s.Font == nil || !s.Font.Bold {
					t.Errorf("header cell %s is not bold", cell)
				}
			}

			panes, err := f.GetPanes(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.XSplit != 1 || panes.YSplit != 1 ||
				panes.TopLeftCell != "B2" {
				t.Errorf("panes = %+v, want frozen below the header and right of the id",
					panes)
			}

			cells := []struct {
				cell, raw, shown string
				numFmt           int
				typ              excelize.CellType
			}{
				{"A2", "007", "007", 49, excelize.CellTypeInlineString},    // staff_id
				{"C2", "007", "007", 49, excelize.CellTypeInlineString},    // school_id
				{"D2", "48", "48", 1, excelize.CellTypeUnset},              // growth_n
				{"E2", "55.5", "55.50", 2, excelize.CellTypeUnset},         // median_sgp
				{"V2", "81234.56", "81,234.56", 4, excelize.CellTypeUnset}, // cost
				{"V3", "52000", "52,000.00", 4, excelize.CellTypeUnset},    // cost
				{"L2", "1", "TRUE", 0, excelize.CellTypeBool},              // novice
				{"N3", "0", "FALSE", 0, excelize.CellTypeBool},             // in_field
			}
			for _, c := range cells {
				raw, shown := cellValue(t, f, sheet, c.cell)
				if raw != c.raw || shown != c.shown {
					t.Errorf("%s = %q shown as %q, want %q shown as %q",
						c.cell, raw, shown, c.raw, c.shown)
				}
				if s := cellStyle(t, f, sheet, c.cell); s.NumFmt != c.numFmt {
					t.Errorf("%s has number format %d, want %d", c.cell, s.NumFmt, c.numFmt)
				}
				typ, err := f.GetCellType(sheet, c.cell)
				if err != nil || typ != c.typ {
					t.Errorf("%s has type %v (%v), want %v", c.cell, typ, err, c.typ)
				}
			}

			// Missing values are empty cells: a suppressed median, an empty
			// rating, an unknown in_field and cost.
			for _, cell := range []string{"E3", "J3", "S3", "E4", "N4", "V4"} {
				if raw, _ := cellValue(t, f, sheet, cell); raw != "" {
					t.Errorf("%s = %q, want an empty cell", cell, raw)
				}
			}
		})

		t.Run("SchoolMetricsXLSX", func(t *testing.T) {
			out := export(t, "school-metrics", "xlsx")
			f := openXLSX(t, out)
			const sheet = "school-metrics"
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{sheet}) {
				t.Fatalf("sheets = %q, want one named %q", got, sheet)
			}
			for _, cell := range []string{"D2", "J2"} { // a share and retention_rate
				s := cellStyle(t, f, sheet, cell)
				if s.CustomNumFmt == nil || *s.CustomNumFmt != "0.0" {
					t.Errorf("%s has number format %d %v, want 0.0", cell, s.NumFmt,
						s.CustomNumFmt)
				}
			}
			if raw, shown := cellValue(t, f, sheet, "D2"); raw != "71.5" || shown != "71.5" {
				t.Errorf("D2 = %q shown as %q, want 71.5", raw, shown)
			}
			if _, shown := cellValue(t, f, sheet, "K2"); shown != "5,123.45" {
				t.Errorf("cost_per_student shown as %q, want 5,123.45", shown)
			}
			if raw, _ := cellValue(t, f, sheet, "A3"); raw != "0101" {
				t.Errorf("A3 = %q, want the id 0101", raw)
			}
			for _, cell := range []string{"D3", "K3", "M3"} {
				if raw, _ := cellValue(t, f, sheet, cell); raw != "" {
					t.Errorf("%s = %q, want an empty cell", cell, raw)
				}
			}
			for _, col := range []string{"A", "D", "K"} {
				if w, err := f.GetColWidth(sheet, col); err != nil || w < 8 {
					t.Errorf("column %s is %v wide (%v)", col, w, err)
				}
			}
			assertColumnsInOrder(t, out)
		})
	})

	// Both databases give the same CSV and JSON.
	for name, outs := range outputs {
		for _, out := range outs[1:] {
			if out != outs[0] {
				t.Errorf("%s differs between databases:\n%s\n%s", name, outs[0], out)
			}
		}
	}
}

// assertColumnsInOrder checks that a workbook lists its column widths in
// column order, which spreadsheet programs require.
func assertColumnsInOrder(t *testing.T, workbook string) {
	t.Helper()
	z, err := zip.NewReader(strings.NewReader(workbook), int64(len(workbook)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sheet, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	first := bytes.Index(sheet, []byte(`<col min="1"`))
	second := bytes.Index(sheet, []byte(`<col min="2"`))
	if first < 0 || second < first {
		t.Fatalf("column widths out of order: %.300s", sheet[max(first, 0):])
	}
}
