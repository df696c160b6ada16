-- A teacher's record is read by staff id across every school year. The
-- keys of these tables begin with the school year, so each gets an index
-- that begins with the staff member.

-- +goose Up
CREATE INDEX staff_assignments_staff_idx ON staff_assignments (staff_id, school_year);
CREATE INDEX evaluations_staff_idx ON evaluations (staff_id, school_year);
CREATE INDEX compensation_staff_idx ON compensation (staff_id, school_year);
CREATE INDEX teacher_metrics_staff_idx ON teacher_metrics (staff_id, school_year);
CREATE INDEX teacher_growth_staff_idx ON teacher_growth (staff_id, school_year);

-- +goose Down
DROP INDEX teacher_growth_staff_idx;
DROP INDEX teacher_metrics_staff_idx;
DROP INDEX compensation_staff_idx;
DROP INDEX evaluations_staff_idx;
DROP INDEX staff_assignments_staff_idx;
