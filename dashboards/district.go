package dashboards

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Thresholds are the privacy rules' smallest groups: a value over fewer
// teachers or fewer students is withheld, and the pages say which.
type Thresholds struct {
	Teachers, Students int
}

// nextYearPending says a retention figure waits on the next school
// year's data.
const nextYearPending = "not known until next year"

// EquityShares are the percentages of a group of schools' teachers who
// are rated ineffective, teach out of field, or are novices. A nil share
// is withheld.
type EquityShares struct {
	Ineffective, OutOfField, Novice *float64
}

// Equity compares the teachers of the district's highest- and
// lowest-poverty quartiles of schools; Gap is highest less lowest, in
// percentage points, so a positive gap means poor students more often
// have the weaker teacher.
type Equity struct {
	Lowest, Highest, Gap EquityShares
}

// DistrictSummary is the district's headline figures of a school year.
// RetentionRate is the share of teachers the district kept into the next
// year, nil (with SmartRetentionGap) until that year is in the data.
type DistrictSummary struct {
	Teachers                                       int
	EffectivePct, RetentionRate, SmartRetentionGap *float64
	Equity                                         Equity
}

// DistrictFacts are the figures that lead the district leader's page.
func DistrictFacts(d DistrictSummary, th Thresholds) []Fact {
	withheld := FewerTeachers(th.Teachers)
	retention := withheld
	if d.RetentionRate == nil {
		retention = nextYearPending
	}
	return []Fact{
		{Label: "Teachers", Value: strconv.Itoa(d.Teachers), Note: "with a teaching assignment"},
		{Label: "Effective", Value: percentText(d.EffectivePct, withheld),
			Note: "rated proficient or exemplary"},
		{Label: "Kept in the district", Value: percentText(d.RetentionRate, retention),
			Note: "teaching here the next year"},
		{Label: "Smart-retention gap", Value: pointsText(d.SmartRetentionGap, retention),
			Note: "retention of the top fifth less the bottom fifth"},
		{Label: "Ineffective gap", Value: pointsText(d.Equity.Gap.Ineffective, withheld),
			Note: "highest- less lowest-poverty schools"},
		{Label: "Novice gap", Value: pointsText(d.Equity.Gap.Novice, withheld),
			Note: "highest- less lowest-poverty schools"},
		{Label: "Out-of-field gap", Value: pointsText(d.Equity.Gap.OutOfField, withheld),
			Note: "highest- less lowest-poverty schools"},
	}
}

// EquityPanel compares the shares of ineffective, out-of-field and novice
// teachers in the lowest- and highest-poverty schools, with the gaps.
func EquityPanel(e Equity, th Thresholds) Panel {
	measures := []struct {
		name                 string
		lowest, highest, gap *float64
	}{
		{"Ineffective", e.Lowest.Ineffective, e.Highest.Ineffective, e.Gap.Ineffective},
		{"Out of field", e.Lowest.OutOfField, e.Highest.OutOfField, e.Gap.OutOfField},
		{"Novice", e.Lowest.Novice, e.Highest.Novice, e.Gap.Novice},
	}
	series := []string{"Lowest-poverty schools %", "Highest-poverty schools %",
		"Gap (points)"}
	colors := []string{"#56b4e9", "#0072b2", "#e69f00"}

	names := make([]string, len(measures))
	values := make([][]*float64, len(series))
	for i, m := range measures {
		names[i] = m.name
		values[0] = append(values[0], m.lowest)
		values[1] = append(values[1], m.highest)
		values[2] = append(values[2], m.gap)
	}
	b := NewBar()
	b.SetXAxis(names)
	b.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value",
		Name: "% or points"}))
	for i, name := range series {
		b.AddSeries(strings.TrimSuffix(name, " %"), nil,
			seriesData(chartValues(values[i], 1)), seriesColor(colors[i]))
	}

	t := Table{Columns: []Column{{Name: "Teachers"}}}
	for _, name := range series {
		t.Columns = append(t.Columns, Column{Name: name, Numeric: true})
	}
	withheld := FewerTeachers(th.Teachers)
	for i, name := range names {
		row := []Cell{Text(name, "")}
		for s := range series {
			row = append(row, Number(values[s][i], 1, withheld))
		}
		t.Rows = append(t.Rows, row)
	}
	return Panel{ID: "equity", Title: "Equitable access",
		Note: "Schools are split into quartiles by the share of their students " +
			"who are economically disadvantaged. The gap is the highest-poverty " +
			"quartile less the lowest: above zero, poor students more often have " +
			"the ineffective, out-of-field or novice teacher.",
		Chart: Options(b), Table: t}
}

