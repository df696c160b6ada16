package analytics

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// TeacherYear is one teacher's measures for a school year, as the school
// and district aggregates need them. Scores are NaN when missing.
type TeacherYear struct {
	StaffID string
	// SchoolID is the teacher's school: the one of their largest
	// teaching assignment.
	SchoolID      string
	Experience    float64
	Novice        bool
	InField       bool
	InFieldKnown  bool
	Certification string
	Rating        string
	Composite     float64
	MedianSGP     float64
	// Retention is what became of the teacher the next year: stayed at
	// SchoolID, moved or left; empty when the next year is not known.
	Retention string
	// HiringSource is how the district found the teacher; DistrictYears
	// how long it has employed them at the start of the year.
	HiringSource  string
	DistrictYears float64
	// Pay is NaN in Base when the teacher has no compensation row.
	Pay Pay
}

// Kept reports whether the district kept the teacher into the next year,
// at the same school or another.
func (t TeacherYear) Kept() bool { return t.Retention == Stayed || t.Retention == Moved }

// share is a running count of teachers meeting a condition among those
// for whom it is known; its value is a percentage, NaN over none.
type share struct{ yes, of int }

func (s *share) add(known, yes bool) {
	if !known {
		return
	}
	s.of++
	if yes {
		s.yes++
	}
}

func (s share) pct() float64 {
	if s.of == 0 {
		return math.NaN()
	}
	return 100 * float64(s.yes) / float64(s.of)
}

// District is the district's measures for a school year. Percentages are
// 0 to 100; a value over fewer teachers than the privacy threshold, or
// one that cannot be computed, is NaN.
type District struct {
	Teachers, Rated int
	EffectivePct    float64
	NovicePct       float64
	OutOfFieldPct   float64
	// RetentionRate is the share of teachers the district kept into the
	// next year; the high and low performers' rates and their gap are the
	// smart-retention measures.
	RetentionRate          float64
	HighPerformerRetention float64
	LowPerformerRetention  float64
	SmartRetentionGap      float64
	Equity                 Equity
	LanePayShare           float64
	LateStepPayShare       float64
}

// Equity is the equitable-access table: the shares of ineffective,
// out-of-field and novice teachers in the district's lowest- and
// highest-poverty quartiles of schools, and the gaps (highest less lowest).
type Equity struct {
	Lowest, Highest EquityShares
	IneffectiveGap  float64
	OutOfFieldGap   float64
	NoviceGap       float64
}

// EquityShares are a quartile's shares of ineffective, out-of-field and
// novice teachers.
type EquityShares struct {
	Schools, Teachers int
	Ineffective       float64
	OutOfField        float64
	Novice            float64
}

// Performance groups of the smart-retention measures.
const (
	HighPerformers   = "high"
	MiddlePerformers = "middle"
	LowPerformers    = "low"
)

// Performance sorts teachers with a composite into high performers (the top
// fifth), low performers (the bottom fifth) and the middle, by their index
// in teachers. A teacher is in the top fifth when fewer than a fifth of the
// teachers with a composite score strictly higher, so that tied teachers
// share a group.
func Performance(teachers []TeacherYear) map[int]string {
	var scores []float64
	for _, t := range teachers {
		if !math.IsNaN(t.Composite) {
			scores = append(scores, t.Composite)
		}
	}
	slices.Sort(scores)
	n := float64(len(scores))
	groups := map[int]string{}
	for i, t := range teachers {
		if math.IsNaN(t.Composite) {
			continue
		}
		below, _ := slices.BinarySearch(scores, t.Composite)
		above := len(scores) - upper(scores, t.Composite)
		switch {
		case float64(above) < 0.2*n:
			groups[i] = HighPerformers
		case float64(below) < 0.2*n:
			groups[i] = LowPerformers
		default:
			groups[i] = MiddlePerformers
		}
	}
	return groups
}

// upper is the index of the first value above v in sorted values.
func upper(sorted []float64, v float64) int {
	i, _ := slices.BinarySearchFunc(sorted, v, func(e, t float64) int {
		if e <= t {
			return -1
		}
		return 1
	})
	return i
}

