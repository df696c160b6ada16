package api

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
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

// tradeoffsPath is the address of the trade-off page.
const tradeoffsPath = "/dashboards/tradeoffs"

// comparedScenarios is how many saved scenarios, the newest, the
// trade-off page compares.
const comparedScenarios = 50

// tradeoffPages lists the routes of the trade-off page: weighing a
// scenario, saving it, opening a saved one by its link, and deleting it.
func tradeoffPages() []endpoint {
	r, w := policies.Read, policies.Write
	return []endpoint{
		{method: http.MethodGet, path: tradeoffsPath, resource: policies.Scenarios, action: r,
			scope: district, page: true, handler: (*Server).tradeoffPage},
		{method: http.MethodPost, path: tradeoffsPath, resource: policies.Scenarios, action: w,
			scope: district, page: true, handler: (*Server).saveTradeoff},
		{method: http.MethodGet, path: tradeoffsPath + "/:scenario_id",
			resource: policies.Scenarios, action: r, scope: district, page: true,
			handler: (*Server).savedTradeoffPage},
		{method: http.MethodPost, path: tradeoffsPath + "/:scenario_id/delete",
			resource: policies.Scenarios, action: w, scope: district, page: true,
			handler: (*Server).deleteTradeoff},
	}
}

// optionField matches the name of a field of an option of the form,
// such as o3.kind.
var optionField = regexp.MustCompile(`^o([0-9]{1,3})\.kind$`)

// scenarioOfForm reads a scenario from the trade-off form's fields: year,
// target, o<n>.kind, .amount, .band, .change (students a class, or
// percent of lane pay), .subject, .rating and .poverty for each option n,
// and the assumptions a.retention (points per 1,000), a.effective,
// a.ineffective and a.stay (percent). An option whose n is remove is
// left out, as is one with no kind. On a field it cannot read it still
// reads the rest, so that the form can be shown again to be mended, and
// returns the first problem.
func scenarioOfForm(q url.Values) (scenarioRequest, error) {
	var req scenarioRequest
	var problem error
	fail := func(code ted.Code, format string, args ...any) {
		if problem == nil {
			problem = ted.Errorf(code, format, args...)
		}
	}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			fail(ted.CodeInvalid, "school year: %q is not a year", v)
		}
		req.Year = y
	}
	number := func(field, label string) *float64 {
		v := strings.TrimSpace(q.Get(field))
		if v == "" {
			return nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			fail(ted.CodeInvalid, "%s: %q is not a number", label, v)
			return nil
		}
		return &f
	}
	req.BudgetTarget = number("target", "budget target")

	var indices []int
	for k := range q {
		if m := optionField.FindStringSubmatch(k); m != nil {
			n, _ := strconv.Atoi(m[1])
			if q.Get(k) != "" && strconv.Itoa(n) != q.Get("remove") {
				indices = append(indices, n)
			}
		}
	}
	slices.Sort(indices)
	if len(indices) > dashboards.MaxOptions {
		fail(ted.CodeInvalid, "a scenario holds at most %d options, not %d",
			dashboards.MaxOptions, len(indices))
		indices = indices[:dashboards.MaxOptions]
	}
	req.Options = []optionBody{}
	for i, n := range indices {
		p := fmt.Sprintf("o%d.", n)
		label := fmt.Sprintf("option %d", i+1)
		o := optionBody{Kind: q.Get(p + "kind"), GradeBand: q.Get(p + "band"),
			Target: targetBody{Subjects: q[p+"subject"], Ratings: q[p+"rating"],
				HighPoverty: q.Get(p+"poverty") != ""}}
		amount := number(p+"amount", label+", dollars a teacher")
		change := number(p+"change", label+", change")
		switch o.Kind {
		case analytics.OptionRaise, analytics.OptionRetentionBonus:
			if amount == nil {
				fail(ted.CodeInvalid, "%s: give the dollars a teacher", label)
			} else {
				o.Amount = *amount
			}
		case analytics.OptionClassSize, analytics.OptionLaneChange:
			if change == nil {
				fail(ted.CodeInvalid, "%s: give the change", label)
			} else {
				o.Change = *change
			}
			if o.Kind == analytics.OptionLaneChange {
				o.Change /= 100
			}
		}
		if o.Kind != analytics.OptionClassSize {
			o.GradeBand = ""
		} else {
			o.Target = targetBody{}
		}
		req.Options = append(req.Options, o)
	}

	var a scenarioAssumptions
	for _, f := range []struct {
		field, label string
		dst          **float64
		scale        float64
	}{
		{"a.retention", "retention rise per $1,000", &a.RetentionPerThousand, 1},
		{"a.effective", "new teachers rated effective", &a.NewTeacherEffective, 100},
		{"a.ineffective", "new teachers rated ineffective", &a.NewTeacherIneffective, 100},
		{"a.stay", "teachers who stay a year", &a.BaseRetention, 100},
	} {
		if v := number(f.field, f.label); v != nil {
			*v /= f.scale
			*f.dst = v
		}
	}
	if a != (scenarioAssumptions{}) {
		req.Assumptions = &a
	}
	return req, problem
}

