package dashboards

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Kinds of scenario option, as the form and the API name them.
const (
	KindRaise          = "raise"
	KindClassSize      = "class_size"
	KindStepFreeze     = "step_freeze"
	KindLaneChange     = "lane_change"
	KindRetentionBonus = "retention_bonus"
)

// optionKinds are the kinds a form's option may take, as people read
// them.
var optionKinds = [][2]string{
	{KindRaise, "Raise"},
	{KindClassSize, "Class-size change"},
	{KindStepFreeze, "Step freeze"},
	{KindLaneChange, "Lane pay change"},
	{KindRetentionBonus, "Retention bonus"},
}

// gradeBands are the grade bands a class-size change may take.
var gradeBands = []string{"0-2", "3-5", "6-8", "9-12"}

// ScenarioOption is one option of a scenario as a leader chose it.
// Amount is dollars a teacher (raise, bonus); Change is students a
// section (class size) or percent of lane pay (lane change); the target
// narrows it to subjects, ratings, and the highest-poverty schools.
type ScenarioOption struct {
	Kind, GradeBand   string
	Amount, Change    float64
	Subjects, Ratings []string
	HighPoverty       bool
}

// Label describes an option in words: "Raise of $1,000 for math
// teachers in the highest-poverty schools".
func (o ScenarioOption) Label() string {
	var what string
	switch o.Kind {
	case KindRaise:
		what = "Raise of " + Dollars(o.Amount)
	case KindRetentionBonus:
		what = "Retention bonus of " + Dollars(o.Amount)
	case KindClassSize:
		students := "students"
		if math.Abs(o.Change) == 1 {
			students = "student"
		}
		return fmt.Sprintf("Classes of grades %s %s by %s %s", o.GradeBand,
			map[bool]string{true: "larger", false: "smaller"}[o.Change >= 0],
			strconv.FormatFloat(math.Abs(o.Change), 'f', -1, 64), students)
	case KindStepFreeze:
		what = "Step freeze"
	case KindLaneChange:
		what = fmt.Sprintf("Lane pay %+g%%", o.Change)
	default:
		return o.Kind
	}
	return what + " for " + o.group()
}

// group names the teachers an option reaches.
func (o ScenarioOption) group() string {
	who := "teachers"
	if len(o.Ratings) > 0 {
		labels := make([]string, len(o.Ratings))
		for i, r := range o.Ratings {
			labels[i] = strings.ToLower(hrRatingLabel(r))
		}
		who = "teachers rated " + strings.Join(labels, " or ")
	}
	if len(o.Subjects) > 0 {
		who = strings.Join(o.Subjects, ", ") + " " + who
	} else if len(o.Ratings) == 0 && !o.HighPoverty {
		who = "all teachers"
	}
	if o.HighPoverty {
		who += " in the highest-poverty schools"
	}
	return who
}

// Assumptions are what a scenario's effects rest on, as the form shows
// them: the retention response in percentage points per 1,000, and the
// shares in percent.
type Assumptions struct {
	RetentionPerThousand, NewTeacherEffective, NewTeacherIneffective float64
	BaseRetention                                                    float64
}

// OptionOutcome is what an option costs and does.
type OptionOutcome struct {
	Option   ScenarioOption
	Teachers int
	// Cost is dollars a year; FTEChange full-time teachers; the effects
	// are percentage points.
	Cost, FTEChange                                        float64
	EffectiveChange, NoviceGapChange, IneffectiveGapChange float64
}

// ScenarioOutcome is what a scenario costs and does on a base year,
// option by option and in all, against its budget target if it has one.
type ScenarioOutcome struct {
	Year                                                   int
	Target                                                 *float64
	TotalCost, FTEChange                                   float64
	EffectiveChange, NoviceGapChange, IneffectiveGapChange float64
	Options                                                []OptionOutcome
}

