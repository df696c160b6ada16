package dashboards

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// StaffMember is one teacher as a staff table lists them: who they are,
// where and what they teach, and their measures of a school year. A nil
// measure is withheld or could not be computed.
type StaffMember struct {
	StaffID string
	// Name is as the table shows it, such as "Okafor, Ada".
	Name                 string
	SchoolID, SchoolName string
	Subjects             []string
	// Rating is as stored: "exemplary", "proficient", "needs_development",
	// "ineffective", or "" when not rated.
	Rating                           string
	Composite, MedianSGP, Evaluation *float64
	// GrowthN counts the students behind MedianSGP.
	GrowthN       int
	Experience    float64
	Novice        bool
	InField       *bool
	Certification string
}

// StaffFigures are the headline figures of the district or of a school in
// a school year. A nil share is withheld for too few teachers.
type StaffFigures struct {
	// Of names what the figures are about: the district or a school.
	Of                                     string
	Teachers                               int
	EffectivePct, NovicePct, OutOfFieldPct *float64
	// Retention is the share of the teachers of RetentionYear who stayed
	// at their school into the next year; RetentionYear is 0 when no year
	// has its retention known yet.
	Retention     *float64
	RetentionYear int
	// NoviceYears is the experience below which a teacher is novice.
	NoviceYears float64
}

// HRRetention is how many of the district's teachers of a school year
// stayed at their school into the next: all of them, the top and bottom
// fifths by composite and the gap between those two (the smart-retention
// gap, in points), and each rating. A nil rate is withheld; a rating
// missing from ByRating had no teachers.
type HRRetention struct {
	Year                int
	All, High, Low, Gap *float64
	ByRating            map[string]*float64
}

// HRHiringSource is how effective the teachers in their first two years
// hired through one source are: the share rated effective and their
// median growth percentile, nil when withheld.
type HRHiringSource struct {
	Source                  string
	Teachers                int
	EffectivePct, MedianSGP *float64
}

// ExpiringCertificate is a certificate its holder must renew soon.
type ExpiringCertificate struct {
	StaffID, Name, SchoolID, SchoolName, Field string
	// ExpiresOn is the day it lapses, as YYYY-MM-DD; DaysLeft counts the
	// days to it from the first day of the school year.
	ExpiresOn string
	DaysLeft  int
}

// Ratings in the order the dashboards show them, lowest first.
var hrRatings = []string{"ineffective", "needs_development", "proficient", "exemplary"}

// hrRatingColors colour each rating alike on every chart, "" for teachers
// not rated.
var hrRatingColors = map[string]string{"ineffective": "#c0392b",
	"needs_development": "#e69f00", "proficient": "#56b4e9", "exemplary": "#0072b2",
	"": "#b0b7c3"}

// hrRatingLabel names a rating as people read it.
func hrRatingLabel(rating string) string {
	switch rating {
	case "":
		return "Not rated"
	case "needs_development":
		return "Needs development"
	}
	return hrWords(rating)
}

// hrSubjectLabel names a subject or certificate field as people read it.
func hrSubjectLabel(subject string) string {
	switch subject {
	case "ela", "esol", "pe", "cte":
		return strings.ToUpper(subject)
	}
	return hrWords(subject)
}

// hrSourceLabel names a hiring source as people read it.
func hrSourceLabel(source string) string {
	switch source {
	case "":
		return "Not recorded"
	case "teach_for_america":
		return "Teach For America"
	}
	return hrWords(source)
}

