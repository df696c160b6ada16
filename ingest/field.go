package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ted-dashboard/ted/models"
)

// kind is how a column's text becomes a value.
type kind int

const (
	kindID     kind = iota // identifier: 1-64 of A-Z a-z 0-9 _ . -
	kindText               // free text
	kindYear               // school year: the calendar year it ends
	kindGrade              // grade level 0 (kindergarten) to 12
	kindInt                // whole number
	kindNumber             // decimal number
	kindMoney              // amount of money, two decimals at most
	kindDate               // YYYY-MM-DD
	kindBool               // 0/1 or true/false
	kindEnum               // one word of a vocabulary
)

// Limits of the values TED accepts.
const (
	maxIDLength   = 64
	maxTextLength = 1000
	minYear       = 1990
	maxYear       = 2100
)

// subjects is the vocabulary that subjects and certification fields share.
var subjects = []string{
	"math", "ela", "science", "social_studies", "special_education", "esol",
	"arts", "pe", "world_languages", "cte", "elementary", "other",
}

// parse turns a field's text into the column's value, or explains to a
// data clerk why it cannot. The text is already trimmed and not empty.
func (c *column) parse(s string) (any, string) {
	switch c.kind {
	case kindID:
		if msg := checkID(s); msg != "" {
			return nil, msg
		}
		return s, ""
	case kindText:
		if len(s) > maxTextLength {
			return nil, fmt.Sprintf("is %d characters long (at most %d)", len(s), maxTextLength)
		}
		if strings.IndexByte(s, 0) >= 0 {
			return nil, "holds a NUL character (byte 0), which text may not contain"
		}
		return s, ""
	case kindYear:
		n, err := strconv.Atoi(s)
		if err != nil || n < minYear || n > maxYear {
			return nil, fmt.Sprintf("%q is not a school year "+
				"(want the calendar year it ends, like 2024)", s)
		}
		return boxInt(int64(n)), ""
	case kindGrade:
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 12 {
			return nil, fmt.Sprintf("%q is not a grade level "+
				"(want 0 for kindergarten to 12)", s)
		}
		return boxInt(int64(n)), ""
	case kindInt:
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return nil, fmt.Sprintf("%q is not a whole number", s)
		}
		return boxInt(n), ""
	case kindNumber:
		return parseNumber(s)
	case kindMoney:
		m, err := models.ParseMoney(s)
		if err != nil {
			return nil, err.Error()
		}
		return m, ""
	case kindDate:
		d, err := models.ParseDate(s)
		if err != nil {
			return nil, err.Error()
		}
		return d, ""
	case kindBool:
		switch strings.ToLower(s) {
		case "1", "true":
			return true, ""
		case "0", "false":
			return false, ""
		}
		return nil, fmt.Sprintf("%q is not a yes/no value (want 1 or 0)", s)
	case kindEnum:
		for _, v := range c.enum {
			if s == v {
				return s, ""
			}
		}
		return nil, fmt.Sprintf("%q is not one of %s", s, strings.Join(c.enum, ", "))
	}
	panic(fmt.Sprintf("column %s has no kind", c.name))
}

// checkID explains why s is not an identifier, or returns "".
func checkID(s string) string {
	if len(s) > maxIDLength {
		return fmt.Sprintf("%q is longer than %d characters", s, maxIDLength)
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		ok := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' ||
			b >= '0' && b <= '9' || b == '_' || b == '.' || b == '-'
		if !ok {
			return fmt.Sprintf("%q is not an identifier "+
				"(want letters, digits, _ . or -)", s)
		}
	}
	return ""
}

// smallestNormal is the smallest positive normal float64.
const smallestNormal = 0x1p-1022

// parseNumber reads a plain decimal number such as 12, -3.5 or 0.25; no
// exponents, separators, infinities or NaN.
func parseNumber(s string) (any, string) {
	digits, dots, nonzero := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
			nonzero = nonzero || c != '0'
		case c == '.' && dots == 0 && i+1 < len(s):
			dots++
		case (c == '-' || c == '+') && i == 0:
		default:
			digits = 0
			i = len(s)
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if digits == 0 || err != nil || math.IsInf(f, 0) {
		return nil, fmt.Sprintf("%q is not a number", s)
	}
	// Below the smallest normal double, a database cannot store the
	// number as written.
	if nonzero && math.Abs(f) < smallestNormal {
		return nil, fmt.Sprintf("%q is too close to zero to store", s)
	}
	return f, ""
}
