package analytics

import "math"

// SchoolYear is what a school's measures for a school year rest on.
type SchoolYear struct {
	SchoolID string
	// Students counts the school's students; EconKnown those whose
	// economic status is reported and Econ those of them who are
	// economically disadvantaged.
	Students, EconKnown, Econ int
	// MedianSGP is the median growth percentile of the school's students
	// over every subject, from SGPs growth (NaN when none).
	MedianSGP float64
	SGPs      int
	Teachers  []SchoolTeacher
}

// SchoolTeacher is one of a school's teachers for a year.
type SchoolTeacher struct {
	Teacher *TeacherYear
	// FTE is the share of the teacher's time given to this school.
	FTE float64
	// Retention is what became of the teacher at this school: stayed,
	// moved or left, empty when the next year is not known.
	Retention string
}

// School is a school's measures for a school year. Percentages are 0 to
// 100; a value that is suppressed or cannot be computed is NaN, never 0.
type School struct {
	SchoolID                  string
	Teachers, Students, Rated int
	EconDisadvantagedPct      float64
	EffectivePct              float64
	IneffectivePct            float64
	NovicePct                 float64
	OutOfFieldPct             float64
	MedianSGP                 float64
	RetentionRate             float64
	CostPerStudent            float64
	// ByRating counts the rated teachers by rating, in the order of
	// Ratings.
	ByRating [4]float64
	// Expiring counts the teachers whose certification expires soon.
	Expiring float64
}

// schoolColumn is one published column of the school measures and the
// number of teachers its value is over at each school.
type schoolColumn struct {
	value func(*School) *float64
	size  []int
}

// Schools computes each school's measures and applies the privacy rules
// across them: a value over fewer teachers than the threshold is
// suppressed, and so are the complementary values that would let it be
// recovered from the district's totals. Growth and the share of poor
// students follow the threshold of students instead. It also returns how
// many values the privacy rules suppressed.
func (c Config) Schools(in []SchoolYear) ([]School, int) {
	out := make([]School, len(in))
	sizes := map[string][]int{}
	for i := range in {
		s, n := c.school(&in[i])
		out[i] = s
		for k, v := range n {
			sizes[k] = append(sizes[k], v)
		}
	}

	columns := []schoolColumn{
		{func(s *School) *float64 { return &s.EffectivePct }, sizes["rated"]},
		{func(s *School) *float64 { return &s.IneffectivePct }, sizes["rated"]},
		{func(s *School) *float64 { return &s.NovicePct }, sizes["teachers"]},
		{func(s *School) *float64 { return &s.OutOfFieldPct }, sizes["known"]},
		{func(s *School) *float64 { return &s.RetentionRate }, sizes["retained"]},
		{func(s *School) *float64 { return &s.CostPerStudent }, sizes["paid"]},
		{func(s *School) *float64 { return &s.Expiring }, sizes["teachers"]},
	}
	for r := range Ratings() {
		columns = append(columns, schoolColumn{
			func(s *School) *float64 { return &s.ByRating[r] }, sizes["rated"]})
	}
	values := make([]float64, len(out))
	suppressed := 0
	for _, col := range columns {
		for i := range out {
			values[i] = *col.value(&out[i])
		}
		suppressed += Suppress(values, col.size, c.Privacy.MinTeachers)
		for i := range out {
			*col.value(&out[i]) = values[i]
		}
	}
	return out, suppressed
}

// school computes one school's measures before suppression, and the
// number of teachers behind each kind of value.
func (c Config) school(in *SchoolYear) (School, map[string]int) {
	s := School{SchoolID: in.SchoolID, Teachers: len(in.Teachers), Students: in.Students}
	var effective, ineffective, novice, outOfField, stayed, expiring share
	var cost float64
	paid := 0
	for _, st := range in.Teachers {
		t := st.Teacher
		rated := t.Rating != ""
		if rated {
			s.Rated++
			for r, name := range Ratings() {
				if t.Rating == name {
					s.ByRating[r]++
				}
			}
		}
		effective.add(rated, Effective(t.Rating))
		ineffective.add(rated, t.Rating == RatingIneffective)
		novice.add(true, t.Novice)
		outOfField.add(t.InFieldKnown, !t.InField)
		stayed.add(st.Retention != "", st.Retention == Stayed)
		expiring.add(true, t.Certification == StatusExpiring)
		if !math.IsNaN(t.Pay.Base) {
			cost += t.Pay.Cost() * st.FTE
			paid++
		}
	}
	s.EffectivePct, s.IneffectivePct = effective.pct(), ineffective.pct()
	s.NovicePct, s.OutOfFieldPct = novice.pct(), outOfField.pct()
	s.RetentionRate = stayed.pct()
	s.Expiring = float64(expiring.yes)
	s.CostPerStudent = math.NaN()
	if paid > 0 && in.Students > 0 {
		s.CostPerStudent = cost / float64(in.Students)
	}
	if s.Rated == 0 {
		s.ByRating = [4]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	}
	if s.Teachers == 0 {
		s.Expiring = math.NaN()
	}

	// Student measures follow the threshold of students.
	minStudents := c.Growth.MinStudents
	s.MedianSGP = math.NaN()
	if in.SGPs >= minStudents {
		s.MedianSGP = in.MedianSGP
	}
	s.EconDisadvantagedPct = math.NaN()
	if in.EconKnown >= minStudents {
		s.EconDisadvantagedPct = 100 * float64(in.Econ) / float64(in.EconKnown)
	}
	return s, map[string]int{"rated": s.Rated, "teachers": s.Teachers,
		"known": outOfField.of, "retained": stayed.of, "paid": paid}
}
