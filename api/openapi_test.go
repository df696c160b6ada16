package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/ted-dashboard/ted/api/tables"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/policies"
)

// serverRoutes are the routes served beside the route table: health,
// metrics and the document itself, all open without signing in.
var serverRoutes = []string{"GET /healthz", "GET /readyz", "GET /metrics",
	"GET /api/openapi.json"}

// ginParam matches a parameter of a route table path, such as :school_id.
var ginParam = regexp.MustCompile(`:([a-z_]+)`)

// openAPIPath spells a route table path as the document does:
// /schools/:school_id becomes /schools/{school_id}.
func openAPIPath(path string) string {
	return ginParam.ReplaceAllString(path, "{$1}")
}

// loadOpenAPI loads the document the server serves and validates it.
func loadOpenAPI(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatalf("loading openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("routing by openapi.json: %v", err)
	}
	return doc, router
}

// checkAnswer checks an answer against the document. The operation must
// list its status, and the answer must carry the headers, media type and
// body documented for that status; a status documented without content
// must have no body. When checkRequest is set, the request must follow
// the document too. It returns the operation the request was routed to.
func checkAnswer(router routers.Router, req *http.Request, checkRequest bool, status int,
	header http.Header, body []byte) (*routers.Route, error) {
	route, params, err := router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("no operation of the document: %w", err)
	}
	ctx := req.Context()
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params,
		Route: route, Options: &openapi3filter.Options{
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if checkRequest {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return route, fmt.Errorf("the request does not follow the document: %w", err)
		}
	}

	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in,
		Status: status, Header: header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{
				openapi3.DisableSchemaErrorDetails()}}}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return route, err
	}
	if r := route.Operation.Responses.Status(status); r != nil && len(r.Value.Content) == 0 &&
		len(body) > 0 {
		return route, fmt.Errorf("status %d is documented without a body, but has %d bytes",
			status, len(body))
	}
	return route, nil
}

// wantClosed fails the test for each object schema under s that lists its
// properties but allows others, since a field an answer has and the
// document lacks would then go unnoticed.
func wantClosed(t *testing.T, at string, s *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	t.Helper()
	if s == nil || s.Value == nil || seen[s.Value] {
		return
	}
	v := s.Value
	seen[v] = true
	if has := v.AdditionalProperties.Has; len(v.Properties) > 0 && (has == nil || *has) {
		t.Errorf("%s: schema %s allows properties it does not list", at, s.Ref)
	}
	for _, name := range slices.Sorted(maps.Keys(v.Properties)) {
		wantClosed(t, at+"."+name, v.Properties[name], seen)
	}
	wantClosed(t, at+"[]", v.Items, seen)
	for _, sub := range slices.Concat(v.AllOf, v.OneOf, v.AnyOf) {
		wantClosed(t, at, sub, seen)
	}
}

// servedRoutes tells, for each route the server answers ("GET
// /api/v1/me"), whether it answers without signing in.
func servedRoutes() map[string]bool {
	open := map[string]bool{}
	for _, rt := range apiRoutes() {
		open[rt.method+" "+openAPIPath(rt.path)] = rt.scope == public
	}
	for _, route := range serverRoutes {
		open[route] = true
	}
	return open
}

// operationsOf returns the operations of a document by method and path.
func operationsOf(doc *openapi3.T) map[string]*openapi3.Operation {
	ops := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[method+" "+path] = op
		}
	}
	return ops
}

func TestOpenAPI_Document(t *testing.T) {
	doc, router := loadOpenAPI(t)
	open, documented := servedRoutes(), operationsOf(doc)

	t.Run("Routes", func(t *testing.T) {
		for _, route := range slices.Sorted(maps.Keys(open)) {
			if documented[route] == nil {
				t.Errorf("%s is served but not documented", route)
			}
		}
		for _, route := range slices.Sorted(maps.Keys(documented)) {
			if _, ok := open[route]; !ok {
				t.Errorf("%s is documented but not served", route)
			}
		}
	})

	t.Run("Security", func(t *testing.T) {
		for _, route := range slices.Sorted(maps.Keys(documented)) {
			op, isOpen := documented[route], open[route]
			switch {
			case op.Security == nil:
				t.Errorf("%s: the operation does not say what credentials it needs", route)
			case isOpen && len(*op.Security) > 0:
				t.Errorf("%s answers without signing in, but asks for credentials", route)
			case !isOpen && len(*op.Security) == 0:
				t.Errorf("%s needs a signed-in user, but asks for no credentials", route)
			}
		}
	})

	t.Run("ClosedAnswers", func(t *testing.T) {
		seen := map[*openapi3.Schema]bool{}
		for _, route := range slices.Sorted(maps.Keys(documented)) {
			responses := documented[route].Responses.Map()
			for _, status := range slices.Sorted(maps.Keys(responses)) {
				for media, mt := range responses[status].Value.Content {
					wantClosed(t, route+" "+status+" "+media, mt.Schema, seen)
				}
			}
		}
	})

	t.Run("Strays", func(t *testing.T) { wantStraysCaught(t, router) })
}

