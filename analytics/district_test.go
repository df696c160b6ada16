package analytics

import (
	"math"
	"testing"
)

// teacher is a hand-made teacher of a school: effective or not, and paid
// 50,000 plus 10,000 of benefits, unless the test changes it.
func teacher(id, school, rating string, composite float64) TeacherYear {
	return TeacherYear{StaffID: id, SchoolID: school, Rating: rating, Composite: composite,
		MedianSGP: math.NaN(), InFieldKnown: true, InField: true, Experience: 10,
		DistrictYears: 10, Retention: Stayed, Certification: StatusValid,
		Pay: Pay{Base: 50000, Benefits: 10000, Step: -1, FTE: 1}}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.IsNaN(want) {
		if !math.IsNaN(got) {
			t.Errorf("%s = %v, want it suppressed or missing", what, got)
		}
		return
	}
	if math.Abs(got-want) > 0.005 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// threeSchools is a district of three schools: A with one teacher, B with
// six and C with eight. Composites rise from B1 to B6 and through C.
func threeSchools() []TeacherYear {
	a := teacher("A1", "A", RatingProficient, 3.0)
	a.Novice, a.Certification = true, StatusExpiring
	ts := []TeacherYear{a}
	bRatings := []string{RatingIneffective, RatingNeedsDevelopment, RatingProficient,
		RatingProficient, RatingProficient, RatingExemplary}
	bComposites := []float64{1.5, 2.0, 3.1, 3.2, 3.3, 3.8}
	for i := range 6 {
		b := teacher("B"+string(rune('1'+i)), "B", bRatings[i], bComposites[i])
		ts = append(ts, b)
	}
	ts[1].Novice, ts[1].InField, ts[1].Retention = true, false, Left
	ts[2].Novice, ts[2].Retention = true, Moved
	ts[3].Certification = StatusExpiring
	cComposites := []float64{2.6, 2.7, 2.8, 2.9, 3.05, 3.15, 3.25}
	for i := range 8 {
		c := teacher("C"+string(rune('1'+i)), "C", RatingProficient, math.NaN())
		if i < 7 {
			c.Composite = cComposites[i]
		} else {
			c.Rating = ""
		}
		ts = append(ts, c)
	}
	ts[7].Novice = true
	return ts
}

func TestConfig_Schools(t *testing.T) {
	ts := threeSchools()
	in := []SchoolYear{
		{SchoolID: "A", Students: 20, EconKnown: 20, Econ: 10, MedianSGP: 55, SGPs: 12},
		{SchoolID: "B", Students: 100, EconKnown: 80, Econ: 20, MedianSGP: 48, SGPs: 90},
		{SchoolID: "C", Students: 8, EconKnown: 8, Econ: 8, MedianSGP: 61, SGPs: 9},
	}
	for i := range ts {
		k := map[string]int{"A": 0, "B": 1, "C": 2}[ts[i].SchoolID]
		in[k].Teachers = append(in[k].Teachers,
			SchoolTeacher{Teacher: &ts[i], FTE: 1, Retention: ts[i].Retention})
	}

	t.Run("Measures", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Privacy.MinTeachers = 1
		schools, n := cfg.Schools(in)
		if n != 0 {
			t.Fatalf("%d values suppressed with a threshold of 1", n)
		}
		b := schools[1]
		if b.Teachers != 6 || b.Rated != 6 || b.Students != 100 {
			t.Fatalf("school B = %+v", b)
		}
		near(t, "B effective", b.EffectivePct, 100*4.0/6)
		near(t, "B ineffective", b.IneffectivePct, 100*1.0/6)
		near(t, "B novice", b.NovicePct, 100*2.0/6)
		near(t, "B out of field", b.OutOfFieldPct, 100*1.0/6)
		// The teacher who moved did not stay at the school.
		near(t, "B retention", b.RetentionRate, 100*4.0/6)
		near(t, "B poor students", b.EconDisadvantagedPct, 25)
		near(t, "B median SGP", b.MedianSGP, 48)
		// Six teachers at 60,000 each over 100 students.
		near(t, "B cost per student", b.CostPerStudent, 3600)
		if b.ByRating != [4]float64{1, 1, 3, 1} || b.Expiring != 1 {
			t.Fatalf("B ratings %v, expiring %v", b.ByRating, b.Expiring)
		}
		c := schools[2]
		near(t, "C effective", c.EffectivePct, 100)
		if c.Rated != 7 {
			t.Fatalf("C rated = %d, want 7", c.Rated)
		}
		// Fewer than 10 students: growth and poverty are not published.
		near(t, "C median SGP", c.MedianSGP, math.NaN())
		near(t, "C poor students", c.EconDisadvantagedPct, math.NaN())
	})

	t.Run("OneTeacherSchoolSuppressed", func(t *testing.T) {
		schools, n := DefaultConfig().Schools(in)
		a, b, c := schools[0], schools[1], schools[2]
		// A's one teacher is hidden, and B's values with it: B is the
		// next smallest school, and the two together cover 7 teachers.
		for _, s := range []School{a, b} {
			for what, v := range map[string]float64{"effective": s.EffectivePct,
				"ineffective": s.IneffectivePct, "novice": s.NovicePct,
				"out of field": s.OutOfFieldPct, "retention": s.RetentionRate,
				"cost": s.CostPerStudent, "expiring": s.Expiring, "exemplary": s.ByRating[3]} {
				near(t, s.SchoolID+" "+what, v, math.NaN())
			}
		}
		// Teacher and student counts and student measures stay.
		if a.Teachers != 1 || a.Rated != 1 {
			t.Fatalf("school A = %+v", a)
		}
		near(t, "A poor students", a.EconDisadvantagedPct, 50)
		near(t, "A median SGP", a.MedianSGP, 55)
		near(t, "C novice", c.NovicePct, 12.5)
		near(t, "C ineffective", c.IneffectivePct, 0)
		if n != 2*11 {
			t.Fatalf("%d values suppressed, want 11 columns of 2 schools", n)
		}
	})
}