// formOfScenario writes a scenario as the trade-off form's query string,
// the inverse of scenarioOfForm.
func formOfScenario(req scenarioRequest) url.Values {
	q := url.Values{}
	if req.Year != 0 {
		q.Set("year", strconv.Itoa(req.Year))
	}
	if req.BudgetTarget != nil {
		q.Set("target", strconv.FormatFloat(*req.BudgetTarget, 'f', -1, 64))
	}
	for i, o := range req.Options {
		p := fmt.Sprintf("o%d.", i+1)
		q.Set(p+"kind", o.Kind)
		if o.Amount != 0 {
			q.Set(p+"amount", strconv.FormatFloat(o.Amount, 'f', -1, 64))
		}
		if o.GradeBand != "" {
			q.Set(p+"band", o.GradeBand)
		}
		change := o.Change
		if o.Kind == analytics.OptionLaneChange {
			change *= 100
		}
		if change != 0 || o.Kind == analytics.OptionClassSize ||
			o.Kind == analytics.OptionLaneChange {
			q.Set(p+"change", strconv.FormatFloat(change, 'f', -1, 64))
		}
		q[p+"subject"] = o.Target.Subjects
		q[p+"rating"] = o.Target.Ratings
		if o.Target.HighPoverty {
			q.Set(p+"poverty", "1")
		}
	}
	if a := req.Assumptions; a != nil {
		for _, f := range []struct {
			field string
			v     *float64
			scale float64
		}{
			{"a.retention", a.RetentionPerThousand, 1},
			{"a.effective", a.NewTeacherEffective, 100},
			{"a.ineffective", a.NewTeacherIneffective, 100},
			{"a.stay", a.BaseRetention, 100},
		} {
			if f.v != nil {
				q.Set(f.field, strconv.FormatFloat(*f.v*f.scale, 'f', -1, 64))
			}
		}
	}
	for k, v := range q {
		if len(v) == 0 {
			delete(q, k)
		}
	}
	return q
}

// tradeoffPage weighs the scenario of the page's query: its cost and
// effects, option by option, beside the saved scenarios. With ?part=results
// it answers only the part that changes, for the page's script.
func (s *Server) tradeoffPage(c *gin.Context) {
	req, err := scenarioOfForm(c.Request.URL.Query())
	s.renderTradeoffs(c, req, err, nil)
}

// savedTradeoffPage opens a saved scenario by its link.
func (s *Server) savedTradeoffPage(c *gin.Context) {
	ctx := c.Request.Context()
	m, err := s.db.ScenarioByID(ctx, c.Param("scenario_id"))
	if err != nil {
		s.failPage(c, err)
		return
	}
	var req scenarioRequest
	if err := json.Unmarshal([]byte(m.Request), &req); err != nil {
		s.failPage(c, ted.Wrap(ted.CodeInternal, err, "the saved scenario is unreadable"))
		return
	}
	s.renderTradeoffs(c, req, nil, &m)
}

// saveTradeoff saves the scenario the page last weighed, under the name
// given, and opens it by its link.
func (s *Server) saveTradeoff(c *gin.Context) {
	q, err := url.ParseQuery(c.PostForm("scenario"))
	if err != nil {
		s.failPage(c, ted.Errorf(ted.CodeInvalid, "the scenario to save is not readable"))
		return
	}
	req, err := scenarioOfForm(q)
	if err != nil {
		s.failPage(c, err)
		return
	}
	name := strings.TrimSpace(c.PostForm("name"))
	if l := len(name); l < 1 || l > 200 {
		s.failPage(c, ted.Errorf(ted.CodeInvalid, "name: a scenario needs a name of 1 to "+
			"200 characters"))
		return
	}
	res, err := s.runScenario(c, &scenarioBases{}, req)
	if err != nil {
		s.failPage(c, err)
		return
	}
	req.Year = res.SchoolYear
	body, err := json.Marshal(req)
	if err != nil {
		s.failPage(c, ted.Wrap(ted.CodeInternal, err, "saving the scenario failed"))
		return
	}
	m, err := s.db.SaveScenario(c.Request.Context(), models.Scenario{
		UserID: callerOf(c).User.UserID, Name: name, SchoolYear: res.SchoolYear,
		Request: string(body)})
	s.auditChange(c, "save_scenario", "scenario", m.ScenarioID, err)
	if err != nil {
		s.failPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, tradeoffsPath+"/"+url.PathEscape(m.ScenarioID))
}

