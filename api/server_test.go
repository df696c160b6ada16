package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// lockedBuffer collects log output written from handler goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newTestServer(t testing.TB, db *models.DB) (*Server, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	s, err := New(context.Background(), db, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return s, logs
}

// serve sends one request to the server and decodes its JSON answer.
func serve(t *testing.T, s *Server, req *http.Request) (
	*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s %s: body %q is not JSON", req.Method, req.URL, w.Body.String())
	}
	return w, body
}

func errorOf(body map[string]any) map[string]any {
	e, _ := body["error"].(map[string]any)
	return e
}

func TestServer_Readyz(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		s, logs := newTestServer(t, db)
		ready := func() (int, map[string]any) {
			w, body := serve(t, s, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			return w.Code, body
		}

		if st, body := ready(); st != http.StatusOK || body["schema_version"] != 12.0 {
			t.Fatalf("readyz on a current database = %d %v", st, body)
		}

		t.Run("ErrSchemaBehind", func(t *testing.T) {
			m, _ := db.Migrator(context.Background())
			if _, err := m.Down(context.Background()); err != nil {
				t.Fatal(err)
			}
			st, body := ready()
			e := errorOf(body)
			if st != http.StatusServiceUnavailable || e["code"] != "unavailable" ||
				!strings.Contains(e["message"].(string), "run ted migrate") {
				t.Fatalf("readyz with a pending migration = %d %v", st, body)
			}
			if _, err := m.Up(context.Background()); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("ErrDatabaseGone", func(t *testing.T) {
			db.Close()
			st, body := ready()
			e := errorOf(body)
			if st != http.StatusServiceUnavailable || e["message"] != "database unreachable" {
				t.Fatalf("readyz without a database = %d %v", st, body)
			}
			if !strings.Contains(logs.String(), `"level":"ERROR"`) {
				t.Fatalf("the 503 was not logged at error:\n%s", logs)
			}
		})

		t.Run("HealthzWithoutDatabase", func(t *testing.T) {
			w, body := serve(t, s, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if w.Code != http.StatusOK || body["status"] != "ok" {
				t.Fatalf("healthz = %d %v", w.Code, body)
			}
		})
	})
}

func TestServer_Recovery(t *testing.T) {
	s, logs := newTestServer(t, modeltest.Open(t, "sqlite"))
	s.engine.GET("/boom", func(c *gin.Context) {
		panic("secret detail of the failure")
	})

	w, body := serve(t, s, httptest.NewRequest(http.MethodGet, "/boom", nil))
	e := errorOf(body)
	if w.Code != http.StatusInternalServerError || e["code"] != "internal" ||
		e["message"] != "internal error" {
		t.Fatalf("panic answered %d %v", w.Code, body)
	}
	if strings.Contains(w.Body.String(), "secret detail") {
		t.Fatalf("the answer reveals the panic: %s", w.Body)
	}
	log := logs.String()
	if !strings.Contains(log, `"level":"ERROR"`) || !strings.Contains(log, "secret detail") ||
		!strings.Contains(log, `"route":"/boom","status":500`) {
		t.Fatalf("the panic was not logged as an error with its cause:\n%s", log)
	}

	// The server goes on answering after a panic.
	if w, _ := serve(t, s, httptest.NewRequest(http.MethodGet, "/healthz", nil)); w.Code != 200 {
		t.Fatalf("healthz after a panic = %d", w.Code)
	}
}

func TestRespondError(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		wantStatus  int
		wantCode    ted.Code
		wantMessage string
	}{
		{"NotFound", ted.Errorf(ted.CodeNotFound, "school 12 not found"),
			404, ted.CodeNotFound, "school 12 not found"},
		{"Invalid", ted.Errorf(ted.CodeInvalid, "year must be a number"),
			400, ted.CodeInvalid, "year must be a number"},
		{"Unauthorized", ted.Errorf(ted.CodeUnauthorized, "sign in first"),
			401, ted.CodeUnauthorized, "sign in first"},
		{"Forbidden", ted.Errorf(ted.CodeForbidden, "not your school"),
			403, ted.CodeForbidden, "not your school"},
		{"Conflict", ted.Errorf(ted.CodeConflict, "staff 7 already exists"),
			409, ted.CodeConflict, "staff 7 already exists"},
		{"Unavailable", ted.Errorf(ted.CodeUnavailable, "database unreachable"),
			503, ted.CodeUnavailable, "database unreachable"},
		{"Wrapped", fmt.Errorf("loading: %w", ted.Errorf(ted.CodeNotFound, "no year 2019")),
			404, ted.CodeNotFound, "no year 2019"},
		{"Uncoded", errors.New("pq: password authentication failed"),
			500, ted.CodeInternal, "internal error"},
		{"Internal", ted.Wrap(ted.CodeInternal, errors.New("disk full"), "saving"),
			500, ted.CodeInternal, "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gin.SetMode(gin.ReleaseMode)
			w := httptest.NewRecorder()
			c, _ := gin.CreateTestContext(w)
			c.Set(requestIDKey, "abc")
			respondError(c, tt.err)

			var body errorResponse
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			want := errorDetail{Code: tt.wantCode, Message: tt.wantMessage, RequestID: "abc"}
			if w.Code != tt.wantStatus || body.Error != want {
				t.Fatalf("respondError(%v) = %d %+v, want %d %+v",
					tt.err, w.Code, body.Error, tt.wantStatus, want)
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	s, _ := newTestServer(t, modeltest.Open(t, "sqlite"))
	tests := []struct {
		name, header string
		kept         bool
	}{
		{"FromProxy", "req-42.a_b", true},
		{"Missing", "", false},
		{"ErrUnsafe", "abc\"def", false},
		{"ErrTooLong", strings.Repeat("a", 65), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
			if tt.header != "" {
				req.Header.Set(requestIDHeader, tt.header)
			}
			w, _ := serve(t, s, req)
			got := w.Header().Get(requestIDHeader)
			if tt.kept && got != tt.header {
				t.Fatalf("request id = %q, want %q kept", got, tt.header)
			}
			if !tt.kept && (got == tt.header || len(got) != 16) {
				t.Fatalf("request id = %q, want a fresh 16-character id", got)
			}
		})
	}
}

func TestServer_NotFound(t *testing.T) {
	s, _ := newTestServer(t, modeltest.Open(t, "sqlite"))
	w, body := serve(t, s, httptest.NewRequest(http.MethodPost, "/healthz", nil))
	if w.Code != http.StatusNotFound || errorOf(body)["code"] != "not_found" {
		t.Fatalf("POST /healthz = %d %v", w.Code, body)
	}
}

// TestServer_Head answers HEAD as GET without the body, with the same
// authorization.
func TestServer_Head(t *testing.T) {
	s, _ := newTestServer(t, modeltest.Open(t, "sqlite"))
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	for path, want := range map[string]int{"/healthz": http.StatusOK,
		"/api/openapi.json": http.StatusOK, "/api/v1/me": http.StatusUnauthorized,
		"/static/app.js": http.StatusOK, "/dashboards/hr": http.StatusSeeOther,
		"/nowhere": http.StatusNotFound} {
		req, err := http.NewRequest(http.MethodHead, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || len(body) != 0 {
			t.Errorf("HEAD %s = %d with %d bytes, want %d and none", path, resp.StatusCode,
				len(body), want)
		}
		if want == http.StatusOK && resp.Header.Get("Content-Type") == "" {
			t.Errorf("HEAD %s has no Content-Type", path)
		}
	}
}
