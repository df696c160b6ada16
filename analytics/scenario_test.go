package analytics

import (
	"math"
	"testing"
)

// scenarioBase is a district of four teachers whose costs are easy to
// add by hand: benefits a quarter of base salary for everyone.
func scenarioBase() Base {
	pay := func(base, fte float64) Pay {
		return Pay{Base: base, Benefits: base / 4, Step: 3, Lane: "BA", FTE: fte}
	}
	return Base{
		Year: 2025,
		Teachers: []BudgetTeacher{
			{StaffID: "A", Subject: "math", GradeBand: "6-8", Pay: pay(60000, 1),
				StepIncrement: 1200, LanePremium: 0, Rating: RatingExemplary,
				HighPoverty: true, Retention: Stayed},
			{StaffID: "B", Subject: "ela", GradeBand: "6-8", Pay: pay(50000, 0.5),
				StepIncrement: 1000, LanePremium: 4000, Rating: RatingProficient,
				Retention: Left},
			{StaffID: "C", Subject: "math", GradeBand: "3-5", Pay: pay(40000, 1),
				StepIncrement: 0, LanePremium: 2000, Rating: RatingIneffective,
				HighPoverty: true, Retention: Stayed},
			{StaffID: "D", Subject: "science", GradeBand: "3-5", Pay: pay(80000, 1),
				StepIncrement: 800, LanePremium: 8000, Rating: ""},
		},
		Bands: map[string]BandSections{"6-8": {Students: 300, MeanSize: 25},
			"3-5": {Students: 200, MeanSize: 20}},
	}
}

func TestEvaluateScenario_Costs(t *testing.T) {
	a := DefaultAssumptions()
	for _, c := range []struct {
		name    string
		option  Option
		cost    float64
		fte     float64
		reached int
	}{
		// 1,000 x 1.25 for A, C and D; 500 x 1.25 for B (half time).
		{"RaiseAcrossTheBoard", Option{Kind: OptionRaise, Amount: 1000}, 4375, 0, 4},
		{"RaiseForMath", Option{Kind: OptionRaise, Amount: 1000,
			Target: Target{Subjects: []string{"math"}}}, 2500, 0, 2},
		{"RaiseInHighPoverty", Option{Kind: OptionRaise, Amount: 2000,
			Target: Target{HighPoverty: true}}, 5000, 0, 2},
		// Step increments: 1,200 + 0.5 x 1,000 + 0 + 800, with benefits.
		{"StepFreeze", Option{Kind: OptionStepFreeze}, -(1200 + 500 + 800) * 1.25, 0, 4},
		// Half of the lane premiums 0.5 x 4,000, 2,000 and 8,000.
		{"HalveLanePay", Option{Kind: OptionLaneChange, Change: -0.5},
			-0.5 * (2000 + 2000 + 8000) * 1.25, 0, 3},
		// 300 students in sections of 25: 12 sections now, 300/26 with
		// one more student each, 1.5385 fewer teachers at the band's
		// mean cost (75,000 + 31,250) / 1.5 = 70,833.33.
		{"LargerClasses", Option{Kind: OptionClassSize, GradeBand: "6-8", Change: 1},
			(300.0/26 - 12) * (75000 + 31250) / 1.5, 300.0/26 - 12, 2},
		// Smaller classes in 3-5: 200 students from sections of 20 to 18.
		{"SmallerClasses", Option{Kind: OptionClassSize, GradeBand: "3-5", Change: -2},
			(200.0/18 - 10) * (50000 + 100000) / 2, 200.0/18 - 10, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := EvaluateScenario(scenarioBase(), []Option{c.option}, a)
			if err != nil {
				t.Fatal(err)
			}
			r := res.Options[0]
			if math.Abs(r.Cost-c.cost) > 1e-6 || math.Abs(r.FTEChange-c.fte) > 1e-9 ||
				r.Teachers != c.reached {
				t.Fatalf("cost %v, FTE %v, %d teachers; want %v, %v, %d", r.Cost,
					r.FTEChange, r.Teachers, c.cost, c.fte, c.reached)
			}
			if res.TotalCost != r.Cost {
				t.Fatalf("total %v of one option costing %v", res.TotalCost, r.Cost)
			}
		})
	}
}

func TestEvaluateScenario_RetentionBonus(t *testing.T) {
	// A bonus of 2,000 lifts staying by 1 point: D, whose next year is
	// not known, stays with 0.85 + 0.01; the others already stayed (A,
	// C) or left (B: 0 + 0.01). Paid to expected stayers with benefits.
	a := DefaultAssumptions()
	res, err := EvaluateScenario(scenarioBase(), []Option{{Kind: OptionRetentionBonus, Amount: 2000}}, a)
	if err != nil {
		t.Fatal(err)
	}
	want := 2000 * 1.25 * (1 + 0.01 + 1 + 0.86)
	if r := res.Options[0]; math.Abs(r.Cost-want) > 1e-6 {
		t.Fatalf("bonus cost %v, want %v", r.Cost, want)
	}
	// Effective teachers kept: B gains 0.01 x (1 - 0.8); A and C stayed
	// already and D is unrated. Over 4 teachers.
	wantEffect := 100 * (0.01 * 0.2) / 4
	if e := res.EffectiveChange; math.Abs(e-wantEffect) > 1e-9 {
		t.Fatalf("effect %v, want %v", e, wantEffect)
	}
}

