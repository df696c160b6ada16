package models

// TeacherMetrics is a teacher's measures for a school year: growth pooled
// over subjects, evaluation, composite and ratings, experience,
// certification, whether they teach in field, what became of them the next
// year, and what they cost. A nil value is suppressed or could not be
// computed.
type TeacherMetrics struct {
	SchoolYear          int    `gorm:"primaryKey;autoIncrement:false"`
	StaffID             string `gorm:"primaryKey"`
	SchoolID            string
	FTE                 float64 `gorm:"column:fte"`
	GrowthN             int
	MedianSGP           *float64 `gorm:"column:median_sgp"`
	VAMEstimate         *float64 `gorm:"column:vam_estimate"`
	VAMSE               *float64 `gorm:"column:vam_se"`
	VAMLevel            *int     `gorm:"column:vam_level"`
	EvaluationScore     *float64
	ObservationScore    *float64
	ProfessionalGrowth  *float64
	CompositeScore      *float64
	Rating              string
	RatingWeighted      string
	RatingTEM           string `gorm:"column:rating_tem"`
	ExperienceYears     float64
	Novice              bool
	CertificationStatus string
	InField             *bool
	Retention           string
	Cost                *Money
}

// TableName names the table of teacher metrics.
func (TeacherMetrics) TableName() string { return "teacher_metrics" }

// SchoolMetrics is a school's measures for a school year. Shares are 0 to
// 100; a nil value is suppressed (too few teachers) or could not be
// computed.
type SchoolMetrics struct {
	SchoolYear             int    `gorm:"primaryKey;autoIncrement:false"`
	SchoolID               string `gorm:"primaryKey"`
	Teachers               int
	Students               int
	EconDisadvantagedPct   *float64
	EffectivePct           *float64
	IneffectivePct         *float64
	NovicePct              *float64
	OutOfFieldPct          *float64
	MedianSGP              *float64 `gorm:"column:median_sgp"`
	RetentionRate          *float64
	CostPerStudent         *Money
	Rated                  *int
	Exemplary              *int
	Proficient             *int
	NeedsDevelopment       *int
	Ineffective            *int
	CertificationsExpiring *int
}

// TableName names the table of school metrics.
func (SchoolMetrics) TableName() string { return "school_metrics" }

// DistrictMetrics is the district's measures for a school year: its
// teachers' effectiveness and retention, the equitable-access shares of
// its lowest- and highest-poverty schools, and the share of pay tied to
// lanes and late steps.
type DistrictMetrics struct {
	SchoolYear                   int `gorm:"primaryKey;autoIncrement:false"`
	Teachers                     int
	Rated                        int
	EffectivePct                 *float64
	NovicePct                    *float64
	OutOfFieldPct                *float64
	RetentionRate                *float64
	HighPerformerRetention       *float64
	LowPerformerRetention        *float64
	SmartRetentionGap            *float64
	LowestPovertyIneffectivePct  *float64
	HighestPovertyIneffectivePct *float64
	IneffectiveGap               *float64
	LowestPovertyOutOfFieldPct   *float64
	HighestPovertyOutOfFieldPct  *float64
	OutOfFieldGap                *float64
	LowestPovertyNovicePct       *float64
	HighestPovertyNovicePct      *float64
	NoviceGap                    *float64
	LanePayShare                 *float64
	LateStepPayShare             *float64
}

// TableName names the table of district metrics.
func (DistrictMetrics) TableName() string { return "district_metrics" }

// Breakdowns of the district's teachers in DistrictGroup.
const (
	BreakdownRetentionByRating      = "retention_by_rating"
	BreakdownRetentionByQuintile    = "retention_by_growth_quintile"
	BreakdownRetentionByPerformance = "retention_by_performance"
	BreakdownPipeline               = "pipeline"
	BreakdownPayByRating            = "pay_by_rating"
	BreakdownPayByExperience        = "pay_by_experience"
)

// DistrictGroup is one group of the district's teachers in a school year
// under one breakdown, such as the proficient teachers under retention by
// rating. Each breakdown fills the columns it is about.
type DistrictGroup struct {
	SchoolYear    int    `gorm:"primaryKey;autoIncrement:false"`
	Breakdown     string `gorm:"primaryKey"`
	GroupName     string `gorm:"primaryKey"`
	Teachers      int
	Stayed        *int
	Moved         *int
	Left          *int `gorm:"column:left_district"`
	RetentionRate *float64
	Rated         *int
	EffectivePct  *float64
	MeanComposite *float64
	MedianSGP     *float64 `gorm:"column:median_sgp"`
	MeanCost      *float64
}

// TableName names the table of district groups.
func (DistrictGroup) TableName() string { return "district_groups" }
