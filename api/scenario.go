package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
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

// assumptions applies the changes asked for to the defaults. A change out
// of its range is applied too, for a form to show it again, and the first
// such is the error.
func (r scenarioRequest) assumptions() (analytics.Assumptions, error) {
	a := analytics.DefaultAssumptions()
	if r.Assumptions == nil {
		return a, nil
	}
	var err error
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
		if !(*c.v >= c.min && *c.v <= c.max) && err == nil {
			err = ted.Errorf(ted.CodeInvalid, "assumptions.%s: %v is not from %v to %v",
				c.name, *c.v, c.min, c.max)
		}
		*c.dst = *c.v
	}
	return a, err
}

// evaluateScenario answers what a scenario's options would cost and do,
// without saving it.
func (s *Server) evaluateScenario(c *gin.Context) {
	var req scenarioRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	res, err := s.runScenario(c, &scenarioBases{}, req)
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// scenarioBases holds the base years of the scenarios a request costs,
// each loaded once however many scenarios use it.
type scenarioBases struct {
	years []int
	bases map[int]analytics.Base
}

// base returns the base of a school year, the last computed one when
// year is 0.
func (s *Server) base(c *gin.Context, b *scenarioBases, year int) (int, analytics.Base,
	error) {
	ctx := c.Request.Context()
	if b.years == nil {
		years, err := s.db.ComputedYears(ctx)
		if err != nil {
			return 0, analytics.Base{}, err
		}
		b.years, b.bases = years, map[int]analytics.Base{}
	}
	if year == 0 && len(b.years) > 0 {
		year = b.years[0]
	}
	if !slices.Contains(b.years, year) {
		return 0, analytics.Base{}, ted.Errorf(ted.CodeNotFound,
			"school year %d has not been computed", year)
	}
	if base, ok := b.bases[year]; ok {
		return year, base, nil
	}
	base, err := s.bases.get(ctx, s.db, year)
	if err != nil {
		return 0, analytics.Base{}, err
	}
	b.bases[year] = base
	return year, base, nil
}

// baseCache keeps the scenario base of each school year with the version
// of the data it was read from, and reads it again only when that version
// has changed: an import or a compute run since. Reading a base takes a
// tenth of a second at a large district's scale; checking the version,
// two lookups by key.
type baseCache struct {
	mu      sync.Mutex
	entries map[int]cachedBase
}

type cachedBase struct {
	version string
	base    analytics.Base
}

// get returns the base of a school year, read again if its data changed.
// Bases are only read, never changed, so one may serve many requests.
func (bc *baseCache) get(ctx context.Context, db *models.DB, year int) (analytics.Base,
	error) {
	version, err := db.YearVersion(ctx, year)
	if err != nil {
		return analytics.Base{}, err
	}
	bc.mu.Lock()
	e, ok := bc.entries[year]
	bc.mu.Unlock()
	if ok && e.version == version {
		return e.base, nil
	}
	base, err := compute.ScenarioBase(ctx, db, year)
	if err != nil {
		return analytics.Base{}, err
	}
	bc.mu.Lock()
	defer bc.mu.Unlock()
	if bc.entries == nil {
		bc.entries = map[int]cachedBase{}
	}
	bc.entries[year] = cachedBase{version: version, base: base}
	return base, nil
}

// runScenario costs a scenario on its school year.
func (s *Server) runScenario(c *gin.Context, bases *scenarioBases, req scenarioRequest) (
	scenarioResponse, error) {
	a, err := req.assumptions()
	if err != nil {
		return scenarioResponse{}, err
	}
	year, base, err := s.base(c, bases, req.Year)
	if err != nil {
		return scenarioResponse{}, err
	}
	if len(base.Teachers) == 0 && len(req.Options) > 0 {
		return scenarioResponse{}, ted.Errorf(ted.CodeNotFound, "no teacher of school year "+
			"%d has pay reported, so no option can be costed: import its compensation.csv "+
			"and compute the year", year)
	}
	options := make([]analytics.Option, len(req.Options))
	for i, o := range req.Options {
		options[i] = o.option()
	}
	res, err := analytics.EvaluateScenario(base, options, a)
	if err != nil {
		return scenarioResponse{}, ted.Wrap(ted.CodeInvalid, err, "%s", err.Error())
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
	return out, nil
}

// saveRequest saves a scenario under a name.
type saveRequest struct {
	Name string `json:"name"`
	scenarioRequest
}

// savedScenario is a saved scenario: who saved it and when, what it asks,
// and what it costs and does on the district's data now.
type savedScenario struct {
	ScenarioID string           `json:"scenario_id"`
	Name       string           `json:"name"`
	UserID     string           `json:"user_id"`
	CreatedAt  time.Time        `json:"created_at"`
	Request    scenarioRequest  `json:"request"`
	Result     scenarioResponse `json:"result"`
}

// savedOf evaluates a stored scenario again.
func (s *Server) savedOf(c *gin.Context, bases *scenarioBases, m models.Scenario) (
	savedScenario, error) {
	var req scenarioRequest
	if err := json.Unmarshal([]byte(m.Request), &req); err != nil {
		return savedScenario{}, ted.Wrap(ted.CodeInternal, err, "the saved scenario is unreadable")
	}
	res, err := s.runScenario(c, bases, req)
	if err != nil {
		return savedScenario{}, err
	}
	return savedScenario{ScenarioID: m.ScenarioID, Name: m.Name, UserID: m.UserID,
		CreatedAt: m.CreatedAt.UTC(), Request: req, Result: res}, nil
}

// saveScenario checks a scenario by evaluating it, then saves it for the
// district to open by its link and compare.
func (s *Server) saveScenario(c *gin.Context) {
	var req saveRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	if l := len(req.Name); l < 1 || l > 200 {
		respondError(c, ted.Errorf(ted.CodeInvalid, "name: a scenario needs a name of 1 to "+
			"200 characters"))
		return
	}
	res, err := s.runScenario(c, &scenarioBases{}, req.scenarioRequest)
	if err != nil {
		respondError(c, err)
		return
	}
	req.Year = res.SchoolYear
	body, err := json.Marshal(req.scenarioRequest)
	if err != nil {
		respondError(c, ted.Wrap(ted.CodeInternal, err, "saving the scenario failed"))
		return
	}
	cl := callerOf(c)
	m, err := s.db.SaveScenario(c.Request.Context(), models.Scenario{UserID: cl.User.UserID,
		Name: req.Name, SchoolYear: res.SchoolYear, Request: string(body)})
	s.auditChange(c, "save_scenario", "scenario", m.ScenarioID, err)
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, savedScenario{ScenarioID: m.ScenarioID, Name: m.Name,
		UserID: m.UserID, CreatedAt: m.CreatedAt.UTC(), Request: req.scenarioRequest,
		Result: res})
}

// listScenarios lists the saved scenarios, newest first, each evaluated on
// the district's data now so that they can be compared side by side;
// ?saved_by= narrows them to one user's, "me" to the caller's.
func (s *Server) listScenarios(c *gin.Context) {
	p, err := page(c)
	if err != nil {
		respondError(c, err)
		return
	}
	by := c.Query("saved_by")
	if by == "me" {
		by = callerOf(c).User.UserID
	}
	list, total, err := s.db.Scenarios(c.Request.Context(), p, by)
	if err != nil {
		respondError(c, err)
		return
	}
	items := make([]savedScenario, 0, len(list))
	bases := &scenarioBases{}
	for _, m := range list {
		sv, err := s.savedOf(c, bases, m)
		if err != nil {
			respondError(c, err)
			return
		}
		items = append(items, sv)
	}
	c.JSON(http.StatusOK, newList(items, total, p))
}

// getScenario opens a saved scenario by its link.
func (s *Server) getScenario(c *gin.Context) {
	m, err := s.db.ScenarioByID(c.Request.Context(), c.Param("scenario_id"))
	if err != nil {
		respondError(c, err)
		return
	}
	sv, err := s.savedOf(c, &scenarioBases{}, m)
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, sv)
}

