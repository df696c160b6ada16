package ingest

import (
	"io"
	"strconv"
	"strings"

	"github.com/ted-dashboard/ted/models"
)

// copyReader turns the good rows of a file into the CSV text of a
// PostgreSQL COPY, one row at a time as COPY reads it.
type copyReader struct {
	src *rowSource
	buf []byte
	off int
}

func (c *copyReader) Read(p []byte) (int, error) {
	for len(c.buf)-c.off < len(p) && c.src.Next() {
		c.buf = appendCSVRow(c.buf, c.src.row)
	}
	if c.off == len(c.buf) {
		return 0, io.EOF
	}
	n := copy(p, c.buf[c.off:])
	c.off += n
	if c.off == len(c.buf) {
		c.buf, c.off = c.buf[:0], 0
	}
	return n, nil
}

// appendCSVRow writes one row as COPY's CSV format reads it: NULL as an
// unquoted empty field, the empty string quoted.
func appendCSVRow(b []byte, row []any) []byte {
	for i, v := range row {
		if i > 0 {
			b = append(b, ',')
		}
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
	}
	return append(b, '\n')
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
