package models_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// record is one row of a model: how to insert it and how to read it back by
// its natural key and compare it with what was inserted.
type record struct {
	name   string
	full   bool // every field holds a non-zero value
	want   any
	insert func(ctx context.Context, db *models.DB) error
	load   func(ctx context.Context, db *models.DB) (any, error)
}

// newRecord describes want, a row of T named what in error messages, which
// find selects again from the database.
func newRecord[T any](
	name, what string, full bool, want T, find func(*gorm.DB) *gorm.DB,
) record {
	return record{
		name: name,
		full: full,
		want: want,
		insert: func(ctx context.Context, db *models.DB) error {
			row := want
			return models.Create(ctx, db, &row, what)
		},
		load: func(ctx context.Context, db *models.DB) (any, error) {
			var got T
			err := find(db.Gorm(ctx)).Take(&got).Error
			return got, err
		},
	}
}

// where selects rows by a natural key.
func where(query string, args ...any) func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB { return q.Where(query, args...) }
}

// withFiles selects an import by its id together with its files in order.
func withFiles(importID string) func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		byFile := func(q *gorm.DB) *gorm.DB { return q.Order("file") }
		return q.Preload("Files", byFile).Where("import_id = ?", importID)
	}
}

func ptr[T any](v T) *T { return &v }

