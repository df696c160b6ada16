package dashboards

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func hrPtr[T any](v T) *T { return &v }

// hrHostile is a teacher's name that a page must show, never run.
const hrHostile = "<script>alert(1)</script>"

// hrStaffFixture is five teachers of two schools: one with every
// measure, one whose growth is withheld for too few students, one not
// rated with no tested students, and one whose field is unknown.
func hrStaffFixture() []StaffMember {
	return []StaffMember{
		{StaffID: "E0001", Name: "Okafor, Ada", SchoolID: "S01", SchoolName: "Bond Elementary",
			Subjects: []string{"elementary"}, Rating: "exemplary", Composite: hrPtr(3.61),
			MedianSGP: hrPtr(68.0), Evaluation: hrPtr(2.8), GrowthN: 41, Experience: 12.25,
			InField: hrPtr(true), Certification: "valid"},
		{StaffID: "E0002", Name: hrHostile, SchoolID: "S01", SchoolName: "Bond Elementary",
			Subjects: []string{"math", "science"}, Rating: "needs_development",
			Composite: hrPtr(2.1), Evaluation: hrPtr(1.2), GrowthN: 4, Experience: 1.5,
			Novice: true, InField: hrPtr(false), Certification: "provisional"},
		{StaffID: "E0003", Name: "Ruiz, Ben", SchoolID: "S01", SchoolName: "Bond Elementary",
			Subjects: []string{"ela"}, Rating: "proficient", Composite: hrPtr(2.9),
			MedianSGP: hrPtr(44.5), Evaluation: hrPtr(2.1), GrowthN: 27, Experience: 6,
			InField: hrPtr(true), Certification: "expiring"},
		{StaffID: "E0004", Name: "Moss, Cy", SchoolID: "S02", SchoolName: "Maple Middle",
			Subjects: []string{"social_studies"}, Experience: 0.5, Novice: true,
			Certification: "none"},
		{StaffID: "E0005", Name: "Diaz, Eva", SchoolID: "S02", SchoolName: "Maple Middle",
			Subjects: []string{"cte"}, Rating: "ineffective", Composite: hrPtr(1.5),
			MedianSGP: hrPtr(22.0), Evaluation: hrPtr(0.9), GrowthN: 12, Experience: 4,
			Certification: "valid"},
	}
}

// hrRetentionFixture is three years of retention: one whole, one with
// withheld groups and no ineffective teachers, one withheld entirely.
func hrRetentionFixture() []HRRetention {
	return []HRRetention{
		{Year: 2022, All: hrPtr(90.2), High: hrPtr(91.2), Low: hrPtr(89.3), Gap: hrPtr(1.9),
			ByRating: map[string]*float64{"ineffective": hrPtr(50.0),
				"needs_development": hrPtr(75.0), "proficient": hrPtr(88.1),
				"exemplary": hrPtr(93.0)}},
		{Year: 2023, All: hrPtr(82.8), High: hrPtr(77.8), Low: hrPtr(76.0), Gap: hrPtr(1.8),
			ByRating: map[string]*float64{"needs_development": nil,
				"proficient": hrPtr(83.0), "exemplary": hrPtr(87.5)}},
		{Year: 2024, ByRating: map[string]*float64{}},
	}
}

func TestHRPanels_Golden(t *testing.T) {
	staff := hrStaffFixture()
	cases := []struct {
		name  string
		panel Panel
	}{
		{"hr_headcount", HRHeadcount(staff)},
		{"hr_retention_by_rating", HRRetentionByRating(hrRetentionFixture(), 5)},
		{"hr_smart_retention", HRSmartRetention(hrRetentionFixture(), 5)},
		{"hr_expiring", HRExpiring([]ExpiringCertificate{
			{StaffID: "E0003", Name: "Ruiz, Ben", SchoolID: "S01", SchoolName: "Bond Elementary",
				Field: "ela", ExpiresOn: "2024-08-14", DaysLeft: 44},
			{StaffID: "E0002", Name: hrHostile, SchoolID: "S01", SchoolName: "Bond Elementary",
				Field: "special_education", ExpiresOn: "2024-12-01", DaysLeft: 153},
		}, 180)},
		{"hr_novice_out_of_field", HRNoviceOutOfField(staff)},
		{"hr_pipeline", HRPipeline([]HRHiringSource{
			{Source: "alternative", Teachers: 12, EffectivePct: hrPtr(83.33),
				MedianSGP: hrPtr(43.5)},
			{Source: "residency", Teachers: 4},
			{Source: "teach_for_america", Teachers: 5, EffectivePct: hrPtr(80.0)},
		}, 5)},
		{"hr_staff", HRStaff(staff, 10, 100)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { compareGolden(t, c.name, c.panel) })
	}
}