func TestConfig_DistrictMeasures(t *testing.T) {
	ts := threeSchools()
	cfg := DefaultConfig()
	cfg.Privacy.MinTeachers = 1
	d := cfg.DistrictMeasures(ts, nil)
	if d.Teachers != 15 || d.Rated != 14 {
		t.Fatalf("district = %+v", d)
	}
	near(t, "effective", d.EffectivePct, 100*12.0/14)
	near(t, "novice", d.NovicePct, 100*4.0/15)
	near(t, "out of field", d.OutOfFieldPct, 100*1.0/15)
	// Everyone but B1 stayed in the district, B2 at another school.
	near(t, "retention", d.RetentionRate, 100*14.0/15)
	// Of 14 composites, the top fifth is B6, B5 and C7 (fewer than 2.8
	// above each), the bottom fifth B1, B2 and C1. B1 left.
	near(t, "high performers", d.HighPerformerRetention, 100)
	near(t, "low performers", d.LowPerformerRetention, 100*2.0/3)
	near(t, "smart retention gap", d.SmartRetentionGap, 100.0/3)
	// Fewer than four schools with a known poverty share: no quartiles.
	near(t, "novice gap", d.Equity.NoviceGap, math.NaN())

	t.Run("SmallGroupsSuppressed", func(t *testing.T) {
		d := DefaultConfig().DistrictMeasures(ts, nil)
		near(t, "effective", d.EffectivePct, 100*12.0/14)
		near(t, "high performers", d.HighPerformerRetention, math.NaN())
		near(t, "smart retention gap", d.SmartRetentionGap, math.NaN())
	})
	t.Run("NoNextYear", func(t *testing.T) {
		last := threeSchools()
		for i := range last {
			last[i].Retention = ""
		}
		d := cfg.DistrictMeasures(last, nil)
		near(t, "retention", d.RetentionRate, math.NaN())
		near(t, "high performers", d.HighPerformerRetention, math.NaN())
	})
}

