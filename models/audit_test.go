package models_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// mustAudit appends entries to the audit log in order.
func mustAudit(t *testing.T, db *models.DB, entries ...models.AuditEntry) {
	t.Helper()
	for _, e := range entries {
		if err := db.Audit(context.Background(), e); err != nil {
			t.Fatalf("appending %s: %v", e.Detail, err)
		}
	}
}

// details returns the Detail of each entry, which the tests use as its
// name.
func details(entries []models.AuditEntry) string {
	var list []string
	for _, e := range entries {
		list = append(list, e.Detail)
	}
	return strings.Join(list, ",")
}

func TestDB_Audit(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		want := models.AuditEntry{UserID: "u1", Actor: "ana@district.example",
			Action: "read", Resource: "teachers", RecordID: "T1",
			Outcome: models.AuditAllowed, Address: "192.0.2.7", RequestID: "req-1",
			Detail: "e0"}
		mustAudit(t, db, want)
		for i := 1; i < 20; i++ {
			mustAudit(t, db, models.AuditEntry{Actor: "cli:admin", Action: "grant_role",
				Resource: "user", RecordID: "u1", Outcome: models.AuditSucceeded,
				Detail: fmt.Sprint("e", i)})
		}

		list, total, err := db.AuditEntries(ctx, models.AuditFilter{})
		if err != nil || total != 20 || len(list) != 20 {
			t.Fatalf("AuditEntries = %d of %d, %v; want 20", len(list), total, err)
		}

		t.Run("RisingIDs", func(t *testing.T) {
			for i, e := range list {
				if e.Detail != fmt.Sprint("e", 19-i) {
					t.Fatalf("entry %d is %s, want newest first", i, e.Detail)
				}
				if i > 0 && e.AuditID >= list[i-1].AuditID {
					t.Fatalf("id %s of %s does not fall below %s", e.AuditID, e.Detail,
						list[i-1].AuditID)
				}
			}
		})

		t.Run("StoresEveryField", func(t *testing.T) {
			got := list[19]
			if got.At.IsZero() || time.Since(got.At) > time.Minute {
				t.Fatalf("At = %v, want now", got.At)
			}
			got.AuditID, got.At = "", time.Time{}
			if got != want {
				t.Fatalf("stored %+v\nwant %+v", got, want)
			}
		})
	})
}

func TestDB_AuditEntries(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		base := time.Date(2024, 9, 2, 8, 0, 0, 0, time.UTC)
		entry := func(name string, hours int, user, record string) models.AuditEntry {
			return models.AuditEntry{At: base.Add(time.Duration(hours) * time.Hour),
				UserID: user, Actor: "someone", Action: "read", Resource: "teachers",
				RecordID: record, Outcome: models.AuditAllowed, Detail: name}
		}
		mustAudit(t, db,
			entry("a", 0, "u1", "T1"),
			entry("b", 1, "u1", "T2"),
			entry("c", 2, "u2", "T1"),
			entry("d", 3, "u2", "T2"),
			entry("e", 4, "", "T3"),
		)

		for _, c := range []struct {
			name   string
			filter models.AuditFilter
			want   string
			total  int
		}{
			{"All", models.AuditFilter{}, "e,d,c,b,a", 5},
			{"User", models.AuditFilter{UserID: "u1"}, "b,a", 2},
			{"Record", models.AuditFilter{RecordID: "T1"}, "c,a", 2},
			{"UserAndRecord", models.AuditFilter{UserID: "u2", RecordID: "T2"}, "d", 1},
			{"TimeRange", models.AuditFilter{From: base.Add(time.Hour),
				To: base.Add(3 * time.Hour)}, "c,b", 2},
			{"FromOnly", models.AuditFilter{From: base.Add(3 * time.Hour)}, "e,d", 2},
			{"ToOnly", models.AuditFilter{To: base.Add(time.Hour)}, "a", 1},
			{"UserAndFrom", models.AuditFilter{UserID: "u2", From: base.Add(3 * time.Hour)},
				"d", 1},
			{"TimeRangeInOtherZone", models.AuditFilter{
				From: base.Add(time.Hour).In(time.FixedZone("EDT", -4*3600)),
				To:   base.Add(3 * time.Hour).In(time.FixedZone("EDT", -4*3600))}, "c,b", 2},
			{"FirstPage", models.AuditFilter{Limit: 2}, "e,d", 5},
			{"SecondPage", models.AuditFilter{Limit: 2, Offset: 2}, "c,b", 5},
			{"LastPage", models.AuditFilter{Limit: 2, Offset: 4}, "a", 5},
			{"PastTheEnd", models.AuditFilter{Limit: 2, Offset: 6}, "", 5},
			{"PageOfUser", models.AuditFilter{UserID: "u2", Limit: 1, Offset: 1}, "c", 2},
			{"NoMatch", models.AuditFilter{UserID: "nobody"}, "", 0},
		} {
			t.Run(c.name, func(t *testing.T) {
				list, total, err := db.AuditEntries(ctx, c.filter)
				if err != nil {
					t.Fatal(err)
				}
				if got := details(list); got != c.want || total != c.total {
					t.Fatalf("entries %q of %d, want %q of %d", got, total, c.want, c.total)
				}
			})
		}
	})
}

func TestDB_AuditAppendOnly(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		mustAudit(t, db, models.AuditEntry{Actor: "cli:admin", Action: "create_user",
			Resource: "user", RecordID: "u1", Outcome: models.AuditSucceeded, Detail: "kept"})

		for _, c := range []struct{ name, sql string }{
			{"ErrUpdate", "UPDATE audit_log SET outcome = 'failed'"},
			{"ErrUpdateOneRow", "UPDATE audit_log SET detail = 'changed' WHERE record_id = 'u1'"},
			{"ErrDelete", "DELETE FROM audit_log"},
			{"ErrDeleteOneRow", "DELETE FROM audit_log WHERE record_id = 'u1'"},
		} {
			t.Run(c.name, func(t *testing.T) {
				if err := db.Gorm(ctx).Exec(c.sql).Error; err == nil {
					t.Fatalf("%s succeeded on the audit log", c.sql)
				}
			})
		}

		list, _, err := db.AuditEntries(ctx, models.AuditFilter{})
		if err != nil || details(list) != "kept" ||
			!slices.ContainsFunc(list, func(e models.AuditEntry) bool {
				return e.Outcome == models.AuditSucceeded
			}) {
			t.Fatalf("audit log after the refused changes = %+v, %v", list, err)
		}
	})
}

// TestDB_Audit_Zone stores a time given in another zone as the same
// instant, so that filters in UTC find it.
func TestDB_Audit_Zone(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		eastern := time.FixedZone("UTC-4", -4*3600)
		at := time.Date(2024, 9, 2, 8, 0, 0, 0, eastern)
		err := db.Audit(ctx, models.AuditEntry{At: at, Action: "read", Resource: "teacher",
			Outcome: models.AuditAllowed})
		if err != nil {
			t.Fatal(err)
		}
		list, n, err := db.AuditEntries(ctx, models.AuditFilter{
			From: time.Date(2024, 9, 2, 11, 59, 0, 0, time.UTC),
			To:   time.Date(2024, 9, 2, 12, 1, 0, 0, time.UTC)})
		if err != nil || n != 1 || !list[0].At.Equal(at) {
			t.Fatalf("entries around 12:00 UTC = %v, %d, %v", list, n, err)
		}
	})
}
