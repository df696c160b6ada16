package models

// Compensation is what a staff member is paid in a school year and from
// which fund (compensation.csv).
type Compensation struct {
	SchoolYear  int    `gorm:"primaryKey;autoIncrement:false"`
	StaffID     string `gorm:"primaryKey"`
	BaseSalary  Money
	Supplements Money
	Benefits    Money
	Step        *int
	Lane        string
	Fund        string
}

// TableName names the table of compensation.
func (Compensation) TableName() string { return "compensation" }

// Budget is one line of a school's budget, or of the central office's when
// SchoolID is nil (budgets.csv). Its natural key is the year, school, fund
// and category.
type Budget struct {
	SchoolYear int
	SchoolID   *string
	Fund       string
	Category   string
	Budgeted   Money
	Actual     *Money
}

// TableName names the table of budget lines.
func (Budget) TableName() string { return "budgets" }

// SBBWeight is one weight of the district's student-based budgeting
// formula; the base row also carries the base amount per pupil
// (sbb_weights.csv).
type SBBWeight struct {
	SchoolYear   int    `gorm:"primaryKey;autoIncrement:false"`
	Factor       string `gorm:"primaryKey"`
	Weight       float64
	BasePerPupil *Money
}

// TableName names the table of funding weights.
func (SBBWeight) TableName() string { return "sbb_weights" }