// hrWords turns a code such as "social_studies" into "Social studies".
func hrWords(code string) string {
	s := strings.ReplaceAll(code, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// YearSpan names a school year by the two calendar years it spans,
// such as "2024-25" for 2025.
func YearSpan(year int) string {
	return fmt.Sprintf("%d-%02d", year-1, year%100)
}

// hrTeacherLink is the address of a teacher's page.
func hrTeacherLink(staffID string) string { return "/teachers/" + url.PathEscape(staffID) }

// hrSchoolLink is the address of a school's page.
func hrSchoolLink(schoolID string) string { return "/schools/" + url.PathEscape(schoolID) }

// hrPercent writes a share for a headline figure.
func hrPercent(v *float64, missing string) string {
	if v == nil {
		return missing
	}
	return strconv.FormatFloat(*v, 'f', 1, 64) + "%"
}

// HRFacts are the headline figures of the HR leader's dashboard.
func HRFacts(f StaffFigures, minTeachers int) []Fact {
	withheld := FewerTeachers(minTeachers)
	facts := []Fact{
		{Label: "Teachers", Value: strconv.Itoa(f.Teachers), Note: f.Of},
		{Label: "Effective", Value: hrPercent(f.EffectivePct, withheld),
			Note: "rated proficient or exemplary"},
		{Label: "Novice", Value: hrPercent(f.NovicePct, withheld),
			Note: "fewer than " + strconv.FormatFloat(f.NoviceYears, 'f', -1, 64) +
				" years of experience"},
		{Label: "Out of field", Value: hrPercent(f.OutOfFieldPct, withheld),
			Note: "teaching without a certificate for the subject"},
	}
	retention := Fact{Label: "Retention", Value: "not yet known",
		Note: "teachers who stay at their school"}
	if f.RetentionYear != 0 {
		retention.Value = hrPercent(f.Retention, withheld)
		retention.Note = fmt.Sprintf("stayed at their school from %s to %s",
			YearSpan(f.RetentionYear), YearSpan(f.RetentionYear+1))
	}
	return append(facts, retention)
}

// hrValues turns measures into chart data: a withheld value is null, a
// gap in the chart, never 0.
func hrValues(vs []*float64) []any {
	data := make([]any, len(vs))
	for i, v := range vs {
		if v != nil {
			data[i] = *v
		}
	}
	return data
}

// hrData sets a series' data, replacing go-echarts' items, whose missing
// values would lose their place.
func hrData(data []any) charts.SeriesOpts {
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = data })
}

// hrLinked is chart data whose items lead to a page when clicked.
func hrLinked(values []any, names, links []string) []any {
	data := make([]any, len(values))
	for i, v := range values {
		data[i] = map[string]any{"value": v, "name": names[i], "link": links[i]}
	}
	return data
}

// hrColor gives a series its colour.
func hrColor(color string) charts.SeriesOpts {
	return charts.WithItemStyleOpts(opts.ItemStyle{Color: color})
}

// hrPercentAxis is a value axis of shares from 0 to 100.
func hrPercentAxis(name string) opts.YAxis {
	return opts.YAxis{Type: "value", Name: name, Min: 0, Max: 100,
		AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}
}

// hrCategories is an axis of categories that labels every one, turned
// when the labels are long, such as the names of schools; a turned first
// label needs more room on the left.
func hrCategories(turned bool) charts.GlobalOpts {
	label := &opts.AxisLabel{Interval: "0"}
	if !turned {
		return charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: label})
	}
	label.Rotate = 30
	return func(bc *charts.BaseConfiguration) {
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: label})(bc)
		bc.GridList = []opts.Grid{{Left: "10%", Right: "4%", Bottom: "12%",
			ContainLabel: opts.Bool(true)}}
	}
}

// hrZoom lets a chart of many categories scroll through them.
func hrZoom(b *charts.Bar, categories int) {
	const shown = 15
	if categories <= shown {
		return
	}
	end := float32(shown) / float32(categories) * 100
	b.SetGlobalOptions(charts.WithDataZoomOpts(
		opts.DataZoom{Type: "slider", Start: 0, End: end, XAxisIndex: []int{0}},
		opts.DataZoom{Type: "inside", Start: 0, End: end, XAxisIndex: []int{0}}))
}

// hrSchool is a school's place in a chart of schools.
type hrSchool struct {
	id, name string
	staff    []StaffMember
}

