package dashboards

import (
	"encoding/json"
	"strings"
	"testing"
)

// The budgets of two schools: one in full, one named to attack the page
// with its staffing withheld and a line not yet reported.
var (
	adamsMoney = SchoolMoney{Name: "Adams Elementary", Link: "/schools/S0001",
		Students: 450, Teachers: 30, Allocation: num(4012345.6),
		StaffingCost: num(3800000.4), TeacherCost: num(3100000),
		CostPerStudent: num(6888.89),
		Lines: []BudgetLine{
			{Fund: "general", Category: "teacher_salaries", Budgeted: 3000000,
				Actual: num(3100000)},
			{Fund: "title_i", Category: "supplies", Budgeted: 50000, Actual: num(42500)},
		},
		Salaries: &SalarySplit{Base: 1500000, Step: 700000, Lane: 300000,
			Supplements: 50000}, PayReported: true}
	hostileMoney = SchoolMoney{Name: hostile, Link: "/schools/S0002", Students: 40,
		Teachers: 3, PayReported: true, Allocation: num(250000),
		Lines: []BudgetLine{
			{Fund: "general", Category: "teacher_salaries", Budgeted: 200000,
				Actual: num(190000)},
			{Fund: "title_i", Category: "supplies", Budgeted: 5000},
		}}
)

func TestBudgetPanels_Golden(t *testing.T) {
	both := []SchoolMoney{hostileMoney, adamsMoney}
	cases := []struct {
		name  string
		panel Panel
	}{
		{"budget_allocation", AllocationPanel(adamsMoney, thresholds)},
		{"budget_allocation_withheld", AllocationPanel(hostileMoney, thresholds)},
		{"budget_lines", BudgetLinesPanel("budget-lines", "Budget against actual",
			adamsMoney.Lines)},
		{"budget_salaries", SalarySplitPanel(adamsMoney, thresholds)},
		{"budget_schools", SchoolBudgetsPanel(both, thresholds)},
		{"budget_district_lines", BudgetLinesPanel("budget-lines", "Budget against actual",
			DistrictLines(hostileMoney.Lines, adamsMoney.Lines))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { compareGolden(t, c.name, c.panel) })
	}
	var panels []Panel
	for _, c := range cases {
		panels = append(panels, c.panel)
	}
	wantEscaped(t, render(t, panels...))
}

func TestDollars(t *testing.T) {
	for v, want := range map[float64]string{0: "$0", 999.5: "$1,000", 1234567.4: "$1,234,567",
		-500: "-$500", 100000: "$100,000", -1234.6: "-$1,235"} {
		if got := Dollars(v); got != want {
			t.Errorf("Dollars(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestBudgetPanels_Withheld shows no staffing figure of a school with too
// few teachers, and says why.
func TestBudgetPanels_Withheld(t *testing.T) {
	a := AllocationPanel(hostileMoney, thresholds)
	for _, row := range a.Table.Rows[1:] {
		if row[1].Text != "fewer than 5 teachers" {
			t.Errorf("%s shows %q", row[0].Text, row[1].Text)
		}
	}
	if a.Table.Rows[0][1].Text != "$250,000" {
		t.Errorf("allocation shows %q", a.Table.Rows[0][1].Text)
	}
	s := SalarySplitPanel(hostileMoney, thresholds)
	if s.Chart != nil || len(s.Table.Rows) != 0 || !strings.Contains(s.Note, "fewer than 5") {
		t.Errorf("withheld salaries: %+v", s)
	}

	// Without pay reported, the figures are missing for that reason.
	unpaid := hostileMoney
	unpaid.PayReported = false
	if got := AllocationPanel(unpaid, thresholds).Table.Rows[1][1].Text; got != "not reported" {
		t.Errorf("staffing cost without pay reads %q", got)
	}
	if s := SalarySplitPanel(unpaid, thresholds); !strings.Contains(s.Note, "not reported") {
		t.Errorf("salaries without pay: %s", s.Note)
	}
	if row := SchoolBudgetsPanel([]SchoolMoney{unpaid}, thresholds).Table.Rows[0]; row[4].Text !=
		"not reported" {
		t.Errorf("the schools' table without pay reads %v", row)
	}
}

// TestDistrictLines adds the schools' lines by fund and category, and
// leaves a line's actual out when a school has not reported it.
func TestDistrictLines(t *testing.T) {
	lines := DistrictLines(adamsMoney.Lines, hostileMoney.Lines)
	if len(lines) != 2 {
		t.Fatalf("lines %+v", lines)
	}
	salaries, supplies := lines[0], lines[1]
	if salaries.Category != "teacher_salaries" || salaries.Budgeted != 3200000 ||
		salaries.Actual == nil || *salaries.Actual != 3290000 {
		t.Errorf("teacher salaries %+v", salaries)
	}
	if supplies.Category != "supplies" || supplies.Budgeted != 55000 || supplies.Actual != nil {
		t.Errorf("supplies %+v", supplies)
	}
	b, a := lineTotals(hostileMoney.Lines)
	if b == nil || *b != 205000 || a != nil {
		t.Errorf("totals %v, %v", b, a)
	}
	if b, a := lineTotals(nil); b != nil || a != nil {
		t.Errorf("totals of no lines %v, %v", b, a)
	}
}

// TestSchoolBudgetsPanel_Zoom shows a long list of schools thirty at a
// time, with a slider, and a short one whole.
func TestSchoolBudgetsPanel_Zoom(t *testing.T) {
	many := make([]SchoolMoney, 90)
	for i := range many {
		many[i] = adamsMoney
	}
	b, _ := json.Marshal(SchoolBudgetsPanel(many, thresholds).Chart["dataZoom"])
	if got := string(b); !strings.Contains(got, `"type":"slider"`) ||
		!strings.Contains(got, `"end":33`) {
		t.Errorf("90 schools zoom as %s", got)
	}
	if z, ok := SchoolBudgetsPanel(many[:30], thresholds).Chart["dataZoom"]; ok && z != nil {
		b, _ := json.Marshal(z)
		if strings.Contains(string(b), "slider") {
			t.Errorf("30 schools zoom as %s", b)
		}
	}
}
