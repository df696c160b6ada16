package api

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// adminPages lists the routes of the admin pages.
func adminPages() []endpoint {
	return []endpoint{
		{method: http.MethodGet, path: "/admin", resource: policies.Users,
			action: policies.Read, scope: district, page: true, handler: (*Server).adminPage},
	}
}

// The admin page shows the latest imports and the latest entries of the
// audit log; the API pages through the rest.
const (
	adminImports = 50
	adminEntries = 200
)

// adminPage shows who may use TED and what was done: the users and their
// roles, the policies, the imports of data, and the audit log, filtered
// by ?user= (a user id) and ?record=. The policies and the audit log are
// shown only to a caller the API would show them to.
func (s *Server) adminPage(c *gin.Context) {
	ctx := c.Request.Context()
	users, err := s.db.Users(ctx)
	if err != nil {
		s.failPage(c, err)
		return
	}
	accounts, err := s.adminAccounts(users)
	if err != nil {
		s.failPage(c, err)
		return
	}
	panels := []dashboards.Panel{dashboards.AccountsPanel(accounts)}

	more, err := s.adminRules(c)
	if err != nil {
		s.failPage(c, err)
		return
	}
	panels = append(panels, more...)

	imports, err := s.db.Imports(ctx, adminImports)
	if err != nil {
		s.failPage(c, err)
		return
	}
	runs := importRuns(imports)
	panels = append(panels, dashboards.ImportsPanel(runs), dashboards.ImportFilesPanel(runs))

	audit, err := s.adminAudit(c)
	if err != nil {
		s.failPage(c, err)
		return
	}
	panels = append(panels, audit...)

	s.renderPage(c, dashboards.Page{
		Title:   "Admin",
		Heading: "Administration",
		Subheading: "Who may use TED and what they may see, the data imported, and " +
			"the audit log. Users and roles are changed with the ted users command " +
			"or the API; this page only shows them.",
		Filters: adminFilters(users, c.Query("user"), c.Query("record")),
		Panels:  panels,
	})
}

// allowedInDistrict reports whether the caller may read a resource across
// the district. It fails closed: an error of the enforcer is an error of
// the page.
func (s *Server) allowedInDistrict(c *gin.Context, resource string) (bool, error) {
	ok, err := s.enforcer.Allowed(callerOf(c).User.UserID, policies.District, resource,
		policies.Read)
	if err != nil {
		return false, ted.Wrap(ted.CodeInternal, err, "authorization failed")
	}
	return ok, nil
}

// adminAccounts are the users with their roles.
func (s *Server) adminAccounts(users []models.User) ([]dashboards.Account, error) {
	list := make([]dashboards.Account, len(users))
	for i, u := range users {
		roles, err := s.enforcer.Roles(u.UserID)
		if err != nil {
			return nil, ted.Wrap(ted.CodeInternal, err, "reading roles failed")
		}
		a := dashboards.Account{Email: u.Email, Disabled: u.Disabled, Created: u.CreatedAt,
			AuditLog: adminLink("user", u.UserID)}
		for _, r := range roles {
			a.Roles = append(a.Roles, r.Role+" in "+r.Domain)
		}
		list[i] = a
	}
	return list, nil
}

// adminRules is the panel of the policies in force, for a caller who may
// read them.
func (s *Server) adminRules(c *gin.Context) ([]dashboards.Panel, error) {
	ok, err := s.allowedInDistrict(c, policies.Policies)
	if err != nil || !ok {
		return nil, err
	}
	list, err := s.enforcer.Policies()
	if err != nil {
		return nil, ted.Wrap(ted.CodeInternal, err, "reading policies failed")
	}
	rules := make([]dashboards.Rule, len(list))
	for i, p := range list {
		rules[i] = dashboards.Rule{Role: p.Role, Domain: p.Domain, Resource: p.Resource,
			Action: p.Action}
	}
	return []dashboards.Panel{dashboards.RulesPanel(rules)}, nil
}

// importRuns are the imports as the admin page lists them.
func importRuns(imports []models.Import) []dashboards.ImportRun {
	runs := make([]dashboards.ImportRun, len(imports))
	for i, imp := range imports {
		r := dashboards.ImportRun{Started: imp.StartedAt, Finished: imp.FinishedAt,
			By: imp.ImportedBy, Source: imp.Source, Checksum: imp.Checksum,
			Outcome: imp.Outcome, Message: imp.Message}
		for _, f := range imp.Files {
			r.Files = append(r.Files, dashboards.ImportedFile{File: f.File,
				Read: f.RowsRead, Inserted: f.Inserted, Updated: f.Updated,
				Unchanged: f.Unchanged})
		}
		runs[i] = r
	}
	return runs
}

// adminAudit is the panel of the latest entries of the audit log that
// the URL's filters select, for a caller who may read the log.
func (s *Server) adminAudit(c *gin.Context) ([]dashboards.Panel, error) {
	ok, err := s.allowedInDistrict(c, policies.Audit)
	if err != nil || !ok {
		return nil, err
	}
	entries, total, err := s.db.AuditEntries(c.Request.Context(), models.AuditFilter{
		UserID: c.Query("user"), RecordID: c.Query("record"), Limit: adminEntries})
	if err != nil {
		return nil, err
	}
	rows := make([]dashboards.AuditRow, len(entries))
	for i, e := range entries {
		rows[i] = dashboards.AuditRow{At: e.At, Actor: e.Actor, Action: e.Action,
			Resource: e.Resource, Record: e.RecordID, Outcome: e.Outcome,
			Address: e.Address, RequestID: e.RequestID, Detail: e.Detail}
		if e.UserID != "" {
			rows[i].UserLink = adminLink("user", e.UserID)
		}
		if e.RecordID != "" {
			rows[i].RecordLink = adminLink("record", e.RecordID)
		}
	}
	return []dashboards.Panel{dashboards.AuditPanel(rows, total)}, nil
}

// adminLink is the address of the admin page with the audit log filtered
// by one field.
func adminLink(field, value string) string {
	return "/admin?" + url.Values{field: {value}}.Encode()
}

// adminFilters choose the audit log's user among the accounts, and keep
// the record chosen by a link so that it can be cleared.
func adminFilters(users []models.User, user, record string) []dashboards.Filter {
	who := dashboards.Filter{Name: "user", Label: "Audit log of",
		Options: []dashboards.Option{{Value: "", Label: "All users"}}}
	known := false
	for _, u := range users {
		who.Options = append(who.Options, dashboards.Option{Value: u.UserID, Label: u.Email,
			Selected: u.UserID == user})
		known = known || u.UserID == user
	}
	if user != "" && !known {
		who.Options = append(who.Options, dashboards.Option{Value: user, Label: user,
			Selected: true})
	}
	what := dashboards.Filter{Name: "record", Label: "About record",
		Options: []dashboards.Option{{Value: "", Label: "All records"}}}
	if record != "" {
		what.Options = append(what.Options, dashboards.Option{Value: record, Label: record,
			Selected: true})
	}
	return []dashboards.Filter{who, what}
}
