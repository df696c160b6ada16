package models

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Money is an amount in the district's currency, held in cents so that
// sums of salaries are exact. It is stored as a SQL NUMERIC.
type Money int64

// MaxMoneyDigits is the most digits before the point of an amount: the
// money columns are NUMERIC(14, 2), enough for any budget line.
const MaxMoneyDigits = 12

// ParseMoney reads a decimal amount such as "52000", "52000.5" or
// "-120.25": no currency symbol, no thousands separator, at most two
// decimal places.
func ParseMoney(s string) (Money, error) {
	bad := fmt.Errorf("%q is not an amount of money "+
		"(want digits with at most 2 decimals, like 52000.50)", s)
	neg := strings.HasPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if whole == "" || len(frac) > 2 || (hasFrac && frac == "") {
		return 0, bad
	}
	if !digits(whole) || !digits(frac) {
		return 0, bad
	}
	if len(strings.TrimLeft(whole, "0")) > MaxMoneyDigits {
		return 0, fmt.Errorf("%q is not an amount of money TED can store "+
			"(at most %d digits before the point)", s, MaxMoneyDigits)
	}

	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	m := Money(w*100 + f)
	if neg {
		m = -m
	}
	return m, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// MoneyFromFloat rounds an amount to the nearest cent.
func MoneyFromFloat(f float64) Money {
	return Money(math.Round(f * 100))
}

// Float64 returns the amount in currency units, for computation.
func (m Money) Float64() float64 {
	return float64(m) / 100
}

// String returns the amount with two decimals, like "52000.50".
func (m Money) String() string {
	sign := ""
	c := int64(m)
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// MarshalJSON writes the amount as a JSON number with two decimals.
func (m Money) MarshalJSON() ([]byte, error) {
	return []byte(m.String()), nil
}

// GormDataType tells GORM the column holds a SQL numeric.
func (Money) GormDataType() string {
	return "numeric"
}

// Value writes the amount for the database driver as exact decimal text.
func (m Money) Value() (driver.Value, error) {
	return m.String(), nil
}

// Scan reads an amount from the database. PostgreSQL returns numeric as
// text; SQLite returns an integer or a float.
func (m *Money) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*m = Money(v * 100)
		return nil
	case float64:
		*m = MoneyFromFloat(v)
		return nil
	case string:
		return m.scanText(v)
	case []byte:
		return m.scanText(string(v))
	}
	return fmt.Errorf("cannot read an amount of money from %T", src)
}

func (m *Money) scanText(s string) error {
	// PostgreSQL writes numeric(12,2) with exactly two decimals; SQLite
	// may hand back a float's text.
	if v, err := ParseMoney(s); err == nil {
		*m = v
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("cannot read an amount of money from %q", s)
	}
	*m = MoneyFromFloat(f)
	return nil
}
