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
	"strconv"
	"strings"

	"github.com/ted-dashboard/ted/models"
)

func exportCommand() command {
	return command{
		name:    "export",
		summary: "write a table of results for a school year to standard output",
		usage:   "export NAME --year Y [--format csv|json]",
		long: `Export writes one table of stored results for a school year to standard
output: ` + strings.Join(models.ExportNames(), ", ") + `. A value
that is suppressed (too few students) or could not be computed is an empty
field in CSV and null in JSON, never zero.`,
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
	fs.StringVar(&o.format, "format", "csv", "csv or json")
	return o
}

func runExport(ctx context.Context, e *env, args []string) error {
	o := e.flags.(*exportOptions)
	if len(args) != 1 {
		return usageError{msg: "export takes the name of one table: " +
			strings.Join(models.ExportNames(), ", ")}
	}
	columns, err := models.ExportColumns(args[0])
	if err != nil {
		return usageError{msg: err.Error()}
	}
	if o.year == 0 {
		return usageError{msg: "export needs --year"}
	}
	if o.format != "csv" && o.format != "json" {
		return usageError{msg: fmt.Sprintf("--format: %q is not csv or json", o.format)}
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
	var write rowWriter
	if o.format == "json" {
		write = jsonRows(out, columns)
	} else {
		write = csvRows(out, columns)
	}
	if err := db.Export(ctx, args[0], o.year, write.row); err != nil {
		return err
	}
	if err := write.end(); err != nil {
		return err
	}
	return out.Flush()
}

// rowWriter writes the rows of an export in one format.
type rowWriter struct {
	row func(values []any) error
	end func() error
}

func csvRows(w io.Writer, columns []string) rowWriter {
	cw := csv.NewWriter(w)
	cw.Write(columns)
	fields := make([]string, len(columns))
	return rowWriter{
		row: func(values []any) error {
			for i, v := range values {
				fields[i] = formatValue(v)
			}
			return cw.Write(fields)
		},
		end: func() error {
			cw.Flush()
			return cw.Error()
		},
	}
}

func jsonRows(w io.Writer, columns []string) rowWriter {
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
				name, _ := json.Marshal(columns[i])
				w.Write(name)
				io.WriteString(w, ": ")
				if err := writeJSONValue(w, v); err != nil {
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
	}
}

func writeJSONValue(w io.Writer, v any) error {
	switch x := v.(type) {
	case nil:
		_, err := io.WriteString(w, "null")
		return err
	case float64:
		_, err := io.WriteString(w, formatValue(x))
		return err
	case int64:
		_, err := io.WriteString(w, strconv.FormatInt(x, 10))
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// formatValue writes a value for an export: empty for nil, numbers
// rounded to 4 decimals without trailing zeros.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		return x
	}
	return fmt.Sprint(v)
}
