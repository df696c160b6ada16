package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/ted-dashboard/ted/synth"
)

func generateCommand() command {
	return command{
		name:    "generate",
		summary: "write the data bundle of a synthetic district",
		usage:   "generate [--scale small|atlanta|nyc] [--seed N] --out DIR [--force]",
		long: `Generate writes the data bundle of a synthetic school district into DIR,
all thirteen files of the bundle for four school years, 2022 to 2025,
and truth.csv, each teacher's true effect on math and ELA scores, so that
TED's growth measures can be checked against the truth. The scales are
small (4 schools, about 2,000 students), atlanta (90 schools, about
58,000 students) and nyc (1,800 schools, about 1.1 million students).
The same scale and seed always give the same files.

DIR is created if missing. Generate refuses a DIR that holds anything
unless --force is given, when it replaces the files it writes and leaves
the rest. Files appear under their names only once all are complete.`,
		flags: generateFlags,
		run:   runGenerate,
	}
}

// generateOptions holds the flags of the generate command.
type generateOptions struct {
	scale string
	seed  uint64
	out   string
	force bool
}

func generateFlags(fs *flag.FlagSet) any {
	o := &generateOptions{}
	fs.StringVar(&o.scale, "scale", "small", "size of the district: small, atlanta or nyc")
	fs.Uint64Var(&o.seed, "seed", 1, "seed that selects the district")
	fs.StringVar(&o.out, "out", "", "folder to write the bundle to")
	fs.BoolVar(&o.force, "force", false, "replace the bundle's files in a folder that is not empty")
	return o
}

func runGenerate(ctx context.Context, e *env, args []string) error {
	o := e.flags.(*generateOptions)
	if len(args) > 0 {
		return usageError{msg: fmt.Sprintf("generate takes no arguments, got %q", args)}
	}
	if o.out == "" {
		return usageError{msg: "--out: name the folder to write the bundle to"}
	}
	scale, err := synth.ParseScale(o.scale)
	if err != nil {
		return usageError{msg: "--scale: " + err.Error()}
	}
	if err := prepareOut(o.out, o.force); err != nil {
		return err
	}

	start := time.Now()
	sum, err := synth.Generate(ctx, o.out, synth.Options{Scale: scale, Seed: o.seed})
	if err != nil {
		return fmt.Errorf("generate %s district in %s: %w", scale.Name, o.out, err)
	}
	printGenerateSummary(e.stdout, sum, time.Since(start))
	return nil
}

// prepareOut creates the output folder if missing, and refuses one that
// holds anything unless force is set.
func prepareOut(dir string, force bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open output folder: %w", err)
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read output folder %s: %w", dir, err)
	}
	if len(names) > 0 && !force {
		return fmt.Errorf("output folder %s is not empty "+
			"(use --force to replace the bundle's files in it)", dir)
	}
	return nil
}

func printGenerateSummary(w io.Writer, sum synth.Summary, took time.Duration) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\trows\t")
	total := 0
	for _, f := range sum.Files {
		fmt.Fprintf(tw, "%s\t%s\t\n", f.Name, thousands(f.Rows))
		total += f.Rows
	}
	fmt.Fprintf(tw, "total\t%s\t\n", thousands(total))
	tw.Flush()
	fmt.Fprintf(w, "written in %s seconds\n", strconv.FormatFloat(took.Seconds(), 'f', 1, 64))
}
