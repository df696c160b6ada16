package api

import (
	"cmp"
	"context"
	"math"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// schoolPages lists the routes of the school pages.
func schoolPages() []endpoint {
	return []endpoint{
		{method: http.MethodGet, path: "/schools/:school_id", resource: policies.Schools,
			action: policies.Read, scope: school, page: true, handler: (*Server).schoolPage},
	}
}

// schoolPage is a school's page, the principal's view of their school:
// its figures, ratings and retention beside the district's, and, for a
// caller who may read its teachers' records, its staff and their growth
// against their evaluations. ?subject= chooses the growth shown.
func (s *Server) schoolPage(c *gin.Context) {
	ctx := c.Request.Context()
	cfg := s.district
	year, years, err := s.pageYear(c)
	if err == nil {
		err = hrComputed(years, year)
	}
	if err != nil {
		s.failPage(c, err)
		return
	}
	sc, err := s.db.School(ctx, c.Param("school_id"))
	if err != nil {
		s.failPage(c, err)
		return
	}
	subject := c.Query("subject")
	if subject == models.SubjectAll {
		subject = ""
	}
	sy, history, retention, err := s.loadSchool(ctx, sc.SchoolID, year, years)
	if err != nil {
		s.failPage(c, err)
		return
	}
	staff, err := s.schoolStaffPanels(c, cfg, sc.SchoolID, year, subject)
	if err != nil {
		s.failPage(c, err)
		return
	}
	budget, err := s.schoolBudgetPanels(ctx, sc, year)
	if err != nil {
		s.failPage(c, err)
		return
	}

	s.renderPage(c, dashboards.Page{
		Title:      sc.Name,
		Heading:    sc.Name,
		Subheading: schoolSubheading(sc, year),
		Filters: append([]dashboards.Filter{yearFilter(years, year)},
			dashboards.SchoolFilters(schoolChoices(sy, subject))...),
		Facts: schoolFacts(cfg, sc, sy, subject, retention),
		Panels: slices.Concat(staff, schoolOverview(cfg, sy, year, history, retention),
			budget),
	})
}

// loadSchool reads a school's measures of a year, the district's up to
// that year, and the school's retention beside the district's.
func (s *Server) loadSchool(ctx context.Context, schoolID string, year int, years []int) (
	models.SchoolYear, []hrYear, []dashboards.SchoolRetentionYear, error) {
	sy, err := s.db.SchoolYearOf(ctx, schoolID, year)
	if err != nil {
		return sy, nil, nil, err
	}
	history, err := s.hrHistory(ctx, years, year, models.BreakdownRetentionByRating)
	if err != nil {
		return sy, nil, nil, err
	}
	retention, err := s.schoolRetention(ctx, schoolID, history)
	return sy, history, retention, err
}

// schoolStaffPanels are a school's staff and their growth against their
// evaluations: individual records, shown only to a caller who may read the
// school's teachers, and audited.
func (s *Server) schoolStaffPanels(c *gin.Context, cfg analytics.Config, schoolID string,
	year int, subject string) ([]dashboards.Panel, error) {
	ok, err := s.schoolReadsTeachers(c, schoolID)
	if err != nil || !ok {
		return nil, err
	}
	staff, err := s.schoolStaff(c.Request.Context(), schoolID, year, subject)
	if err != nil {
		return nil, err
	}
	s.auditRead(c, "school_teachers", schoolID)
	growth := dashboards.SchoolGrowthLabel(subject)
	return []dashboards.Panel{
		dashboards.SchoolStaff(staff, growth, cfg.Growth.MinStudents),
		dashboards.SchoolGrowthEvaluation(staff, growth, cfg.Evaluation.Min,
			cfg.Evaluation.Max),
	}, nil
}

// schoolSubheading says which school and year a school's page shows.
func schoolSubheading(sc models.School, year int) string {
	sub := "School " + sc.SchoolID
	if sc.Level != "" {
		sub += ", " + sc.Level
	}
	if sc.Region != "" {
		sub += ", " + sc.Region
	}
	return sub + ". School year " + dashboards.YearSpan(year) + "."
}

// schoolChoices are the subjects a school's growth is measured in.
func schoolChoices(sy models.SchoolYear, subject string) dashboards.SchoolChoices {
	ch := dashboards.SchoolChoices{Subject: subject}
	for _, g := range sy.Growth {
		if g.Subject != models.SubjectAll {
			ch.Subjects = append(ch.Subjects, g.Subject)
		}
	}
	return ch
}

// schoolReadsTeachers reports whether the caller may read the records of a
// school's teachers, across the district or in the school. It fails
// closed: an error of the enforcer is an error of the page.
func (s *Server) schoolReadsTeachers(c *gin.Context, schoolID string) (bool, error) {
	uid := callerOf(c).User.UserID
	for _, d := range []string{policies.District, policies.SchoolDomain(schoolID)} {
		ok, err := s.enforcer.Allowed(uid, d, policies.Teachers, policies.Read)
		if err != nil {
			return false, ted.Wrap(ted.CodeInternal, err, "authorization failed")
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// schoolStaff lists a school's teachers of a year by name, with their
// growth in the subject chosen, or over all subjects.
func (s *Server) schoolStaff(ctx context.Context, schoolID string, year int,
	subject string) ([]dashboards.StaffMember, error) {
	rows, _, err := s.db.TeachersOf(ctx, schoolID, year, models.Page{Limit: -1})
	if err != nil {
		return nil, err
	}
	var growth map[string]models.TeacherGrowth
	if subject != "" {
		if growth, err = s.db.SchoolTeacherGrowth(ctx, schoolID, year, subject); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(rows, func(a, b models.StaffMetrics) int {
		return cmp.Or(cmp.Compare(a.Staff.LastName, b.Staff.LastName),
			cmp.Compare(a.Staff.FirstName, b.Staff.FirstName),
			cmp.Compare(a.Staff.StaffID, b.Staff.StaffID))
	})
	staff := make([]dashboards.StaffMember, len(rows))
	for i, r := range rows {
		staff[i] = hrStaffMember(r.Staff.StaffID, r.Staff.FirstName, r.Staff.LastName, "",
			r.Metrics)
		if subject != "" {
			g := growth[r.Staff.StaffID]
			staff[i].MedianSGP, staff[i].GrowthN = g.MedianSGP, g.GrowthN
		}
	}
	return staff, nil
}

// schoolRetention is a school's retention and the district's in each year
// of a history whose retention is known.
func (s *Server) schoolRetention(ctx context.Context, schoolID string, history []hrYear) (
	[]dashboards.SchoolRetentionYear, error) {
	var retention []dashboards.SchoolRetentionYear
	for _, h := range hrRetentionKnown(history) {
		sy, err := s.db.SchoolYearOf(ctx, schoolID, h.year)
		if err != nil {
			return nil, err
		}
		r := dashboards.SchoolRetentionYear{Year: h.year, District: h.metrics.RetentionRate}
		if sy.Metrics != nil {
			r.School = sy.Metrics.RetentionRate
		}
		retention = append(retention, r)
	}
	return retention, nil
}

// schoolOverview are the panels of a school's page that show no one's
// record: its ratings beside the district's and its retention over the
// years.
func schoolOverview(cfg analytics.Config, sy models.SchoolYear, year int, history []hrYear,
	retention []dashboards.SchoolRetentionYear) []dashboards.Panel {
	district := map[string]*float64{}
	for _, h := range history {
		if h.year == year {
			district = schoolDistrictShares(h.groups)
		}
	}
	minTeachers := cfg.Privacy.MinTeachers
	return []dashboards.Panel{
		dashboards.SchoolRatings(schoolRatingShares(sy.Metrics), district, minTeachers),
		dashboards.SchoolRetention(retention, minTeachers),
	}
}

// schoolRatingOrder are the ratings a teacher may hold.
var schoolRatingOrder = []string{analytics.RatingIneffective, analytics.RatingNeedsDevelopment,
	analytics.RatingProficient, analytics.RatingExemplary}

// schoolShare is part of a whole in percent, to two decimals; nil when either
// is withheld or the whole is empty.
func schoolShare(part, whole *int) *float64 {
	if part == nil || whole == nil || *whole == 0 {
		return nil
	}
	v := math.Round(float64(*part)/float64(*whole)*10000) / 100
	return &v
}

// schoolRatingShares are a school's shares of its rated teachers in each
// rating; nil where its counts are withheld.
func schoolRatingShares(m *models.SchoolMetrics) map[string]*float64 {
	shares := map[string]*float64{}
	if m == nil {
		return shares
	}
	counts := []*int{m.Ineffective, m.NeedsDevelopment, m.Proficient, m.Exemplary}
	for i, r := range schoolRatingOrder {
		shares[r] = schoolShare(counts[i], m.Rated)
	}
	return shares
}

// schoolDistrictShares are the district's shares of its rated teachers in
// each rating, from its groups by rating: a rating with no group has no
// teachers.
func schoolDistrictShares(groups []models.DistrictGroup) map[string]*float64 {
	counts := map[string]int{}
	rated := 0
	for _, g := range groups {
		if g.Breakdown == models.BreakdownRetentionByRating && slices.Contains(schoolRatingOrder,
			g.GroupName) {
			counts[g.GroupName] += g.Teachers
			rated += g.Teachers
		}
	}
	shares := map[string]*float64{}
	for _, r := range schoolRatingOrder {
		n := counts[r]
		shares[r] = schoolShare(&n, &rated)
	}
	return shares
}

// schoolFacts are the headline figures of a school's page, with the
// last retention known; none when the year has not been computed for the
// school.
func schoolFacts(cfg analytics.Config, sc models.School, sy models.SchoolYear,
	subject string, retention []dashboards.SchoolRetentionYear) []dashboards.Fact {
	m := sy.Metrics
	if m == nil {
		return nil
	}
	f := dashboards.StaffFigures{Of: sc.Name, Teachers: m.Teachers,
		EffectivePct: m.EffectivePct, NovicePct: m.NovicePct, OutOfFieldPct: m.OutOfFieldPct,
		NoviceYears: cfg.Workforce.NoviceYears}
	if n := len(retention); n > 0 {
		f.Retention, f.RetentionYear = retention[n-1].School, retention[n-1].Year
	}

	var g dashboards.SchoolGrowth
	for _, sg := range sy.Growth {
		switch {
		case subject == "" && sg.Subject != models.SubjectAll:
			g.Students += sg.GrowthN
		case sg.Subject == subject:
			g.MedianSGP, g.Students = sg.MedianSGP, sg.GrowthN
		}
	}
	if subject == "" {
		g.MedianSGP = m.MedianSGP
	}
	return dashboards.SchoolFacts(f, g, cfg.Privacy.MinTeachers, cfg.Growth.MinStudents)
}
