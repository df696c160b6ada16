package models

// StudentGrowth is a student's growth percentile in a subject and school
// year, with the scores it rests on and the number of prior years of the
// model that gave it.
type StudentGrowth struct {
	SchoolYear int    `gorm:"primaryKey;autoIncrement:false"`
	StudentID  string `gorm:"primaryKey"`
	Subject    string `gorm:"primaryKey"`
	GradeLevel int
	PriorScore float64
	ScaleScore float64
	SGP        int `gorm:"column:sgp"`
	SGPOrder   int `gorm:"column:sgp_order"`
}

// TableName names the table of student growth.
func (StudentGrowth) TableName() string { return "student_growth" }

// SubjectAll is the subject of a teacher's growth over every tested
// subject.
const SubjectAll = "all"

// TeacherGrowth is a teacher's growth in a subject and school year: the
// summary of their students' growth percentiles and their value-added.
// A nil value is suppressed (too few students) or could not be computed.
type TeacherGrowth struct {
	SchoolYear     int    `gorm:"primaryKey;autoIncrement:false"`
	StaffID        string `gorm:"primaryKey"`
	Subject        string `gorm:"primaryKey"`
	GrowthN        int
	MedianSGP      *float64 `gorm:"column:median_sgp"`
	MeanSGP        *float64 `gorm:"column:mean_sgp"`
	MedianSGPSE    *float64 `gorm:"column:median_sgp_se"`
	MeanSGPSE      *float64 `gorm:"column:mean_sgp_se"`
	GrowthLevel    string
	VAMN           *float64 `gorm:"column:vam_n"`
	VAMEstimate    *float64 `gorm:"column:vam_estimate"`
	VAMSE          *float64 `gorm:"column:vam_se"`
	VAMReliability *float64 `gorm:"column:vam_reliability"`
	VAMLevel       *int     `gorm:"column:vam_level"`
}

// TableName names the table of teacher growth.
func (TeacherGrowth) TableName() string { return "teacher_growth" }

// SchoolGrowth is the summary of a school's students' growth percentiles
// in a subject and school year.
type SchoolGrowth struct {
	SchoolYear  int    `gorm:"primaryKey;autoIncrement:false"`
	SchoolID    string `gorm:"primaryKey"`
	Subject     string `gorm:"primaryKey"`
	GrowthN     int
	MedianSGP   *float64 `gorm:"column:median_sgp"`
	MeanSGP     *float64 `gorm:"column:mean_sgp"`
	MedianSGPSE *float64 `gorm:"column:median_sgp_se"`
	MeanSGPSE   *float64 `gorm:"column:mean_sgp_se"`
	GrowthLevel string
}

// TableName names the table of school growth.
func (SchoolGrowth) TableName() string { return "school_growth" }
