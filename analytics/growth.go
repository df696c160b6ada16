package analytics

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Score is one student's scale score in a subject in a school year.
type Score struct {
	StudentID string
	Year      int
	Grade     int
	Subject   string
	Score     float64
}

// StudentSGP is a student's growth percentile in a subject and school year,
// with the scores it rests on.
type StudentSGP struct {
	StudentID string
	Subject   string
	Grade     int
	Score     float64
	// PriorScore is the score of the year before, in the grade before.
	PriorScore float64
	SGP        int
	// Order is the number of prior years of the model that gave the SGP.
	Order int
}

// GrowthOptions tunes YearGrowth. The zero value uses the defaults.
type GrowthOptions struct {
	// MinCohort is the fewest students a model is fitted on.
	MinCohort int
	// MaxOrder is the most prior years a model uses: 2.
	MaxOrder int
	// Workers is how many cohorts are fitted at once: the number of
	// CPUs TED may use.
	Workers int
}

func (o GrowthOptions) withDefaults() GrowthOptions {
	if o.MinCohort <= 0 {
		o.MinCohort = DefaultMinCohort
	}
	if o.MaxOrder <= 0 {
		o.MaxOrder = 2
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// cell is the scores of one subject, school year and grade, by student.
type cell struct {
	subject     string
	year, grade int
}

// YearGrowth computes the growth percentile of every student tested in
// the school year who has a score of the year before in the grade before:
// one cohort per subject and grade, with priors from consecutive earlier
// years and grades, each prior's spline knots taken from every score of
// its own cell. scores must hold the year and the years before it that
// the priors need. Students come out ordered by subject, grade and id.
func YearGrowth(scores []Score, year int, opt GrowthOptions) ([]StudentSGP, error) {
	opt = opt.withDefaults()
	cells := map[cell]map[string]float64{}
	for _, s := range scores {
		c := cell{s.Subject, s.Year, s.Grade}
		if cells[c] == nil {
			cells[c] = map[string]float64{}
		}
		cells[c][s.StudentID] = s.Score
	}

	var cohorts []cell
	for c := range cells {
		prior := cell{c.subject, c.year - 1, c.grade - 1}
		if c.year == year && cells[prior] != nil {
			cohorts = append(cohorts, c)
		}
	}
	slices.SortFunc(cohorts, func(a, b cell) int {
		return cmp.Or(cmp.Compare(a.subject, b.subject), cmp.Compare(a.grade, b.grade))
	})

	results := make([][]StudentSGP, len(cohorts))
	errs := make([]error, len(cohorts))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(opt.Workers, max(len(cohorts), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range work {
				results[k], errs[k] = cohortSGPs(cells, cohorts[k], opt)
			}
		}()
	}
	for k := range cohorts {
		work <- k
	}
	close(work)
	wg.Wait()

	var out []StudentSGP
	for k, c := range cohorts {
		if errs[k] != nil {
			return nil, fmt.Errorf("%s grade %d in %d: %w", c.subject, c.grade, c.year, errs[k])
		}
		out = append(out, results[k]...)
	}
	return out, nil
}

// cohortSGPs fits the models of one cohort and reads off its students'
// percentiles.
func cohortSGPs(cells map[cell]map[string]float64, c cell, opt GrowthOptions) (
	[]StudentSGP, error) {
	current := cells[c]
	ids := make([]string, 0, len(current))
	for id := range current {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	// The splines of the priors that exist, the most recent first.
	var splines []*Spline
	var priorCells []map[string]float64
	for k := 1; k <= opt.MaxOrder; k++ {
		pc := cells[cell{c.subject, c.year - k, c.grade - k}]
		if len(pc) == 0 {
			break
		}
		s, err := SplineFor(cellScores(pc))
		if err != nil {
			return nil, fmt.Errorf("prior %d: %w", k, err)
		}
		splines = append(splines, s)
		priorCells = append(priorCells, pc)
	}

	students := make([]CohortStudent, 0, len(ids))
	keep := make([]string, 0, len(ids))
	for _, id := range ids {
		priors := make([]float64, len(priorCells))
		for k, pc := range priorCells {
			v, ok := pc[id]
			if !ok {
				v = math.NaN()
			}
			priors[k] = v
		}
		if math.IsNaN(priors[0]) {
			continue
		}
		students = append(students, CohortStudent{Score: current[id], Priors: priors})
		keep = append(keep, id)
	}

	growth, err := CohortGrowth(students, splines, opt.MinCohort)
	if err != nil {
		return nil, err
	}
	var out []StudentSGP
	for i, g := range growth {
		if g.Order == 0 {
			continue
		}
		out = append(out, StudentSGP{
			StudentID: keep[i], Subject: c.subject, Grade: c.grade,
			Score: students[i].Score, PriorScore: students[i].Priors[0],
			SGP: g.SGP, Order: g.Order,
		})
	}
	return out, nil
}

// cellScores lists a cell's scores in increasing order.
func cellScores(pc map[string]float64) []float64 {
	v := make([]float64, 0, len(pc))
	for _, s := range pc {
		v = append(v, s)
	}
	slices.Sort(v)
	return v
}
