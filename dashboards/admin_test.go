package dashboards

import (
	"testing"
	"time"
)

// The admin page's fixed data: two accounts, one disabled and without a
// role; an import that failed and one that wrote two files; two entries of
// the audit log, one by a user named to attack the page.
var (
	created  = time.Date(2025, 1, 31, 8, 0, 0, 0, time.UTC)
	accounts = []Account{
		{Email: "admin@district.example.org", Roles: []string{"admin in district"},
			Created: created, AuditLog: "/admin?user=u1"},
		{Email: hostile, Disabled: true, Created: created.Add(time.Hour),
			AuditLog: "/admin?user=u2"},
	}
	finished = created.Add(90 * time.Second)
	runs     = []ImportRun{
		{Started: created.Add(48 * time.Hour), By: "ops", Source: "/data/bundle",
			Checksum: "9f86d081884c7d659a2feaa0c55ad015", Outcome: "invalid",
			Message: "staff.csv:3: hire_date: \"x\" is not a date", Finished: &finished},
		{Started: created, Finished: &finished, By: "ops", Source: "/data/bundle",
			Checksum: "2c26b46b68ffc68ff99b453c1d304134", Outcome: "succeeded",
			Files: []ImportedFile{{File: "schools.csv", Read: 4, Inserted: 4},
				{File: "staff.csv", Read: 120, Inserted: 100, Updated: 15, Unchanged: 5}}},
	}
	entries = []AuditRow{
		{At: created.Add(time.Minute), Actor: hostile, UserLink: "/admin?user=u2",
			Action: "read", Resource: "teachers", Record: "T0001",
			RecordLink: "/admin?record=T0001", Outcome: "denied", Address: "10.0.0.7",
			RequestID: "r2"},
		{At: created, Actor: "admin@district.example.org", UserLink: "/admin?user=u1",
			Action: "read", Resource: "teacher", Record: "T0002",
			RecordLink: "/admin?record=T0002", Outcome: "allowed", Address: "10.0.0.5",
			RequestID: "r1"},
	}
)

func TestAdminPanels_Golden(t *testing.T) {
	cases := []struct {
		name  string
		panel Panel
	}{
		{"admin_users", AccountsPanel(accounts)},
		{"admin_policies", RulesPanel([]Rule{{Role: "admin", Domain: "district",
			Resource: "*", Action: "*"}})},
		{"admin_imports", ImportsPanel(runs)},
		{"admin_import_files", ImportFilesPanel(runs)},
		{"admin_audit", AuditPanel(entries, 2)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { compareGolden(t, c.name, c.panel) })
	}
}

func TestImportsPanel_Sums(t *testing.T) {
	row := ImportsPanel(runs).Table.Rows[1]
	var got []string
	for _, c := range row[6:11] {
		got = append(got, c.Text)
	}
	want := []string{"2", "124", "104", "15", "5"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("files and counts %v, want %v", got, want)
		}
	}
}

func TestAuditPanel_Latest(t *testing.T) {
	p := AuditPanel(entries[:1], 250)
	if want := "The latest 1 of 250 entries."; p.Note[:len(want)] != want {
		t.Errorf("note %q", p.Note)
	}
}

func TestAdminRender_EscapesNames(t *testing.T) {
	wantEscaped(t, render(t, AccountsPanel(accounts), AuditPanel(entries, 2)))
}
