package api

import (
	"bufio"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/api/tables"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// meResponse describes the caller: who they are, the roles they hold, and
// for a session signed in through the cookie, the CSRF token its
// state-changing requests must carry.
type meResponse struct {
	UserID    string          `json:"user_id"`
	Email     string          `json:"email"`
	Roles     []policies.Role `json:"roles"`
	CSRFToken string          `json:"csrf_token,omitempty"`
}

func (s *Server) me(c *gin.Context) {
	cl := callerOf(c)
	roles, err := s.enforcer.Roles(cl.User.UserID)
	if err != nil {
		respondError(c, ted.Wrap(ted.CodeInternal, err, "reading your roles failed"))
		return
	}
	res := meResponse{UserID: cl.User.UserID, Email: cl.User.Email, Roles: roles}
	if res.Roles == nil {
		res.Roles = []policies.Role{}
	}
	if cl.Session != nil {
		res.CSRFToken = cl.Session.CSRFToken
	}
	c.JSON(http.StatusOK, res)
}

// schoolBody is a school as the API shows it.
type schoolBody struct {
	SchoolID string `json:"school_id"`
	Name     string `json:"name"`
	Level    string `json:"level"`
	Region   string `json:"region"`
}

func schoolOf(s models.School) schoolBody {
	return schoolBody{SchoolID: s.SchoolID, Name: s.Name, Level: s.Level, Region: s.Region}
}

// listSchools lists the schools the caller may see: every school for a
// district-wide role, else the schools of their roles.
func (s *Server) listSchools(c *gin.Context) {
	p, err := page(c)
	if err != nil {
		respondError(c, err)
		return
	}
	var ids []string
	if !districtWide(c) {
		ids = grantedSchools(c)
		if ids == nil {
			ids = []string{}
		}
	}
	schools, total, err := s.db.Schools(c.Request.Context(), ids, p)
	if err != nil {
		respondError(c, err)
		return
	}
	items := make([]schoolBody, len(schools))
	for i, sc := range schools {
		items[i] = schoolOf(sc)
	}
	c.JSON(http.StatusOK, newList(items, total, p))
}

// schoolResponse is a school's measures and growth for a school year.
type schoolResponse struct {
	schoolBody
	SchoolYear int                `json:"school_year"`
	Metrics    *schoolMetricsBody `json:"metrics"`
	Growth     []schoolGrowthBody `json:"growth"`
}

// schoolMetricsBody holds a school's measures; null is suppressed or not
// computed, never zero.
type schoolMetricsBody struct {
	Teachers               int      `json:"teachers"`
	Students               int      `json:"students"`
	EconDisadvantagedPct   *float64 `json:"econ_disadvantaged_pct"`
	EffectivePct           *float64 `json:"effective_pct"`
	IneffectivePct         *float64 `json:"ineffective_pct"`
	NovicePct              *float64 `json:"novice_pct"`
	OutOfFieldPct          *float64 `json:"out_of_field_pct"`
	MedianSGP              *float64 `json:"median_sgp"`
	RetentionRate          *float64 `json:"retention_rate"`
	CostPerStudent         *float64 `json:"cost_per_student"`
	Rated                  *int     `json:"rated"`
	Exemplary              *int     `json:"exemplary"`
	Proficient             *int     `json:"proficient"`
	NeedsDevelopment       *int     `json:"needs_development"`
	Ineffective            *int     `json:"ineffective"`
	CertificationsExpiring *int     `json:"certifications_expiring"`
}

type schoolGrowthBody struct {
	Subject     string   `json:"subject"`
	GrowthN     int      `json:"growth_n"`
	MedianSGP   *float64 `json:"median_sgp"`
	MeanSGP     *float64 `json:"mean_sgp"`
	MedianSGPSE *float64 `json:"median_sgp_se"`
	GrowthLevel *string  `json:"growth_level"`
}

// money is an amount as the API shows it: a number, null when missing.
func money(m *models.Money) *float64 {
	if m == nil {
		return nil
	}
	v := m.Float64()
	return &v
}

// schoolOfYear reads the school year a request asks for and the school its
// path names.
func (s *Server) schoolOfYear(c *gin.Context) (int, models.School, error) {
	year, err := s.year(c)
	if err != nil {
		return 0, models.School{}, err
	}
	sc, err := s.db.School(c.Request.Context(), c.Param("school_id"))
	return year, sc, err
}

func (s *Server) getSchool(c *gin.Context) {
	year, sc, err := s.schoolOfYear(c)
	if err != nil {
		respondError(c, err)
		return
	}
	sy, err := s.db.SchoolYearOf(c.Request.Context(), sc.SchoolID, year)
	if err != nil {
		respondError(c, err)
		return
	}
	res := schoolResponse{schoolBody: schoolOf(sc), SchoolYear: year,
		Growth: []schoolGrowthBody{}}
	if m := sy.Metrics; m != nil {
		res.Metrics = &schoolMetricsBody{Teachers: m.Teachers, Students: m.Students,
			EconDisadvantagedPct: m.EconDisadvantagedPct, EffectivePct: m.EffectivePct,
			IneffectivePct: m.IneffectivePct, NovicePct: m.NovicePct,
			OutOfFieldPct: m.OutOfFieldPct, MedianSGP: m.MedianSGP,
			RetentionRate: m.RetentionRate, CostPerStudent: money(m.CostPerStudent),
			Rated: m.Rated, Exemplary: m.Exemplary, Proficient: m.Proficient,
			NeedsDevelopment: m.NeedsDevelopment, Ineffective: m.Ineffective,
			CertificationsExpiring: m.CertificationsExpiring}
	}
	for _, g := range sy.Growth {
		res.Growth = append(res.Growth, schoolGrowthBody{Subject: g.Subject,
			GrowthN: g.GrowthN, MedianSGP: g.MedianSGP, MeanSGP: g.MeanSGP,
			MedianSGPSE: g.MedianSGPSE, GrowthLevel: text(g.GrowthLevel)})
	}
	c.JSON(http.StatusOK, res)
}

// teacherMetricsBody holds a teacher's measures for a school year; null is
// suppressed, unknown or not computed.
type teacherMetricsBody struct {
	SchoolYear          int      `json:"school_year"`
	SchoolID            string   `json:"school_id"`
	FTE                 float64  `json:"fte"`
	GrowthN             int      `json:"growth_n"`
	MedianSGP           *float64 `json:"median_sgp"`
	VAMEstimate         *float64 `json:"vam_estimate"`
	VAMSE               *float64 `json:"vam_se"`
	VAMLevel            *int     `json:"vam_level"`
	EvaluationScore     *float64 `json:"evaluation_score"`
	ObservationScore    *float64 `json:"observation_score"`
	ProfessionalGrowth  *float64 `json:"professional_growth"`
	CompositeScore      *float64 `json:"composite_score"`
	Rating              *string  `json:"rating"`
	RatingWeighted      *string  `json:"rating_weighted"`
	RatingTEM           *string  `json:"rating_tem"`
	ExperienceYears     float64  `json:"experience_years"`
	Novice              bool     `json:"novice"`
	CertificationStatus string   `json:"certification_status"`
	InField             *bool    `json:"in_field"`
	Retention           *string  `json:"retention"`
	Cost                *float64 `json:"cost"`
}

// text is a stored label as the API shows it: null when empty.
func text(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func teacherMetricsOf(m models.TeacherMetrics) teacherMetricsBody {
	return teacherMetricsBody{SchoolYear: m.SchoolYear, SchoolID: m.SchoolID, FTE: m.FTE,
		GrowthN: m.GrowthN, MedianSGP: m.MedianSGP, VAMEstimate: m.VAMEstimate,
		VAMSE: m.VAMSE, VAMLevel: m.VAMLevel, EvaluationScore: m.EvaluationScore,
		ObservationScore: m.ObservationScore, ProfessionalGrowth: m.ProfessionalGrowth,
		CompositeScore: m.CompositeScore, Rating: text(m.Rating),
		RatingWeighted: text(m.RatingWeighted), RatingTEM: text(m.RatingTEM),
		ExperienceYears: m.ExperienceYears, Novice: m.Novice,
		CertificationStatus: m.CertificationStatus, InField: m.InField,
		Retention: text(m.Retention), Cost: money(m.Cost)}
}

// staffTeacher is one of a school's teachers with their measures.
type staffTeacher struct {
	StaffID   string `json:"staff_id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	teacherMetricsBody
}

// schoolTeachers lists a school's teachers of a year with their measures.
// It is a read of individual records, so it is audited.
func (s *Server) schoolTeachers(c *gin.Context) {
	ctx := c.Request.Context()
	p, err := page(c)
	if err != nil {
		respondError(c, err)
		return
	}
	year, sc, err := s.schoolOfYear(c)
	if err != nil {
		respondError(c, err)
		return
	}
	id := sc.SchoolID
	rows, total, err := s.db.TeachersOf(ctx, id, year, p)
	if err != nil {
		respondError(c, err)
		return
	}
	s.auditRead(c, "school_teachers", id)
	items := make([]staffTeacher, len(rows))
	for i, r := range rows {
		items[i] = staffTeacher{StaffID: r.Staff.StaffID, FirstName: r.Staff.FirstName,
			LastName: r.Staff.LastName, teacherMetricsBody: teacherMetricsOf(r.Metrics)}
	}
	c.JSON(http.StatusOK, newList(items, total, p))
}

// teacherResponse is one teacher's whole record across school years.
type teacherResponse struct {
	StaffID              string              `json:"staff_id"`
	FirstName            string              `json:"first_name"`
	LastName             string              `json:"last_name"`
	Email                string              `json:"email"`
	HireDate             string              `json:"hire_date"`
	PriorExperienceYears float64             `json:"prior_experience_years"`
	HighestDegree        string              `json:"highest_degree"`
	HiringSource         string              `json:"hiring_source"`
	Certifications       []certificationBody `json:"certifications"`
	Separations          []separationBody    `json:"separations"`
	Years                []teacherYearBody   `json:"years"`
}

type certificationBody struct {
	CertificateID string  `json:"certificate_id"`
	Field         string  `json:"field"`
	Level         string  `json:"level"`
	Status        string  `json:"status"`
	IssuedOn      *string `json:"issued_on"`
	ExpiresOn     string  `json:"expires_on"`
}

type separationBody struct {
	SeparationDate string `json:"separation_date"`
	Reason         string `json:"reason"`
}

// teacherYearBody is a teacher's school year: where they taught, their
// measures, growth by subject, evaluation components and pay.
type teacherYearBody struct {
	SchoolYear   int                 `json:"school_year"`
	Assignments  []assignmentBody    `json:"assignments"`
	Metrics      *teacherMetricsBody `json:"metrics"`
	Growth       []teacherGrowthBody `json:"growth"`
	Evaluations  []evaluationBody    `json:"evaluations"`
	Compensation *compensationBody   `json:"compensation"`
}

type assignmentBody struct {
	SchoolID    string  `json:"school_id"`
	Position    string  `json:"position"`
	SubjectArea string  `json:"subject_area"`
	FTE         float64 `json:"fte"`
}

type teacherGrowthBody struct {
	Subject        string   `json:"subject"`
	GrowthN        int      `json:"growth_n"`
	MedianSGP      *float64 `json:"median_sgp"`
	MeanSGP        *float64 `json:"mean_sgp"`
	MedianSGPSE    *float64 `json:"median_sgp_se"`
	GrowthLevel    *string  `json:"growth_level"`
	VAMEstimate    *float64 `json:"vam_estimate"`
	VAMSE          *float64 `json:"vam_se"`
	VAMReliability *float64 `json:"vam_reliability"`
	VAMLevel       *int     `json:"vam_level"`
}

type evaluationBody struct {
	Component string  `json:"component"`
	Score     float64 `json:"score"`
}

type compensationBody struct {
	BaseSalary  float64 `json:"base_salary"`
	Supplements float64 `json:"supplements"`
	Benefits    float64 `json:"benefits"`
	Step        *int    `json:"step"`
	Lane        string  `json:"lane"`
	Fund        string  `json:"fund"`
}

// getTeacher answers one teacher's whole record, or with ?year= only that
// school year of it, and audits the read.
func (s *Server) getTeacher(c *gin.Context) {
	year := 0
	if c.Query("year") != "" {
		var err error
		if year, err = s.year(c); err != nil {
			respondError(c, err)
			return
		}
	}
	id := c.Param("staff_id")
	r, err := s.db.TeacherRecordOf(c.Request.Context(), id)
	if err != nil {
		respondError(c, err)
		return
	}
	s.auditRead(c, "teacher", id)
	res := teacherOf(r)
	if year != 0 {
		res.Years = slices.DeleteFunc(res.Years, func(y teacherYearBody) bool {
			return y.SchoolYear != year
		})
	}
	c.JSON(http.StatusOK, res)
}

func teacherOf(r models.TeacherRecord) teacherResponse {
	st := r.Staff
	res := teacherResponse{StaffID: st.StaffID, FirstName: st.FirstName,
		LastName: st.LastName, Email: st.Email, HireDate: st.HireDate.String(),
		PriorExperienceYears: st.PriorExperienceYears, HighestDegree: st.HighestDegree,
		HiringSource: st.HiringSource, Certifications: []certificationBody{},
		Separations: []separationBody{}, Years: []teacherYearBody{}}
	for _, ct := range r.Certifications {
		b := certificationBody{CertificateID: ct.CertificateID, Field: ct.Field,
			Level: ct.Level, Status: ct.Status, ExpiresOn: ct.ExpiresOn.String()}
		if ct.IssuedOn != nil {
			d := ct.IssuedOn.String()
			b.IssuedOn = &d
		}
		res.Certifications = append(res.Certifications, b)
	}
	for _, sp := range r.Separations {
		res.Separations = append(res.Separations, separationBody{
			SeparationDate: sp.SeparationDate.String(), Reason: sp.Reason})
	}

	years := map[int]*teacherYearBody{}
	yearOf := func(y int) *teacherYearBody {
		if years[y] == nil {
			years[y] = &teacherYearBody{SchoolYear: y, Assignments: []assignmentBody{},
				Growth: []teacherGrowthBody{}, Evaluations: []evaluationBody{}}
		}
		return years[y]
	}
	for _, a := range r.Assignments {
		y := yearOf(a.SchoolYear)
		y.Assignments = append(y.Assignments, assignmentBody{SchoolID: a.SchoolID,
			Position: a.Position, SubjectArea: a.SubjectArea, FTE: a.FTE})
	}
	for _, m := range r.Metrics {
		b := teacherMetricsOf(m)
		yearOf(m.SchoolYear).Metrics = &b
	}
	for _, g := range r.Growth {
		y := yearOf(g.SchoolYear)
		y.Growth = append(y.Growth, teacherGrowthBody{Subject: g.Subject, GrowthN: g.GrowthN,
			MedianSGP: g.MedianSGP, MeanSGP: g.MeanSGP, MedianSGPSE: g.MedianSGPSE,
			GrowthLevel: text(g.GrowthLevel), VAMEstimate: g.VAMEstimate, VAMSE: g.VAMSE,
			VAMReliability: g.VAMReliability, VAMLevel: g.VAMLevel})
	}
	for _, e := range r.Evaluations {
		y := yearOf(e.SchoolYear)
		y.Evaluations = append(y.Evaluations, evaluationBody{Component: e.Component,
			Score: e.Score})
	}
	for _, p := range r.Compensation {
		yearOf(p.SchoolYear).Compensation = &compensationBody{
			BaseSalary: p.BaseSalary.Float64(), Supplements: p.Supplements.Float64(),
			Benefits: p.Benefits.Float64(), Step: p.Step, Lane: p.Lane, Fund: p.Fund}
	}
	for _, y := range years {
		res.Years = append(res.Years, *y)
	}
	slices.SortFunc(res.Years, func(a, b teacherYearBody) int {
		return a.SchoolYear - b.SchoolYear
	})
	return res
}

// export writes an exported table of a year, holding only the rows the
// caller may see: all of them for a district-wide role, else those of the
// schools of their roles. Tables of individuals are audited.
func (s *Server) export(c *gin.Context) {
	name, format := c.Param("name"), c.DefaultQuery("format", "csv")
	columns, err := models.ExportColumns(name)
	if err != nil {
		respondError(c, ted.Wrap(ted.CodeNotFound, err, "%s", ted.ErrorMessage(err)))
		return
	}
	if !slices.Contains(tables.Formats(), format) {
		respondError(c, ted.Errorf(ted.CodeInvalid, "format: %q is not csv, json or xlsx",
			format))
		return
	}
	year, err := s.year(c)
	if err != nil {
		respondError(c, err)
		return
	}
	var schools []string
	if !districtWide(c) {
		schools = grantedSchools(c)
		if schools == nil {
			schools = []string{}
		}
	}
	if name != "school-metrics" {
		s.auditRead(c, "export", fmt.Sprintf("%s %d", name, year))
	}

	c.Header("Content-Type", tables.ContentType(format))
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%d.%s"`, name,
		year, format))
	out := bufio.NewWriter(c.Writer)
	w, err := tables.NewWriter(out, format, name, columns)
	if err != nil {
		respondError(c, err)
		return
	}
	defer w.Close()
	err = s.db.Export(c.Request.Context(), name, year, schools, w.Row)
	if err == nil {
		err = w.End()
	}
	if err == nil {
		err = out.Flush()
	}
	switch {
	case err != nil && !c.Writer.Written():
		c.Writer.Header().Del("Content-Disposition")
		c.Writer.Header().Del("Content-Type")
		respondError(c, err)
	case err != nil:
		// Rows have gone out already: the status cannot change, so the
		// failure cuts the response short and is logged.
		c.Error(err)
		c.Abort()
	}
}
