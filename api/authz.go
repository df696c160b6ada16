package api

import (
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// scope says which domains a route touches, and so in which of them a
// caller's roles are checked.
type scope int

const (
	// public routes answer without signing in.
	public scope = iota
	// signedIn routes answer any signed-in user about themselves.
	signedIn
	// district routes touch the district as a whole.
	district
	// school routes touch the school named by :school_id.
	school
	// staff routes touch the staff member named by :staff_id, and the
	// schools they are assigned to.
	staff
	// anyDomain routes list what the caller may see in whichever domains
	// their roles give them the resource; the handler narrows the answer
	// to the domains granted.
	anyDomain
)

// endpoint is one entry of the API's route table: its method and path, the
// resource and action it needs, the domains it touches, and its handler.
// Every API route is in the table, and the table is what the router, the
// authorization middleware and the tests are built from.
type endpoint struct {
	method, path     string
	resource, action string
	scope            scope
	// resourceOf, when set, names the resource from the request instead,
	// for a route whose resource depends on what it is asked for.
	resourceOf func(c *gin.Context) string
	// page routes answer HTML: a visitor not signed in is sent to sign
	// in, and a refusal is a page.
	page    bool
	handler func(*Server, *gin.Context)
}

const grantedKey = "granted"

// granted returns the domains in which the caller was allowed the route's
// resource: "district" first when it is one of them.
func granted(c *gin.Context) []string {
	v, _ := c.Get(grantedKey)
	d, _ := v.([]string)
	return d
}

// districtWide reports whether the caller was allowed the route across
// the district.
func districtWide(c *gin.Context) bool {
	return slices.Contains(granted(c), policies.District)
}

// grantedSchools lists the schools whose domains the caller was allowed.
func grantedSchools(c *gin.Context) []string {
	var ids []string
	for _, d := range granted(c) {
		if id, ok := cutPrefix(d, "school:"); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return "", false
}

// authorize checks the caller against a route: a route that is not public
// needs a caller, a CSRF token when the caller uses the cookie, and a
// policy allowing the route's resource and action in one of the domains it
// touches. It fails closed: an error of the enforcer is a 500, a denial a
// 403, and both are logged; a denial is also written to the audit log.
func (s *Server) authorize(rt endpoint) gin.HandlerFunc {
	fail := respondError
	if rt.page {
		fail = s.failPage
	}
	return func(c *gin.Context) {
		if rt.scope == public {
			c.Next()
			return
		}
		cl := callerOf(c)
		if cl == nil {
			fail(c, ted.Errorf(ted.CodeUnauthorized, "sign in to use TED"))
			return
		}
		if err := checkCSRF(c, cl); err != nil {
			fail(c, err)
			return
		}
		if rt.scope == signedIn {
			c.Next()
			return
		}

		resource := rt.resource
		if rt.resourceOf != nil {
			resource = rt.resourceOf(c)
		}
		domains, err := s.domains(c, rt.scope, cl.User.UserID)
		if err != nil {
			fail(c, err)
			return
		}
		var ok []string
		for _, d := range domains {
			allowed, err := s.enforcer.Allowed(cl.User.UserID, d, resource, rt.action)
			if err != nil {
				fail(c, ted.Wrap(ted.CodeInternal, err, "authorization failed"))
				return
			}
			if allowed {
				ok = append(ok, d)
			}
		}
		if len(ok) == 0 {
			s.audit(c, models.AuditEntry{UserID: cl.User.UserID, Actor: cl.User.Email,
				Action: rt.action, Resource: resource, RecordID: recordOf(c),
				Outcome: models.AuditDenied})
			fail(c, ted.Errorf(ted.CodeForbidden, "your roles do not allow this"))
			return
		}
		c.Set(grantedKey, ok)
		c.Next()
	}
}

// recordOf names the record a request is about, from its path.
func recordOf(c *gin.Context) string {
	for _, p := range []string{"staff_id", "school_id", "user_id", "token_id", "scenario_id",
		"name"} {
		if v := c.Param(p); v != "" {
			return v
		}
	}
	return ""
}

// domains lists the domains a request touches, the district first.
func (s *Server) domains(c *gin.Context, sc scope, userID string) ([]string, error) {
	list := []string{policies.District}
	switch sc {
	case school:
		list = append(list, policies.SchoolDomain(c.Param("school_id")))
	case staff:
		id := c.Param("staff_id")
		list = append(list, policies.StaffDomain(id))
		schools, err := s.db.StaffSchools(c.Request.Context(), id)
		if err != nil {
			return nil, err
		}
		for _, sch := range schools {
			list = append(list, policies.SchoolDomain(sch))
		}
	case anyDomain:
		roles, err := s.enforcer.Roles(userID)
		if err != nil {
			return nil, ted.Wrap(ted.CodeInternal, err, "authorization failed")
		}
		for _, r := range roles {
			if r.Domain != policies.District && !slices.Contains(list, r.Domain) {
				list = append(list, r.Domain)
			}
		}
	}
	return list, nil
}

// handle adapts a handler of the route table to Gin.
func (s *Server) handle(fn func(*Server, *gin.Context)) gin.HandlerFunc {
	return func(c *gin.Context) { fn(s, c) }
}

// mountAPI adds every route of the table to the router, each behind the
// authorization it declares.
func (s *Server) mountAPI(r *gin.Engine) {
	g := r.Group("", securityHeaders(), s.authenticate())
	for _, rt := range apiRoutes() {
		g.Handle(rt.method, rt.path, s.authorize(rt), s.handle(rt.handler))
	}
	g.GET("/api/openapi.json", s.openAPI)
}
