package analytics

import (
	"math"
	"time"
)

// daysPerYear turns days into years of experience.
const daysPerYear = 365.25

// Experience is a teacher's years of teaching at the start of a school
// year: the years they taught before the district hired them plus the
// years since they were hired, rounded to hundredths. A teacher hired after
// the first day brings only their prior years.
func Experience(hired time.Time, priorYears float64, yearStart time.Time) float64 {
	return math.Round((priorYears+YearsSince(hired, yearStart))*100) / 100
}

// YearsSince is the time from one day to a later one in years, 0 when the
// second comes first.
func YearsSince(from, to time.Time) float64 {
	days := to.Sub(from).Hours() / 24
	if days <= 0 {
		return 0
	}
	return days / daysPerYear
}

// Novice reports whether a teacher with this much experience is novice
// ("inexperienced" in ESSA's words): fewer years than the threshold.
func (w WorkforceConfig) Novice(experience float64) bool {
	return experience < w.NoviceYears
}

// Certificate statuses, as the bundle spells them.
const (
	CertValid       = "valid"
	CertProvisional = "provisional"
	CertExpired     = "expired"
	CertRevoked     = "revoked"
)

// Certification statuses of a teacher on the first day of a school year,
// from best to worst.
const (
	StatusValid       = "valid"
	StatusExpiring    = "expiring"
	StatusProvisional = "provisional"
	StatusExpired     = "expired"
	StatusNone        = "none"
)

// CertificationStatuses lists the statuses from best to worst.
func CertificationStatuses() []string {
	return []string{StatusValid, StatusExpiring, StatusProvisional, StatusExpired, StatusNone}
}

// Certificate is a teaching certificate as the analytics need it. A zero
// IssuedOn means the issue date is not known.
type Certificate struct {
	Field     string
	Status    string
	IssuedOn  time.Time
	ExpiresOn time.Time
}

// inForce reports whether the certificate lets its holder teach on day: a
// valid or provisional certificate already issued and not yet expired. A
// certificate is good through its expiry date.
func (c Certificate) inForce(day time.Time) bool {
	if c.Status != CertValid && c.Status != CertProvisional {
		return false
	}
	if !c.IssuedOn.IsZero() && c.IssuedOn.After(day) {
		return false
	}
	return !c.ExpiresOn.Before(day)
}

// CertificationStatus is the best standing among a teacher's certificates
// on a day, the first of a school year: valid, expiring (valid but expiring
// at most expiringDays after the day, the day itself included), provisional,
// expired (a certificate that has lapsed, or one the district marks
// expired), or none (no certificate, or only revoked ones or ones not yet
// issued).
func CertificationStatus(certs []Certificate, day time.Time, expiringDays int) string {
	best := len(CertificationStatuses()) - 1
	for _, c := range certs {
		s := StatusNone
		switch {
		case c.Status == CertRevoked:
		case !c.IssuedOn.IsZero() && c.IssuedOn.After(day):
		case c.Status == CertExpired || c.ExpiresOn.Before(day):
			s = StatusExpired
		case c.Status == CertProvisional:
			s = StatusProvisional
		case !c.ExpiresOn.After(day.AddDate(0, 0, expiringDays)):
			s = StatusExpiring
		default:
			s = StatusValid
		}
		best = min(best, statusRank(s))
	}
	return CertificationStatuses()[best]
}

func statusRank(status string) int {
	for i, s := range CertificationStatuses() {
		if s == status {
			return i
		}
	}
	return len(CertificationStatuses()) - 1
}

// Class is a subject a teacher teaches, at a grade level (0 for
// kindergarten; -1 when not known).
type Class struct {
	Subject string
	Grade   int
}

// Subjects that certificates and classes share.
const (
	SubjectElementary = "elementary"
	SubjectOther      = "other"
)

// coreSubjects are those an elementary certificate covers in the early
// grades.
var coreSubjects = map[string]bool{"math": true, "ela": true, "science": true,
	"social_studies": true, SubjectElementary: true}

// Covers reports whether a certificate field covers a class: the same
// subject, or an elementary certificate and a core subject in grades 0 to 5.
func Covers(field string, c Class) bool {
	if field == c.Subject {
		return true
	}
	return field == SubjectElementary && coreSubjects[c.Subject] && c.Grade >= 0 &&
		c.Grade <= 5
}

// InField reports whether a teacher holds, on day, a certificate in force
// covering every class they teach. known is false when nothing they teach
// can be judged: no classes, or only classes of subject "other".
func InField(certs []Certificate, classes []Class, day time.Time) (inField, known bool) {
	inField = true
	for _, c := range classes {
		if c.Subject == SubjectOther || c.Subject == "" {
			continue
		}
		known = true
		covered := false
		for _, cert := range certs {
			if cert.inForce(day) && Covers(cert.Field, c) {
				covered = true
				break
			}
		}
		if !covered {
			inField = false
		}
	}
	return inField && known, known
}

// Retention outcomes of a teacher from one school year to the next.
const (
	Stayed = "stayed"
	Moved  = "moved"
	Left   = "left"
)

// Retention is what became of a teacher of a school in the next school
// year: stayed at the school, moved to another of the district's schools,
// or left (no assignment in the next year, or separated before it began).
// nextSchools are the schools the teacher is assigned to in the next year.
func Retention(school string, nextSchools []string, separated bool) string {
	if separated || len(nextSchools) == 0 {
		return Left
	}
	for _, s := range nextSchools {
		if s == school {
			return Stayed
		}
	}
	return Moved
}
