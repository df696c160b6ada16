package dashboards

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// SchoolMoney is a school's money in a school year as the budget panels
// show it. A nil staffing figure is not reported when PayReported is
// false, and otherwise withheld for a school with too few teachers; a nil
// allocation is not reported.
type SchoolMoney struct {
	Name, Link         string
	Students, Teachers int
	PayReported        bool
	Allocation         *float64
	StaffingCost       *float64
	TeacherCost        *float64
	CostPerStudent     *float64
	Lines              []BudgetLine
	Salaries           *SalarySplit
}

// BudgetLine is what was budgeted for a fund and category and, when
// reported, spent.
type BudgetLine struct {
	Fund, Category string
	Budgeted       float64
	Actual         *float64
}

// SalarySplit is teachers' salary spend, by FTE, split into the
// schedule's entry pay, what steps and lanes add, and supplements.
type SalarySplit struct {
	Base, Step, Lane, Supplements float64
}

// notReported says a figure is missing from the district's data.
const notReported = "not reported"

// Dollars writes an amount of money rounded to the dollar, with its
// thousands separated: "$1,234,567", "-$500".
func Dollars(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	digits := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var out []byte
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	return sign + "$" + string(out)
}

// staffingMissing says why a school's staffing figures are missing.
func staffingMissing(m SchoolMoney, th Thresholds) string {
	if !m.PayReported {
		return notReported
	}
	return FewerTeachers(th.Teachers)
}

// money is a cell of an amount of money, or why it is missing.
func money(v *float64, missing string) Cell {
	if v == nil {
		return Cell{Text: missing}
	}
	return Cell{Text: Dollars(*v), Sort: strconv.FormatFloat(*v, 'f', -1, 64)}
}

// compactMoney asks the page's script to write an axis's dollars
// shortly, "$1.5M" for 1,500,000, so that a district's sums stay readable.
const compactMoney = "money:compact"

// moneyAxis is a value axis of dollars.
func moneyAxis(name string) opts.YAxis {
	return opts.YAxis{Type: "value", Name: name,
		AxisLabel: &opts.AxisLabel{Formatter: compactMoney}}
}

// difference is a less b, nil when either is missing.
func difference(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	d := *a - *b
	return &d
}

// AllocationPanel sets a school's student-based allocation beside what its
// staff, and its teachers alone, cost.
func AllocationPanel(m SchoolMoney, th Thresholds) Panel {
	withheld := staffingMissing(m, th)
	labels := []string{"Student-based allocation", "Staffing cost", "Teachers' cost"}
	values := []*float64{m.Allocation, m.StaffingCost, m.TeacherCost}
	b := NewBar()
	b.SetXAxis(labels)
	b.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithYAxisOpts(moneyAxis("Amount")),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0"}}))
	b.AddSeries("Amount", nil, seriesData(chartValues(values, 0)), seriesColor("#0072b2"))

	t := Table{Columns: []Column{{Name: "Measure"}, {Name: "Amount", Numeric: true}}}
	missing := []string{notReported, withheld, withheld}
	for i, l := range labels {
		t.Rows = append(t.Rows, []Cell{Text(l, ""), money(values[i], missing[i])})
	}
	gap := difference(m.Allocation, m.StaffingCost)
	gapMissing := withheld
	if m.Allocation == nil {
		gapMissing = notReported
	}
	t.Rows = append(t.Rows, []Cell{Text("Allocation less staffing cost", ""),
		money(gap, gapMissing)})
	return Panel{ID: "allocation", Title: "Allocation against staffing cost",
		Note: fmt.Sprintf("What the district's student-based weights would give the "+
			"school for its %d students, beside what its %d teachers and other staff "+
			"cost in pay, supplements and benefits.", m.Students, m.Teachers),
		Chart: Options(b), Table: t}
}