// Quintiles puts teachers with a median growth percentile into growth
// quintiles 1 (lowest) to 5 by their index in teachers: a teacher's
// quintile follows the share of teachers with strictly lower growth, so
// tied teachers share a quintile.
func Quintiles(teachers []TeacherYear) map[int]int {
	var values []float64
	for _, t := range teachers {
		if !math.IsNaN(t.MedianSGP) {
			values = append(values, t.MedianSGP)
		}
	}
	slices.Sort(values)
	q := map[int]int{}
	for i, t := range teachers {
		if math.IsNaN(t.MedianSGP) {
			continue
		}
		below, _ := slices.BinarySearch(values, t.MedianSGP)
		q[i] = 1 + 5*below/len(values)
	}
	return q
}

// DistrictMeasures computes the district's measures for a school year from
// its teachers. poverty gives each school's share (0 to 100) of
// economically disadvantaged students; schools missing from it are left
// out of the equitable-access table.
func (c Config) DistrictMeasures(teachers []TeacherYear, poverty map[string]float64) District {
	d := District{Teachers: len(teachers)}
	var effective, novice, outOfField, kept share
	pays := make([]Pay, 0, len(teachers))
	for _, t := range teachers {
		if t.Rating != "" {
			d.Rated++
		}
		effective.add(t.Rating != "", Effective(t.Rating))
		novice.add(true, t.Novice)
		outOfField.add(t.InFieldKnown, !t.InField)
		kept.add(t.Retention != "", t.Kept())
		if !math.IsNaN(t.Pay.Base) {
			pays = append(pays, t.Pay)
		}
	}
	min := c.Privacy.MinTeachers
	d.EffectivePct = published(effective, min)
	d.NovicePct = published(novice, min)
	d.OutOfFieldPct = published(outOfField, min)
	d.RetentionRate = published(kept, min)

	var high, low share
	for i, g := range Performance(teachers) {
		t := teachers[i]
		switch g {
		case HighPerformers:
			high.add(t.Retention != "", t.Kept())
		case LowPerformers:
			low.add(t.Retention != "", t.Kept())
		}
	}
	d.HighPerformerRetention = published(high, min)
	d.LowPerformerRetention = published(low, min)
	d.SmartRetentionGap = d.HighPerformerRetention - d.LowPerformerRetention

	d.Equity = c.equity(teachers, poverty)
	if len(pays) >= min {
		d.LanePayShare, d.LateStepPayShare = PayShares(pays, c.Workforce.LateStep)
	} else {
		d.LanePayShare, d.LateStepPayShare = math.NaN(), math.NaN()
	}
	return d
}

// published is a share's percentage, NaN when it is over fewer than min
// teachers.
func published(s share, min int) float64 {
	if s.of < min {
		return math.NaN()
	}
	return s.pct()
}

// equity splits the schools with a known poverty share into quartiles, in
// order of that share (ties by school id), and compares the teachers of
// the lowest and the highest. It needs at least four schools.
func (c Config) equity(teachers []TeacherYear, poverty map[string]float64) Equity {
	schools := make([]string, 0, len(poverty))
	for id, p := range poverty {
		if !math.IsNaN(p) {
			schools = append(schools, id)
		}
	}
	slices.SortFunc(schools, func(a, b string) int {
		return cmp.Or(cmp.Compare(poverty[a], poverty[b]), cmp.Compare(a, b))
	})
	nan := math.NaN()
	e := Equity{IneffectiveGap: nan, OutOfFieldGap: nan, NoviceGap: nan,
		Lowest:  EquityShares{Ineffective: nan, OutOfField: nan, Novice: nan},
		Highest: EquityShares{Ineffective: nan, OutOfField: nan, Novice: nan}}
	if len(schools) < 4 {
		return e
	}
	quartile := map[string]int{}
	for i, id := range schools {
		quartile[id] = 1 + 4*i/len(schools)
	}

	var ineffective, outOfField, novice [2]share
	var count [2]int
	for _, t := range teachers {
		q := quartile[t.SchoolID]
		if q != 1 && q != 4 {
			continue
		}
		k := q / 4
		count[k]++
		ineffective[k].add(t.Rating != "", t.Rating == RatingIneffective)
		outOfField[k].add(t.InFieldKnown, !t.InField)
		novice[k].add(true, t.Novice)
	}
	min := c.Privacy.MinTeachers
	for k, s := range []*EquityShares{&e.Lowest, &e.Highest} {
		s.Schools = len(schools) / 4
		if k == 1 {
			s.Schools = len(schools) - 3*len(schools)/4
		}
		s.Teachers = count[k]
		s.Ineffective = published(ineffective[k], min)
		s.OutOfField = published(outOfField[k], min)
		s.Novice = published(novice[k], min)
	}
	e.IneffectiveGap = e.Highest.Ineffective - e.Lowest.Ineffective
	e.OutOfFieldGap = e.Highest.OutOfField - e.Lowest.OutOfField
	e.NoviceGap = e.Highest.Novice - e.Lowest.Novice
	return e
}

