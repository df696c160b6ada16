package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/api"
	"github.com/ted-dashboard/ted/models"
)

// shutdownTimeout bounds how long the server waits for requests in flight
// after it is told to stop.
const shutdownTimeout = 10 * time.Second

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "serve the dashboards and the JSON API",
		usage:   "serve [flags]",
		long: `Serve applies any pending migrations, then answers HTTP requests until it
receives SIGINT or SIGTERM, when it finishes the requests in flight (for at
most 10 seconds) and exits. /healthz answers while the process runs,
/readyz while the database is reachable and current, and /metrics gives
Prometheus metrics.`,
		settings: allSettings(),
		run:      runServe,
	}
}

func runServe(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageError{msg: fmt.Sprintf("serve takes no arguments, got %q", args)}
	}
	// A district configuration the pages cannot use stops the server
	// before it starts.
	district, err := loadDistrictConfig(e.cfg.DistrictConfig)
	if err != nil {
		return err
	}
	logger := newLogger(e.cfg, e.stderr)
	logger.Info("starting ted", "version", versionString(), "config", e.cfg)

	db, m, err := openDatabase(ctx, e.cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	applied, err := m.Up(ctx)
	if err != nil {
		return err
	}
	for _, r := range applied {
		logger.Info("applied migration", "version", r.Version, "name", r.Name)
	}

	ln, err := listen(e.cfg.Addr)
	if err != nil {
		return err
	}
	return serveAPI(ctx, db, ln, district, logger)
}

// listen takes the address the server answers on.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	return ln, nil
}

// serveAPI serves the dashboards and the JSON API of db on ln until ctx
// ends, then shuts down gracefully. It closes ln.
func serveAPI(ctx context.Context, db *models.DB, ln net.Listener,
	district analytics.Config, logger *slog.Logger) error {
	srv, err := api.New(ctx, db, logger, api.WithDistrict(district))
	if err != nil {
		ln.Close()
		return err
	}
	if users, err := db.Users(ctx); err == nil && len(users) == 0 {
		logger.Warn("no user can sign in yet: create an administrator with " +
			"ted users add --email EMAIL --role admin --password-stdin")
	}
	go srv.RefreshPolicies(ctx, api.PolicyRefresh)
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return serveUntilDone(ctx, hs, ln, logger)
}

// serveUntilDone serves on ln until ctx ends, then shuts down gracefully.
func serveUntilDone(ctx context.Context, hs *http.Server, ln net.Listener,
	logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	logger.Info("serving", "addr", ln.Addr().String())

	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	logger.Info("stopped")
	return nil
}
