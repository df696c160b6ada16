package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
)

// budgetLineBody is one line of a school's budget; actual is null when
// not reported.
type budgetLineBody struct {
	Fund     string   `json:"fund"`
	Category string   `json:"category"`
	Budgeted float64  `json:"budgeted"`
	Actual   *float64 `json:"actual"`
}

// salariesBody splits a school's teacher salaries, by FTE, into the
// schedule's entry pay, what steps and lanes add, and supplements.
type salariesBody struct {
	Base        float64 `json:"base"`
	Step        float64 `json:"step"`
	Lane        float64 `json:"lane"`
	Supplements float64 `json:"supplements"`
}

// schoolBudgetResponse is a school's money in a school year: its
// student-based allocation against what its staff cost, its budget
// against actual spending, its teachers' cost a student and what their
// salaries pay for. Null is not reported; the staffing figures are also
// withheld (null) for a school with fewer teachers than the privacy rules
// allow, since they would tell individual pay.
type schoolBudgetResponse struct {
	SchoolID       string           `json:"school_id"`
	SchoolYear     int              `json:"school_year"`
	Students       int              `json:"students"`
	Teachers       int              `json:"teachers"`
	Allocation     *float64         `json:"allocation"`
	StaffingCost   *float64         `json:"staffing_cost"`
	TeacherCost    *float64         `json:"teacher_cost"`
	CostPerStudent *float64         `json:"cost_per_student"`
	Lines          []budgetLineBody `json:"lines"`
	Salaries       *salariesBody    `json:"salaries"`
}

// schoolBudget answers a school's budget of a year.
func (s *Server) schoolBudget(c *gin.Context) {
	year, sc, err := s.schoolOfYear(c)
	if err != nil {
		respondError(c, err)
		return
	}
	b, err := compute.SchoolBudgetOf(c.Request.Context(), s.db, sc.SchoolID, year)
	if err != nil {
		respondError(c, err)
		return
	}
	res := schoolBudgetResponse{SchoolID: sc.SchoolID, SchoolYear: year, Students: b.Students,
		Teachers: b.Teachers, Allocation: b.Allocation, Lines: []budgetLineBody{}}
	if staffingShown(b, s.district) {
		salaries := salariesBody(b.Salaries)
		res.StaffingCost, res.TeacherCost = &b.StaffingCost, &b.TeacherCost
		res.CostPerStudent, res.Salaries = b.CostPerStudent, &salaries
	}
	for _, l := range b.Lines {
		res.Lines = append(res.Lines, budgetLineBody{Fund: l.Fund, Category: l.Category,
			Budgeted: l.Budgeted, Actual: l.Actual})
	}
	c.JSON(http.StatusOK, res)
}

// staffingShown tells whether a school's staffing figures may be shown:
// they are known only where the district reports pay, and with fewer
// teachers than the privacy rules allow they would tell individual pay.
func staffingShown(b compute.SchoolBudget, cfg analytics.Config) bool {
	return b.PaidStaff > 0 && b.Teachers >= cfg.Privacy.MinTeachers
}

// schoolMoney is a school's budget as the budget panels show it, its
// staffing figures withheld when the privacy rules say so.
func schoolMoney(b compute.SchoolBudget, sc models.School,
	cfg analytics.Config) dashboards.SchoolMoney {
	m := dashboards.SchoolMoney{Name: schoolName(sc), Link: schoolLink(b.SchoolID),
		Students: b.Students, Teachers: b.Teachers, Allocation: b.Allocation,
		PayReported: b.PaidStaff > 0}
	m.Lines = budgetLines(b.Lines)
	if staffingShown(b, cfg) {
		split := dashboards.SalarySplit(b.Salaries)
		m.StaffingCost, m.TeacherCost = &b.StaffingCost, &b.TeacherCost
		m.CostPerStudent, m.Salaries = b.CostPerStudent, &split
	}
	return m
}

// schoolBudgetPanels are the budget panels of a school's page.
func (s *Server) schoolBudgetPanels(ctx context.Context, sc models.School, year int) (
	[]dashboards.Panel, error) {
	b, err := compute.SchoolBudgetOf(ctx, s.db, sc.SchoolID, year)
	if err != nil {
		return nil, err
	}
	th := thresholds(s.district)
	m := schoolMoney(b, sc, s.district)
	return []dashboards.Panel{
		dashboards.AllocationPanel(m, th),
		dashboards.BudgetLinesPanel("budget-lines", "Budget against actual", m.Lines),
		dashboards.SalarySplitPanel(m, th),
	}, nil
}

// districtBudgetPanels are the budget panels of the district's dashboard:
// every school's allocation against its staffing cost, and the district's
// budget against its spending.
func (s *Server) districtBudgetPanels(ctx context.Context, d districtData) (
	[]dashboards.Panel, error) {
	all, err := compute.DistrictBudgetOf(ctx, s.db, d.year)
	if err != nil {
		return nil, err
	}
	names := map[string]models.School{}
	for _, sc := range d.schools {
		names[sc.School.SchoolID] = sc.School
	}
	money := make([]dashboards.SchoolMoney, 0, len(all.Schools))
	lines := [][]dashboards.BudgetLine{budgetLines(all.Central)}
	for _, b := range all.Schools {
		sc, ok := names[b.SchoolID]
		if !ok {
			sc = models.School{SchoolID: b.SchoolID}
		}
		m := schoolMoney(b, sc, s.district)
		money = append(money, m)
		lines = append(lines, m.Lines)
	}
	th := thresholds(s.district)
	return []dashboards.Panel{
		dashboards.SchoolBudgetsPanel(money, th),
		dashboards.BudgetLinesPanel("budget-lines", "District budget against actual",
			dashboards.DistrictLines(lines...)),
	}, nil
}

// budgetLines are budget lines as the panels show them.
func budgetLines(lines []compute.BudgetLine) []dashboards.BudgetLine {
	out := make([]dashboards.BudgetLine, len(lines))
	for i, l := range lines {
		out[i] = dashboards.BudgetLine(l)
	}
	return out
}
