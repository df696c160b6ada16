package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
)

const (
	requestIDKey    = "request_id"
	requestIDHeader = "X-Request-ID"
)

// requestID gives each request an id, taken from the X-Request-ID header
// when a proxy set a sensible one, and returns it in the response so a user
// reporting a problem can quote it.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(requestIDHeader)
		if !validRequestID(id) {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(requestIDKey, id)
		c.Header(requestIDHeader, id)
		c.Next()
	}
}

func validRequestID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
			r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}

// route names the matched route template for logs and metrics. Paths
// themselves carry staff and school ids, so they are never used.
func route(c *gin.Context) string {
	if r := c.FullPath(); r != "" {
		return r
	}
	return "unmatched"
}

// logRequests writes one line per request once it is answered: Info for
// success, Warn for a client error, Error with its cause for a server
// error.
func (s *Server) logRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()

		st := c.Writer.Status()
		level := slog.LevelInfo
		switch {
		case st >= 500:
			level = slog.LevelError
		case st >= 400:
			level = slog.LevelWarn
		}
		attrs := []slog.Attr{slog.Group("request",
			slog.String("id", c.GetString(requestIDKey)),
			slog.String("method", c.Request.Method),
			slog.String("route", route(c)),
			slog.Int("status", st),
			slog.Duration("duration", time.Since(start)),
		)}
		if st >= 500 && len(c.Errors) > 0 {
			attrs = append(attrs, slog.String("error", c.Errors.Last().Err.Error()))
		}
		s.logger.LogAttrs(c.Request.Context(), level, "http request", attrs...)
	}
}

// recovery turns a panic in a handler into a 500 whose body says only
// "internal error"; the panic and its stack go to the request log.
func recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			err := fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			respondError(c, ted.Wrap(ted.CodeInternal, err, "internal error"))
		}()
		c.Next()
	}
}
