package synth

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// certificate is one certificate of a person.
type certificate struct {
	field   subject
	level   string
	status  string
	issued  time.Time
	expires time.Time
}

// certify writes the certificates of person h, newly in slot sl of school
// s in school year t.
//
// Most hold a valid certificate in the field they teach, renewed every
// five years; a certificate that lapses on another day than June 30 may
// expire within the first months of a school year. A beginner from an
// alternative route or Teach For America starts on a provisional
// certificate, which most convert to a valid one. A few teachers, more
// in poor schools, hold a certificate in another field than they teach,
// or one that had already expired when they took the position. Special
// education teachers also hold a certificate in the subject they
// co-teach, and school leaders a leadership certificate.
func (d *district) certify(r *rand.Rand, h int32, s *school, sl *slot,
	t int) {
	p := &d.staff[h]
	start := yearStart(t)
	n := 0
	write := func(c certificate) {
		n++
		d.rows.start(fileCertifications).staff(h).
			str(staffID(h) + "-" + strconv.Itoa(n)).str(c.field.String()).
			str(c.level).str(c.status).date(c.issued).date(c.expires).end()
	}

	field, second := teachingFields(r, s, sl, p)
	level := "T-" + strconv.Itoa(4+int(p.degree))
	beginner := p.experience(t) < 3 && sl.position == teacher
	switch {
	case beginner && (p.source == alternative || p.source == teachForAmerica):
		provisional(r, p, field, level, write)
	case chance(r, lapseChance(s, t, sl.position)):
		issued := day(start.Year()-5, time.June, 1, -r.IntN(300))
		write(certificate{field: field, level: level, status: "expired",
			issued: issued, expires: issued.AddDate(5, 0, 0)})
	default:
		renewals(r, firstIssue(r, p, start), certificate{field: field,
			level: level, status: "valid"}, write)
	}

	if second != otherSubject {
		renewals(r, firstIssue(r, p, start), certificate{field: second,
			level: level, status: "valid"}, write)
	}
	if sl.position == principal || sl.position == assistantPrincipal {
		renewals(r, firstIssue(r, p, start), certificate{field: otherSubject,
			level: "L-" + strconv.Itoa(4+int(p.degree)), status: "valid"}, write)
	}
}

// teachingFields returns the field of a person's teaching certificate and
// of a second certificate, or otherSubject when there is none.
func teachingFields(r *rand.Rand, s *school, sl *slot,
	p *person) (subject, subject) {
	if sl.position != teacher {
		return [...]subject{elementarySubjects, mathematics, ela, science,
			socialStudies}[r.IntN(5)], otherSubject
	}
	field, second := sl.subject, otherSubject
	if sl.subject == specialEducation {
		second = sl.coTeach
		if s.level == elementary {
			second = elementarySubjects
		}
	}
	if !chance(r, outOfFieldChance(s, sl, p)) {
		return field, second
	}

	// Out of field: an elementary certificate in a middle school, another
	// core subject, or for special education only the content field.
	switch {
	case sl.subject == specialEducation:
		return second, otherSubject
	case sl.subject == elementarySubjects:
		return [...]subject{specialEducation, otherSubject}[r.IntN(2)], second
	case sl.subject == esol:
		return ela, second
	case sl.subject > socialStudies:
		return otherSubject, second
	case s.level == middle && chance(r, 0.6):
		return elementarySubjects, second
	}
	core := coreSubjects()
	return core[(int(sl.subject)+1+r.IntN(3))%len(core)], second
}

// outOfFieldChance is the chance that a teacher is certified in another
// field than the one taught: higher in poor schools, in hard-to-staff
// subjects and for teachers from alternative routes.
func outOfFieldChance(s *school, sl *slot, p *person) float64 {
	c := 0.01 + 0.1*s.poverty
	switch sl.subject {
	case mathematics, science, specialEducation:
		c += 0.03
	}
	if p.source == alternative || p.source == teachForAmerica {
		c += 0.03
	}
	return c
}

// lapseChance is the chance that a person hired in school year t holds a
// certificate that has already expired.
func lapseChance(s *school, t int, pos position) float64 {
	switch {
	case pos != teacher:
		return 0
	case t == firstYear:
		return 0.01 + 0.02*s.poverty
	}
	return 0.01
}

// provisional writes a beginner's provisional certificate, valid three
// years, and for most the valid certificate that replaces it.
func provisional(r *rand.Rand, p *person, field subject,
	level string, write func(certificate)) {
	issued := p.hired.AddDate(0, 0, -r.IntN(30))
	write(certificate{field: field, level: "induction", status: "provisional",
		issued: issued, expires: day(issued.Year()+3, time.June, 30, 0)})
	if chance(r, 0.8) {
		converted := day(issued.Year()+between(r, 1, 2), time.May, 1, r.IntN(60))
		renewals(r, converted, certificate{field: field, level: level,
			status: "valid"}, write)
	}
}

// firstIssue returns the issue date of the certificate a person holds at
// the start of the school year beginning on start: for a beginner, from
// the spring before the hire; otherwise the last renewal, up to five
// years earlier.
func firstIssue(r *rand.Rand, p *person, start time.Time) time.Time {
	if p.prior == 0 && p.hired.After(start.AddDate(-1, 0, 0)) {
		return day(p.hired.Year(), time.April, 15, r.IntN(60))
	}
	return start.AddDate(0, 0, -30-r.IntN(5*365-60))
}

// renewals writes certificate c issued on the given day and its
// renewals, five years each, until one runs past the end of the data.
// Renewals are issued up to three months before the old certificate
// expires.
func renewals(r *rand.Rand, issued time.Time, c certificate,
	write func(certificate)) {
	end := day(lastYear, time.June, 30, 0)
	for {
		c.issued, c.expires = issued, expiry(r, issued)
		write(c)
		if c.expires.After(end) {
			return
		}
		issued = c.expires.AddDate(0, 0, -r.IntN(90))
	}
}

// expiry returns when a certificate issued on the given day expires:
// June 30 five years on, or for one in five another day near it.
func expiry(r *rand.Rand, issued time.Time) time.Time {
	if chance(r, 0.8) {
		return day(issued.Year()+5, time.June, 30, 0)
	}
	return issued.AddDate(5, 0, between(r, -150, 150))
}
