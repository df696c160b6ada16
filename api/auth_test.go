package api

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// login signs in with a JSON body from an address and returns the answer.
func (f *fixture) login(t testing.TB, email, password, addr string) *httptest.ResponseRecorder {
	t.Helper()
	body := fmt.Sprintf(`{"email": %q, "password": %q}`, email, password)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if addr != "" {
		req.RemoteAddr = addr + ":40000"
	}
	w := httptest.NewRecorder()
	f.s.Handler().ServeHTTP(w, req)
	return w
}

// withCookie sends a request carrying a session cookie and, when csrf is
// not empty, the CSRF header.
func (f *fixture) withCookie(t testing.TB, method, path, cookie, csrf string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	if csrf != "" {
		req.Header.Set(csrfHeader, csrf)
	}
	w := httptest.NewRecorder()
	f.s.Handler().ServeHTTP(w, req)
	return w
}

func sessionCookieOf(t testing.TB, w *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	t.Fatalf("no session cookie in %v", w.Header())
	return nil
}

func TestAPI_Login(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		admin := "admin@district.example.org"

		t.Run("Succeeds", func(t *testing.T) {
			w := f.login(t, "  Admin@District.Example.org ", fixturePassword, "")
			wantStatus(t, w, http.StatusOK)
			res := decode[loginResponse](t, w)
			if !strings.HasPrefix(res.Token, "teds_") || res.CSRFToken == "" ||
				res.ExpiresAt.Before(time.Now().Add(11*time.Hour)) {
				t.Fatalf("login answer %+v", res)
			}
			c := sessionCookieOf(t, w)
			if c.Value != res.Token || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode ||
				c.Secure || c.Path != "/" {
				t.Fatalf("cookie %+v", c)
			}
			// The token works as a bearer token too.
			req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+res.Token)
			rec := httptest.NewRecorder()
			f.s.Handler().ServeHTTP(rec, req)
			wantStatus(t, rec, http.StatusOK)
		})
		t.Run("SecureCookieOverTLS", func(t *testing.T) {
			body := fmt.Sprintf(`{"email": %q, "password": %q}`, admin, fixturePassword)
			req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login",
				strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.TLS = &tls.ConnectionState{}
			w := httptest.NewRecorder()
			f.s.Handler().ServeHTTP(w, req)
			wantStatus(t, w, http.StatusOK)
			if !sessionCookieOf(t, w).Secure {
				t.Fatal("the cookie of a TLS sign-in is not Secure")
			}
		})
		t.Run("ErrSameAnswerForEmailAndPassword", func(t *testing.T) {
			wrongPassword := f.login(t, admin, "not the password at all", "10.0.0.1")
			unknownEmail := f.login(t, "nobody@district.example.org", fixturePassword,
				"10.0.0.1")
			wantStatus(t, wrongPassword, http.StatusUnauthorized)
			wantStatus(t, unknownEmail, http.StatusUnauthorized)
			a := decode[errorResponse](t, wrongPassword).Error
			b := decode[errorResponse](t, unknownEmail).Error
			if a.Message != b.Message || a.Code != b.Code {
				t.Fatalf("answers differ: %+v and %+v", a, b)
			}
		})
		t.Run("ErrDisabledUser", func(t *testing.T) {
			ctx := context.Background()
			if err := db.SetDisabled(ctx, f.users[asNobody], true); err != nil {
				t.Fatal(err)
			}
			defer db.SetDisabled(ctx, f.users[asNobody], false)
			w := f.login(t, "no_role@district.example.org", fixturePassword, "10.0.0.2")
			wantStatus(t, w, http.StatusUnauthorized)
			if decode[errorResponse](t, w).Error.Message != errSignIn.Message {
				t.Fatal("a disabled account is told apart from a wrong password")
			}
			// Its API token stops working too.
			wantStatus(t, f.request(t, asNobody, http.MethodGet, "/api/v1/me", nil),
				http.StatusUnauthorized)
		})
		t.Run("ErrNotJSON", func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login",
				strings.NewReader("email="+admin+"&password=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			w := httptest.NewRecorder()
			f.s.Handler().ServeHTTP(w, req)
			wantStatus(t, w, http.StatusBadRequest)
		})
		t.Run("NoSecretsInLogs", func(t *testing.T) {
			logs := f.logs.String()
			for _, secret := range []string{fixturePassword, admin, "not the password"} {
				if strings.Contains(logs, secret) {
					t.Fatalf("the log holds %q", secret)
				}
			}
		})
		t.Run("Audited", func(t *testing.T) {
			entries, _, err := db.AuditEntries(context.Background(),
				models.AuditFilter{UserID: f.users[asAdmin], Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var ok, failed int
			for _, e := range entries {
				if e.Action == "sign_in" && e.Outcome == models.AuditSucceeded {
					ok++
				}
				if e.Action == "sign_in" && e.Outcome == models.AuditFailed {
					failed++
				}
			}
			if ok < 2 || failed < 1 {
				t.Fatalf("sign-ins audited: %d succeeded, %d failed", ok, failed)
			}
		})
	})
}