// deleteTradeoff deletes a saved scenario and goes back to the trade-off
// page.
func (s *Server) deleteTradeoff(c *gin.Context) {
	if err := s.removeScenario(c, c.Param("scenario_id")); err != nil {
		s.failPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, tradeoffsPath)
}

// userEmails maps the users' ids to their email addresses.
func (s *Server) userEmails(c *gin.Context) (map[string]string, error) {
	users, err := s.db.Users(c.Request.Context())
	if err != nil {
		return nil, err
	}
	emails := make(map[string]string, len(users))
	for _, u := range users {
		emails[u.UserID] = u.Email
	}
	return emails, nil
}

// renderTradeoffs draws the trade-off page of a scenario, saved when
// saved is not nil; problem is what is wrong with the scenario asked for,
// which the page shows beside the form for the leader to mend.
func (s *Server) renderTradeoffs(c *gin.Context, req scenarioRequest, problem error,
	saved *models.Scenario) {
	_, years, err := s.pageYear(c)
	if err != nil && ted.ErrorCode(err) != ted.CodeInvalid {
		s.failPage(c, err)
		return
	}
	emails, err := s.userEmails(c)
	if err != nil {
		s.failPage(c, err)
		return
	}
	bases := &scenarioBases{}
	p := dashboards.TradeoffPage{}
	if saved != nil {
		p.Saved = &dashboards.SavedRef{ID: saved.ScenarioID, Name: saved.Name,
			SavedBy: emails[saved.UserID],
			SavedOn: saved.CreatedAt.UTC().Format("2 January 2006")}
		if p.Saved.Deletable, err = s.mayDeleteScenario(c, *saved); err != nil {
			s.failPage(c, err)
			return
		}
	}
	p.Title, p.Heading = "Trade-offs", "Budget trade-offs"
	p.Subheading = "What staffing options would cost a year on the district's own data, " +
		"and what they would do for effective teachers and equitable access. Options " +
		"add up; change any assumption to see how much the effects rest on it."
	cl := callerOf(c)
	p.CanSave, err = s.enforcer.Allowed(cl.User.UserID, policies.District, policies.Scenarios,
		policies.Write)
	if err != nil {
		s.failPage(c, ted.Wrap(ted.CodeInternal, err, "authorization failed"))
		return
	}

	var res scenarioResponse
	if problem == nil {
		res, problem = s.runScenario(c, bases, req)
	}
	code := http.StatusOK
	if problem != nil {
		if ted.ErrorCode(problem) != ted.CodeInvalid && ted.ErrorCode(problem) != ted.CodeNotFound {
			s.failPage(c, problem)
			return
		}
		p.Problem = ted.ErrorMessage(problem)
		code = status(ted.ErrorCode(problem))
	} else {
		req.Year = res.SchoolYear
	}
	year := req.Year
	if year == 0 || !slices.Contains(years, year) {
		year = years[0]
	}
	_, base, err := s.base(c, bases, year)
	if err != nil {
		s.failPage(c, err)
		return
	}
	query := formOfScenario(req)
	p.Form = scenarioForm(years, year, req, base, query.Encode())
	if p.Problem == "" {
		outcome := scenarioOutcome(req, res)
		p.Facts = dashboards.ScenarioFacts(outcome)
		if len(outcome.Options) > 0 {
			p.Panels = append(p.Panels, dashboards.OptionsPanel(outcome),
				dashboards.EffectsPanel(outcome))
		}
		compared, err := s.comparedScenarios(c, bases, emails)
		if err != nil {
			s.failPage(c, err)
			return
		}
		p.Panels = append(p.Panels, dashboards.ComparePanel(&outcome, compared),
			dashboards.CompareEffectsPanel(&outcome, compared))
	}
	s.writeTradeoffs(c, p, query, code)
}

