package models_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want models.Money
	}{
		{"Whole", "52000", 5200000},
		{"OneDecimal", "52000.5", 5200050},
		{"TwoDecimals", "52000.50", 5200050},
		{"Negative", "-120.25", -12025},
		{"Cents", "0.07", 7},
		{"NegativeCents", "-0.07", -7},
		{"Zero", "0", 0},
		{"LeadingZeros", "007.10", 710},
		{"TwelveDigits", "999999999999.99", 99999999999999},
		{"TwelveDigitsAfterZeros", "000999999999999", 99999999999900},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := models.ParseMoney(tt.in)
			if err != nil {
				t.Fatalf("ParseMoney(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseMoney(%q) = %d cents, want %d", tt.in, got, tt.want)
			}
		})
	}

	errTests := []struct {
		name string
		in   string
	}{
		{"ErrCurrencySymbol", "$5"},
		{"ErrThousandsSeparator", "1,000"},
		{"ErrThreeDecimals", "1.234"},
		{"ErrTrailingPoint", "1."},
		{"ErrNoWholePart", ".5"},
		{"ErrLetters", "abc"},
		{"ErrEmpty", ""},
		{"ErrSignOnly", "-"},
		{"ErrPlusSign", "+5"},
		{"ErrDoubleMinus", "--5"},
		{"ErrNegativeFraction", "1.-5"},
		{"ErrSpace", " 5"},
		{"ErrExponent", "1e3"},
		{"ErrThirteenDigits", "1000000000000"},
		{"ErrBeyondInt64", "99999999999999999999999"},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := models.ParseMoney(tt.in)
			if err == nil {
				t.Fatalf("ParseMoney(%q) = %d cents, want an error", tt.in, got)
			}
			want := `"` + tt.in + `" is not an amount of money`
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error = %q, want it to start with %q", err, want)
			}
		})
	}
}

func TestMoney_String(t *testing.T) {
	tests := []struct {
		name string
		m    models.Money
		want string
	}{
		{"Salary", 5234567, "52345.67"},
		{"TrailingZero", 5200050, "52000.50"},
		{"Whole", 5200000, "52000.00"},
		{"CentsUnderTen", 7, "0.07"},
		{"CentsTen", 10, "0.10"},
		{"Zero", 0, "0.00"},
		{"Negative", -12025, "-120.25"},
		{"NegativeCentsUnderTen", -7, "-0.07"},
		{"NegativeWhole", -100, "-1.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.String(); got != tt.want {
				t.Errorf("Money(%d).String() = %q, want %q", int64(tt.m), got, tt.want)
			}
			// What String writes, ParseMoney reads back unchanged.
			back, err := models.ParseMoney(tt.m.String())
			if err != nil || back != tt.m {
				t.Errorf("ParseMoney(%q) = %d, %v, want %d", tt.m, back, err, tt.m)
			}
		})
	}
}

func TestMoney_Scan(t *testing.T) {
	tests := []struct {
		name string
		src  any
		want models.Money
	}{
		{"Int64", int64(52000), 5200000},
		{"Int64Negative", int64(-3), -300},
		{"Float64", 52345.67, 5234567},
		// 4523.15 * 100 is just under 452315 in binary floating point.
		{"Float64Rounded", 4523.15, 452315},
		{"Float64Cents", 0.07, 7},
		{"Float64Negative", -120.25, -12025},
		{"String", "52345.67", 5234567},
		{"StringFloatText", "4523.1499999999996", 452315},
		{"StringNegative", "-0.07", -7},
		{"Bytes", []byte("98000.00"), 9800000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Start from another amount so that Scan must overwrite it.
			m := models.Money(99)
			if err := m.Scan(tt.src); err != nil {
				t.Fatalf("Scan(%#v): %v", tt.src, err)
			}
			if m != tt.want {
				t.Errorf("Scan(%#v) = %d cents, want %d", tt.src, m, tt.want)
			}
		})
	}

	errTests := []struct {
		name string
		src  any
		want string
	}{
		{"ErrNil", nil, "cannot read an amount of money from <nil>"},
		{"ErrType", true, "cannot read an amount of money from bool"},
		{"ErrString", "twelve", `cannot read an amount of money from "twelve"`},
		{"ErrBytes", []byte("1,000"), `cannot read an amount of money from "1,000"`},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			m := models.Money(99)
			err := m.Scan(tt.src)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Scan(%#v) error = %v, want %q", tt.src, err, tt.want)
			}
			if m != 99 {
				t.Errorf("failed Scan changed the amount to %d", m)
			}
		})
	}
}

func TestMoney_Value(t *testing.T) {
	v, err := models.Money(-12025).Value()
	if err != nil {
		t.Fatal(err)
	}
	if v != "-120.25" {
		t.Errorf("Value() = %#v, want %q", v, "-120.25")
	}
}

func TestMoney_MarshalJSON(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"Amount", models.Money(5200050), `52000.50`},
		{"Negative", models.Money(-7), `-0.07`},
		{"Zero", models.Money(0), `0.00`},
		{"InStruct", struct {
			Base   models.Money
			Actual *models.Money
			Budget *models.Money
		}{5234567, nil, ptr(models.Money(-12025))},
			`{"Base":52345.67,"Actual":null,"Budget":-120.25}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("json.Marshal = %s, want %s", b, tt.want)
			}
		})
	}
}

func TestMoneyFromFloat(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want models.Money
	}{
		{"Exact", 52000.5, 5200050},
		{"SumOfTenths", 0.1 + 0.2, 30},
		{"HalfCentRoundsAway", 0.125, 13},
		{"Negative", -120.25, -12025},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := models.MoneyFromFloat(tt.in); got != tt.want {
				t.Errorf("MoneyFromFloat(%v) = %d cents, want %d", tt.in, got, tt.want)
			}
		})
	}
}