// ScenarioFacts are the headline figures of a scenario.
func ScenarioFacts(s ScenarioOutcome) []Fact {
	target := Fact{Label: "Against the budget target", Value: "no target",
		Note: "set a target to balance against"}
	if s.Target != nil {
		over := s.TotalCost - *s.Target
		target.Value = Dollars(math.Abs(over)) + map[bool]string{true: " over",
			false: " under"}[over > 0]
		target.Note = "target " + Dollars(*s.Target)
		if over == 0 {
			target.Value = "on target"
		}
	}
	return []Fact{
		{Label: "Cost a year", Value: Dollars(s.TotalCost),
			Note: "on the data of " + YearSpan(s.Year)},
		target,
		{Label: "Teachers", Value: fmt.Sprintf("%+.1f FTE", s.FTEChange),
			Note: "change in full-time teachers"},
		{Label: "Teachers rated effective", Value: fmt.Sprintf("%+.2f points",
			s.EffectiveChange), Note: "projected change of the share"},
		{Label: "Novice gap", Value: fmt.Sprintf("%+.2f points", s.NoviceGapChange),
			Note: "highest- less lowest-poverty schools"},
		{Label: "Ineffective gap", Value: fmt.Sprintf("%+.2f points",
			s.IneffectiveGapChange), Note: "highest- less lowest-poverty schools"},
	}
}

// pointsCell writes a change in percentage points for a table.
func pointsCell(v float64) Cell {
	return Cell{Text: fmt.Sprintf("%+.2f", v), Sort: strconv.FormatFloat(v, 'f', -1, 64)}
}

// amount is a cell of money that is never missing.
func amount(v float64) Cell { return money(&v, "") }

// OptionsPanel sets each option's cost beside its effects, in a chart of
// costs and a table of everything.
func OptionsPanel(s ScenarioOutcome) Panel {
	labels := make([]string, len(s.Options))
	costs := make([]any, len(s.Options))
	t := Table{Columns: []Column{{Name: "Option"}, {Name: "Teachers reached", Numeric: true},
		{Name: "Cost a year", Numeric: true}, {Name: "FTE change", Numeric: true},
		{Name: "Effective points", Numeric: true}, {Name: "Novice gap points", Numeric: true},
		{Name: "Ineffective gap points", Numeric: true}}}
	for i, o := range s.Options {
		labels[i] = fmt.Sprintf("%d. %s", i+1, o.Option.Label())
		costs[i] = chartValue(&s.Options[i].Cost, 0)
		n, fte := o.Teachers, o.FTEChange
		t.Rows = append(t.Rows, []Cell{Text(labels[i], ""), Int(&n, ""), amount(o.Cost),
			Number(&fte, 1, ""), pointsCell(o.EffectiveChange), pointsCell(o.NoviceGapChange),
			pointsCell(o.IneffectiveGapChange)})
	}
	b := NewBar()
	b.SetXAxis(labels)
	b.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithYAxisOpts(moneyAxis("Cost a year")),
		charts.WithXAxisOpts(optionAxis(len(labels))))
	b.AddSeries("Cost a year", nil, seriesData(costs), seriesColor("#0072b2"))
	return Panel{ID: "options", Title: "What each option costs and does",
		Note: "Cost a year of each option on the district's own data, with the teachers " +
			"it reaches, the teachers it adds or saves, and its projected effects in " +
			"percentage points. A saving is a negative cost.",
		Chart: Options(b), Table: t, Wide: true}
}

// EffectsPanel sets each option's projected effects side by side.
func EffectsPanel(s ScenarioOutcome) Panel {
	rows := make([]effectRow, len(s.Options))
	for i, o := range s.Options {
		rows[i] = effectRow{label: fmt.Sprintf("%d. %s", i+1, o.Option.Label()),
			effective: o.EffectiveChange, novice: o.NoviceGapChange,
			ineffective: o.IneffectiveGapChange}
	}
	chart, t := effectsChart("Option", rows)
	return Panel{ID: "effects", Title: "Projected effects",
		Note: "Change in the share of teachers rated effective, and in the equitable-" +
			"access gaps (a fall narrows a gap), under the assumptions shown.",
		Chart: chart, Table: t, Wide: true}
}

// optionAxis is the axis of n options or scenarios, each name cut to the
// room its bars leave on a wide panel, every name shown.
func optionAxis(n int) opts.XAxis {
	width := 1100 / max(n, 1)
	return opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0",
		Width: min(max(width, 100), 500), Overflow: "truncate"}}
}

// effectRow is one group of bars of an effects chart: what it is, where
// it leads, and its effects in percentage points.
type effectRow struct {
	label, link                    string
	effective, novice, ineffective float64
}

