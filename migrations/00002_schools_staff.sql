-- Schools and the people who work in them: the HR side of a district bundle.

-- +goose Up
CREATE TABLE schools (
    school_id id_text NOT NULL,
    name      TEXT NOT NULL,
    level     TEXT NOT NULL,
    region    TEXT NOT NULL DEFAULT '',
    CONSTRAINT schools_pkey PRIMARY KEY (school_id),
    CONSTRAINT schools_school_id_check CHECK (length(school_id) BETWEEN 1 AND 64),
    CONSTRAINT schools_level_check
        CHECK (level IN ('elementary', 'middle', 'high', 'other'))
);

CREATE TABLE staff (
    staff_id               id_text NOT NULL,
    first_name             TEXT NOT NULL,
    last_name              TEXT NOT NULL,
    email                  TEXT NOT NULL DEFAULT '',
    hire_date              DATE NOT NULL,
    prior_experience_years DOUBLE PRECISION NOT NULL DEFAULT 0,
    highest_degree         TEXT NOT NULL DEFAULT '',
    hiring_source          TEXT NOT NULL DEFAULT '',
    CONSTRAINT staff_pkey PRIMARY KEY (staff_id),
    CONSTRAINT staff_staff_id_check CHECK (length(staff_id) BETWEEN 1 AND 64),
    CONSTRAINT staff_prior_experience_years_check
        CHECK (prior_experience_years >= 0),
    CONSTRAINT staff_highest_degree_check
        CHECK (highest_degree IN ('', 'BA', 'MA', 'EDS', 'PHD', 'other'))
);

CREATE TABLE staff_assignments (
    school_year  INTEGER NOT NULL,
    staff_id     id_text NOT NULL,
    school_id    id_text NOT NULL,
    position     TEXT NOT NULL,
    subject_area TEXT NOT NULL DEFAULT '',
    fte          DOUBLE PRECISION NOT NULL DEFAULT 1,
    CONSTRAINT staff_assignments_pkey
        PRIMARY KEY (school_year, staff_id, school_id),
    CONSTRAINT staff_assignments_staff_fkey
        FOREIGN KEY (staff_id) REFERENCES staff (staff_id),
    CONSTRAINT staff_assignments_school_fkey
        FOREIGN KEY (school_id) REFERENCES schools (school_id),
    CONSTRAINT staff_assignments_position_check
        CHECK (position IN ('teacher', 'principal', 'assistant_principal',
                            'instructional_coach', 'other')),
    CONSTRAINT staff_assignments_subject_area_check
        CHECK (subject_area IN ('', 'math', 'ela', 'science', 'social_studies',
                                'special_education', 'esol', 'arts', 'pe',
                                'world_languages', 'cte', 'elementary', 'other')),
    CONSTRAINT staff_assignments_fte_check CHECK (fte > 0 AND fte <= 1)
);

CREATE INDEX staff_assignments_school_idx
    ON staff_assignments (school_id, school_year);

CREATE TABLE separations (
    staff_id        id_text NOT NULL,
    separation_date DATE NOT NULL,
    reason          TEXT NOT NULL,
    CONSTRAINT separations_pkey PRIMARY KEY (staff_id, separation_date),
    CONSTRAINT separations_staff_fkey
        FOREIGN KEY (staff_id) REFERENCES staff (staff_id),
    CONSTRAINT separations_reason_check
        CHECK (reason IN ('resignation', 'retirement', 'dismissal',
                          'non_renewal', 'transfer_out', 'other'))
);

CREATE TABLE certifications (
    staff_id       id_text NOT NULL,
    certificate_id id_text NOT NULL,
    field          TEXT NOT NULL,
    level          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    issued_on      DATE,
    expires_on     DATE NOT NULL,
    CONSTRAINT certifications_pkey PRIMARY KEY (staff_id, certificate_id),
    CONSTRAINT certifications_staff_fkey
        FOREIGN KEY (staff_id) REFERENCES staff (staff_id),
    CONSTRAINT certifications_certificate_id_check
        CHECK (length(certificate_id) BETWEEN 1 AND 64),
    CONSTRAINT certifications_field_check
        CHECK (field IN ('math', 'ela', 'science', 'social_studies',
                         'special_education', 'esol', 'arts', 'pe',
                         'world_languages', 'cte', 'elementary', 'other')),
    CONSTRAINT certifications_status_check
        CHECK (status IN ('valid', 'provisional', 'expired', 'revoked')),
    CONSTRAINT certifications_dates_check
        CHECK (issued_on IS NULL OR issued_on <= expires_on)
);

CREATE INDEX certifications_expires_on_idx ON certifications (expires_on);

-- +goose Down
DROP TABLE certifications;
DROP TABLE separations;
DROP TABLE staff_assignments;
DROP TABLE staff;
DROP TABLE schools;
