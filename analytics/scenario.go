package analytics

import (
	"fmt"
	"math"
	"slices"
)

// Scenario option kinds.
const (
	OptionRaise          = "raise"
	OptionClassSize      = "class_size"
	OptionStepFreeze     = "step_freeze"
	OptionLaneChange     = "lane_change"
	OptionRetentionBonus = "retention_bonus"
)

// BudgetTeacher is a teacher of a scenario's base year: what they cost,
// where and what they teach, and how effective they are.
type BudgetTeacher struct {
	StaffID, SchoolID string
	// Subject is the teacher's subject area; GradeBand the band of the
	// grades they teach ("0-2", "3-5", "6-8" or "9-12"), empty when not
	// known.
	Subject, GradeBand string
	Pay                Pay
	// StepIncrement is what the teacher's next step would add to their
	// base salary, 0 at the top of the schedule or off it.
	StepIncrement float64
	// LanePremium is the part of the base salary their lane adds.
	LanePremium float64
	Rating      string
	// HighPoverty tells whether the school is in the district's
	// highest-poverty quartile, LowPoverty in its lowest.
	HighPoverty, LowPoverty bool
	// Retention is whether the teacher stayed into the next year, empty
	// when not known.
	Retention string
}

// BandSections are the students of a grade band in the base year and the
// mean number of students in its sections.
type BandSections struct {
	Students int
	MeanSize float64
}

// Base is the district's base year as scenarios see it.
type Base struct {
	Year     int
	Teachers []BudgetTeacher
	Bands    map[string]BandSections
}

// Target narrows an option to a group of teachers; the zero value is
// every teacher.
type Target struct {
	Subjects    []string `json:"subjects,omitempty"`
	Ratings     []string `json:"ratings,omitempty"`
	HighPoverty bool     `json:"high_poverty,omitempty"`
}

// has reports whether the target takes in a teacher.
func (t Target) has(b BudgetTeacher) bool {
	return (len(t.Subjects) == 0 || slices.Contains(t.Subjects, b.Subject)) &&
		(len(t.Ratings) == 0 || slices.Contains(t.Ratings, b.Rating)) &&
		(!t.HighPoverty || b.HighPoverty)
}

// Option is one change a scenario makes. Amount is dollars a teacher for
// a raise or a bonus; Change is students a section for a class-size
// change, and the fraction by which lane premiums change for a lane
// change (-0.5 halves them).
type Option struct {
	Kind      string  `json:"kind"`
	Amount    float64 `json:"amount,omitempty"`
	GradeBand string  `json:"grade_band,omitempty"`
	Change    float64 `json:"change,omitempty"`
	Target    Target  `json:"target"`
}

// Assumptions are what a scenario's projected effects rest on; each is
// shown beside the results and can be changed.
type Assumptions struct {
	// RetentionPerThousand is the rise, in percentage points, of the
	// chance that a teacher stays for each 1,000 of yearly pay or bonus
	// offered to stay.
	RetentionPerThousand float64 `json:"retention_per_thousand"`
	// NewTeacherEffective is the share of newly hired teachers rated
	// effective, who replace those who leave and fill new positions.
	NewTeacherEffective float64 `json:"new_teacher_effective"`
	// NewTeacherIneffective is the share of newly hired teachers rated
	// ineffective.
	NewTeacherIneffective float64 `json:"new_teacher_ineffective"`
	// BaseRetention is the share of teachers who stay a year, used where
	// the base year's outcomes are not known.
	BaseRetention float64 `json:"base_retention"`
}

// DefaultAssumptions are the assumptions of a scenario left unchanged:
// half a percentage point of retention per 1,000 (in the range of the
// retention-bonus studies), four in five new teachers rated effective and
// one in twenty ineffective, and 85 % of teachers staying a year.
func DefaultAssumptions() Assumptions {
	return Assumptions{RetentionPerThousand: 0.5, NewTeacherEffective: 0.8,
		NewTeacherIneffective: 0.05,
		BaseRetention:         0.85}
}

