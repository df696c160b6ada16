package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
)

// audit appends an entry to the audit log with the request's address and
// id. The log is the record of who saw whom: when it cannot be written,
// the failure is logged at Error level (without the entry, which names
// people) for operators to act on.
func (s *Server) audit(c *gin.Context, e models.AuditEntry) {
	e.Address = c.ClientIP()
	e.RequestID = c.GetString(requestIDKey)
	if err := s.db.Audit(c.Request.Context(), e); err != nil {
		s.logger.ErrorContext(c.Request.Context(), "writing the audit log failed",
			"request_id", e.RequestID, "action", e.Action, "resource", e.Resource,
			"error", err.Error())
	}
}

// auditRead records that the caller read an individual's record.
func (s *Server) auditRead(c *gin.Context, resource, recordID string) {
	cl := callerOf(c)
	s.audit(c, models.AuditEntry{UserID: cl.User.UserID, Actor: cl.User.Email,
		Action: "read", Resource: resource, RecordID: recordID,
		Outcome: models.AuditAllowed})
}

// auditChange records a change the caller made.
func (s *Server) auditChange(c *gin.Context, action, resource, recordID string, err error) {
	cl := callerOf(c)
	e := models.AuditEntry{UserID: cl.User.UserID, Actor: cl.User.Email, Action: action,
		Resource: resource, RecordID: recordID, Outcome: models.AuditSucceeded}
	if err != nil {
		e.Outcome, e.Detail = models.AuditFailed, ted.ErrorMessage(err)
	}
	s.audit(c, e)
}

// auditEntry is one entry of the audit log as the API shows it.
type auditEntry struct {
	ID        string    `json:"id"`
	At        time.Time `json:"at"`
	UserID    string    `json:"user_id"`
	Actor     string    `json:"actor"`
	Action    string    `json:"action"`
	Resource  string    `json:"resource"`
	RecordID  string    `json:"record_id"`
	Outcome   string    `json:"outcome"`
	Address   string    `json:"address"`
	RequestID string    `json:"request_id"`
	Detail    string    `json:"detail"`
}

// auditLog lists the audit log, newest first, filtered by user, record
// and time (from and to, RFC 3339).
func (s *Server) auditLog(c *gin.Context) {
	p, err := page(c)
	if err != nil {
		respondError(c, err)
		return
	}
	f := models.AuditFilter{UserID: c.Query("user"), RecordID: c.Query("record"),
		Limit: p.Limit, Offset: p.Offset}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := c.Query(t.name); v != "" {
			if *t.dst, err = time.Parse(time.RFC3339, v); err != nil {
				respondError(c, ted.Errorf(ted.CodeInvalid,
					"%s: %q is not a time such as 2025-01-31T08:00:00Z", t.name, v))
				return
			}
		}
	}
	entries, total, err := s.db.AuditEntries(c.Request.Context(), f)
	if err != nil {
		respondError(c, err)
		return
	}
	items := make([]auditEntry, len(entries))
	for i, e := range entries {
		items[i] = auditEntry{ID: e.AuditID, At: e.At.UTC(), UserID: e.UserID,
			Actor: e.Actor, Action: e.Action, Resource: e.Resource, RecordID: e.RecordID,
			Outcome: e.Outcome, Address: e.Address, RequestID: e.RequestID, Detail: e.Detail}
	}
	c.JSON(http.StatusOK, newList(items, total, p))
}
