package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

func TestRun_Audited(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		dir := filepath.Join(t.TempDir(), "district")
		mustRun(t, "generate", "--scale", "small", "--seed", "2", "--out", dir)
		mustRun(t, "import", "--no-compute", "--database-url", url, dir)
		mustRun(t, "compute", "--year", "2025", "--database-url", url)
		mustRun(t, "export", "teacher-metrics", "--year", "2025", "--database-url", url)
		mustRun(t, "export", "school-metrics", "--year", "2025", "--database-url", url)

		ctx := context.Background()
		db, err := models.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		entries, total, err := db.AuditEntries(ctx, models.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// Newest first: the export of teachers, the compute, the import.
		// The school table is an aggregate, not a personnel record.
		want := []struct{ action, resource, record string }{
			{"read", "export", "teacher-metrics 2025"},
			{"compute", "school_year", "2025"},
			{"import", "bundle", ""},
		}
		if total != len(want) {
			t.Fatalf("%d audit entries, want %d: %+v", total, len(want), entries)
		}
		for i, w := range want {
			e := entries[i]
			if e.Action != w.action || e.Resource != w.resource ||
				(w.record != "" && e.RecordID != w.record) || e.RecordID == "" ||
				e.Outcome != models.AuditSucceeded || len(e.Actor) < 5 ||
				e.Actor[:4] != "cli:" {
				t.Errorf("entry %d = %+v, want %v", i, e, w)
			}
		}
	})
}
