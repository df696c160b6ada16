-- The record of every bundle import: who ran it, when, on what data, how it
-- ended and how many rows each file brought.

-- +goose Up
CREATE TABLE imports (
    import_id   id_text NOT NULL,
    imported_by TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    checksum    TEXT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    outcome     TEXT NOT NULL,
    message     TEXT NOT NULL DEFAULT '',
    CONSTRAINT imports_pkey PRIMARY KEY (import_id),
    CONSTRAINT imports_outcome_check
        CHECK (outcome IN ('running', 'succeeded', 'failed', 'invalid'))
);

CREATE INDEX imports_started_at_idx ON imports (started_at);

CREATE TABLE import_files (
    import_id id_text NOT NULL,
    file      TEXT NOT NULL,
    rows_read INTEGER NOT NULL DEFAULT 0,
    inserted  INTEGER NOT NULL DEFAULT 0,
    updated   INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT import_files_pkey PRIMARY KEY (import_id, file),
    CONSTRAINT import_files_import_fkey
        FOREIGN KEY (import_id) REFERENCES imports (import_id)
        ON DELETE CASCADE,
    CONSTRAINT import_files_counts_check
        CHECK (rows_read >= 0 AND inserted >= 0 AND updated >= 0
               AND unchanged >= 0)
);

-- +goose Down
DROP TABLE import_files;
DROP TABLE imports;
