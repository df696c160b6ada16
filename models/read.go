package models

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Page selects part of a list: at most Limit rows after the first Offset.
type Page struct {
	Limit, Offset int
}

// LatestYear is the last school year with computed measures, 0 when none
// has been computed.
func (db *DB) LatestYear(ctx context.Context) (int, error) {
	var year *int
	err := db.Gorm(ctx).Raw("SELECT MAX(school_year) FROM school_metrics").Scan(&year).Error
	if err != nil || year == nil {
		return 0, Error(err, "school years")
	}
	return *year, nil
}

// Schools lists schools by id: all of them when ids is nil, else those
// named, and how many there are in all.
func (db *DB) Schools(ctx context.Context, ids []string, p Page) ([]School, int, error) {
	q := db.Gorm(ctx).Model(&School{})
	if ids != nil {
		q = q.Where("school_id IN ?", nonEmpty(ids))
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, Error(err, "schools")
	}
	var list []School
	err := q.Order("school_id").Limit(p.Limit).Offset(p.Offset).Find(&list).Error
	return list, int(total), Error(err, "schools")
}

// nonEmpty keeps an IN list valid SQL when it has no ids: it then matches
// no row.
func nonEmpty(ids []string) []string {
	if len(ids) == 0 {
		return []string{""}
	}
	return ids
}

// School finds a school by id.
func (db *DB) School(ctx context.Context, id string) (School, error) {
	var s School
	err := db.Gorm(ctx).Where("school_id = ?", id).First(&s).Error
	return s, Error(err, "school "+id)
}

// SchoolYear is what TED knows of a school in a school year: its measures
// and its growth by subject. Metrics is nil when the year has not been
// computed for the school.
type SchoolYear struct {
	Metrics *SchoolMetrics
	Growth  []SchoolGrowth
}

// SchoolYearOf reads a school's measures and growth for a year.
func (db *DB) SchoolYearOf(ctx context.Context, id string, year int) (SchoolYear, error) {
	var sy SchoolYear
	var m []SchoolMetrics
	g := db.Gorm(ctx)
	if err := g.Where("school_id = ? AND school_year = ?", id, year).Find(&m).Error; err != nil {
		return sy, Error(err, "school "+id)
	}
	if len(m) == 1 {
		sy.Metrics = &m[0]
	}
	err := g.Where("school_id = ? AND school_year = ?", id, year).Order("subject").
		Find(&sy.Growth).Error
	return sy, Error(err, "school "+id)
}

// StaffMetrics is a teacher's name beside their measures of a year.
type StaffMetrics struct {
	Staff   Staff
	Metrics TeacherMetrics
}

// TeachersOf lists the teachers of a school in a school year (those with
// a teaching assignment there) with their measures, by staff id, and how
// many there are.
func (db *DB) TeachersOf(ctx context.Context, schoolID string, year int, p Page) (
	[]StaffMetrics, int, error) {
	assigned := db.Gorm(ctx).Model(&StaffAssignment{}).Select("staff_id").
		Where("school_id = ? AND school_year = ? AND position = 'teacher'", schoolID, year)
	var total int64
	if err := db.Gorm(ctx).Model(&TeacherMetrics{}).
		Where("school_year = ? AND staff_id IN (?)", year, assigned).
		Count(&total).Error; err != nil {
		return nil, 0, Error(err, "teachers of school "+schoolID)
	}
	var metrics []TeacherMetrics
	err := db.Gorm(ctx).Where("school_year = ? AND staff_id IN (?)", year, assigned).
		Order("staff_id").Limit(p.Limit).Offset(p.Offset).Find(&metrics).Error
	if err != nil {
		return nil, 0, Error(err, "teachers of school "+schoolID)
	}
	ids := make([]string, len(metrics))
	for i, m := range metrics {
		ids[i] = m.StaffID
	}
	var staff []Staff
	if err := db.Gorm(ctx).Where("staff_id IN ?", nonEmpty(ids)).Find(&staff).Error; err != nil {
		return nil, 0, Error(err, "teachers of school "+schoolID)
	}
	byID := map[string]Staff{}
	for _, s := range staff {
		byID[s.StaffID] = s
	}
	list := make([]StaffMetrics, len(metrics))
	for i, m := range metrics {
		list[i] = StaffMetrics{Staff: byID[m.StaffID], Metrics: m}
	}
	return list, int(total), nil
}

