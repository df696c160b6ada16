package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted/analytics/compute"
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
// salaries pay for. Null is not reported; the staffing figures are
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
	if b.Teachers >= s.district.Privacy.MinTeachers {
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
