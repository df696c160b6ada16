-- Students, class sections, who is enrolled in them and what they scored:
-- the student information and assessment side of a district bundle.

-- +goose Up
CREATE TABLE students (
    school_year        INTEGER NOT NULL,
    student_id         id_text NOT NULL,
    school_id          id_text NOT NULL,
    grade_level        INTEGER NOT NULL,
    econ_disadvantaged BOOLEAN,
    ell                BOOLEAN,
    swd                BOOLEAN,
    CONSTRAINT students_pkey PRIMARY KEY (school_year, student_id),
    CONSTRAINT students_school_fkey
        FOREIGN KEY (school_id) REFERENCES schools (school_id),
    CONSTRAINT students_student_id_check
        CHECK (length(student_id) BETWEEN 1 AND 64),
    CONSTRAINT students_grade_level_check CHECK (grade_level BETWEEN 0 AND 12)
);

CREATE TABLE sections (
    school_year INTEGER NOT NULL,
    section_id  id_text NOT NULL,
    school_id   id_text NOT NULL,
    staff_id    id_text NOT NULL,
    subject     TEXT NOT NULL,
    grade_level INTEGER,
    CONSTRAINT sections_pkey PRIMARY KEY (school_year, section_id),
    CONSTRAINT sections_school_fkey
        FOREIGN KEY (school_id) REFERENCES schools (school_id),
    CONSTRAINT sections_staff_fkey
        FOREIGN KEY (staff_id) REFERENCES staff (staff_id),
    CONSTRAINT sections_section_id_check
        CHECK (length(section_id) BETWEEN 1 AND 64),
    CONSTRAINT sections_subject_check
        CHECK (subject IN ('math', 'ela', 'science', 'social_studies',
                           'special_education', 'esol', 'arts', 'pe',
                           'world_languages', 'cte', 'elementary', 'other')),
    CONSTRAINT sections_grade_level_check
        CHECK (grade_level IS NULL OR grade_level BETWEEN 0 AND 12)
);

CREATE INDEX sections_staff_idx ON sections (staff_id, school_year);
CREATE INDEX sections_school_idx ON sections (school_id, school_year);

CREATE TABLE enrollments (
    school_year INTEGER NOT NULL,
    section_id  id_text NOT NULL,
    student_id  id_text NOT NULL,
    dosage      DOUBLE PRECISION NOT NULL DEFAULT 1,
    CONSTRAINT enrollments_pkey
        PRIMARY KEY (school_year, section_id, student_id),
    CONSTRAINT enrollments_section_fkey
        FOREIGN KEY (school_year, section_id)
        REFERENCES sections (school_year, section_id),
    CONSTRAINT enrollments_student_fkey
        FOREIGN KEY (school_year, student_id)
        REFERENCES students (school_year, student_id),
    CONSTRAINT enrollments_dosage_check CHECK (dosage > 0 AND dosage <= 1)
);

CREATE TABLE assessments (
    school_year INTEGER NOT NULL,
    student_id  id_text NOT NULL,
    subject     id_text NOT NULL,
    assessment  id_text NOT NULL DEFAULT '',
    grade_level INTEGER NOT NULL,
    scale_score DOUBLE PRECISION NOT NULL,
    CONSTRAINT assessments_pkey
        PRIMARY KEY (school_year, student_id, subject, assessment),
    CONSTRAINT assessments_student_fkey
        FOREIGN KEY (school_year, student_id)
        REFERENCES students (school_year, student_id),
    CONSTRAINT assessments_subject_check
        CHECK (subject IN ('math', 'ela', 'science', 'social_studies',
                           'special_education', 'esol', 'arts', 'pe',
                           'world_languages', 'cte', 'elementary', 'other')),
    CONSTRAINT assessments_grade_level_check
        CHECK (grade_level BETWEEN 0 AND 12)
);

-- +goose Down
DROP TABLE assessments;
DROP TABLE enrollments;
DROP TABLE sections;
DROP TABLE students;
