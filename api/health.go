package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
)

// readyTimeout bounds how long a readiness check waits on the database.
const readyTimeout = 3 * time.Second

type healthResponse struct {
	Status        string `json:"status"`
	SchemaVersion int64  `json:"schema_version,omitempty"`
}

// healthz answers 200 while the process runs, whatever its database does.
func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, healthResponse{Status: "ok"})
}

// readyz answers 200 only when the database answers and its schema has
// every migration applied; otherwise 503, so a load balancer sends no
// traffic to a server that cannot serve it.
func (s *Server) readyz(c *gin.Context) {
	version, err := s.ready(c.Request.Context())
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, healthResponse{Status: "ready", SchemaVersion: version})
}

func (s *Server) ready(ctx context.Context) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()

	if err := s.db.Ping(ctx); err != nil {
		return 0, ted.Wrap(ted.CodeUnavailable, err, "database unreachable")
	}
	ok, version, latest, err := s.migrator.Current(ctx)
	if err != nil {
		return 0, ted.Wrap(ted.CodeUnavailable, err, "database schema unreadable")
	}
	if !ok {
		return 0, ted.Errorf(ted.CodeUnavailable,
			"database schema is at version %d of %d: run ted migrate", version, latest)
	}
	return version, nil
}