// wantStraysCaught fails the test unless an answer that strays from the
// document in any way fails the check.
func wantStraysCaught(t *testing.T, router routers.Router) {
	const me = `{"user_id": "u1", "email": "a@district.example.org", "roles": []}`
	jsonType := "application/json; charset=utf-8"
	for _, tt := range []struct {
		name      string
		status    int
		mediaType string
		requestID string
		body      string
		ok        bool
	}{
		{"Follows", 200, jsonType, "r1", me, true},
		{"MissingHeader", 200, jsonType, "", me, false},
		{"UnknownField", 200, jsonType, "r1", me[:len(me)-1] + `, "nickname": "Al"}`, false},
		{"MissingField", 200, jsonType, "r1", `{"user_id": "u1", "roles": []}`, false},
		{"NullList", 200, jsonType, "r1",
			`{"user_id": "u1", "email": "a@district.example.org", "roles": null}`, false},
		{"WrongType", 200, jsonType, "r1",
			`{"user_id": 1, "email": "a@district.example.org", "roles": []}`, false},
		{"UndocumentedStatus", 404, jsonType, "r1",
			`{"error": {"code": "not_found", "message": "gone"}}`, false},
		{"UndocumentedMediaType", 200, "text/csv", "r1", "user_id\nu1\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			header := http.Header{"Content-Type": {tt.mediaType}}
			if tt.requestID != "" {
				header.Set("X-Request-ID", tt.requestID)
			}
			_, err := checkAnswer(router, req, true, tt.status, header, []byte(tt.body))
			if tt.ok && err != nil {
				t.Errorf("the answer follows the document, but the check says: %v", err)
			}
			if !tt.ok && err == nil {
				t.Errorf("the answer strays from the document, but the check passes it")
			}
		})
	}
}

// openAPIEnv is the fixture district, the router of the document, and the
// statuses each operation answered.
type openAPIEnv struct {
	f      *fixture
	router routers.Router
	// statuses lists the statuses seen, by operation ("GET /api/v1/me").
	statuses map[string][]int
}

// openAPIRequest is one request to check.
type openAPIRequest struct {
	// as is the fixture caller whose API token is sent; "" sends none.
	as           string
	method, path string
	// body, when not nil, is sent as JSON.
	body any
	// header holds more headers, such as a session cookie.
	header http.Header
	want   int
}

// send makes a request, fails the test unless the answer has the status
// wanted and follows the document, and returns the answer. The request
// itself is checked against the document when it is meant to succeed.
func (e *openAPIEnv) send(t *testing.T, r openAPIRequest) *httptest.ResponseRecorder {
	t.Helper()
	var body []byte
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			t.Fatal(err)
		}
	}
	newRequest := func() *http.Request {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req := httptest.NewRequest(r.method, r.path, rd)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if r.as != "" {
			req.Header.Set("Authorization", "Bearer "+e.f.tokens[r.as])
		}
		for k, vs := range r.header {
			for _, v := range vs {
				req.Header.Add(k, v)
			}
		}
		return req
	}
	w := httptest.NewRecorder()
	e.f.s.Handler().ServeHTTP(w, newRequest())

	what := fmt.Sprintf("%s %s as %q", r.method, r.path, r.as)
	if w.Code != r.want {
		t.Errorf("%s: status %d, want %d: %s", what, w.Code, r.want, clip(w.Body.String()))
	}
	route, err := checkAnswer(e.router, newRequest(), r.want < 400, w.Code, w.Header(),
		w.Body.Bytes())
	if err != nil {
		t.Errorf("%s: the answer %d strays from openapi.json: %s\nbody: %s", what, w.Code,
			clip(err.Error()), clip(w.Body.String()))
	}
	if route != nil {
		op := route.Method + " " + route.Path
		e.statuses[op] = append(e.statuses[op], w.Code)
	}
	return w
}

