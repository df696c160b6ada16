package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/ted-dashboard/ted/migrations"
)

func migrateCommand() command {
	return command{
		name:    "migrate",
		summary: "apply, list or roll back database migrations",
		usage:   "migrate [flags] [up | status | down]",
		long: `Migrate keeps the database schema current. "up" (the default) applies
every pending migration; running it again changes nothing. "status" lists
each migration and when it was applied. "down" rolls back the most recent
migration only, and with it the tables and data that migration created.`,
		settings: []string{settingDatabase, settingLogFormat, settingLogLevel},
		run:      runMigrate,
	}
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	action := "up"
	if len(args) > 0 {
		action = args[0]
	}
	if len(args) > 1 {
		return usageError{msg: fmt.Sprintf("migrate takes one action, got %q", args)}
	}
	switch action {
	case "up", "status", "down":
	default:
		return usageError{msg: fmt.Sprintf(
			"unknown migrate action %q (want up, status or down)", action)}
	}

	db, m, err := openDatabase(ctx, e.cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	switch action {
	case "status":
		return printStatus(ctx, m, e.stdout)
	case "down":
		r, err := m.Down(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "rolled back %05d %s (%s)\n", r.Version, r.Name, round(r.Duration))
		return nil
	}

	applied, err := m.Up(ctx)
	for _, r := range applied {
		fmt.Fprintf(e.stdout, "applied %05d %s (%s)\n", r.Version, r.Name, round(r.Duration))
	}
	if err != nil {
		return err
	}
	_, version, _, err := m.Current(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "schema is current at version %d\n", version)
	}
	return nil
}

func printStatus(ctx context.Context, m *migrations.Migrator, w io.Writer) error {
	list, err := m.Status(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tNAME\tAPPLIED AT")
	for _, s := range list {
		at := "pending"
		if s.Applied {
			at = s.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%05d\t%s\t%s\n", s.Version, s.Name, at)
	}
	return tw.Flush()
}

func round(d time.Duration) time.Duration {
	return d.Round(10 * time.Microsecond)
}
