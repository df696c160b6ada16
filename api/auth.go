package api

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
)

// Session lifetimes: a session ends 12 hours after sign-in, or after 2
// hours without a request, whichever comes first.
const (
	sessionLifetime = 12 * time.Hour
	sessionIdle     = 2 * time.Hour
)

// Names of the session cookie and of the header that carries the CSRF
// token of a cookie session.
const (
	sessionCookie = "ted_session"
	csrfHeader    = "X-CSRF-Token"
)

const callerKey = "caller"

// caller is the user a request is made by, and how they proved it.
type caller struct {
	User models.User
	// Session is the signed-in session, nil for an API token.
	Session *models.Session
	// Cookie is true when the session came from the cookie, so that
	// state-changing requests need the CSRF token.
	Cookie bool
	// Token is the session or API token presented.
	Token string
}

// callerOf returns the request's authenticated user, nil when there is
// none.
func callerOf(c *gin.Context) *caller {
	if v, ok := c.Get(callerKey); ok {
		return v.(*caller)
	}
	return nil
}

// authenticate finds the caller of a request from a bearer token (a
// session's or an API token) or from the session cookie. A request without
// credentials goes on unauthenticated; routes that need a caller refuse it
// later. Credentials that do not check out are refused now.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		token, cookie := credentials(c)
		if token == "" {
			c.Next()
			return
		}
		ctx := c.Request.Context()
		cl := &caller{Cookie: cookie, Token: token}
		var err error
		if strings.HasPrefix(token, "tedt_") && !cookie {
			_, cl.User, err = s.db.APITokenUser(ctx, token)
		} else {
			var sess models.Session
			sess, cl.User, err = s.db.SessionUser(ctx, token, sessionIdle)
			cl.Session = &sess
		}
		switch {
		case errors.Is(err, models.ErrBadToken) && cookie && isPublic(c):
			// A stale cookie does not stop a sign-in.
			c.Next()
			return
		case err != nil:
			if cookie {
				clearSessionCookie(c)
			}
			respondError(c, err)
			return
		}
		c.Set(callerKey, cl)
		c.Next()
	}
}

// credentials returns the token of a request and whether it came from the
// session cookie.
func credentials(c *gin.Context) (token string, cookie bool) {
	if h := c.GetHeader("Authorization"); h != "" {
		scheme, t, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(t), false
		}
		return "", false
	}
	if v, err := c.Cookie(sessionCookie); err == nil && v != "" {
		return v, true
	}
	return "", false
}

// isPublic reports whether the request is for a route open without
// signing in.
func isPublic(c *gin.Context) bool {
	p := c.FullPath()
	return p == "/api/v1/auth/login" || p == "/login"
}

// checkCSRF refuses a state-changing request made with the session cookie
// unless it carries the session's CSRF token: another site can make a
// browser send the cookie, but cannot read the token.
func checkCSRF(c *gin.Context, cl *caller) error {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if !cl.Cookie || cl.Session == nil {
		return nil
	}
	got := c.GetHeader(csrfHeader)
	if got == "" && c.ContentType() == "application/x-www-form-urlencoded" {
		got = c.PostForm("csrf_token")
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(cl.Session.CSRFToken)) != 1 {
		return ted.Errorf(ted.CodeForbidden, "the request lacks the page's CSRF token "+
			"(header %s): reload the page and try again", csrfHeader)
	}
	return nil
}

func setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionLifetime.Seconds()),
		HttpOnly: true, Secure: c.Request.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
}

func clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: c.Request.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
}

