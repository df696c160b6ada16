package dashboards

import (
	"bytes"
	"strings"
	"testing"
)

// A scenario of three options against a target, and a saved one named to
// attack the page.
var (
	outcome = ScenarioOutcome{Year: 2025, Target: num(1500000), TotalCost: 1712345.5,
		FTEChange: -12.5, EffectiveChange: 0.4321, NoviceGapChange: -0.25,
		IneffectiveGapChange: 0.1,
		Options: []OptionOutcome{
			{Option: ScenarioOption{Kind: KindRaise, Amount: 1000,
				Subjects: []string{"math", "science"}, HighPoverty: true},
				Teachers: 120, Cost: 150000, EffectiveChange: 0.03},
			{Option: ScenarioOption{Kind: KindClassSize, GradeBand: "6-8", Change: 2},
				Teachers: 0, Cost: -800000, FTEChange: -12.5, EffectiveChange: 0.1},
			{Option: ScenarioOption{Kind: KindRetentionBonus, Amount: 3000,
				Ratings: []string{"proficient", "exemplary"}}, Teachers: 400,
				Cost: 2362345.5, EffectiveChange: 0.3021, NoviceGapChange: -0.25,
				IneffectiveGapChange: 0.1},
		}}
	savedOutcome = SavedScenario{Name: hostile, Link: "/dashboards/tradeoffs/abc",
		SavedBy: "leader@district.example.org", SavedOn: "2026-11-30",
		Outcome: ScenarioOutcome{Year: 2025, TotalCost: -250000,
			Options: []OptionOutcome{{Option: ScenarioOption{Kind: KindStepFreeze}}}}}
)

func TestTradeoffPanels_Golden(t *testing.T) {
	cases := []struct {
		name  string
		panel Panel
	}{
		{"tradeoffs_options", OptionsPanel(outcome)},
		{"tradeoffs_effects", EffectsPanel(outcome)},
		{"tradeoffs_compare", ComparePanel(&outcome, []SavedScenario{savedOutcome})},
		{"tradeoffs_compare_effects", CompareEffectsPanel(&outcome,
			[]SavedScenario{savedOutcome})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { compareGolden(t, c.name, c.panel) })
	}
}

func TestScenarioOption_Label(t *testing.T) {
	for _, c := range []struct {
		o    ScenarioOption
		want string
	}{
		{ScenarioOption{Kind: KindRaise, Amount: 1000}, "Raise of $1,000 for all teachers"},
		{ScenarioOption{Kind: KindRaise, Amount: 500, Subjects: []string{"math"}},
			"Raise of $500 for math teachers"},
		{ScenarioOption{Kind: KindRetentionBonus, Amount: 2000,
			Ratings: []string{"needs_development", "ineffective"}, HighPoverty: true},
			"Retention bonus of $2,000 for teachers rated needs development or ineffective " +
				"in the highest-poverty schools"},
		{ScenarioOption{Kind: KindStepFreeze, HighPoverty: true},
			"Step freeze for teachers in the highest-poverty schools"},
		{ScenarioOption{Kind: KindLaneChange, Change: -50}, "Lane pay -50% for all teachers"},
		{ScenarioOption{Kind: KindClassSize, GradeBand: "9-12", Change: -1.5},
			"Classes of grades 9-12 smaller by 1.5 students"},
		{ScenarioOption{Kind: KindClassSize, GradeBand: "0-2", Change: 1},
			"Classes of grades 0-2 larger by 1 student"},
	} {
		if got := c.o.Label(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.o, got, c.want)
		}
	}
}

func TestScenarioFacts(t *testing.T) {
	facts := ScenarioFacts(outcome)
	want := map[string]string{"Cost a year": "$1,712,346",
		"Against the budget target": "$212,346 over", "Teachers": "-12.5 FTE",
		"Teachers rated effective": "+0.43 points", "Novice gap": "-0.25 points",
		"Ineffective gap": "+0.10 points"}
	for _, f := range facts {
		if want[f.Label] != f.Value {
			t.Errorf("%s: %q, want %q", f.Label, f.Value, want[f.Label])
		}
		delete(want, f.Label)
	}
	if len(want) != 0 {
		t.Errorf("missing facts %v", want)
	}
	under := outcome
	under.Target = num(2e6)
	if got := ScenarioFacts(under)[1].Value; got != "$287,655 under" {
		t.Errorf("under the target: %q", got)
	}
	under.Target = nil
	if got := ScenarioFacts(under)[1].Value; got != "no target" {
		t.Errorf("without a target: %q", got)
	}
}

