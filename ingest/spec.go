package ingest

import (
	"fmt"
	"strings"
)

// column describes one column of a bundle file and of its table.
type column struct {
	name     string
	kind     kind
	required bool
	// enum lists the allowed words of a kindEnum column.
	enum []string
	// def is the value of an optional column left empty or absent; nil
	// stores NULL.
	def any
	// check explains why a parsed value is out of range, or returns "".
	check func(v any) string
}

// ref says that some columns of a file name a row of another file, which
// must be in the bundle or already in the database.
type ref struct {
	cols   []string
	parent string
}

// spec describes one file of the bundle and the table it fills.
type spec struct {
	file  string
	table string
	// columns lists the columns in the order of the table's insert.
	columns []column
	// key names the natural key columns, which identify a row.
	key  []string
	refs []ref
	// rowCheck checks rules between the columns of one row; it returns
	// the column at fault and why, or "" and "".
	rowCheck func(s *spec, row []any) (string, string)
	// conflict is the ON CONFLICT target when it is not the key columns.
	conflict string

	// keyIdx and refIdx hold the positions of the key and of each
	// reference's columns.
	keyIdx []int
	refIdx [][]int
}

// Files of a bundle, by name.
const (
	fileSchools        = "schools.csv"
	fileStaff          = "staff.csv"
	fileAssignments    = "staff_assignments.csv"
	fileSeparations    = "separations.csv"
	fileCertifications = "certifications.csv"
	fileStudents       = "students.csv"
	fileSections       = "sections.csv"
	fileEnrollments    = "enrollments.csv"
	fileAssessments    = "assessments.csv"
	fileEvaluations    = "evaluations.csv"
	fileCompensation   = "compensation.csv"
	fileBudgets        = "budgets.csv"
	fileSBBWeights     = "sbb_weights.csv"
)

// Column helpers keep the table below readable.

func id(name string) column {
	return column{name: name, kind: kindID, required: true}
}

func year() column {
	return column{name: "school_year", kind: kindYear, required: true}
}

func text(name string) column {
	return column{name: name, kind: kindText, def: ""}
}

func optDate(name string) column {
	return column{name: name, kind: kindDate}
}

func optBool(name string) column {
	return column{name: name, kind: kindBool}
}

func enum(name string, required bool, words ...string) column {
	c := column{name: name, kind: kindEnum, required: required, enum: words}
	if !required {
		c.def = ""
	}
	return c
}

func share(name string) column {
	return column{name: name, kind: kindNumber, def: 1.0, check: func(v any) string {
		if f := v.(float64); f <= 0 || f > 1 {
			return fmt.Sprintf("%g is not a share above 0 and at most 1", f)
		}
		return ""
	}}
}

func nonNegative(v any) string {
	switch n := v.(type) {
	case float64:
		if n < 0 {
			return fmt.Sprintf("%g must not be negative", n)
		}
	case int64:
		if n < 0 {
			return fmt.Sprintf("%d must not be negative", n)
		}
	case interface{ Float64() float64 }:
		if n.Float64() < 0 {
			return fmt.Sprintf("%v must not be negative", n)
		}
	}
	return ""
}

// specs lists the bundle's files in the order they are read and written:
// every file comes after the files it refers to.
func specs() []*spec {
	list := fileSpecs()
	for _, s := range list {
		s.keyIdx = indexes(s, s.key)
		for _, r := range s.refs {
			s.refIdx = append(s.refIdx, indexes(s, r.cols))
		}
	}
	return list
}

