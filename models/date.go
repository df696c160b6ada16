package models

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar day with no time of day or zone, as the bundle's dates
// are. It is stored as a SQL DATE and written as YYYY-MM-DD, so a hire date
// never shifts by a day with the server's time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads an ISO 8601 date, YYYY-MM-DD, and rejects days that do
// not exist such as 2023-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return string(d.AppendISO(make([]byte, 0, 10)))
}

// AppendISO appends the date as YYYY-MM-DD to b.
func (d Date) AppendISO(b []byte) []byte {
	y, m, day := d.Year, int(d.Month), d.Day
	if y < 0 || y > 9999 {
		return fmt.Appendf(b, "%04d-%02d-%02d", y, m, day)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10),
		byte('0'+y%10), '-', byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+day/10), byte('0'+day%10))
}

// Time returns midnight UTC at the start of the day.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// IsZero reports whether d is the zero Date, which stands for no date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	return d.Time().Before(e.Time())
}

// AddDays returns the day n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date {
	return DateOf(d.Time().AddDate(0, 0, n))
}

// MarshalText writes the date as YYYY-MM-DD, for JSON and CSV.
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText reads a YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// GormDataType tells GORM the column holds a SQL date.
func (Date) GormDataType() string {
	return "date"
}

// Value writes the date for the database driver.
func (d Date) Value() (driver.Value, error) {
	return d.String(), nil
}

// Scan reads a date from the database, which returns a time on PostgreSQL
// and on SQLite either a time or the stored text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = DateOf(v)
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	case nil:
		*d = Date{}
		return nil
	}
	return fmt.Errorf("cannot read a date from %T", src)
}

func (d *Date) scanText(s string) error {
	if len(s) > len(time.DateOnly) {
		s = s[:len(time.DateOnly)]
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
