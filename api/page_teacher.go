package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// teacherPages lists the routes of the teacher pages.
func teacherPages() []endpoint {
	return []endpoint{
		{method: http.MethodGet, path: "/teachers/:staff_id", resource: policies.Teachers,
			action: policies.Read, scope: staff, page: true, handler: (*Server).teacherPage},
	}
}

// teacherPage is a teacher's profile: their growth and value-added by
// subject over the years, their evaluation of the year chosen, their
// certificates, and their years at a glance. It reads the teacher's
// record as the API does, so it is audited the same way.
func (s *Server) teacherPage(c *gin.Context) {
	year, years, err := s.pageYear(c)
	if err == nil && !slices.Contains(years, year) {
		err = ted.Errorf(ted.CodeNotFound, "school year %s has not been computed",
			dashboards.YearSpan(year))
	}
	if err != nil {
		s.failPage(c, err)
		return
	}
	id := c.Param("staff_id")
	r, err := s.db.TeacherRecordOf(c.Request.Context(), id)
	if err != nil {
		s.failPage(c, err)
		return
	}
	s.auditRead(c, "teacher", id)

	cfg := s.district
	th := thresholds(cfg)
	growth, valueAdded := teacherEstimates(r.Growth)
	yearsTaught := teacherYears(r)
	var shown *dashboards.TeacherYear
	for i := range yearsTaught {
		if yearsTaught[i].Year == year {
			shown = &yearsTaught[i]
		}
	}
	name := strings.TrimSpace(r.Staff.FirstName + " " + r.Staff.LastName)
	s.renderPage(c, dashboards.Page{
		Title:      name,
		Heading:    name,
		Subheading: teacherSubheading(r, year, shown != nil),
		Filters:    []dashboards.Filter{yearFilter(years, year)},
		Facts:      dashboards.TeacherFacts(shown, th),
		Panels: []dashboards.Panel{
			dashboards.GrowthPanel(growth, th),
			dashboards.ValueAddedPanel(valueAdded, th),
			dashboards.EvaluationPanel(year, teacherComponents(r.Evaluations, year),
				cfg.Evaluation.Min, cfg.Evaluation.Max),
			dashboards.CertificatesPanel(teacherCertificates(r.Certifications)),
			dashboards.TeacherYearsPanel(yearsTaught, th),
		},
	})
}

// teacherSubheading says who a teacher is: their id, how and when they
// were hired, their degree, and whether they have left.
func teacherSubheading(r models.TeacherRecord, year int, measured bool) string {
	st := r.Staff
	parts := []string{"Staff member " + st.StaffID, "hired " + st.HireDate.String()}
	if st.HiringSource != "" {
		parts[1] += " through " + strings.ReplaceAll(st.HiringSource, "_", " ")
	}
	if st.HighestDegree != "" {
		parts = append(parts, "highest degree "+st.HighestDegree)
	}
	for _, sp := range r.Separations {
		parts = append(parts, fmt.Sprintf("left the district on %s (%s)",
			sp.SeparationDate, strings.ReplaceAll(sp.Reason, "_", " ")))
	}
	sub := strings.Join(parts, ", ") + "."
	if !measured {
		sub += " No measures for " + dashboards.YearSpan(year) + "."
	}
	return sub
}

// teacherEstimates are a teacher's growth and value-added in each subject
// and year, leaving out their pooled growth over all subjects.
func teacherEstimates(rows []models.TeacherGrowth) (growth, valueAdded []dashboards.Estimate) {
	for _, g := range rows {
		if g.Subject == models.SubjectAll {
			continue
		}
		growth = append(growth, dashboards.Estimate{Year: g.SchoolYear, Subject: g.Subject,
			Students: g.GrowthN, Value: g.MedianSGP, SE: g.MedianSGPSE})
		if g.VAMN != nil {
			valueAdded = append(valueAdded, dashboards.Estimate{Year: g.SchoolYear,
				Subject: g.Subject, Value: g.VAMEstimate, SE: g.VAMSE})
		}
	}
	return growth, valueAdded
}

// teacherYears are the school years of a teacher's record with measures,
// oldest first, with where and what they taught.
func teacherYears(r models.TeacherRecord) []dashboards.TeacherYear {
	var list []dashboards.TeacherYear
	for _, m := range r.Metrics {
		y := dashboards.TeacherYear{Year: m.SchoolYear, Experience: m.ExperienceYears,
			Novice: m.Novice, Certification: m.CertificationStatus, InField: m.InField,
			Evaluation: m.EvaluationScore, GrowthN: m.GrowthN, MedianSGP: m.MedianSGP,
			ValueAdded: m.VAMEstimate, ValueAddedSE: m.VAMSE, Composite: m.CompositeScore,
			Rating: m.Rating, NextYear: m.Retention}
		for _, a := range r.Assignments {
			if a.SchoolYear != m.SchoolYear {
				continue
			}
			if !slices.Contains(y.Schools, a.SchoolID) {
				y.Schools = append(y.Schools, a.SchoolID)
			}
			if a.SubjectArea != "" && !slices.Contains(y.Subjects, a.SubjectArea) {
				y.Subjects = append(y.Subjects, a.SubjectArea)
			}
		}
		slices.Sort(y.Subjects)
		list = append(list, y)
	}
	return list
}

// teacherComponents are the scores of a teacher's evaluation in a year.
func teacherComponents(evals []models.Evaluation, year int) []dashboards.Component {
	var list []dashboards.Component
	for _, e := range evals {
		if e.SchoolYear == year {
			list = append(list, dashboards.Component{Name: e.Component, Score: e.Score})
		}
	}
	return list
}

// teacherCertificates are a teacher's certificates, soonest to expire
// first.
func teacherCertificates(certs []models.Certification) []dashboards.Certificate {
	list := make([]dashboards.Certificate, len(certs))
	for i, ct := range certs {
		list[i] = dashboards.Certificate{ID: ct.CertificateID, Field: ct.Field,
			Level: ct.Level, Status: ct.Status, Expires: ct.ExpiresOn.String()}
		if ct.IssuedOn != nil {
			list[i].Issued = ct.IssuedOn.String()
		}
	}
	return list
}
