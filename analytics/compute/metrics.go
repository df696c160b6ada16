package compute

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
)

// measures are a school year's effectiveness, workforce and pay results,
// ready to store.
type measures struct {
	teachers   []models.TeacherMetrics
	schools    []models.SchoolMetrics
	district   []models.DistrictMetrics
	groups     []models.DistrictGroup
	suppressed int
}

// metrics computes the year's measures of every teacher, school and the
// district from the stored staff data and the growth just computed.
func metrics(ctx context.Context, db *models.DB, cfg analytics.Config, in *yearData,
	sgps []analytics.StudentSGP, growth map[teacherKey]*models.TeacherGrowth) (
	*measures, error) {
	st, err := loadStaffYear(ctx, db, in.year)
	if err != nil {
		return nil, err
	}
	yearStart := cfg.YearStartDate(in.year)
	nextStart := cfg.YearStartDate(in.year + 1)

	// Each teacher of the year, in id order.
	ids := make([]string, 0, len(st.teaching))
	for id := range st.teaching {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	teachers := make([]analytics.TeacherYear, len(ids))
	rows := make([]models.TeacherMetrics, len(ids))
	for i, id := range ids {
		teachers[i], rows[i] = teacherYear(cfg, st, id, growth[teacherKey{id, models.SubjectAll}],
			yearStart, nextStart)
		rows[i].SchoolYear = in.year
	}

	m := &measures{teachers: rows}
	m.schoolMeasures(cfg, in, sgps, st, teachers, ids, yearStart, nextStart)
	m.districtMeasures(cfg, in, teachers)
	return m, nil
}

// teacherYear works out one teacher's measures for the year.
func teacherYear(cfg analytics.Config, st *staffYear, id string, g *models.TeacherGrowth,
	yearStart, nextStart time.Time) (analytics.TeacherYear, models.TeacherMetrics) {
	person := st.staff[id]
	school, fte := mainSchool(st.teaching[id])
	t := analytics.TeacherYear{StaffID: id, SchoolID: school, HiringSource: person.source,
		Composite: math.NaN(), MedianSGP: math.NaN()}
	row := models.TeacherMetrics{StaffID: id, SchoolID: school, FTE: fte}

	// Experience and certification, on the first day of the year.
	t.Experience = analytics.Experience(person.hired, person.prior, yearStart)
	t.DistrictYears = analytics.YearsSince(person.hired, yearStart)
	t.Novice = cfg.Workforce.Novice(t.Experience)
	t.Certification = analytics.CertificationStatus(st.certs[id], yearStart,
		cfg.Workforce.ExpiringDays)
	t.InField, t.InFieldKnown = analytics.InField(st.certs[id], st.classesOf(id), yearStart)
	row.ExperienceYears, row.Novice = t.Experience, t.Novice
	row.CertificationStatus = t.Certification
	if t.InFieldKnown {
		row.InField = &t.InField
	}

	// Growth over all subjects, from the growth run.
	vamIndex := math.NaN()
	if g != nil {
		row.GrowthN, row.MedianSGP = g.GrowthN, g.MedianSGP
		row.VAMEstimate, row.VAMSE, row.VAMLevel = g.VAMEstimate, g.VAMSE, g.VAMLevel
		if g.MedianSGP != nil {
			t.MedianSGP = *g.MedianSGP
		}
		if g.VAMEstimate != nil && g.VAMSE != nil && *g.VAMSE > 0 {
			vamIndex = *g.VAMEstimate / *g.VAMSE
		}
	}

	// Evaluation, composite and ratings.
	ev := analytics.Evaluate(st.evaluations[id], cfg.Evaluation)
	eff := cfg.Rate(ev, t.MedianSGP, vamIndex)
	t.Composite, t.Rating = eff.Composite, eff.Rating
	row.EvaluationScore = number(ev.Score)
	row.ObservationScore = number(eff.Observation)
	row.ProfessionalGrowth = number(eff.ProfessionalGrowth)
	row.CompositeScore = number(round(eff.Composite, 4))
	row.Rating, row.RatingWeighted, row.RatingTEM = eff.Rating, eff.Weighted, eff.TEM

	// What became of the teacher, and what they cost.
	if st.nextKnown {
		t.Retention = analytics.Retention(school, st.next[id],
			st.separated(id, yearStart, nextStart))
	}
	row.Retention = t.Retention
	t.Pay = analytics.Pay{Base: math.NaN(), Step: -1}
	if p, ok := st.pay[id]; ok {
		t.Pay = p
		t.Pay.FTE = fte
		cost := models.MoneyFromFloat(p.Cost())
		row.Cost = &cost
	}
	return t, row
}

// mainSchool is the school of a teacher's largest teaching assignment
// (the first by id among equals) and the teacher's whole FTE.
func mainSchool(assignments []assignment) (string, float64) {
	best, fte := assignment{}, 0.0
	for _, a := range assignments {
		fte += a.fte
		if a.fte > best.fte || (a.fte == best.fte && a.schoolID < best.schoolID) {
			best = a
		}
	}
	return best.schoolID, fte
}

// schoolMeasures computes the measures of every school with teachers or
// students in the year.
func (m *measures) schoolMeasures(cfg analytics.Config, in *yearData,
	sgps []analytics.StudentSGP, st *staffYear, teachers []analytics.TeacherYear,
	ids []string, yearStart, nextStart time.Time) {
	bySchool := map[string]*analytics.SchoolYear{}
	school := func(id string) *analytics.SchoolYear {
		s, ok := bySchool[id]
		if !ok {
			s = &analytics.SchoolYear{SchoolID: id, MedianSGP: math.NaN()}
			bySchool[id] = s
		}
		return s
	}
	for _, s := range in.studentList {
		sy := school(s.SchoolID)
		sy.Students++
		if s.EconDisadvantaged != nil {
			sy.EconKnown++
			if *s.EconDisadvantaged {
				sy.Econ++
			}
		}
	}

	// The growth percentiles of each school's students, every subject.
	values := map[string][]int{}
	for _, g := range sgps {
		if s, ok := in.students[g.StudentID]; ok {
			values[s.SchoolID] = append(values[s.SchoolID], g.SGP)
		}
	}
	for id, v := range values {
		sy := school(id)
		g := analytics.SummarizeGrowth(v, ones(len(v)), 1)
		sy.MedianSGP, sy.SGPs = g.MedianSGP, g.N
	}

	// Each teacher at every school they teach in, with their outcome there.
	for i, id := range ids {
		separated := st.separated(id, yearStart, nextStart)
		for _, a := range st.teaching[id] {
			ret := ""
			if st.nextKnown {
				ret = analytics.Retention(a.schoolID, st.next[id], separated)
			}
			sy := school(a.schoolID)
			sy.Teachers = append(sy.Teachers, analytics.SchoolTeacher{
				Teacher: &teachers[i], FTE: a.fte, Retention: ret})
		}
	}

	list := make([]analytics.SchoolYear, 0, len(bySchool))
	for _, s := range bySchool {
		list = append(list, *s)
	}
	slices.SortFunc(list, func(a, b analytics.SchoolYear) int {
		return cmp.Compare(a.SchoolID, b.SchoolID)
	})
	schools, suppressed := cfg.Schools(list)
	for _, s := range schools {
		m.schools = append(m.schools, schoolRow(in.year, s))
	}
	m.suppressed += suppressed
}

func schoolRow(year int, s analytics.School) models.SchoolMetrics {
	r := models.SchoolMetrics{SchoolYear: year, SchoolID: s.SchoolID, Teachers: s.Teachers,
		Students: s.Students, EconDisadvantagedPct: number(round(s.EconDisadvantagedPct, 2)),
		EffectivePct:   number(round(s.EffectivePct, 2)),
		IneffectivePct: number(round(s.IneffectivePct, 2)),
		NovicePct:      number(round(s.NovicePct, 2)), OutOfFieldPct: number(round(s.OutOfFieldPct, 2)),
		MedianSGP: number(s.MedianSGP), RetentionRate: number(round(s.RetentionRate, 2)),
		Exemplary: count(s.ByRating[3]), Proficient: count(s.ByRating[2]),
		NeedsDevelopment: count(s.ByRating[1]), Ineffective: count(s.ByRating[0]),
		CertificationsExpiring: count(s.Expiring)}
	rated := s.Rated
	r.Rated = &rated
	if !math.IsNaN(s.CostPerStudent) {
		c := models.MoneyFromFloat(s.CostPerStudent)
		r.CostPerStudent = &c
	}
	return r
}

// districtMeasures computes the district's row and groups for the year.
func (m *measures) districtMeasures(cfg analytics.Config, in *yearData,
	teachers []analytics.TeacherYear) {
	// Equitable access ranks schools by their share of poor students,
	// reported or not: the ranking itself publishes no share.
	poverty := map[string]float64{}
	poor, known := map[string]int{}, map[string]int{}
	for _, s := range in.studentList {
		if s.EconDisadvantaged != nil {
			known[s.SchoolID]++
			if *s.EconDisadvantaged {
				poor[s.SchoolID]++
			}
		}
	}
	for id, n := range known {
		poverty[id] = 100 * float64(poor[id]) / float64(n)
	}

	d := cfg.DistrictMeasures(teachers, poverty)
	e := d.Equity
	m.district = []models.DistrictMetrics{{
		SchoolYear: in.year, Teachers: d.Teachers, Rated: d.Rated,
		EffectivePct: pct(d.EffectivePct), NovicePct: pct(d.NovicePct),
		OutOfFieldPct: pct(d.OutOfFieldPct), RetentionRate: pct(d.RetentionRate),
		HighPerformerRetention:       pct(d.HighPerformerRetention),
		LowPerformerRetention:        pct(d.LowPerformerRetention),
		SmartRetentionGap:            pct(d.SmartRetentionGap),
		LowestPovertyIneffectivePct:  pct(e.Lowest.Ineffective),
		HighestPovertyIneffectivePct: pct(e.Highest.Ineffective),
		IneffectiveGap:               pct(e.IneffectiveGap),
		LowestPovertyOutOfFieldPct:   pct(e.Lowest.OutOfField),
		HighestPovertyOutOfFieldPct:  pct(e.Highest.OutOfField),
		OutOfFieldGap:                pct(e.OutOfFieldGap),
		LowestPovertyNovicePct:       pct(e.Lowest.Novice),
		HighestPovertyNovicePct:      pct(e.Highest.Novice),
		NoviceGap:                    pct(e.NoviceGap),
		LanePayShare:                 pct(d.LanePayShare),
		LateStepPayShare:             pct(d.LateStepPayShare),
	}}

	groups, suppressed := cfg.Groups(teachers)
	m.suppressed += suppressed
	for _, g := range groups {
		rated := g.Rated
		m.groups = append(m.groups, models.DistrictGroup{
			SchoolYear: in.year, Breakdown: g.Breakdown, GroupName: g.Name,
			Teachers: g.Teachers, Stayed: count(g.Stayed), Moved: count(g.Moved),
			Left: count(g.Left), RetentionRate: pct(g.RetentionRate), Rated: &rated,
			EffectivePct: pct(g.EffectivePct), MeanComposite: number(round(g.MeanComposite, 4)),
			MedianSGP: number(g.MedianSGP), MeanCost: number(round(g.MeanCost, 2)),
		})
	}
}

// pct is a percentage to store, to two decimals; nil when missing.
func pct(v float64) *float64 { return number(round(v, 2)) }

// count is a count to store, nil when suppressed.
func count(v float64) *int {
	if math.IsNaN(v) {
		return nil
	}
	n := int(v)
	return &n
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// sets lays out the year's measures for storing.
func (m *measures) sets(year int) []models.RowSet {
	t, s, d, g := m.teachers, m.schools, m.district, m.groups
	return []models.RowSet{
		{
			Table: "teacher_metrics", Len: len(t),
			Columns: []string{"school_year", "staff_id", "school_id", "fte", "growth_n",
				"median_sgp", "vam_estimate", "vam_se", "vam_level", "evaluation_score",
				"observation_score", "professional_growth", "composite_score", "rating",
				"rating_weighted", "rating_tem", "experience_years", "novice",
				"certification_status", "in_field", "retention", "cost"},
			Row: func(i int, v []any) {
				r := &t[i]
				v[0], v[1], v[2], v[3], v[4] = r.SchoolYear, r.StaffID, r.SchoolID, r.FTE, r.GrowthN
				v[5], v[6], v[7], v[8] = r.MedianSGP, r.VAMEstimate, r.VAMSE, r.VAMLevel
				v[9], v[10], v[11] = r.EvaluationScore, r.ObservationScore, r.ProfessionalGrowth
				v[12], v[13], v[14], v[15] = r.CompositeScore, r.Rating, r.RatingWeighted, r.RatingTEM
				v[16], v[17], v[18] = r.ExperienceYears, r.Novice, r.CertificationStatus
				v[19], v[20], v[21] = r.InField, r.Retention, money(r.Cost)
			},
		},
		{
			Table: "school_metrics", Len: len(s),
			Columns: []string{"school_year", "school_id", "teachers", "students",
				"econ_disadvantaged_pct", "effective_pct", "ineffective_pct", "novice_pct",
				"out_of_field_pct", "median_sgp", "retention_rate", "cost_per_student", "rated",
				"exemplary", "proficient", "needs_development", "ineffective",
				"certifications_expiring"},
			Row: func(i int, v []any) {
				r := &s[i]
				v[0], v[1], v[2], v[3] = r.SchoolYear, r.SchoolID, r.Teachers, r.Students
				v[4], v[5], v[6] = r.EconDisadvantagedPct, r.EffectivePct, r.IneffectivePct
				v[7], v[8], v[9] = r.NovicePct, r.OutOfFieldPct, r.MedianSGP
				v[10], v[11], v[12] = r.RetentionRate, money(r.CostPerStudent), r.Rated
				v[13], v[14], v[15] = r.Exemplary, r.Proficient, r.NeedsDevelopment
				v[16], v[17] = r.Ineffective, r.CertificationsExpiring
			},
		},
		{
			Table: "district_metrics", Len: len(d),
			Columns: []string{"school_year", "teachers", "rated", "effective_pct",
				"novice_pct", "out_of_field_pct", "retention_rate", "high_performer_retention",
				"low_performer_retention", "smart_retention_gap",
				"lowest_poverty_ineffective_pct", "highest_poverty_ineffective_pct",
				"ineffective_gap", "lowest_poverty_out_of_field_pct",
				"highest_poverty_out_of_field_pct", "out_of_field_gap",
				"lowest_poverty_novice_pct", "highest_poverty_novice_pct", "novice_gap",
				"lane_pay_share", "late_step_pay_share"},
			Row: func(i int, v []any) {
				r := &d[i]
				v[0], v[1], v[2], v[3] = r.SchoolYear, r.Teachers, r.Rated, r.EffectivePct
				v[4], v[5], v[6] = r.NovicePct, r.OutOfFieldPct, r.RetentionRate
				v[7], v[8] = r.HighPerformerRetention, r.LowPerformerRetention
				v[9], v[10] = r.SmartRetentionGap, r.LowestPovertyIneffectivePct
				v[11], v[12] = r.HighestPovertyIneffectivePct, r.IneffectiveGap
				v[13], v[14] = r.LowestPovertyOutOfFieldPct, r.HighestPovertyOutOfFieldPct
				v[15], v[16] = r.OutOfFieldGap, r.LowestPovertyNovicePct
				v[17], v[18] = r.HighestPovertyNovicePct, r.NoviceGap
				v[19], v[20] = r.LanePayShare, r.LateStepPayShare
			},
		},
		{
			Table: "district_groups", Len: len(g),
			Columns: []string{"school_year", "breakdown", "group_name", "teachers", "stayed",
				"moved", "left_district", "retention_rate", "rated", "effective_pct",
				"mean_composite", "median_sgp", "mean_cost"},
			Row: func(i int, v []any) {
				r := &g[i]
				v[0], v[1], v[2], v[3] = r.SchoolYear, r.Breakdown, r.GroupName, r.Teachers
				v[4], v[5], v[6], v[7] = r.Stayed, r.Moved, r.Left, r.RetentionRate
				v[8], v[9], v[10] = r.Rated, r.EffectivePct, r.MeanComposite
				v[11], v[12] = r.MedianSGP, r.MeanCost
			},
		},
	}
}

// money is an amount to write in bulk: dollars as a float, nil when
// missing.
func money(m *models.Money) any {
	if m == nil {
		return nil
	}
	return m.Float64()
}
