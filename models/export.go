package models

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/ted-dashboard/ted"
)

// Kind says what the values of an exported column are. Every format writes
// a column by its kind, so an export reads the same whichever database it
// came from and whatever the database driver hands back.
type Kind int

// The kinds of exported columns.
const (
	// KindID is an identifier such as a staff or school id. It is text, so
	// an id such as "007" keeps its leading zeros.
	KindID Kind = iota
	// KindText is a label such as a subject or a rating.
	KindText
	// KindInt is a whole number such as a count or a school year.
	KindInt
	// KindFloat is a measure such as a growth percentile or a score.
	KindFloat
	// KindPercent is a share from 0 to 100.
	KindPercent
	// KindMoney is an amount in the district's currency, exact to the cent.
	KindMoney
	// KindBool is a yes or no, such as whether a teacher is a novice.
	KindBool
)

// String names the kind, for messages.
func (k Kind) String() string {
	switch k {
	case KindID:
		return "id"
	case KindText:
		return "text"
	case KindInt:
		return "int"
	case KindFloat:
		return "float"
	case KindPercent:
		return "percent"
	case KindMoney:
		return "money"
	case KindBool:
		return "bool"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// ExportColumn is one column of an exported table: its name, as the data
// contract spells it, and the kind of its values.
type ExportColumn struct {
	Name string
	Kind Kind
}

// export is one of the tables TED exports: its columns in the order of
// the data contract (more may follow) and the query that gives them, in
// the same order. A text column that stores a missing value as an empty
// string is read through NULLIF, so that it is missing in every format.
type export struct {
	columns []ExportColumn
	query   string
	// scope is the condition that keeps the rows of some schools, with
	// the year and then the schools as its arguments; order ends the query.
	scope string
	order string
}

// Conditions that narrow an export to the rows of some schools: a
// student's school, a teacher's teaching assignments, the school itself.
const (
	studentsOf = ` AND student_id IN (SELECT student_id FROM students
		WHERE school_year = ? AND school_id IN ?)`
	teachersOf = ` AND staff_id IN (SELECT staff_id FROM staff_assignments
		WHERE school_year = ? AND position = 'teacher' AND school_id IN ?)`
)

// exports are the tables `ted export` and the API serve, by name.
var exports = map[string]export{
	"student-growth": {
		columns: []ExportColumn{
			{"student_id", KindID}, {"school_year", KindInt}, {"subject", KindText},
			{"grade_level", KindInt}, {"prior_score", KindFloat},
			{"scale_score", KindFloat}, {"sgp", KindInt}, {"sgp_order", KindInt},
		},
		query: `SELECT student_id, school_year, subject, grade_level, prior_score,
			scale_score, sgp, sgp_order FROM student_growth WHERE school_year = ?`,
		scope: studentsOf,
		order: ` ORDER BY student_id, subject`,
	},
	"teacher-growth": {
		columns: []ExportColumn{
			{"staff_id", KindID}, {"school_year", KindInt}, {"subject", KindText},
			{"growth_n", KindInt}, {"median_sgp", KindFloat}, {"mean_sgp", KindFloat},
			{"median_sgp_se", KindFloat}, {"vam_estimate", KindFloat},
			{"vam_se", KindFloat}, {"vam_level", KindInt}, {"mean_sgp_se", KindFloat},
			{"growth_level", KindText}, {"vam_n", KindFloat},
			{"vam_reliability", KindFloat},
		},
		query: `SELECT staff_id, school_year, subject, growth_n, median_sgp, mean_sgp,
			median_sgp_se, vam_estimate, vam_se, vam_level, mean_sgp_se,
			NULLIF(growth_level, '') AS growth_level,
			vam_n, vam_reliability FROM teacher_growth
			WHERE school_year = ? AND subject <> 'all'`,
		scope: teachersOf,
		order: ` ORDER BY staff_id, subject`,
	},
	"teacher-metrics": {
		columns: []ExportColumn{
			{"staff_id", KindID}, {"school_year", KindInt}, {"school_id", KindID},
			{"growth_n", KindInt}, {"median_sgp", KindFloat},
			{"vam_estimate", KindFloat}, {"vam_se", KindFloat},
			{"evaluation_score", KindFloat}, {"composite_score", KindFloat},
			{"rating", KindText}, {"experience_years", KindFloat}, {"novice", KindBool},
			{"certification_status", KindText}, {"in_field", KindBool},
			{"fte", KindFloat}, {"vam_level", KindInt}, {"observation_score", KindFloat},
			{"professional_growth", KindFloat}, {"rating_weighted", KindText},
			{"rating_tem", KindText}, {"retention", KindText}, {"cost", KindMoney},
		},
		query: `SELECT staff_id, school_year, school_id, growth_n, median_sgp,
			vam_estimate, vam_se, evaluation_score, composite_score,
			NULLIF(rating, '') AS rating, experience_years, novice,
			certification_status, in_field, fte, vam_level, observation_score,
			professional_growth, NULLIF(rating_weighted, '') AS rating_weighted,
			NULLIF(rating_tem, '') AS rating_tem, NULLIF(retention, '') AS retention,
			cost FROM teacher_metrics WHERE school_year = ?`,
		scope: teachersOf,
		order: ` ORDER BY staff_id`,
	},
	"school-metrics": {
		columns: []ExportColumn{
			{"school_id", KindID}, {"school_year", KindInt}, {"teachers", KindInt},
			{"econ_disadvantaged_pct", KindPercent}, {"effective_pct", KindPercent},
			{"ineffective_pct", KindPercent}, {"novice_pct", KindPercent},
			{"out_of_field_pct", KindPercent}, {"median_sgp", KindFloat},
			{"retention_rate", KindPercent}, {"cost_per_student", KindMoney},
			{"students", KindInt}, {"rated", KindInt}, {"exemplary", KindInt},
			{"proficient", KindInt}, {"needs_development", KindInt},
			{"ineffective", KindInt}, {"certifications_expiring", KindInt},
		},
		query: `SELECT school_id, school_year, teachers, econ_disadvantaged_pct,
			effective_pct, ineffective_pct, novice_pct, out_of_field_pct, median_sgp,
			retention_rate, cost_per_student, students, rated, exemplary, proficient,
			needs_development, ineffective, certifications_expiring
			FROM school_metrics WHERE school_year = ?`,
		scope: ` AND (school_year = ? AND school_id IN ?)`,
		order: ` ORDER BY school_id`,
	},
}

// ExportNames lists the tables that can be exported.
func ExportNames() []string {
	names := make([]string, 0, len(exports))
	for name := range exports {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// ExportColumns returns the columns of an exported table. An unknown name
// is invalid.
func ExportColumns(name string) ([]ExportColumn, error) {
	e, ok := exports[name]
	if !ok {
		return nil, ted.Errorf(ted.CodeInvalid, "no export named %q (want one of %v)",
			name, ExportNames())
	}
	return e.columns, nil
}

// Export reads one exported table of a school year, calling fn with each
// row's values in the order of ExportColumns. A value is nil when it is
// suppressed, missing or not a finite number; otherwise its Go type follows
// its column's kind: string for KindID and KindText, int64 for KindInt,
// float64 for KindFloat and KindPercent, Money for KindMoney and bool for
// KindBool, on PostgreSQL and SQLite alike. fn must not keep values.
//
// When schools is not nil, only the rows of those schools are read: their
// students, the teachers assigned to them in the year, or the schools
// themselves.
func (db *DB) Export(ctx context.Context, name string, year int, schools []string,
	fn func(values []any) error) error {
	e, ok := exports[name]
	if !ok {
		_, err := ExportColumns(name)
		return err
	}
	query, args := e.query, []any{year}
	if schools != nil {
		query += e.scope
		args = append(args, year, nonEmpty(schools))
	}
	rows, err := db.Gorm(ctx).Raw(query+e.order, args...).Rows()
	if err != nil {
		return fmt.Errorf("exporting %s: %w", name, err)
	}
	defer rows.Close()

	values := make([]any, len(e.columns))
	ptrs := make([]any, len(e.columns))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("exporting %s: %w", name, err)
		}
		for i, c := range e.columns {
			v, err := exportValue(c.Kind, values[i])
			if err != nil {
				return fmt.Errorf("exporting %s: column %s: %w", name, c.Name, err)
			}
			values[i] = v
		}
		if err := fn(values); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("exporting %s: %w", name, err)
	}
	return nil
}

// exportValue turns a value as the database driver returned it into the Go
// type of its kind. PostgreSQL gives booleans as bool and numerics as text;
// SQLite gives booleans as 0 or 1 and numerics as integers or floats.
func exportValue(kind Kind, v any) (any, error) {
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	if v == nil {
		return nil, nil
	}
	switch kind {
	case KindID, KindText:
		return exportText(v), nil
	case KindInt:
		return exportInt(v)
	case KindFloat, KindPercent:
		return exportFloat(v)
	case KindMoney:
		var m Money
		if err := m.Scan(v); err != nil {
			return nil, err
		}
		return m, nil
	case KindBool:
		return exportBool(v)
	}
	return nil, fmt.Errorf("unknown kind %v", kind)
}

func exportText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}

func exportInt(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int32:
		return int64(x), nil
	case int:
		return int64(x), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), nil
		}
	case string:
		if n, err := strconv.ParseInt(x, 10, 64); err == nil {
			return n, nil
		}
	}
	return nil, fmt.Errorf("cannot read %v (%T) as a whole number", v, v)
}

func exportFloat(v any) (any, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int64:
		f = float64(x)
	case string:
		var err error
		if f, err = strconv.ParseFloat(x, 64); err != nil {
			return nil, fmt.Errorf("cannot read %q as a number: %w", x, err)
		}
	default:
		return nil, fmt.Errorf("cannot read %v (%T) as a number", v, v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		// A measure that is not a number could not be computed.
		return nil, nil
	}
	return f, nil
}

func exportBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	case string:
		if b, err := strconv.ParseBool(x); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("cannot read %v (%T) as true or false", v, v)
}