// TestTradeoffPage_Render draws the form with the scenario's options and
// one more to add, escapes the district's names, and draws the results
// alone for the page's script.
func TestTradeoffPage_Render(t *testing.T) {
	years := Filter{Name: "year", Label: "School year", Options: []Option{
		{Value: "2025", Label: "2024-25", Selected: true}, {Value: "2024", Label: "2023-24"}}}
	options := []ScenarioOption{outcome.Options[0].Option, outcome.Options[1].Option}
	form := NewScenarioForm(years, num(1500000), options, Assumptions{
		RetentionPerThousand: 0.5, NewTeacherEffective: 80, NewTeacherIneffective: 5,
		BaseRetention: 85}, []string{"math", hostile, "science"},
		[]string{"ineffective", "exemplary"}, "year=2025&o1.kind=raise")
	if len(form.Rows) != 3 || form.Rows[2].Index != 3 || !form.Rows[2].Kinds[0].Selected {
		t.Fatalf("rows %+v", form.Rows)
	}
	p := TradeoffPage{Form: form, CanSave: true,
		Saved: &SavedRef{ID: "abc", Name: hostile, SavedBy: "x@example.org", SavedOn: "today",
			Deletable: true}}
	p.Title, p.CSRF = "Trade-offs", "tok"
	p.Facts = ScenarioFacts(outcome)
	p.Panels = []Panel{OptionsPanel(outcome), ComparePanel(&outcome, nil)}

	var buf bytes.Buffer
	if err := RenderTradeoffs(&buf, p, "/dashboards/tradeoffs?year=2025", false); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	wantEscaped(t, page)
	for _, want := range []string{
		`<option value="raise" selected>Raise</option>`,
		`<option value="class_size" selected>Class-size change</option>`,
		`name="o3.kind"`, `<option value="6-8" selected>Grades 6-8</option>`,
		`<option value="math" selected>math</option>`,
		`<option value="science" selected>science</option>`,
		`name="o1.poverty" value="1" checked`, `name="target" step="any" value="1500000"`,
		`name="a.effective" min="0" max="100" step="any" value="80"`,
		`name="scenario" value="year=2025&amp;o1.kind=raise"`,
		`action="/dashboards/tradeoffs/abc/delete"`, `name="csrf_token" value="tok"`,
		`href="/dashboards/tradeoffs?year=2025&amp;csv=options"`,
		`data-query="year=2025&amp;o1.kind=raise"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, `name="o4.kind"`) {
		t.Error("the form offers more than one empty option")
	}

	buf.Reset()
	if err := RenderTradeoffs(&buf, p, "/dashboards/tradeoffs?year=2025", true); err != nil {
		t.Fatal(err)
	}
	part := buf.String()
	if strings.Contains(part, "<form") || strings.Contains(part, "<html") ||
		!strings.Contains(part, `id="panel-options"`) || !strings.Contains(part, "Cost a year") {
		t.Errorf("the results part: %.400s", part)
	}

	// A problem takes the place of the results and keeps saving off.
	p.Problem, p.Facts, p.Panels = "option 1: give the dollars a teacher", nil, nil
	buf.Reset()
	if err := RenderTradeoffs(&buf, p, "/dashboards/tradeoffs", false); err != nil {
		t.Fatal(err)
	}
	page = buf.String()
	if !strings.Contains(page, `role="alert">option 1: give the dollars a teacher`) ||
		!strings.Contains(page, "disabled>Save") || strings.Contains(page, "data-query") {
		t.Error("the page does not show the problem in place of the results")
	}

	// A full form offers no more options.
	many := make([]ScenarioOption, MaxOptions)
	for i := range many {
		many[i] = ScenarioOption{Kind: KindStepFreeze}
	}
	if f := NewScenarioForm(years, nil, many, Assumptions{}, nil, nil, ""); len(f.Rows) !=
		MaxOptions {
		t.Errorf("%d rows for %d options", len(f.Rows), MaxOptions)
	}
}