// SchoolPoint is a school placed by the share of its students who are
// economically disadvantaged (withheld for too few students) and the
// share of its teachers rated effective (withheld for too few teachers).
type SchoolPoint struct {
	Name, Link         string
	Poverty, Effective *float64
}

// PovertyPanel plots each school by poverty against its share of
// effective teachers; clicking a school opens it.
func PovertyPanel(schools []SchoolPoint, th Thresholds) Panel {
	data := make([]any, len(schools))
	for i, s := range schools {
		data[i] = map[string]any{"name": s.Name, "link": s.Link,
			"value": []any{chartValue(s.Poverty, 1), chartValue(s.Effective, 1)}}
	}
	sc := charts.NewScatter()
	sc.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item",
			Formatter: "{b}: {@[0]}% disadvantaged, {@[1]}% effective"}),
		charts.WithGridOpts(opts.Grid{Left: "40", Right: "6%", Bottom: "40",
			ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100,
			Name: "Students economically disadvantaged %", NameLocation: "middle",
			NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100,
			Name: "Teachers rated effective %", NameLocation: "middle", NameGap: 36}),
	)
	sc.AddSeries("Schools", nil, seriesData(data), seriesColor("#0072b2"),
		charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: 10}))

	t := Table{Columns: []Column{{Name: "School"},
		{Name: "Students economically disadvantaged %", Numeric: true},
		{Name: "Teachers rated effective %", Numeric: true}}}
	for _, s := range schools {
		t.Rows = append(t.Rows, []Cell{Text(s.Name, s.Link),
			Number(s.Poverty, 1, FewerStudents(th.Students)),
			Number(s.Effective, 1, FewerTeachers(th.Teachers))})
	}
	return Panel{ID: "poverty", Title: "Poverty and effective teachers by school",
		Note: "Each point is a school. Schools toward the lower right serve the " +
			"most disadvantaged students with the fewest effective teachers. " +
			"Click a school to open it.",
		Chart: Options(sc), Table: t}
}

// TeacherGroup is one group of the district's teachers in a school year,
// such as those rated proficient or those with 3 to 5 years of experience:
// how many they are, the share the district kept into the next year, the
// share rated effective and their mean cost. A nil value is withheld.
// Name is as stored: a rating ("proficient", or "unrated") or a band of
// years of experience ("3-5").
type TeacherGroup struct {
	Name                                  string
	Teachers                              int
	RetentionRate, EffectivePct, MeanCost *float64
}

// groupLabels are the categories of a chart of groups, each named by
// label with the number of teachers in it, so that the chart shows what
// its table does.
func groupLabels(groups []TeacherGroup, label func(string) string) []string {
	labels := make([]string, len(groups))
	for i, g := range groups {
		labels[i] = fmt.Sprintf("%s (%d)", label(g.Name), g.Teachers)
	}
	return labels
}

// groupTable is the table of a chart of groups: each group's name and
// size, then the cells of its measures.
func groupTable(first string, groups []TeacherGroup, label func(string) string,
	columns []Column, cells func(TeacherGroup) []Cell) Table {
	t := Table{Columns: append([]Column{{Name: first}, {Name: "Teachers", Numeric: true}},
		columns...)}
	for _, g := range groups {
		n := g.Teachers
		t.Rows = append(t.Rows, append([]Cell{Text(label(g.Name), ""), Int(&n, "")},
			cells(g)...))
	}
	return t
}

