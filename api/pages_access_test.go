package api

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// pageRoles are the fixture users who sign in to the pages, one of each
// role.
var pageRoles = []string{asAdmin, asHRLeader, asDistrictLeader, asPrincipal, asTeacher}

// emailOf is the address a fixture user signs in with.
func emailOf(as string) string { return as + "@district.example.org" }

// pagePatterns lists the GET patterns of the page route table.
func pagePatterns() []string {
	var ps []string
	for _, rt := range pageRoutes() {
		if rt.method == http.MethodGet {
			ps = append(ps, rt.path)
		}
	}
	return ps
}

// patternOf returns the page pattern a path belongs to; a pattern without
// parameters wins over one with, as in the router.
func patternOf(path string) (string, bool) {
	var found string
	for _, p := range pagePatterns() {
		if _, ok := routeParams(p, path); !ok {
			continue
		}
		if !strings.Contains(p, ":") {
			return p, true
		}
		if found == "" {
			found = p
		}
	}
	return found, found != ""
}

// pageRequest is one page asked for: a pattern with its parameter filled
// with the principal's school or the teacher user's own record (scope
// own), with another school or a teacher of it (scope other), or a
// pattern without parameters (scope any).
type pageRequest struct {
	pattern, scope, path string
}

// pageRequests fills in every GET page pattern. A pattern whose
// parameters it cannot fill fails the test, so that no page goes
// unchecked.
func pageRequests(t *testing.T, f *fixture) []pageRequest {
	t.Helper()
	// A saved scenario belongs to the district: whoever may weigh
	// scenarios may open it.
	saved, err := f.db.SaveScenario(t.Context(), models.Scenario{UserID: f.users[asAdmin],
		Name: "Step freeze", SchoolYear: f.year,
		Request: `{"year":` + strconv.Itoa(f.year) + `,"options":[{"kind":"step_freeze"}]}`})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]map[string]string{
		":school_id":   {scopeOwn: f.ownSchool, scopeOther: f.otherSchool},
		":staff_id":    {scopeOwn: f.ownTeacher, scopeOther: f.otherTeacher},
		":scenario_id": {scopeOwn: saved.ScenarioID, scopeOther: saved.ScenarioID},
	}
	var reqs []pageRequest
	for _, p := range pagePatterns() {
		var params []string
		for seg := range strings.SplitSeq(p, "/") {
			if strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "*") {
				params = append(params, seg)
			}
		}
		switch {
		case len(params) == 0:
			reqs = append(reqs, pageRequest{pattern: p, scope: scopeAny, path: p})
		case len(params) == 1 && ids[params[0]] != nil:
			for _, scope := range []string{scopeOwn, scopeOther} {
				id := url.PathEscape(ids[params[0]][scope])
				reqs = append(reqs, pageRequest{pattern: p, scope: scope,
					path: strings.Replace(p, params[0], id, 1)})
			}
		default:
			t.Errorf("the access check cannot fill in %v of the page %s: "+
				"tell pageRequests which records to ask for", params, p)
		}
	}
	return reqs
}

var (
	navBlock  = regexp.MustCompile(`(?s)<nav>(.*?)</nav>`)
	hrefAttr  = regexp.MustCompile(`href="([^"]*)"`)
	cellLink  = regexp.MustCompile(`<td[^>]*><a href="([^"]*)"`)
	chartData = regexp.MustCompile(`data-options="([^"]*)"`)
)

// navLinks returns the addresses of a page's nav.
func navLinks(body string) []string {
	m := navBlock.FindStringSubmatch(body)
	if m == nil {
		return nil
	}
	var links []string
	for _, a := range hrefAttr.FindAllStringSubmatch(m[1], -1) {
		links = append(links, html.UnescapeString(a[1]))
	}
	return links
}

// drillLinks returns the drill-down links of a page: those of its table
// cells and those of its charts' points.
func drillLinks(t *testing.T, body string) []string {
	t.Helper()
	var links []string
	for _, a := range cellLink.FindAllStringSubmatch(body, -1) {
		links = append(links, html.UnescapeString(a[1]))
	}
	for _, d := range chartData.FindAllStringSubmatch(body, -1) {
		var options any
		if err := json.Unmarshal([]byte(html.UnescapeString(d[1])), &options); err != nil {
			t.Errorf("chart options are not JSON: %v", err)
			continue
		}
		links = append(links, chartLinks(options)...)
	}
	return links
}

// chartLinks collects the "link" of every point in a chart's options.
func chartLinks(v any) []string {
	var links []string
	switch v := v.(type) {
	case map[string]any:
		if l, ok := v["link"].(string); ok {
			links = append(links, l)
		}
		for _, w := range v {
			links = append(links, chartLinks(w)...)
		}
	case []any:
		for _, w := range v {
			links = append(links, chartLinks(w)...)
		}
	}
	return links
}

// pathOf drops the query and fragment of a link.
func pathOf(link string) string {
	p, _, _ := strings.Cut(link, "#")
	p, _, _ = strings.Cut(p, "?")
	return p
}