func TestConfig_Equity(t *testing.T) {
	var ts []TeacherYear
	add := func(school string, n int, set func(i int, t *TeacherYear)) {
		for i := range n {
			t := teacher(school+string(rune('a'+i)), school, RatingProficient, 3)
			set(i, &t)
			ts = append(ts, t)
		}
	}
	// W, the lowest-poverty school: 5 teachers, one novice.
	add("W", 5, func(i int, t *TeacherYear) { t.Novice = i == 0 })
	add("X", 5, func(int, *TeacherYear) {})
	add("Y", 5, func(int, *TeacherYear) {})
	// Z, the highest: 6 teachers, three novice, two of four rated
	// ineffective, one out of field.
	add("Z", 6, func(i int, t *TeacherYear) {
		t.Novice = i < 3
		switch {
		case i < 2:
			t.Rating = RatingIneffective
		case i >= 4:
			t.Rating = ""
		}
		t.InField = i != 5
	})
	poverty := map[string]float64{"W": 10, "X": 20, "Y": 30, "Z": 40, "V": math.NaN()}

	cfg := DefaultConfig()
	cfg.Privacy.MinTeachers = 1
	e := cfg.DistrictMeasures(ts, poverty).Equity
	near(t, "lowest novice", e.Lowest.Novice, 20)
	near(t, "highest novice", e.Highest.Novice, 50)
	near(t, "novice gap", e.NoviceGap, 30)
	near(t, "ineffective gap", e.IneffectiveGap, 50)
	near(t, "out-of-field gap", e.OutOfFieldGap, 100.0/6)
	if e.Lowest.Teachers != 5 || e.Highest.Teachers != 6 || e.Highest.Schools != 1 {
		t.Fatalf("equity = %+v", e)
	}

	// Four rated teachers in the highest quartile are too few.
	e = DefaultConfig().DistrictMeasures(ts, poverty).Equity
	near(t, "highest ineffective", e.Highest.Ineffective, math.NaN())
	near(t, "ineffective gap", e.IneffectiveGap, math.NaN())
	near(t, "novice gap", e.NoviceGap, 30)
}

func TestQuintilesAndPerformance(t *testing.T) {
	var ts []TeacherYear
	for i, v := range []float64{10, 20, 20, 30, 40, 50, 60, 70, 80, 90} {
		tc := teacher(string(rune('a'+i)), "S", RatingProficient, v/25)
		tc.MedianSGP = v
		ts = append(ts, tc)
	}
	ts = append(ts, teacher("z", "S", "", math.NaN()))
	q := Quintiles(ts)
	// 10 teachers with growth: two a quintile, the tie at 20 shared.
	want := []int{1, 1, 1, 2, 3, 3, 4, 4, 5, 5}
	for i, w := range want {
		if q[i] != w {
			t.Errorf("teacher %d (SGP %v) in quintile %d, want %d", i, ts[i].MedianSGP, q[i], w)
		}
	}
	if _, ok := q[10]; ok {
		t.Error("a teacher without growth has a quintile")
	}
	p := Performance(ts)
	if p[9] != HighPerformers || p[8] != HighPerformers || p[7] != MiddlePerformers ||
		p[0] != LowPerformers || p[1] != LowPerformers || p[2] != LowPerformers ||
		p[3] != MiddlePerformers {
		t.Fatalf("performance = %v", p)
	}
}