// bandLabel names a band of years of experience, such as "3-5 years".
func bandLabel(band string) string { return band + " years" }

// RetentionPanel is the share of each rating's teachers the district kept
// into the next year. Until that year is in the data, nextYearKnown is
// false and every rate reads as not yet known.
func RetentionPanel(groups []TeacherGroup, nextYearKnown bool, th Thresholds) Panel {
	missing := FewerTeachers(th.Teachers)
	if !nextYearKnown {
		missing = nextYearPending
	}
	rates := make([]*float64, len(groups))
	for i, g := range groups {
		rates[i] = g.RetentionRate
	}
	b := NewBar()
	b.SetXAxis(groupLabels(groups, ratingLabel))
	b.SetGlobalOptions(charts.WithYAxisOpts(percentAxis("Kept")))
	b.AddSeries("Kept in the district", nil, seriesData(chartValues(rates, 1)),
		seriesColor("#0072b2"))

	t := groupTable("Rating", groups, ratingLabel, []Column{{Name: "Kept in the district %",
		Numeric: true}}, func(g TeacherGroup) []Cell {
		return []Cell{Number(g.RetentionRate, 1, missing)}
	})
	return Panel{ID: "retention", Title: "Retention by rating",
		Note: "Share of each rating's teachers (how many in brackets) still " +
			"teaching in the district the next year, at the same school or another.",
		Chart: Options(b), Table: t}
}

// PayByRatingPanel is the mean cost of a teacher (salary, supplements and
// benefits) of each rating.
func PayByRatingPanel(groups []TeacherGroup, th Thresholds) Panel {
	costs := make([]*float64, len(groups))
	for i, g := range groups {
		costs[i] = g.MeanCost
	}
	b := NewBar()
	b.SetXAxis(groupLabels(groups, ratingLabel))
	b.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "Mean cost"}))
	b.AddSeries("Mean cost", nil, seriesData(chartValues(costs, 0)), seriesColor("#0072b2"))

	withheld := FewerTeachers(th.Teachers)
	t := groupTable("Rating", groups, ratingLabel,
		[]Column{{Name: "Mean cost", Numeric: true}},
		func(g TeacherGroup) []Cell { return []Cell{Number(g.MeanCost, 0, withheld)} })
	return Panel{ID: "pay-rating", Title: "Pay by rating",
		Note: "Mean cost of a teacher of each rating: salary, supplements and " +
			"benefits. Similar bars mean pay does not follow effectiveness.",
		Chart: Options(b), Table: t}
}

// PayByExperiencePanel sets the mean cost of a teacher in each band of
// years of experience beside the share of that band rated effective.
func PayByExperiencePanel(groups []TeacherGroup, th Thresholds) Panel {
	costs := make([]*float64, len(groups))
	effective := make([]*float64, len(groups))
	for i, g := range groups {
		costs[i], effective[i] = g.MeanCost, g.EffectivePct
	}
	b := NewBar()
	b.SetXAxis(groupLabels(groups, bandLabel))
	b.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "Mean cost"}))
	b.ExtendYAxis(percentAxis("Effective"))
	b.AddSeries("Mean cost", nil, seriesData(chartValues(costs, 0)), seriesColor("#0072b2"))
	line := charts.NewLine()
	line.AddSeries("Effective", nil, seriesData(chartValues(effective, 1)),
		seriesColor("#e69f00"), charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1}))
	b.Overlap(line)

	withheld := FewerTeachers(th.Teachers)
	t := groupTable("Experience", groups, bandLabel, []Column{
		{Name: "Mean cost", Numeric: true}, {Name: "Effective %", Numeric: true}},
		func(g TeacherGroup) []Cell {
			return []Cell{Number(g.MeanCost, 0, withheld), Number(g.EffectivePct, 1, withheld)}
		})
	return Panel{ID: "pay-experience", Title: "Pay and effectiveness by experience",
		Note: "Mean cost of a teacher by years of experience (bars) beside the " +
			"share rated effective (line): pay that keeps rising while the share " +
			"effective levels off pays for seniority rather than effectiveness.",
		Chart: Options(b), Table: t}
}

