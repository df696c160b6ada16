package api

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/policies"
)

// loginCookie carries the token of the sign-in form, so that another site
// cannot post the form and sign a browser in to an account of its own.
const loginCookie = "ted_login"

// mountPages adds the pages, their sign-in and the static assets.
func (s *Server) mountPages(r *gin.Engine) {
	static := r.Group("/static", securityHeaders(), cacheAssets())
	static.StaticFS("/", http.FS(dashboards.Assets()))
	r.GET("/favicon.ico", securityHeaders(), cacheAssets(), func(c *gin.Context) {
		c.FileFromFS("favicon.svg", http.FS(dashboards.Assets()))
	})

	g := r.Group("", securityHeaders(), s.authenticate())
	g.GET("/login", s.loginPage)
	g.POST("/login", s.loginForm)
	for _, rt := range pageRoutes() {
		g.Handle(rt.method, rt.path, s.authorize(rt), s.handle(rt.handler))
	}
}

// cacheAssets lets browsers keep the static assets for an hour; they
// change only with a new release of TED.
func cacheAssets() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		c.Writer.Header().Set("Cache-Control", "public, max-age=3600")
	}
}

// pageRoutes is the route table of the pages. Each is authorized like the
// API's routes, but a visitor who is not signed in is sent to sign in, and
// a refusal is a page rather than JSON.
func pageRoutes() []endpoint {
	routes := []endpoint{
		{method: http.MethodGet, path: "/", scope: signedIn, page: true,
			handler: (*Server).home},
		{method: http.MethodPost, path: "/logout", scope: signedIn, page: true,
			handler: (*Server).logoutForm},
	}
	for _, more := range [][]endpoint{hrPages(), schoolPages(), districtPages(),
		tradeoffPages(), teacherPages(), adminPages()} {
		routes = append(routes, more...)
	}
	return routes
}

// failPage answers a page request that cannot be served: a visitor who is
// not signed in goes to the sign-in page; anything else is a page saying
// what went wrong, with the status of its code.
func (s *Server) failPage(c *gin.Context, err error) {
	code := ted.ErrorCode(err)
	if code == ted.CodeUnauthorized {
		next := c.Request.URL.RequestURI()
		if c.Request.Method != http.MethodGet {
			next = "/"
		}
		c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(next))
		c.Abort()
		return
	}
	c.Error(err)
	title := map[ted.Code]string{
		ted.CodeForbidden: "Not yours to see",
		ted.CodeNotFound:  "Not found",
		ted.CodeInvalid:   "Not understood",
	}[code]
	if title == "" {
		title = "Something went wrong"
	}
	m := dashboards.Message{Title: title, Text: ted.ErrorMessage(err)}
	if cl := callerOf(c); cl != nil {
		m.User = cl.User.Email
		if cl.Session != nil {
			m.CSRF = cl.Session.CSRFToken
		}
		m.Nav = s.nav(c, "")
	}
	var buf bytes.Buffer
	dashboards.RenderMessage(&buf, m)
	c.Data(status(code), "text/html; charset=utf-8", buf.Bytes())
	c.Abort()
}

