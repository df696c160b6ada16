package api

import (
	"io"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

func TestAPI_EvaluateScenario(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		const path = "/api/v1/scenarios/evaluate"
		evaluate := func(t *testing.T, req scenarioRequest, want int) scenarioResponse {
			t.Helper()
			w := f.request(t, asDistrictLeader, http.MethodPost, path, req)
			wantStatus(t, w, want)
			if want != http.StatusOK {
				return scenarioResponse{}
			}
			return decode[scenarioResponse](t, w)
		}

		t.Run("CostsOfTheBaseYear", func(t *testing.T) {
			base, err := compute.ScenarioBase(t.Context(), db, f.year)
			if err != nil {
				t.Fatal(err)
			}
			want, err := analytics.EvaluateScenario(base, []analytics.Option{
				{Kind: analytics.OptionRaise, Amount: 1000},
				{Kind: analytics.OptionStepFreeze}}, analytics.DefaultAssumptions())
			if err != nil {
				t.Fatal(err)
			}
			target := 100000.0
			got := evaluate(t, scenarioRequest{Year: f.year, BudgetTarget: &target,
				Options: []optionBody{{Kind: "raise", Amount: 1000}, {Kind: "step_freeze"}}},
				http.StatusOK)
			if math.Abs(got.TotalCost-want.TotalCost) > 1e-6 || len(got.Options) != 2 ||
				got.Options[0].Cost <= 0 || got.Options[1].Cost >= 0 {
				t.Fatalf("scenario %+v, want a total of %v", got, want.TotalCost)
			}
			if got.OverTarget == nil || math.Abs(*got.OverTarget-(got.TotalCost-target)) > 1e-6 {
				t.Fatalf("over target %v", got.OverTarget)
			}
		})
		t.Run("NoOptions", func(t *testing.T) {
			got := evaluate(t, scenarioRequest{Options: []optionBody{}}, http.StatusOK)
			if got.TotalCost != 0 || got.FTEChange != 0 || got.Effects.EffectivePctChange != 0 ||
				got.SchoolYear != 2025 || got.OverTarget != nil {
				t.Fatalf("empty scenario %+v", got)
			}
		})
		t.Run("AssumptionsChanged", func(t *testing.T) {
			bonus := []optionBody{{Kind: "retention_bonus", Amount: 3000,
				Target: targetBody{Ratings: []string{"exemplary", "proficient"}}}}
			plain := evaluate(t, scenarioRequest{Year: f.year, Options: bonus}, http.StatusOK)
			twice := 1.0
			more := evaluate(t, scenarioRequest{Year: f.year, Options: bonus,
				Assumptions: &scenarioAssumptions{RetentionPerThousand: &twice}}, http.StatusOK)
			if more.Assumptions.RetentionPerThousand != 1 ||
				!(more.Effects.EffectivePctChange > plain.Effects.EffectivePctChange) {
				t.Fatalf("doubled response: %+v against %+v", more.Effects, plain.Effects)
			}
			bad := 2.0
			evaluate(t, scenarioRequest{Options: bonus,
				Assumptions: &scenarioAssumptions{BaseRetention: &bad}}, http.StatusBadRequest)
		})
	})
}

