package models

// School is a school of the district (schools.csv).
type School struct {
	SchoolID string `gorm:"primaryKey"`
	Name     string
	Level    string
	Region   string
}

// TableName names the table of schools.
func (School) TableName() string { return "schools" }

// School levels, as the bundle spells them.
const (
	LevelElementary = "elementary"
	LevelMiddle     = "middle"
	LevelHigh       = "high"
	LevelOther      = "other"
)