func fileSpecs() []*spec {
	return []*spec{
		{
			file: fileSchools, table: "schools",
			columns: []column{
				id("school_id"),
				{name: "name", kind: kindText, required: true},
				enum("level", true, "elementary", "middle", "high", "other"),
				text("region"),
			},
			key: []string{"school_id"},
		},
		{
			file: fileStaff, table: "staff",
			columns: []column{
				id("staff_id"),
				{name: "first_name", kind: kindText, required: true},
				{name: "last_name", kind: kindText, required: true},
				{name: "email", kind: kindText, def: "", check: checkEmail},
				{name: "hire_date", kind: kindDate, required: true},
				{name: "prior_experience_years", kind: kindNumber, def: 0.0,
					check: checkExperience},
				enum("highest_degree", false, "BA", "MA", "EDS", "PHD", "other"),
				text("hiring_source"),
			},
			key: []string{"staff_id"},
		},
		{
			file: fileAssignments, table: "staff_assignments",
			columns: []column{
				year(), id("staff_id"), id("school_id"),
				enum("position", true, "teacher", "principal",
					"assistant_principal", "instructional_coach", "other"),
				enum("subject_area", false, subjects...),
				share("fte"),
			},
			key: []string{"school_year", "staff_id", "school_id"},
			refs: []ref{
				{cols: []string{"staff_id"}, parent: fileStaff},
				{cols: []string{"school_id"}, parent: fileSchools},
			},
		},
		{
			file: fileSeparations, table: "separations",
			columns: []column{
				id("staff_id"),
				{name: "separation_date", kind: kindDate, required: true},
				enum("reason", true, "resignation", "retirement", "dismissal",
					"non_renewal", "transfer_out", "other"),
			},
			key:  []string{"staff_id", "separation_date"},
			refs: []ref{{cols: []string{"staff_id"}, parent: fileStaff}},
		},
		{
			file: fileCertifications, table: "certifications",
			columns: []column{
				id("staff_id"), id("certificate_id"),
				enum("field", true, subjects...),
				text("level"),
				enum("status", true, "valid", "provisional", "expired", "revoked"),
				optDate("issued_on"),
				{name: "expires_on", kind: kindDate, required: true},
			},
			key:      []string{"staff_id", "certificate_id"},
			refs:     []ref{{cols: []string{"staff_id"}, parent: fileStaff}},
			rowCheck: checkCertificateDates,
		},
		{
			file: fileStudents, table: "students",
			columns: []column{
				year(), id("student_id"), id("school_id"),
				{name: "grade_level", kind: kindGrade, required: true},
				optBool("econ_disadvantaged"), optBool("ell"), optBool("swd"),
			},
			key:  []string{"school_year", "student_id"},
			refs: []ref{{cols: []string{"school_id"}, parent: fileSchools}},
		},
		{
			file: fileSections, table: "sections",
			columns: []column{
				year(), id("section_id"), id("school_id"), id("staff_id"),
				enum("subject", true, subjects...),
				{name: "grade_level", kind: kindGrade},
			},
			key: []string{"school_year", "section_id"},
			refs: []ref{
				{cols: []string{"school_id"}, parent: fileSchools},
				{cols: []string{"staff_id"}, parent: fileStaff},
			},
		},
		{
			file: fileEnrollments, table: "enrollments",
			columns: []column{
				year(), id("section_id"), id("student_id"), share("dosage"),
			},
			key: []string{"school_year", "section_id", "student_id"},
			refs: []ref{
				{cols: []string{"school_year", "section_id"}, parent: fileSections},
				{cols: []string{"school_year", "student_id"}, parent: fileStudents},
			},
		},
		{
			file: fileAssessments, table: "assessments",
			columns: []column{
				year(), id("student_id"),
				enum("subject", true, subjects...),
				{name: "assessment", kind: kindText, def: "", check: checkTestName},
				{name: "grade_level", kind: kindGrade, required: true},
				{name: "scale_score", kind: kindNumber, required: true},
			},
			key: []string{"school_year", "student_id", "subject", "assessment"},
			refs: []ref{
				{cols: []string{"school_year", "student_id"}, parent: fileStudents},
			},
		},
		{
			file: fileEvaluations, table: "evaluations",
			columns: []column{
				year(), id("staff_id"), id("component"),
				{name: "score", kind: kindNumber, required: true},
				{name: "evaluator_id", kind: kindID, def: ""},
				optDate("observed_on"),
			},
			key:  []string{"school_year", "staff_id", "component"},
			refs: []ref{{cols: []string{"staff_id"}, parent: fileStaff}},
		},
		{
			file: fileCompensation, table: "compensation",
			columns: []column{
				year(), id("staff_id"),
				{name: "base_salary", kind: kindMoney, required: true, check: nonNegative},
				{name: "supplements", kind: kindMoney, def: moneyZero, check: nonNegative},
				{name: "benefits", kind: kindMoney, def: moneyZero, check: nonNegative},
				{name: "step", kind: kindInt, check: nonNegative},
				text("lane"),
				enum("fund", false, "general", "title_i", "grant", "other"),
			},
			key:  []string{"school_year", "staff_id"},
			refs: []ref{{cols: []string{"staff_id"}, parent: fileStaff}},
		},
		{
			file: fileBudgets, table: "budgets",
			columns: []column{
				year(),
				{name: "school_id", kind: kindID, required: true, def: nil},
				enum("fund", true, "general", "title_i", "grant", "other"),
				enum("category", true, "teacher_salaries", "support_staff",
					"administration", "instructional_materials",
					"professional_development", "other"),
				{name: "budgeted", kind: kindMoney, required: true, check: nonNegative},
				{name: "actual", kind: kindMoney},
			},
			key:      []string{"school_year", "school_id", "fund", "category"},
			refs:     []ref{{cols: []string{"school_id"}, parent: fileSchools}},
			conflict: "(school_year, (COALESCE(school_id, '')), fund, category)",
		},
		{
			file: fileSBBWeights, table: "sbb_weights",
			columns: []column{
				year(),
				enum("factor", true, "base", "econ_disadvantaged", "ell", "swd",
					"grade_0_2", "grade_3_5", "grade_6_8", "grade_9_12"),
				{name: "weight", kind: kindNumber, required: true, check: nonNegative},
				{name: "base_per_pupil", kind: kindMoney, check: nonNegative},
			},
			key:      []string{"school_year", "factor"},
			rowCheck: checkBasePerPupil,
		},
	}
}

