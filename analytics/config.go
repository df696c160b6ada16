package analytics

import (
	"fmt"
	"math"
	"time"
)

// Config is a district's choices for the analytics: the scale of its
// evaluations, how it weighs them against growth into a rating, when a
// teacher is novice, and how small a group is too small to publish.
// DefaultConfig holds the defaults of METHODS.md; a district's file
// changes any of them. The toml tags are the keys of that file.
type Config struct {
	Growth     GrowthConfig     `toml:"growth"`
	Evaluation EvaluationConfig `toml:"evaluation"`
	Composite  CompositeConfig  `toml:"composite"`
	Workforce  WorkforceConfig  `toml:"workforce"`
	Privacy    PrivacyConfig    `toml:"privacy"`
}

// GrowthConfig sets how many students growth needs.
type GrowthConfig struct {
	// MinCohort is the fewest students a growth model is fitted on.
	MinCohort int `toml:"min_cohort"`
	// MinStudents is the fewest students a teacher's or school's growth
	// and value-added are reported for.
	MinStudents int `toml:"min_students"`
}

// EvaluationConfig declares the scale of the evaluation component scores
// and which component is professional growth rather than observation.
type EvaluationConfig struct {
	Min float64 `toml:"min"`
	Max float64 `toml:"max"`
	// ProfessionalGrowth names the component scored for professional
	// growth; every other component counts toward the observation score.
	ProfessionalGrowth string `toml:"professional_growth_component"`
}

// Composite methods.
const (
	MethodWeighted = "weighted"
	MethodTEM      = "tem"
)

// CompositeConfig chooses how a teacher's rating is reached: a weighted
// composite banded into ratings, or the TEM matrix of observation level
// by growth level.
type CompositeConfig struct {
	Method  string    `toml:"method"`
	Weights Weights   `toml:"weights"`
	Bands   Bands     `toml:"bands"`
	TEM     TEMConfig `toml:"tem"`
}

// Weights are the shares of the composite's components. Those of missing
// components go to the others in proportion.
type Weights struct {
	Observation        float64 `toml:"observation"`
	Growth             float64 `toml:"growth"`
	ProfessionalGrowth float64 `toml:"professional_growth"`
}

// Bands are the composite scores (1 to 4) at which each rating above
// ineffective begins.
type Bands struct {
	NeedsDevelopment float64 `toml:"needs_development"`
	Proficient       float64 `toml:"proficient"`
	Exemplary        float64 `toml:"exemplary"`
}

// TEMConfig is the Teacher Effectiveness Measure matrix: the observation
// score (1 to 4) and the median growth percentile each cut into levels I
// to IV, and the rating of every pair of levels.
type TEMConfig struct {
	// ObservationCuts are the observation scores at which levels II, III
	// and IV begin.
	ObservationCuts [3]float64 `toml:"observation_cuts"`
	// GrowthCuts are the median growth percentiles at which levels II,
	// III and IV begin.
	GrowthCuts [3]float64 `toml:"growth_cuts"`
	// Matrix holds the rating of observation level i+1 and growth level
	// j+1 at [i][j].
	Matrix [4][4]string `toml:"matrix"`
}

// WorkforceConfig sets the workforce measures' thresholds.
type WorkforceConfig struct {
	// NoviceYears is the experience below which a teacher is novice
	// (ESSA's "inexperienced").
	NoviceYears float64 `toml:"novice_years"`
	// ExpiringDays is how soon after the first day of the school year a
	// valid certificate must expire to count as expiring.
	ExpiringDays int `toml:"expiring_days"`
	// YearStart is the month and day, MM-DD, on which a school year
	// begins; experience and certification are judged on that day.
	YearStart string `toml:"year_start"`
	// LateStep is the last step of the salary schedule whose increments
	// count as early-career pay; steps past it are late steps.
	LateStep int `toml:"late_step"`
}

// PrivacyConfig sets the smallest groups that are published.
type PrivacyConfig struct {
	// MinTeachers is the fewest teachers an aggregate is published for.
	MinTeachers int `toml:"min_teachers"`
}

// Ratings, from lowest to highest.
const (
	RatingIneffective      = "ineffective"
	RatingNeedsDevelopment = "needs_development"
	RatingProficient       = "proficient"
	RatingExemplary        = "exemplary"
)

// Ratings lists the ratings from lowest to highest.
func Ratings() []string {
	return []string{RatingIneffective, RatingNeedsDevelopment, RatingProficient,
		RatingExemplary}
}