// OptionResult is an option's cost, change in teacher FTE and effect.
type OptionResult struct {
	Option Option  `json:"option"`
	Cost   float64 `json:"cost"`
	// FTEChange is the change in full-time teachers the option needs.
	FTEChange float64 `json:"fte_change"`
	// EffectiveChange is the change, in percentage points, of the share
	// of teachers rated effective a year on.
	EffectiveChange float64 `json:"effective_change"`
	// NoviceGapChange and IneffectiveGapChange are the changes, in
	// percentage points, of the equitable-access gaps: the share of
	// novice and of ineffective teachers in the highest-poverty schools
	// less that in the lowest.
	NoviceGapChange      float64 `json:"novice_gap_change"`
	IneffectiveGapChange float64 `json:"ineffective_gap_change"`
	// Teachers counts the teachers the option reaches.
	Teachers int `json:"teachers"`
}

// ScenarioResult is a scenario's options and their sum.
type ScenarioResult struct {
	TotalCost       float64 `json:"total_cost"`
	FTEChange       float64 `json:"fte_change"`
	EffectiveChange float64 `json:"effective_change"`
	// NoviceGapChange and IneffectiveGapChange sum the options' changes
	// of the equitable-access gaps.
	NoviceGapChange      float64        `json:"novice_gap_change"`
	IneffectiveGapChange float64        `json:"ineffective_gap_change"`
	Options              []OptionResult `json:"options"`
	Assumptions          Assumptions    `json:"assumptions"`
}

// benefitsRate is what benefits add to a teacher's base salary.
func benefitsRate(p Pay) float64 {
	if p.Base <= 0 {
		return 0
	}
	return p.Benefits / p.Base
}

// EvaluateScenario costs a scenario's options on the base year and projects their
// effects under the assumptions. Options add up: a scenario's cost, FTE
// change and effect are the sums of its options'.
func EvaluateScenario(b Base, options []Option, a Assumptions) (ScenarioResult, error) {
	res := ScenarioResult{Options: []OptionResult{}, Assumptions: a}
	for i, o := range options {
		r, err := evaluateOption(b, o, a)
		if err != nil {
			return ScenarioResult{}, fmt.Errorf("option %d: %w", i+1, err)
		}
		res.Options = append(res.Options, r)
		res.TotalCost += r.Cost
		res.FTEChange += r.FTEChange
		res.EffectiveChange += r.EffectiveChange
		res.NoviceGapChange += r.NoviceGapChange
		res.IneffectiveGapChange += r.IneffectiveGapChange
	}
	return res, nil
}

func evaluateOption(b Base, o Option, a Assumptions) (OptionResult, error) {
	r := OptionResult{Option: o}
	switch o.Kind {
	case OptionRaise, OptionRetentionBonus:
		if !(o.Amount > 0) {
			return r, fmt.Errorf("%s: amount must be above 0", o.Kind)
		}
		raise(b, o, a, &r)
	case OptionStepFreeze:
		for _, t := range b.Teachers {
			if o.Target.has(t) {
				r.Teachers++
				r.Cost -= t.Pay.FTE * t.StepIncrement * (1 + benefitsRate(t.Pay))
			}
		}
	case OptionLaneChange:
		if o.Change < -1 {
			return r, fmt.Errorf("lane_change: change must be -1 (no lane pay) or more")
		}
		for _, t := range b.Teachers {
			if o.Target.has(t) && t.LanePremium > 0 {
				r.Teachers++
				r.Cost += t.Pay.FTE * t.LanePremium * o.Change * (1 + benefitsRate(t.Pay))
			}
		}
	case OptionClassSize:
		if err := classSize(b, o, a, &r); err != nil {
			return r, err
		}
	default:
		return r, fmt.Errorf("no option kind %q (want raise, class_size, step_freeze, "+
			"lane_change or retention_bonus)", o.Kind)
	}
	return r, nil
}