// Breakdowns of the district's teachers into groups.
const (
	ByRating      = "retention_by_rating"
	ByQuintile    = "retention_by_growth_quintile"
	ByPerformance = "retention_by_performance"
	ByPipeline    = "pipeline"
	PayByRating   = "pay_by_rating"
	PayByBand     = "pay_by_experience"
)

// Unrated names the group of teachers without a rating, and Unknown that
// of teachers whose hiring source is not known.
const (
	Unrated = "unrated"
	Unknown = "unknown"
)

// Group is one group of the district's teachers under a breakdown, such
// as the proficient teachers under retention by rating. Values over fewer
// teachers than the privacy threshold, and the complementary values that
// would let them be recovered from the district's totals, are NaN.
type Group struct {
	Breakdown, Name string
	Teachers        int
	// Stayed, Moved and Left count the next year's outcomes; with the
	// retention rate they are NaN when the next year is not known.
	Stayed, Moved, Left float64
	RetentionRate       float64
	Rated               int
	EffectivePct        float64
	MeanComposite       float64
	MedianSGP           float64
	MeanCost            float64

	// The number of teachers each value is over: those whose next year,
	// composite, growth and pay are known.
	retained, composites, sgps, paid int
}

// pipelineYears is how long a teacher has been with the district and still
// counts as new: their first and second years.
const pipelineYears = 2

// ExperienceBand names the band of years of experience a teacher falls in.
func ExperienceBand(years float64) string {
	switch y := int(math.Floor(years)); {
	case y < 3:
		return "0-2"
	case y < 6:
		return "3-5"
	case y < 11:
		return "6-10"
	case y < 21:
		return "11-20"
	}
	return "21+"
}

// Groups breaks the district's teachers down every way the dashboards
// show: retention by rating, by growth quintile and by performance; new
// teachers by hiring source; pay by rating and by experience band. Groups
// come in a fixed order, and within a breakdown the privacy rules have been
// applied to every column; it also returns how many values they suppressed.
func (c Config) Groups(teachers []TeacherYear) ([]Group, int) {
	ratingOf := func(t TeacherYear) string { return cmp.Or(t.Rating, Unrated) }
	quintiles := Quintiles(teachers)
	performance := Performance(teachers)
	keys := []struct {
		breakdown string
		names     []string
		of        func(i int, t TeacherYear) string
	}{
		{ByRating, append(Ratings(), Unrated), func(_ int, t TeacherYear) string {
			return ratingOf(t)
		}},
		{ByQuintile, []string{"1", "2", "3", "4", "5"}, func(i int, _ TeacherYear) string {
			if q, ok := quintiles[i]; ok {
				return strconv.Itoa(q)
			}
			return ""
		}},
		{ByPerformance, []string{LowPerformers, MiddlePerformers, HighPerformers},
			func(i int, _ TeacherYear) string { return performance[i] }},
		{ByPipeline, nil, func(_ int, t TeacherYear) string {
			if t.DistrictYears >= pipelineYears {
				return ""
			}
			return cmp.Or(t.HiringSource, Unknown)
		}},
		{PayByRating, append(Ratings(), Unrated), func(_ int, t TeacherYear) string {
			return ratingOf(t)
		}},
		{PayByBand, []string{"0-2", "3-5", "6-10", "11-20", "21+"},
			func(_ int, t TeacherYear) string { return ExperienceBand(t.Experience) }},
	}

	var groups []Group
	suppressed := 0
	for _, k := range keys {
		members := map[string][]TeacherYear{}
		for i, t := range teachers {
			if name := k.of(i, t); name != "" {
				members[name] = append(members[name], t)
			}
		}
		names := k.names
		if names == nil {
			for name := range members {
				names = append(names, name)
			}
			slices.Sort(names)
		}
		var part []Group
		for _, name := range names {
			if len(members[name]) > 0 {
				part = append(part, c.group(k.breakdown, name, members[name]))
			}
		}
		suppressed += c.suppressGroups(part)
		groups = append(groups, part...)
	}
	return groups, suppressed
}

