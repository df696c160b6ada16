package ingest

import (
	"strings"
)

// columnNames lists the spec's columns in insert order.
func (s *spec) columnNames() []string {
	names := make([]string, len(s.columns))
	for i, c := range s.columns {
		names[i] = c.name
	}
	return names
}

// valueColumns lists the columns outside the natural key: the ones an
// upsert replaces.
func (s *spec) valueColumns() []string {
	var cols []string
	for _, c := range s.columns {
		inKey := false
		for _, k := range s.key {
			inKey = inKey || k == c.name
		}
		if !inKey {
			cols = append(cols, c.name)
		}
	}
	return cols
}

// upsertTail is the ON CONFLICT clause that replaces a stored row's values
// only when they differ, so that re-importing a row leaves it untouched.
// same(col) says that the stored and the new value of col are equal.
func (s *spec) upsertTail(same func(col string) string) string {
	vals := s.valueColumns()
	set := make([]string, len(vals))
	eq := make([]string, len(vals))
	for i, c := range vals {
		set[i] = c + " = excluded." + c
		eq[i] = same(c)
	}
	return " ON CONFLICT " + s.conflictTarget() +
		" DO UPDATE SET " + strings.Join(set, ", ") +
		" WHERE NOT (" + strings.Join(eq, " AND ") + ")"
}
