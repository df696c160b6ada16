-- What `ted compute` finds about growth: each student's growth percentile,
-- and each teacher's and school's growth and value-added, by subject and
-- school year. A compute replaces a year's rows in one transaction. The
-- subject 'all' holds a teacher's growth over every tested subject.

-- +goose Up
CREATE TABLE student_growth (
    school_year INTEGER NOT NULL,
    student_id  id_text NOT NULL,
    subject     id_text NOT NULL,
    grade_level INTEGER NOT NULL,
    prior_score DOUBLE PRECISION NOT NULL,
    scale_score DOUBLE PRECISION NOT NULL,
    sgp         INTEGER NOT NULL,
    sgp_order   INTEGER NOT NULL,
    -- No reference to students: every row comes from a stored score,
    -- whose student the assessments table already requires, and checking
    -- a district's million rows one by one would lock as many students.
    CONSTRAINT student_growth_pkey PRIMARY KEY (school_year, student_id, subject),
    CONSTRAINT student_growth_sgp_check CHECK (sgp BETWEEN 1 AND 99),
    CONSTRAINT student_growth_order_check CHECK (sgp_order BETWEEN 1 AND 2)
);

CREATE TABLE teacher_growth (
    school_year     INTEGER NOT NULL,
    staff_id        id_text NOT NULL,
    subject         id_text NOT NULL,
    growth_n        INTEGER NOT NULL,
    median_sgp      DOUBLE PRECISION,
    mean_sgp        DOUBLE PRECISION,
    median_sgp_se   DOUBLE PRECISION,
    mean_sgp_se     DOUBLE PRECISION,
    growth_level    TEXT NOT NULL DEFAULT '',
    vam_n           DOUBLE PRECISION,
    vam_estimate    DOUBLE PRECISION,
    vam_se          DOUBLE PRECISION,
    vam_reliability DOUBLE PRECISION,
    vam_level       INTEGER,
    CONSTRAINT teacher_growth_pkey PRIMARY KEY (school_year, staff_id, subject),
    CONSTRAINT teacher_growth_staff_fkey
        FOREIGN KEY (staff_id) REFERENCES staff (staff_id),
    CONSTRAINT teacher_growth_n_check CHECK (growth_n >= 0),
    CONSTRAINT teacher_growth_level_check
        CHECK (growth_level IN ('', 'low', 'typical', 'high')),
    CONSTRAINT teacher_growth_vam_level_check
        CHECK (vam_level IS NULL OR vam_level BETWEEN 1 AND 5)
);

CREATE TABLE school_growth (
    school_year   INTEGER NOT NULL,
    school_id     id_text NOT NULL,
    subject       id_text NOT NULL,
    growth_n      INTEGER NOT NULL,
    median_sgp    DOUBLE PRECISION,
    mean_sgp      DOUBLE PRECISION,
    median_sgp_se DOUBLE PRECISION,
    mean_sgp_se   DOUBLE PRECISION,
    growth_level  TEXT NOT NULL DEFAULT '',
    CONSTRAINT school_growth_pkey PRIMARY KEY (school_year, school_id, subject),
    CONSTRAINT school_growth_school_fkey
        FOREIGN KEY (school_id) REFERENCES schools (school_id),
    CONSTRAINT school_growth_n_check CHECK (growth_n >= 0),
    CONSTRAINT school_growth_level_check
        CHECK (growth_level IN ('', 'low', 'typical', 'high'))
);

-- +goose Down
DROP TABLE school_growth;
DROP TABLE teacher_growth;
DROP TABLE student_growth;
