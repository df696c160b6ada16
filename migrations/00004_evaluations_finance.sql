-- Principal evaluations and the finance side of a district bundle: pay,
-- budgets and the weights of student-based budgeting.

-- +goose Up
CREATE TABLE evaluations (
    school_year  INTEGER NOT NULL,
    staff_id     id_text NOT NULL,
    component    id_text NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    evaluator_id id_text NOT NULL DEFAULT '',
    observed_on  DATE,
    CONSTRAINT evaluations_pkey PRIMARY KEY (school_year, staff_id, component),
    CONSTRAINT evaluations_staff_fkey
        FOREIGN KEY (staff_id) REFERENCES staff (staff_id),
    CONSTRAINT evaluations_component_check
        CHECK (length(component) BETWEEN 1 AND 64)
);

CREATE TABLE compensation (
    school_year INTEGER NOT NULL,
    staff_id    id_text NOT NULL,
    base_salary NUMERIC(14, 2) NOT NULL,
    supplements NUMERIC(14, 2) NOT NULL DEFAULT 0,
    benefits    NUMERIC(14, 2) NOT NULL DEFAULT 0,
    step        INTEGER,
    lane        TEXT NOT NULL DEFAULT '',
    fund        TEXT NOT NULL DEFAULT '',
    CONSTRAINT compensation_pkey PRIMARY KEY (school_year, staff_id),
    CONSTRAINT compensation_staff_fkey
        FOREIGN KEY (staff_id) REFERENCES staff (staff_id),
    CONSTRAINT compensation_amounts_check
        CHECK (base_salary >= 0 AND supplements >= 0 AND benefits >= 0),
    CONSTRAINT compensation_step_check CHECK (step IS NULL OR step >= 0),
    CONSTRAINT compensation_fund_check
        CHECK (fund IN ('', 'general', 'title_i', 'grant', 'other'))
);

-- A budget line with no school belongs to the central office. Its natural
-- key treats the missing school as one value, so it is a unique index on an
-- expression rather than a constraint.
CREATE TABLE budgets (
    school_year INTEGER NOT NULL,
    school_id   id_text,
    fund        TEXT NOT NULL,
    category    TEXT NOT NULL,
    budgeted    NUMERIC(14, 2) NOT NULL,
    actual      NUMERIC(14, 2),
    CONSTRAINT budgets_school_fkey
        FOREIGN KEY (school_id) REFERENCES schools (school_id),
    CONSTRAINT budgets_fund_check
        CHECK (fund IN ('general', 'title_i', 'grant', 'other')),
    CONSTRAINT budgets_category_check
        CHECK (category IN ('teacher_salaries', 'support_staff',
                            'administration', 'instructional_materials',
                            'professional_development', 'other'))
);

CREATE UNIQUE INDEX budgets_natural_key
    ON budgets (school_year, COALESCE(school_id, ''), fund, category);

CREATE TABLE sbb_weights (
    school_year    INTEGER NOT NULL,
    factor         id_text NOT NULL,
    weight         DOUBLE PRECISION NOT NULL,
    base_per_pupil NUMERIC(14, 2),
    CONSTRAINT sbb_weights_pkey PRIMARY KEY (school_year, factor),
    CONSTRAINT sbb_weights_factor_check
        CHECK (factor IN ('base', 'econ_disadvantaged', 'ell', 'swd',
                          'grade_0_2', 'grade_3_5', 'grade_6_8',
                          'grade_9_12')),
    CONSTRAINT sbb_weights_base_per_pupil_check
        CHECK (base_per_pupil IS NULL OR base_per_pupil >= 0)
);

-- +goose Down
DROP TABLE sbb_weights;
DROP INDEX budgets_natural_key;
DROP TABLE budgets;
DROP TABLE compensation;
DROP TABLE evaluations;