func date(s string) models.Date {
	d, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// records returns one or two rows of every model, parents before the rows
// that refer to them. The first row of each model sets every field; the
// second leaves the optional ones empty or nil.
func records() []record {
	started := time.Date(2024, 7, 1, 13, 4, 5, 123456789, time.UTC).
		Truncate(time.Microsecond)
	finished := started.Add(90*time.Second + 250*time.Microsecond)

	return []record{
		newRecord("School", "school 0101", true, models.School{
			SchoolID: "0101", Name: "Maple Elementary",
			Level: models.LevelElementary, Region: "North",
		}, where("school_id = ?", "0101")),
		newRecord("SchoolWithoutRegion", "school 0305", false, models.School{
			SchoolID: "0305", Name: "Oak High", Level: models.LevelHigh,
		}, where("school_id = ?", "0305")),

		newRecord("Staff", "staff member 1042", true, models.Staff{
			StaffID: "1042", FirstName: "Ada", LastName: "Okafor",
			Email: "ada.okafor@example.org", HireDate: date("2015-08-03"),
			PriorExperienceYears: 2.5, HighestDegree: "MA",
			HiringSource: "residency",
		}, where("staff_id = ?", "1042")),
		newRecord("StaffMinimal", "staff member 1043", false, models.Staff{
			StaffID: "1043", FirstName: "Ben", LastName: "Ruiz",
			HireDate: date("2000-01-31"),
		}, where("staff_id = ?", "1043")),

		newRecord("StaffAssignment", "assignment", true, models.StaffAssignment{
			SchoolYear: 2024, StaffID: "1042", SchoolID: "0101",
			Position: "teacher", SubjectArea: "math", FTE: 0.5,
		}, where("school_year = ? AND staff_id = ? AND school_id = ?",
			2024, "1042", "0101")),
		newRecord("StaffAssignmentNoSubject", "assignment", false,
			models.StaffAssignment{
				SchoolYear: 2024, StaffID: "1043", SchoolID: "0305",
				Position: "principal", FTE: 1,
			}, where("school_year = ? AND staff_id = ? AND school_id = ?",
				2024, "1043", "0305")),

		newRecord("Separation", "separation", true, models.Separation{
			StaffID: "1043", SeparationDate: date("2024-06-30"),
			Reason: "retirement",
		}, where("staff_id = ? AND separation_date = ?",
			"1043", date("2024-06-30"))),

		newRecord("Certification", "certificate", true, models.Certification{
			StaffID: "1042", CertificateID: "GA-778812", Field: "math",
			Level: "T-5", Status: "valid", IssuedOn: ptr(date("2016-02-29")),
			ExpiresOn: date("2026-06-30"),
		}, where("staff_id = ? AND certificate_id = ?", "1042", "GA-778812")),
		newRecord("CertificationNotIssued", "certificate", false,
			models.Certification{
				StaffID: "1043", CertificateID: "P-1", Field: "elementary",
				Status: "provisional", ExpiresOn: date("2024-12-31"),
			}, where("staff_id = ? AND certificate_id = ?", "1043", "P-1")),

		newRecord("Student", "student S001", true, models.Student{
			SchoolYear: 2024, StudentID: "S001", SchoolID: "0101",
			GradeLevel: 4, EconDisadvantaged: ptr(true), ELL: ptr(false),
			SWD: ptr(true),
		}, where("school_year = ? AND student_id = ?", 2024, "S001")),
		newRecord("StudentUnreported", "student S002", false, models.Student{
			SchoolYear: 2024, StudentID: "S002", SchoolID: "0101",
			GradeLevel: 0, ELL: ptr(true), SWD: ptr(false),
		}, where("school_year = ? AND student_id = ?", 2024, "S002")),

		newRecord("Section", "section M4-01", true, models.Section{
			SchoolYear: 2024, SectionID: "M4-01", SchoolID: "0101",
			StaffID: "1042", Subject: "math", GradeLevel: ptr(4),
		}, where("school_year = ? AND section_id = ?", 2024, "M4-01")),
		newRecord("SectionNoGrade", "section HR-1", false, models.Section{
			SchoolYear: 2024, SectionID: "HR-1", SchoolID: "0305",
			StaffID: "1043", Subject: "other",
		}, where("school_year = ? AND section_id = ?", 2024, "HR-1")),

		newRecord("Enrollment", "enrollment", true, models.Enrollment{
			SchoolYear: 2024, SectionID: "M4-01", StudentID: "S001",
			Dosage: 0.75,
		}, where("school_year = ? AND section_id = ? AND student_id = ?",
			2024, "M4-01", "S001")),

		newRecord("Assessment", "assessment", true, models.Assessment{
			SchoolYear: 2024, StudentID: "S001", Subject: "math",
			Assessment: "MAP", GradeLevel: 4, ScaleScore: 212.5,
		}, where("school_year = ? AND student_id = ? AND subject = ? "+
			"AND assessment = ?", 2024, "S001", "math", "MAP")),
		newRecord("AssessmentUnnamed", "assessment", false, models.Assessment{
			SchoolYear: 2024, StudentID: "S002", Subject: "ela",
			GradeLevel: 0, ScaleScore: 498,
		}, where("school_year = ? AND student_id = ? AND subject = ? "+
			"AND assessment = ?", 2024, "S002", "ela", "")),

		newRecord("Evaluation", "evaluation", true, models.Evaluation{
			SchoolYear: 2024, StaffID: "1043", Component: "standard_1",
			Score: 3.25, EvaluatorID: "1042",
			ObservedOn: ptr(date("2024-03-15")),
		}, where("school_year = ? AND staff_id = ? AND component = ?",
			2024, "1043", "standard_1")),
		newRecord("EvaluationUnobserved", "evaluation", false, models.Evaluation{
			SchoolYear: 2024, StaffID: "1043", Component: "summative",
			Score: 3,
		}, where("school_year = ? AND staff_id = ? AND component = ?",
			2024, "1043", "summative")),

		newRecord("Compensation", "compensation", true, models.Compensation{
			SchoolYear: 2024, StaffID: "1042", BaseSalary: 5234567,
			Supplements: 150005, Benefits: 7, Step: ptr(3), Lane: "MA",
			Fund: "title_i",
		}, where("school_year = ? AND staff_id = ?", 2024, "1042")),
		newRecord("CompensationNoStep", "compensation", false,
			models.Compensation{
				SchoolYear: 2024, StaffID: "1043", BaseSalary: 9800000,
			}, where("school_year = ? AND staff_id = ?", 2024, "1043")),

		newRecord("BudgetSchool", "budget line", true, models.Budget{
			SchoolYear: 2024, SchoolID: ptr("0101"), Fund: "general",
			Category: "teacher_salaries", Budgeted: 1234567890,
			Actual: ptr(models.Money(1198765432)),
		}, where("school_year = ? AND school_id = ? AND fund = ? "+
			"AND category = ?", 2024, "0101", "general", "teacher_salaries")),
		// The central office's line has the same year, fund and category as
		// the school's: a missing school is a value of its own in the key.
		newRecord("BudgetCentralOffice", "budget line", false, models.Budget{
			SchoolYear: 2024, Fund: "general", Category: "teacher_salaries",
			Budgeted: 250000050,
		}, where("school_year = ? AND school_id IS NULL AND fund = ? "+
			"AND category = ?", 2024, "general", "teacher_salaries")),

		newRecord("SBBWeight", "funding weight", true, models.SBBWeight{
			SchoolYear: 2024, Factor: "base", Weight: 1.05,
			BasePerPupil: ptr(models.Money(452315)),
		}, where("school_year = ? AND factor = ?", 2024, "base")),
		newRecord("SBBWeightNoBase", "funding weight", false, models.SBBWeight{
			SchoolYear: 2024, Factor: "ell", Weight: 0.35,
		}, where("school_year = ? AND factor = ?", 2024, "ell")),

		newRecord("Import", "import imp-1", true, models.Import{
			ImportID: "imp-1", ImportedBy: "data.office@example.org",
			Source: "bundle-2024.zip", Checksum: "sha256:9f86d081884c7d65",
			StartedAt: started, FinishedAt: &finished,
			Outcome: models.ImportFailed, Message: "staff.csv line 7: bad date",
			Files: []models.ImportFile{
				{ImportID: "imp-1", File: "schools.csv", RowsRead: 2,
					Inserted: 2, Updated: 1, Unchanged: 3},
				{ImportID: "imp-1", File: "staff.csv", RowsRead: 10,
					Inserted: 8, Updated: 4, Unchanged: 5},
			},
		}, withFiles("imp-1")),
		newRecord("ImportInvalid", "import imp-2", false, models.Import{
			ImportID: "imp-2", ImportedBy: "admin", Checksum: "sha256:00",
			StartedAt: finished, Outcome: models.ImportInvalid,
			// Preloading an import with no files gives an empty list.
			Files: []models.ImportFile{},
		}, withFiles("imp-2")),
		newRecord("StudentGrowth", "growth of student S001", true, models.StudentGrowth{
			SchoolYear: 2024, StudentID: "S001", Subject: "math", GradeLevel: 4,
			PriorScore: 487, ScaleScore: 512.5, SGP: 63, SGPOrder: 2,
		}, where("school_year = ? AND student_id = ? AND subject = ?", 2024, "S001", "math")),
		newRecord("TeacherGrowth", "growth of staff member 1042", true, models.TeacherGrowth{
			SchoolYear: 2024, StaffID: "1042", Subject: models.SubjectAll, GrowthN: 48,
			MedianSGP: ptr(55.5), MeanSGP: ptr(53.25), MedianSGPSE: ptr(4.385),
			MeanSGPSE: ptr(3.5), GrowthLevel: "typical", VAMN: ptr(45.5),
			VAMEstimate: ptr(0.071), VAMSE: ptr(0.052), VAMReliability: ptr(0.61),
			VAMLevel: ptr(4),
		}, where("school_year = ? AND staff_id = ? AND subject = ?", 2024, "1042", "all")),
		newRecord("TeacherGrowthSuppressed", "growth of staff member 1043", false,
			models.TeacherGrowth{SchoolYear: 2024, StaffID: "1043", Subject: "ela", GrowthN: 4},
			where("school_year = ? AND staff_id = ? AND subject = ?", 2024, "1043", "ela")),
		newRecord("SchoolGrowth", "growth of school 0101", true, models.SchoolGrowth{
			SchoolYear: 2024, SchoolID: "0101", Subject: "ela", GrowthN: 310,
			MedianSGP: ptr(47.0), MeanSGP: ptr(48.2), MedianSGPSE: ptr(2.1),
			MeanSGPSE: ptr(1.676), GrowthLevel: "typical",
		}, where("school_year = ? AND school_id = ? AND subject = ?", 2024, "0101", "ela")),
		newRecord("TeacherMetrics", "metrics of staff member 1042", true, models.TeacherMetrics{
			SchoolYear: 2024, StaffID: "1042", SchoolID: "0101", FTE: 0.8, GrowthN: 48,
			MedianSGP: ptr(55.5), VAMEstimate: ptr(0.071), VAMSE: ptr(0.052), VAMLevel: ptr(4),
			EvaluationScore: ptr(2.4), ObservationScore: ptr(2.3), ProfessionalGrowth: ptr(3.0),
			CompositeScore: ptr(2.91), Rating: "proficient", RatingWeighted: "proficient",
			RatingTEM: "exemplary", ExperienceYears: 7.5, Novice: true,
			CertificationStatus: "expiring", InField: ptr(true), Retention: "moved",
			Cost: ptr(models.Money(8123456)),
		}, where("school_year = ? AND staff_id = ?", 2024, "1042")),
		newRecord("TeacherMetricsUnrated", "metrics of staff member 1043", false,
			models.TeacherMetrics{SchoolYear: 2024, StaffID: "1043", SchoolID: "0101", FTE: 1,
				CertificationStatus: "none"},
			where("school_year = ? AND staff_id = ?", 2024, "1043")),
		newRecord("SchoolMetrics", "metrics of school 0101", true, models.SchoolMetrics{
			SchoolYear: 2024, SchoolID: "0101", Teachers: 31, Students: 540,
			EconDisadvantagedPct: ptr(71.5), EffectivePct: ptr(64.5), IneffectivePct: ptr(6.5),
			NovicePct: ptr(19.4), OutOfFieldPct: ptr(9.7), MedianSGP: ptr(48.0),
			RetentionRate: ptr(80.6), CostPerStudent: ptr(models.Money(512345)),
			Rated: ptr(31), Exemplary: ptr(5), Proficient: ptr(15), NeedsDevelopment: ptr(9),
			Ineffective: ptr(2), CertificationsExpiring: ptr(3),
		}, where("school_year = ? AND school_id = ?", 2024, "0101")),
		newRecord("DistrictMetrics", "metrics of the district", true, models.DistrictMetrics{
			SchoolYear: 2024, Teachers: 3500, Rated: 3300, EffectivePct: ptr(70.1),
			NovicePct: ptr(12.0), OutOfFieldPct: ptr(8.5), RetentionRate: ptr(84.0),
			HighPerformerRetention: ptr(88.0), LowPerformerRetention: ptr(82.0),
			SmartRetentionGap: ptr(6.0), LowestPovertyIneffectivePct: ptr(3.0),
			HighestPovertyIneffectivePct: ptr(9.0), IneffectiveGap: ptr(6.0),
			LowestPovertyOutOfFieldPct: ptr(4.0), HighestPovertyOutOfFieldPct: ptr(12.0),
			OutOfFieldGap: ptr(8.0), LowestPovertyNovicePct: ptr(6.0),
			HighestPovertyNovicePct: ptr(30.0), NoviceGap: ptr(24.0), LanePayShare: ptr(6.5),
			LateStepPayShare: ptr(11.25),
		}, where("school_year = ?", 2024)),
		newRecord("DistrictGroup", "a district group", true, models.DistrictGroup{
			SchoolYear: 2024, Breakdown: models.BreakdownRetentionByRating,
			GroupName: "proficient", Teachers: 1500, Stayed: ptr(1200), Moved: ptr(100),
			Left: ptr(200), RetentionRate: ptr(80.0), Rated: ptr(1500), EffectivePct: ptr(100.0),
			MeanComposite: ptr(2.9), MedianSGP: ptr(52.0), MeanCost: ptr(78000.5),
		}, where("school_year = ? AND breakdown = ? AND group_name = ?", 2024,
			"retention_by_rating", "proficient")),
	}
}

// mustCreate inserts every row of records, in order.
func mustCreate(t *testing.T, db *models.DB, records []record) {
	t.Helper()
	for _, r := range records {
		if err := r.insert(context.Background(), db); err != nil {
			t.Fatalf("creating %s: %v", r.name, err)
		}
	}
}

// diff lists the fields of two structs of the same type that differ.
func diff(got, want any) []string {
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	var out []string
	for i := range w.NumField() {
		gf, wf := g.Field(i).Interface(), w.Field(i).Interface()
		if !reflect.DeepEqual(gf, wf) {
			out = append(out, fmt.Sprintf("%s = %s, want %s",
				w.Type().Field(i).Name, show(g.Field(i)), show(w.Field(i))))
		}
	}
	return out
}

// show formats a field, following a pointer to what it points at.
func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "nil"
		}
		return fmt.Sprintf("&%#v", v.Elem().Interface())
	}
	return fmt.Sprintf("%#v", v.Interface())
}