// loginRequest is the body of a sign-in.
type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// loginResponse answers a sign-in: the session's token, for API clients,
// and the CSRF token that state-changing requests made with the cookie
// must carry.
type loginResponse struct {
	Token     string    `json:"token"`
	CSRFToken string    `json:"csrf_token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// errSignIn is the one answer to a failed sign-in: it does not tell
// whether the email or the password was wrong.
var errSignIn = ted.Errorf(ted.CodeUnauthorized, "the email or password is not right")

// login signs a user in with email and password, subject to the limits on
// failed attempts.
func (s *Server) login(c *gin.Context) {
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	token, sess, err := s.signIn(c, req.Email, req.Password)
	if err != nil {
		respondError(c, err)
		return
	}
	setSessionCookie(c, token)
	c.JSON(http.StatusOK, loginResponse{Token: token, CSRFToken: sess.CSRFToken,
		ExpiresAt: sess.ExpiresAt})
}

// signIn checks an email and password against the limits on failed
// attempts and the accounts, audits the attempt, and returns the token of
// a new session with the session.
func (s *Server) signIn(c *gin.Context, email, password string) (string, models.Session,
	error) {
	email, addr := models.NormalizeEmail(email), c.ClientIP()
	if wait := s.limiter.wait(email, addr); wait > 0 {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds()+1)))
		return "", models.Session{}, ted.Errorf(ted.CodeRateLimited, "too many failed sign-ins: "+
			"try again in %d minutes", int(wait.Minutes()+1))
	}

	ctx := c.Request.Context()
	var found *models.User
	if u, err := s.db.UserByEmail(ctx, email); err == nil {
		found = &u
	} else if ted.ErrorCode(err) != ted.CodeNotFound {
		return "", models.Session{}, err
	}
	if !models.CheckPasswordOf(found, password) || found.Disabled {
		s.limiter.fail(email, addr)
		entry := models.AuditEntry{Actor: email, Action: "sign_in", Resource: "session",
			Outcome: models.AuditFailed}
		if found != nil {
			entry.UserID = found.UserID
		}
		s.audit(c, entry)
		return "", models.Session{}, errSignIn
	}

	s.limiter.succeed(email)
	token, sess, err := s.db.CreateSession(ctx, found.UserID, sessionLifetime)
	if err != nil {
		return "", models.Session{}, err
	}
	s.audit(c, models.AuditEntry{UserID: found.UserID, Actor: found.Email, Action: "sign_in",
		Resource: "session", Outcome: models.AuditSucceeded})
	return token, sess, nil
}

// logout ends the caller's session.
func (s *Server) logout(c *gin.Context) {
	cl := callerOf(c)
	if cl.Session != nil {
		if err := s.db.DeleteSession(c.Request.Context(), cl.Token); err != nil {
			respondError(c, err)
			return
		}
	}
	clearSessionCookie(c)
	c.Status(http.StatusNoContent)
}

// Limits on failed sign-ins, over a sliding window: per account, so a
// password cannot be guessed, and per address, so one client cannot try
// many accounts.
const (
	failWindow     = 15 * time.Minute
	maxAccountFail = 5
	maxAddressFail = 20
)

// limiter counts recent failed sign-ins by account and by address.
type limiter struct {
	mu    sync.Mutex
	fails map[string][]time.Time
	now   func() time.Time
}

func newLimiter() *limiter {
	return &limiter{fails: map[string][]time.Time{}, now: time.Now}
}

// wait is how long the account or address must wait before another
// attempt, 0 when it may try now.
func (l *limiter) wait(email, addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return max(l.waitFor("account:"+email, maxAccountFail),
		l.waitFor("address:"+addr, maxAddressFail))
}

func (l *limiter) waitFor(key string, limit int) time.Duration {
	recent := l.recent(key)
	if len(recent) < limit {
		return 0
	}
	return recent[len(recent)-limit].Add(failWindow).Sub(l.now())
}

// recent drops the failures of a key that have left the window.
func (l *limiter) recent(key string) []time.Time {
	cutoff := l.now().Add(-failWindow)
	list := l.fails[key]
	i := 0
	for i < len(list) && !list[i].After(cutoff) {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = list
	}
	return list
}

func (l *limiter) fail(email, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, key := range []string{"account:" + email, "address:" + addr} {
		l.fails[key] = append(l.recent(key), now)
	}
}

// succeed forgets an account's failures once its password is given.
func (l *limiter) succeed(email string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, "account:"+email)
}

// securityHeaders sets the headers that keep pages from being framed,
// sniffed or given scripts from anywhere but TED itself.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; "+
			"style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "+
			"form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		c.Next()
	}
}