// hrBySchool groups teachers by school, in order of school id.
func hrBySchool(staff []StaffMember) []*hrSchool {
	var list []*hrSchool
	index := map[string]*hrSchool{}
	for _, m := range staff {
		s := index[m.SchoolID]
		if s == nil {
			s = &hrSchool{id: m.SchoolID, name: m.SchoolName}
			index[m.SchoolID] = s
			list = append(list, s)
		}
		s.staff = append(s.staff, m)
	}
	slices.SortFunc(list, func(a, b *hrSchool) int { return cmp.Compare(a.id, b.id) })
	return list
}

// hrCount counts teachers who pass a test.
func hrCount(staff []StaffMember, test func(StaffMember) bool) int {
	n := 0
	for _, m := range staff {
		if test(m) {
			n++
		}
	}
	return n
}

// HRHeadcount is the number of teachers of each school, stacked by
// rating, for the teachers shown, with the schools in order of id.
func HRHeadcount(staff []StaffMember) Panel {
	schools := hrBySchool(staff)
	names, links := make([]string, len(schools)), make([]string, len(schools))
	for i, s := range schools {
		names[i], links[i] = s.name, hrSchoolLink(s.id)
	}
	ratings := []string{"exemplary", "proficient", "needs_development", "ineffective", ""}

	b := NewBar()
	b.SetXAxis(names)
	b.SetGlobalOptions(hrCategories(true), charts.WithYAxisOpts(opts.YAxis{
		Type: "value", Name: "Teachers", MinInterval: 1}))
	hrZoom(b, len(schools))
	counts := make([][]int, len(ratings))
	for r, rating := range ratings {
		counts[r] = make([]int, len(schools))
		values := make([]any, len(schools))
		for i, s := range schools {
			counts[r][i] = hrCount(s.staff, func(m StaffMember) bool { return m.Rating == rating })
			values[i] = counts[r][i]
		}
		b.AddSeries(hrRatingLabel(rating), nil, hrData(hrLinked(values, names, links)),
			charts.WithBarChartOpts(opts.BarChart{Stack: "teachers"}),
			hrColor(hrRatingColors[rating]))
	}

	t := Table{Columns: []Column{{Name: "School"}, {Name: "Teachers", Numeric: true}}}
	for _, rating := range ratings {
		t.Columns = append(t.Columns, Column{Name: hrRatingLabel(rating), Numeric: true})
	}
	for i, s := range schools {
		n := len(s.staff)
		row := []Cell{Text(s.name, links[i]), Int(&n, "")}
		for r := range ratings {
			row = append(row, Int(&counts[r][i], ""))
		}
		t.Rows = append(t.Rows, row)
	}
	return Panel{ID: "headcount", Title: "Teachers and their ratings by school",
		Note: "The teachers shown, by the school their measures belong to. " +
			"Click a school to open it.",
		Chart: Options(b), Table: t}
}

// HRRetentionByRating is the share of teachers of each rating who stayed
// at their school, one line a school year.
func HRRetentionByRating(years []HRRetention, minTeachers int) Panel {
	labels := make([]string, len(hrRatings))
	for i, r := range hrRatings {
		labels[i] = hrRatingLabel(r)
	}
	l := NewLine()
	l.SetXAxis(labels)
	l.SetGlobalOptions(hrCategories(false), charts.WithYAxisOpts(hrPercentAxis("Stayed")))

	t := Table{Columns: []Column{{Name: "Rating"}}}
	rows := make([][]Cell, len(hrRatings))
	for i, label := range labels {
		rows[i] = []Cell{Text(label, "")}
	}
	for _, y := range years {
		values := make([]*float64, len(hrRatings))
		for i, r := range hrRatings {
			v, ok := y.ByRating[r]
			values[i] = v
			missing := FewerTeachers(minTeachers)
			if !ok {
				missing = "no teachers"
			}
			rows[i] = append(rows[i], Number(v, 1, missing))
		}
		name := YearSpan(y.Year)
		l.AddSeries(name, nil, hrData(hrValues(values)))
		t.Columns = append(t.Columns, Column{Name: name + " %", Numeric: true})
	}
	t.Rows = rows
	return Panel{ID: "retention-by-rating", Title: "Retention by rating",
		Note: "Share of each rating's teachers who stayed at their school into " +
			"the next year, one line a school year.",
		Chart: Options(l), Table: t}
}