func TestEvaluateScenario_Combined(t *testing.T) {
	a := DefaultAssumptions()
	options := []Option{{Kind: OptionRaise, Amount: 1000}, {Kind: OptionStepFreeze},
		{Kind: OptionClassSize, GradeBand: "6-8", Change: 1}}
	all, err := EvaluateScenario(scenarioBase(), options, a)
	if err != nil {
		t.Fatal(err)
	}
	var cost, fte, effect float64
	for _, o := range options {
		one, err := EvaluateScenario(scenarioBase(), []Option{o}, a)
		if err != nil {
			t.Fatal(err)
		}
		cost += one.TotalCost
		fte += one.FTEChange
		effect += one.EffectiveChange
	}
	if math.Abs(all.TotalCost-cost) > 1e-6 || math.Abs(all.FTEChange-fte) > 1e-9 ||
		math.Abs(all.EffectiveChange-effect) > 1e-9 {
		t.Fatalf("combined %+v, options add to %v, %v, %v", all, cost, fte, effect)
	}

	none, err := EvaluateScenario(scenarioBase(), nil, a)
	if err != nil || none.TotalCost != 0 || none.FTEChange != 0 || none.EffectiveChange != 0 ||
		len(none.Options) != 0 {
		t.Fatalf("no options = %+v, %v", none, err)
	}
}

func TestEvaluateScenario_EffectDirections(t *testing.T) {
	a := DefaultAssumptions()
	// Where next year is not known, the assumed retention can rise.
	base := scenarioBase()
	for i := range base.Teachers {
		base.Teachers[i].Retention = ""
	}
	effect := func(o Option) float64 {
		t.Helper()
		res, err := EvaluateScenario(base, []Option{o}, a)
		if err != nil {
			t.Fatal(err)
		}
		return res.EffectiveChange
	}
	good := Target{Ratings: []string{RatingExemplary, RatingProficient}}
	if e := effect(Option{Kind: OptionRetentionBonus, Amount: 5000, Target: good}); e <= 0 {
		t.Errorf("a bonus for effective teachers changes the effective share by %v", e)
	}
	bad := Target{Ratings: []string{RatingIneffective}}
	if e := effect(Option{Kind: OptionRetentionBonus, Amount: 5000, Target: bad}); e >= 0 {
		t.Errorf("a bonus for ineffective teachers changes the effective share by %v", e)
	}
	// A bigger bonus does more, in proportion.
	small := effect(Option{Kind: OptionRetentionBonus, Amount: 1000, Target: good})
	big := effect(Option{Kind: OptionRetentionBonus, Amount: 2000, Target: good})
	if math.Abs(big-2*small) > 1e-12 {
		t.Errorf("bonus of 2,000 does %v, of 1,000 %v", big, small)
	}
	// More teachers in 3-5, where half are rated and none effective: new
	// hires raise the share.
	if e := effect(Option{Kind: OptionClassSize, GradeBand: "3-5", Change: -2}); e <= 0 {
		t.Errorf("smaller classes change the effective share by %v", e)
	}
}

func TestEvaluateScenario_Errors(t *testing.T) {
	for name, o := range map[string]Option{
		"ErrUnknownKind":     {Kind: "tax_cut"},
		"ErrNoAmount":        {Kind: OptionRaise},
		"ErrUnknownBand":     {Kind: OptionClassSize, GradeBand: "0-2", Change: 1},
		"ErrClassesTooSmall": {Kind: OptionClassSize, GradeBand: "6-8", Change: -30},
		"ErrLaneBelowZero":   {Kind: OptionLaneChange, Change: -2},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := EvaluateScenario(scenarioBase(), []Option{o}, DefaultAssumptions()); err == nil {
				t.Fatalf("%+v was accepted", o)
			}
		})
	}
}

func TestEvaluateScenario_EquityGaps(t *testing.T) {
	base := scenarioBase()
	for i := range base.Teachers {
		base.Teachers[i].Retention = ""
	}
	// A and C teach in the highest-poverty schools, B and D in the lowest.
	base.Teachers[1].LowPoverty, base.Teachers[3].LowPoverty = true, true
	a := DefaultAssumptions()

	// A bonus of 2,000 in high-poverty schools keeps 0.01 more of A and
	// of C: 0.02 fewer novices over 2 teachers, -1 point of novice gap.
	// Kept, A (exemplary) spares 0.01 x 0.05 ineffective hires and C
	// (ineffective) adds 0.01 x 0.95: +0.009 over 2, +0.45 points.
	res, err := EvaluateScenario(base, []Option{{Kind: OptionRetentionBonus, Amount: 2000,
		Target: Target{HighPoverty: true}}}, a)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.NoviceGapChange-(-1)) > 1e-9 ||
		math.Abs(res.IneffectiveGapChange-0.45) > 1e-9 {
		t.Fatalf("gap changes %v and %v, want -1 and 0.45", res.NoviceGapChange,
			res.IneffectiveGapChange)
	}

	// Smaller classes in 3-5 hire 1.11 new teachers, half where C is and
	// half where D is: both quartiles gain novices alike.
	res, err = EvaluateScenario(base, []Option{{Kind: OptionClassSize, GradeBand: "3-5",
		Change: -2}}, a)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.NoviceGapChange) > 1e-9 {
		t.Fatalf("novice gap change %v, want 0", res.NoviceGapChange)
	}
	// Only in the high-poverty quartile: all new hires go there.
	base.Teachers[3].LowPoverty, base.Teachers[3].HighPoverty = false, true
	base.Teachers[0].LowPoverty, base.Teachers[0].HighPoverty = true, false
	res, err = EvaluateScenario(base, []Option{{Kind: OptionClassSize, GradeBand: "3-5",
		Change: -2}}, a)
	if err != nil {
		t.Fatal(err)
	}
	want := 100 * (200.0/18 - 10) / 2
	if math.Abs(res.NoviceGapChange-want) > 1e-9 {
		t.Fatalf("novice gap change %v, want %v", res.NoviceGapChange, want)
	}
}