// clip shortens a message about a large answer, such as an export whose
// every row strays.
func clip(s string) string {
	const most = 1000
	if len(s) > most {
		return fmt.Sprintf("%s... (%d more bytes)", s[:most], len(s)-most)
	}
	return s
}

// getAs is a GET request of a caller that should answer want.
func getAs(as, path string, want int) openAPIRequest {
	return openAPIRequest{as: as, method: http.MethodGet, path: path, want: want}
}

// withQuery adds a query of name and value pairs to a path.
func withQuery(path string, pairs ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Add(pairs[i], pairs[i+1])
	}
	return path + "?" + q.Encode()
}

func TestOpenAPI_Responses(t *testing.T) {
	_, router := loadOpenAPI(t)
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		e := &openAPIEnv{f: newFixture(t, db), router: router, statuses: map[string][]int{}}
		t.Run("SignIn", e.signIn)
		t.Run("Schools", e.schools)
		t.Run("Teachers", e.teachers)
		t.Run("District", e.district)
		t.Run("Exports", e.exports)
		t.Run("Audit", e.audit)
		t.Run("Users", func(t *testing.T) {
			user := e.accounts(t)
			t.Run("Roles", func(t *testing.T) { e.roles(t, user) })
			t.Run("Tokens", func(t *testing.T) { e.tokens(t, user) })
		})
		t.Run("Policies", e.rules)
		t.Run("Scenarios", e.scenarios)
		t.Run("Server", e.server)
		t.Run("SignedOut", e.signedOut)
		t.Run("EveryRoute", e.everyRoute)
	})
}

// signIn signs in and out with the cookie and with tokens, and fails to.
func (e *openAPIEnv) signIn(t *testing.T) {
	const login, logout, post = "/api/v1/auth/login", "/api/v1/auth/logout",
		http.MethodPost
	admin := loginRequest{Email: asAdmin + "@district.example.org", Password: fixturePassword}
	w := e.send(t, openAPIRequest{method: post, path: login, body: admin, want: 200})
	session := decode[loginResponse](t, w)
	var cookie http.Header
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			cookie = http.Header{"Cookie": {c.Name + "=" + c.Value}}
		}
	}
	withCSRF := http.Header{"Cookie": cookie["Cookie"], csrfHeader: {session.CSRFToken}}

	// The cookie session answers its CSRF token, and refuses a change
	// that lacks it.
	e.send(t, openAPIRequest{method: http.MethodGet, path: "/api/v1/me", header: cookie,
		want: 200})
	e.send(t, openAPIRequest{method: post, path: "/api/v1/users", header: cookie,
		body: map[string]string{"email": "csrf@district.example.org"}, want: 403})
	e.send(t, openAPIRequest{method: post, path: logout, header: cookie, want: 403})
	e.send(t, openAPIRequest{method: post, path: logout, header: withCSRF, want: 204})
	e.send(t, openAPIRequest{method: http.MethodGet, path: "/api/v1/me", header: cookie,
		want: 401})

	e.send(t, getAs(asTeacher, "/api/v1/me", 200))
	e.send(t, openAPIRequest{as: asPrincipal, method: post, path: logout, want: 204})
	e.send(t, openAPIRequest{method: http.MethodGet, path: "/api/v1/me",
		header: http.Header{"Authorization": {"Bearer tedt_not-a-token"}}, want: 401})

	// Failed sign-ins, then too many of them.
	e.send(t, openAPIRequest{method: post, path: login, body: []int{1}, want: 400})
	wrong := loginRequest{Email: asNobody + "@district.example.org", Password: "not the password"}
	for range maxAccountFail {
		e.send(t, openAPIRequest{method: post, path: login, body: wrong, want: 401})
	}
	e.send(t, openAPIRequest{method: post, path: login, body: wrong, want: 429})
}