// HRSmartRetention is whether the district keeps its best teachers more
// than its weakest, year by year: the retention of the top and bottom
// fifths by composite, the gap between them, and all teachers'.
func HRSmartRetention(years []HRRetention, minTeachers int) Panel {
	series := []struct {
		name  string
		value func(HRRetention) *float64
	}{
		{"Top 20% %", func(y HRRetention) *float64 { return y.High }},
		{"Bottom 20% %", func(y HRRetention) *float64 { return y.Low }},
		{"Gap (points)", func(y HRRetention) *float64 { return y.Gap }},
		{"All teachers %", func(y HRRetention) *float64 { return y.All }},
	}
	labels := make([]string, len(years))
	for i, y := range years {
		labels[i] = YearSpan(y.Year)
	}
	l := NewLine()
	l.SetXAxis(labels)
	l.SetGlobalOptions(hrCategories(false), charts.WithYAxisOpts(opts.YAxis{
		Type: "value", Name: "% or points"}))

	t := Table{Columns: []Column{{Name: "School year"}}}
	for _, s := range series {
		t.Columns = append(t.Columns, Column{Name: s.name, Numeric: true})
	}
	for i, y := range years {
		row := []Cell{Text(labels[i], "")}
		for _, s := range series {
			row = append(row, Number(s.value(y), 1, FewerTeachers(minTeachers)))
		}
		t.Rows = append(t.Rows, row)
	}
	for _, s := range series {
		values := make([]*float64, len(years))
		for i, y := range years {
			values[i] = s.value(y)
		}
		l.AddSeries(strings.TrimSuffix(s.name, " %"), nil, hrData(hrValues(values)))
	}
	return Panel{ID: "smart-retention", Title: "Smart retention over the years",
		Note: "Retention of the top and bottom fifths of teachers by composite " +
			"score; the gap is top less bottom, near zero when the district keeps " +
			"its best no better than its weakest.",
		Chart: Options(l), Table: t}
}

// HRExpiring lists the certificates to renew within the days given of the
// first day of the school year, soonest first.
func HRExpiring(certs []ExpiringCertificate, days int) Panel {
	t := Table{Columns: []Column{{Name: "Teacher"}, {Name: "School"},
		{Name: "Certificate field"}, {Name: "Expires on"},
		{Name: "Days left", Numeric: true}}}
	for _, c := range certs {
		left := c.DaysLeft
		t.Rows = append(t.Rows, []Cell{Text(c.Name, hrTeacherLink(c.StaffID)),
			Text(c.SchoolName, hrSchoolLink(c.SchoolID)), Text(hrSubjectLabel(c.Field), ""),
			Text(c.ExpiresOn, ""), Int(&left, "")})
	}
	return Panel{ID: "expiring", Title: "Certifications expiring",
		Note: fmt.Sprintf("Certificates of the teachers shown that lapse within %d days "+
			"of the first day of the school year, held by teachers with no valid "+
			"certificate lasting longer.", days),
		Table: t}
}