// effectsChart draws the effects of rows as groups of bars, with their
// table, whose first column names the rows.
func effectsChart(first string, rows []effectRow) (map[string]any, Table) {
	labels := make([]string, len(rows))
	effective, novice, ineffective := make([]any, len(rows)), make([]any, len(rows)),
		make([]any, len(rows))
	t := Table{Columns: []Column{{Name: first}, {Name: "Effective points", Numeric: true},
		{Name: "Novice gap points", Numeric: true},
		{Name: "Ineffective gap points", Numeric: true}}}
	for i := range rows {
		r := &rows[i]
		labels[i] = r.label
		effective[i] = linkedValue(chartValue(&r.effective, 2), r.link)
		novice[i] = linkedValue(chartValue(&r.novice, 2), r.link)
		ineffective[i] = linkedValue(chartValue(&r.ineffective, 2), r.link)
		t.Rows = append(t.Rows, []Cell{Text(r.label, r.link), pointsCell(r.effective),
			pointsCell(r.novice), pointsCell(r.ineffective)})
	}
	b := NewBar()
	b.SetXAxis(labels)
	b.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "Points"}),
		charts.WithXAxisOpts(optionAxis(len(labels))))
	b.AddSeries("Effective teachers", nil, seriesData(effective), seriesColor("#0072b2"))
	b.AddSeries("Novice gap", nil, seriesData(novice), seriesColor("#e69f00"))
	b.AddSeries("Ineffective gap", nil, seriesData(ineffective), seriesColor("#c0392b"))
	return Options(b), t
}

// SavedScenario is a scenario saved to be opened by its link and
// compared, evaluated on the district's data now.
type SavedScenario struct {
	Name, Link, SavedBy, SavedOn string
	Outcome                      ScenarioOutcome
}

// compared is the list of scenarios a comparison shows, the one being
// weighed first when current is not nil.
func compared(current *ScenarioOutcome, saved []SavedScenario) []SavedScenario {
	if current == nil {
		return saved
	}
	return append([]SavedScenario{{Name: "This scenario", Outcome: *current}}, saved...)
}

// ComparePanel compares scenarios, the one being weighed first when
// current is not nil: what each costs a year, in a chart, and everything
// about them in the table.
func ComparePanel(current *ScenarioOutcome, saved []SavedScenario) Panel {
	list := compared(current, saved)
	names := make([]string, len(list))
	costs := make([]any, len(list))
	t := Table{Columns: []Column{{Name: "Scenario"}, {Name: "Saved by"}, {Name: "Saved on"},
		{Name: "School year"}, {Name: "Options", Numeric: true},
		{Name: "Cost a year", Numeric: true}, {Name: "Over target", Numeric: true},
		{Name: "FTE change", Numeric: true}, {Name: "Effective points", Numeric: true},
		{Name: "Novice gap points", Numeric: true},
		{Name: "Ineffective gap points", Numeric: true}}}
	for i, sv := range list {
		o := &list[i].Outcome
		names[i] = sv.Name
		costs[i] = linkedValue(chartValue(&o.TotalCost, 0), sv.Link)
		n, fte := len(o.Options), o.FTEChange
		t.Rows = append(t.Rows, []Cell{Text(sv.Name, sv.Link), Text(sv.SavedBy, ""),
			Text(sv.SavedOn, ""), Text(YearSpan(o.Year), ""), Int(&n, ""),
			amount(o.TotalCost), money(difference(&o.TotalCost, o.Target), "no target"),
			Number(&fte, 1, ""), pointsCell(o.EffectiveChange), pointsCell(o.NoviceGapChange),
			pointsCell(o.IneffectiveGapChange)})
	}
	b := NewBar()
	b.SetXAxis(names)
	b.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithYAxisOpts(moneyAxis("Cost a year")),
		charts.WithXAxisOpts(optionAxis(len(names))))
	b.AddSeries("Cost a year", nil, seriesData(costs), seriesColor("#0072b2"))
	return Panel{ID: "compare", Title: "Scenarios compared: cost",
		Note: "This scenario beside the saved ones, each evaluated on the district's data " +
			"now. Click a saved scenario to open it.",
		Chart: Options(b), Table: t, Wide: true}
}

// CompareEffectsPanel compares the projected effects of scenarios, the one
// being weighed first when current is not nil.
func CompareEffectsPanel(current *ScenarioOutcome, saved []SavedScenario) Panel {
	list := compared(current, saved)
	rows := make([]effectRow, len(list))
	for i, sv := range list {
		o := sv.Outcome
		rows[i] = effectRow{label: sv.Name, link: sv.Link, effective: o.EffectiveChange,
			novice: o.NoviceGapChange, ineffective: o.IneffectiveGapChange}
	}
	chart, t := effectsChart("Scenario", rows)
	return Panel{ID: "compare-effects", Title: "Scenarios compared: effects",
		Note: "Projected change in the share of teachers rated effective and in the " +
			"equitable-access gaps, in percentage points, scenario by scenario.",
		Chart: chart, Table: t, Wide: true}
}