// schools reads the schools, each one, and their teachers.
func (e *openAPIEnv) schools(t *testing.T) {
	f := e.f
	own, other := "/api/v1/schools/"+f.ownSchool, "/api/v1/schools/"+f.otherSchool
	e.send(t, getAs(asPrincipal, "/api/v1/schools", 200))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/schools", "limit", "2", "offset", "1"), 200))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/schools", "limit", "0"), 400))
	e.send(t, getAs(asTeacher, "/api/v1/schools", 403))

	// Every school, in both computed years and in a year not computed,
	// whose measures are null.
	all := decode[list[schoolBody]](t, e.send(t, getAs(asHRLeader, "/api/v1/schools", 200)))
	for _, sc := range all.Items {
		for _, year := range []int{f.year, f.year + 1, 1999} {
			path := withQuery("/api/v1/schools/"+sc.SchoolID, "year", strconv.Itoa(year))
			e.send(t, getAs(asAdmin, path, 200))
		}
	}
	e.send(t, getAs(asPrincipal, own, 200))
	e.send(t, getAs(asPrincipal, other, 403))
	e.send(t, getAs(asAdmin, "/api/v1/schools/S9999", 404))
	e.send(t, getAs(asAdmin, withQuery(own, "year", "abc"), 400))

	for _, year := range []int{f.year, f.year + 1} {
		path := withQuery(own+"/teachers", "year", strconv.Itoa(year))
		e.send(t, getAs(asPrincipal, path, 200))
	}
	e.send(t, getAs(asHRLeader, withQuery(other+"/teachers", "limit", "5", "offset", "5"), 200))
	e.send(t, getAs(asAdmin, "/api/v1/schools/S9999/teachers", 404))
	e.send(t, getAs(asDistrictLeader, own+"/teachers", 403))
	e.send(t, getAs(asAdmin, withQuery(own+"/teachers", "offset", "-1"), 400))
}

// teachers reads the record of every teacher of a school.
func (e *openAPIEnv) teachers(t *testing.T) {
	f := e.f
	staff := decode[list[staffTeacher]](t, e.send(t, getAs(asAdmin,
		withQuery("/api/v1/schools/"+f.ownSchool+"/teachers", "year",
			strconv.Itoa(f.year)), 200)))
	for _, st := range staff.Items {
		e.send(t, getAs(asAdmin, "/api/v1/teachers/"+st.StaffID, 200))
	}
	e.send(t, getAs(asTeacher, "/api/v1/teachers/"+f.ownTeacher, 200))
	e.send(t, getAs(asHRLeader, withQuery("/api/v1/teachers/"+f.otherTeacher, "year",
		strconv.Itoa(f.year)), 200))
	e.send(t, getAs(asPrincipal, "/api/v1/teachers/"+f.otherTeacher, 403))
	e.send(t, getAs(asAdmin, "/api/v1/teachers/T9999", 404))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/teachers/"+f.ownTeacher, "year", "20x"), 400))
}

// district reads each district table.
func (e *openAPIEnv) district(t *testing.T) {
	year := strconv.Itoa(e.f.year)
	for _, table := range []string{"equity", "retention", "pipeline", "compensation"} {
		path := "/api/v1/district/" + table
		e.send(t, getAs(asDistrictLeader, withQuery(path, "year", year), 200))
		e.send(t, getAs(asAdmin, path, 200))
		e.send(t, getAs(asPrincipal, path, 403))
		e.send(t, getAs(asHRLeader, withQuery(path, "year", "1999"), 404))
		e.send(t, getAs(asAdmin, withQuery(path, "year", "x"), 400))
	}
}

// exports exports each table in each format.
func (e *openAPIEnv) exports(t *testing.T) {
	year := strconv.Itoa(e.f.year)
	for _, name := range models.ExportNames() {
		path := "/api/v1/exports/" + name
		for _, format := range tables.Formats() {
			e.send(t, getAs(asHRLeader, withQuery(path, "year", year, "format", format), 200))
		}
		e.send(t, getAs(asPrincipal, withQuery(path, "format", "json"), 200))
		e.send(t, getAs(asAdmin, withQuery(path, "year", "1999", "format", "json"), 200))
	}
	e.send(t, getAs(asDistrictLeader, "/api/v1/exports/school-metrics", 200))
	e.send(t, getAs(asDistrictLeader, "/api/v1/exports/teacher-metrics", 403))
	e.send(t, getAs(asTeacher, "/api/v1/exports/school-metrics", 403))
	e.send(t, getAs(asAdmin, "/api/v1/exports/report-cards", 404))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/exports/school-metrics", "format", "pdf"), 400))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/exports/school-metrics", "year", "abc"), 400))
}

