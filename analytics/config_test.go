package analytics

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultConfig_Validate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default configuration: %v", err)
	}
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"ErrScale", func(c *Config) { c.Evaluation.Max = c.Evaluation.Min },
			"evaluation.max: must be above evaluation.min"},
		{"ErrMethod", func(c *Config) { c.Composite.Method = "impact" },
			"composite.method"},
		{"ErrNegativeWeight", func(c *Config) { c.Composite.Weights.Growth = -0.1 },
			"composite.weights"},
		{"ErrOnlyProfessionalGrowth", func(c *Config) {
			c.Composite.Weights = Weights{ProfessionalGrowth: 1}
		}, "composite.weights"},
		{"ErrBandsOutOfOrder", func(c *Config) { c.Composite.Bands.Proficient = 3.6 },
			"composite.bands"},
		{"ErrGrowthCuts", func(c *Config) { c.Composite.TEM.GrowthCuts[2] = 100 },
			"composite.tem.growth_cuts"},
		{"ErrMatrixCell", func(c *Config) { c.Composite.TEM.Matrix[1][2] = "good" },
			"composite.tem.matrix"},
		{"ErrNoviceYears", func(c *Config) { c.Workforce.NoviceYears = 0 },
			"workforce.novice_years"},
		{"ErrYearStart", func(c *Config) { c.Workforce.YearStart = "13-01" },
			"workforce.year_start"},
		{"ErrMinTeachers", func(c *Config) { c.Privacy.MinTeachers = 0 },
			"privacy.min_teachers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			err := c.Validate()
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error starting %q", err, tt.want)
			}
		})
	}
}

func TestConfig_YearStartDate(t *testing.T) {
	c := DefaultConfig()
	if got, want := c.YearStartDate(2024), time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("start of 2024 = %v, want %v", got, want)
	}
	c.Workforce.YearStart = "08-15"
	if got, want := c.YearStartDate(2025), time.Date(2024, 8, 15, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("start of 2025 = %v, want %v", got, want)
	}
}
