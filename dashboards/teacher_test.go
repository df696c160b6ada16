package dashboards

import (
	"slices"
	"testing"
)

// A teacher's fixed data: math in three years, the middle one withheld for
// too few students, and ELA in the last year only.
var (
	growth = []Estimate{
		{Year: 2023, Subject: "math", Students: 24, Value: num(55), SE: num(5.1)},
		{Year: 2024, Subject: "math", Students: 8},
		{Year: 2025, Subject: "math", Students: 31, Value: num(62.5), SE: num(4.25)},
		{Year: 2025, Subject: "ela", Students: 30, Value: num(47), SE: num(4.4)},
	}
	valueAdded = []Estimate{
		{Year: 2024, Subject: "math", Value: num(0.084), SE: num(0.05)},
		{Year: 2025, Subject: "math", Value: num(-0.02), SE: num(0.061)},
	}
	components = []Component{{Name: "TAPS10", Score: 2}, {Name: "TAPS2", Score: 2.5},
		{Name: "TAPS1", Score: 3}, {Name: "professional_growth", Score: 2.25}}
	certificates = []Certificate{
		{ID: "C-100", Field: "math", Level: "professional", Status: "expired",
			Issued: "2015-07-01", Expires: "2020-06-30"},
		{ID: hostile, Field: "elementary", Level: "induction", Status: "provisional",
			Expires: "2025-06-30"},
		{ID: "C-300", Field: "math", Level: "professional", Status: "valid",
			Issued: "2020-07-01", Expires: "2027-06-30"},
	}
	years = []TeacherYear{
		{Year: 2024, Schools: []string{"S0001"}, Subjects: []string{"math"}, Experience: 2.5,
			Novice: true, Certification: "valid", InField: new(bool), GrowthN: 8,
			Evaluation: num(2.4), Composite: num(2.61), Rating: "proficient",
			NextYear: "stayed"},
		{Year: 2025, Schools: []string{"S0001", "S0002"}, Subjects: []string{"ela", "math"},
			Experience: 3.5, Certification: "expiring", GrowthN: 61, MedianSGP: num(55),
			ValueAdded: num(-0.02), ValueAddedSE: num(0.061), Evaluation: num(2.2)},
	}
)

func TestTeacherPanels_Golden(t *testing.T) {
	cases := []struct {
		name  string
		panel Panel
	}{
		{"teacher_growth", GrowthPanel(growth, thresholds)},
		{"teacher_value_added", ValueAddedPanel(valueAdded, thresholds)},
		{"teacher_evaluation", EvaluationPanel(2025, components, 0, 3)},
		{"teacher_certifications", CertificatesPanel(certificates)},
		{"teacher_years", TeacherYearsPanel(years, thresholds)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { compareGolden(t, c.name, c.panel) })
	}
}

func TestGrowthPanel_Intervals(t *testing.T) {
	p := GrowthPanel(growth, thresholds)

	// ELA comes first, at the left of each year; math's medians run
	// through the three years with a gap where withheld.
	medians := seriesOf(t, p, 2)["data"].([]any)
	var got [][]any
	for _, m := range medians {
		got = append(got, m.(map[string]any)["value"].([]any))
	}
	want := [][]any{{2023.075, 55.0}, {2024.075, nil}, {2025.075, 62.5}}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Fatalf("math's points are %v, want %v", got, want)
		}
	}

	// The bars span the median plus and minus 1.96 standard errors, and
	// break between years.
	bars := seriesOf(t, p, 3)["data"].([]any)
	if len(bars) != 6 {
		t.Fatalf("math's bars have %d points, want 6", len(bars))
	}
	low := bars[3].(map[string]any)["value"].([]any)[1]
	high := bars[4].(map[string]any)["value"].([]any)[1]
	if low != 54.2 || high != 70.8 {
		t.Errorf("2024-25's interval is %v to %v, want 54.2 to 70.8", low, high)
	}
	if v := bars[5].(map[string]any)["value"].([]any); v[1] != nil {
		t.Errorf("no break after an interval: %v", v)
	}

	// The table says why a value is missing.
	row := p.Table.Rows[1]
	if row[1].Text != "Math" || row[3].Text != "fewer than 10 students" ||
		row[5].Text != row[3].Text {
		t.Errorf("the withheld year reads %v", row)
	}
}

func TestEvaluationPanel_Order(t *testing.T) {
	p := EvaluationPanel(2025, components, 0, 3)
	var names []string
	for _, r := range p.Table.Rows {
		names = append(names, r[0].Text)
	}
	want := []string{"TAPS1", "TAPS2", "TAPS10", "Professional growth"}
	if !slices.Equal(names, want) {
		t.Errorf("components in order %v, want %v", names, want)
	}
}

func TestTeacherPanels_Empty(t *testing.T) {
	for _, p := range []Panel{GrowthPanel(nil, thresholds), ValueAddedPanel(nil, thresholds),
		EvaluationPanel(2025, nil, 0, 3), CertificatesPanel(nil)} {
		if p.Chart != nil || len(p.Table.Rows) != 0 {
			t.Errorf("panel %s without data has a chart or rows", p.ID)
		}
	}
}

func TestTeacherFacts(t *testing.T) {
	if TeacherFacts(nil, thresholds) != nil {
		t.Error("facts for a year without measures")
	}
	facts := TeacherFacts(&years[0], thresholds)
	want := map[string]string{"Rating": "Proficient", "Median SGP": "fewer than 10 students",
		"Experience": "2.5 years", "Certification": "Valid"}
	for _, f := range facts {
		if w, ok := want[f.Label]; ok && f.Value != w {
			t.Errorf("%s reads %q, want %q", f.Label, f.Value, w)
		}
	}
}

func TestTeacherRender_EscapesNames(t *testing.T) {
	wantEscaped(t, render(t, CertificatesPanel(certificates)))
}
