package models

// Student is a student enrolled at a school in a school year, with the
// flags that growth models and equity measures use (students.csv). A nil
// flag means the district did not report it.
type Student struct {
	SchoolYear        int    `gorm:"primaryKey;autoIncrement:false"`
	StudentID         string `gorm:"primaryKey"`
	SchoolID          string
	GradeLevel        int
	EconDisadvantaged *bool
	ELL               *bool `gorm:"column:ell"`
	SWD               *bool `gorm:"column:swd"`
}

// TableName names the table of students.
func (Student) TableName() string { return "students" }

// Section is a class section in a school year and its teacher of record
// (sections.csv).
type Section struct {
	SchoolYear int    `gorm:"primaryKey;autoIncrement:false"`
	SectionID  string `gorm:"primaryKey"`
	SchoolID   string
	StaffID    string
	Subject    string
	GradeLevel *int
}

// TableName names the table of sections.
func (Section) TableName() string { return "sections" }

// Enrollment links a student to a section; Dosage is the teacher's share of
// the instruction the student received (enrollments.csv).
type Enrollment struct {
	SchoolYear int    `gorm:"primaryKey;autoIncrement:false"`
	SectionID  string `gorm:"primaryKey"`
	StudentID  string `gorm:"primaryKey"`
	Dosage     float64
}

// TableName names the table of enrollments.
func (Enrollment) TableName() string { return "enrollments" }

// Assessment is one student's scale score on a test in a subject
// (assessments.csv). Assessment names the test and is empty when the
// district has one test per subject.
type Assessment struct {
	SchoolYear int    `gorm:"primaryKey;autoIncrement:false"`
	StudentID  string `gorm:"primaryKey"`
	Subject    string `gorm:"primaryKey"`
	Assessment string `gorm:"primaryKey"`
	GradeLevel int
	ScaleScore float64
}

// TableName names the table of assessments.
func (Assessment) TableName() string { return "assessments" }
