package analytics

import (
	"math"
	"testing"
)

func TestAllocation(t *testing.T) {
	weights := map[string]float64{"grade_0_2": 0.1, "grade_3_5": 0, "grade_6_8": 0.05,
		"grade_9_12": 0.2, FactorEconDisadvantaged: 0.3, FactorELL: 0.25, FactorSWD: 0.9}
	students := []FundedStudent{
		{Grade: 1},                                      // 1.1
		{Grade: 4, EconDisadvantaged: true},             // 1.3
		{Grade: 7, ELL: true, SWD: true},                // 1 + 0.05 + 0.25 + 0.9 = 2.2
		{Grade: 11, EconDisadvantaged: true, ELL: true}, // 1.75
	}
	got := Allocation(students, 4000, weights)
	want := 4000 * (1.1 + 1.3 + 2.2 + 1.75)
	if math.Abs(got-want) > 1e-6 {
		t.Fatalf("allocation %v, want %v", got, want)
	}
	if Allocation(nil, 4000, weights) != 0 {
		t.Fatal("a school without students is allocated money")
	}
}

func TestSplitSalaries(t *testing.T) {
	pays := []Pay{
		{Base: 50000, Step: 1, Lane: "BA", FTE: 1, Supplements: 1000},
		{Base: 60000, Step: 8, Lane: "BA", FTE: 1},
		{Base: 55000, Step: 1, Lane: "MA", FTE: 1},
		{Base: 66000, Step: 8, Lane: "MA", FTE: 0.5},
		{Base: 30000, Step: -1, FTE: 1},
	}
	// Entry pay is 50,000 (BA, step 1). Lanes add 5,000 (MA 1) and
	// 0.5 x 6,000 (MA 8); steps add 10,000 (BA 8) and 0.5 x 10,000 (MA 8:
	// 66,000 - 6,000 - 50,000).
	got := SplitSalaries(ScheduleOf(pays), pays)
	want := SalarySplit{Lane: 5000 + 3000, Step: 10000 + 5000, Supplements: 1000}
	total := 50000 + 60000 + 55000 + 0.5*66000 + 30000.0
	want.Base = total - want.Lane - want.Step
	if math.Abs(got.Base-want.Base) > 1e-6 || math.Abs(got.Step-want.Step) > 1e-6 ||
		math.Abs(got.Lane-want.Lane) > 1e-6 || got.Supplements != want.Supplements {
		t.Fatalf("split %+v, want %+v", got, want)
	}
}

func TestGradeBand(t *testing.T) {
	for grade, want := range map[int]string{0: "0-2", 2: "0-2", 3: "3-5", 5: "3-5", 6: "6-8",
		8: "6-8", 9: "9-12", 12: "9-12"} {
		if got := GradeBand(grade); got != want {
			t.Errorf("GradeBand(%d) = %q, want %q", grade, got, want)
		}
	}
}

func TestSchedule_StepIncrement(t *testing.T) {
	s := ScheduleOf([]Pay{{Base: 50000, Step: 1, Lane: "BA"}, {Base: 51200, Step: 2, Lane: "BA"},
		{Base: 60000, Step: 9, Lane: "BA"}})
	if got := s.StepIncrement("BA", 1); got != 1200 {
		t.Errorf("step 1 to 2 adds %v, want 1200", got)
	}
	if got := s.StepIncrement("BA", 9); got != 0 {
		t.Errorf("the top step adds %v", got)
	}
	if got := s.StepIncrement("MA", 1); got != 0 {
		t.Errorf("a lane off the schedule adds %v", got)
	}
}