func TestCreate_RoundTrip(t *testing.T) {
	// A row that sets every field is what proves each column round-trips,
	// so a field added to a model must be set here too.
	for _, r := range records() {
		if !r.full {
			continue
		}
		v := reflect.ValueOf(r.want)
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Errorf("record %s leaves %s empty", r.name, v.Type().Field(i).Name)
			}
		}
	}

	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		for _, r := range records() {
			t.Run(r.name, func(t *testing.T) {
				if err := r.insert(ctx, db); err != nil {
					t.Fatalf("Create: %v", err)
				}
				got, err := r.load(ctx, db)
				if err != nil {
					t.Fatalf("reading back: %v", err)
				}
				if d := diff(got, r.want); len(d) > 0 {
					t.Errorf("read back:\n%s", strings.Join(d, "\n"))
				}
			})
		}
	})
}

func TestCreate_ErrDuplicate(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		mustCreate(t, db, records())

		dups := append(records(), newRecord("ImportFile", "import file", true,
			models.ImportFile{ImportID: "imp-1", File: "staff.csv", RowsRead: 1},
			where("import_id = ? AND file = ?", "imp-1", "staff.csv")))
		for _, r := range dups {
			t.Run("ErrDuplicate"+r.name, func(t *testing.T) {
				err := r.insert(ctx, db)
				assertError(t, err, ted.CodeConflict, "already exists")
			})
		}
	})
}