// emptyIsNull lists required columns whose empty value is meaningful: a
// budget line with no school belongs to the central office.
func (c *column) emptyIsNull(s *spec) bool {
	return s.file == fileBudgets && c.name == "school_id"
}

// index returns the position of the named column.
func (s *spec) index(name string) int {
	for i := range s.columns {
		if s.columns[i].name == name {
			return i
		}
	}
	panic(fmt.Sprintf("%s has no column %s", s.file, name))
}

// conflictTarget is the ON CONFLICT target of the table's upsert.
func (s *spec) conflictTarget() string {
	if s.conflict != "" {
		return s.conflict
	}
	return "(" + strings.Join(s.key, ", ") + ")"
}

func checkEmail(v any) string {
	s := v.(string)
	if s == "" {
		return ""
	}
	at := strings.IndexByte(s, '@')
	if at < 1 || at == len(s)-1 || strings.ContainsAny(s, " ,;<>") {
		return fmt.Sprintf("%q is not an email address", s)
	}
	return ""
}

func checkExperience(v any) string {
	if f := v.(float64); f < 0 || f > 60 {
		return fmt.Sprintf("%g is not a number of years from 0 to 60", f)
	}
	return ""
}

func checkTestName(v any) string {
	if s := v.(string); len(s) > maxIDLength {
		return fmt.Sprintf("%q is longer than %d characters", s, maxIDLength)
	}
	return ""
}

func checkCertificateDates(s *spec, row []any) (string, string) {
	issued, expires := row[s.index("issued_on")], row[s.index("expires_on")]
	if issued == nil {
		return "", ""
	}
	if i, e := asDate(issued), asDate(expires); e.Before(i) {
		return "expires_on", fmt.Sprintf("%s is before issued_on %s", e, i)
	}
	return "", ""
}

func checkBasePerPupil(s *spec, row []any) (string, string) {
	base := row[s.index("factor")] == "base"
	amount := row[s.index("base_per_pupil")]
	switch {
	case base && amount == nil:
		return "base_per_pupil", "is required on the base row"
	case !base && amount != nil:
		return "base_per_pupil", "belongs on the base row only"
	}
	return "", ""
}