// HRNoviceOutOfField counts the novice teachers and those teaching out of
// field at each school, among the teachers shown.
func HRNoviceOutOfField(staff []StaffMember) Panel {
	schools := hrBySchool(staff)
	names, links := make([]string, len(schools)), make([]string, len(schools))
	novice, outOfField := make([]any, len(schools)), make([]any, len(schools))
	t := Table{Columns: []Column{{Name: "School"}, {Name: "Novice", Numeric: true},
		{Name: "Out of field", Numeric: true}}}
	for i, s := range schools {
		names[i], links[i] = s.name, hrSchoolLink(s.id)
		n := hrCount(s.staff, func(m StaffMember) bool { return m.Novice })
		o := hrCount(s.staff, func(m StaffMember) bool { return m.InField != nil && !*m.InField })
		novice[i], outOfField[i] = n, o
		t.Rows = append(t.Rows, []Cell{Text(s.name, links[i]), Int(&n, ""), Int(&o, "")})
	}

	b := NewBar()
	b.SetXAxis(names)
	b.SetGlobalOptions(hrCategories(true), charts.WithYAxisOpts(opts.YAxis{
		Type: "value", Name: "Teachers", MinInterval: 1}))
	hrZoom(b, len(schools))
	b.AddSeries("Novice", nil, hrData(hrLinked(novice, names, links)), hrColor("#e69f00"))
	b.AddSeries("Out of field", nil, hrData(hrLinked(outOfField, names, links)),
		hrColor("#c0392b"))
	return Panel{ID: "novice-out-of-field", Title: "Novice and out-of-field teachers by school",
		Note:  "Among the teachers shown. Click a school to open it.",
		Chart: Options(b), Table: t}
}

// HRPipeline is how effective the teachers in their first two years are,
// by how they were hired.
func HRPipeline(sources []HRHiringSource, minTeachers int) Panel {
	withheld := FewerTeachers(minTeachers)
	labels := make([]string, len(sources))
	effective, growth := make([]*float64, len(sources)), make([]*float64, len(sources))
	t := Table{Columns: []Column{{Name: "Hiring source"}, {Name: "Teachers", Numeric: true},
		{Name: "Effective %", Numeric: true}, {Name: "Median SGP", Numeric: true}}}
	for i, s := range sources {
		labels[i] = fmt.Sprintf("%s (%d)", hrSourceLabel(s.Source), s.Teachers)
		effective[i], growth[i] = s.EffectivePct, s.MedianSGP
		n := s.Teachers
		t.Rows = append(t.Rows, []Cell{Text(hrSourceLabel(s.Source), ""), Int(&n, ""),
			Number(s.EffectivePct, 1, withheld), Number(s.MedianSGP, 1, withheld)})
	}

	b := NewBar()
	b.SetXAxis(labels)
	b.SetGlobalOptions(hrCategories(true),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100}))
	b.AddSeries("Effective %", nil, hrData(hrValues(effective)), hrColor("#0072b2"))
	b.AddSeries("Median SGP", nil, hrData(hrValues(growth)), hrColor("#009e73"))
	return Panel{ID: "pipeline", Title: "New teachers by hiring source",
		Note: "Teachers in their first two years with the district (how many in " +
			"brackets): the share rated effective and their students' median growth " +
			"percentile.",
		Chart: Options(b), Table: t}
}

// hrGrowthMissing says why a teacher's growth is not shown: no tested
// students, too few of them (withheld), or a measure that could not be
// computed.
func hrGrowthMissing(n, minStudents int) string {
	switch {
	case n == 0:
		return "no tested students"
	case n < minStudents:
		return FewerStudents(minStudents)
	}
	return "not computed"
}

// hrYesNo writes a yes or no, "unknown" for nil.
func hrYesNo(v *bool) string {
	switch {
	case v == nil:
		return "unknown"
	case *v:
		return "yes"
	}
	return "no"
}