// scenarioForm fills the trade-off form with a scenario; the assumptions
// shown are those the scenario was weighed with, or, where one is out of
// range, the one asked for, to be mended.
func scenarioForm(years []int, year int, req scenarioRequest, base analytics.Base,
	query string) dashboards.ScenarioForm {
	a, _ := req.assumptions()
	options := make([]dashboards.ScenarioOption, len(req.Options))
	for i, o := range req.Options {
		options[i] = scenarioOption(o)
	}
	var subjects []string
	for _, t := range base.Teachers {
		if t.Subject != "" && !slices.Contains(subjects, t.Subject) {
			subjects = append(subjects, t.Subject)
		}
	}
	slices.Sort(subjects)
	pct := func(v float64) float64 { return math.Round(v*1e6) / 1e4 }
	return dashboards.NewScenarioForm(yearFilter(years, year), req.BudgetTarget, options,
		dashboards.Assumptions{RetentionPerThousand: a.RetentionPerThousand,
			NewTeacherEffective:   pct(a.NewTeacherEffective),
			NewTeacherIneffective: pct(a.NewTeacherIneffective),
			BaseRetention:         pct(a.BaseRetention)},
		subjects, analytics.Ratings(), query)
}

// scenarioOption is an option of a request as the page shows it, lane
// changes in percent.
func scenarioOption(o optionBody) dashboards.ScenarioOption {
	change := o.Change
	if o.Kind == analytics.OptionLaneChange {
		change *= 100
	}
	return dashboards.ScenarioOption{Kind: o.Kind, GradeBand: o.GradeBand, Amount: o.Amount,
		Change: change, Subjects: o.Target.Subjects, Ratings: o.Target.Ratings,
		HighPoverty: o.Target.HighPoverty}
}

// scenarioOutcome is a scenario's evaluation as the page shows it.
func scenarioOutcome(req scenarioRequest, res scenarioResponse) dashboards.ScenarioOutcome {
	out := dashboards.ScenarioOutcome{Year: res.SchoolYear, Target: req.BudgetTarget,
		TotalCost: res.TotalCost, FTEChange: res.FTEChange,
		EffectiveChange:      res.Effects.EffectivePctChange,
		NoviceGapChange:      res.Effects.NoviceGapChange,
		IneffectiveGapChange: res.Effects.IneffectiveGapChange}
	for _, o := range res.Options {
		out.Options = append(out.Options, dashboards.OptionOutcome{
			Option: scenarioOption(o.Option), Teachers: o.Teachers, Cost: o.Cost,
			FTEChange: o.FTEChange, EffectiveChange: o.EffectivePctChange,
			NoviceGapChange: o.NoviceGapChange, IneffectiveGapChange: o.IneffectiveGapChange})
	}
	return out
}

// comparedScenarios are the newest saved scenarios, each evaluated on the
// district's data now and named with who saved it (emails by user id);
// one whose school year is no longer computed is left out.
func (s *Server) comparedScenarios(c *gin.Context, bases *scenarioBases,
	emails map[string]string) ([]dashboards.SavedScenario, error) {
	list, _, err := s.db.Scenarios(c.Request.Context(),
		models.Page{Limit: comparedScenarios}, "")
	if err != nil {
		return nil, err
	}
	var out []dashboards.SavedScenario
	for _, m := range list {
		sv, err := s.savedOf(c, bases, m)
		if ted.ErrorCode(err) == ted.CodeNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, dashboards.SavedScenario{Name: m.Name,
			Link: tradeoffsPath + "/" + url.PathEscape(m.ScenarioID), SavedBy: emails[m.UserID],
			SavedOn: m.CreatedAt.UTC().Format("2006-01-02"),
			Outcome: scenarioOutcome(sv.Request, sv.Result)})
	}
	return out, nil
}

// writeTradeoffs answers the trade-off page: the whole page, with
// ?part=results the part that changes with the scenario, or with ?csv=ID
// the table of one of its panels.
func (s *Server) writeTradeoffs(c *gin.Context, p dashboards.TradeoffPage, query url.Values,
	code int) {
	if s.framePage(c, &p.Page, tradeoffsPath) {
		return
	}
	part := c.Query("part") == "results"
	if part {
		c.Header("X-TED-Part", "results")
	}
	s.writePage(c, code, func(w io.Writer) error {
		return dashboards.RenderTradeoffs(w, p, pathWithQuery(tradeoffsPath, query), part)
	})
}
