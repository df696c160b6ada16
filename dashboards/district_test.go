package dashboards

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// hostile is a name from a district's data that a page must show, never
// run.
const hostile = "<script>alert(1)</script>"

// thresholds are the privacy rules' defaults.
var thresholds = Thresholds{Teachers: 5, Students: 10}

func num(v float64) *float64 { return &v }

func count(v int) *int { return &v }

// seriesOf returns a series of a panel's chart as plain JSON.
func seriesOf(t *testing.T, p Panel, i int) map[string]any {
	t.Helper()
	b, err := json.Marshal(p.Chart)
	if err != nil {
		t.Fatal(err)
	}
	var opt struct {
		Series []map[string]any `json:"series"`
	}
	if err := json.Unmarshal(b, &opt); err != nil {
		t.Fatal(err)
	}
	if i >= len(opt.Series) {
		t.Fatalf("the chart has %d series, not %d", len(opt.Series), i+1)
	}
	return opt.Series[i]
}

// render draws a page of panels and returns its markup.
func render(t *testing.T, panels ...Panel) string {
	t.Helper()
	var buf bytes.Buffer
	p := Page{Title: "Test", Heading: "Test", Panels: panels}
	if err := Render(&buf, p, "/test?year=2025"); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// wantEscaped fails the test when a page holds the hostile name as markup
// rather than as text.
func wantEscaped(t *testing.T, page string) {
	t.Helper()
	if strings.Contains(page, "<script>alert") {
		t.Error("the page holds a name from the data as markup")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the page does not show the name from the data")
	}
}

// The district's fixed data: three schools, one named to attack the page
// and one whose measures are withheld; groups of teachers with a withheld
// cost; two years, the last without its retention.
var (
	equity = Equity{
		Lowest:  EquityShares{Ineffective: num(4.26), OutOfField: num(8.5), Novice: num(12)},
		Highest: EquityShares{Ineffective: num(11.11), OutOfField: nil, Novice: num(25.5)},
		Gap:     EquityShares{Ineffective: num(6.86), OutOfField: nil, Novice: num(13.5)},
	}
	points = []SchoolPoint{
		{Name: "Adams Elementary", Link: "/schools/S0001", Poverty: num(81.24),
			Effective: num(70)},
		{Name: hostile, Link: "/schools/S0002", Poverty: num(22.5), Effective: num(91.3)},
		{Name: "Carver Middle", Link: "/schools/S0003", Poverty: nil, Effective: nil},
	}
	ratingGroups = []TeacherGroup{
		{Name: "ineffective", Teachers: 4, RetentionRate: nil, MeanCost: nil},
		{Name: "needs_development", Teachers: 12, RetentionRate: num(75),
			MeanCost: num(61234.5)},
		{Name: "proficient", Teachers: 80, RetentionRate: num(88.75), MeanCost: num(66002)},
		{Name: "exemplary", Teachers: 20, RetentionRate: num(95), MeanCost: num(70100.25)},
	}
	bands = []TeacherGroup{
		{Name: "0-2", Teachers: 30, EffectivePct: num(60), MeanCost: num(55000)},
		{Name: "3-5", Teachers: 25, EffectivePct: num(76), MeanCost: num(60500)},
		{Name: "21+", Teachers: 3, EffectivePct: nil, MeanCost: nil},
	}
	trends = []DistrictTrend{
		{Year: 2024, EffectivePct: num(80.5), NovicePct: num(21.25), RetentionRate: num(86.2),
			SmartRetentionGap: num(-1.5)},
		{Year: 2025, EffectivePct: num(82), NovicePct: num(19)},
	}
	comparison = []SchoolComparison{
		{Name: "Adams Elementary", Link: "/schools/S0001", Teachers: 30, Students: 450,
			Poverty: num(81.24), Effective: num(70), Ineffective: num(6.67), Novice: num(20),
			OutOfField: num(3.33), MedianSGP: num(48.5), Retention: num(86.67),
			CostPerStudent: num(7012.45), Rated: count(30), Exemplary: count(5),
			Proficient: count(16), NeedsDevelopment: count(7), IneffectiveCount: count(2),
			Expiring: count(1)},
		{Name: hostile, Link: "/schools/S0002", Teachers: 3, Students: 8},
	}
)

func TestDistrictPanels_Golden(t *testing.T) {
	cases := []struct {
		name  string
		panel Panel
	}{
		{"district_equity", EquityPanel(equity, thresholds)},
		{"district_poverty", PovertyPanel(points, thresholds)},
		{"district_retention", RetentionPanel(ratingGroups, true, thresholds)},
		{"district_pay_rating", PayByRatingPanel(ratingGroups, thresholds)},
		{"district_pay_experience", PayByExperiencePanel(bands, thresholds)},
		{"district_pay_shares", PaySharesPanel(num(7.25), nil)},
		{"district_trends", TrendsPanel(trends, thresholds)},
		{"district_schools", SchoolsPanel(comparison, true, thresholds)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { compareGolden(t, c.name, c.panel) })
	}
}

func TestEquityPanel_Withheld(t *testing.T) {
	p := EquityPanel(equity, thresholds)

	// The highest-poverty schools' out-of-field share is withheld: a gap
	// in the chart, and the table says why.
	data := seriesOf(t, p, 1)["data"].([]any)
	if data[1] != nil || data[0] != 11.1 {
		t.Errorf("chart data %v, want 11.1 then a gap", data)
	}
	if got := p.Table.Rows[1][2].Text; got != "fewer than 5 teachers" {
		t.Errorf("a withheld share reads %q", got)
	}
}

func TestPovertyPanel(t *testing.T) {
	p := PovertyPanel(points, thresholds)

	// Every school is a point leading to its page, in the order of the
	// table's rows, and a withheld measure is a gap.
	data := seriesOf(t, p, 0)["data"].([]any)
	if len(data) != len(p.Table.Rows) {
		t.Fatalf("%d points, %d rows", len(data), len(p.Table.Rows))
	}
	for i, d := range data {
		item := d.(map[string]any)
		row := p.Table.Rows[i]
		if item["name"] != row[0].Text || item["link"] != row[0].Link {
			t.Errorf("point %d is %v, row %v", i, item, row)
		}
	}
	if v := data[2].(map[string]any)["value"].([]any); v[0] != nil || v[1] != nil {
		t.Errorf("a school with withheld measures is plotted at %v", v)
	}
	if got := p.Table.Rows[2][1].Text; got != "fewer than 10 students" {
		t.Errorf("a withheld share of students reads %q", got)
	}
}

func TestRetentionPanel_NextYearPending(t *testing.T) {
	p := RetentionPanel([]TeacherGroup{{Name: "proficient", Teachers: 80}}, false,
		thresholds)
	if got := p.Table.Rows[0][2].Text; got != "not known until next year" {
		t.Errorf("retention before the next year reads %q", got)
	}
	if data := seriesOf(t, p, 0)["data"].([]any); data[0] != nil {
		t.Errorf("chart data %v, want a gap", data)
	}
}

func TestTrendsPanel_NextYearPending(t *testing.T) {
	p := TrendsPanel(trends, thresholds)
	last := p.Table.Rows[1]
	if last[3].Text != "not known until next year" || last[4].Text != last[3].Text {
		t.Errorf("the last year reads %v", last)
	}
	if got := p.Table.Rows[0][4].Text; got != "-1.5" {
		t.Errorf("a negative gap reads %q", got)
	}
}

func TestDistrictFacts(t *testing.T) {
	facts := DistrictFacts(DistrictSummary{Teachers: 120, EffectivePct: num(80.5),
		Equity: equity}, thresholds)
	want := map[string]string{"Teachers": "120", "Effective": "80.5%",
		"Kept in the district": "not known until next year",
		"Ineffective gap":      "+6.9 points", "Out-of-field gap": "fewer than 5 teachers"}
	for _, f := range facts {
		if w, ok := want[f.Label]; ok && f.Value != w {
			t.Errorf("%s reads %q, want %q", f.Label, f.Value, w)
		}
	}
}

func TestDistrictRender_EscapesNames(t *testing.T) {
	wantEscaped(t, render(t, PovertyPanel(points, thresholds),
		SchoolsPanel(comparison, true, thresholds)))
}
