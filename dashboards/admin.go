package dashboards

import (
	"strconv"
	"strings"
	"time"
)

// Account is a user of TED as the admin page lists them, with the roles
// they hold, such as "principal in school:S0001", and the address of the
// audit log of what they did.
type Account struct {
	Email    string
	Roles    []string
	Disabled bool
	Created  time.Time
	AuditLog string
}

// AccountsPanel lists the users and their roles. Accounts are changed
// with the `ted users` command or the API, not from the page.
func AccountsPanel(accounts []Account) Panel {
	t := Table{Columns: []Column{{Name: "Email"}, {Name: "Roles"}, {Name: "Status"},
		{Name: "Created (UTC)"}}}
	for _, a := range accounts {
		status := "active"
		if a.Disabled {
			status = "disabled"
		}
		roles := strings.Join(a.Roles, "; ")
		if roles == "" {
			roles = "no role"
		}
		t.Rows = append(t.Rows, []Cell{Text(a.Email, a.AuditLog), Text(roles, ""),
			Text(status, ""), timeCell(a.Created)})
	}
	return Panel{ID: "users", Title: "Users and roles",
		Note: "Accounts, roles and API tokens are managed with the `ted users` " +
			"command or the API (/api/v1/users), not from this page. Click a user " +
			"to see what they did.",
		Table: t}
}

// Rule is one authorization policy: a role, in the domains its pattern
// matches, may take an action on a resource.
type Rule struct {
	Role, Domain, Resource, Action string
}

// RulesPanel lists the authorization policies in force.
func RulesPanel(rules []Rule) Panel {
	t := Table{Columns: []Column{{Name: "Role"}, {Name: "Domain"}, {Name: "Resource"},
		{Name: "Action"}}}
	for _, r := range rules {
		t.Rows = append(t.Rows, []Cell{Text(r.Role, ""), Text(r.Domain, ""),
			Text(r.Resource, ""), Text(r.Action, "")})
	}
	return Panel{ID: "policies", Title: "Who may see what",
		Note: "The policies in force: each lets a role, in the domains its " +
			"pattern matches, take an action on a resource; * matches any. " +
			"Policies are changed through the API (/api/v1/policies).",
		Table: t}
}

// ImportRun is one import of a district's data bundle and the rows each
// of its files brought.
type ImportRun struct {
	Started                                time.Time
	Finished                               *time.Time
	By, Source, Checksum, Outcome, Message string
	Files                                  []ImportedFile
}

// ImportedFile counts what one file of a bundle brought to an import.
type ImportedFile struct {
	File                               string
	Read, Inserted, Updated, Unchanged int
}

// ImportsPanel lists the imports, newest first, with their row counts
// summed over their files.
func ImportsPanel(runs []ImportRun) Panel {
	t := Table{Columns: []Column{{Name: "Started (UTC)"}, {Name: "Finished (UTC)"},
		{Name: "Run by"}, {Name: "Bundle"}, {Name: "Checksum"}, {Name: "Outcome"},
		{Name: "Files", Numeric: true}, {Name: "Rows read", Numeric: true},
		{Name: "Inserted", Numeric: true}, {Name: "Updated", Numeric: true},
		{Name: "Unchanged", Numeric: true}, {Name: "Message"}}}
	for _, r := range runs {
		var sum ImportedFile
		for _, f := range r.Files {
			sum.Read += f.Read
			sum.Inserted += f.Inserted
			sum.Updated += f.Updated
			sum.Unchanged += f.Unchanged
		}
		finished := Text("not finished", "")
		if r.Finished != nil {
			finished = timeCell(*r.Finished)
		}
		files := len(r.Files)
		t.Rows = append(t.Rows, append([]Cell{timeCell(r.Started), finished,
			Text(r.By, ""), Text(r.Source, ""), Text(shortChecksum(r.Checksum), ""),
			Text(r.Outcome, ""), Int(&files, "")},
			append(countCells(sum), Text(r.Message, ""))...))
	}
	return Panel{ID: "imports", Title: "Imports",
		Note: "Each import of a data bundle, newest first. An import writes the " +
			"whole bundle or nothing.",
		Table: t, Wide: true}
}

// ImportFilesPanel lists what each file of each import brought.
func ImportFilesPanel(runs []ImportRun) Panel {
	t := Table{Columns: []Column{{Name: "Import started (UTC)"}, {Name: "File"},
		{Name: "Rows read", Numeric: true}, {Name: "Inserted", Numeric: true},
		{Name: "Updated", Numeric: true}, {Name: "Unchanged", Numeric: true}}}
	for _, r := range runs {
		for _, f := range r.Files {
			t.Rows = append(t.Rows, append([]Cell{timeCell(r.Started), Text(f.File, "")},
				countCells(f)...))
		}
	}
	return Panel{ID: "import-files", Title: "Files imported",
		Note: "The rows each file of an import read, and how many were new, " +
			"changed or the same as before.",
		Table: t, Wide: true}
}

// countCells are the cells of a file's row counts.
func countCells(f ImportedFile) []Cell {
	return []Cell{Int(&f.Read, ""), Int(&f.Inserted, ""), Int(&f.Updated, ""),
		Int(&f.Unchanged, "")}
}

// AuditRow is one entry of the audit log as the admin page lists it:
// UserLink and RecordLink are the addresses of the log of that user and
// of that record.
type AuditRow struct {
	At                                           time.Time
	Actor, UserLink, Action, Resource            string
	Record, RecordLink, Outcome, Address, Detail string
	RequestID                                    string
}

// AuditPanel lists entries of the audit log, newest first; total is how
// many entries the filters select, of which the panel shows the latest.
func AuditPanel(rows []AuditRow, total int) Panel {
	t := Table{Columns: []Column{{Name: "Time (UTC)"}, {Name: "Who"}, {Name: "Action"},
		{Name: "Resource"}, {Name: "Record"}, {Name: "Outcome"}, {Name: "Address"},
		{Name: "Request"}, {Name: "Detail"}}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []Cell{timeCell(r.At), Text(r.Actor, r.UserLink),
			Text(r.Action, ""), Text(r.Resource, ""), Text(r.Record, r.RecordLink),
			Text(r.Outcome, ""), Text(r.Address, ""), Text(r.RequestID, ""),
			Text(r.Detail, "")})
	}
	note := "Who read or changed what, newest first. Click a user or a record " +
		"to see only their entries."
	if total > len(rows) {
		note = "The latest " + strconv.Itoa(len(rows)) + " of " + strconv.Itoa(total) +
			" entries. " + note + " The API (/api/v1/audit) pages through them all."
	}
	return Panel{ID: "audit", Title: "Audit log", Note: note, Table: t, Wide: true}
}

// timeCell is a cell of a moment in UTC, sorted in time order.
func timeCell(at time.Time) Cell {
	at = at.UTC()
	return Cell{Text: at.Format("2006-01-02 15:04:05"),
		Sort: at.Format("2006-01-02T15:04:05.000000000")}
}

// shortChecksum is enough of a bundle's checksum to tell bundles apart.
func shortChecksum(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}
