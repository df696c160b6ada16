package analytics

import (
	"cmp"
	"math"
	"slices"
)

// Pay is what a teacher is paid in a school year, with their place on the
// salary schedule: Step is -1 and Lane empty where the district does not
// say.
type Pay struct {
	Base, Supplements, Benefits float64
	Step                        int
	Lane                        string
	FTE                         float64
}

// Cost is what a teacher costs the district for a year: base salary,
// supplements and benefits.
func (p Pay) Cost() float64 { return p.Base + p.Supplements + p.Benefits }

// Salary is what a teacher is paid for a year before benefits.
func (p Pay) Salary() float64 { return p.Base + p.Supplements }

// rung is one place on a salary schedule.
type rung struct {
	lane string
	step int
}

// Schedule is a district's salary schedule for a year as its teachers' pay
// shows it: the median base salary at each lane and step.
type Schedule map[rung]float64

// ScheduleOf reads the salary schedule off the base salaries of the
// teachers whose step and lane are known.
func ScheduleOf(pays []Pay) Schedule {
	salaries := map[rung][]float64{}
	for _, p := range pays {
		if p.Step >= 0 && p.Lane != "" {
			c := rung{p.Lane, p.Step}
			salaries[c] = append(salaries[c], p.Base)
		}
	}
	s := Schedule{}
	for c, v := range salaries {
		s[c] = Median(v)
	}
	return s
}

// LanePremium is the part of the base salary at a lane and step that the
// lane adds: the schedule there less the lowest lane's at the same step.
func (s Schedule) LanePremium(lane string, step int) float64 {
	here, ok := s[rung{lane, step}]
	if !ok {
		return 0
	}
	lowest := here
	for c, v := range s {
		if c.step == step {
			lowest = math.Min(lowest, v)
		}
	}
	return here - lowest
}

// LateStepPremium is the part of the base salary at a lane and step that
// steps past lateStep add: the schedule there less that of the lane's
// highest step up to lateStep. It is 0 up to lateStep.
func (s Schedule) LateStepPremium(lane string, step, lateStep int) float64 {
	here, ok := s[rung{lane, step}]
	if !ok || step <= lateStep {
		return 0
	}
	ref, found := 0.0, -1
	for c, v := range s {
		if c.lane == lane && c.step <= lateStep && c.step > found {
			ref, found = v, c.step
		}
	}
	if found < 0 {
		return 0
	}
	return math.Max(here-ref, 0)
}

// PayShares are the shares (0 to 100) of the district's teacher salaries,
// weighted by FTE, that pay for degree lanes and for steps past the
// early career: factors that research finds unrelated to effectiveness.
// Both are NaN when no teacher's step and lane are known.
func PayShares(pays []Pay, lateStep int) (lane, late float64) {
	s := ScheduleOf(pays)
	if len(s) == 0 {
		return math.NaN(), math.NaN()
	}
	var total, lanes, steps float64
	for _, p := range pays {
		total += p.FTE * p.Salary()
		if p.Step < 0 || p.Lane == "" {
			continue
		}
		lanes += p.FTE * s.LanePremium(p.Lane, p.Step)
		steps += p.FTE * s.LateStepPremium(p.Lane, p.Step, lateStep)
	}
	if total <= 0 {
		return math.NaN(), math.NaN()
	}
	return 100 * lanes / total, 100 * steps / total
}

// Median is the median of the values (the mean of the middle two of an
// even count), NaN for none. It sorts a copy.
func Median(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	v := slices.Clone(values)
	slices.SortFunc(v, cmp.Compare[float64])
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// StepIncrement is what the next step of a lane adds to a base salary at a
// step: 0 at the top of the lane, or where the schedule shows no next
// step.
func (s Schedule) StepIncrement(lane string, step int) float64 {
	here, ok := s[rung{lane, step}]
	next, ok2 := s[rung{lane, step + 1}]
	if !ok || !ok2 {
		return 0
	}
	return math.Max(next-here, 0)
}
