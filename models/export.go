package models

import (
	"context"
	"fmt"
	"sort"

	"github.com/ted-dashboard/ted"
)

// export is one of the tables TED exports: its columns in the order of
// the data contract (more may follow) and the query that gives them.
type export struct {
	columns []string
	query   string
}

// exports are the tables `ted export` and the API serve, by name.
var exports = map[string]export{
	"student-growth": {
		columns: []string{"student_id", "school_year", "subject", "grade_level",
			"prior_score", "scale_score", "sgp", "sgp_order"},
		query: `SELECT student_id, school_year, subject, grade_level, prior_score,
			scale_score, sgp, sgp_order FROM student_growth WHERE school_year = ?
			ORDER BY student_id, subject`,
	},
	"teacher-growth": {
		columns: []string{"staff_id", "school_year", "subject", "growth_n", "median_sgp",
			"mean_sgp", "median_sgp_se", "vam_estimate", "vam_se", "vam_level",
			"mean_sgp_se", "growth_level", "vam_n", "vam_reliability"},
		query: `SELECT staff_id, school_year, subject, growth_n, median_sgp, mean_sgp,
			median_sgp_se, vam_estimate, vam_se, vam_level, mean_sgp_se, growth_level,
			vam_n, vam_reliability FROM teacher_growth
			WHERE school_year = ? AND subject <> 'all' ORDER BY staff_id, subject`,
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
func ExportColumns(name string) ([]string, error) {
	e, ok := exports[name]
	if !ok {
		return nil, ted.Errorf(ted.CodeInvalid, "no export named %q (want one of %v)",
			name, ExportNames())
	}
	return e.columns, nil
}

// Export reads one exported table of a school year, calling fn with each
// row's values in the order of ExportColumns, nil for a value that is
// suppressed or missing. fn must not keep values.
func (db *DB) Export(ctx context.Context, name string, year int,
	fn func(values []any) error) error {
	e, ok := exports[name]
	if !ok {
		_, err := ExportColumns(name)
		return err
	}
	rows, err := db.Gorm(ctx).Raw(e.query, year).Rows()
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
		for i, v := range values {
			if b, ok := v.([]byte); ok {
				values[i] = string(b)
			}
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
