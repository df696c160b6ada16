package synth

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// midScale is a district of twenty schools: big enough for the
// statistical properties to show clearly, small enough to generate and
// check in about a second.
func midScale() Scale {
	return Scale{Name: "mid", Elementary: 12, Middle: 5, High: 3,
		Students: 15000, ClassSize: 21}
}

// mustGenerate generates a district into a new temporary folder and
// returns the folder.
func mustGenerate(t testing.TB, sc Scale, seed uint64) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := Generate(context.Background(), dir, Options{Scale: sc, Seed: seed}); err != nil {
		t.Fatalf("generate %s seed %d: %v", sc.Name, seed, err)
	}
	return dir
}

// table is one CSV file of a bundle.
type table struct {
	name   string
	header []string
	cols   map[string]int
	rows   [][]string
}

// get returns the named column of row i.
func (tb *table) get(i int, col string) string {
	return tb.rows[i][tb.cols[col]]
}

// bundleFiles reads every file Generate writes.
type bundleFiles map[string]*table

func readBundle(t *testing.T, dir string) bundleFiles {
	t.Helper()
	b := bundleFiles{}
	for _, name := range FileNames() {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tb := &table{name: name, header: recs[0], cols: map[string]int{},
			rows: recs[1:]}
		for i, c := range recs[0] {
			tb.cols[c] = i
		}
		b[strings.TrimSuffix(name, ".csv")] = tb
	}
	return b
}

// errs collects a check's failures, reporting the first few of each kind
// so that a broken rule does not flood the log.
type errs struct {
	t     *testing.T
	count map[string]int
}

func (e *errs) add(kind, format string, args ...any) {
	e.t.Helper()
	if e.count == nil {
		e.count = map[string]int{}
	}
	e.count[kind]++
	if e.count[kind] <= 3 {
		e.t.Errorf(kind+": "+format, args...)
	}
}

// vocabulary returns the words the data contract allows in each enumerated
// column.
func vocabulary() map[string][]string {
	subjects := []string{"math", "ela", "science", "social_studies",
		"special_education", "esol", "arts", "pe", "world_languages", "cte",
		"elementary", "other"}
	return map[string][]string{
		"schools.level":        {"elementary", "middle", "high", "other"},
		"staff.highest_degree": {"BA", "MA", "EDS", "PHD", "other"},
		"staff_assignments.position": {"teacher", "principal",
			"assistant_principal", "instructional_coach", "other"},
		"staff_assignments.subject_area": append([]string{""}, subjects...),
		"separations.reason": {"resignation", "retirement", "dismissal",
			"non_renewal", "transfer_out", "other"},
		"certifications.field":  subjects,
		"certifications.status": {"valid", "provisional", "expired", "revoked"},
		"sections.subject":      subjects,
		"assessments.subject":   subjects,
		"compensation.lane":     {"BA", "MA", "EDS", "PHD"},
		"compensation.fund":     {"general", "title_i", "grant", "other"},
		"budgets.fund":          {"general", "title_i", "grant", "other"},
		"budgets.category": {"teacher_salaries", "support_staff",
			"administration", "instructional_materials",
			"professional_development", "other"},
		"sbb_weights.factor": {"base", "econ_disadvantaged", "ell", "swd",
			"grade_0_2", "grade_3_5", "grade_6_8", "grade_9_12"},
		"truth.subject": {"math", "ela"},
	}
}

