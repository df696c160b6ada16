package dashboards

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Estimate is a measure of a teacher's students in one school year and
// subject, such as their median growth percentile, with its standard
// error. Value is nil when withheld for too few students.
type Estimate struct {
	Year    int
	Subject string
	// Students counts the students behind the value.
	Students  int
	Value, SE *float64
}

// interval describes a chart of estimates with their 95% intervals: the
// measure's name, the digits it is shown with, the range of its axis (nil
// for one fitted to the data), the value that marks the typical teacher
// and its name, and whether its table counts students.
type interval struct {
	measure   string
	digits    int
	min, max  any
	typical   float64
	reference string
	students  bool
}

// z95 is how many standard errors either side of an estimate its 95%
// interval reaches.
const z95 = 1.96

// subjectColors tell a teacher's subjects apart on a chart.
var subjectColors = []string{"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9",
	"#d55e00"}

// GrowthPanel charts a teacher's median student growth percentile in each
// subject across the years, each with its 95% interval: the median plus or
// minus 1.96 standard errors.
func GrowthPanel(est []Estimate, th Thresholds) Panel {
	iv := interval{measure: "Median SGP", digits: 1, min: 0, max: 100, typical: 50,
		reference: "Typical growth", students: true}
	return Panel{ID: "growth", Title: "Growth by subject",
		Note: "The median growth percentile of the teacher's students in each " +
			"subject, 50 being typical growth. The bars span the 95% interval: a " +
			"year whose bar crosses 50 is not clearly above or below typical.",
		Chart: intervalChart(iv, est), Table: intervalTable(iv, est, th), Wide: true}
}

// ValueAddedPanel charts a teacher's value-added in each subject across
// the years, with its 95% interval.
func ValueAddedPanel(est []Estimate, th Thresholds) Panel {
	iv := interval{measure: "Value-added", digits: 2, typical: 0,
		reference: "District average"}
	return Panel{ID: "value-added", Title: "Value-added by subject",
		Note: "How much more the teacher's students learned than similar students " +
			"elsewhere, in standard deviations of test scores; 0 is the district's " +
			"average. Estimates from few students are pulled toward 0.",
		Chart: intervalChart(iv, est), Table: intervalTable(iv, est, th)}
}

// bounds is the 95% interval of an estimate, nil when it is withheld or
// has no standard error.
func bounds(e Estimate) (low, high *float64) {
	if e.Value == nil || e.SE == nil {
		return nil, nil
	}
	l, h := *e.Value-z95**e.SE, *e.Value+z95**e.SE
	return &l, &h
}

// intervalChart plots each subject's estimates across the years as a
// line, with a bar capped at both ends for each year's 95% interval.
// ECharts has no error bar, so the years lie on a hidden value axis where
// each subject sits a little to one side of the year, and a second axis
// of categories names the years beneath.
func intervalChart(iv interval, est []Estimate) map[string]any {
	if len(est) == 0 {
		return nil
	}
	first := slices.MinFunc(est, func(a, b Estimate) int { return cmp.Compare(a.Year, b.Year) })
	last := slices.MaxFunc(est, func(a, b Estimate) int { return cmp.Compare(a.Year, b.Year) })
	var labels []string
	for y := first.Year; y <= last.Year; y++ {
		labels = append(labels, YearSpan(y))
	}
	subjects := estimateSubjects(est)

	l := charts.NewLine()
	l.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "12%",
			ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Show: opts.Bool(false),
			Min: float64(first.Year) - 0.5, Max: float64(last.Year) + 0.5}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: iv.measure, Min: iv.min,
			Max: iv.max}),
	)
	l.ExtendXAxis(opts.XAxis{Type: "category", Data: labels, Position: "bottom"})

	width := min(0.15, 0.6/float64(len(subjects)))
	for k, subject := range subjects {
		offset := (float64(k) - float64(len(subjects)-1)/2) * width
		color := subjectColors[k%len(subjectColors)]
		medians, bars := intervalData(iv, est, subject, first.Year, last.Year, offset)
		tooltip := charts.WithSeriesTooltipOpts(opts.SeriesTooltip{
			Formatter: "{a}, {b}: {@[1]}"})
		l.AddSeries(subjectLabel(subject), nil, seriesData(medians), seriesColor(color),
			tooltip, charts.WithLineChartOpts(opts.LineChart{Symbol: "circle",
				SymbolSize: 8}))
		l.AddSeries(subjectLabel(subject), nil, seriesData(bars), seriesColor(color),
			tooltip, charts.WithLineChartOpts(opts.LineChart{Symbol: "rect",
				SymbolSize: []int{12, 2}}))
	}
	l.AddSeries(iv.reference, nil, seriesData([]any{}), seriesColor("#7b8794"),
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{
			Name: iv.reference, YAxis: iv.typical}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Type: "dashed"}}))
	return Options(l)
}

