package synth

import (
	"fmt"
	"strings"
)

// Scale sets the size of a synthetic district. The named scales match the
// districts TED is sized for; tests and demos may build their own.
type Scale struct {
	// Name identifies the scale in messages and summaries.
	Name string
	// Elementary, Middle and High count the schools of each level. Each
	// elementary school feeds one middle school and each middle school one
	// high school, so there are at least as many elementary as middle
	// schools and as many middle as high schools.
	Elementary, Middle, High int
	// Students is the target number of students enrolled in each school
	// year, kindergarten to grade 12.
	Students int
	// ClassSize is the target size of a class: a homeroom in elementary
	// school, a course section in middle and high school.
	ClassSize int
}

// Scales returns the named scales, smallest first.
func Scales() []Scale {
	return []Scale{
		{Name: "small", Elementary: 2, Middle: 1, High: 1,
			Students: 2000, ClassSize: 21},
		{Name: "atlanta", Elementary: 56, Middle: 17, High: 17,
			Students: 58000, ClassSize: 21},
		{Name: "nyc", Elementary: 900, Middle: 450, High: 450,
			Students: 1100000, ClassSize: 19},
	}
}

// ParseScale returns the named scale, so that a command line can choose
// one by name.
func ParseScale(name string) (Scale, error) {
	var names []string
	for _, s := range Scales() {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Scale{}, fmt.Errorf("unknown scale %q (want %s)",
		name, strings.Join(names, ", "))
}

// Schools returns the number of schools of every level.
func (s Scale) Schools() int {
	return s.Elementary + s.Middle + s.High
}

// validate explains what makes the scale unusable, or returns nil.
func (s Scale) validate() error {
	switch {
	case s.Elementary < 1 || s.Middle < 1 || s.High < 1:
		return fmt.Errorf("scale %q needs at least one school of each level",
			s.Name)
	case s.Middle > s.Elementary || s.High > s.Middle:
		return fmt.Errorf("scale %q has more middle than elementary or "+
			"more high than middle schools, so some would have no feeder", s.Name)
	case s.ClassSize < 5 || s.ClassSize > 40:
		return fmt.Errorf("scale %q: class size %d is not from 5 to 40",
			s.Name, s.ClassSize)
	case s.Students < 13*s.Schools()*s.ClassSize/4:
		return fmt.Errorf("scale %q: %d students are too few for %d schools",
			s.Name, s.Students, s.Schools())
	case s.Students > 20_000_000:
		return fmt.Errorf("scale %q: %d students is more than 20 million",
			s.Name, s.Students)
	}
	return nil
}
