-- What `ted compute` finds about effectiveness, the workforce and pay, by
-- school year: each teacher's measures, each school's, and the district's
-- (equitable access, retention, pipeline, pay). A compute replaces a
-- year's rows in one transaction. An empty value is suppressed (too few
-- students or teachers) or could not be computed, never zero.

-- +goose Up
CREATE TABLE teacher_metrics (
    school_year          INTEGER NOT NULL,
    staff_id             id_text NOT NULL,
    school_id            id_text NOT NULL,
    fte                  DOUBLE PRECISION NOT NULL,
    growth_n             INTEGER NOT NULL DEFAULT 0,
    median_sgp           DOUBLE PRECISION,
    vam_estimate         DOUBLE PRECISION,
    vam_se               DOUBLE PRECISION,
    vam_level            INTEGER,
    evaluation_score     DOUBLE PRECISION,
    observation_score    DOUBLE PRECISION,
    professional_growth  DOUBLE PRECISION,
    composite_score      DOUBLE PRECISION,
    rating               TEXT NOT NULL DEFAULT '',
    rating_weighted      TEXT NOT NULL DEFAULT '',
    rating_tem           TEXT NOT NULL DEFAULT '',
    experience_years     DOUBLE PRECISION NOT NULL,
    novice               BOOLEAN NOT NULL,
    certification_status TEXT NOT NULL,
    in_field             BOOLEAN,
    retention            TEXT NOT NULL DEFAULT '',
    cost                 NUMERIC(14, 2),
    CONSTRAINT teacher_metrics_pkey PRIMARY KEY (school_year, staff_id),
    CONSTRAINT teacher_metrics_staff_fkey
        FOREIGN KEY (staff_id) REFERENCES staff (staff_id),
    CONSTRAINT teacher_metrics_school_fkey
        FOREIGN KEY (school_id) REFERENCES schools (school_id),
    CONSTRAINT teacher_metrics_rating_check CHECK (
        rating IN ('', 'ineffective', 'needs_development', 'proficient', 'exemplary') AND
        rating_weighted IN ('', 'ineffective', 'needs_development', 'proficient',
                            'exemplary') AND
        rating_tem IN ('', 'ineffective', 'needs_development', 'proficient', 'exemplary')),
    CONSTRAINT teacher_metrics_certification_check CHECK (
        certification_status IN ('valid', 'expiring', 'provisional', 'expired', 'none')),
    CONSTRAINT teacher_metrics_retention_check
        CHECK (retention IN ('', 'stayed', 'moved', 'left'))
);

CREATE INDEX teacher_metrics_school_idx ON teacher_metrics (school_id, school_year);

CREATE TABLE school_metrics (
    school_year             INTEGER NOT NULL,
    school_id               id_text NOT NULL,
    teachers                INTEGER NOT NULL,
    students                INTEGER NOT NULL,
    econ_disadvantaged_pct  DOUBLE PRECISION,
    effective_pct           DOUBLE PRECISION,
    ineffective_pct         DOUBLE PRECISION,
    novice_pct              DOUBLE PRECISION,
    out_of_field_pct        DOUBLE PRECISION,
    median_sgp              DOUBLE PRECISION,
    retention_rate          DOUBLE PRECISION,
    cost_per_student        NUMERIC(14, 2),
    rated                   INTEGER,
    exemplary               INTEGER,
    proficient              INTEGER,
    needs_development       INTEGER,
    ineffective             INTEGER,
    certifications_expiring INTEGER,
    CONSTRAINT school_metrics_pkey PRIMARY KEY (school_year, school_id),
    CONSTRAINT school_metrics_school_fkey
        FOREIGN KEY (school_id) REFERENCES schools (school_id)
);

-- One row a year for the district as a whole.
CREATE TABLE district_metrics (
    school_year                INTEGER NOT NULL,
    teachers                   INTEGER NOT NULL,
    rated                      INTEGER NOT NULL,
    effective_pct              DOUBLE PRECISION,
    novice_pct                 DOUBLE PRECISION,
    out_of_field_pct           DOUBLE PRECISION,
    retention_rate             DOUBLE PRECISION,
    high_performer_retention   DOUBLE PRECISION,
    low_performer_retention    DOUBLE PRECISION,
    smart_retention_gap        DOUBLE PRECISION,
    lowest_poverty_ineffective_pct   DOUBLE PRECISION,
    highest_poverty_ineffective_pct  DOUBLE PRECISION,
    ineffective_gap                  DOUBLE PRECISION,
    lowest_poverty_out_of_field_pct  DOUBLE PRECISION,
    highest_poverty_out_of_field_pct DOUBLE PRECISION,
    out_of_field_gap                 DOUBLE PRECISION,
    lowest_poverty_novice_pct        DOUBLE PRECISION,
    highest_poverty_novice_pct       DOUBLE PRECISION,
    novice_gap                       DOUBLE PRECISION,
    lane_pay_share             DOUBLE PRECISION,
    late_step_pay_share        DOUBLE PRECISION,
    CONSTRAINT district_metrics_pkey PRIMARY KEY (school_year)
);

-- The district's teachers by group, one table for every grouping the
-- dashboards show: retention by rating and by growth quintile, the
-- pipeline by hiring source, pay by rating and by experience band.
CREATE TABLE district_groups (
    school_year    INTEGER NOT NULL,
    breakdown      TEXT NOT NULL,
    group_name     TEXT NOT NULL,
    teachers       INTEGER NOT NULL,
    stayed         INTEGER,
    moved          INTEGER,
    left_district  INTEGER,
    retention_rate DOUBLE PRECISION,
    rated          INTEGER,
    effective_pct  DOUBLE PRECISION,
    mean_composite DOUBLE PRECISION,
    median_sgp     DOUBLE PRECISION,
    mean_cost      DOUBLE PRECISION,
    CONSTRAINT district_groups_pkey PRIMARY KEY (school_year, breakdown, group_name),
    CONSTRAINT district_groups_breakdown_check CHECK (breakdown IN (
        'retention_by_rating', 'retention_by_growth_quintile', 'retention_by_performance',
        'pipeline', 'pay_by_rating', 'pay_by_experience'))
);

-- +goose Down
DROP TABLE district_groups;
DROP TABLE district_metrics;
DROP TABLE school_metrics;
DROP TABLE teacher_metrics;
