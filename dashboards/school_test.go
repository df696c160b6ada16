package dashboards

import (
	"strings"
	"testing"
)

func TestSchoolPanels_Golden(t *testing.T) {
	staff := hrStaffFixture()[:3]
	cases := []struct {
		name  string
		panel Panel
	}{
		{"school_staff", SchoolStaff(staff, "Median SGP (math)", 10)},
		{"school_growth_evaluation", SchoolGrowthEvaluation(staff, "Median SGP", 0, 3)},
		{"school_ratings", SchoolRatings(
			map[string]*float64{"ineffective": nil, "needs_development": hrPtr(33.33),
				"proficient": hrPtr(33.33), "exemplary": hrPtr(33.33)},
			map[string]*float64{"ineffective": hrPtr(0.0), "needs_development": hrPtr(10.66),
				"proficient": hrPtr(76.23), "exemplary": hrPtr(13.11)}, 5)},
		{"school_retention", SchoolRetention([]SchoolRetentionYear{
			{Year: 2022, School: hrPtr(97.22), District: hrPtr(90.16)},
			{Year: 2023, District: hrPtr(82.79)},
			{Year: 2024, School: hrPtr(88.89), District: hrPtr(83.61)},
		}, 5)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { compareGolden(t, c.name, c.panel) })
	}
}

func TestSchoolGrowthEvaluation(t *testing.T) {
	p := SchoolGrowthEvaluation(hrStaffFixture(), "Median SGP", 0, 3)

	// Only the teachers with both measures are plotted, each leading to
	// their record, and the table holds the same points.
	data := hrSeriesData(t, p, 0)
	if len(data) != 3 || len(p.Table.Rows) != 3 {
		t.Fatalf("%d points and %d rows, want 3", len(data), len(p.Table.Rows))
	}
	for i, d := range data {
		item := d.(map[string]any)
		if item["link"] != p.Table.Rows[i][0].Link || item["name"] != p.Table.Rows[i][0].Text {
			t.Errorf("point %d is %v, row %v", i, item, p.Table.Rows[i])
		}
	}
	if !strings.Contains(p.Note, "2 teachers without both measures") {
		t.Errorf("note %q", p.Note)
	}
}

func TestSchoolRatings_Withheld(t *testing.T) {
	p := SchoolRatings(map[string]*float64{"proficient": hrPtr(100.0)},
		map[string]*float64{"proficient": hrPtr(80.0)}, 5)
	if got := p.Table.Rows[0][1].Text; got != "fewer than 5 teachers" {
		t.Errorf("a withheld share reads %q", got)
	}
	if data := hrSeriesData(t, p, 0); data[0] != nil || data[2] != 100.0 {
		t.Errorf("chart data %v, want a gap then 100", data)
	}
}

func TestSchoolFacts(t *testing.T) {
	facts := SchoolFacts(StaffFigures{Of: "Bond Elementary", Teachers: 31,
		RetentionYear: 2024, Retention: hrPtr(88.89)}, SchoolGrowth{Students: 6}, 5, 10)
	got := map[string]string{}
	for _, f := range facts {
		got[f.Label] = f.Value
	}
	if got["Median SGP"] != "fewer than 10 students" || got["Retention"] != "88.9%" {
		t.Errorf("facts %v", got)
	}
}

func TestSchoolRender_EscapesNames(t *testing.T) {
	staff := hrStaffFixture()
	staff[1].MedianSGP = hrPtr(30.0)
	page := hrRender(t, SchoolStaff(staff, "Median SGP", 10),
		SchoolGrowthEvaluation(staff, "Median SGP", 0, 3))
	hrWantEscaped(t, page)
}
