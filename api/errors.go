package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
)

// statusOf maps each error code to the one HTTP status that answers it.
var statusOf = map[ted.Code]int{
	ted.CodeInvalid:      http.StatusBadRequest,
	ted.CodeUnauthorized: http.StatusUnauthorized,
	ted.CodeForbidden:    http.StatusForbidden,
	ted.CodeNotFound:     http.StatusNotFound,
	ted.CodeConflict:     http.StatusConflict,
	ted.CodeInternal:     http.StatusInternalServerError,
	ted.CodeUnavailable:  http.StatusServiceUnavailable,
	ted.CodeRateLimited:  http.StatusTooManyRequests,
}

// status returns the HTTP status for an error code; an unknown code is an
// internal error.
func status(code ted.Code) int {
	if st, ok := statusOf[code]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// errorResponse is the body of every failed API request.
type errorResponse struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      ted.Code `json:"code"`
	Message   string   `json:"message"`
	RequestID string   `json:"request_id,omitempty"`
}

// respondError answers the request with err's status and a body that
// carries its code and user-facing message. The error is attached to the
// request so that the request log shows the cause of a 5xx; the client
// never sees it.
func respondError(c *gin.Context, err error) {
	code := ted.ErrorCode(err)
	c.Error(err)
	c.AbortWithStatusJSON(status(code), errorResponse{Error: errorDetail{
		Code:      code,
		Message:   ted.ErrorMessage(err),
		RequestID: c.GetString(requestIDKey),
	}})
}
