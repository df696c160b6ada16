package ted_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ted-dashboard/ted"
)

func TestErrorCode(t *testing.T) {
	cause := errors.New("connection refused")
	tests := []struct {
		name string
		err  error
		want ted.Code
	}{
		{"Nil", nil, ""},
		{"Plain", cause, ted.CodeInternal},
		{"Coded", ted.Errorf(ted.CodeNotFound, "school 9 not found"), ted.CodeNotFound},
		{"Wrapped", fmt.Errorf("loading: %w", ted.Errorf(ted.CodeConflict, "dup")),
			ted.CodeConflict},
		{"WithCause", ted.Wrap(ted.CodeUnavailable, cause, "database unreachable"),
			ted.CodeUnavailable},
		{"EmptyCode", &ted.Error{Message: "x"}, ted.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ted.ErrorCode(tt.err); got != tt.want {
				t.Fatalf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	cause := errors.New("pq: password authentication failed for user ted")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"Nil", nil, "internal error"},
		{"Plain", cause, "internal error"},
		{"Internal", ted.Wrap(ted.CodeInternal, cause, "saving results"), "internal error"},
		{"Invalid", ted.Errorf(ted.CodeInvalid, "year %d has no data", 2019),
			"year 2019 has no data"},
		{"WrappedKeepsMessage",
			fmt.Errorf("api: %w", ted.Errorf(ted.CodeForbidden, "not your school")),
			"not your school"},
		{"CauseHidden", ted.Wrap(ted.CodeUnavailable, cause, "database unreachable"),
			"database unreachable"},
		{"NoMessage", &ted.Error{Code: ted.CodeNotFound}, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ted.ErrorMessage(tt.err); got != tt.want {
				t.Fatalf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestError_Error(t *testing.T) {
	cause := errors.New("disk full")
	err := ted.Wrap(ted.CodeInternal, cause, "saving import")
	if got := err.Error(); got != "saving import: disk full" {
		t.Fatalf("Error() = %q", got)
	}
	if !errors.Is(err, cause) {
		t.Fatal("errors.Is does not see the cause through the Error")
	}
	if got := (&ted.Error{Err: cause}).Error(); got != "disk full" {
		t.Fatalf("Error() without message = %q", got)
	}
}