// raise costs a raise or a retention bonus for the target group. A raise
// is paid to every teacher of the group, a bonus to those who stay; both
// make staying likelier by the assumed amount a thousand, and each extra
// stayer who is effective keeps an effective teacher where a new hire
// would be effective only at the assumed share.
func raise(b Base, o Option, a Assumptions, r *OptionResult) {
	lift := a.RetentionPerThousand / 100 * o.Amount / 1000
	var keptEffective float64
	var gaps gapChange
	for _, t := range b.Teachers {
		if !o.Target.has(t) {
			continue
		}
		r.Teachers++
		stay := a.BaseRetention
		if t.Retention != "" {
			stay = 0
			if t.Retention == Stayed || t.Retention == Moved {
				stay = 1
			}
		}
		newStay := math.Min(1, stay+lift)
		if o.Kind == OptionRaise {
			r.Cost += t.Pay.FTE * o.Amount * (1 + benefitsRate(t.Pay))
		} else {
			r.Cost += o.Amount * (1 + benefitsRate(t.Pay)) * newStay
		}
		gained := newStay - stay
		// Each teacher kept is a new hire not made: one novice fewer,
		// and an ineffective one fewer at the assumed share.
		ineffective := 0.0
		if t.Rating == RatingIneffective {
			ineffective = 1
		}
		gaps.add(t, -gained, gained*(ineffective-a.NewTeacherIneffective))
		if Effective(t.Rating) {
			keptEffective += gained * (1 - a.NewTeacherEffective)
		} else if t.Rating != "" {
			keptEffective -= gained * a.NewTeacherEffective
		}
	}
	if n := len(b.Teachers); n > 0 {
		r.EffectiveChange = 100 * keptEffective / float64(n)
	}
	r.NoviceGapChange, r.IneffectiveGapChange = gaps.result(b)
}

// gapChange sums, for the lowest- and highest-poverty quartiles, the
// expected change in their numbers of novice and ineffective teachers.
type gapChange struct {
	novice, ineffective [2]float64
}

func (g *gapChange) add(t BudgetTeacher, novice, ineffective float64) {
	for k, in := range [2]bool{t.LowPoverty, t.HighPoverty} {
		if in {
			g.novice[k] += novice
			g.ineffective[k] += ineffective
		}
	}
}

// result turns the changes in numbers into changes of the gaps, in
// percentage points of each quartile's teachers.
func (g gapChange) result(b Base) (novice, ineffective float64) {
	var n [2]float64
	for _, t := range b.Teachers {
		if t.LowPoverty {
			n[0]++
		}
		if t.HighPoverty {
			n[1]++
		}
	}
	if n[0] == 0 || n[1] == 0 {
		return 0, 0
	}
	novice = 100 * (g.novice[1]/n[1] - g.novice[0]/n[0])
	ineffective = 100 * (g.ineffective[1]/n[1] - g.ineffective[0]/n[0])
	return novice, ineffective
}

// classSize costs a change of d students a section in a grade band:
// sections now = students / mean section size, and the teachers needed
// change by students / (size + d) - students / size, each at the band's
// mean teacher cost. New teachers are effective at the assumed share.
func classSize(b Base, o Option, a Assumptions, r *OptionResult) error {
	band, ok := b.Bands[o.GradeBand]
	if !ok || !(band.MeanSize > 0) {
		return fmt.Errorf("class_size: no sections in grade band %q", o.GradeBand)
	}
	size := band.MeanSize
	if size+o.Change < 1 {
		return fmt.Errorf("class_size: %v students a section is too few", size+o.Change)
	}
	students := float64(band.Students)
	r.FTEChange = students/(size+o.Change) - students/size

	var cost, fte, effective, rated float64
	for _, t := range b.Teachers {
		if t.GradeBand != o.GradeBand {
			continue
		}
		r.Teachers++
		cost += t.Pay.Cost() * t.Pay.FTE
		fte += t.Pay.FTE
		if t.Rating != "" {
			rated++
			if Effective(t.Rating) {
				effective++
			}
		}
	}
	if fte == 0 {
		return fmt.Errorf("class_size: no teachers in grade band %q", o.GradeBand)
	}
	r.Cost = r.FTEChange * cost / fte

	// Teachers added are new hires, novices, placed where the band's
	// teachers are; teachers cut are, on average, like the band's.
	n := float64(len(b.Teachers))
	if r.FTEChange <= 0 {
		return nil
	}
	if n > 0 && rated > 0 {
		r.EffectiveChange = 100 * r.FTEChange * (a.NewTeacherEffective - effective/rated) / n
	}
	var gaps gapChange
	for _, t := range b.Teachers {
		if t.GradeBand == o.GradeBand {
			share := r.FTEChange * t.Pay.FTE / fte
			gaps.add(t, share, share*a.NewTeacherIneffective)
		}
	}
	r.NoviceGapChange, r.IneffectiveGapChange = gaps.result(b)
	return nil
}