// intervalData is one subject's points across the years, a gap where a
// year has none or it is withheld, and its intervals: for each year, the
// low and high ends and a break before the next.
func intervalData(iv interval, est []Estimate, subject string, first, last int,
	offset float64) (medians, bars []any) {
	byYear := map[int]Estimate{}
	for _, e := range est {
		if e.Subject == subject {
			byYear[e.Year] = e
		}
	}
	for y := first; y <= last; y++ {
		x := math.Round((float64(y)+offset)*1000) / 1000
		e, ok := byYear[y]
		if !ok {
			medians = append(medians, map[string]any{"value": []any{x, nil}})
			continue
		}
		medians = append(medians, map[string]any{"name": YearSpan(y),
			"value": []any{x, chartValue(e.Value, iv.digits)}})
		low, high := bounds(e)
		if low == nil {
			continue
		}
		bars = append(bars,
			map[string]any{"name": YearSpan(y) + " 95% low",
				"value": []any{x, chartValue(low, iv.digits)}},
			map[string]any{"name": YearSpan(y) + " 95% high",
				"value": []any{x, chartValue(high, iv.digits)}},
			map[string]any{"value": []any{x, nil}})
	}
	return medians, bars
}

// intervalTable lists the estimates a chart of intervals shows, by year
// and subject.
func intervalTable(iv interval, est []Estimate, th Thresholds) Table {
	t := Table{Columns: []Column{{Name: "School year"}, {Name: "Subject"}}}
	if iv.students {
		t.Columns = append(t.Columns, Column{Name: "Students", Numeric: true})
	}
	t.Columns = append(t.Columns, Column{Name: iv.measure, Numeric: true},
		Column{Name: "Standard error", Numeric: true},
		Column{Name: "95% low", Numeric: true}, Column{Name: "95% high", Numeric: true})

	sorted := slices.Clone(est)
	slices.SortStableFunc(sorted, func(a, b Estimate) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Subject, b.Subject))
	})
	for _, e := range sorted {
		withheld := FewerStudents(th.Students)
		row := []Cell{Text(YearSpan(e.Year), ""), Text(subjectLabel(e.Subject), "")}
		if iv.students {
			n := e.Students
			row = append(row, Int(&n, ""))
		}
		missing := withheld
		if e.Value != nil {
			missing = "not known"
		}
		low, high := bounds(e)
		row = append(row, Number(e.Value, iv.digits, withheld),
			Number(e.SE, iv.digits, missing), Number(low, iv.digits, missing),
			Number(high, iv.digits, missing))
		t.Rows = append(t.Rows, row)
	}
	return t
}

// estimateSubjects lists the subjects of the estimates in order.
func estimateSubjects(est []Estimate) []string {
	var subjects []string
	for _, e := range est {
		if !slices.Contains(subjects, e.Subject) {
			subjects = append(subjects, e.Subject)
		}
	}
	slices.Sort(subjects)
	return subjects
}

// Component is one scored part of a teacher's evaluation, such as a TAPS
// standard.
type Component struct {
	Name  string
	Score float64
}

// EvaluationPanel charts the scores of a teacher's evaluation components
// in a school year, on the evaluation's scale from low to high.
func EvaluationPanel(year int, components []Component, low, high float64) Panel {
	sorted := slices.Clone(components)
	slices.SortStableFunc(sorted, func(a, b Component) int {
		return compareNatural(a.Name, b.Name)
	})
	t := Table{Columns: []Column{{Name: "Component"}, {Name: "Score", Numeric: true}}}
	names := make([]string, len(sorted))
	scores := make([]any, len(sorted))
	for i, c := range sorted {
		names[i] = componentLabel(c.Name)
		score := c.Score
		scores[i] = chartValue(&score, 2)
		t.Rows = append(t.Rows, []Cell{Text(names[i], ""), Number(&score, 2, "")})
	}
	p := Panel{ID: "evaluation", Title: "Evaluation in " + YearSpan(year),
		Note: "The score of each component of the teacher's evaluation for the " +
			"year, on the district's evaluation scale.",
		Table: t}
	if len(sorted) > 0 {
		b := NewBar()
		b.SetXAxis(names)
		b.SetGlobalOptions(charts.WithXAxisOpts(opts.XAxis{Type: "category",
			AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 30}}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "Score", Min: low,
				Max: high}))
		b.AddSeries("Score", nil, seriesData(scores), seriesColor("#0072b2"))
		p.Chart = Options(b)
	}
	return p
}

// Certificate is a teaching certificate a teacher holds or held, its
// dates as YYYY-MM-DD; Issued is empty when not recorded.
type Certificate struct {
	ID, Field, Level, Status string
	Issued, Expires          string
}