// Column formats of the data contract.
var (
	idPattern    = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)
	moneyPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,2})?$`)
	numPattern   = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

// checkFormats checks every field of every file against the format of its
// column in the data contract.
func checkFormats(t *testing.T, b bundleFiles) {
	e := &errs{t: t}
	vocab := vocabulary()
	for name, tb := range b {
		for i, row := range tb.rows {
			for col, k := range tb.cols {
				checkField(e, vocab, name, col, row[k], i+2)
			}
		}
	}
}

func checkField(e *errs, vocab map[string][]string, file, col, v string, line int) {
	e.t.Helper()
	where := fmt.Sprintf("%s.csv:%d: %s", file, line, col)
	if words, ok := vocab[file+"."+col]; ok {
		if !slices.Contains(words, v) {
			e.add("vocabulary", "%s: %q is not in the vocabulary", where, v)
		}
		return
	}
	switch {
	case col == "school_year":
		if n, err := strconv.Atoi(v); err != nil || n < firstYear || n > lastYear {
			e.add("year", "%s: %q", where, v)
		}
	case strings.HasSuffix(col, "_id") && !(file == "budgets" && v == ""):
		if !idPattern.MatchString(v) {
			e.add("identifier", "%s: %q", where, v)
		}
	case col == "grade_level":
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n > 12 {
			e.add("grade", "%s: %q", where, v)
		}
	case col == "hire_date" || col == "separation_date" || col == "issued_on" ||
		col == "expires_on" || col == "observed_on":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			e.add("date", "%s: %q", where, v)
		}
	case col == "econ_disadvantaged" || col == "ell" || col == "swd":
		if v != "0" && v != "1" {
			e.add("boolean", "%s: %q", where, v)
		}
	case col == "fte" || col == "dosage":
		if f, err := strconv.ParseFloat(v, 64); err != nil || f <= 0 || f > 1 {
			e.add("share", "%s: %q", where, v)
		}
	case col == "base_salary" || col == "supplements" || col == "benefits" ||
		col == "budgeted" || col == "actual" ||
		(col == "base_per_pupil" && v != ""):
		if !moneyPattern.MatchString(v) {
			e.add("money", "%s: %q", where, v)
		}
	case col == "scale_score" || col == "score" || col == "weight" ||
		col == "prior_experience_years" || col == "step" ||
		col == "effect" || col == "effect_points":
		if !numPattern.MatchString(v) {
			e.add("number", "%s: %q", where, v)
		}
	}
}

// checkHeaders checks that each file has every column of the data
// contract, optional ones included, and no other.
func checkHeaders(t *testing.T, b bundleFiles) {
	want := map[string]string{
		"schools": "school_id name level region",
		"staff": "staff_id first_name last_name email hire_date " +
			"prior_experience_years highest_degree hiring_source",
		"staff_assignments": "school_year staff_id school_id position subject_area fte",
		"separations":       "staff_id separation_date reason",
		"certifications": "staff_id certificate_id field level status " +
			"issued_on expires_on",
		"students": "school_year student_id school_id grade_level " +
			"econ_disadvantaged ell swd",
		"sections":    "school_year section_id school_id staff_id subject grade_level",
		"enrollments": "school_year section_id student_id dosage",
		"assessments": "school_year student_id subject grade_level scale_score assessment",
		"evaluations": "school_year staff_id component score evaluator_id observed_on",
		"compensation": "school_year staff_id base_salary supplements benefits " +
			"step lane fund",
		"budgets":     "school_year school_id fund category budgeted actual",
		"sbb_weights": "school_year factor weight base_per_pupil",
		"truth":       "staff_id subject effect effect_points",
	}
	for name, cols := range want {
		got := slices.Sorted(slices.Values(b[name].header))
		if w := slices.Sorted(slices.Values(strings.Fields(cols))); !slices.Equal(got, w) {
			t.Errorf("%s.csv has columns %v, want %v", name, got, w)
		}
	}
}

// checkKeys checks that each file's natural key is unique.
func checkKeys(t *testing.T, b bundleFiles) {
	keys := map[string][]string{
		"schools":           {"school_id"},
		"staff":             {"staff_id"},
		"staff_assignments": {"school_year", "staff_id", "school_id"},
		"separations":       {"staff_id", "separation_date"},
		"certifications":    {"staff_id", "certificate_id"},
		"students":          {"school_year", "student_id"},
		"sections":          {"school_year", "section_id"},
		"enrollments":       {"school_year", "section_id", "student_id"},
		"assessments":       {"school_year", "student_id", "subject", "assessment"},
		"evaluations":       {"school_year", "staff_id", "component"},
		"compensation":      {"school_year", "staff_id"},
		"budgets":           {"school_year", "school_id", "fund", "category"},
		"sbb_weights":       {"school_year", "factor"},
		"truth":             {"staff_id", "subject"},
	}
	for name, cols := range keys {
		tb := b[name]
		seen := make(map[string]bool, len(tb.rows))
		for i := range tb.rows {
			var parts []string
			for _, c := range cols {
				parts = append(parts, tb.get(i, c))
			}
			k := strings.Join(parts, "|")
			if seen[k] {
				t.Errorf("%s.csv:%d: key %s repeats", name, i+2, k)
				break
			}
			seen[k] = true
		}
	}
}

// index returns the set of keys, joined by |, of a file's rows.
func index(tb *table, cols ...string) map[string]int {
	m := make(map[string]int, len(tb.rows))
	for i := range tb.rows {
		m[key(tb, i, cols...)] = i
	}
	return m
}

func key(tb *table, i int, cols ...string) string {
	parts := make([]string, len(cols))
	for k, c := range cols {
		parts[k] = tb.get(i, c)
	}
	return strings.Join(parts, "|")
}

// checkReferences checks that every staff_id and school_id names a row of
// staff.csv and schools.csv; a budget line's may be empty, for the
// central office.
func checkReferences(t *testing.T, b bundleFiles) {
	e := &errs{t: t}
	for _, ref := range []struct{ col, parent string }{
		{"staff_id", "staff"}, {"school_id", "schools"},
	} {
		ids := index(b[ref.parent], ref.col)
		for name, tb := range b {
			if _, ok := tb.cols[ref.col]; !ok || name == ref.parent {
				continue
			}
			for i := range tb.rows {
				id := tb.get(i, ref.col)
				if _, ok := ids[id]; !ok && !(name == "budgets" && id == "") {
					e.add(ref.col, "%s.csv:%d: no %s %q", name, i+2, ref.parent, id)
				}
			}
		}
	}
}

// checkClasses checks that a section's teacher works at its school that
// year, and that its students exist that year and attend that school.
func checkClasses(t *testing.T, b bundleFiles) {
	e := &errs{t: t}
	students := index(b["students"], "school_year", "student_id")
	sections := index(b["sections"], "school_year", "section_id")
	assigned := index(b["staff_assignments"], "school_year", "staff_id", "school_id")
	sec, stu, enr := b["sections"], b["students"], b["enrollments"]
	for i := range sec.rows {
		k := key(sec, i, "school_year", "staff_id", "school_id")
		if _, ok := assigned[k]; !ok {
			e.add("section teacher", "sections.csv:%d: %s not assigned", i+2, k)
		}
	}
	for i := range enr.rows {
		s, ok := sections[key(enr, i, "school_year", "section_id")]
		if !ok {
			e.add("section", "enrollments.csv:%d: no section", i+2)
			continue
		}
		p, ok := students[key(enr, i, "school_year", "student_id")]
		if !ok {
			e.add("student", "enrollments.csv:%d: no student", i+2)
			continue
		}
		if stu.get(p, "school_id") != sec.get(s, "school_id") {
			e.add("school of student", "enrollments.csv:%d: student at %s, section at %s",
				i+2, stu.get(p, "school_id"), sec.get(s, "school_id"))
		}
	}
}

// checkScores checks that a test score belongs to a student of that year,
// in the student's grade, which is a tested grade.
func checkScores(t *testing.T, b bundleFiles) {
	e := &errs{t: t}
	students := index(b["students"], "school_year", "student_id")
	stu, as := b["students"], b["assessments"]
	for i := range as.rows {
		p, ok := students[key(as, i, "school_year", "student_id")]
		if !ok {
			e.add("student", "assessments.csv:%d: no student", i+2)
			continue
		}
		g := as.get(i, "grade_level")
		if g != stu.get(p, "grade_level") {
			e.add("tested grade", "assessments.csv:%d: grade %s, student in %s",
				i+2, g, stu.get(p, "grade_level"))
		}
		if n, _ := strconv.Atoi(g); !tested(int8(n)) {
			e.add("tested grade", "assessments.csv:%d: grade %s is not tested", i+2, g)
		}
	}
}

// checkLeaders checks that each school has one principal a year, who
// evaluates its teachers on the 0 to 3 scale.
func checkLeaders(t *testing.T, b bundleFiles) {
	e := &errs{t: t}
	asg := b["staff_assignments"]
	principalOf, schoolOf := map[string]string{}, map[string]string{}
	for i := range asg.rows {
		yr, sch := asg.get(i, "school_year"), asg.get(i, "school_id")
		schoolOf[yr+"|"+asg.get(i, "staff_id")] = sch
		if asg.get(i, "position") != "principal" {
			continue
		}
		if _, dup := principalOf[yr+"|"+sch]; dup {
			e.add("principal", "two principals at %s in %s", sch, yr)
		}
		principalOf[yr+"|"+sch] = asg.get(i, "staff_id")
	}
	for _, sch := range b["schools"].rows {
		for yr := firstYear; yr <= lastYear; yr++ {
			if _, ok := principalOf[fmt.Sprint(yr)+"|"+sch[0]]; !ok {
				e.add("principal", "no principal at %s in %d", sch[0], yr)
			}
		}
	}

	ev := b["evaluations"]
	for i := range ev.rows {
		yr := ev.get(i, "school_year")
		want := principalOf[yr+"|"+schoolOf[yr+"|"+ev.get(i, "staff_id")]]
		if ev.get(i, "evaluator_id") != want {
			e.add("evaluator", "evaluations.csv:%d: evaluator %s, principal %s",
				i+2, ev.get(i, "evaluator_id"), want)
		}
		if s, _ := strconv.Atoi(ev.get(i, "score")); s < 0 || s > 3 {
			e.add("score", "evaluations.csv:%d: %d", i+2, s)
		}
	}
}

// checkCareers checks the records of each person's career: pay for every
// assignment, no assignment after a separation, certificates that expire
// after they are issued, and a hire date before the first assignment, in
// the summer before it for a new hire.
func checkCareers(t *testing.T, b bundleFiles) {
	e := &errs{t: t}
	asg := b["staff_assignments"]
	comp := index(b["compensation"], "school_year", "staff_id")
	if len(comp) != len(asg.rows) {
		e.add("compensation", "%d rows for %d assignments", len(comp), len(asg.rows))
	}
	firstYearOf := map[string]int{}
	for i := range asg.rows {
		if _, ok := comp[key(asg, i, "school_year", "staff_id")]; !ok {
			e.add("compensation", "no pay for assignment %d", i+2)
		}
		id, yr := asg.get(i, "staff_id"), int(num(asg.get(i, "school_year")))
		if f, ok := firstYearOf[id]; !ok || yr < f {
			firstYearOf[id] = yr
		}
	}

	assigned := index(asg, "school_year", "staff_id")
	sep := b["separations"]
	for i := range sep.rows {
		d, _ := time.Parse(time.DateOnly, sep.get(i, "separation_date"))
		if _, ok := assigned[fmt.Sprint(d.Year()+1)+"|"+sep.get(i, "staff_id")]; ok {
			e.add("separation", "separations.csv:%d: assigned after leaving", i+2)
		}
	}

	cert := b["certifications"]
	for i := range cert.rows {
		if cert.get(i, "issued_on") > cert.get(i, "expires_on") {
			e.add("certificate dates", "certifications.csv:%d", i+2)
		}
	}

	st := b["staff"]
	for i := range st.rows {
		hired, _ := time.Parse(time.DateOnly, st.get(i, "hire_date"))
		first, ok := firstYearOf[st.get(i, "staff_id")]
		switch {
		case !ok:
			e.add("staff", "staff.csv:%d: never assigned", i+2)
		case !hired.Before(yearStart(first)),
			first > firstYear && hired.Year() != first-1:
			e.add("hire date", "staff.csv:%d: hired %s, first year %d", i+2,
				st.get(i, "hire_date"), first)
		}
	}
}

// checkDosage checks that a student's dosages in a subject add up to at
// most 1, and that some students share a subject between two teachers.
func checkDosage(t *testing.T, b bundleFiles) {
	sec := b["sections"]
	subjectOf := index(sec, "school_year", "section_id")
	enr := b["enrollments"]
	sum := map[string]float64{}
	split := 0
	for i := range enr.rows {
		s := subjectOf[key(enr, i, "school_year", "section_id")]
		d, _ := strconv.ParseFloat(enr.get(i, "dosage"), 64)
		if d < 1 {
			split++
		}
		sum[key(enr, i, "school_year", "student_id")+"|"+sec.get(s, "subject")] += d
	}
	for k, v := range sum {
		if v > 1+1e-9 {
			t.Errorf("dosages of %s add up to %g", k, v)
			break
		}
	}
	if split == 0 {
		t.Error("no enrollment has a dosage below 1")
	}
}

func TestGenerate_Bundle(t *testing.T) {
	cases := []struct {
		name  string
		scale Scale
	}{
		{"Small", mustScale(t, "small")},
		{"Mid", midScale()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := readBundle(t, mustGenerate(t, c.scale, 7))
			t.Run("Headers", func(t *testing.T) { checkHeaders(t, b) })
			t.Run("Formats", func(t *testing.T) { checkFormats(t, b) })
			t.Run("Keys", func(t *testing.T) { checkKeys(t, b) })
			t.Run("References", func(t *testing.T) { checkReferences(t, b) })
			t.Run("Classes", func(t *testing.T) { checkClasses(t, b) })
			t.Run("Scores", func(t *testing.T) { checkScores(t, b) })
			t.Run("Leaders", func(t *testing.T) { checkLeaders(t, b) })
			t.Run("Careers", func(t *testing.T) { checkCareers(t, b) })
			t.Run("Dosage", func(t *testing.T) { checkDosage(t, b) })
		})
	}
}

func mustScale(t testing.TB, name string) Scale {
	t.Helper()
	sc, err := ParseScale(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