// reach is what a user's nav leads to: the pages of the nav and those
// their drill-down links open, each with the page that links to it. A
// pattern linked from a district-wide page (one without parameters) is
// open to the user for every record, since such a page lists the
// district's; a pattern linked only from a page about one school or
// teacher is open for the records linked.
type reach struct {
	paths map[string]string
	wide  map[string]string
}

// Limits of the walk through drill-down links: how many links deep, and
// how many pages of one pattern it opens to look for more.
const (
	reachDepth      = 2
	reachPerPattern = 3
)

// walk opens the user's nav pages for a school year, then follows their
// drill-down links, failing the test when a link is not to a page or
// opens a page the user may not see.
func (b *browser) walk(t *testing.T, nav []string, year int) reach {
	t.Helper()
	r := reach{paths: map[string]string{}, wide: map[string]string{}}
	type visit struct {
		path, from string
		depth      int
	}
	var queue []visit
	for _, href := range nav {
		queue = append(queue, visit{path: pathOf(href), from: "the nav"})
		r.paths[pathOf(href)] = "the nav"
	}
	opened := map[string]int{}
	seen := map[string]bool{}
	noPage := map[string]bool{}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		pattern, ok := patternOf(v.path)
		if !ok {
			if !noPage[v.from] {
				t.Errorf("%s links to %s, which is no page", v.from, v.path)
			}
			noPage[v.from] = true
			continue
		}
		if seen[v.path] || opened[pattern] >= reachPerPattern {
			continue
		}
		seen[v.path] = true
		opened[pattern]++

		w := b.do(t, http.MethodGet, v.path+"?year="+strconv.Itoa(year), nil)
		if w.Code != http.StatusOK {
			t.Errorf("%s, linked from %s, answered %d", v.path, v.from, w.Code)
			continue
		}
		for _, link := range drillLinks(t, w.Body.String()) {
			p := pathOf(link)
			if _, ok := r.paths[p]; !ok {
				r.paths[p] = v.path
			}
			if target, ok := patternOf(p); ok && !strings.Contains(pattern, ":") {
				if _, ok := r.wide[target]; !ok {
					r.wide[target] = v.path
				}
			}
			if v.depth < reachDepth {
				queue = append(queue, visit{path: p, from: v.path, depth: v.depth + 1})
			}
		}
	}
	return r
}

// want is the status a page answers the user, and why.
func (r reach) want(req pageRequest) (int, string) {
	if from, ok := r.paths[req.path]; ok {
		return http.StatusOK, "linked from " + from
	}
	if from, ok := r.wide[req.pattern]; ok {
		return http.StatusOK, "its pages are linked from " + from
	}
	return http.StatusForbidden, "nothing in the user's pages leads to it"
}

// home asks for the home page and returns the nav of the page it leads
// to, checking that it leads to the nav's first page, or answers 403 to
// a user with no page.
func (b *browser) home(t *testing.T) []string {
	t.Helper()
	w := b.do(t, http.MethodGet, "/", nil)
	if w.Code == http.StatusForbidden {
		if nav := navLinks(w.Body.String()); len(nav) > 0 {
			t.Errorf("the home page refused a user whose nav holds %v", nav)
		}
		return nil
	}
	wantStatus(t, w, http.StatusSeeOther)
	first := w.Header().Get("Location")
	page := b.do(t, http.MethodGet, first, nil)
	wantStatus(t, page, http.StatusOK)
	nav := navLinks(page.Body.String())
	if len(nav) == 0 || nav[0] != first {
		t.Errorf("the home page leads to %s; the nav is %v", first, nav)
	}
	return nav
}

func TestBrowser_Forbidden(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		reqs := pageRequests(t, f)
		year := "?year=" + strconv.Itoa(f.year)

		for _, as := range append(slices.Clone(pageRoles), asNobody) {
			t.Run(as, func(t *testing.T) {
				b := newBrowser(f)
				w := b.signIn(t, emailOf(as), fixturePassword, "/")
				wantStatus(t, w, http.StatusSeeOther)
				nav := b.home(t)
				if len(nav) == 0 && as != asNobody {
					t.Fatalf("%s has no page to open", as)
				}

				r := b.walk(t, nav, f.year)
				for _, req := range reqs {
					if req.pattern == "/" {
						continue
					}
					want, why := r.want(req)
					w := b.do(t, http.MethodGet, req.path+year, nil)
					if w.Code != want {
						t.Errorf("%s (%s) answered %d, want %d: %s", req.path, req.scope,
							w.Code, want, why)
					}
				}
			})
		}

		t.Run("not_signed_in", func(t *testing.T) {
			for _, req := range reqs {
				target := req.path + year
				w := newBrowser(f).do(t, http.MethodGet, target, nil)
				want := "/login?next=" + url.QueryEscape(target)
				if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
					t.Errorf("%s answered %d to %q, want %d to %q", target, w.Code,
						w.Header().Get("Location"), http.StatusSeeOther, want)
				}
			}
		})
	})
}
