package compute

import (
	"context"
	"io"
	"log/slog"
	"math"
	"testing"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/ingest"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// budgetDistrict is a school with a teacher, a principal, four
// students, student-based weights and two budget lines, and a second
// school with two teachers and no students, and a central office
// budget line.
var budgetDistrict = map[string]string{
	"schools.csv": "school_id,name,level\nS1,One,middle\nS2,Two,high\nS3,Three,high\n",
	"staff.csv": `staff_id,first_name,last_name,hire_date
T1,Ann,One,2015-08-01
P1,Pat,Lead,2010-08-01
T2,Bea,Two,2015-08-01
T3,Cy,Three,2023-08-01
T4,Di,Four,2020-08-01
`,
	"staff_assignments.csv": `school_year,staff_id,school_id,position,subject_area,fte
2024,T1,S1,teacher,math,1
2024,P1,S1,principal,,1
2024,T2,S2,teacher,math,1
2024,T3,S2,teacher,ela,0.5
2024,T4,S3,teacher,ela,1
`,
	"compensation.csv": `school_year,staff_id,base_salary,supplements,benefits,step,lane
2024,T1,60000,1000,15000,8,BA
2024,P1,100000,0,25000,,
2024,T2,65000,0,16000,8,MA
2024,T3,50000,0,12000,0,BA
`,
	"students.csv": `school_year,student_id,school_id,grade_level,econ_disadvantaged,ell,swd
2024,A,S1,5,1,0,0
2024,B,S1,5,1,0,0
2024,C,S1,5,0,0,0
2024,D,S1,7,0,1,1
`,
	"sbb_weights.csv": `school_year,factor,weight,base_per_pupil
2024,base,1,4000
2024,econ_disadvantaged,0.25,
2024,ell,0.2,
2024,swd,0.75,
2024,grade_3_5,0,
2024,grade_6_8,0.1,
`,
	"budgets.csv": `school_year,school_id,fund,category,budgeted,actual
2024,S1,general,teacher_salaries,70000,76000
2024,S1,title_i,other,5000,
2024,,general,administration,90000,88000.50
`,
}

func TestSchoolBudgetOf(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		if _, err := ingest.Import(ctx, db, writeBundle(t, budgetDistrict),
			ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		b, err := SchoolBudgetOf(ctx, db, "S1", 2024)
		if err != nil {
			t.Fatal(err)
		}
		// Weights: 1.25, 1.25, 1 and 1 + 0.1 + 0.2 + 0.75, at 4,000.
		if b.Allocation == nil || math.Abs(*b.Allocation-4000*5.55) > 1e-6 {
			t.Fatalf("allocation %v, want 22,200", b.Allocation)
		}
		if b.Students != 4 || b.Teachers != 1 || b.StaffingCost != 76000+125000 ||
			b.TeacherCost != 76000 || b.CostPerStudent == nil || *b.CostPerStudent != 19000 {
			t.Fatalf("budget %+v", b)
		}
		// The district's schedule: entry pay 50,000 (BA step 0); BA step 8
		// 60,000 and MA step 8 65,000. T1 is 50,000 entry pay and 10,000
		// of steps.
		if b.Salaries.Base != 50000 || b.Salaries.Supplements != 1000 ||
			b.Salaries.Step != 10000 || b.Salaries.Lane != 0 {
			t.Fatalf("salaries %+v", b.Salaries)
		}
		if len(b.Lines) != 2 || b.Lines[0].Actual == nil || *b.Lines[0].Actual != 76000 ||
			b.Lines[1].Actual != nil || b.Lines[1].Budgeted != 5000 {
			t.Fatalf("lines %+v", b.Lines)
		}

		// Every school at once: the same figures, and S2 with teachers
		// but no students.
		d, err := DistrictBudgetOf(ctx, db, 2024)
		all := d.Schools
		if err != nil || len(all) != 3 || all[0].SchoolID != "S1" || all[1].SchoolID != "S2" {
			t.Fatalf("DistrictBudgetOf = %+v, %v", d, err)
		}
		if len(d.Central) != 1 || d.Central[0].Category != "administration" ||
			d.Central[0].Budgeted != 90000 || d.Central[0].Actual == nil ||
			*d.Central[0].Actual != 88000.5 {
			t.Fatalf("central office %+v", d.Central)
		}
		if all[0].TeacherCost != b.TeacherCost || *all[0].Allocation != *b.Allocation ||
			len(all[0].Lines) != 2 || all[0].Salaries != b.Salaries {
			t.Fatalf("S1 of all = %+v, want %+v", all[0], b)
		}
		two := all[1]
		// T2: 50,000 entry pay, 10,000 steps, 5,000 lane; T3 at half time
		// is 25,000 entry pay.
		if two.Teachers != 2 || two.Students != 0 || two.Allocation != nil ||
			two.CostPerStudent != nil || two.TeacherCost != 81000+31000 ||
			two.StaffingCost != two.TeacherCost || len(two.Lines) != 0 ||
			two.Salaries != (analytics.SalarySplit{Base: 75000, Step: 10000, Lane: 5000}) {
			t.Fatalf("S2 = %+v", two)
		}
		// S3's teacher has no pay reported: counted, not costed.
		if three := all[2]; three.Teachers != 1 || three.PaidStaff != 0 ||
			three.StaffingCost != 0 || three.CostPerStudent != nil {
			t.Fatalf("S3 = %+v", three)
		}
		if b.PaidStaff != 2 || two.PaidStaff != 2 {
			t.Fatalf("paid staff %d and %d, want 2 and 2", b.PaidStaff, two.PaidStaff)
		}
		// One school asked for is that school, whatever the others hold.
		if s2, err := SchoolBudgetOf(ctx, db, "S2", 2024); err != nil ||
			s2.SchoolID != "S2" || s2.TeacherCost != two.TeacherCost {
			t.Fatalf("S2 alone = %+v, %v", s2, err)
		}

		// A year without weights has no allocation.
		none, err := SchoolBudgetOf(ctx, db, "S1", 2023)
		if err != nil || none.Allocation != nil || none.Students != 0 {
			t.Fatalf("2023 = %+v, %v", none, err)
		}
	})
}

// TestYearVersion changes a year's version with each compute run of the
// year and each import, and with nothing else.
func TestYearVersion(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		version := func() string {
			t.Helper()
			v, err := db.YearVersion(ctx, 2024)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		never := version()
		dir := writeBundle(t, budgetDistrict)
		if _, err := ingest.Import(ctx, db, dir, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		imported := version()
		if imported == never {
			t.Fatal("an import leaves the version as it was")
		}
		if _, err := Year(ctx, db, 2024, Options{}, logger); err != nil {
			t.Fatal(err)
		}
		computed := version()
		if computed == imported || version() != computed {
			t.Fatalf("versions %q, %q, %q", never, imported, computed)
		}
		if _, err := Year(ctx, db, 2023, Options{}, logger); err != nil {
			t.Fatal(err)
		}
		if version() != computed {
			t.Fatal("computing another year changes this year's version")
		}
		if _, err := Year(ctx, db, 2024, Options{}, logger); err != nil {
			t.Fatal(err)
		}
		if version() == computed {
			t.Fatal("computing the year again leaves its version as it was")
		}
	})
}