// StaffSchools lists the schools a staff member is assigned to in the last
// school year they have an assignment: the schools whose principals may
// see their record.
func (db *DB) StaffSchools(ctx context.Context, staffID string) ([]string, error) {
	var schools []string
	err := db.Gorm(ctx).Model(&StaffAssignment{}).Where("staff_id = ? AND school_year = "+
		"(SELECT MAX(school_year) FROM staff_assignments WHERE staff_id = ?)", staffID, staffID).
		Order("school_id").Pluck("school_id", &schools).Error
	return schools, Error(err, "schools of staff member "+staffID)
}

// TeacherRecord is everything TED holds on one staff member: who they are,
// their certificates, and each school year's assignments, measures, growth
// by subject, evaluation and pay.
type TeacherRecord struct {
	Staff          Staff
	Certifications []Certification
	Separations    []Separation
	Assignments    []StaffAssignment
	Metrics        []TeacherMetrics
	Growth         []TeacherGrowth
	Evaluations    []Evaluation
	Compensation   []Compensation
}

// TeacherRecordOf reads a staff member's whole record.
func (db *DB) TeacherRecordOf(ctx context.Context, staffID string) (TeacherRecord, error) {
	var r TeacherRecord
	what := "staff member " + staffID
	g := db.Gorm(ctx)
	if err := g.Where("staff_id = ?", staffID).First(&r.Staff).Error; err != nil {
		return r, Error(err, what)
	}
	reads := []struct {
		dst   any
		order string
	}{
		{&r.Certifications, "expires_on, certificate_id"},
		{&r.Separations, "separation_date"},
		{&r.Assignments, "school_year, school_id"},
		{&r.Metrics, "school_year"},
		{&r.Growth, "school_year, subject"},
		{&r.Evaluations, "school_year, component"},
		{&r.Compensation, "school_year"},
	}
	for _, q := range reads {
		if err := g.Where("staff_id = ?", staffID).Order(q.order).Find(q.dst).Error; err != nil {
			return r, Error(err, what)
		}
	}
	return r, nil
}

// DistrictYear reads the district's measures of a year and its groups of
// teachers under the breakdowns named. Metrics is nil when the year has
// not been computed.
func (db *DB) DistrictYear(ctx context.Context, year int, breakdowns ...string) (
	*DistrictMetrics, []DistrictGroup, error) {
	var m []DistrictMetrics
	if err := db.Gorm(ctx).Where("school_year = ?", year).Find(&m).Error; err != nil {
		return nil, nil, Error(err, "district measures")
	}
	var groups []DistrictGroup
	if len(breakdowns) > 0 {
		err := db.Gorm(ctx).Where("school_year = ? AND breakdown IN ?", year, breakdowns).
			Order("group_name").Find(&groups).Error
		if err != nil {
			return nil, nil, Error(err, "district measures")
		}
		slices.SortStableFunc(groups, func(a, b DistrictGroup) int {
			return slices.Index(breakdowns, a.Breakdown) - slices.Index(breakdowns, b.Breakdown)
		})
	}
	if len(m) == 0 {
		return nil, groups, nil
	}
	return &m[0], groups, nil
}

// ComputedYears lists the school years with computed measures, newest
// first.
func (db *DB) ComputedYears(ctx context.Context) ([]int, error) {
	var years []int
	err := db.Gorm(ctx).Model(&DistrictMetrics{}).Order("school_year DESC").
		Pluck("school_year", &years).Error
	return years, Error(err, "school years")
}

// YearVersion names the state of a school year's data and results: the
// id of the last compute run of the year and of the last import that
// succeeded. It changes whenever either does, so that what is worked out
// from them can be kept until then.
func (db *DB) YearVersion(ctx context.Context, year int) (string, error) {
	var run, imp []string
	err := db.Gorm(ctx).Table("computed_years").Where("school_year = ?", year).
		Pluck("run_id", &run).Error
	if err == nil {
		err = db.Gorm(ctx).Model(&Import{}).Where("outcome = ?", ImportSucceeded).
			Order("started_at DESC, import_id DESC").Limit(1).Pluck("import_id", &imp).Error
	}
	if err != nil {
		return "", Error(err, "the version of "+strconv.Itoa(year))
	}
	return strings.Join(run, "") + "/" + strings.Join(imp, ""), nil
}

// ComputedYearSet is the row set of a compute run's own record of a
// school year, stored with its results.
func ComputedYearSet(year int) RowSet {
	run, at := newID(), time.Now().UTC()
	return RowSet{Table: "computed_years", Len: 1,
		Columns: []string{"school_year", "run_id", "computed_at"},
		Row:     func(_ int, v []any) { v[0], v[1], v[2] = year, run, at }}
}