func TestConfig_Groups(t *testing.T) {
	ts := threeSchools()
	ts[0].HiringSource, ts[0].DistrictYears = "residency", 0.5
	ts[1].HiringSource, ts[1].DistrictYears = "alternative", 1.5
	ts[2].DistrictYears = 0
	cfg := DefaultConfig()
	cfg.Privacy.MinTeachers = 1
	groups, _ := cfg.Groups(ts)
	find := func(breakdown, name string) Group {
		for _, g := range groups {
			if g.Breakdown == breakdown && g.Name == name {
				return g
			}
		}
		t.Fatalf("no group %s %s", breakdown, name)
		return Group{}
	}
	prof := find(ByRating, RatingProficient)
	// A1, B3-B5 and C1-C7: 11 teachers, all stayed.
	if prof.Teachers != 11 || prof.Stayed != 11 || prof.Left != 0 {
		t.Fatalf("proficient = %+v", prof)
	}
	ineff := find(ByRating, RatingIneffective)
	if ineff.Teachers != 1 || ineff.Left != 1 || ineff.RetentionRate != 0 {
		t.Fatalf("ineffective = %+v", ineff)
	}
	if u := find(ByRating, Unrated); u.Teachers != 1 {
		t.Fatalf("unrated = %+v", u)
	}
	// New teachers: A1 by residency, B1 by alternative route, B2 of no
	// known source.
	if g := find(ByPipeline, Unknown); g.Teachers != 1 {
		t.Fatalf("pipeline unknown = %+v", g)
	}
	if g := find(ByPipeline, "residency"); g.Teachers != 1 || g.EffectivePct != 100 {
		t.Fatalf("pipeline residency = %+v", g)
	}
	pay := find(PayByBand, "6-10")
	near(t, "mean cost", pay.MeanCost, 60000)

	t.Run("ComplementarySuppression", func(t *testing.T) {
		groups, _ := DefaultConfig().Groups(ts)
		byName := map[string]Group{}
		for _, g := range groups {
			if g.Breakdown == ByRating {
				byName[g.Name] = g
			}
		}
		// Ineffective, needs development, exemplary and unrated have one
		// teacher each, four in all, so proficient (11) goes too: nothing
		// can be recovered by subtraction from the district's rate.
		for _, name := range []string{RatingIneffective, RatingNeedsDevelopment,
			RatingExemplary, RatingProficient} {
			near(t, name+" retention", byName[name].RetentionRate, math.NaN())
		}
		if byName[RatingProficient].Teachers != 11 {
			t.Fatal("the count of teachers in a group was suppressed")
		}
	})
}

func TestExperienceBand(t *testing.T) {
	for _, c := range []struct {
		years float64
		want  string
	}{{0, "0-2"}, {2.99, "0-2"}, {3, "3-5"}, {5.5, "3-5"}, {6, "6-10"}, {10.9, "6-10"},
		{11, "11-20"}, {20.99, "11-20"}, {21, "21+"}, {40, "21+"}} {
		if got := ExperienceBand(c.years); got != c.want {
			t.Errorf("ExperienceBand(%v) = %q, want %q", c.years, got, c.want)
		}
	}
}

func TestPayShares(t *testing.T) {
	pays := []Pay{
		{Base: 50000, Step: 1, Lane: "BA", FTE: 1},
		{Base: 60000, Step: 8, Lane: "BA", FTE: 1},
		{Base: 55000, Step: 1, Lane: "MA", FTE: 1},
		{Base: 66000, Step: 8, Lane: "MA", FTE: 1},
	}
	// Lanes add 5,000 and 6,000 to the MA teachers; steps past 5 add
	// 10,000 and 11,000 to those at step 8: of 231,000.
	lane, late := PayShares(pays, 5)
	near(t, "lane share", lane, 100*11000.0/231000)
	near(t, "late step share", late, 100*21000.0/231000)

	// A half-time teacher off the schedule adds only to the total.
	pays = append(pays, Pay{Base: 40000, Step: -1, FTE: 0.5})
	lane, late = PayShares(pays, 5)
	near(t, "lane share", lane, 100*11000.0/251000)
	near(t, "late step share", late, 100*21000.0/251000)

	lane, late = PayShares([]Pay{{Base: 40000, Step: -1, FTE: 1}}, 5)
	near(t, "lane share off schedule", lane, math.NaN())
	near(t, "late share off schedule", late, math.NaN())
}
