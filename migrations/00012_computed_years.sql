-- One row for each computed school year, replaced with its results by
-- every compute run: a server keeping what it worked out from a year's
-- results knows by the run's id whether they have changed since.

-- +goose Up
CREATE TABLE computed_years (
    school_year INTEGER NOT NULL,
    run_id      id_text NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    CONSTRAINT computed_years_pkey PRIMARY KEY (school_year)
);

-- +goose Down
DROP TABLE computed_years;