// group summarizes one group of teachers.
func (c Config) group(breakdown, name string, members []TeacherYear) Group {
	g := Group{Breakdown: breakdown, Name: name, Teachers: len(members)}
	var effective, kept share
	var stayed, moved, left, known int
	var composites, sgps []float64
	var cost float64
	for _, t := range members {
		if t.Rating != "" {
			g.Rated++
		}
		effective.add(t.Rating != "", Effective(t.Rating))
		kept.add(t.Retention != "", t.Kept())
		switch t.Retention {
		case Stayed:
			stayed++
		case Moved:
			moved++
		case Left:
			left++
		}
		if t.Retention != "" {
			known++
		}
		if !math.IsNaN(t.Composite) {
			composites = append(composites, t.Composite)
		}
		if !math.IsNaN(t.MedianSGP) {
			sgps = append(sgps, t.MedianSGP)
		}
		if !math.IsNaN(t.Pay.Base) {
			cost += t.Pay.Cost()
			g.paid++
		}
	}
	nan := math.NaN()
	g.Stayed, g.Moved, g.Left = nan, nan, nan
	if known > 0 {
		g.Stayed, g.Moved, g.Left = float64(stayed), float64(moved), float64(left)
	}
	g.RetentionRate = kept.pct()
	g.EffectivePct = effective.pct()
	g.MeanComposite = meanOf(composites)
	g.MedianSGP = Median(sgps)
	g.MeanCost = nan
	if g.paid > 0 {
		g.MeanCost = cost / float64(g.paid)
	}
	g.retained, g.composites, g.sgps = known, len(composites), len(sgps)
	return g
}

// suppressGroups applies the privacy rules to the groups of one
// breakdown, each column on its own, over the teachers it counts: the
// groups add up to the district's published totals.
func (c Config) suppressGroups(groups []Group) int {
	columns := []struct {
		value func(*Group) *float64
		size  func(*Group) int
	}{
		{func(g *Group) *float64 { return &g.Stayed }, func(g *Group) int { return g.retained }},
		{func(g *Group) *float64 { return &g.Moved }, func(g *Group) int { return g.retained }},
		{func(g *Group) *float64 { return &g.Left }, func(g *Group) int { return g.retained }},
		{func(g *Group) *float64 { return &g.RetentionRate },
			func(g *Group) int { return g.retained }},
		{func(g *Group) *float64 { return &g.EffectivePct }, func(g *Group) int { return g.Rated }},
		{func(g *Group) *float64 { return &g.MeanComposite },
			func(g *Group) int { return g.composites }},
		{func(g *Group) *float64 { return &g.MedianSGP }, func(g *Group) int { return g.sgps }},
		{func(g *Group) *float64 { return &g.MeanCost }, func(g *Group) int { return g.paid }},
	}
	values := make([]float64, len(groups))
	sizes := make([]int, len(groups))
	suppressed := 0
	for _, col := range columns {
		for i := range groups {
			values[i], sizes[i] = *col.value(&groups[i]), col.size(&groups[i])
		}
		suppressed += Suppress(values, sizes, c.Privacy.MinTeachers)
		for i := range groups {
			*col.value(&groups[i]) = values[i]
		}
	}
	return suppressed
}

// meanOf is the mean of the values, NaN for none.
func meanOf(values []float64) float64 {
	var m mean
	for _, v := range values {
		m.add(v)
	}
	return m.value()
}
