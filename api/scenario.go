package api

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/analytics/compute"
)

// scenarioRequest asks what a set of options would cost and do, on the
// data of a computed school year (the last one when left out). Assumptions
// given replace the defaults one by one; a budget target, when given, is
// compared with the total.
type scenarioRequest struct {
	Year         int                  `json:"year,omitempty"`
	Options      []optionBody         `json:"options"`
	Assumptions  *scenarioAssumptions `json:"assumptions,omitempty"`
	BudgetTarget *float64             `json:"budget_target,omitempty"`
}

// optionBody is one option of a scenario: kind raise, class_size,
// step_freeze, lane_change or retention_bonus; amount in dollars a teacher
// (raise, bonus); grade_band and change in students a section
// (class_size); change as a fraction of lane pay (lane_change); target
// the group reached.
type optionBody struct {
	Kind      string     `json:"kind"`
	Amount    float64    `json:"amount,omitempty"`
	GradeBand string     `json:"grade_band,omitempty"`
	Change    float64    `json:"change,omitempty"`
	Target    targetBody `json:"target"`
}

// targetBody narrows an option to teachers of some subjects, ratings, or
// the highest-poverty schools; empty reaches every teacher.
type targetBody struct {
	Subjects    []string `json:"subjects,omitempty"`
	Ratings     []string `json:"ratings,omitempty"`
	HighPoverty bool     `json:"high_poverty,omitempty"`
}

func (o optionBody) option() analytics.Option {
	return analytics.Option{Kind: o.Kind, Amount: o.Amount, GradeBand: o.GradeBand,
		Change: o.Change, Target: analytics.Target{Subjects: o.Target.Subjects,
			Ratings: o.Target.Ratings, HighPoverty: o.Target.HighPoverty}}
}

// optionResultBody is an option's cost, change in teacher FTE, effects in
// percentage points, and the teachers it reaches.
type optionResultBody struct {
	Option               optionBody `json:"option"`
	Cost                 float64    `json:"cost"`
	FTEChange            float64    `json:"fte_change"`
	EffectivePctChange   float64    `json:"effective_pct_change"`
	NoviceGapChange      float64    `json:"novice_gap_change"`
	IneffectiveGapChange float64    `json:"ineffective_gap_change"`
	Teachers             int        `json:"teachers"`
}

// assumptionsBody are the assumptions a scenario's effects rest on.
type assumptionsBody struct {
	RetentionPerThousand  float64 `json:"retention_per_thousand"`
	NewTeacherEffective   float64 `json:"new_teacher_effective"`
	NewTeacherIneffective float64 `json:"new_teacher_ineffective"`
	BaseRetention         float64 `json:"base_retention"`
}

// scenarioAssumptions are assumptions to change; those left out keep
// their defaults.
type scenarioAssumptions struct {
	RetentionPerThousand  *float64 `json:"retention_per_thousand,omitempty"`
	NewTeacherEffective   *float64 `json:"new_teacher_effective,omitempty"`
	NewTeacherIneffective *float64 `json:"new_teacher_ineffective,omitempty"`
	BaseRetention         *float64 `json:"base_retention,omitempty"`
}

// scenarioEffects are a scenario's projected effects, in percentage
// points: on the share of teachers rated effective, and on the
// equitable-access gaps of novice and ineffective teachers.
type scenarioEffects struct {
	EffectivePctChange   float64 `json:"effective_pct_change"`
	NoviceGapChange      float64 `json:"novice_gap_change"`
	IneffectiveGapChange float64 `json:"ineffective_gap_change"`
}

// scenarioResponse is a scenario's cost and effects, option by option and
// in all, with the assumptions they rest on.
type scenarioResponse struct {
	SchoolYear   int                `json:"school_year"`
	TotalCost    float64            `json:"total_cost"`
	FTEChange    float64            `json:"fte_change"`
	Options      []optionResultBody `json:"options"`
	Effects      scenarioEffects    `json:"effects"`
	Assumptions  assumptionsBody    `json:"assumptions"`
	BudgetTarget *float64           `json:"budget_target"`
	// OverTarget is how far the total is above the target (below it when
	// negative), null without a target.
	OverTarget *float64 `json:"over_target"`
}

// assumptions applies the changes asked for to the defaults.
func (r scenarioRequest) assumptions() (analytics.Assumptions, error) {
	a := analytics.DefaultAssumptions()
	if r.Assumptions == nil {
		return a, nil
	}
	for _, c := range []struct {
		name     string
		v        *float64
		dst      *float64
		min, max float64
	}{
		{"retention_per_thousand", r.Assumptions.RetentionPerThousand,
			&a.RetentionPerThousand, 0, 100},
		{"new_teacher_effective", r.Assumptions.NewTeacherEffective,
			&a.NewTeacherEffective, 0, 1},
		{"new_teacher_ineffective", r.Assumptions.NewTeacherIneffective,
			&a.NewTeacherIneffective, 0, 1},
		{"base_retention", r.Assumptions.BaseRetention, &a.BaseRetention, 0, 1},
	} {
		if c.v == nil {
			continue
		}
		if !(*c.v >= c.min && *c.v <= c.max) {
			return a, ted.Errorf(ted.CodeInvalid, "assumptions.%s: %v is not from %v to %v",
				c.name, *c.v, c.min, c.max)
		}
		*c.dst = *c.v
	}
	return a, nil
}

// evaluateScenario answers what a scenario's options would cost and do,
// without saving it.
func (s *Server) evaluateScenario(c *gin.Context) {
	var req scenarioRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	a, err := req.assumptions()
	if err != nil {
		respondError(c, err)
		return
	}
	year := req.Year
	if year == 0 {
		if year, err = s.db.LatestYear(c.Request.Context()); err != nil {
			respondError(c, err)
			return
		}
	}
	years, err := s.db.ComputedYears(c.Request.Context())
	if err != nil {
		respondError(c, err)
		return
	}
	if !slices.Contains(years, year) {
		respondError(c, ted.Errorf(ted.CodeNotFound, "school year %d has not been computed",
			year))
		return
	}
	base, err := compute.ScenarioBase(c.Request.Context(), s.db, year)
	if err != nil {
		respondError(c, err)
		return
	}
	options := make([]analytics.Option, len(req.Options))
	for i, o := range req.Options {
		options[i] = o.option()
	}
	res, err := analytics.EvaluateScenario(base, options, a)
	if err != nil {
		respondError(c, ted.Wrap(ted.CodeInvalid, err, "%s", err.Error()))
		return
	}
	out := scenarioResponse{SchoolYear: year, TotalCost: res.TotalCost,
		FTEChange: res.FTEChange, Options: []optionResultBody{},
		Assumptions: assumptionsBody(res.Assumptions),
		Effects: scenarioEffects{EffectivePctChange: res.EffectiveChange,
			NoviceGapChange: res.NoviceGapChange, IneffectiveGapChange: res.IneffectiveGapChange},
		BudgetTarget: req.BudgetTarget}
	for i, r := range res.Options {
		out.Options = append(out.Options, optionResultBody{Option: req.Options[i],
			Cost: r.Cost, FTEChange: r.FTEChange, EffectivePctChange: r.EffectiveChange,
			NoviceGapChange: r.NoviceGapChange, IneffectiveGapChange: r.IneffectiveGapChange,
			Teachers: r.Teachers})
	}
	if req.BudgetTarget != nil {
		over := res.TotalCost - *req.BudgetTarget
		out.OverTarget = &over
	}
	c.JSON(http.StatusOK, out)
}
