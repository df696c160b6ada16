package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"
	"strconv"

	"github.com/ted-dashboard/ted/ingest"
)

func importCommand() command {
	return command{
		name:    "import",
		summary: "check a district data bundle and load it into the database",
		usage:   "import [flags] PATH",
		long: `Import reads the bundle at PATH, a folder or a .zip of one, checks every
file, row and reference in it, and writes it to the database in one
transaction. Rows are matched by their natural keys: a row already stored
with the same key is replaced, and importing the same bundle twice changes
nothing.

When anything is wrong, import writes no data, prints each problem as
file:line: column: what is wrong (up to --max-errors of them), and exits 1.
Every attempt is kept in the record of imports. After a successful import
the growth of every school year with scores is computed again (see ted
help compute), unless --no-compute is given.`,
		settings: []string{settingDatabase, settingDistrict, settingLogFormat, settingLogLevel},
		flags:    importFlags,
		run:      runImport,
	}
}

// importOptions holds the flags of the import command.
type importOptions struct {
	maxErrors   int
	maxFileSize string
	noCompute   bool
}

func importFlags(fs *flag.FlagSet) any {
	o := &importOptions{}
	fs.IntVar(&o.maxErrors, "max-errors", ingest.DefaultMaxErrors,
		"problems to report before stopping")
	fs.StringVar(&o.maxFileSize, "max-file-size", "4GiB",
		"largest file accepted, like 512MiB or 2GiB")
	fs.BoolVar(&o.noCompute, "no-compute", false, "do not compute growth after importing")
	return o
}

func runImport(ctx context.Context, e *env, args []string) error {
	o := e.flags.(*importOptions)
	if len(args) != 1 {
		return usageError{msg: "import takes the path of one bundle (a folder or a .zip)"}
	}
	if o.maxErrors < 1 {
		return usageError{msg: "--max-errors: " + strconv.Itoa(o.maxErrors) + " is not at least 1"}
	}
	maxSize, err := ingest.ParseSize(o.maxFileSize)
	if err != nil {
		return usageError{msg: "--max-file-size: " + err.Error()}
	}

	// A district configuration the compute run cannot use stops the
	// import before anything is written.
	district, err := loadDistrictConfig(e.cfg.DistrictConfig)
	if err != nil {
		return err
	}
	db, err := openCurrent(ctx, e.cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	res, err := ingest.Import(ctx, db, args[0], ingest.Options{
		MaxErrors:   o.maxErrors,
		MaxFileSize: maxSize,
		ImportedBy:  importer(),
		Progress:    newProgress(e.stderr),
	})
	appendAudit(ctx, db, e.stderr, "import", "bundle", res.ImportID, err)
	for _, w := range res.Warnings {
		fmt.Fprintln(e.stderr, "warning:", w)
	}
	var invalid *ingest.InvalidError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Fprintln(e.stderr, p)
		}
		return err
	}
	if err != nil {
		return err
	}
	printImportSummary(e.stdout, res)
	if o.noCompute {
		return nil
	}
	return computeYears(ctx, db, 0, district, e.stdout, newLogger(e.cfg, e.stderr))
}

// importer names the person running the command, for the record of
// imports.
func importer() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

func printImportSummary(w io.Writer, res *ingest.Result) {
	const row = "%-22s %10s %10s %10s %10s %8s\n"
	fmt.Fprintf(w, row, "file", "rows", "inserted", "updated", "unchanged", "seconds")
	var total ingest.FileResult
	for _, f := range res.Files {
		fmt.Fprintf(w, row, f.File, thousands(f.Rows), thousands(f.Inserted),
			thousands(f.Updated), thousands(f.Unchanged),
			strconv.FormatFloat(f.Duration.Seconds(), 'f', 2, 64))
		total.Rows += f.Rows
		total.Inserted += f.Inserted
		total.Updated += f.Updated
		total.Unchanged += f.Unchanged
	}
	fmt.Fprintf(w, row, "total", thousands(total.Rows), thousands(total.Inserted),
		thousands(total.Updated), thousands(total.Unchanged),
		strconv.FormatFloat(res.Duration.Seconds(), 'f', 2, 64))
	fmt.Fprintf(w, "import %s, checksum %s\n", res.ImportID, res.Checksum)
}
