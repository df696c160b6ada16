package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"
)

// AuditEntry is one event of the audit log: who did what to which record,
// when, from where, and how it ended. Entries are only ever appended: the
// database refuses to change or delete them.
type AuditEntry struct {
	AuditID string `gorm:"primaryKey"`
	At      time.Time
	// UserID and Actor name who acted: an account and its email, or for
	// a command run on the server, the operating system's user.
	UserID string
	Actor  string
	// Action is what was done (read, create, update, delete, sign_in,
	// import, ...), Resource the kind of record and RecordID which one.
	Action   string
	Resource string
	RecordID string
	// Outcome is allowed or denied for a request, succeeded or failed
	// for a change.
	Outcome   string
	Address   string
	RequestID string
	Detail    string
}

// TableName names the audit log.
func (AuditEntry) TableName() string { return "audit_log" }

// Outcomes of audited events.
const (
	AuditAllowed   = "allowed"
	AuditDenied    = "denied"
	AuditSucceeded = "succeeded"
	AuditFailed    = "failed"
)

// auditClock hands out audit ids that sort in the order they were made,
// even within one clock tick.
var auditClock struct {
	sync.Mutex
	last int64
}

// newAuditID returns an id that sorts after every earlier one of this
// process: the time in nanoseconds, then random digits.
func newAuditID(at time.Time) string {
	auditClock.Lock()
	n := at.UnixNano()
	if n <= auditClock.last {
		n = auditClock.last + 1
	}
	auditClock.last = n
	auditClock.Unlock()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%019d-%s", n, hex.EncodeToString(b))
}

// Audit appends an entry to the audit log, filling in its id and time.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC()
	e.AuditID = newAuditID(e.At)
	err := db.serialWrite(func() error { return db.Gorm(ctx).Create(&e).Error })
	return Error(err, "audit entry")
}

// AuditFilter selects entries of the audit log; empty fields select all.
type AuditFilter struct {
	UserID   string
	RecordID string
	From, To time.Time
	Limit    int
	Offset   int
}

// AuditEntries returns the entries the filter selects, newest first, and
// how many there are in all.
func (db *DB) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q := db.Gorm(ctx).Model(&AuditEntry{})
	if f.UserID != "" {
		q = q.Where("user_id = ?", f.UserID)
	}
	if f.RecordID != "" {
		q = q.Where("record_id = ?", f.RecordID)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.UTC())
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, Error(err, "audit log")
	}
	var list []AuditEntry
	err := q.Order("audit_id DESC").Limit(f.Limit).Offset(f.Offset).Find(&list).Error
	return list, int(total), Error(err, "audit log")
}