// PaySharesPanel is the share of the district's teacher salaries paid
// for degree lanes and for late steps, factors that research finds
// unrelated to effectiveness. The shares are nil when the pay data holds
// no teacher's step and lane.
func PaySharesPanel(lane, lateStep *float64) Panel {
	const unknown = "no steps and lanes in the pay data"
	t := Table{Columns: []Column{{Name: "Salary paid for"}, {Name: "Share %", Numeric: true}},
		Rows: [][]Cell{
			{Text("Degree lanes", ""), Number(lane, 1, unknown)},
			{Text("Late steps", ""), Number(lateStep, 1, unknown)},
		}}
	return Panel{ID: "pay-shares", Title: "Pay for lanes and late steps",
		Note: "Share of the district's teacher salaries paid for advanced degrees " +
			"(lanes, above the lowest lane at the same step) and for steps late in " +
			"a career (past the early-career step), neither of which research " +
			"finds to make a teacher more effective.",
		Table: t}
}

// DistrictTrend is the district's headline measures of one school year.
// RetentionRate and SmartRetentionGap are nil until the next year is in
// the data.
type DistrictTrend struct {
	Year                                                      int
	EffectivePct, NovicePct, RetentionRate, SmartRetentionGap *float64
}

// TrendsPanel follows the district's shares of effective and novice
// teachers, its retention and its smart-retention gap across the years.
func TrendsPanel(years []DistrictTrend, th Thresholds) Panel {
	withheld := FewerTeachers(th.Teachers)
	series := []struct {
		name   string
		value  func(DistrictTrend) *float64
		color  string
		absent func(DistrictTrend) string
	}{
		{"Effective %", func(y DistrictTrend) *float64 { return y.EffectivePct }, "#0072b2",
			func(DistrictTrend) string { return withheld }},
		{"Novice %", func(y DistrictTrend) *float64 { return y.NovicePct }, "#56b4e9",
			func(DistrictTrend) string { return withheld }},
		{"Kept in the district %", func(y DistrictTrend) *float64 { return y.RetentionRate },
			"#009e73", func(DistrictTrend) string { return nextYearPending }},
		{"Smart-retention gap (points)",
			func(y DistrictTrend) *float64 { return y.SmartRetentionGap }, "#e69f00",
			func(y DistrictTrend) string {
				if y.RetentionRate == nil {
					return nextYearPending
				}
				return withheld
			}},
	}
	labels := make([]string, len(years))
	for i, y := range years {
		labels[i] = YearSpan(y.Year)
	}
	l := NewLine()
	l.SetXAxis(labels)
	l.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value",
		Name: "% or points"}))
	t := Table{Columns: []Column{{Name: "School year"}}}
	for _, s := range series {
		values := make([]*float64, len(years))
		for i, y := range years {
			values[i] = s.value(y)
		}
		l.AddSeries(strings.TrimSuffix(s.name, " %"), nil,
			seriesData(chartValues(values, 1)), seriesColor(s.color))
		t.Columns = append(t.Columns, Column{Name: s.name, Numeric: true})
	}
	for i, y := range years {
		row := []Cell{Text(labels[i], "")}
		for _, s := range series {
			row = append(row, Number(s.value(y), 1, s.absent(y)))
		}
		t.Rows = append(t.Rows, row)
	}
	return Panel{ID: "trends", Title: "Trends across the years",
		Note: "The smart-retention gap is the retention of the top fifth of " +
			"teachers by composite less that of the bottom fifth: above zero, the " +
			"district keeps its best teachers more than its weakest.",
		Chart: Options(l), Table: t, Wide: true}
}

