package api

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// districtPages lists the routes of the district pages.
func districtPages() []endpoint {
	return []endpoint{
		{method: http.MethodGet, path: "/dashboards/district",
			resource: policies.DistrictTables, action: policies.Read, scope: district,
			page: true, handler: (*Server).districtPage},
	}
}

// thresholds are the privacy rules' smallest groups, as the pages say
// them.
func thresholds(cfg analytics.Config) dashboards.Thresholds {
	return dashboards.Thresholds{Teachers: cfg.Privacy.MinTeachers,
		Students: cfg.Growth.MinStudents}
}

// districtData is what the district leader's dashboard shows of a school
// year: the district's measures and groups, its schools, and its measures
// of every year up to this one.
type districtData struct {
	year    int
	metrics *models.DistrictMetrics
	groups  []models.DistrictGroup
	schools []models.SchoolOfYear
	history []models.DistrictMetrics
}

// districtPage is the district leader's dashboard: equitable access,
// schools by poverty and effectiveness, retention and pay by rating, pay
// against experience, the trends of the years and the schools compared.
func (s *Server) districtPage(c *gin.Context) {
	year, years, err := s.pageYear(c)
	if err != nil {
		s.failPage(c, err)
		return
	}
	d, err := s.loadDistrict(c, year)
	if err != nil {
		s.failPage(c, err)
		return
	}
	budget, err := s.districtBudgetPanels(c.Request.Context(), d)
	if err != nil {
		s.failPage(c, err)
		return
	}
	th := thresholds(s.district)
	m := d.metrics
	summary := dashboards.DistrictSummary{Teachers: m.Teachers,
		EffectivePct: m.EffectivePct, RetentionRate: m.RetentionRate,
		SmartRetentionGap: m.SmartRetentionGap, Equity: equityOf(m)}
	s.renderPage(c, dashboards.Page{
		Title:   "District",
		Heading: "District dashboard",
		Subheading: "Where the district's effective teachers teach, whom it keeps, " +
			"and what it pays for, in " + dashboards.YearSpan(year) + ".",
		Filters: []dashboards.Filter{yearFilter(years, year)},
		Facts:   dashboards.DistrictFacts(summary, th),
		Panels:  append(districtPanels(d, th), budget...),
	})
}

// loadDistrict reads what the district's dashboard shows of a year; a
// year not computed is not found.
func (s *Server) loadDistrict(c *gin.Context, year int) (districtData, error) {
	ctx := c.Request.Context()
	d := districtData{year: year}
	var err error
	d.metrics, d.groups, err = s.db.DistrictYear(ctx, year,
		models.BreakdownRetentionByRating, models.BreakdownPayByRating,
		models.BreakdownPayByExperience)
	if err == nil && d.metrics == nil {
		err = ted.Errorf(ted.CodeNotFound, "school year %s has not been computed",
			dashboards.YearSpan(year))
	}
	if err != nil {
		return d, err
	}
	if d.schools, err = s.db.DistrictSchools(ctx, year); err != nil {
		return d, err
	}
	history, err := s.db.DistrictYears(ctx)
	d.history = slices.DeleteFunc(history, func(m models.DistrictMetrics) bool {
		return m.SchoolYear > year
	})
	return d, err
}

// districtPanels are the panels of the district's dashboard.
func districtPanels(d districtData, th dashboards.Thresholds) []dashboards.Panel {
	m := d.metrics
	nextYearKnown := m.RetentionRate != nil
	var points []dashboards.SchoolPoint
	var compared []dashboards.SchoolComparison
	for _, sc := range d.schools {
		points = append(points, dashboards.SchoolPoint{Name: schoolName(sc.School),
			Link: schoolLink(sc.Metrics.SchoolID), Poverty: sc.Metrics.EconDisadvantagedPct,
			Effective: sc.Metrics.EffectivePct})
		compared = append(compared, schoolComparison(sc))
	}
	var trends []dashboards.DistrictTrend
	for _, h := range d.history {
		trends = append(trends, dashboards.DistrictTrend{Year: h.SchoolYear,
			EffectivePct: h.EffectivePct, NovicePct: h.NovicePct,
			RetentionRate: h.RetentionRate, SmartRetentionGap: h.SmartRetentionGap})
	}
	ratings := groupsByRating(d.groups, models.BreakdownRetentionByRating)
	return []dashboards.Panel{
		dashboards.EquityPanel(equityOf(m), th),
		dashboards.PovertyPanel(points, th),
		dashboards.RetentionPanel(ratings, nextYearKnown, th),
		dashboards.PayByRatingPanel(groupsByRating(d.groups, models.BreakdownPayByRating), th),
		dashboards.PayByExperiencePanel(groupsByBand(d.groups), th),
		dashboards.PaySharesPanel(m.LanePayShare, m.LateStepPayShare),
		dashboards.TrendsPanel(trends, th),
		dashboards.SchoolsPanel(compared, nextYearKnown, th),
	}
}

