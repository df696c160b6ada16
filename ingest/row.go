package ingest

import (
	"fmt"
	"strconv"

	"github.com/ted-dashboard/ted/models"
)

// moneyZero is the default of optional amounts such as supplements.
var moneyZero = models.Money(0)

// parseRow fills row with the values of rec's fields, calling report for
// each field that is missing or wrong. It returns a mask of the columns
// that failed, zero when the row is good.
func (s *spec) parseRow(rec record, row []any, report func(col, msg string)) uint64 {
	var bad uint64
	for j := range s.columns {
		c := &s.columns[j]
		text := rec.fields[j]
		if text == "" {
			if c.required && !c.emptyIsNull(s) {
				report(c.name, "is required but empty")
				bad |= 1 << j
			}
			row[j] = c.def
			continue
		}
		v, msg := c.parse(text)
		if msg == "" && c.check != nil {
			msg = c.check(v)
		}
		if msg != "" {
			report(c.name, msg)
			bad |= 1 << j
			continue
		}
		row[j] = v
	}
	if bad == 0 && s.rowCheck != nil {
		if col, msg := s.rowCheck(s, row); msg != "" {
			report(col, msg)
			bad |= 1 << s.index(col)
		}
	}
	return bad
}

// appendKey writes the values of the columns at idx into b as one key,
// the same for a row of the bundle and of the database.
func appendKey(b []byte, row []any, idx []int) []byte {
	for i, j := range idx {
		if i > 0 {
			b = append(b, 0x1f)
		}
		switch x := row[j].(type) {
		case string:
			b = append(b, x...)
		case int64:
			b = strconv.AppendInt(b, x, 10)
		default:
			b = append(b, keyPart(x)...)
		}
	}
	return b
}

// smallInts holds boxed whole numbers for the values that fill most
// integer columns, school years and grades, so that parsing them does not
// allocate.
var smallInts = func() []any {
	boxes := make([]any, maxYear+1)
	for i := range boxes {
		boxes[i] = int64(i)
	}
	return boxes
}()

// boxInt returns n as an interface value, shared for small n.
func boxInt(n int64) any {
	if n >= 0 && n < int64(len(smallInts)) {
		return smallInts[n]
	}
	return n
}

func keyPart(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case models.Date:
		return x.String()
	}
	return fmt.Sprint(v)
}

// asDate returns a parsed date value.
func asDate(v any) models.Date {
	return v.(models.Date)
}
