package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/models"
)

func computeCommand() command {
	return command{
		name:    "compute",
		summary: "compute growth and measures for a school year from the stored data",
		usage:   "compute [flags]",
		long: `Compute runs the analytics on the stored data of a school year: every
student's growth percentile, each teacher's and school's summary of them,
and each teacher's value-added, by subject; then each teacher's
evaluation, composite score and rating, experience, certification,
in-field status, retention and cost, each school's measures and the
district's (equitable access, retention, pipeline, pay). It replaces the
year's earlier results in one transaction. Without --year it computes
every school year that has scores or staff assignments. Import runs it
after each bundle.`,
		settings: []string{settingDatabase, settingDistrict, settingLogFormat, settingLogLevel},
		flags:    computeFlags,
		run:      runCompute,
	}
}

// computeOptions holds the flags of the compute command.
type computeOptions struct {
	year int
}

func computeFlags(fs *flag.FlagSet) any {
	o := &computeOptions{}
	fs.IntVar(&o.year, "year", 0, "school year to compute, as the year it ends (all when 0)")
	return o
}

func runCompute(ctx context.Context, e *env, args []string) error {
	o := e.flags.(*computeOptions)
	if len(args) > 0 {
		return usageError{msg: fmt.Sprintf("compute takes no arguments, got %q", args)}
	}
	district, err := loadDistrictConfig(e.cfg.DistrictConfig)
	if err != nil {
		return err
	}
	db, err := openCurrent(ctx, e.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return computeYears(ctx, db, o.year, district, e.stdout, newLogger(e.cfg, e.stderr))
}

// computeYears runs the growth of one school year, or of every year with
// scores when year is 0, and reports each on w.
func computeYears(ctx context.Context, db *models.DB, year int, district analytics.Config,
	w io.Writer, logger *slog.Logger) error {
	years := []int{year}
	if year == 0 {
		var err error
		if years, err = compute.Years(ctx, db); err != nil {
			return err
		}
	}
	for _, y := range years {
		res, err := compute.Year(ctx, db, y, compute.Options{District: &district}, logger)
		appendAudit(ctx, db, w, "compute", "school_year", strconv.Itoa(y), err)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%d: %s student growth percentiles, %s teacher and %s school "+
			"growth summaries, measures of %s teachers and %s schools (%s values "+
			"suppressed), %.2f s\n", y, thousands(res.Students), thousands(res.Teachers),
			thousands(res.Schools), thousands(res.TeacherMetrics),
			thousands(res.SchoolMetrics), thousands(res.Suppressed), res.Duration.Seconds())
	}
	return nil
}
