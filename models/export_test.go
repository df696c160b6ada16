package models_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// mustCreateMetrics stores three teachers and two schools of 2025, one of
// each with every measure, the others with measures missing, and a teacher
// of 2024 that no export of 2025 may show.
func mustCreateMetrics(t *testing.T, db *models.DB) {
	t.Helper()
	ctx := context.Background()
	rows := []any{
		&models.School{SchoolID: "007", Name: "Bond Elementary", Level: models.LevelElementary},
		&models.School{SchoolID: "0101", Name: "Maple Middle", Level: models.LevelMiddle},
		&models.Staff{StaffID: "007", FirstName: "Ada", LastName: "Okafor",
			HireDate: date("2018-08-01")},
		&models.Staff{StaffID: "1042", FirstName: "Ben", LastName: "Ruiz",
			HireDate: date("2012-08-01")},
		&models.Staff{StaffID: "1043", FirstName: "Cy", LastName: "Moss",
			HireDate: date("2024-08-01")},
		&models.TeacherMetrics{SchoolYear: 2025, StaffID: "007", SchoolID: "007", FTE: 0.8,
			GrowthN: 48, MedianSGP: ptr(55.5), VAMEstimate: ptr(0.071), VAMSE: ptr(0.052),
			VAMLevel: ptr(4), EvaluationScore: ptr(2.4), ObservationScore: ptr(2.3),
			ProfessionalGrowth: ptr(3.0), CompositeScore: ptr(2.91), Rating: "proficient",
			RatingWeighted: "proficient", RatingTEM: "exemplary", ExperienceYears: 7.5,
			Novice: true, CertificationStatus: "expiring", InField: ptr(true),
			Retention: "moved", Cost: ptr(models.Money(8123456))},
		&models.TeacherMetrics{SchoolYear: 2025, StaffID: "1042", SchoolID: "0101", FTE: 1,
			GrowthN: 4, ExperienceYears: 12, Novice: false, CertificationStatus: "valid",
			InField: ptr(false), Cost: ptr(models.Money(5200000))},
		&models.TeacherMetrics{SchoolYear: 2025, StaffID: "1043", SchoolID: "0101", FTE: 1,
			Novice: true, CertificationStatus: "none"},
		&models.TeacherMetrics{SchoolYear: 2024, StaffID: "1042", SchoolID: "0101", FTE: 1,
			ExperienceYears: 11, CertificationStatus: "valid"},
		&models.SchoolMetrics{SchoolYear: 2025, SchoolID: "007", Teachers: 31, Students: 540,
			EconDisadvantagedPct: ptr(71.5), EffectivePct: ptr(64.5), IneffectivePct: ptr(6.5),
			NovicePct: ptr(19.4), OutOfFieldPct: ptr(9.7), MedianSGP: ptr(48.0),
			RetentionRate: ptr(80.6), CostPerStudent: ptr(models.Money(512345)),
			Rated: ptr(31), Exemplary: ptr(5), Proficient: ptr(15), NeedsDevelopment: ptr(9),
			Ineffective: ptr(2), CertificationsExpiring: ptr(3)},
		&models.SchoolMetrics{SchoolYear: 2025, SchoolID: "0101", Teachers: 3, Students: 60},
	}
	for _, row := range rows {
		if err := db.Gorm(ctx).Create(row).Error; err != nil {
			t.Fatalf("creating %T: %v", row, err)
		}
	}
}

// mustExport returns the rows of an export of 2025, copied.
func mustExport(t *testing.T, db *models.DB, name string) [][]any {
	t.Helper()
	var rows [][]any
	err := db.Export(context.Background(), name, 2025, nil, func(values []any) error {
		rows = append(rows, append([]any(nil), values...))
		return nil
	})
	if err != nil {
		t.Fatalf("exporting %s: %v", name, err)
	}
	return rows
}

// columnNames returns the names of an export's columns.
func columnNames(t *testing.T, name string) []string {
	t.Helper()
	columns, err := models.ExportColumns(name)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c.Name
	}
	return names
}