func TestCreate_ErrMissingReference(t *testing.T) {
	const missing = "refers to a record that does not exist"
	tests := []struct {
		name   string
		insert func(ctx context.Context, db *models.DB) error
	}{
		{"ErrUnknownSchool", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.StaffAssignment{
				SchoolYear: 2024, StaffID: "1042", SchoolID: "nope",
				Position: "teacher", FTE: 1,
			}, "assignment")
		}},
		{"ErrUnknownStaff", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Separation{
				StaffID: "nope", SeparationDate: date("2024-06-30"),
				Reason: "other",
			}, "separation")
		}},
		{"ErrUnknownSectionTeacher", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Section{
				SchoolYear: 2024, SectionID: "X-1", SchoolID: "0101",
				StaffID: "nope", Subject: "math",
			}, "section X-1")
		}},
		{"ErrUnknownStudent", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Enrollment{
				SchoolYear: 2024, SectionID: "M4-01", StudentID: "nope",
				Dosage: 1,
			}, "enrollment")
		}},
		{"ErrStudentOfOtherYear", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Assessment{
				SchoolYear: 2023, StudentID: "S001", Subject: "math",
				GradeLevel: 3, ScaleScore: 200,
			}, "assessment")
		}},
		{"ErrUnknownBudgetSchool", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Budget{
				SchoolYear: 2024, SchoolID: ptr("nope"), Fund: "grant",
				Category: "other", Budgeted: 100,
			}, "budget line")
		}},
		{"ErrUnknownImport", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.ImportFile{
				ImportID: "nope", File: "schools.csv",
			}, "import file")
		}},
	}

	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		mustCreate(t, db, records())
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				assertError(t, tt.insert(ctx, db), ted.CodeInvalid, missing)
			})
		}
	})
}

