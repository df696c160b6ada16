package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/ted-dashboard/ted/api/tables"
	"github.com/ted-dashboard/ted/models"
)

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
	if !slices.Contains(tables.Formats(), o.format) {
		return usageError{msg: fmt.Sprintf("--format: %q is not csv, json or xlsx", o.format)}
	}

	db, err := openCurrent(ctx, e.cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	// Tables of individuals are personnel records: reading one is audited.
	if name != "school-metrics" {
		appendAudit(ctx, db, e.stderr, "read", "export", fmt.Sprintf("%s %d", name, o.year),
			nil)
	}
	out := bufio.NewWriter(e.stdout)
	write, err := tables.NewWriter(out, o.format, name, columns)
	if err != nil {
		return err
	}
	defer write.Close()
	if err := db.Export(ctx, name, o.year, nil, write.Row); err != nil {
		return err
	}
	if err := write.End(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return out.Flush()
}
