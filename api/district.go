package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
)

// groupBody is one group of the district's teachers; null is suppressed
// (too few teachers) or not known.
type groupBody struct {
	Group         string   `json:"group"`
	Teachers      int      `json:"teachers"`
	Stayed        *int     `json:"stayed"`
	Moved         *int     `json:"moved"`
	Left          *int     `json:"left"`
	RetentionRate *float64 `json:"retention_rate"`
	Rated         *int     `json:"rated"`
	EffectivePct  *float64 `json:"effective_pct"`
	MeanComposite *float64 `json:"mean_composite"`
	MedianSGP     *float64 `json:"median_sgp"`
	MeanCost      *float64 `json:"mean_cost"`
}

// groupsOf returns the groups of one breakdown, in stored order.
func groupsOf(groups []models.DistrictGroup, breakdown string) []groupBody {
	list := []groupBody{}
	for _, g := range groups {
		if g.Breakdown != breakdown {
			continue
		}
		list = append(list, groupBody{Group: g.GroupName, Teachers: g.Teachers,
			Stayed: g.Stayed, Moved: g.Moved, Left: g.Left, RetentionRate: g.RetentionRate,
			Rated: g.Rated, EffectivePct: g.EffectivePct, MeanComposite: g.MeanComposite,
			MedianSGP: g.MedianSGP, MeanCost: g.MeanCost})
	}
	return list
}

// districtYear reads the district's measures of the requested year and
// its groups under the breakdowns named.
func (s *Server) districtYear(c *gin.Context, breakdowns ...string) (
	int, *models.DistrictMetrics, []models.DistrictGroup, bool) {
	year, err := s.year(c)
	if err != nil {
		respondError(c, err)
		return 0, nil, nil, false
	}
	m, groups, err := s.db.DistrictYear(c.Request.Context(), year, breakdowns...)
	if err == nil && m == nil {
		err = ted.Errorf(ted.CodeNotFound, "school year %d has not been computed", year)
	}
	if err != nil {
		respondError(c, err)
		return 0, nil, nil, false
	}
	return year, m, groups, true
}

// equityShares are a poverty quartile's shares of teachers.
type equityShares struct {
	IneffectivePct *float64 `json:"ineffective_pct"`
	OutOfFieldPct  *float64 `json:"out_of_field_pct"`
	NovicePct      *float64 `json:"novice_pct"`
}

// equityResponse is the equitable-access table: the lowest- and
// highest-poverty quartiles of schools and the gaps between them (highest
// less lowest), in percentage points.
type equityResponse struct {
	SchoolYear     int          `json:"school_year"`
	LowestPoverty  equityShares `json:"lowest_poverty"`
	HighestPoverty equityShares `json:"highest_poverty"`
	Gaps           equityShares `json:"gaps"`
}

func (s *Server) equity(c *gin.Context) {
	year, m, _, ok := s.districtYear(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, equityResponse{
		SchoolYear: year,
		LowestPoverty: equityShares{IneffectivePct: m.LowestPovertyIneffectivePct,
			OutOfFieldPct: m.LowestPovertyOutOfFieldPct, NovicePct: m.LowestPovertyNovicePct},
		HighestPoverty: equityShares{IneffectivePct: m.HighestPovertyIneffectivePct,
			OutOfFieldPct: m.HighestPovertyOutOfFieldPct, NovicePct: m.HighestPovertyNovicePct},
		Gaps: equityShares{IneffectivePct: m.IneffectiveGap, OutOfFieldPct: m.OutOfFieldGap,
			NovicePct: m.NoviceGap},
	})
}

// retentionResponse is how many teachers the district keeps, by rating, by
// growth quintile and by performance, with the smart-retention gap.
type retentionResponse struct {
	SchoolYear             int         `json:"school_year"`
	Teachers               int         `json:"teachers"`
	RetentionRate          *float64    `json:"retention_rate"`
	HighPerformerRetention *float64    `json:"high_performer_retention"`
	LowPerformerRetention  *float64    `json:"low_performer_retention"`
	SmartRetentionGap      *float64    `json:"smart_retention_gap"`
	ByRating               []groupBody `json:"by_rating"`
	ByGrowthQuintile       []groupBody `json:"by_growth_quintile"`
	ByPerformance          []groupBody `json:"by_performance"`
}

func (s *Server) retention(c *gin.Context) {
	year, m, groups, ok := s.districtYear(c, models.BreakdownRetentionByRating,
		models.BreakdownRetentionByQuintile, models.BreakdownRetentionByPerformance)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, retentionResponse{SchoolYear: year, Teachers: m.Teachers,
		RetentionRate: m.RetentionRate, HighPerformerRetention: m.HighPerformerRetention,
		LowPerformerRetention: m.LowPerformerRetention, SmartRetentionGap: m.SmartRetentionGap,
		ByRating:         groupsOf(groups, models.BreakdownRetentionByRating),
		ByGrowthQuintile: groupsOf(groups, models.BreakdownRetentionByQuintile),
		ByPerformance:    groupsOf(groups, models.BreakdownRetentionByPerformance)})
}

// pipelineResponse is the effectiveness and growth of teachers in their
// first two years with the district, by how they were hired.
type pipelineResponse struct {
	SchoolYear     int         `json:"school_year"`
	ByHiringSource []groupBody `json:"by_hiring_source"`
}

func (s *Server) pipeline(c *gin.Context) {
	year, _, groups, ok := s.districtYear(c, models.BreakdownPipeline)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, pipelineResponse{SchoolYear: year,
		ByHiringSource: groupsOf(groups, models.BreakdownPipeline)})
}

// compensationResponse is pay against effectiveness: mean cost by rating
// and by experience band, and the shares of salary paid for degree lanes
// and late steps.
type compensationResponse struct {
	SchoolYear       int         `json:"school_year"`
	LanePayShare     *float64    `json:"lane_pay_share"`
	LateStepPayShare *float64    `json:"late_step_pay_share"`
	ByRating         []groupBody `json:"by_rating"`
	ByExperience     []groupBody `json:"by_experience"`
}

func (s *Server) compensation(c *gin.Context) {
	year, m, groups, ok := s.districtYear(c, models.BreakdownPayByRating,
		models.BreakdownPayByExperience)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, compensationResponse{SchoolYear: year,
		LanePayShare: m.LanePayShare, LateStepPayShare: m.LateStepPayShare,
		ByRating:     groupsOf(groups, models.BreakdownPayByRating),
		ByExperience: groupsOf(groups, models.BreakdownPayByExperience)})
}