func TestAPI_LoginRateLimit(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
		f.s.limiter.now = func() time.Time { return now }
		hr := "hr_leader@district.example.org"

		t.Run("PerAccount", func(t *testing.T) {
			for i := range maxAccountFail {
				w := f.login(t, hr, "wrong password number "+fmt.Sprint(i),
					fmt.Sprintf("10.1.0.%d", i))
				wantStatus(t, w, http.StatusUnauthorized)
			}
			// Even the right password waits, from any address.
			w := f.login(t, hr, fixturePassword, "10.1.1.1")
			wantStatus(t, w, http.StatusTooManyRequests)
			if w.Header().Get("Retry-After") == "" {
				t.Fatal("no Retry-After")
			}
			// Another account is not held back.
			wantStatus(t, f.login(t, "admin@district.example.org", fixturePassword,
				"10.1.1.1"), http.StatusOK)

			now = now.Add(failWindow + time.Second)
			wantStatus(t, f.login(t, hr, fixturePassword, "10.1.1.1"), http.StatusOK)
		})
		t.Run("PerAddress", func(t *testing.T) {
			for i := range maxAddressFail {
				w := f.login(t, fmt.Sprintf("guess%d@district.example.org", i),
					"a wrong password", "10.2.0.1")
				wantStatus(t, w, http.StatusUnauthorized)
			}
			wantStatus(t, f.login(t, hr, fixturePassword, "10.2.0.1"),
				http.StatusTooManyRequests)
			wantStatus(t, f.login(t, hr, fixturePassword, "10.2.0.2"), http.StatusOK)
		})
		t.Run("SuccessForgetsAccountFailures", func(t *testing.T) {
			admin := "admin@district.example.org"
			for range maxAccountFail - 1 {
				f.login(t, admin, "a wrong password", "10.3.0.1")
			}
			wantStatus(t, f.login(t, admin, fixturePassword, "10.3.0.2"), http.StatusOK)
			for range maxAccountFail - 1 {
				f.login(t, admin, "a wrong password", "10.3.0.3")
			}
			wantStatus(t, f.login(t, admin, fixturePassword, "10.3.0.4"), http.StatusOK)
		})
	})
}