// certificateStatus is a status a certificate may have, with the colour
// the timeline draws it in.
type certificateStatus struct{ status, color string }

// certificateStatuses are the statuses of the data contract, in the order
// the timeline lists them.
var certificateStatuses = []certificateStatus{
	{"valid", "#009e73"}, {"provisional", "#e69f00"}, {"expired", "#b0b7c3"},
	{"revoked", "#d55e00"},
}

// CertificatesPanel draws each certificate's period of validity on a time
// line, coloured by its status, beside the list of certificates.
func CertificatesPanel(certs []Certificate) Panel {
	t := Table{Columns: []Column{{Name: "Certificate"}, {Name: "Field"}, {Name: "Level"},
		{Name: "Status"}, {Name: "Issued"}, {Name: "Expires"}}}
	for _, c := range certs {
		t.Rows = append(t.Rows, []Cell{Text(c.ID, ""), Text(subjectLabel(c.Field), ""),
			Text(c.Level, ""), Text(componentLabel(c.Status), ""),
			Text(cmp.Or(c.Issued, "not recorded"), ""), Text(c.Expires, "")})
	}
	p := Panel{ID: "certifications", Title: "Certification timeline",
		Note: "When each certificate was issued and when it expires.", Table: t}
	if len(certs) > 0 {
		p.Chart = certificatesChart(certs)
	}
	return p
}

// certificatesChart draws each certificate as a bar on a time line from
// the day it was issued to the day it expires, or as a point on the day
// it expires when its issue is not recorded: one line series a status,
// broken between certificates.
func certificatesChart(certs []Certificate) map[string]any {
	labels := make([]string, len(certs))
	for i, c := range certs {
		labels[i] = c.ID + " · " + subjectLabel(c.Field)
	}
	l := charts.NewLine()
	l.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item",
			Formatter: "{a}: {b}"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Bottom: "12%",
			ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "time"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: labels,
			Inverse: opts.Bool(true)}),
	)
	for _, s := range statusesOf(certs) {
		var data []any
		for i, c := range certs {
			if c.Status != s.status {
				continue
			}
			if c.Issued != "" {
				data = append(data, map[string]any{"name": c.ID + " issued " + c.Issued,
					"value": []any{c.Issued, labels[i]}})
			}
			data = append(data, map[string]any{"name": c.ID + " expires " + c.Expires,
				"value": []any{c.Expires, labels[i]}},
				map[string]any{"value": []any{nil, nil}})
		}
		l.AddSeries(componentLabel(s.status), nil, seriesData(data), seriesColor(s.color),
			charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 10}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 8}))
	}
	return Options(l)
}

// statusesOf lists the statuses the certificates have: those of the data
// contract first, in their order, then any other alphabetically, in grey.
func statusesOf(certs []Certificate) []certificateStatus {
	var list []certificateStatus
	for _, s := range certificateStatuses {
		if slices.ContainsFunc(certs, func(c Certificate) bool { return c.Status == s.status }) {
			list = append(list, s)
		}
	}
	var others []string
	for _, c := range certs {
		known := slices.ContainsFunc(certificateStatuses,
			func(s certificateStatus) bool { return s.status == c.Status })
		if !known && !slices.Contains(others, c.Status) {
			others = append(others, c.Status)
		}
	}
	slices.Sort(others)
	for _, s := range others {
		list = append(list, certificateStatus{s, "#7b8794"})
	}
	return list
}

// TeacherYear is a teacher's school year at a glance: where and what they
// taught, their experience and certification, and their measures. A nil
// measure is withheld or could not be computed.
type TeacherYear struct {
	Year              int
	Schools, Subjects []string
	Experience        float64
	Novice            bool
	// Certification is the status on the first day of the year: valid,
	// expiring, provisional, expired or none.
	Certification string
	InField       *bool
	Evaluation    *float64
	// GrowthN counts the students behind MedianSGP and the value-added.
	GrowthN                  int
	MedianSGP                *float64
	ValueAdded, ValueAddedSE *float64
	Composite                *float64
	// Rating and NextYear (stayed, moved or left) are as stored, empty
	// when not rated or not yet known.
	Rating, NextYear string
}

// TeacherFacts are the figures that lead a teacher's page: their rating,
// composite, growth, evaluation, experience and certification in the
// school year shown, or nil when they have no measures that year.
func TeacherFacts(y *TeacherYear, th Thresholds) []Fact {
	if y == nil {
		return nil
	}
	return []Fact{
		{Label: "Rating", Value: ratingLabel(y.Rating), Note: YearSpan(y.Year)},
		{Label: "Composite", Value: numberText(y.Composite, 2, "none"),
			Note: "weighted score from 1 to 4"},
		{Label: "Median SGP", Value: numberText(y.MedianSGP, 1,
			growthMissing(y.GrowthN, th)), Note: "all tested subjects"},
		{Label: "Evaluation", Value: numberText(y.Evaluation, 2, "none"),
			Note: "mean of the components"},
		{Label: "Experience", Value: strconv.FormatFloat(y.Experience, 'f', 1, 64) +
			" years", Note: noviceNote(y.Novice)},
		{Label: "Certification", Value: componentLabel(y.Certification),
			Note: "on the first day of the year"},
	}
}

