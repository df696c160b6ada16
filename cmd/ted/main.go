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

	if err == nil {
		return
	}
	var usage usageError
	if errors.As(err, &usage) {
		if usage.msg != "" {
			fmt.Fprintln(os.Stderr, "ted:", usage.msg)
		}
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "ted:", err)
	os.Exit(1)
}