// equityOf is the equitable-access comparison of a year's measures.
func equityOf(m *models.DistrictMetrics) dashboards.Equity {
	return dashboards.Equity{
		Lowest: dashboards.EquityShares{Ineffective: m.LowestPovertyIneffectivePct,
			OutOfField: m.LowestPovertyOutOfFieldPct, Novice: m.LowestPovertyNovicePct},
		Highest: dashboards.EquityShares{Ineffective: m.HighestPovertyIneffectivePct,
			OutOfField: m.HighestPovertyOutOfFieldPct, Novice: m.HighestPovertyNovicePct},
		Gap: dashboards.EquityShares{Ineffective: m.IneffectiveGap,
			OutOfField: m.OutOfFieldGap, Novice: m.NoviceGap},
	}
}

// schoolComparison is a school's row in the district's comparison.
func schoolComparison(sc models.SchoolOfYear) dashboards.SchoolComparison {
	m := sc.Metrics
	return dashboards.SchoolComparison{Name: schoolName(sc.School),
		Link: schoolLink(m.SchoolID), Teachers: m.Teachers, Students: m.Students,
		Poverty: m.EconDisadvantagedPct, Effective: m.EffectivePct,
		Ineffective: m.IneffectivePct, Novice: m.NovicePct, OutOfField: m.OutOfFieldPct,
		MedianSGP: m.MedianSGP, Retention: m.RetentionRate,
		CostPerStudent: money(m.CostPerStudent), Rated: m.Rated, Exemplary: m.Exemplary,
		Proficient: m.Proficient, NeedsDevelopment: m.NeedsDevelopment,
		IneffectiveCount: m.Ineffective, Expiring: m.CertificationsExpiring}
}

// schoolName is a school's name, or its id when the name is not known.
func schoolName(sc models.School) string {
	return cmp.Or(sc.Name, sc.SchoolID)
}

// schoolLink is the address of a school's page.
func schoolLink(id string) string { return "/schools/" + url.PathEscape(id) }

// teacherGroup is a stored group of teachers as the dashboards show it.
func teacherGroup(g models.DistrictGroup) dashboards.TeacherGroup {
	return dashboards.TeacherGroup{Name: g.GroupName, Teachers: g.Teachers,
		RetentionRate: g.RetentionRate, EffectivePct: g.EffectivePct, MeanCost: g.MeanCost}
}

// groupsByRating are the groups of a breakdown by rating, lowest rating
// first and the teachers not rated last.
func groupsByRating(groups []models.DistrictGroup, breakdown string) []dashboards.TeacherGroup {
	order := append(analytics.Ratings(), analytics.Unrated)
	var list []dashboards.TeacherGroup
	for _, g := range groups {
		if g.Breakdown == breakdown {
			list = append(list, teacherGroup(g))
		}
	}
	slices.SortStableFunc(list, func(a, b dashboards.TeacherGroup) int {
		return cmp.Compare(rank(order, a.Name), rank(order, b.Name))
	})
	return list
}

// groupsByBand are the groups of pay by experience, fewest years first.
func groupsByBand(groups []models.DistrictGroup) []dashboards.TeacherGroup {
	var list []dashboards.TeacherGroup
	for _, g := range groups {
		if g.Breakdown == models.BreakdownPayByExperience {
			list = append(list, teacherGroup(g))
		}
	}
	slices.SortStableFunc(list, func(a, b dashboards.TeacherGroup) int {
		return cmp.Compare(bandStart(a.Name), bandStart(b.Name))
	})
	return list
}

// rank is a name's place in an order, names not in it last.
func rank(order []string, name string) int {
	if i := slices.Index(order, name); i >= 0 {
		return i
	}
	return len(order)
}

// bandStart is the fewest years of experience of a band such as "3-5" or
// "21+".
func bandStart(band string) int {
	n, err := strconv.Atoi(strings.TrimRight(strings.SplitN(band, "-", 2)[0], "+"))
	if err != nil {
		return -1
	}
	return n
}