// hrSeriesData returns the data of a chart's series, as the page's JSON
// carries it.
func hrSeriesData(t *testing.T, p Panel, series int) []any {
	t.Helper()
	b, err := json.Marshal(p.Chart)
	if err != nil {
		t.Fatal(err)
	}
	var option struct {
		Series []struct {
			Data []any `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(b, &option); err != nil {
		t.Fatal(err)
	}
	return option.Series[series].Data
}

func TestHRPipeline_Withheld(t *testing.T) {
	p := HRPipeline([]HRHiringSource{{Source: "residency", Teachers: 4}}, 5)
	if got := p.Table.Rows[0][2].Text; got != "fewer than 5 teachers" {
		t.Errorf("table shows %q for a withheld share", got)
	}
	if data := hrSeriesData(t, p, 0); len(data) != 1 || data[0] != nil {
		t.Errorf("chart data %v, want a gap (null)", data)
	}
}

func TestHRStaff(t *testing.T) {
	t.Run("WithheldGrowth", func(t *testing.T) {
		p := HRStaff(hrStaffFixture(), 10, 100)
		cells := map[string]string{}
		for _, r := range p.Table.Rows {
			cells[r[0].Link] = r[5].Text
		}
		want := map[string]string{"/teachers/E0001": "68.0",
			"/teachers/E0002": "fewer than 10 students",
			"/teachers/E0004": "no tested students"}
		for link, text := range want {
			if cells[link] != text {
				t.Errorf("growth of %s reads %q, want %q", link, cells[link], text)
			}
		}
	})
	t.Run("Limit", func(t *testing.T) {
		p := HRStaff(hrStaffFixture(), 10, 2)
		if len(p.Table.Rows) != 2 || !strings.Contains(p.Note, "first 2 of 5") {
			t.Errorf("%d rows, note %q", len(p.Table.Rows), p.Note)
		}
	})
}

func TestHRFilters(t *testing.T) {
	fs := HRFilters(HRChoices{Schools: [][2]string{{"S01", "Bond Elementary"}},
		Subjects: []string{"ela", "math"}, Certifications: []string{"valid", "expiring"},
		School: "S01", Rating: "unrated", Subject: "arts"})
	selected := map[string]string{}
	for _, f := range fs {
		for _, o := range f.Options {
			if o.Selected {
				selected[f.Name] += o.Value + ";"
			}
		}
	}
	want := map[string]string{"school": "S01;", "subject": "arts;", "rating": "unrated;",
		"novice": ";", "out_of_field": ";", "certification": ";"}
	for name, v := range want {
		if selected[name] != v {
			t.Errorf("filter %s selects %q, want %q", name, selected[name], v)
		}
	}
}

func TestHRFacts(t *testing.T) {
	facts := HRFacts(StaffFigures{Of: "District", Teachers: 122, EffectivePct: hrPtr(89.34),
		NoviceYears: 3}, 5)
	got := map[string]string{}
	for _, f := range facts {
		got[f.Label] = f.Value
	}
	want := map[string]string{"Teachers": "122", "Effective": "89.3%",
		"Novice": "fewer than 5 teachers", "Retention": "not yet known"}
	for label, v := range want {
		if got[label] != v {
			t.Errorf("%s reads %q, want %q", label, got[label], v)
		}
	}
}

// hrRender renders a page of panels and returns its markup.
func hrRender(t *testing.T, panels ...Panel) string {
	t.Helper()
	var buf bytes.Buffer
	p := Page{Title: "Test", Heading: "Test", Panels: panels}
	if err := Render(&buf, p, "/test?year=2025"); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// hrWantEscaped fails the test when a page holds the hostile name raw
// rather than escaped.
func hrWantEscaped(t *testing.T, page string) {
	t.Helper()
	if strings.Contains(page, hrHostile) || strings.Contains(page, "<script>alert") {
		t.Error("the page holds a teacher's name as markup")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the page does not show the teacher's name")
	}
}

func TestHRRender_EscapesNames(t *testing.T) {
	staff := hrStaffFixture()
	page := hrRender(t, HRHeadcount(staff), HRStaff(staff, 10, 100),
		HRExpiring([]ExpiringCertificate{{StaffID: "E0002", Name: hrHostile,
			SchoolID: "S01", SchoolName: hrHostile, Field: "ela", ExpiresOn: "2024-12-01",
			DaysLeft: 153}}, 180))
	hrWantEscaped(t, page)
}