func TestExportColumns_Metrics(t *testing.T) {
	t.Run("TeacherMetrics", func(t *testing.T) {
		want := []string{"staff_id", "school_year", "school_id", "growth_n", "median_sgp",
			"vam_estimate", "vam_se", "evaluation_score", "composite_score", "rating",
			"experience_years", "novice", "certification_status", "in_field",
			"fte", "vam_level", "observation_score", "professional_growth",
			"rating_weighted", "rating_tem", "retention", "cost"}
		if got := columnNames(t, "teacher-metrics"); !reflect.DeepEqual(got, want) {
			t.Fatalf("columns = %v\nwant %v", got, want)
		}
	})

	t.Run("SchoolMetrics", func(t *testing.T) {
		want := []string{"school_id", "school_year", "teachers", "econ_disadvantaged_pct",
			"effective_pct", "ineffective_pct", "novice_pct", "out_of_field_pct",
			"median_sgp", "retention_rate", "cost_per_student",
			"students", "rated", "exemplary", "proficient", "needs_development",
			"ineffective", "certifications_expiring"}
		if got := columnNames(t, "school-metrics"); !reflect.DeepEqual(got, want) {
			t.Fatalf("columns = %v\nwant %v", got, want)
		}
	})

	t.Run("Kinds", func(t *testing.T) {
		want := map[string]map[string]models.Kind{
			"teacher-metrics": {"staff_id": models.KindID, "school_id": models.KindID,
				"growth_n": models.KindInt, "median_sgp": models.KindFloat,
				"rating": models.KindText, "novice": models.KindBool,
				"in_field": models.KindBool, "cost": models.KindMoney},
			"school-metrics": {"school_id": models.KindID, "teachers": models.KindInt,
				"effective_pct": models.KindPercent, "retention_rate": models.KindPercent,
				"median_sgp": models.KindFloat, "cost_per_student": models.KindMoney},
			"student-growth": {"student_id": models.KindID, "subject": models.KindText,
				"sgp": models.KindInt, "scale_score": models.KindFloat},
		}
		for name, kinds := range want {
			columns, err := models.ExportColumns(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range columns {
				if k, ok := kinds[c.Name]; ok && c.Kind != k {
					t.Errorf("%s.%s is %v, want %v", name, c.Name, c.Kind, k)
				}
			}
		}
	})

	t.Run("ErrUnknownName", func(t *testing.T) {
		_, err := models.ExportColumns("teacher-secrets")
		if ted.ErrorCode(err) != ted.CodeInvalid {
			t.Fatalf("err = %v, want an invalid name", err)
		}
	})
}

func TestDB_Export(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		mustCreateMetrics(t, db)

		t.Run("TeacherMetrics", func(t *testing.T) {
			// Booleans are bool and money is Money on both databases; an
			// empty rating or retention is missing, like a suppressed measure.
			want := [][]any{
				{"007", int64(2025), "007", int64(48), 55.5, 0.071, 0.052, 2.4, 2.91,
					"proficient", 7.5, true, "expiring", true, 0.8, int64(4), 2.3, 3.0,
					"proficient", "exemplary", "moved", models.Money(8123456)},
				{"1042", int64(2025), "0101", int64(4), nil, nil, nil, nil, nil,
					nil, 12.0, false, "valid", false, 1.0, nil, nil, nil,
					nil, nil, nil, models.Money(5200000)},
				{"1043", int64(2025), "0101", int64(0), nil, nil, nil, nil, nil,
					nil, 0.0, true, "none", nil, 1.0, nil, nil, nil,
					nil, nil, nil, nil},
			}
			got := mustExport(t, db, "teacher-metrics")
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("rows:\n%#v\nwant\n%#v", got, want)
			}
		})

		t.Run("SchoolMetrics", func(t *testing.T) {
			want := [][]any{
				{"007", int64(2025), int64(31), 71.5, 64.5, 6.5, 19.4, 9.7, 48.0, 80.6,
					models.Money(512345), int64(540), int64(31), int64(5), int64(15),
					int64(9), int64(2), int64(3)},
				{"0101", int64(2025), int64(3), nil, nil, nil, nil, nil, nil, nil,
					nil, int64(60), nil, nil, nil, nil, nil, nil},
			}
			got := mustExport(t, db, "school-metrics")
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("rows:\n%#v\nwant\n%#v", got, want)
			}
		})

		t.Run("EmptyYear", func(t *testing.T) {
			n := 0
			err := db.Export(context.Background(), "school-metrics", 2030, nil,
				func([]any) error { n++; return nil })
			if err != nil || n != 0 {
				t.Fatalf("export of a year without results: %d rows, err %v", n, err)
			}
		})

		t.Run("ErrStopped", func(t *testing.T) {
			stop := errors.New("stop")
			err := db.Export(context.Background(), "teacher-metrics", 2025, nil,
				func([]any) error { return stop })
			if !errors.Is(err, stop) {
				t.Fatalf("err = %v, want the error of fn", err)
			}
		})

		t.Run("ErrUnknownName", func(t *testing.T) {
			err := db.Export(context.Background(), "teacher-secrets", 2025, nil,
				func([]any) error { return nil })
			if ted.ErrorCode(err) != ted.CodeInvalid {
				t.Fatalf("err = %v, want an invalid name", err)
			}
		})
	})
}
