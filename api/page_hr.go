package api

import (
	"context"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// hrStaffLimit is the most teachers the HR dashboard's staff table lists;
// past it, the HR leader narrows the list with the filters.
const hrStaffLimit = 5000

// hrPages lists the routes of the HR leader's pages.
func hrPages() []endpoint {
	return []endpoint{
		{method: http.MethodGet, path: "/dashboards/hr", resource: policies.Teachers,
			action: policies.Read, scope: district, page: true, handler: (*Server).hrPage},
	}
}

// hrQuery is the HR dashboard's filters as its URL gives them, "" where
// the URL names none.
type hrQuery struct {
	school, subject, rating, novice, outOfField, certification string
}

func readHRQuery(c *gin.Context) hrQuery {
	return hrQuery{school: c.Query("school"), subject: c.Query("subject"),
		rating: c.Query("rating"), novice: c.Query("novice"),
		outOfField: c.Query("out_of_field"), certification: c.Query("certification")}
}

// filter turns the query into the filter of the district's teachers,
// refusing values it does not know.
func (q hrQuery) filter() (models.RosterFilter, error) {
	f := models.RosterFilter{SchoolID: q.school, Subject: q.subject}
	switch {
	case q.rating == "unrated":
		f.Rating = new(string)
	case slices.Contains([]string{analytics.RatingExemplary, analytics.RatingProficient,
		analytics.RatingNeedsDevelopment, analytics.RatingIneffective}, q.rating):
		f.Rating = &q.rating
	case q.rating != "":
		return f, ted.Errorf(ted.CodeInvalid, "rating: %q is not a rating (want "+
			"exemplary, proficient, needs_development, ineffective or unrated)", q.rating)
	}
	if q.certification != "" &&
		!slices.Contains(analytics.CertificationStatuses(), q.certification) {
		return f, ted.Errorf(ted.CodeInvalid, "certification: %q is not a certification "+
			"status (want one of %v)", q.certification, analytics.CertificationStatuses())
	}
	f.Certification = q.certification
	var err error
	if f.Novice, err = hrYesNo("novice", q.novice); err != nil {
		return f, err
	}
	f.OutOfField, err = hrYesNo("out_of_field", q.outOfField)
	return f, err
}

// hrYesNo reads a filter of yes or no; nil when the URL names none.
func hrYesNo(name, v string) (*bool, error) {
	switch v {
	case "":
		return nil, nil
	case "yes", "no":
		b := v == "yes"
		return &b, nil
	}
	return nil, ted.Errorf(ted.CodeInvalid, "%s: %q is not yes or no", name, v)
}

// hrComputed refuses a school year that has not been computed: a page of it
// would show nothing but gaps.
func hrComputed(years []int, year int) error {
	if !slices.Contains(years, year) {
		return ted.Errorf(ted.CodeNotFound, "school year %s has not been computed",
			dashboards.YearSpan(year))
	}
	return nil
}

// hrData is what the HR dashboard shows of a school year.
type hrData struct {
	schools   []models.School
	subjects  []string
	roster    []models.RosterTeacher
	certs     []models.ExpiringCertificate
	history   []hrYear
	pipeline  []models.DistrictGroup
	figures   dashboards.StaffFigures
	certStart models.Date
}

// hrPage is the HR leader's dashboard: the district's teachers of a
// school year, narrowed by the filters in its URL.
func (s *Server) hrPage(c *gin.Context) {
	cfg := s.district
	year, years, err := s.pageYear(c)
	if err == nil {
		err = hrComputed(years, year)
	}
	if err != nil {
		s.failPage(c, err)
		return
	}
	q := readHRQuery(c)
	f, err := q.filter()
	if err != nil {
		s.failPage(c, err)
		return
	}
	d, err := s.loadHR(c.Request.Context(), cfg, year, years, q, f)
	if err != nil {
		s.failPage(c, err)
		return
	}
	s.auditRead(c, "district_teachers", strconv.Itoa(year))

	choices := dashboards.HRChoices{Subjects: d.subjects,
		Certifications: analytics.CertificationStatuses(), School: q.school,
		Subject: q.subject, Rating: q.rating, Novice: q.novice, OutOfField: q.outOfField,
		Certification: q.certification}
	for _, sc := range d.schools {
		choices.Schools = append(choices.Schools, [2]string{sc.SchoolID, sc.Name})
	}
	s.renderPage(c, dashboards.Page{
		Title:   "HR dashboard",
		Heading: "Teachers of the district",
		Subheading: "School year " + dashboards.YearSpan(year) + ". The headline " +
			"figures are the district's, or the chosen school's; the charts of " +
			"retention and hiring sources are the district's; the other panels show " +
			"the teachers the filters select.",
		Filters: append([]dashboards.Filter{yearFilter(years, year)},
			dashboards.HRFilters(choices)...),
		Facts:  dashboards.HRFacts(d.figures, cfg.Privacy.MinTeachers),
		Panels: hrPanels(cfg, d),
	})
}

// loadHR reads what the HR dashboard shows.
func (s *Server) loadHR(ctx context.Context, cfg analytics.Config, year int, years []int,
	q hrQuery, f models.RosterFilter) (hrData, error) {
	var d hrData
	var err error
	if d.schools, _, err = s.db.Schools(ctx, nil, models.Page{Limit: -1}); err != nil {
		return d, err
	}
	if q.school != "" && !slices.ContainsFunc(d.schools, func(sc models.School) bool {
		return sc.SchoolID == q.school
	}) {
		return d, ted.Errorf(ted.CodeInvalid, "school: the district has no school %q",
			q.school)
	}
	if d.subjects, err = s.db.TeachingSubjects(ctx, year); err != nil {
		return d, err
	}
	if d.roster, err = s.db.Roster(ctx, year, f); err != nil {
		return d, err
	}
	if d.certs, d.certStart, err = s.hrExpiring(ctx, cfg, year, d.roster); err != nil {
		return d, err
	}
	if d.history, err = s.hrHistory(ctx, years, year, models.BreakdownRetentionByRating,
		models.BreakdownPipeline); err != nil {
		return d, err
	}
	for _, h := range d.history {
		if h.year == year {
			d.pipeline = h.groups
		}
	}
	d.figures, err = s.hrFigures(ctx, cfg, year, d.history, q.school, d.schools)
	return d, err
}

// hrExpiring lists the certificates of the teachers of a roster that lapse
// soon after the first day of the school year, and that day.
func (s *Server) hrExpiring(ctx context.Context, cfg analytics.Config, year int,
	roster []models.RosterTeacher) ([]models.ExpiringCertificate, models.Date, error) {
	from := models.DateOf(cfg.YearStartDate(year))
	certs, err := s.db.ExpiringCertificates(ctx, year, from,
		from.AddDays(cfg.Workforce.ExpiringDays))
	if err != nil {
		return nil, from, err
	}
	shown := make(map[string]bool, len(roster))
	for _, r := range roster {
		shown[r.StaffID] = true
	}
	return slices.DeleteFunc(certs, func(c models.ExpiringCertificate) bool {
		return !shown[c.StaffID]
	}), from, nil
}

// hrYear is the district's measures of a school year and its groups of
// teachers.
type hrYear struct {
	year    int
	metrics *models.DistrictMetrics
	groups  []models.DistrictGroup
}

// hrHistory reads the district's measures of the years computed up to a
// year, oldest first, with the groups of the breakdowns named.
func (s *Server) hrHistory(ctx context.Context, years []int, upTo int,
	breakdowns ...string) ([]hrYear, error) {
	var history []hrYear
	for _, y := range slices.Backward(years) {
		if y > upTo {
			continue
		}
		m, groups, err := s.db.DistrictYear(ctx, y, breakdowns...)
		if err != nil {
			return nil, err
		}
		if m != nil {
			history = append(history, hrYear{year: y, metrics: m, groups: groups})
		}
	}
	return history, nil
}

// hrRetentionKnown lists the years of a history whose retention is known:
// all but a last year, whose teachers' next year is not in the data yet.
func hrRetentionKnown(history []hrYear) []hrYear {
	return slices.DeleteFunc(slices.Clone(history), func(h hrYear) bool {
		return h.metrics.RetentionRate == nil
	})
}

// hrFigures are the headline figures of a year: the district's, or the
// school's when one is chosen. Retention is the year's own, or the last
// one known before it.
func (s *Server) hrFigures(ctx context.Context, cfg analytics.Config, year int,
	history []hrYear, school string, schools []models.School) (dashboards.StaffFigures, error) {
	f := dashboards.StaffFigures{Of: "District", NoviceYears: cfg.Workforce.NoviceYears}
	if known := hrRetentionKnown(history); len(known) > 0 {
		last := known[len(known)-1]
		f.RetentionYear, f.Retention = last.year, last.metrics.RetentionRate
	}
	if school == "" {
		for _, h := range history {
			if h.year == year {
				m := h.metrics
				f.Teachers, f.EffectivePct, f.NovicePct, f.OutOfFieldPct = m.Teachers,
					m.EffectivePct, m.NovicePct, m.OutOfFieldPct
			}
		}
		return f, nil
	}

	for _, sc := range schools {
		if sc.SchoolID == school {
			f.Of = sc.Name
		}
	}
	sy, err := s.db.SchoolYearOf(ctx, school, year)
	if err != nil {
		return f, err
	}
	if m := sy.Metrics; m != nil {
		f.Teachers, f.EffectivePct, f.NovicePct, f.OutOfFieldPct = m.Teachers,
			m.EffectivePct, m.NovicePct, m.OutOfFieldPct
	}
	if f.RetentionYear != 0 {
		f.Retention = nil
		if sy, err = s.db.SchoolYearOf(ctx, school, f.RetentionYear); err != nil {
			return f, err
		}
		if sy.Metrics != nil {
			f.Retention = sy.Metrics.RetentionRate
		}
	}
	return f, nil
}

// hrPanels are the panels of the HR dashboard.
func hrPanels(cfg analytics.Config, d hrData) []dashboards.Panel {
	staff := make([]dashboards.StaffMember, len(d.roster))
	for i, r := range d.roster {
		staff[i] = hrStaffMember(r.StaffID, r.FirstName, r.LastName, r.SchoolName, r.Metrics)
		staff[i].Subjects = r.Subjects
	}
	certs := make([]dashboards.ExpiringCertificate, len(d.certs))
	for i, c := range d.certs {
		certs[i] = dashboards.ExpiringCertificate{StaffID: c.StaffID,
			Name: c.LastName + ", " + c.FirstName, SchoolID: c.SchoolID,
			SchoolName: c.SchoolName, Field: c.Field, ExpiresOn: c.ExpiresOn.String(),
			DaysLeft: int(math.Round(c.ExpiresOn.Time().Sub(d.certStart.Time()).Hours() / 24))}
	}
	var retention []dashboards.HRRetention
	for _, h := range hrRetentionKnown(d.history) {
		r := dashboards.HRRetention{Year: h.year, All: h.metrics.RetentionRate,
			High: h.metrics.HighPerformerRetention, Low: h.metrics.LowPerformerRetention,
			Gap: h.metrics.SmartRetentionGap, ByRating: map[string]*float64{}}
		for _, g := range h.groups {
			if g.Breakdown == models.BreakdownRetentionByRating {
				r.ByRating[g.GroupName] = g.RetentionRate
			}
		}
		retention = append(retention, r)
	}
	var sources []dashboards.HRHiringSource
	for _, g := range d.pipeline {
		if g.Breakdown == models.BreakdownPipeline {
			sources = append(sources, dashboards.HRHiringSource{Source: g.GroupName,
				Teachers: g.Teachers, EffectivePct: g.EffectivePct, MedianSGP: g.MedianSGP})
		}
	}

	minTeachers := cfg.Privacy.MinTeachers
	return []dashboards.Panel{
		dashboards.HRHeadcount(staff),
		dashboards.HRNoviceOutOfField(staff),
		dashboards.HRRetentionByRating(retention, minTeachers),
		dashboards.HRSmartRetention(retention, minTeachers),
		dashboards.HRPipeline(sources, minTeachers),
		dashboards.HRExpiring(certs, cfg.Workforce.ExpiringDays),
		dashboards.HRStaff(staff, cfg.Growth.MinStudents, hrStaffLimit),
	}
}

// hrStaffMember is a teacher as the pages' staff tables list them.
func hrStaffMember(staffID, first, last, schoolName string,
	m models.TeacherMetrics) dashboards.StaffMember {
	return dashboards.StaffMember{StaffID: staffID, Name: last + ", " + first,
		SchoolID: m.SchoolID, SchoolName: schoolName, Rating: m.Rating,
		Composite: m.CompositeScore, MedianSGP: m.MedianSGP, Evaluation: m.EvaluationScore,
		GrowthN: m.GrowthN, Experience: m.ExperienceYears, Novice: m.Novice,
		InField: m.InField, Certification: m.CertificationStatus}
}