func TestCreate_ErrBrokenRule(t *testing.T) {
	const broken = "breaks a rule of the data contract"
	assignment := func(fte float64) *models.StaffAssignment {
		return &models.StaffAssignment{
			SchoolYear: 2025, StaffID: "1042", SchoolID: "0101",
			Position: "teacher", FTE: fte,
		}
	}
	enrollment := func(dosage float64) *models.Enrollment {
		return &models.Enrollment{
			SchoolYear: 2024, SectionID: "M4-01", StudentID: "S002",
			Dosage: dosage,
		}
	}
	tests := []struct {
		name   string
		insert func(ctx context.Context, db *models.DB) error
	}{
		{"ErrLevel", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.School{
				SchoolID: "0999", Name: "Nowhere", Level: "bogus",
			}, "school 0999")
		}},
		{"ErrEmptySchoolID", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.School{
				Name: "Nameless", Level: models.LevelOther,
			}, "school")
		}},
		{"ErrNegativeExperience", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Staff{
				StaffID: "2000", FirstName: "C", LastName: "D",
				HireDate: date("2020-08-01"), PriorExperienceYears: -1,
			}, "staff member 2000")
		}},
		{"ErrFTEAboveOne", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, assignment(1.5), "assignment")
		}},
		{"ErrFTEZero", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, assignment(0), "assignment")
		}},
		{"ErrCertificateIssuedAfterExpiry", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Certification{
				StaffID: "1042", CertificateID: "late", Field: "math",
				Status: "valid", IssuedOn: ptr(date("2025-01-02")),
				ExpiresOn: date("2025-01-01"),
			}, "certificate")
		}},
		{"ErrGradeLevel", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Student{
				SchoolYear: 2024, StudentID: "S013", SchoolID: "0101",
				GradeLevel: 13,
			}, "student S013")
		}},
		{"ErrDosageZero", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, enrollment(0), "enrollment")
		}},
		{"ErrDosageAboveOne", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, enrollment(1.01), "enrollment")
		}},
		{"ErrNegativeSalary", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Compensation{
				SchoolYear: 2025, StaffID: "1042", BaseSalary: -1,
			}, "compensation")
		}},
		{"ErrNegativeStep", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Compensation{
				SchoolYear: 2025, StaffID: "1042", Step: ptr(-1),
			}, "compensation")
		}},
		{"ErrBudgetCategory", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Budget{
				SchoolYear: 2024, Fund: "general", Category: "snacks",
			}, "budget line")
		}},
		{"ErrWeightFactor", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.SBBWeight{
				SchoolYear: 2024, Factor: "height", Weight: 1,
			}, "funding weight")
		}},
		{"ErrImportOutcome", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.Import{
				ImportID: "imp-9", ImportedBy: "admin", Checksum: "x",
				StartedAt: time.Now().UTC(), Outcome: "maybe",
			}, "import imp-9")
		}},
		{"ErrNegativeCount", func(ctx context.Context, db *models.DB) error {
			return models.Create(ctx, db, &models.ImportFile{
				ImportID: "imp-1", File: "budgets.csv", Inserted: -1,
			}, "import file")
		}},
	}

	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		mustCreate(t, db, records())
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				assertError(t, tt.insert(ctx, db), ted.CodeInvalid, broken)
			})
		}

		// An import is written with its files or not at all.
		t.Run("ErrFileLeavesNoImport", func(t *testing.T) {
			err := models.Create(ctx, db, &models.Import{
				ImportID: "imp-8", ImportedBy: "admin", Checksum: "x",
				StartedAt: time.Now().UTC(), Outcome: models.ImportFailed,
				Files: []models.ImportFile{
					{File: "schools.csv", RowsRead: 3},
					{File: "staff.csv", RowsRead: -1},
				},
			}, "import imp-8")
			assertError(t, err, ted.CodeInvalid, broken)

			var n int64
			q := db.Gorm(ctx).Model(&models.Import{}).Where("import_id = ?", "imp-8")
			if err := q.Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("failed Create left %d import rows behind", n)
			}
		})
	})
}

