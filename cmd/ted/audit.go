package main

import (
	"context"
	"fmt"
	"io"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
)

// appendAudit records in the audit log what a command did to the data, or
// which individuals' records it read, as done by the operating system's
// user who ran it. A failure to write the entry is reported on w, since the
// work itself is done.
func appendAudit(ctx context.Context, db *models.DB, w io.Writer, action, resource,
	record string, err error) {
	e := models.AuditEntry{Actor: "cli:" + importer(), Action: action, Resource: resource,
		RecordID: record, Outcome: models.AuditSucceeded}
	if err != nil {
		e.Outcome, e.Detail = models.AuditFailed, ted.ErrorMessage(err)
	}
	if aerr := db.Audit(context.WithoutCancel(ctx), e); aerr != nil {
		fmt.Fprintln(w, "ted: writing the audit log failed:", aerr)
	}
}