// linkedValue is a chart's value that leads to a page, when link is not
// empty.
func linkedValue(v any, link string) any {
	if link == "" {
		return v
	}
	return map[string]any{"value": v, "link": link}
}

// OptionRow is one option of the trade-off form, with the choices of
// each of its fields.
type OptionRow struct {
	// Index numbers the row's fields: o<Index>.kind and so on.
	Index             int
	Kinds, Bands      []Option
	Subjects, Ratings []Option
	Amount, Change    string
	HighPoverty       bool
}

// ScenarioForm is the trade-off form: the base year, the budget target,
// the options (and one more, empty, to add), and the assumptions.
type ScenarioForm struct {
	Years       Filter
	Target      string
	Rows        []OptionRow
	Assumptions Assumptions
	// Query is the scenario evaluated, as the page's query string, which
	// the save form carries.
	Query string
}

// MaxOptions is the most options a scenario may hold.
const MaxOptions = 20

// NewScenarioForm fills the form with a scenario's options, ready for one
// more, offering the district's subjects and the ratings.
func NewScenarioForm(years Filter, target *float64, options []ScenarioOption,
	a Assumptions, subjects, ratings []string, query string) ScenarioForm {
	f := ScenarioForm{Years: years, Assumptions: a, Query: query}
	if target != nil {
		f.Target = strconv.FormatFloat(*target, 'f', -1, 64)
	}
	rows := options
	if len(rows) < MaxOptions {
		rows = append(rows[:len(rows):len(rows)], ScenarioOption{})
	}
	for i, o := range rows {
		r := OptionRow{Index: i + 1, HighPoverty: o.HighPoverty}
		r.Kinds = append(r.Kinds, Option{Value: "", Label: "Add an option…",
			Selected: o.Kind == ""})
		for _, k := range optionKinds {
			r.Kinds = append(r.Kinds, Option{Value: k[0], Label: k[1], Selected: o.Kind == k[0]})
		}
		for _, b := range gradeBands {
			r.Bands = append(r.Bands, Option{Value: b, Label: "Grades " + b,
				Selected: o.GradeBand == b})
		}
		for _, s := range subjects {
			r.Subjects = append(r.Subjects, Option{Value: s, Label: s,
				Selected: slices.Contains(o.Subjects, s)})
		}
		for _, rt := range ratings {
			r.Ratings = append(r.Ratings, Option{Value: rt, Label: hrRatingLabel(rt),
				Selected: slices.Contains(o.Ratings, rt)})
		}
		if o.Amount != 0 {
			r.Amount = strconv.FormatFloat(o.Amount, 'f', -1, 64)
		}
		if o.Change != 0 {
			r.Change = strconv.FormatFloat(o.Change, 'f', -1, 64)
		}
		f.Rows = append(f.Rows, r)
	}
	return f
}

// TradeoffPage is the district leader's trade-off page: the form, the
// scenario's figures and panels, and, when it is a saved scenario, what
// it was saved as.
type TradeoffPage struct {
	Page
	Form ScenarioForm
	// Saved is the scenario opened by its link, nil for a new one.
	Saved *SavedRef
	// CanSave tells whether the caller may save and delete scenarios.
	CanSave bool
	// Problem says what is wrong with the scenario asked for; the form
	// keeps it to be mended.
	Problem string
}

// SavedRef is a saved scenario as its page names it; Deletable tells
// whether the caller may delete it.
type SavedRef struct {
	ID, Name, SavedBy, SavedOn string
	Deletable                  bool
}

// RenderTradeoffs writes the trade-off page; with resultsOnly, only the
// part that changes with the scenario, which the page's script swaps in
// as a leader changes the form.
func RenderTradeoffs(w io.Writer, p TradeoffPage, csvBase string, resultsOnly bool) error {
	for i := range p.Panels {
		p.Panels[i].CSV = withParam(csvBase, "csv", p.Panels[i].ID)
	}
	if resultsOnly {
		return templates.ExecuteTemplate(w, "tradeoff-results", p)
	}
	return templates.ExecuteTemplate(w, "tradeoffs.html", p)
}
