package analytics

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestExperience(t *testing.T) {
	start := day("2024-07-01")
	for _, c := range []struct {
		name  string
		hired string
		prior float64
		want  float64
	}{
		// 2021-07-01 to 2024-07-01 is 1,096 days: 3.0007 years.
		{"ThreeYears", "2021-07-01", 0, 3},
		{"WithPriorYears", "2021-07-01", 2.5, 5.5},
		// 2024-01-01 to 2024-07-01 is 182 days: 0.498 years.
		{"HalfYear", "2024-01-01", 0, 0.5},
		// Hired in the middle of the school year: only the prior years.
		{"HiredMidYear", "2024-11-15", 1, 1},
		{"HiredOnFirstDay", "2024-07-01", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Experience(day(c.hired), c.prior, start); got != c.want {
				t.Fatalf("experience = %v, want %v", got, c.want)
			}
		})
	}
}

func TestWorkforceConfig_Novice(t *testing.T) {
	w := DefaultConfig().Workforce
	if !w.Novice(2.99) || w.Novice(3) || !w.Novice(0) {
		t.Fatal("novice is not experience below 3 years")
	}
	w.NoviceYears = 2
	if w.Novice(2) || !w.Novice(1.5) {
		t.Fatal("novice does not follow the configured threshold")
	}
}

func TestCertificationStatus(t *testing.T) {
	first := day("2024-07-01")
	cert := func(status, issued, expires string) Certificate {
		c := Certificate{Field: "math", Status: status, ExpiresOn: day(expires)}
		if issued != "" {
			c.IssuedOn = day(issued)
		}
		return c
	}
	for _, c := range []struct {
		name  string
		certs []Certificate
		want  string
	}{
		{"None", nil, StatusNone},
		{"Valid", []Certificate{cert("valid", "2020-01-01", "2027-06-30")}, StatusValid},
		{"ExpiringOnFirstDay", []Certificate{cert("valid", "2019-07-01", "2024-07-01")},
			StatusExpiring},
		// 180 days after 1 July 2024 is 28 December 2024.
		{"ExpiringOnLastDayOfWindow",
			[]Certificate{cert("valid", "", "2024-12-28")}, StatusExpiring},
		{"ValidDayAfterWindow", []Certificate{cert("valid", "", "2024-12-29")}, StatusValid},
		{"LapsedDayBefore", []Certificate{cert("valid", "2019-06-30", "2024-06-30")},
			StatusExpired},
		{"MarkedExpired", []Certificate{cert("expired", "", "2030-06-30")}, StatusExpired},
		{"Provisional", []Certificate{cert("provisional", "", "2025-06-30")}, StatusProvisional},
		{"RevokedOnly", []Certificate{cert("revoked", "", "2030-06-30")}, StatusNone},
		{"NotYetIssued", []Certificate{cert("valid", "2024-09-01", "2029-06-30")}, StatusNone},
		{"BestOfSeveral", []Certificate{cert("expired", "", "2023-06-30"),
			cert("provisional", "", "2025-06-30"), cert("valid", "", "2028-06-30")},
			StatusValid},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := CertificationStatus(c.certs, first, 180); got != c.want {
				t.Fatalf("status = %q, want %q", got, c.want)
			}
		})
	}
}

func TestInField(t *testing.T) {
	first := day("2024-07-01")
	elementary := Certificate{Field: "elementary", Status: "valid",
		ExpiresOn: day("2028-06-30")}
	math := Certificate{Field: "math", Status: "provisional", ExpiresOn: day("2025-06-30")}
	lapsedELA := Certificate{Field: "ela", Status: "valid", ExpiresOn: day("2024-06-30")}
	for _, c := range []struct {
		name          string
		certs         []Certificate
		classes       []Class
		inField, know bool
	}{
		{"ElementaryCoversGrade5", []Certificate{elementary},
			[]Class{{"math", 5}, {"ela", 5}}, true, true},
		{"ElementaryCoversKindergarten", []Certificate{elementary},
			[]Class{{"science", 0}}, true, true},
		{"ElementaryNotGrade6", []Certificate{elementary}, []Class{{"math", 6}}, false, true},
		{"ElementaryNotArts", []Certificate{elementary}, []Class{{"arts", 3}}, false, true},
		{"ElementaryGradeUnknown", []Certificate{elementary}, []Class{{"math", -1}}, false,
			true},
		{"ProvisionalInSubject", []Certificate{math}, []Class{{"math", 8}}, true, true},
		{"OneClassOutOfField", []Certificate{math},
			[]Class{{"math", 8}, {"science", 8}}, false, true},
		{"LapsedCertificate", []Certificate{lapsedELA}, []Class{{"ela", 9}}, false, true},
		{"NoCertificate", nil, []Class{{"ela", 9}}, false, true},
		{"NothingTaught", []Certificate{math}, nil, false, false},
		{"OnlyOther", nil, []Class{{"other", 7}}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, known := InField(c.certs, c.classes, first)
			if in != c.inField || known != c.know {
				t.Fatalf("in field = %v, known = %v; want %v, %v", in, known, c.inField,
					c.know)
			}
		})
	}
}

func TestRetention(t *testing.T) {
	for _, c := range []struct {
		name      string
		next      []string
		separated bool
		want      string
	}{
		{"Stayed", []string{"A"}, false, Stayed},
		{"StayedAmongTwo", []string{"B", "A"}, false, Stayed},
		{"Moved", []string{"B"}, false, Moved},
		{"NoAssignment", nil, false, Left},
		{"Separated", []string{"A"}, true, Left},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Retention("A", c.next, c.separated); got != c.want {
				t.Fatalf("retention = %q, want %q", got, c.want)
			}
		})
	}
}