func TestAPI_Session(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		signIn := func(t *testing.T) (cookie, csrf string) {
			t.Helper()
			w := f.login(t, "principal@district.example.org", fixturePassword, "")
			wantStatus(t, w, http.StatusOK)
			res := decode[loginResponse](t, w)
			return res.Token, res.CSRFToken
		}

		t.Run("CookieAndCSRF", func(t *testing.T) {
			cookie, csrf := signIn(t)
			w := f.withCookie(t, http.MethodGet, "/api/v1/me", cookie, "")
			wantStatus(t, w, http.StatusOK)
			if decode[meResponse](t, w).CSRFToken != csrf {
				t.Fatal("me does not give the session's CSRF token")
			}
			wantStatus(t, f.withCookie(t, http.MethodPost, "/api/v1/auth/logout", cookie, ""),
				http.StatusForbidden)
			wantStatus(t, f.withCookie(t, http.MethodPost, "/api/v1/auth/logout", cookie,
				"not-the-token"), http.StatusForbidden)
			wantStatus(t, f.withCookie(t, http.MethodPost, "/api/v1/auth/logout", cookie, csrf),
				http.StatusNoContent)
			wantStatus(t, f.withCookie(t, http.MethodGet, "/api/v1/me", cookie, ""),
				http.StatusUnauthorized)
		})
		t.Run("BearerNeedsNoCSRF", func(t *testing.T) {
			token, _ := signIn(t)
			req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/logout", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			f.s.Handler().ServeHTTP(w, req)
			wantStatus(t, w, http.StatusNoContent)
		})
		t.Run("ErrExpired", func(t *testing.T) {
			cookie, _ := signIn(t)
			err := db.Gorm(ctx).Model(&models.Session{}).
				Where("token_hash = ?", models.HashToken(cookie)).
				Update("expires_at", time.Now().UTC().Add(-time.Minute)).Error
			if err != nil {
				t.Fatal(err)
			}
			w := f.withCookie(t, http.MethodGet, "/api/v1/me", cookie, "")
			wantStatus(t, w, http.StatusUnauthorized)
			if c := sessionCookieOf(t, w); c.MaxAge >= 0 {
				t.Fatalf("an expired session's cookie is kept: %+v", c)
			}
		})
		t.Run("ErrIdle", func(t *testing.T) {
			cookie, _ := signIn(t)
			err := db.Gorm(ctx).Model(&models.Session{}).
				Where("token_hash = ?", models.HashToken(cookie)).
				Update("last_seen_at", time.Now().UTC().Add(-sessionIdle-time.Minute)).Error
			if err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.withCookie(t, http.MethodGet, "/api/v1/me", cookie, ""),
				http.StatusUnauthorized)
		})
		t.Run("StaleCookieDoesNotStopSignIn", func(t *testing.T) {
			body := fmt.Sprintf(`{"email": "admin@district.example.org", "password": %q}`,
				fixturePassword)
			req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login",
				strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: "teds_stale"})
			w := httptest.NewRecorder()
			f.s.Handler().ServeHTTP(w, req)
			wantStatus(t, w, http.StatusOK)
		})
		t.Run("ErrRevokedToken", func(t *testing.T) {
			token, tk, err := db.CreateAPIToken(ctx, f.users[asHRLeader])
			if err != nil {
				t.Fatal(err)
			}
			f.tokens["revoked"] = token
			wantStatus(t, f.request(t, "revoked", http.MethodGet, "/api/v1/me", nil),
				http.StatusOK)
			if _, err := db.RevokeAPIToken(ctx, tk.TokenID); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.request(t, "revoked", http.MethodGet, "/api/v1/me", nil),
				http.StatusUnauthorized)
		})
		t.Run("ErrMalformedToken", func(t *testing.T) {
			f.tokens["junk"] = "tedt_not-a-token"
			wantStatus(t, f.request(t, "junk", http.MethodGet, "/api/v1/me", nil),
				http.StatusUnauthorized)
		})
	})
}

func TestAPI_SecurityHeaders(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		for _, w := range []*httptest.ResponseRecorder{
			f.request(t, asAdmin, http.MethodGet, "/api/v1/me", nil),
			f.request(t, "", http.MethodGet, "/api/v1/me", nil),
		} {
			h := w.Header()
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") ||
				!strings.Contains(csp, "frame-ancestors 'none'") ||
				strings.Contains(csp, "unsafe-inline") {
				t.Fatalf("Content-Security-Policy %q", csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" ||
				h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
				t.Fatalf("headers %v", h)
			}
		}
	})
}