func TestError(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		mustCreate(t, db, records()[:1])

		t.Run("Nil", func(t *testing.T) {
			var s models.School
			err := db.Gorm(ctx).Take(&s, "school_id = ?", "0101").Error
			if err := models.Error(err, "school 0101"); err != nil {
				t.Fatalf("Error = %v, want nil", err)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			var s models.School
			err := db.Gorm(ctx).Take(&s, "school_id = ?", "nope").Error
			err = models.Error(err, "school nope")
			assertError(t, err, ted.CodeNotFound, "school nope not found")
			if !errors.Is(err, gorm.ErrRecordNotFound) {
				t.Errorf("error %v does not wrap gorm.ErrRecordNotFound", err)
			}
		})

		t.Run("ErrOther", func(t *testing.T) {
			var s models.School
			err := db.Gorm(ctx).Table("no_such_table").Take(&s).Error
			if err == nil {
				t.Fatal("query of a missing table succeeded")
			}
			got := models.Error(err, "school nope")
			if code := ted.ErrorCode(got); code != ted.CodeInternal {
				t.Errorf("ErrorCode = %q, want %q", code, ted.CodeInternal)
			}
			if !errors.Is(got, err) || !strings.HasPrefix(got.Error(), "school nope: ") {
				t.Errorf("Error = %q, want the cause behind \"school nope: \"", got)
			}
		})
	})
}

// assertError checks that err has the code and that the message a user sees
// contains message.
func assertError(t *testing.T, err error, code ted.Code, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want %s", code)
	}
	if got := ted.ErrorCode(err); got != code {
		t.Errorf("ErrorCode = %q, want %q (error: %v)", got, code, err)
	}
	if got := ted.ErrorMessage(err); !strings.Contains(got, message) {
		t.Errorf("ErrorMessage = %q, want it to contain %q", got, message)
	}
}