// BudgetLinesPanel sets what was budgeted beside what was spent, fund by
// fund and category by category. id names the panel in its page.
func BudgetLinesPanel(id, title string, lines []BudgetLine) Panel {
	labels := make([]string, len(lines))
	budgeted, actual := make([]*float64, len(lines)), make([]*float64, len(lines))
	t := Table{Columns: []Column{{Name: "Fund"}, {Name: "Category"},
		{Name: "Budgeted", Numeric: true}, {Name: "Actual", Numeric: true},
		{Name: "Actual less budgeted", Numeric: true}, {Name: "Spent %", Numeric: true}}}
	for i, l := range lines {
		labels[i] = strings.ReplaceAll(l.Fund+" · "+l.Category, "_", " ")
		budgeted[i], actual[i] = &lines[i].Budgeted, l.Actual
		var spent *float64
		if l.Actual != nil && l.Budgeted != 0 {
			v := 100 * *l.Actual / l.Budgeted
			spent = &v
		}
		t.Rows = append(t.Rows, []Cell{Text(l.Fund, ""), Text(l.Category, ""),
			money(budgeted[i], ""), money(l.Actual, notReported),
			money(difference(l.Actual, budgeted[i]), notReported),
			Number(spent, 1, notReported)})
	}
	// Bars run across, so that the names of the lines read in full.
	b := NewBar()
	b.SetXAxis(labels)
	b.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value",
			AxisLabel: &opts.AxisLabel{Formatter: compactMoney}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0"}}))
	b.XYReversal()
	b.AddSeries("Budgeted", nil, seriesData(chartValues(budgeted, 0)), seriesColor("#b0b7c3"))
	b.AddSeries("Actual", nil, seriesData(chartValues(actual, 0)), seriesColor("#0072b2"))
	return Panel{ID: id, Title: title,
		Note: "What was budgeted for each fund and category against what was spent; " +
			"a missing bar is spending not yet reported.",
		Chart: Options(b), Table: t}
}

// SalarySplitPanel splits a school's teacher salaries into the schedule's
// entry pay, steps, lanes and supplements, unless they are not reported
// or withheld.
func SalarySplitPanel(m SchoolMoney, th Thresholds) Panel {
	s := m.Salaries
	t := Table{Columns: []Column{{Name: "Paid for"}, {Name: "Amount", Numeric: true},
		{Name: "Share %", Numeric: true}}}
	p := Panel{ID: "salaries", Title: "What teacher salaries pay for",
		Note: "Teacher salaries by FTE along the district's salary schedule: the " +
			"entry pay of the schedule, what experience steps and degree lanes add, " +
			"and supplements for extra duties.",
		Table: t}
	if s == nil {
		p.Note += " Not shown: " + staffingMissing(m, th) + "."
		return p
	}
	parts := []struct {
		label string
		v     float64
		color string
	}{
		{"Entry pay", s.Base, "#b0b7c3"}, {"Steps", s.Step, "#0072b2"},
		{"Lanes", s.Lane, "#e69f00"}, {"Supplements", s.Supplements, "#009e73"},
	}
	total := s.Base + s.Step + s.Lane + s.Supplements
	var data []opts.PieData
	for _, part := range parts {
		v := part.v
		var share *float64
		if total > 0 {
			sh := 100 * v / total
			share = &sh
		}
		p.Table.Rows = append(p.Table.Rows, []Cell{Text(part.label, ""), money(&v, ""),
			Number(share, 1, "")})
		data = append(data, opts.PieData{Name: part.label, Value: math.Round(v),
			ItemStyle: &opts.ItemStyle{Color: part.color}})
	}
	pie := charts.NewPie()
	pie.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item",
			Formatter: "{b}: ${c} ({d}%)"}))
	pie.AddSeries("Salaries", data, charts.WithPieChartOpts(opts.PieChart{
		Radius: []string{"35%", "65%"}}))
	p.Chart = Options(pie)
	return p
}