// deleteScenario removes a saved scenario: its own, or, for an admin,
// anyone's.
func (s *Server) deleteScenario(c *gin.Context) {
	id := c.Param("scenario_id")
	err := s.removeScenario(c, id)
	if err != nil {
		respondError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// removeScenario deletes a saved scenario if the caller may, and writes
// the attempt to the audit log.
func (s *Server) removeScenario(c *gin.Context, id string) error {
	m, err := s.db.ScenarioByID(c.Request.Context(), id)
	if err == nil {
		var ok bool
		if ok, err = s.mayDeleteScenario(c, m); err == nil && !ok {
			// A denial, written as the authorization check writes its own.
			cl := callerOf(c)
			s.audit(c, models.AuditEntry{UserID: cl.User.UserID, Actor: cl.User.Email,
				Action: policies.Write, Resource: policies.Scenarios, RecordID: id,
				Outcome: models.AuditDenied})
			return ted.Errorf(ted.CodeForbidden, "only whoever saved a scenario, or an "+
				"admin, may delete it")
		}
	}
	if err == nil {
		err = s.db.DeleteScenario(c.Request.Context(), id)
	}
	s.auditChange(c, "delete_scenario", "scenario", id, err)
	return err
}

// mayDeleteScenario tells whether the caller may delete a saved scenario:
// whoever saved it may, and so may those whose policy lets them write
// others' scenarios (admins, by default); others who weigh scenarios may
// open it, not delete it.
func (s *Server) mayDeleteScenario(c *gin.Context, m models.Scenario) (bool, error) {
	uid := callerOf(c).User.UserID
	if m.UserID == uid {
		return true, nil
	}
	ok, err := s.enforcer.Allowed(uid, policies.District, policies.OthersScenarios,
		policies.Write)
	if err != nil {
		return false, ted.Wrap(ted.CodeInternal, err, "authorization failed")
	}
	return ok, nil
}