func TestAPI_SchoolBudget(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		path := "/api/v1/schools/" + f.ownSchool + "/budget?year=2024"
		w := f.request(t, asPrincipal, http.MethodGet, path, nil)
		wantStatus(t, w, http.StatusOK)
		got := decode[schoolBudgetResponse](t, w)
		want, err := compute.SchoolBudgetOf(t.Context(), db, f.ownSchool, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if got.Allocation == nil || want.Allocation == nil ||
			*got.Allocation != *want.Allocation || got.TeacherCost == nil ||
			*got.TeacherCost != want.TeacherCost || got.Teachers != want.Teachers ||
			got.Teachers < 5 || got.Students != want.Students ||
			len(got.Lines) != len(want.Lines) || len(got.Lines) == 0 ||
			got.Salaries == nil || got.Salaries.Base <= 0 {
			t.Fatalf("budget %+v, want %+v", got, want)
		}
		if got.StaffingCost == nil || *got.StaffingCost <= *got.TeacherCost {
			t.Fatalf("staffing %v is not above teachers' %v", got.StaffingCost, *got.TeacherCost)
		}

		// Where the school has fewer teachers than the district's
		// threshold, what would tell their pay is withheld.
		cfg := analytics.DefaultConfig()
		cfg.Privacy.MinTeachers = want.Teachers + 1
		s, err := New(t.Context(), db, f.s.logger, WithDistrict(cfg))
		if err != nil {
			t.Fatal(err)
		}
		g := *f
		g.s = s
		w = g.request(t, asPrincipal, http.MethodGet, path, nil)
		wantStatus(t, w, http.StatusOK)
		few := decode[schoolBudgetResponse](t, w)
		if few.TeacherCost != nil || few.CostPerStudent != nil || few.Salaries != nil ||
			few.StaffingCost != nil || few.Teachers != got.Teachers ||
			few.Allocation == nil || len(few.Lines) != len(got.Lines) {
			t.Fatalf("with %d teachers the threshold of %d withholds nothing: %+v",
				got.Teachers, cfg.Privacy.MinTeachers, few)
		}

		// Without the pay of the school's staff, its teachers are still
		// counted and its staffing costs are not known.
		err = db.Gorm(t.Context()).Exec(`DELETE FROM compensation WHERE school_year = 2024
			AND staff_id IN (SELECT staff_id FROM staff_assignments
				WHERE school_year = 2024 AND school_id = ?)`, f.ownSchool).Error
		if err != nil {
			t.Fatal(err)
		}
		w = f.request(t, asPrincipal, http.MethodGet, path, nil)
		wantStatus(t, w, http.StatusOK)
		unpaid := decode[schoolBudgetResponse](t, w)
		if unpaid.Teachers != got.Teachers || unpaid.StaffingCost != nil ||
			unpaid.TeacherCost != nil || unpaid.Salaries != nil || unpaid.Allocation == nil {
			t.Fatalf("without pay: %+v", unpaid)
		}
		page := pageAs(t, f, asPrincipal).do(t, http.MethodGet,
			"/schools/"+f.ownSchool+"?year=2024&csv=allocation", nil)
		wantStatus(t, page, http.StatusOK)
		if !strings.Contains(page.Body.String(), "Staffing cost,not reported") {
			t.Errorf("the page's allocation without pay:\n%s", page.Body.String())
		}
	})
}

