package main

import (
	"context"
	"fmt"

	"github.com/ted-dashboard/ted/migrations"
	"github.com/ted-dashboard/ted/models"
)

// openDatabase connects to the configured database and returns it with its
// migrator. The caller closes the database.
func openDatabase(ctx context.Context, cfg Config) (*models.DB, *migrations.Migrator, error) {
	db, err := models.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("database %s (--database-url, TED_DATABASE_URL): %w",
			redactURL(cfg.DatabaseURL), err)
	}
	m, err := db.Migrator(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, m, nil
}

// openCurrent opens the database of the configuration and applies any
// pending migration, for the commands that read or write its data.
func openCurrent(ctx context.Context, cfg Config) (*models.DB, error) {
	db, m, err := openDatabase(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := m.Up(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