// safeNext keeps a return address only when it is a path of TED's own.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// loginPage shows the sign-in form, or sends a signed-in visitor on.
func (s *Server) loginPage(c *gin.Context) {
	next := safeNext(c.Query("next"))
	if callerOf(c) != nil {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	s.renderLogin(c, http.StatusOK, next, "")
}

func (s *Server) renderLogin(c *gin.Context, status int, next, problem string) {
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	http.SetCookie(c.Writer, &http.Cookie{Name: loginCookie, Value: token, Path: "/login",
		MaxAge: 3600, HttpOnly: true, Secure: c.Request.TLS != nil,
		SameSite: http.SameSiteStrictMode})
	var buf bytes.Buffer
	dashboards.RenderLogin(&buf, dashboards.Login{Next: next, CSRF: token, Error: problem})
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// loginForm signs in from the form, with the same checks and limits as
// the API's sign-in, and goes on to the page asked for.
func (s *Server) loginForm(c *gin.Context) {
	next := safeNext(c.PostForm("next"))
	cookie, err := c.Cookie(loginCookie)
	form := c.PostForm("csrf_token")
	if err != nil || form == "" || subtle.ConstantTimeCompare([]byte(cookie),
		[]byte(form)) != 1 {
		s.renderLogin(c, http.StatusForbidden, next,
			"The sign-in form expired. Please sign in again.")
		return
	}
	token, _, err := s.signIn(c, c.PostForm("email"), c.PostForm("password"))
	if err != nil {
		st := status(ted.ErrorCode(err))
		s.renderLogin(c, st, next, ted.ErrorMessage(err))
		return
	}
	setSessionCookie(c, token)
	c.Redirect(http.StatusSeeOther, next)
}

// logoutForm signs out from a page's form.
func (s *Server) logoutForm(c *gin.Context) {
	cl := callerOf(c)
	if cl.Session != nil {
		if err := s.db.DeleteSession(c.Request.Context(), cl.Token); err != nil {
			s.failPage(c, err)
			return
		}
	}
	clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/login")
}

// home sends each user to their dashboard: the first page of nav.
func (s *Server) home(c *gin.Context) {
	links := s.nav(c, "")
	if len(links) == 0 {
		s.failPage(c, ted.Errorf(ted.CodeForbidden, "your account holds no role yet: "+
			"ask an administrator for one"))
		return
	}
	c.Redirect(http.StatusSeeOther, links[0].Href)
}

// nav lists the pages the caller may open, the dashboard of their widest
// role first; current is the address of the page shown.
func (s *Server) nav(c *gin.Context, current string) []dashboards.Link {
	cl := callerOf(c)
	if cl == nil {
		return nil
	}
	uid := cl.User.UserID
	allowed := func(domain, resource, action string) bool {
		ok, err := s.enforcer.Allowed(uid, domain, resource, action)
		return err == nil && ok
	}
	var links []dashboards.Link
	add := func(label, pattern, href string) {
		if hasPage(pattern) {
			links = append(links, dashboards.Link{Label: label, Href: href,
				Current: href == current})
		}
	}
	admin := allowed(policies.District, policies.Users, policies.Read)
	if admin {
		add("Admin", "/admin", "/admin")
	}
	if allowed(policies.District, policies.Teachers, policies.Read) {
		add("HR", "/dashboards/hr", "/dashboards/hr")
	}
	if allowed(policies.District, policies.DistrictTables, policies.Read) {
		add("District", "/dashboards/district", "/dashboards/district")
	}
	if allowed(policies.District, policies.Scenarios, policies.Read) {
		add("Trade-offs", tradeoffsPath, tradeoffsPath)
	}
	roles, _ := s.enforcer.Roles(uid)
	for _, r := range roles {
		if id, ok := strings.CutPrefix(r.Domain, "school:"); ok &&
			allowed(r.Domain, policies.Schools, policies.Read) {
			label := "School " + id
			if sc, err := s.db.School(c.Request.Context(), id); err == nil && sc.Name != "" {
				label = sc.Name
			}
			add(label, "/schools/:school_id", "/schools/"+url.PathEscape(id))
		}
		if id, ok := strings.CutPrefix(r.Domain, "staff:"); ok &&
			allowed(r.Domain, policies.Teachers, policies.Read) {
			add("My record", "/teachers/:staff_id", "/teachers/"+url.PathEscape(id))
		}
	}
	return links
}

// renderPage answers a page, or with ?csv=ID the table of one of its
// panels as CSV: exactly what that panel shows.
func (s *Server) renderPage(c *gin.Context, p dashboards.Page) {
	if s.framePage(c, &p, c.Request.URL.Path) {
		return
	}
	q := c.Request.URL.Query()
	q.Del("csv")
	s.writePage(c, http.StatusOK, func(w io.Writer) error {
		return dashboards.Render(w, p, pathWithQuery(c.Request.URL.Path, q))
	})
}

// framePage gives a page who is signed in, their CSRF token and their
// nav, current being the nav's address of the page. With ?csv=ID it
// answers the table of one of the page's panels as CSV instead, and
// reports that the request is answered.
func (s *Server) framePage(c *gin.Context, p *dashboards.Page, current string) bool {
	cl := callerOf(c)
	p.User = cl.User.Email
	if cl.Session != nil {
		p.CSRF = cl.Session.CSRFToken
	}
	p.Nav = s.nav(c, current)
	id := c.Query("csv")
	if id == "" {
		return false
	}
	panel, ok := p.PanelByID(id)
	if !ok {
		s.failPage(c, ted.Errorf(ted.CodeNotFound, "this page has no table %q", id))
		return true
	}
	writeCSV(c, panel)
	return true
}

// writePage answers a page that render draws, with status code.
func (s *Server) writePage(c *gin.Context, code int, render func(io.Writer) error) {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		s.failPage(c, ted.Wrap(ted.CodeInternal, err, "the page could not be drawn"))
		return
	}
	c.Data(code, "text/html; charset=utf-8", buf.Bytes())
}

// pathWithQuery is a path with a query string, if there is one.
func pathWithQuery(path string, q url.Values) string {
	if enc := q.Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}

// writeCSV answers the table of a page's panel as CSV: exactly what the
// panel shows.
func writeCSV(c *gin.Context, panel dashboards.Panel) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="`+panel.ID+`.csv"`)
	if err := dashboards.WriteCSV(c.Writer, panel.Table); err != nil {
		c.Error(err)
	}
}

// hasPage reports whether the page route table holds a GET route.
func hasPage(pattern string) bool {
	for _, rt := range pageRoutes() {
		if rt.method == http.MethodGet && rt.path == pattern {
			return true
		}
	}
	return false
}

// pageYear reads the school year a page shows, the last one computed when
// the URL names none, and lists the years computed, newest first, for the
// page's year filter.
func (s *Server) pageYear(c *gin.Context) (int, []int, error) {
	years, err := s.db.ComputedYears(c.Request.Context())
	if err != nil {
		return 0, nil, err
	}
	if len(years) == 0 {
		return 0, nil, ted.Errorf(ted.CodeNotFound, "no school year has been computed "+
			"yet: import the district's data first")
	}
	if c.Query("year") == "" {
		return years[0], years, nil
	}
	y, err := s.year(c)
	return y, years, err
}

// yearFilter is the filter of a page's school year.
func yearFilter(years []int, selected int) dashboards.Filter {
	f := dashboards.Filter{Name: "year", Label: "School year"}
	for _, y := range years {
		f.Options = append(f.Options, dashboards.Option{Value: strconv.Itoa(y),
			Label: fmt.Sprintf("%d-%02d", y-1, y%100), Selected: y == selected})
	}
	return f
}
