package models

import (
	"context"
	"slices"
)

// RosterFilter narrows the district's teachers of a school year to those an
// HR leader asks for. An empty or nil field does not narrow.
type RosterFilter struct {
	// SchoolID keeps the teachers whose measures belong to that school.
	SchoolID string
	// Subject keeps the teachers with a teaching assignment in it.
	Subject string
	// Rating keeps one rating; a pointer to "" keeps those not rated.
	Rating *string
	// Certification keeps one certification status, such as "expiring".
	Certification string
	// Novice keeps novice teachers when true, the others when false.
	Novice *bool
	// OutOfField keeps those teaching out of field when true, those
	// known to teach in field when false.
	OutOfField *bool
}

// RosterTeacher is one of the district's teachers in a school year: who
// they are, the school their measures belong to, the subjects they teach,
// and their measures.
type RosterTeacher struct {
	StaffID, FirstName, LastName string
	SchoolName                   string
	Subjects                     []string
	Metrics                      TeacherMetrics
}

// rosterRow is a teacher's measures with their name and school, as one
// query reads them.
type rosterRow struct {
	TeacherMetrics
	FirstName, LastName, SchoolName string
}

// Roster lists the district's teachers of a school year who pass the
// filter, with their measures, by last name, first name and staff id.
func (db *DB) Roster(ctx context.Context, year int, f RosterFilter) ([]RosterTeacher, error) {
	q := db.Gorm(ctx).Table("teacher_metrics AS m").
		Select("m.*, s.first_name, s.last_name, sc.name AS school_name").
		Joins("JOIN staff s ON s.staff_id = m.staff_id").
		Joins("JOIN schools sc ON sc.school_id = m.school_id").
		Where("m.school_year = ?", year)
	if f.SchoolID != "" {
		q = q.Where("m.school_id = ?", f.SchoolID)
	}
	if f.Subject != "" {
		q = q.Where("m.staff_id IN (?)", db.Gorm(ctx).Model(&StaffAssignment{}).
			Select("staff_id").Where("school_year = ? AND position = 'teacher' "+
			"AND subject_area = ?", year, f.Subject))
	}
	if f.Rating != nil {
		q = q.Where("m.rating = ?", *f.Rating)
	}
	if f.Certification != "" {
		q = q.Where("m.certification_status = ?", f.Certification)
	}
	if f.Novice != nil {
		q = q.Where("m.novice = ?", *f.Novice)
	}
	if f.OutOfField != nil {
		q = q.Where("m.in_field = ?", !*f.OutOfField)
	}
	var rows []rosterRow
	if err := q.Order("s.last_name, s.first_name, m.staff_id").Scan(&rows).Error; err != nil {
		return nil, Error(err, "teachers of the district")
	}

	subjects, err := db.teachingSubjects(ctx, year)
	if err != nil {
		return nil, err
	}
	list := make([]RosterTeacher, len(rows))
	for i, r := range rows {
		list[i] = RosterTeacher{StaffID: r.StaffID, FirstName: r.FirstName,
			LastName: r.LastName, SchoolName: r.SchoolName, Subjects: subjects[r.StaffID],
			Metrics: r.TeacherMetrics}
	}
	return list, nil
}

// teachingSubjects maps each teacher of a school year to the subjects of
// their teaching assignments, in order.
func (db *DB) teachingSubjects(ctx context.Context, year int) (map[string][]string, error) {
	var rows []StaffAssignment
	err := db.Gorm(ctx).Select("staff_id, subject_area").
		Where("school_year = ? AND position = 'teacher' AND subject_area <> ''", year).
		Order("staff_id, subject_area").Find(&rows).Error
	if err != nil {
		return nil, Error(err, "teaching assignments")
	}
	subjects := map[string][]string{}
	for _, r := range rows {
		if !slices.Contains(subjects[r.StaffID], r.SubjectArea) {
			subjects[r.StaffID] = append(subjects[r.StaffID], r.SubjectArea)
		}
	}
	return subjects, nil
}

// TeachingSubjects lists the subjects taught in a school year, in order.
func (db *DB) TeachingSubjects(ctx context.Context, year int) ([]string, error) {
	var subjects []string
	err := db.Gorm(ctx).Model(&StaffAssignment{}).Distinct("subject_area").
		Where("school_year = ? AND position = 'teacher' AND subject_area <> ''", year).
		Order("subject_area").Pluck("subject_area", &subjects).Error
	return subjects, Error(err, "teaching assignments")
}

// ExpiringCertificate is a valid certificate that lapses soon, held by a
// teacher whose certification is expiring in a school year, with the
// school their measures belong to.
type ExpiringCertificate struct {
	StaffID, FirstName, LastName string
	SchoolID, SchoolName         string
	CertificateID, Field         string
	IssuedOn                     *Date
	ExpiresOn                    Date
}

// ExpiringCertificates lists the certificates of a school year's teachers
// whose certification is expiring that lapse from the day from to the day
// to, both included: the certificates in force on from (valid, already
// issued) that their holders must renew. They come soonest first.
func (db *DB) ExpiringCertificates(ctx context.Context, year int, from, to Date) (
	[]ExpiringCertificate, error) {
	var rows []ExpiringCertificate
	err := db.Gorm(ctx).Table("certifications AS c").
		Select("c.staff_id, s.first_name, s.last_name, m.school_id, "+
			"sc.name AS school_name, c.certificate_id, c.field, c.issued_on, c.expires_on").
		Joins("JOIN teacher_metrics m ON m.staff_id = c.staff_id AND m.school_year = ?", year).
		Joins("JOIN staff s ON s.staff_id = c.staff_id").
		Joins("JOIN schools sc ON sc.school_id = m.school_id").
		Where("m.certification_status = 'expiring' AND c.status = 'valid'").
		Order("c.expires_on, s.last_name, s.first_name, c.staff_id, c.certificate_id").
		Scan(&rows).Error
	if err != nil {
		return nil, Error(err, "expiring certificates")
	}

	// The dates are compared here, where they are days on both databases.
	return slices.DeleteFunc(rows, func(r ExpiringCertificate) bool {
		issuedLater := r.IssuedOn != nil && from.Before(*r.IssuedOn)
		return issuedLater || r.ExpiresOn.Before(from) || to.Before(r.ExpiresOn)
	}), nil
}

// SchoolTeacherGrowth maps the teachers of a school in a school year (those
// with a teaching assignment there) to their growth in one subject.
func (db *DB) SchoolTeacherGrowth(ctx context.Context, schoolID string, year int,
	subject string) (map[string]TeacherGrowth, error) {
	assigned := db.Gorm(ctx).Model(&StaffAssignment{}).Select("staff_id").
		Where("school_id = ? AND school_year = ? AND position = 'teacher'", schoolID, year)
	var rows []TeacherGrowth
	err := db.Gorm(ctx).Where("school_year = ? AND subject = ? AND staff_id IN (?)",
		year, subject, assigned).Find(&rows).Error
	if err != nil {
		return nil, Error(err, "growth of the teachers of school "+schoolID)
	}
	growth := make(map[string]TeacherGrowth, len(rows))
	for _, g := range rows {
		growth[g.StaffID] = g
	}
	return growth, nil
}
