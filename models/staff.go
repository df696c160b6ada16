package models

// Staff is one person employed by the district (staff.csv), with what HR
// knows of their hiring and prior experience.
type Staff struct {
	StaffID              string `gorm:"primaryKey"`
	FirstName            string
	LastName             string
	Email                string
	HireDate             Date
	PriorExperienceYears float64
	HighestDegree        string
	HiringSource         string
}

// TableName names the table of staff.
func (Staff) TableName() string { return "staff" }

// StaffAssignment places a staff member at a school for a school year in a
// position (staff_assignments.csv).
type StaffAssignment struct {
	SchoolYear  int    `gorm:"primaryKey;autoIncrement:false"`
	StaffID     string `gorm:"primaryKey"`
	SchoolID    string `gorm:"primaryKey"`
	Position    string
	SubjectArea string
	FTE         float64 `gorm:"column:fte"`
}

// TableName names the table of staff assignments.
func (StaffAssignment) TableName() string { return "staff_assignments" }

// Separation is a staff member's exit from the district
// (separations.csv).
type Separation struct {
	StaffID        string `gorm:"primaryKey"`
	SeparationDate Date   `gorm:"primaryKey"`
	Reason         string
}

// TableName names the table of separations.
func (Separation) TableName() string { return "separations" }

// Certification is a teaching certificate a staff member holds or held
// (certifications.csv).
type Certification struct {
	StaffID       string `gorm:"primaryKey"`
	CertificateID string `gorm:"primaryKey"`
	Field         string
	Level         string
	Status        string
	IssuedOn      *Date
	ExpiresOn     Date
}

// TableName names the table of certifications.
func (Certification) TableName() string { return "certifications" }