func TestAPI_SavedScenarios(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		req := scenarioRequest{Year: f.year, Options: []optionBody{
			{Kind: "class_size", GradeBand: "3-5", Change: -1}}}
		w := f.request(t, asDistrictLeader, http.MethodPost, "/api/v1/scenarios/evaluate", req)
		wantStatus(t, w, http.StatusOK)
		evaluated := decode[scenarioResponse](t, w)

		w = f.request(t, asDistrictLeader, http.MethodPost, "/api/v1/scenarios",
			saveRequest{Name: "Smaller classes in 3-5", scenarioRequest: req})
		wantStatus(t, w, http.StatusCreated)
		saved := decode[savedScenario](t, w)
		if saved.UserID != f.users[asDistrictLeader] || saved.Result.TotalCost !=
			evaluated.TotalCost || saved.Name != "Smaller classes in 3-5" {
			t.Fatalf("saved %+v", saved)
		}

		// Shared by its link: another district-wide user opens it.
		w = f.request(t, asAdmin, http.MethodGet, "/api/v1/scenarios/"+saved.ScenarioID, nil)
		wantStatus(t, w, http.StatusOK)
		if got := decode[savedScenario](t, w); got.Result.TotalCost != evaluated.TotalCost ||
			len(got.Request.Options) != 1 {
			t.Fatalf("opened %+v", got)
		}
		w = f.request(t, asDistrictLeader, http.MethodGet, "/api/v1/scenarios", nil)
		if l := decode[list[savedScenario]](t, w); l.Total != 1 || len(l.Items) != 1 {
			t.Fatalf("list %+v", l)
		}

		// Each user's own: the admin saves one too.
		w = f.request(t, asAdmin, http.MethodPost, "/api/v1/scenarios",
			saveRequest{Name: "A step freeze", scenarioRequest: scenarioRequest{
				Options: []optionBody{{Kind: "step_freeze"}}}})
		wantStatus(t, w, http.StatusCreated)
		for path, want := range map[string][]string{
			"/api/v1/scenarios":                              {"A step freeze", "Smaller classes in 3-5"},
			"/api/v1/scenarios?saved_by=me":                  {"Smaller classes in 3-5"},
			"/api/v1/scenarios?saved_by=" + f.users[asAdmin]: {"A step freeze"},
			"/api/v1/scenarios?saved_by=nobody":              {},
		} {
			w := f.request(t, asDistrictLeader, http.MethodGet, path, nil)
			wantStatus(t, w, http.StatusOK)
			l := decode[list[savedScenario]](t, w)
			var names []string
			for _, sv := range l.Items {
				names = append(names, sv.Name)
			}
			if l.Total != len(want) || !slices.Equal(names, want) && len(want) > 0 {
				t.Errorf("%s lists %v of %d, want %v", path, names, l.Total, want)
			}
		}

		wantStatus(t, f.request(t, asDistrictLeader, http.MethodPost, "/api/v1/scenarios",
			saveRequest{scenarioRequest: req}), http.StatusBadRequest)
		wantStatus(t, f.request(t, asDistrictLeader, http.MethodDelete,
			"/api/v1/scenarios/"+saved.ScenarioID, nil), http.StatusNoContent)
		wantStatus(t, f.request(t, asAdmin, http.MethodGet,
			"/api/v1/scenarios/"+saved.ScenarioID, nil), http.StatusNotFound)
	})
}

// TestAPI_ScenarioFollowsData answers from the district's data as it is
// now: a scenario weighed, then weighed again after new pay is computed,
// costs what the new pay costs.
func TestAPI_ScenarioFollowsData(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		req := scenarioRequest{Year: f.year,
			Options: []optionBody{{Kind: "step_freeze"}}}
		evaluate := func() float64 {
			w := f.request(t, asDistrictLeader, http.MethodPost, "/api/v1/scenarios/evaluate",
				req)
			wantStatus(t, w, http.StatusOK)
			return decode[scenarioResponse](t, w).TotalCost
		}
		before := evaluate()
		if before >= 0 || evaluate() != before {
			t.Fatalf("a step freeze saves %v", before)
		}
		// Benefits doubled: the steps not paid save more.
		err := db.Gorm(t.Context()).Exec(`UPDATE compensation SET benefits = benefits * 2
			WHERE school_year = ?`, f.year).Error
		if err != nil {
			t.Fatal(err)
		}
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		if _, err := compute.Year(t.Context(), db, f.year, compute.Options{}, quiet); err != nil {
			t.Fatal(err)
		}
		if after := evaluate(); !(after < before) {
			t.Fatalf("after doubling benefits a step freeze saves %v, before %v", after, before)
		}

		// Without pay, nothing can be costed, and the answer says so.
		if err := db.Gorm(t.Context()).Exec(`DELETE FROM compensation WHERE school_year = ?`,
			f.year).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := compute.Year(t.Context(), db, f.year, compute.Options{}, quiet); err != nil {
			t.Fatal(err)
		}
		w := f.request(t, asDistrictLeader, http.MethodPost, "/api/v1/scenarios/evaluate", req)
		wantStatus(t, w, http.StatusNotFound)
		if !strings.Contains(w.Body.String(), "has pay reported") {
			t.Errorf("the answer does not say why: %s", w.Body.String())
		}
	})
}