// HRStaff is the table of the teachers shown, each leading to their
// record. Past limit rows, it shows the first limit and says so.
func HRStaff(staff []StaffMember, minStudents, limit int) Panel {
	t := Table{Columns: []Column{{Name: "Teacher"}, {Name: "School"}, {Name: "Subjects"},
		{Name: "Rating"}, {Name: "Composite", Numeric: true},
		{Name: "Median SGP", Numeric: true}, {Name: "Evaluation", Numeric: true},
		{Name: "Experience (years)", Numeric: true}, {Name: "Novice"}, {Name: "In field"},
		{Name: "Certification"}}}
	shown := staff
	if len(shown) > limit {
		shown = shown[:limit]
	}
	for _, m := range shown {
		subjects := make([]string, len(m.Subjects))
		for i, s := range m.Subjects {
			subjects[i] = hrSubjectLabel(s)
		}
		novice := m.Novice
		t.Rows = append(t.Rows, []Cell{Text(m.Name, hrTeacherLink(m.StaffID)),
			Text(m.SchoolName, hrSchoolLink(m.SchoolID)), Text(strings.Join(subjects, ", "), ""),
			hrRatingCell(m.Rating), Number(m.Composite, 2, "not computed"),
			Number(m.MedianSGP, 1, hrGrowthMissing(m.GrowthN, minStudents)),
			Number(m.Evaluation, 2, "no evaluation"), Number(&m.Experience, 1, ""),
			Text(hrYesNo(&novice), ""), Text(hrYesNo(m.InField), ""),
			Text(hrWords(m.Certification), "")})
	}
	note := fmt.Sprintf("%d teachers. Click a name to open their record.", len(staff))
	if len(staff) > limit {
		note = fmt.Sprintf("The first %d of %d teachers, by name: narrow them with the "+
			"filters above.", limit, len(staff))
	}
	return Panel{ID: "staff", Title: "Staff", Note: note, Table: t, Wide: true}
}

// hrRatingCell is a rating in a table, sorted from lowest to highest.
func hrRatingCell(rating string) Cell {
	sort := "0"
	for i, r := range hrRatings {
		if r == rating {
			sort = strconv.Itoa(i + 1)
		}
	}
	return Cell{Text: hrRatingLabel(rating), Sort: sort}
}

// HRChoices are what the HR leader's dashboard may be narrowed to, and
// what is chosen ("" for all): the values of its URL's parameters.
type HRChoices struct {
	// Schools are the district's schools as ids and names.
	Schools                           [][2]string
	Subjects, Certifications          []string
	School, Subject, Rating           string
	Novice, OutOfField, Certification string
}

// HRFilters are the filters of the HR leader's dashboard, after its year:
// school, subject, rating ("unrated" for teachers not rated), novice and
// out of field ("yes" or "no"), and certification status.
func HRFilters(c HRChoices) []Filter {
	schools := make([][2]string, len(c.Schools))
	copy(schools, c.Schools)
	subjects := make([][2]string, len(c.Subjects))
	for i, s := range c.Subjects {
		subjects[i] = [2]string{s, hrSubjectLabel(s)}
	}
	ratings := [][2]string{{"unrated", hrRatingLabel("")}}
	for _, r := range hrRatings {
		ratings = append([][2]string{{r, hrRatingLabel(r)}}, ratings...)
	}
	certs := make([][2]string, len(c.Certifications))
	for i, s := range c.Certifications {
		certs[i] = [2]string{s, hrWords(s)}
	}
	return []Filter{
		hrFilter("school", "School", "All schools", schools, c.School),
		hrFilter("subject", "Subject", "All subjects", subjects, c.Subject),
		hrFilter("rating", "Rating", "All ratings", ratings, c.Rating),
		hrFilter("novice", "Novice", "All", [][2]string{{"yes", "Novice"},
			{"no", "Experienced"}}, c.Novice),
		hrFilter("out_of_field", "Out of field", "All", [][2]string{
			{"yes", "Out of field"}, {"no", "In field"}}, c.OutOfField),
		hrFilter("certification", "Certification", "All", certs, c.Certification),
	}
}

// hrFilter is a filter of values and labels, led by the choice of all. A
// chosen value not among them is kept, so that the filter shows it.
func hrFilter(name, label, all string, values [][2]string, chosen string) Filter {
	f := Filter{Name: name, Label: label, Options: []Option{{Value: "", Label: all,
		Selected: chosen == ""}}}
	found := chosen == ""
	for _, v := range values {
		f.Options = append(f.Options, Option{Value: v[0], Label: v[1],
			Selected: v[0] == chosen})
		found = found || v[0] == chosen
	}
	if !found {
		f.Options = append(f.Options, Option{Value: chosen, Label: chosen, Selected: true})
	}
	return f
}