// SchoolBudgetsPanel compares the schools' student-based allocations with
// what their staff cost, and their budgets with their spending.
func SchoolBudgetsPanel(schools []SchoolMoney, th Thresholds) Panel {
	list := slices.Clone(schools)
	slices.SortStableFunc(list, func(a, b SchoolMoney) int {
		return cmp.Compare(a.Name, b.Name)
	})
	names := make([]string, len(list))
	allocation, staffing := make([]any, len(list)), make([]any, len(list))
	t := Table{Columns: []Column{{Name: "School"}, {Name: "Students", Numeric: true},
		{Name: "Teachers", Numeric: true}, {Name: "Allocation", Numeric: true},
		{Name: "Staffing cost", Numeric: true},
		{Name: "Allocation less staffing cost", Numeric: true},
		{Name: "Teachers' cost a student", Numeric: true}, {Name: "Budgeted", Numeric: true},
		{Name: "Actual", Numeric: true}}}
	for i, m := range list {
		names[i] = m.Name
		allocation[i] = map[string]any{"value": chartValue(m.Allocation, 0), "link": m.Link}
		staffing[i] = map[string]any{"value": chartValue(m.StaffingCost, 0), "link": m.Link}
		budgeted, actual := lineTotals(m.Lines)
		withheld := staffingMissing(m, th)
		gapMissing := withheld
		if m.Allocation == nil {
			gapMissing = notReported
		}
		ns, nt := m.Students, m.Teachers
		t.Rows = append(t.Rows, []Cell{Text(m.Name, m.Link), Int(&ns, ""), Int(&nt, ""),
			money(m.Allocation, notReported), money(m.StaffingCost, withheld),
			money(difference(m.Allocation, m.StaffingCost), gapMissing),
			money(m.CostPerStudent, withheld), money(budgeted, notReported),
			money(actual, notReported)})
	}
	b := NewBar()
	b.SetXAxis(names)
	b.SetGlobalOptions(charts.WithYAxisOpts(moneyAxis("Amount")))
	if len(list) > zoomAt {
		// A slider at the foot shows zoomAt schools at a time, the legend
		// making room for it at the head.
		b.SetGlobalOptions(
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
			charts.WithDataZoomOpts(opts.DataZoom{Type: "slider", Start: 0,
				End: float32(math.Round(100 * zoomAt / float64(len(list))))}),
			charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "24%",
				ContainLabel: opts.Bool(true)}))
	}
	b.AddSeries("Student-based allocation", nil, seriesData(allocation),
		seriesColor("#b0b7c3"))
	b.AddSeries("Staffing cost", nil, seriesData(staffing), seriesColor("#0072b2"))
	return Panel{ID: "budgets", Title: "Schools' allocations and staffing costs",
		Note: "What the district's student-based weights would give each school beside " +
			"what its staff cost, and each school's budget against its spending. " +
			"Click a school to open it.",
		Chart: Options(b), Table: t, Wide: true}
}

// zoomAt is the most schools a chart shows at once.
const zoomAt = 30

// lineTotals adds up a school's budget lines: what was budgeted, nil
// without lines, and what was spent, nil unless every line reports it.
func lineTotals(lines []BudgetLine) (budgeted, actual *float64) {
	if len(lines) == 0 {
		return nil, nil
	}
	var b, a float64
	complete := true
	for _, l := range lines {
		b += l.Budgeted
		if l.Actual == nil {
			complete = false
			continue
		}
		a += *l.Actual
	}
	budgeted = &b
	if complete {
		actual = &a
	}
	return budgeted, actual
}

// DistrictLines adds up budget lines, such as the schools' and the
// central office's, by fund and category; the actual of a line is nil
// unless every part reports it.
func DistrictLines(parts ...[]BudgetLine) []BudgetLine {
	type key struct{ fund, category string }
	sums := map[key]*BudgetLine{}
	var order []key
	for _, lines := range parts {
		for _, l := range lines {
			k := key{l.Fund, l.Category}
			s, ok := sums[k]
			if !ok {
				zero := 0.0
				s = &BudgetLine{Fund: l.Fund, Category: l.Category, Actual: &zero}
				sums[k] = s
				order = append(order, k)
			}
			s.Budgeted += l.Budgeted
			switch {
			case l.Actual == nil:
				s.Actual = nil
			case s.Actual != nil:
				*s.Actual += *l.Actual
			}
		}
	}
	slices.SortFunc(order, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.fund, b.fund), cmp.Compare(a.category, b.category))
	})
	out := make([]BudgetLine, len(order))
	for i, k := range order {
		out[i] = *sums[k]
	}
	return out
}
