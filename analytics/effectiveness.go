package analytics

import "math"

// SummativeComponent is the evaluation component that already sums up the
// others. It stands for the evaluation only when nothing else was scored,
// so that a district sending both is not counted twice.
const SummativeComponent = "summative"

// Component is one scored component of a teacher's evaluation for a year,
// on the district's evaluation scale.
type Component struct {
	Name  string
	Score float64
}

// Evaluation is a teacher's evaluation for a year reduced to the scores the
// ratings use, each on the district's own scale and NaN when missing.
type Evaluation struct {
	// Score is the mean of every component.
	Score float64
	// Observation is the mean of the components other than professional
	// growth.
	Observation float64
	// ProfessionalGrowth is the professional growth component.
	ProfessionalGrowth float64
}

// Evaluate averages a teacher's component scores. The summative component
// counts only when it is the only one; the professional growth component
// counts toward the evaluation score but not the observation score.
func Evaluate(components []Component, cfg EvaluationConfig) Evaluation {
	var all, obs, growth mean
	var summative mean
	for _, c := range components {
		switch c.Name {
		case SummativeComponent:
			summative.add(c.Score)
			continue
		case cfg.ProfessionalGrowth:
			growth.add(c.Score)
		default:
			obs.add(c.Score)
		}
		all.add(c.Score)
	}
	if all.n == 0 {
		s := summative.value()
		return Evaluation{Score: s, Observation: s, ProfessionalGrowth: math.NaN()}
	}
	return Evaluation{Score: all.value(), Observation: obs.value(),
		ProfessionalGrowth: growth.value()}
}

// mean accumulates an unweighted mean; its value is NaN when empty.
type mean struct {
	sum float64
	n   int
}

func (m *mean) add(v float64) { m.sum += v; m.n++ }

func (m mean) value() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.sum / float64(m.n)
}

// Rescale maps a score on the district's evaluation scale onto the 1 to 4
// scale of the composite, clamped to it. NaN stays NaN.
func (c EvaluationConfig) Rescale(score float64) float64 {
	if math.IsNaN(score) {
		return score
	}
	return clamp(1+3*(score-c.Min)/(c.Max-c.Min), 1, 4)
}

// Growth scores on the 1 to 4 scale of the composite.
const (
	// vamIndexSpan is the growth index that maps onto either end of the
	// scale: an index of -2 or less scores 1, +2 or more scores 4, the
	// bounds of EVAAS's lowest and highest levels.
	vamIndexSpan = 2
)

// GrowthScore puts a teacher's growth on the 1 to 4 scale: the median
// growth percentile mapped linearly from 1-99, or, where the teacher has no
// reported percentile, the value-added growth index (estimate over its
// standard error) mapped linearly from -2..2. NaN when neither is known.
func GrowthScore(medianSGP, vamIndex float64) float64 {
	if !math.IsNaN(medianSGP) {
		return clamp(1+3*(medianSGP-1)/98, 1, 4)
	}
	if !math.IsNaN(vamIndex) {
		return clamp(2.5+1.5*vamIndex/vamIndexSpan, 1, 4)
	}
	return math.NaN()
}

// Composite is the weighted mean of the components a teacher has, each on
// the 1 to 4 scale, the weights of missing components shared among the
// others in proportion. A teacher with neither an observation nor a growth
// score has no composite (NaN).
func Composite(observation, growth, professionalGrowth float64, w Weights) float64 {
	if math.IsNaN(observation) && math.IsNaN(growth) {
		return math.NaN()
	}
	var sum, weight float64
	for _, c := range [...]struct{ v, w float64 }{
		{observation, w.Observation}, {growth, w.Growth},
		{professionalGrowth, w.ProfessionalGrowth},
	} {
		if math.IsNaN(c.v) || c.w == 0 {
			continue
		}
		sum += c.w * c.v
		weight += c.w
	}
	if weight == 0 {
		return math.NaN()
	}
	return sum / weight
}

// Band rates a composite score: ineffective below the needs-development
// band, and so on up; a score on a boundary takes the higher rating. NaN
// has no rating ("").
func (b Bands) Band(score float64) string {
	switch {
	case math.IsNaN(score):
		return ""
	case score >= b.Exemplary:
		return RatingExemplary
	case score >= b.Proficient:
		return RatingProficient
	case score >= b.NeedsDevelopment:
		return RatingNeedsDevelopment
	}
	return RatingIneffective
}

// Rate reads the TEM matrix: the observation score (1 to 4) and the growth
// percentile each cut into levels I to IV, a value on a cut taking the
// higher level. Either one missing gives no rating ("").
func (t TEMConfig) Rate(observation, growthSGP float64) string {
	if math.IsNaN(observation) || math.IsNaN(growthSGP) {
		return ""
	}
	return t.Matrix[level(observation, t.ObservationCuts)][level(growthSGP, t.GrowthCuts)]
}

// level is the index, 0 to 3, of the level a value falls in.
func level(v float64, cuts [3]float64) int {
	l := 0
	for _, c := range cuts {
		if v >= c {
			l++
		}
	}
	return l
}

// Effectiveness is what a teacher's ratings rest on and what they come to
// for a year. Scores are on the 1 to 4 scale; NaN is missing.
type Effectiveness struct {
	Observation        float64
	Growth             float64
	ProfessionalGrowth float64
	Composite          float64
	// Weighted is the rating of the composite's bands, TEM that of the
	// TEM matrix, and Rating the one of the district's chosen method.
	Weighted, TEM, Rating string
}

// Effective reports whether a rating counts as effective: proficient or
// exemplary.
func Effective(rating string) bool {
	return rating == RatingProficient || rating == RatingExemplary
}

// Rate turns a teacher's evaluation and growth into the composite and the
// ratings of both methods. medianSGP and vamIndex are NaN when not reported.
func (c Config) Rate(ev Evaluation, medianSGP, vamIndex float64) Effectiveness {
	e := Effectiveness{
		Observation:        c.Evaluation.Rescale(ev.Observation),
		Growth:             GrowthScore(medianSGP, vamIndex),
		ProfessionalGrowth: c.Evaluation.Rescale(ev.ProfessionalGrowth),
	}
	e.Composite = Composite(e.Observation, e.Growth, e.ProfessionalGrowth,
		c.Composite.Weights)
	e.Weighted = c.Composite.Bands.Band(e.Composite)

	// The matrix reads growth as a percentile; value-added stands in
	// through the same 1 to 4 scale where no percentile is reported.
	sgp := medianSGP
	if math.IsNaN(sgp) && !math.IsNaN(e.Growth) {
		sgp = 1 + (e.Growth-1)*98/3
	}
	e.TEM = c.Composite.TEM.Rate(e.Observation, sgp)

	e.Rating = e.Weighted
	if c.Composite.Method == MethodTEM {
		e.Rating = e.TEM
	}
	return e
}

func clamp(v, lo, hi float64) float64 {
	return math.Min(math.Max(v, lo), hi)
}