// TeacherYearsPanel is the table of a teacher's school years.
func TeacherYearsPanel(years []TeacherYear, th Thresholds) Panel {
	names := []string{"School year", "Schools", "Subjects", "Experience (years)", "Novice",
		"Certification", "In field", "Evaluation", "Students", "Median SGP",
		"Value-added", "Value-added SE", "Composite", "Rating", "Next year"}
	numeric := map[string]bool{"Experience (years)": true, "Evaluation": true,
		"Students": true, "Median SGP": true, "Value-added": true, "Value-added SE": true,
		"Composite": true}
	t := Table{}
	for _, n := range names {
		t.Columns = append(t.Columns, Column{Name: n, Numeric: numeric[n]})
	}
	for _, y := range years {
		exp, n := y.Experience, y.GrowthN
		subjects := make([]string, len(y.Subjects))
		for i, s := range y.Subjects {
			subjects[i] = subjectLabel(s)
		}
		growth := growthMissing(y.GrowthN, th)
		t.Rows = append(t.Rows, []Cell{Text(YearSpan(y.Year), ""),
			Text(strings.Join(y.Schools, ", "), ""), Text(strings.Join(subjects, ", "), ""),
			Number(&exp, 1, ""), Text(yesNo(&y.Novice), ""),
			Text(componentLabel(y.Certification), ""), Text(yesNo(y.InField), ""),
			Number(y.Evaluation, 2, "none"), Int(&n, ""), Number(y.MedianSGP, 1, growth),
			Number(y.ValueAdded, 2, growth), Number(y.ValueAddedSE, 2, growth),
			Number(y.Composite, 2, "none"), Text(ratingLabel(y.Rating), ""),
			Text(nextYearLabel(y.NextYear), "")})
	}
	return Panel{ID: "years", Title: "Experience and rating by year",
		Note: "Each school year the teacher taught: experience and certification " +
			"at its start, the year's measures, and whether they stayed the next year.",
		Table: t, Wide: true}
}

// growthMissing says why a teacher's growth is missing: no tested
// students at all, or too few to publish.
func growthMissing(n int, th Thresholds) string {
	if n == 0 {
		return "no tested students"
	}
	return FewerStudents(th.Students)
}

// noviceNote says whether a teacher counts as a novice.
func noviceNote(novice bool) string {
	if novice {
		return "novice"
	}
	return "experienced"
}

// numberText writes a figure with the digits given, or why it is missing.
func numberText(v *float64, digits int, missing string) string {
	if v == nil {
		return missing
	}
	return strconv.FormatFloat(*v, 'f', digits, 64)
}

// yesNo writes a flag that may not be known.
func yesNo(v *bool) string {
	switch {
	case v == nil:
		return "not known"
	case *v:
		return "yes"
	}
	return "no"
}

// ratingLabel names a rating as people read it; "unrated" is the group
// of the teachers not rated.
func ratingLabel(rating string) string {
	if rating == "" || rating == "unrated" {
		return "Not rated"
	}
	return componentLabel(rating)
}

// nextYearLabel says what became of a teacher the next school year.
func nextYearLabel(retention string) string {
	switch retention {
	case "":
		return nextYearPending
	case "stayed":
		return "Stayed at the school"
	case "moved":
		return "Moved to another school"
	case "left":
		return "Left the district"
	}
	return componentLabel(retention)
}

// subjectLabel names a subject or certificate field as people read it.
func subjectLabel(subject string) string {
	switch subject {
	case "ela", "esol", "pe", "cte":
		return strings.ToUpper(subject)
	case "all":
		return "All subjects"
	}
	return componentLabel(subject)
}

// componentLabel turns a code such as "professional_growth" into
// "Professional growth"; a code in capitals, such as "TAPS1", is kept.
func componentLabel(code string) string {
	s := strings.ReplaceAll(code, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// compareNatural orders names with a number at their end by that number,
// so that TAPS2 comes before TAPS10.
func compareNatural(a, b string) int {
	pa, na := splitNumber(a)
	pb, nb := splitNumber(b)
	return cmp.Or(cmp.Compare(pa, pb), cmp.Compare(na, nb), cmp.Compare(a, b))
}

// splitNumber parts a name from the number at its end, -1 when none.
func splitNumber(s string) (string, int) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	n, err := strconv.Atoi(s[i:])
	if err != nil {
		return s, -1
	}
	return s[:i], n
}
