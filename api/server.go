// Package api serves TED over HTTP: the JSON API under /api/v1, the health
// and metrics endpoints, and the middleware every request passes through.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/migrations"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// Server answers TED's HTTP requests from one database.
type Server struct {
	db       *models.DB
	migrator *migrations.Migrator
	logger   *slog.Logger
	metrics  *metrics
	engine   *gin.Engine
	enforcer *policies.Enforcer
	limiter  *limiter
	// district is the district's configuration: its thresholds decide
	// what the pages say of values withheld for privacy.
	district analytics.Config
	// bases keeps the scenario bases of the school years, each as long
	// as the year's data and results stay as they were.
	bases baseCache
}

// Option changes how a Server is made.
type Option func(*Server)

// WithDistrict gives the server the district's configuration of the
// analytics; without it the defaults apply.
func WithDistrict(cfg analytics.Config) Option {
	return func(s *Server) { s.district = cfg }
}

// New returns a Server reading from db and logging through logger. It
// loads the authorization policies, storing the default ones on first
// start.
func New(ctx context.Context, db *models.DB, logger *slog.Logger, opts ...Option) (
	*Server, error) {
	m, err := db.Migrator(ctx)
	if err != nil {
		return nil, err
	}
	enf, err := policies.New(ctx, db)
	if err != nil {
		return nil, err
	}
	s := &Server{
		db:       db,
		migrator: m,
		logger:   logger,
		metrics:  newMetrics(),
		enforcer: enf,
		limiter:  newLimiter(),
		district: analytics.DefaultConfig(),
	}
	for _, o := range opts {
		o(s)
	}
	s.engine = s.routes()
	return s, nil
}

// Handler returns the http.Handler that serves every route. A HEAD
// request is answered as the GET of the same address, which net/http sends
// without its body, as HTTP asks: health checks and link checkers use it.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r = r.Clone(r.Context())
			r.Method = http.MethodGet
		}
		s.engine.ServeHTTP(w, r)
	})
}

func (s *Server) routes() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true
	// Until a proxy is configured, the client address is the peer's.
	r.SetTrustedProxies(nil)

	// Order matters: the request id comes first so every later step can
	// use it, and recovery sits inside logging and metrics so that a
	// panic is counted and logged as the 500 it becomes.
	r.Use(requestID(), s.logRequests(), s.metrics.middleware(), recovery())

	r.NoRoute(func(c *gin.Context) {
		respondError(c, ted.Errorf(ted.CodeNotFound, "no resource at this address"))
	})

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(s.metrics.handler()))
	s.mountAPI(r)
	s.mountPages(r)
	return r
}

// PolicyRefresh is how often a server reads the stored roles and policies
// again, so that changes made by `ted users` or by another server take
// effect without a restart.
const PolicyRefresh = 15 * time.Second

// RefreshPolicies reads the stored roles and policies again every
// interval until ctx ends. A failed read is logged and the rules in force
// stay as they were.
func (s *Server) RefreshPolicies(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.enforcer.Reload(); err != nil {
				s.logger.ErrorContext(ctx, "reloading the authorization rules failed",
					"error", err.Error())
			}
		}
	}
}