// DefaultConfig returns the defaults of METHODS.md: Georgia's TAPS scale
// of 0 to 3, DC IMPACT-style weights of 0.5, 0.3 and 0.2, the bands 1.75,
// 2.5 and 3.5, novice below 3 years, expiring within 180 days, groups of
// fewer than 5 teachers suppressed.
func DefaultConfig() Config {
	return Config{
		Growth: GrowthConfig{MinCohort: DefaultMinCohort, MinStudents: 10},
		Evaluation: EvaluationConfig{Min: 0, Max: 3,
			ProfessionalGrowth: "professional_growth"},
		Composite: CompositeConfig{
			Method:  MethodWeighted,
			Weights: Weights{Observation: 0.5, Growth: 0.3, ProfessionalGrowth: 0.2},
			Bands:   Bands{NeedsDevelopment: 1.75, Proficient: 2.5, Exemplary: 3.5},
			TEM: TEMConfig{
				ObservationCuts: [3]float64{1.75, 2.5, 3.5},
				GrowthCuts:      [3]float64{20, 35, 66},
				Matrix: [4][4]string{
					{RatingIneffective, RatingIneffective, RatingNeedsDevelopment,
						RatingNeedsDevelopment},
					{RatingIneffective, RatingNeedsDevelopment, RatingNeedsDevelopment,
						RatingProficient},
					{RatingNeedsDevelopment, RatingProficient, RatingProficient,
						RatingExemplary},
					{RatingNeedsDevelopment, RatingProficient, RatingExemplary,
						RatingExemplary},
				},
			},
		},
		Workforce: WorkforceConfig{NoviceYears: 3, ExpiringDays: 180, YearStart: "07-01",
			LateStep: 5},
		Privacy: PrivacyConfig{MinTeachers: 5},
	}
}

// YearStartDate is the first day of a school year, which ends in the
// calendar year given: with the default year start, 1 July of the year
// before.
func (c Config) YearStartDate(schoolYear int) time.Time {
	t, err := time.Parse("2006-01-02", fmt.Sprintf("%04d-%s", schoolYear-1,
		c.Workforce.YearStart))
	if err != nil {
		// Validate refuses such a year start; keep the default rather
		// than a zero date.
		return time.Date(schoolYear-1, time.July, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// Validate checks every value and names the key of the first one that
// cannot be used, as the district's file spells it.
func (c Config) Validate() error {
	checks := []struct {
		key string
		bad bool
		msg string
	}{
		{"growth.min_cohort", c.Growth.MinCohort < 2, "must be at least 2"},
		{"growth.min_students", c.Growth.MinStudents < 1, "must be at least 1"},
		{"evaluation.max", !(c.Evaluation.Max > c.Evaluation.Min),
			"must be above evaluation.min"},
		{"evaluation.professional_growth_component",
			c.Evaluation.ProfessionalGrowth == "", "must name a component"},
		{"composite.method", c.Composite.Method != MethodWeighted &&
			c.Composite.Method != MethodTEM, `must be "weighted" or "tem"`},
		{"composite.weights", !validWeights(c.Composite.Weights),
			"must be 0 or more each, with observation or growth above 0"},
		{"composite.bands", !increasing(1, c.Composite.Bands.NeedsDevelopment,
			c.Composite.Bands.Proficient, c.Composite.Bands.Exemplary, 4),
			"must rise from 1 to 4: needs_development < proficient < exemplary"},
		{"composite.tem.observation_cuts", !increasing(1, c.Composite.TEM.ObservationCuts[0],
			c.Composite.TEM.ObservationCuts[1], c.Composite.TEM.ObservationCuts[2], 4),
			"must rise within 1 to 4"},
		{"composite.tem.growth_cuts", !increasing(1, c.Composite.TEM.GrowthCuts[0],
			c.Composite.TEM.GrowthCuts[1], c.Composite.TEM.GrowthCuts[2], 99),
			"must rise within 1 to 99"},
		{"composite.tem.matrix", !validMatrix(c.Composite.TEM.Matrix),
			"must hold a rating in each of its 4 by 4 cells"},
		{"workforce.novice_years", !(c.Workforce.NoviceYears > 0), "must be above 0"},
		{"workforce.expiring_days", c.Workforce.ExpiringDays < 0, "must not be negative"},
		{"workforce.year_start", !validYearStart(c.Workforce.YearStart),
			"must be a month and day, MM-DD, such as 07-01"},
		{"workforce.late_step", c.Workforce.LateStep < 0, "must not be negative"},
		{"privacy.min_teachers", c.Privacy.MinTeachers < 1, "must be at least 1"},
	}
	for _, ch := range checks {
		if ch.bad {
			return fmt.Errorf("%s: %s", ch.key, ch.msg)
		}
	}
	return nil
}

func validWeights(w Weights) bool {
	for _, v := range []float64{w.Observation, w.Growth, w.ProfessionalGrowth} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return w.Observation > 0 || w.Growth > 0
}

// increasing reports whether the values rise strictly from the first to
// the last, the bounds themselves only reached by the cuts at either end.
func increasing(lo, a, b, c, hi float64) bool {
	return lo < a && a < b && b < c && c <= hi
}

func validMatrix(m [4][4]string) bool {
	for _, row := range m {
		for _, r := range row {
			switch r {
			case RatingIneffective, RatingNeedsDevelopment, RatingProficient,
				RatingExemplary:
			default:
				return false
			}
		}
	}
	return true
}

func validYearStart(s string) bool {
	_, err := time.Parse("01-02", s)
	return err == nil && len(s) == 5
}