// audit reads the audit log, filtered and not.
func (e *openAPIEnv) audit(t *testing.T) {
	e.send(t, getAs(asAdmin, "/api/v1/audit", 200))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/audit", "user", e.f.users[asPrincipal],
		"record", e.f.ownSchool, "from", "2000-01-01T00:00:00Z",
		"to", "2100-01-01T00:00:00Z", "limit", "10", "offset", "0"), 200))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/audit", "from", "yesterday"), 400))
	e.send(t, getAs(asHRLeader, "/api/v1/audit", 403))
}

// accounts lists accounts, makes one and changes it, and returns its
// path.
func (e *openAPIEnv) accounts(t *testing.T) string {
	const post, patch = http.MethodPost, http.MethodPatch
	e.send(t, getAs(asAdmin, "/api/v1/users", 200))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/users", "limit", "2", "offset", "1"), 200))
	e.send(t, getAs(asAdmin, withQuery("/api/v1/users", "limit", "1001"), 400))
	e.send(t, getAs(asPrincipal, "/api/v1/users", 403))

	principal := policies.Role{Role: policies.Principal,
		Domain: policies.SchoolDomain(e.f.ownSchool)}
	body := createUserRequest{Email: "new.principal@district.example.org",
		Password: fixturePassword, Roles: []policies.Role{principal}}
	created := decode[userBody](t, e.send(t, openAPIRequest{as: asAdmin, method: post,
		path: "/api/v1/users", body: body, want: 201}))
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: "/api/v1/users",
		body: map[string]string{"email": "token.only@district.example.org"}, want: 201})
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: "/api/v1/users", body: body,
		want: 409})
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: "/api/v1/users",
		body: createUserRequest{Email: "owner@district.example.org",
			Roles: []policies.Role{{Role: "owner", Domain: policies.District}}}, want: 400})
	e.send(t, openAPIRequest{as: asHRLeader, method: post, path: "/api/v1/users",
		body: body, want: 403})

	user := "/api/v1/users/" + created.UserID
	e.send(t, getAs(asAdmin, user, 200))
	e.send(t, getAs(asAdmin, "/api/v1/users/nobody", 404))
	for _, tt := range []struct {
		path string
		body map[string]any
		want int
	}{
		{user, map[string]any{"disabled": true}, 200},
		{user, map[string]any{"disabled": false, "password": "a new and longer passphrase"},
			200},
		{user, map[string]any{"password": "short"}, 400},
		{"/api/v1/users/nobody", map[string]any{"disabled": true}, 404},
	} {
		e.send(t, openAPIRequest{as: asAdmin, method: patch, path: tt.path, body: tt.body,
			want: tt.want})
	}
	return user
}

// roles grants an account a role and revokes it.
func (e *openAPIEnv) roles(t *testing.T, user string) {
	const post, del = http.MethodPost, http.MethodDelete
	teacher := policies.Role{Role: policies.Teacher,
		Domain: policies.StaffDomain(e.f.ownTeacher)}
	roles := user + "/roles"
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: roles, body: teacher, want: 200})
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: roles, want: 400,
		body: policies.Role{Role: policies.Admin, Domain: policies.SchoolDomain(e.f.ownSchool)}})
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: "/api/v1/users/nobody/roles",
		body: teacher, want: 404})
	revoke := withQuery(roles, "role", teacher.Role, "domain", teacher.Domain)
	e.send(t, openAPIRequest{as: asAdmin, method: del, path: revoke, want: 200})
	e.send(t, openAPIRequest{as: asAdmin, method: del, path: revoke, want: 404})
	e.send(t, openAPIRequest{as: asHRLeader, method: del, path: revoke, want: 403})
}

