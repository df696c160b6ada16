package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ted-dashboard/ted/models"
)

// exportFormats lists the formats export writes.
var exportFormats = []string{"csv", "json", "xlsx"}

func exportCommand() command {
	return command{
		name:    "export",
		summary: "write a table of results for a school year to standard output",
		usage:   "export NAME --year Y [--format csv|json|xlsx]",
		long: `Export writes one table of stored results for a school year to standard
output: ` + strings.Join(models.ExportNames(), ", ") + `. The
columns of the data contract come first, in its order; teachers are in
order of staff id and schools in order of school id.

--format csv (the default) writes comma-separated values with a header row,
json an array of one object a row, and xlsx an Excel workbook with one
sheet named after the table: a bold header row that stays in view, ids and
labels as text, and numbers formatted by column (whole numbers, two
decimals, one decimal for percentages, money with thousands separators).

A value that is suppressed (too few students or teachers) or could not be
computed, and a rating or retention outcome that is not known, is an empty
field in CSV, null in JSON and an empty cell in xlsx, never zero. Yes or
no columns such as novice and in_field are 1 or 0 in CSV, true or false in
JSON and TRUE or FALSE in xlsx. Money has two decimals.`,
		settings: []string{settingDatabase, settingLogFormat, settingLogLevel},
		flags:    exportFlags,
		run:      runExport,
	}
}

// exportOptions holds the flags of the export command.
type exportOptions struct {
	year   int
	format string
}

func exportFlags(fs *flag.FlagSet) any {
	o := &exportOptions{}
	fs.IntVar(&o.year, "year", 0, "school year, as the year it ends")
	fs.StringVar(&o.format, "format", "csv", "csv, json or xlsx")
	return o
}

func runExport(ctx context.Context, e *env, args []string) error {
	o := e.flags.(*exportOptions)
	if len(args) != 1 {
		return usageError{msg: "export takes the name of one table: " +
			strings.Join(models.ExportNames(), ", ")}
	}
	name := args[0]
	columns, err := models.ExportColumns(name)
	if err != nil {
		return usageError{msg: err.Error()}
	}
	if o.year == 0 {
		return usageError{msg: "export needs --year"}
	}
	if !slices.Contains(exportFormats, o.format) {
		return usageError{msg: fmt.Sprintf("--format: %q is not csv, json or xlsx", o.format)}
	}

	db, m, err := openDatabase(ctx, e.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := m.Up(ctx); err != nil {
		return err
	}

	out := bufio.NewWriter(e.stdout)
	write, err := newRowWriter(out, o.format, name, columns)
	if err != nil {
		return err
	}
	defer write.close()
	if err := db.Export(ctx, name, o.year, write.row); err != nil {
		return err
	}
	if err := write.end(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return out.Flush()
}

// rowWriter writes the rows of an export in one format. end finishes the
// output once every row is written; close releases what the writer holds,
// whether the export succeeded or not.
type rowWriter struct {
	row   func(values []any) error
	end   func() error
	close func()
}

// newRowWriter returns the writer of a format, one of exportFormats.
func newRowWriter(w io.Writer, format, name string, columns []models.ExportColumn) (
	rowWriter, error) {
	switch format {
	case "json":
		return jsonRows(w, columns), nil
	case "xlsx":
		return xlsxRows(w, name, columns)
	}
	return csvRows(w, columns), nil
}

func csvRows(w io.Writer, columns []models.ExportColumn) rowWriter {
	cw := csv.NewWriter(w)
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.Name
	}
	cw.Write(header)
	fields := make([]string, len(columns))
	return rowWriter{
		row: func(values []any) error {
			for i, v := range values {
				fields[i] = formatValue(columns[i].Kind, v)
			}
			return cw.Write(fields)
		},
		end: func() error {
			cw.Flush()
			return cw.Error()
		},
		close: func() {},
	}
}

func jsonRows(w io.Writer, columns []models.ExportColumn) rowWriter {
	names := make([][]byte, len(columns))
	for i, c := range columns {
		names[i], _ = json.Marshal(c.Name)
	}
	n := 0
	io.WriteString(w, "[")
	return rowWriter{
		row: func(values []any) error {
			if n > 0 {
				io.WriteString(w, ",")
			}
			n++
			io.WriteString(w, "\n  {")
			for i, v := range values {
				if i > 0 {
					io.WriteString(w, ", ")
				}
				w.Write(names[i])
				io.WriteString(w, ": ")
				if err := writeJSONValue(w, columns[i].Kind, v); err != nil {
					return err
				}
			}
			_, err := io.WriteString(w, "}")
			return err
		},
		end: func() error {
			if n > 0 {
				io.WriteString(w, "\n")
			}
			_, err := io.WriteString(w, "]\n")
			return err
		},
		close: func() {},
	}
}

// writeJSONValue writes a value of a column of the kind: null when it is
// missing, true or false for a yes or no, a number for numbers and money,
// and a string for ids and labels.
func writeJSONValue(w io.Writer, kind models.Kind, v any) error {
	var s string
	switch {
	case v == nil:
		s = "null"
	case kind == models.KindBool:
		s = strconv.FormatBool(v.(bool))
	case kind == models.KindID || kind == models.KindText:
		b, err := json.Marshal(v.(string))
		if err != nil {
			return err
		}
		s = string(b)
	default:
		s = formatValue(kind, v)
	}
	_, err := io.WriteString(w, s)
	return err
}

// formatValue writes a value of a column of the kind as a CSV field: empty
// when it is missing, 1 or 0 for a yes or no, measures rounded to 4
// decimals without trailing zeros, money with exactly two decimals. The
// value has the Go type models.DB.Export gives the kind.
func formatValue(kind models.Kind, v any) string {
	if v == nil {
		return ""
	}
	switch kind {
	case models.KindBool:
		if v.(bool) {
			return "1"
		}
		return "0"
	case models.KindInt:
		return strconv.FormatInt(v.(int64), 10)
	case models.KindFloat, models.KindPercent:
		return formatFloat(v.(float64))
	case models.KindMoney:
		return v.(models.Money).String()
	}
	return v.(string)
}

// formatFloat rounds a measure to 4 decimals and drops trailing zeros.
func formatFloat(f float64) string {
	return strconv.FormatFloat(roundFloat(f), 'f', -1, 64)
}

// roundFloat rounds a measure to the 4 decimals exports keep.
func roundFloat(f float64) float64 {
	return math.Round(f*1e4) / 1e4
}
