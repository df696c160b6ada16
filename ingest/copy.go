package ingest

import (
	"io"
	"strconv"
	"strings"

	"github.com/ted-dashboard/ted/models"
)

// copyReader hands the COPY text of a file's batches to PostgreSQL as it
// reads it.
type copyReader struct {
	batches <-chan batch
	buf     []byte
}

func (c *copyReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		b, ok := <-c.batches
		if !ok {
			return 0, io.EOF
		}
		c.buf = b.csv
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

// appendCSVRecord writes one checked row as COPY's CSV format reads it.
// A field the file gives goes as it was written, since PostgreSQL reads
// every form the checks accept; an empty one goes as its column's
// default.
func appendCSVRecord(b []byte, s *spec, fields []string, row []any) []byte {
	for j, f := range fields {
		if j > 0 {
			b = append(b, ',')
		}
		switch {
		case f == "":
			b = appendCSVValue(b, row[j])
		case s.columns[j].kind == kindText:
			b = appendCSVText(b, f)
		default:
			b = append(b, f...)
		}
	}
	return append(b, '\n')
}

// appendCSVValue writes one value as COPY's CSV format reads it: NULL as
// an unquoted empty field, the empty string quoted.
func appendCSVValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
	case string:
		b = appendCSVText(b, x)
	case int64:
		b = strconv.AppendInt(b, x, 10)
	case float64:
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
	case bool:
		b = strconv.AppendBool(b, x)
	case models.Date:
		b = x.AppendISO(b)
	case models.Money:
		b = append(b, x.String()...)
	default:
		panic("no CSV form for a value of this kind")
	}
	return b
}

func appendCSVText(b []byte, s string) []byte {
	if s != "" && !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
