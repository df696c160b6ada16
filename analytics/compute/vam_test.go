package compute

import (
	"testing"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
)

func TestSetVAM(t *testing.T) {
	v := analytics.TeacherVAM{Teacher: "T1", Estimate: 0.12, SE: 0.05, Reliability: 0.6,
		Level: 5, N: 9.5}

	t.Run("SuppressedBelowMinStudents", func(t *testing.T) {
		v := v
		v.Students = defaultMinStudents - 1
		var row models.TeacherGrowth
		setVAM(&row, v, defaultMinStudents)
		if row.VAMEstimate != nil || row.VAMSE != nil || row.VAMReliability != nil ||
			row.VAMLevel != nil {
			t.Fatalf("value-added of %d students stored: %+v", v.Students, row)
		}
		if row.VAMN == nil || *row.VAMN != 9.5 {
			t.Fatalf("students of a suppressed value-added = %v, want 9.5", row.VAMN)
		}
	})

	t.Run("ReportedFromMinStudents", func(t *testing.T) {
		v := v
		v.Students = defaultMinStudents
		var row models.TeacherGrowth
		setVAM(&row, v, defaultMinStudents)
		if row.VAMEstimate == nil || *row.VAMEstimate != 0.12 || row.VAMSE == nil ||
			*row.VAMSE != 0.05 || row.VAMLevel == nil || *row.VAMLevel != 5 {
			t.Fatalf("value-added of %d students = %+v", v.Students, row)
		}
	})
}
