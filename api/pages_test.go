package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// browser is a client of the pages that keeps its cookies.
type browser struct {
	f       *fixture
	cookies map[string]*http.Cookie
}

func newBrowser(f *fixture) *browser {
	return &browser{f: f, cookies: map[string]*http.Cookie{}}
}

// do sends a request with the browser's cookies and keeps those it is
// given.
func (b *browser) do(t testing.TB, method, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	b.f.s.Handler().ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return w
}

var hiddenCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signIn signs the browser in through the sign-in form.
func (b *browser) signIn(t testing.TB, email, password, next string) *httptest.ResponseRecorder {
	t.Helper()
	page := b.do(t, http.MethodGet, "/login?next="+url.QueryEscape(next), nil)
	wantStatus(t, page, http.StatusOK)
	m := hiddenCSRF.FindStringSubmatch(page.Body.String())
	if m == nil {
		t.Fatal("the sign-in form has no token")
	}
	return b.do(t, http.MethodPost, "/login", url.Values{"email": {email},
		"password": {password}, "csrf_token": {m[1]}, "next": {next}})
}

func TestPages_SignIn(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)

		t.Run("RedirectsToSignIn", func(t *testing.T) {
			w := newBrowser(f).do(t, http.MethodGet, "/?year=2024", nil)
			wantStatus(t, w, http.StatusSeeOther)
			if loc := w.Header().Get("Location"); loc != "/login?next=%2F%3Fyear%3D2024" {
				t.Fatalf("Location %q", loc)
			}
		})
		t.Run("SignsInAndOut", func(t *testing.T) {
			b := newBrowser(f)
			w := b.signIn(t, "admin@district.example.org", fixturePassword, "/")
			wantStatus(t, w, http.StatusSeeOther)
			if w.Header().Get("Location") != "/" || b.cookies[sessionCookie] == nil {
				t.Fatalf("after sign-in: %v", w.Header())
			}
			home := b.do(t, http.MethodGet, "/", nil)
			if home.Code != http.StatusSeeOther && home.Code != http.StatusForbidden {
				t.Fatalf("home answered %d", home.Code)
			}

			// Signing out needs the session's token.
			wantStatus(t, b.do(t, http.MethodPost, "/logout", url.Values{}),
				http.StatusForbidden)
			sess, _, err := db.SessionUser(t.Context(), b.cookies[sessionCookie].Value,
				sessionIdle)
			if err != nil {
				t.Fatal(err)
			}
			w = b.do(t, http.MethodPost, "/logout",
				url.Values{"csrf_token": {sess.CSRFToken}})
			wantStatus(t, w, http.StatusSeeOther)
			if b.cookies[sessionCookie] != nil {
				t.Fatal("the session cookie is kept after signing out")
			}
		})
		t.Run("ErrWrongPassword", func(t *testing.T) {
			w := newBrowser(f).signIn(t, "admin@district.example.org", "not it at all", "/")
			wantStatus(t, w, http.StatusUnauthorized)
			if !strings.Contains(w.Body.String(), "email or password is not right") {
				t.Fatal("the sign-in page does not say what went wrong")
			}
		})
		t.Run("ErrFormWithoutToken", func(t *testing.T) {
			w := newBrowser(f).do(t, http.MethodPost, "/login", url.Values{
				"email": {"admin@district.example.org"}, "password": {fixturePassword}})
			wantStatus(t, w, http.StatusForbidden)
		})
		t.Run("OnlyLocalNext", func(t *testing.T) {
			for _, next := range []string{"https://elsewhere.example/", "//elsewhere.example",
				"/\\elsewhere.example"} {
				b := newBrowser(f)
				w := b.signIn(t, "admin@district.example.org", fixturePassword, next)
				if loc := w.Header().Get("Location"); loc != "/" {
					t.Fatalf("next %q led to %q", next, loc)
				}
			}
		})
		t.Run("NoRoleIsForbidden", func(t *testing.T) {
			b := newBrowser(f)
			b.signIn(t, "no_role@district.example.org", fixturePassword, "/")
			w := b.do(t, http.MethodGet, "/", nil)
			wantStatus(t, w, http.StatusForbidden)
			if !strings.Contains(w.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("content type %q", w.Header().Get("Content-Type"))
			}
		})
		t.Run("StaticAssets", func(t *testing.T) {
			for _, p := range []string{"/static/app.js", "/static/app.css",
				"/static/echarts/echarts.min.js", "/static/echarts/LICENSE"} {
				w := newBrowser(f).do(t, http.MethodGet, p, nil)
				wantStatus(t, w, http.StatusOK)
				if w.Body.Len() == 0 || w.Header().Get("Content-Security-Policy") == "" {
					t.Fatalf("%s: %d bytes, headers %v", p, w.Body.Len(), w.Header())
				}
			}
		})
	})
}

// TestPages_DistrictThresholds shows withheld values with the district's
// own thresholds.
func TestPages_DistrictThresholds(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		cfg := analytics.DefaultConfig()
		cfg.Privacy.MinTeachers, cfg.Growth.MinStudents = 7, 12
		s, err := New(t.Context(), db, f.s.logger, WithDistrict(cfg))
		if err != nil {
			t.Fatal(err)
		}
		g := *f
		g.s = s
		w := g.request(t, asAdmin, http.MethodGet, "/dashboards/district?year=2024", nil)
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		if !strings.Contains(body, "fewer than 7 teachers") &&
			!strings.Contains(body, "fewer than 12 students") {
			t.Fatal("the page does not use the district's thresholds")
		}
		if strings.Contains(body, "fewer than 5 teachers") ||
			strings.Contains(body, "fewer than 10 students") {
			t.Fatal("the page uses the default thresholds")
		}
	})
}