// tokens makes an API token for an account, uses it and revokes it.
func (e *openAPIEnv) tokens(t *testing.T, user string) {
	const post, del = http.MethodPost, http.MethodDelete
	tokens := user + "/tokens"
	e.send(t, getAs(asAdmin, tokens, 200))
	made := decode[tokenBody](t, e.send(t, openAPIRequest{as: asAdmin, method: post,
		path: tokens, want: 201}))
	e.send(t, openAPIRequest{method: http.MethodGet, path: "/api/v1/me",
		header: http.Header{"Authorization": {"Bearer " + made.Token}}, want: 200})
	e.send(t, getAs(asAdmin, tokens, 200))
	// A second token, to list a page at a time.
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: tokens, want: 201})
	page := decode[list[tokenBody]](t, e.send(t,
		getAs(asAdmin, withQuery(tokens, "limit", "1", "offset", "1"), 200)))
	if page.Total != 2 || len(page.Items) != 1 || page.Limit != 1 || page.Offset != 1 {
		t.Errorf("tokens 1 from 1: %+v", page)
	}
	e.send(t, getAs(asAdmin, withQuery(tokens, "offset", "-1"), 400))
	e.send(t, openAPIRequest{as: asAdmin, method: del, path: "/api/v1/tokens/" + made.TokenID,
		want: 200})
	e.send(t, openAPIRequest{as: asAdmin, method: del, path: "/api/v1/tokens/" + made.TokenID,
		want: 200})
	e.send(t, openAPIRequest{as: asAdmin, method: del, path: "/api/v1/tokens/none", want: 404})
	e.send(t, getAs(asAdmin, "/api/v1/users/nobody/tokens", 404))
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: "/api/v1/users/nobody/tokens",
		want: 404})
	e.send(t, openAPIRequest{as: asPrincipal, method: post, path: tokens, want: 403})
}

// scenarios evaluates budget scenarios.
func (e *openAPIEnv) scenarios(t *testing.T) {
	const post, path = http.MethodPost, "/api/v1/scenarios/evaluate"
	target := 5000000.0
	body := scenarioRequest{Year: e.f.year, BudgetTarget: &target, Options: []optionBody{
		{Kind: "raise", Amount: 1000},
		{Kind: "class_size", GradeBand: "6-8", Change: 1},
		{Kind: "retention_bonus", Amount: 2000,
			Target: targetBody{Ratings: []string{"exemplary"}, HighPoverty: true}},
	}}
	e.send(t, openAPIRequest{as: asDistrictLeader, method: post, path: path, body: body,
		want: 200})
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: path,
		body: scenarioRequest{Options: []optionBody{}}, want: 200})
	e.send(t, openAPIRequest{as: asDistrictLeader, method: post, path: path,
		body: scenarioRequest{Options: []optionBody{{Kind: "tax_cut"}}}, want: 400})
	e.send(t, openAPIRequest{as: asDistrictLeader, method: post, path: path,
		body: scenarioRequest{Year: 1999, Options: []optionBody{}}, want: 404})
	e.send(t, openAPIRequest{as: asPrincipal, method: post, path: path,
		body: scenarioRequest{Options: []optionBody{}}, want: 403})

	saved := e.send(t, openAPIRequest{as: asDistrictLeader, method: post,
		path: "/api/v1/scenarios", body: saveRequest{Name: "Raise in high-poverty schools",
			scenarioRequest: body}, want: 201})
	var sv savedScenario
	if err := json.Unmarshal(saved.Body.Bytes(), &sv); err != nil {
		t.Fatal(err)
	}
	e.send(t, openAPIRequest{as: asDistrictLeader, method: post, path: "/api/v1/scenarios",
		body: saveRequest{scenarioRequest: body}, want: 400})
	e.send(t, getAs(asDistrictLeader, "/api/v1/scenarios", 200))
	e.send(t, getAs(asDistrictLeader, withQuery("/api/v1/scenarios", "saved_by", "me"), 200))
	e.send(t, getAs(asAdmin, "/api/v1/scenarios/"+sv.ScenarioID, 200))
	e.send(t, getAs(asAdmin, "/api/v1/scenarios/nope", 404))
	e.send(t, getAs(asHRLeader, "/api/v1/scenarios", 403))
	e.send(t, openAPIRequest{as: asDistrictLeader, method: http.MethodDelete,
		path: "/api/v1/scenarios/" + sv.ScenarioID, want: 204})
	e.send(t, openAPIRequest{as: asDistrictLeader, method: http.MethodDelete,
		path: "/api/v1/scenarios/" + sv.ScenarioID, want: 404})

	for _, y := range []int{2024, 2025} {
		e.send(t, getAs(asPrincipal, fmt.Sprintf("/api/v1/schools/%s/budget?year=%d",
			e.f.ownSchool, y), 200))
	}
	e.send(t, getAs(asDistrictLeader, "/api/v1/schools/"+e.f.otherSchool+"/budget", 200))
	e.send(t, getAs(asAdmin, "/api/v1/schools/NOPE/budget", 404))
	e.send(t, getAs(asAdmin, "/api/v1/schools/"+e.f.ownSchool+"/budget?year=x", 400))
	e.send(t, getAs(asPrincipal, "/api/v1/schools/"+e.f.otherSchool+"/budget", 403))
}

