package compute

import (
	"context"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/ingest"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// handDistrict is a district of three schools and four teachers over two
// school years, each teacher an edge case of the measures:
//
//   - T1 has taught at S1 since 2015 on an elementary certificate, teaches
//     grade 5 math, and has an evaluation but no growth;
//   - T2 was hired in the middle of 2024 with a year of prior experience,
//     on a math certificate expiring on the first day of 2024, and moves
//     from S2 to S1 for 2025;
//   - T3 is the only teacher of S3 and teaches grade 6 on an elementary
//     certificate, then leaves;
//   - T4 separates at the end of 2024 and is hired back at S2 for 2025,
//     teaching without a certificate.
var handDistrict = map[string]string{
	"schools.csv": `school_id,name,level
S1,One,elementary
S2,Two,middle
S3,Three,elementary
`,
	"staff.csv": `staff_id,first_name,last_name,hire_date,prior_experience_years,hiring_source
T1,Ann,One,2015-08-01,0,traditional
T2,Bo,Two,2023-11-15,1,residency
T3,Cy,Three,2022-08-01,0,alternative
T4,Di,Four,2010-08-01,0,traditional
`,
	"staff_assignments.csv": `school_year,staff_id,school_id,position,subject_area,fte
2024,T1,S1,teacher,elementary,1
2024,T2,S2,teacher,math,1
2024,T3,S3,teacher,math,1
2024,T4,S2,teacher,ela,0.5
2025,T1,S1,teacher,elementary,1
2025,T2,S1,teacher,math,1
2025,T4,S2,teacher,ela,1
`,
	"separations.csv": `staff_id,separation_date,reason
T4,2024-06-15,resignation
`,
	"certifications.csv": `staff_id,certificate_id,field,status,issued_on,expires_on
T1,C1,elementary,valid,2015-07-01,2030-06-30
T2,C2,math,valid,2018-07-01,2023-07-01
T3,C3,elementary,valid,2022-07-01,2027-06-30
`,
	"sections.csv": `school_year,section_id,school_id,staff_id,subject,grade_level
2024,A,S1,T1,math,5
2024,B,S2,T2,math,7
2024,C,S3,T3,math,6
2024,D,S2,T4,ela,7
2025,A,S1,T1,ela,4
2025,B,S1,T2,math,5
2025,D,S2,T4,ela,7
`,
	"students.csv": `school_year,student_id,school_id,grade_level,econ_disadvantaged
2024,P1,S1,5,1
2024,P2,S1,5,0
2024,P3,S1,5,1
2024,P4,S1,5,0
2024,P5,S2,7,1
`,
	"evaluations.csv": `school_year,staff_id,component,score
2024,T1,TAPS1,3
2024,T1,TAPS2,2
2024,T1,professional_growth,3
2024,T3,summative,1
`,
	"compensation.csv": `school_year,staff_id,base_salary,supplements,benefits,step,lane
2024,T1,60000,1000,15000,8,BA
`,
}

// writeBundle writes a bundle's files into a new folder.
func writeBundle(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// teacherMetrics reads the stored teacher metrics of a year by staff id.
func teacherMetrics(t *testing.T, db *models.DB, year int) map[string]models.TeacherMetrics {
	t.Helper()
	var rows []models.TeacherMetrics
	if err := db.Gorm(context.Background()).Where("school_year = ?", year).
		Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	m := map[string]models.TeacherMetrics{}
	for _, r := range rows {
		m[r.StaffID] = r
	}
	return m
}

func schoolMetrics(t *testing.T, db *models.DB, year int) map[string]models.SchoolMetrics {
	t.Helper()
	var rows []models.SchoolMetrics
	if err := db.Gorm(context.Background()).Where("school_year = ?", year).
		Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	m := map[string]models.SchoolMetrics{}
	for _, r := range rows {
		m[r.SchoolID] = r
	}
	return m
}

func value(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func checkValue(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if math.IsNaN(want) {
		if got != nil {
			t.Errorf("%s = %v, want empty", what, *got)
		}
		return
	}
	if got == nil || math.Abs(*got-want) > 0.006 {
		t.Errorf("%s = %v, want %v", what, value(got), want)
	}
}

func TestYear_HandDistrict(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		if _, err := ingest.Import(ctx, db, writeBundle(t, handDistrict),
			ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		// Publish groups of any size, to see every measure.
		open := analytics.DefaultConfig()
		open.Privacy.MinTeachers = 1
		for _, y := range []int{2024, 2025} {
			res, err := Year(ctx, db, y, Options{District: &open}, logger)
			if err != nil {
				t.Fatal(err)
			}
			if y == 2024 && (res.TeacherMetrics != 4 || res.SchoolMetrics != 3) {
				t.Fatalf("2024 stored %+v", res)
			}
		}
		t24, t25 := teacherMetrics(t, db, 2024), teacherMetrics(t, db, 2025)

		t.Run("ElementaryCertificateGrade5", func(t *testing.T) {
			r := t24["T1"]
			if r.InField == nil || !*r.InField || r.CertificationStatus != "valid" {
				t.Fatalf("T1 = %+v", r)
			}
			// 2015-08-01 to 2023-07-01 is 7.92 years.
			if r.ExperienceYears != 7.92 || r.Novice {
				t.Fatalf("T1 experience %v, novice %v", r.ExperienceYears, r.Novice)
			}
		})
		t.Run("MissingGrowthComponent", func(t *testing.T) {
			r := t24["T1"]
			// Observation (3+2)/2 = 2.5 of 3 is 3.5 on 1-4; professional
			// growth 3 is 4; no growth: (0.5*3.5 + 0.2*4) / 0.7.
			checkValue(t, "T1 evaluation", r.EvaluationScore, 8.0/3)
			checkValue(t, "T1 observation", r.ObservationScore, 3.5)
			checkValue(t, "T1 composite", r.CompositeScore, 2.55/0.7)
			if r.Rating != "exemplary" || r.RatingTEM != "" {
				t.Fatalf("T1 rating %q, TEM %q", r.Rating, r.RatingTEM)
			}
			if r.Cost == nil || r.Cost.String() != "76000.00" {
				t.Fatalf("T1 cost = %v", r.Cost)
			}
		})
		t.Run("HiredMidYearOnExpiringCertificate", func(t *testing.T) {
			r := t24["T2"]
			if r.ExperienceYears != 1 || !r.Novice {
				t.Fatalf("T2 experience %v, novice %v", r.ExperienceYears, r.Novice)
			}
			if r.CertificationStatus != "expiring" || r.InField == nil || !*r.InField {
				t.Fatalf("T2 certification %q, in field %v", r.CertificationStatus, r.InField)
			}
			// No evaluation and no growth: no composite, no rating.
			if r.CompositeScore != nil || r.Rating != "" || r.Cost != nil {
				t.Fatalf("T2 = %+v", r)
			}
			r = t25["T2"]
			if r.CertificationStatus != "expired" || r.InField == nil || *r.InField {
				t.Fatalf("T2 in 2025: certification %q, in field %v", r.CertificationStatus,
					r.InField)
			}
		})
		t.Run("ElementaryCertificateGrade6", func(t *testing.T) {
			r := t24["T3"]
			if r.InField == nil || *r.InField || !r.Novice {
				t.Fatalf("T3 = %+v", r)
			}
			// The summative 1 of 3 alone: observation 2, composite 2.
			checkValue(t, "T3 composite", r.CompositeScore, 2)
			if r.Rating != "needs_development" {
				t.Fatalf("T3 rating %q", r.Rating)
			}
		})
		t.Run("Retention", func(t *testing.T) {
			want := map[string]string{"T1": "stayed", "T2": "moved", "T3": "left",
				"T4": "left"}
			for id, w := range want {
				if got := t24[id].Retention; got != w {
					t.Errorf("%s retention = %q, want %q", id, got, w)
				}
			}
			if t24["T4"].CertificationStatus != "none" || t24["T4"].FTE != 0.5 {
				t.Errorf("T4 = %+v", t24["T4"])
			}
		})
		t.Run("YearWithNoNextYear", func(t *testing.T) {
			for id, r := range t25 {
				if r.Retention != "" {
					t.Errorf("%s retention in the last year = %q", id, r.Retention)
				}
			}
			for id, s := range schoolMetrics(t, db, 2025) {
				if s.RetentionRate != nil {
					t.Errorf("%s retention rate in the last year = %v", id, *s.RetentionRate)
				}
			}
		})
		t.Run("Schools", func(t *testing.T) {
			s := schoolMetrics(t, db, 2024)
			s1, s2 := s["S1"], s["S2"]
			if s1.Teachers != 1 || s1.Students != 4 || s2.Teachers != 2 {
				t.Fatalf("S1 %+v, S2 %+v", s1, s2)
			}
			checkValue(t, "S1 retention", s1.RetentionRate, 100)
			checkValue(t, "S1 poor students", s1.EconDisadvantagedPct, math.NaN())
			// T1's 76,000 over four students.
			if s1.CostPerStudent == nil || s1.CostPerStudent.String() != "19000.00" {
				t.Errorf("S1 cost per student = %v", s1.CostPerStudent)
			}
			checkValue(t, "S2 novice", s2.NovicePct, 50)
			// T2 moved and T4 left: nobody stayed at S2.
			checkValue(t, "S2 retention", s2.RetentionRate, 0)
			checkValue(t, "S2 out of field", s2.OutOfFieldPct, 50)
			checkValue(t, "S2 effective", s2.EffectivePct, math.NaN())
		})
		t.Run("District", func(t *testing.T) {
			var d models.DistrictMetrics
			if err := db.Gorm(ctx).Where("school_year = 2024").First(&d).Error; err != nil {
				t.Fatal(err)
			}
			if d.Teachers != 4 || d.Rated != 2 {
				t.Fatalf("district = %+v", d)
			}
			checkValue(t, "novice", d.NovicePct, 50)
			// T1 stayed and T2 moved: the district kept half.
			checkValue(t, "retention", d.RetentionRate, 50)
			checkValue(t, "effective", d.EffectivePct, 50)
		})

		t.Run("OneTeacherSchoolSuppressed", func(t *testing.T) {
			if _, err := Year(ctx, db, 2024, Options{}, logger); err != nil {
				t.Fatal(err)
			}
			for id, s := range schoolMetrics(t, db, 2024) {
				if s.NovicePct != nil || s.RetentionRate != nil || s.CostPerStudent != nil ||
					s.OutOfFieldPct != nil {
					t.Errorf("%s published a value of %d teachers: %+v", id, s.Teachers, s)
				}
			}
			// Individual records are not aggregates: they stay whole.
			if r := teacherMetrics(t, db, 2024)["T1"]; r.Rating != "exemplary" {
				t.Errorf("T1 rating = %q", r.Rating)
			}
		})
	})
}