// SchoolComparison is one school's measures of a school year, as the
// district compares its schools. Shares are percentages; a nil value is
// withheld.
type SchoolComparison struct {
	Name, Link         string
	Teachers, Students int
	Poverty, Effective, Ineffective, Novice, OutOfField, MedianSGP,
	Retention, CostPerStudent *float64
	Rated, Exemplary, Proficient, NeedsDevelopment, IneffectiveCount,
	Expiring *int
}

// SchoolsPanel is the table of the district's schools side by side, each
// leading to its page. Until the next year is in the data, nextYearKnown
// is false and retention reads as not yet known.
func SchoolsPanel(schools []SchoolComparison, nextYearKnown bool, th Thresholds) Panel {
	teachers, students := FewerTeachers(th.Teachers), FewerStudents(th.Students)
	retention := teachers
	if !nextYearKnown {
		retention = nextYearPending
	}
	names := []string{"School", "Teachers", "Students",
		"Students economically disadvantaged %", "Effective %", "Ineffective %",
		"Novice %", "Out of field %", "Median SGP", "Stayed at the school %",
		"Cost per student", "Rated", "Exemplary", "Proficient", "Needs development",
		"Ineffective", "Certificates expiring"}
	t := Table{}
	for i, name := range names {
		t.Columns = append(t.Columns, Column{Name: name, Numeric: i > 0})
	}
	for _, s := range schools {
		nt, ns := s.Teachers, s.Students
		t.Rows = append(t.Rows, []Cell{Text(s.Name, s.Link), Int(&nt, ""), Int(&ns, ""),
			Number(s.Poverty, 1, students), Number(s.Effective, 1, teachers),
			Number(s.Ineffective, 1, teachers), Number(s.Novice, 1, teachers),
			Number(s.OutOfField, 1, teachers), Number(s.MedianSGP, 1, students),
			Number(s.Retention, 1, retention), Number(s.CostPerStudent, 0, teachers),
			Int(s.Rated, teachers), Int(s.Exemplary, teachers), Int(s.Proficient, teachers),
			Int(s.NeedsDevelopment, teachers), Int(s.IneffectiveCount, teachers),
			Int(s.Expiring, teachers)})
	}
	return Panel{ID: "schools", Title: "Schools compared",
		Note: "Every school's measures for the year. Sort by a column to compare; " +
			"click a school to open it.",
		Table: t, Wide: true}
}

// percentText writes a share for a headline figure, or why it is missing.
func percentText(v *float64, missing string) string {
	if v == nil {
		return missing
	}
	return strconv.FormatFloat(*v, 'f', 1, 64) + "%"
}

// pointsText writes a difference of shares, signed, in percentage points.
func pointsText(v *float64, missing string) string {
	if v == nil {
		return missing
	}
	return fmt.Sprintf("%+.1f points", *v)
}

// chartValue is a value as a chart plots it, rounded as its table shows
// it; a withheld value is null, a gap in the chart, never 0.
func chartValue(v *float64, digits int) any {
	if v == nil {
		return nil
	}
	p := math.Pow(10, float64(digits))
	return math.Round(*v*p) / p
}

// chartValues is the data of a series of values.
func chartValues(vs []*float64, digits int) []any {
	data := make([]any, len(vs))
	for i, v := range vs {
		data[i] = chartValue(v, digits)
	}
	return data
}

// seriesData sets a series' data to plain values, so that a withheld
// value stays in its place as null and an item can carry the page it
// leads to.
func seriesData(data []any) charts.SeriesOpts {
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = data })
}

// seriesColor gives a series its colour, which its line takes too.
func seriesColor(color string) charts.SeriesOpts {
	return charts.WithItemStyleOpts(opts.ItemStyle{Color: color})
}

// percentAxis is a value axis of shares from 0 to 100.
func percentAxis(name string) opts.YAxis {
	return opts.YAxis{Type: "value", Name: name + " %", Min: 0, Max: 100}
}
