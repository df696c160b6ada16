package models

// Evaluation is one component score of a staff member's evaluation for a
// school year, such as a TAPS standard or the summative rating
// (evaluations.csv).
type Evaluation struct {
	SchoolYear  int    `gorm:"primaryKey;autoIncrement:false"`
	StaffID     string `gorm:"primaryKey"`
	Component   string `gorm:"primaryKey"`
	Score       float64
	EvaluatorID string
	ObservedOn  *Date
}

// TableName names the table of evaluations.
func (Evaluation) TableName() string { return "evaluations" }
