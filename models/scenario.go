package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Scenario is a budget scenario saved by a user: its name, the school
// year it is costed on, and the request that defines it, as JSON.
type Scenario struct {
	ScenarioID string `gorm:"primaryKey"`
	UserID     string
	Name       string
	SchoolYear int
	Request    string
	CreatedAt  time.Time
}

// TableName names the table of saved scenarios.
func (Scenario) TableName() string { return "scenarios" }

// SaveScenario stores a scenario and returns it with its id.
func (db *DB) SaveScenario(ctx context.Context, s Scenario) (Scenario, error) {
	s.ScenarioID, s.CreatedAt = newID(), time.Now().UTC()
	return s, Create(ctx, db, &s, "scenario "+s.Name)
}

// Scenarios lists the saved scenarios, newest first, and how many there
// are; those saved by one user when userID is not empty.
func (db *DB) Scenarios(ctx context.Context, p Page, userID string) ([]Scenario, int, error) {
	q := func() *gorm.DB {
		q := db.Gorm(ctx).Model(&Scenario{})
		if userID != "" {
			q = q.Where("user_id = ?", userID)
		}
		return q
	}
	var total int64
	if err := q().Count(&total).Error; err != nil {
		return nil, 0, Error(err, "scenarios")
	}
	var list []Scenario
	err := q().Order("created_at DESC, scenario_id").Limit(p.Limit).Offset(p.Offset).
		Find(&list).Error
	return list, int(total), Error(err, "scenarios")
}

// ScenarioByID finds a saved scenario.
func (db *DB) ScenarioByID(ctx context.Context, id string) (Scenario, error) {
	var s Scenario
	err := db.Gorm(ctx).Where("scenario_id = ?", id).First(&s).Error
	return s, Error(err, "scenario "+id)
}

// DeleteScenario removes a saved scenario.
func (db *DB) DeleteScenario(ctx context.Context, id string) error {
	res := db.Gorm(ctx).Where("scenario_id = ?", id).Delete(&Scenario{})
	if res.Error == nil && res.RowsAffected == 0 {
		return Error(gorm.ErrRecordNotFound, "scenario "+id)
	}
	return Error(res.Error, "scenario "+id)
}
