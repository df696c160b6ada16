// Command ted is the Teacher Effectiveness Dashboard: it keeps a district's
// database schema current and serves the dashboards and the JSON API.
// Run "ted help" for its commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()

	if msg := errorLine(err); msg != "" {
		fmt.Fprintln(os.Stderr, "ted:", msg)
	}
	os.Exit(exitCode(err))
}

// exitCode is the status ted exits with: 0 on success, 2 when it was
// called wrongly, 1 for every other failure, such as a bundle with
// problems.
func exitCode(err error) int {
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &usage):
		return 2
	}
	return 1
}

// errorLine is the message ted prints for err, or "" when there is none
// to print (usage text already printed, or success).
func errorLine(err error) string {
	var usage usageError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &usage):
		return usage.msg
	}
	return err.Error()
}