// rules adds a policy and removes it.
func (e *openAPIEnv) rules(t *testing.T) {
	const post, del = http.MethodPost, http.MethodDelete
	p := policies.Policy{Role: policies.Principal, Domain: "school:*",
		Resource: policies.Audit, Action: policies.Read}
	all := decode[list[policies.Policy]](t, e.send(t, getAs(asAdmin, "/api/v1/policies", 200)))
	// Policies are listed a page at a time, like every list.
	paged := decode[list[policies.Policy]](t, e.send(t,
		getAs(asAdmin, withQuery("/api/v1/policies", "limit", "2", "offset", "1"), 200)))
	if all.Total < 3 || paged.Total != all.Total || len(paged.Items) != 2 ||
		paged.Items[0] != all.Items[1] || paged.Items[1] != all.Items[2] {
		t.Errorf("policies 2 from 1: %+v of %+v", paged, all)
	}
	e.send(t, getAs(asAdmin, withQuery("/api/v1/policies", "limit", "0"), 400))
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: "/api/v1/policies", body: p,
		want: 201})
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: "/api/v1/policies", body: p,
		want: 409})
	e.send(t, openAPIRequest{as: asAdmin, method: post, path: "/api/v1/policies",
		body: policies.Policy{Role: "Principal!", Domain: "school:*", Resource: "audit",
			Action: "read"}, want: 400})
	remove := withQuery("/api/v1/policies", "role", p.Role, "domain", p.Domain,
		"resource", p.Resource, "action", p.Action)
	e.send(t, openAPIRequest{as: asAdmin, method: del, path: remove, want: 204})
	e.send(t, openAPIRequest{as: asAdmin, method: del, path: remove, want: 404})
	e.send(t, getAs(asHRLeader, "/api/v1/policies", 403))
}

// server checks health, metrics and the document, which answer without
// signing in.
func (e *openAPIEnv) server(t *testing.T) {
	e.send(t, getAs("", "/healthz", 200))
	e.send(t, getAs("", "/readyz", 200))
	e.send(t, getAs("", "/metrics", 200))
	e.send(t, openAPIRequest{method: http.MethodGet, path: "/metrics", want: 200,
		header: http.Header{"Accept": {"application/vnd.google.protobuf;" +
			"proto=io.prometheus.client.MetricFamily;encoding=delimited"}}})

	w := e.send(t, getAs("", "/api/openapi.json", 200))
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET /api/openapi.json: Content-Type %q, want application/json", ct)
	}
	if !bytes.Equal(w.Body.Bytes(), openAPIDocument) {
		t.Errorf("GET /api/openapi.json does not answer the embedded document")
	}
	e.send(t, openAPIRequest{method: http.MethodGet, path: "/api/openapi.json",
		header: http.Header{"Authorization": {"Bearer tedt_not-a-token"}}, want: 401})
}

// signedOut asks every route that needs a signed-in user without
// credentials.
func (e *openAPIEnv) signedOut(t *testing.T) {
	params := map[string]string{"school_id": e.f.ownSchool, "staff_id": e.f.ownTeacher,
		"name": "school-metrics", "user_id": e.f.users[asTeacher], "token_id": "none",
		"scenario_id": "none"}
	for _, rt := range apiRoutes() {
		if rt.scope == public {
			continue
		}
		path := ginParam.ReplaceAllStringFunc(rt.path, func(p string) string {
			return params[p[1:]]
		})
		e.send(t, openAPIRequest{method: rt.method, path: path, want: 401})
	}
}

// everyRoute fails the test for each route that gave no successful
// answer to check, or, in the route table, no failed one.
func (e *openAPIEnv) everyRoute(t *testing.T) {
	succeeded := func(s int) bool { return s < 300 }
	failed := func(s int) bool { return s >= 400 }
	for _, rt := range apiRoutes() {
		op := rt.method + " " + openAPIPath(rt.path)
		if got := e.statuses[op]; !slices.ContainsFunc(got, succeeded) ||
			!slices.ContainsFunc(got, failed) {
			t.Errorf("%s: answers %v checked, want a success and a failure", op, got)
		}
	}
	for _, op := range serverRoutes {
		if got := e.statuses[op]; !slices.ContainsFunc(got, succeeded) {
			t.Errorf("%s: answers %v checked, want a success", op, got)
		}
	}
}
