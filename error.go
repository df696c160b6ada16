// Package ted holds what every part of the Teacher Effectiveness Dashboard
// shares: the error type whose codes decide how a failure is reported to a
// user, whether at the command line or over HTTP.
package ted

import (
	"errors"
	"fmt"
)

// Code classifies an error so that the edge (a command or an HTTP handler)
// can answer it without inspecting messages.
type Code string

// The codes TED reports. Each maps to exactly one HTTP status in the api
// package, and any error without a code is treated as CodeInternal.
const (
	CodeNotFound     Code = "not_found"
	CodeInvalid      Code = "invalid"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeConflict     Code = "conflict"
	CodeUnavailable  Code = "unavailable"
	CodeRateLimited  Code = "rate_limited"
	CodeInternal     Code = "internal"
)

// Error is a failure with a code and a message fit to show the user who
// caused it. Err keeps the underlying cause for logs and errors.Is.
type Error struct {
	Code    Code
	Message string
	Err     error
}

// Errorf returns an Error with the given code and a formatted message. The
// message is shown to users, so it must not carry internal details.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an Error with the given code and message that keeps err as
// its cause, so a log can show the cause while the user sees the message.
func Wrap(code Code, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// Error returns the message followed by the cause, for logs.
func (e *Error) Error() string {
	switch {
	case e.Err == nil:
		return e.Message
	case e.Message == "":
		return e.Err.Error()
	default:
		return e.Message + ": " + e.Err.Error()
	}
}

// Unwrap returns the cause so errors.Is and errors.As see through an Error.
func (e *Error) Unwrap() error {
	return e.Err
}

// ErrorCode returns the code of the first Error in err's chain, CodeInternal
// when there is none, and "" for a nil error.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the text a user may see for err. Internal errors get
// a fixed message so that no detail of the system leaks to a client.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil || !errors.As(err, &e) || e.Code == CodeInternal || e.Code == "" {
		return "internal error"
	}
	if e.Message == "" {
		return string(e.Code)
	}
	return e.Message
}
