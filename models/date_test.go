package models_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/models"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want models.Date
	}{
		{"Valid", "2023-08-01", models.Date{Year: 2023, Month: time.August, Day: 1}},
		{"LeapDay", "2024-02-29", models.Date{Year: 2024, Month: time.February, Day: 29}},
		{"YearEnd", "1999-12-31", models.Date{Year: 1999, Month: time.December, Day: 31}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := models.ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}

	errTests := []struct {
		name string
		in   string
	}{
		{"ErrSlashes", "2023/08/01"},
		{"ErrNoSuchDay", "2023-02-30"},
		{"ErrNotLeapYear", "2023-02-29"},
		{"ErrNoSuchMonth", "2023-13-01"},
		{"ErrSingleDigits", "2023-8-1"},
		{"ErrTimeOfDay", "2023-08-01T00:00:00Z"},
		{"ErrSpace", " 2023-08-01"},
		{"ErrDayFirst", "01-08-2023"},
		{"ErrEmpty", ""},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := models.ParseDate(tt.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %v, want an error", tt.in, got)
			}
			want := `"` + tt.in + `" is not a date (want YYYY-MM-DD)`
			if err.Error() != want {
				t.Errorf("error = %q, want %q", err, want)
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) = %+v alongside the error, want zero", tt.in, got)
			}
		})
	}
}

func TestDate_String(t *testing.T) {
	tests := []struct {
		name string
		d    models.Date
		want string
	}{
		{"PaddedMonthAndDay", models.Date{Year: 2023, Month: time.August, Day: 1}, "2023-08-01"},
		{"TwoDigits", models.Date{Year: 2024, Month: time.December, Day: 31}, "2024-12-31"},
		{"PaddedYear", models.Date{Year: 987, Month: time.March, Day: 9}, "0987-03-09"},
		{"Zero", models.Date{}, "0000-00-00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDate_AddDays(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"SameMonth", "2023-08-01", 9, "2023-08-10"},
		{"Zero", "2023-08-01", 0, "2023-08-01"},
		{"AcrossMonth", "2023-01-31", 1, "2023-02-01"},
		{"AcrossYear", "2023-12-31", 1, "2024-01-01"},
		{"IntoLeapDay", "2024-02-28", 1, "2024-02-29"},
		{"BackAcrossMonth", "2024-03-01", -1, "2024-02-29"},
		{"BackAcrossMonthNoLeap", "2023-03-01", -1, "2023-02-28"},
		{"BackAcrossYear", "2024-01-01", -1, "2023-12-31"},
		{"WholeLeapYear", "2024-01-01", 366, "2025-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := date(tt.from).AddDays(tt.n).String(); got != tt.want {
				t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestDate_Before(t *testing.T) {
	tests := []struct {
		name string
		d, e string
		want bool
	}{
		{"EarlierDay", "2023-08-01", "2023-08-02", true},
		{"EarlierMonth", "2023-07-31", "2023-08-01", true},
		{"EarlierYear", "2022-12-31", "2023-01-01", true},
		{"SameDay", "2023-08-01", "2023-08-01", false},
		{"LaterDay", "2023-08-02", "2023-08-01", false},
		{"LaterYear", "2024-01-01", "2023-12-31", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := date(tt.d).Before(date(tt.e)); got != tt.want {
				t.Errorf("%s.Before(%s) = %v, want %v", tt.d, tt.e, got, tt.want)
			}
		})
	}
}

func TestDate_Scan(t *testing.T) {
	eastOfUTC := time.FixedZone("UTC+10", 10*60*60)
	tests := []struct {
		name string
		src  any
		want models.Date
	}{
		{"Time", time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC), date("2023-08-01")},
		// The day is the one in the time's own zone, not in UTC.
		{"TimeInZone", time.Date(2023, 8, 1, 5, 0, 0, 0, eastOfUTC), date("2023-08-01")},
		{"String", "2023-08-01", date("2023-08-01")},
		{"StringWithTime", "2023-08-01 00:00:00+00:00", date("2023-08-01")},
		{"Bytes", []byte("2024-02-29"), date("2024-02-29")},
		{"Nil", nil, models.Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Start from another day so that Scan must overwrite it.
			d := date("1999-01-01")
			if err := d.Scan(tt.src); err != nil {
				t.Fatalf("Scan(%#v): %v", tt.src, err)
			}
			if d != tt.want {
				t.Errorf("Scan(%#v) = %v, want %v", tt.src, d, tt.want)
			}
		})
	}

	errTests := []struct {
		name string
		src  any
		want string
	}{
		{"ErrType", int64(20230801), "cannot read a date from int64"},
		{"ErrFloat", 1.5, "cannot read a date from float64"},
		{"ErrString", "yesterday", `"yesterday" is not a date`},
		{"ErrBytes", []byte("2023-02-30"), `"2023-02-30" is not a date`},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			d := date("1999-01-01")
			err := d.Scan(tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Scan(%#v) error = %v, want one containing %q", tt.src, err, tt.want)
			}
			if d != date("1999-01-01") {
				t.Errorf("failed Scan changed the date to %v", d)
			}
		})
	}
}

func TestDate_Value(t *testing.T) {
	v, err := date("2023-08-01").Value()
	if err != nil {
		t.Fatal(err)
	}
	if v != "2023-08-01" {
		t.Errorf("Value() = %#v, want %q", v, "2023-08-01")
	}
}

func TestDate_MarshalText(t *testing.T) {
	type row struct {
		Hired   models.Date
		Renewed *models.Date
	}
	in := row{Hired: date("2015-08-03"), Renewed: ptr(date("2020-06-30"))}

	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"Hired":"2015-08-03","Renewed":"2020-06-30"}`
	if string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}

	var out row
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Hired != in.Hired || out.Renewed == nil || *out.Renewed != *in.Renewed {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}

	t.Run("ErrNotADate", func(t *testing.T) {
		err := json.Unmarshal([]byte(`{"Hired":"2015-8-3"}`), &out)
		if err == nil || !strings.Contains(err.Error(), "is not a date (want YYYY-MM-DD)") {
			t.Errorf("Unmarshal error = %v, want a date error", err)
		}
	})
}
