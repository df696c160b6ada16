package dashboards

import (
	"fmt"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// SchoolGrowth is a school's median growth percentile in a school year, in
// one subject or over all, with the students it rests on: nil when they
// are too few or none were tested.
type SchoolGrowth struct {
	MedianSGP *float64
	Students  int
}

// SchoolFacts are the headline figures of a school's page.
func SchoolFacts(f StaffFigures, g SchoolGrowth, minTeachers, minStudents int) []Fact {
	facts := HRFacts(f, minTeachers)
	growth := Fact{Label: "Median SGP", Value: hrGrowthMissing(g.Students, minStudents),
		Note: "students' median growth percentile"}
	if g.MedianSGP != nil {
		growth.Value = strconv.FormatFloat(*g.MedianSGP, 'f', 1, 64)
	}
	return append(facts, growth)
}

// SchoolStaff is the table of a school's teachers, each leading to their
// record. growth names the growth shown, such as "Median SGP (math)".
func SchoolStaff(staff []StaffMember, growth string, minStudents int) Panel {
	t := Table{Columns: []Column{{Name: "Teacher"}, {Name: "Rating"},
		{Name: "Composite", Numeric: true}, {Name: growth, Numeric: true},
		{Name: "Students", Numeric: true}, {Name: "Evaluation", Numeric: true},
		{Name: "Experience (years)", Numeric: true}, {Name: "Novice"},
		{Name: "Certification"}, {Name: "In field"}}}
	for _, m := range staff {
		n, novice := m.GrowthN, m.Novice
		t.Rows = append(t.Rows, []Cell{Text(m.Name, hrTeacherLink(m.StaffID)),
			hrRatingCell(m.Rating), Number(m.Composite, 2, "not computed"),
			Number(m.MedianSGP, 1, hrGrowthMissing(m.GrowthN, minStudents)), Int(&n, ""),
			Number(m.Evaluation, 2, "no evaluation"), Number(&m.Experience, 1, ""),
			Text(hrYesNo(&novice), ""), Text(hrWords(m.Certification), ""),
			Text(hrYesNo(m.InField), "")})
	}
	return Panel{ID: "staff", Title: "Staff",
		Note:  fmt.Sprintf("%d teachers. Click a name to open their record.", len(staff)),
		Table: t, Wide: true}
}

// SchoolGrowthEvaluation plots each teacher's students' growth against
// their evaluation score, each point leading to the teacher, with lines
// at the 50th percentile and at the middle of the evaluation scale
// (evalMin to evalMax) dividing them into quadrants. Teachers without
// both measures are left out, and the note says how many.
func SchoolGrowthEvaluation(staff []StaffMember, growth string, evalMin, evalMax float64) Panel {
	t := Table{Columns: []Column{{Name: "Teacher"}, {Name: "Evaluation", Numeric: true},
		{Name: growth, Numeric: true}}}
	var data []any
	for _, m := range staff {
		if m.MedianSGP == nil || m.Evaluation == nil {
			continue
		}
		link := hrTeacherLink(m.StaffID)
		data = append(data, map[string]any{"value": []float64{*m.Evaluation, *m.MedianSGP},
			"name": m.Name, "link": link})
		t.Rows = append(t.Rows, []Cell{Text(m.Name, link), Number(m.Evaluation, 2, ""),
			Number(m.MedianSGP, 1, "")})
	}
	if data == nil {
		data = []any{}
	}

	mid := (evalMin + evalMax) / 2
	s := charts.NewScatter()
	s.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Bottom: "8%",
			ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "Evaluation",
			NameLocation: "middle", NameGap: 28, Min: evalMin, Max: evalMax}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: growth, Min: 0, Max: 100,
			NameLocation: "middle", NameGap: 36}),
	)
	s.AddSeries("Teachers", nil, hrData(data),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0072b2", Opacity: opts.Float(0.8)}),
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{
			Name: "Growth percentile 50", YAxis: 50}),
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{
			Name: "Middle of the evaluation scale", XAxis: mid}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#8a94a6", Type: "dashed"}}))

	note := "Upper right: strong growth and evaluation; lower left: both weak; the " +
		"other corners are where the two measures disagree. Click a point to open " +
		"the teacher's record."
	if left := len(staff) - len(t.Rows); left > 0 {
		note += fmt.Sprintf(" %d teachers without both measures are not shown.", left)
	}
	return Panel{ID: "growth-evaluation", Title: "Growth against evaluation", Note: note,
		Chart: Options(s), Table: t}
}

// SchoolRatings sets the school's shares of its rated teachers in each
// rating beside the district's, in percent. A share missing or nil is
// withheld.
func SchoolRatings(school, district map[string]*float64, minTeachers int) Panel {
	withheld := FewerTeachers(minTeachers)
	labels := make([]string, len(hrRatings))
	ours, theirs := make([]*float64, len(hrRatings)), make([]*float64, len(hrRatings))
	t := Table{Columns: []Column{{Name: "Rating"}, {Name: "School %", Numeric: true},
		{Name: "District %", Numeric: true}}}
	for i, r := range hrRatings {
		labels[i], ours[i], theirs[i] = hrRatingLabel(r), school[r], district[r]
		t.Rows = append(t.Rows, []Cell{hrRatingCell(r), Number(ours[i], 1, withheld),
			Number(theirs[i], 1, withheld)})
	}

	b := NewBar()
	b.SetXAxis(labels)
	b.SetGlobalOptions(hrCategories(false),
		charts.WithYAxisOpts(hrPercentAxis("Rated teachers")))
	b.AddSeries("School", nil, hrData(hrValues(ours)), hrColor("#0072b2"))
	b.AddSeries("District", nil, hrData(hrValues(theirs)), hrColor("#b0b7c3"))
	return Panel{ID: "ratings", Title: "Ratings beside the district's",
		Note:  "Share of rated teachers in each rating, at the school and across the district.",
		Chart: Options(b), Table: t}
}

// SchoolRetentionYear is the share of a school's teachers, and of the
// district's, who stayed at their school from a school year into the
// next; nil is withheld.
type SchoolRetentionYear struct {
	Year             int
	School, District *float64
}

// SchoolRetention is the school's retention year by year beside the
// district's.
func SchoolRetention(years []SchoolRetentionYear, minTeachers int) Panel {
	withheld := FewerTeachers(minTeachers)
	labels := make([]string, len(years))
	ours, theirs := make([]*float64, len(years)), make([]*float64, len(years))
	t := Table{Columns: []Column{{Name: "School year"}, {Name: "School %", Numeric: true},
		{Name: "District %", Numeric: true}}}
	for i, y := range years {
		labels[i], ours[i], theirs[i] = YearSpan(y.Year), y.School, y.District
		t.Rows = append(t.Rows, []Cell{Text(labels[i], ""), Number(y.School, 1, withheld),
			Number(y.District, 1, withheld)})
	}

	l := NewLine()
	l.SetXAxis(labels)
	l.SetGlobalOptions(hrCategories(false), charts.WithYAxisOpts(hrPercentAxis("Stayed")))
	l.AddSeries("School", nil, hrData(hrValues(ours)), hrColor("#0072b2"))
	l.AddSeries("District", nil, hrData(hrValues(theirs)), hrColor("#b0b7c3"))
	return Panel{ID: "retention", Title: "Retention over the years",
		Note:  "Share of teachers who stayed at their school into the next school year.",
		Chart: Options(l), Table: t}
}

// SchoolChoices are what a school's page may be narrowed to: the subjects
// with growth measures, and the one chosen ("" for growth over all).
type SchoolChoices struct {
	Subjects []string
	Subject  string
}

// SchoolFilters are the filters of a school's page after its year: the
// subject of the growth shown.
func SchoolFilters(c SchoolChoices) []Filter {
	subjects := make([][2]string, len(c.Subjects))
	for i, s := range c.Subjects {
		subjects[i] = [2]string{s, hrSubjectLabel(s)}
	}
	return []Filter{hrFilter("subject", "Growth in", "All subjects", subjects, c.Subject)}
}

// SchoolGrowthLabel names the growth a school's page shows: over all
// subjects, or in the one chosen.
func SchoolGrowthLabel(subject string) string {
	if subject == "" {
		return "Median SGP"
	}
	return "Median SGP (" + hrSubjectLabel(subject) + ")"
}
