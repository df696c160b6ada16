package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
)

// stdin is where --password-stdin reads a password; tests replace it.
var stdin io.Reader = os.Stdin

func usersCommand() command {
	return command{
		name:    "users",
		summary: "add accounts and manage their roles, passwords and API tokens",
		usage:   "users ACTION [flags]",
		long: `Users manages the accounts of the people and systems that use TED: their
roles, passwords and API tokens. The first argument is the action:

  add --email E --role R [--school ID | --staff ID] [--password-stdin]
      adds an account holding a role and prints its user id, email and
      role. admin, district_leader and hr_leader are held district-wide;
      principal needs --school and teacher needs --staff, naming a school
      or staff member already imported. Without --password-stdin the
      account has no password and signs in with API tokens only.
  list
      lists every account: email, user id, whether it is disabled, its
      roles, and how many of its API tokens are not revoked.
  disable --email E
  enable --email E
      stops or restores an account. Disabling ends its sessions, and its
      API tokens do not work while it is disabled.
  grant --email E --role R [--school ID | --staff ID]
  revoke --email E --role R [--school ID | --staff ID]
      gives an account a role, or takes one away.
  password --email E --password-stdin
      sets a new password and ends the account's sessions.
  token --email E
      makes an API token and prints it on standard output. It is shown
      this once only: TED keeps nothing but its hash.
  tokens --email E
      lists an account's API tokens: id, when made, when last used, and
      when revoked.
  revoke-token --id ID
      stops an API token from working, for good.

--password-stdin reads the password from the first line of standard
input, so that it stays out of the shell's history and the list of
processes. A password has at least 12 characters. Every change is kept in
the audit log under the name of the operating system user who ran it.`,
		settings: []string{settingDatabase, settingLogFormat, settingLogLevel},
		flags:    usersFlags,
		run:      runUsers,
	}
}

// usersOptions holds the flags of the users command.
type usersOptions struct {
	email         string
	role          string
	school        string
	staff         string
	tokenID       string
	passwordStdin bool
}

func usersFlags(fs *flag.FlagSet) any {
	o := &usersOptions{}
	fs.StringVar(&o.email, "email", "", "email of the account")
	fs.StringVar(&o.role, "role", "", "admin, district_leader, hr_leader, principal or teacher")
	fs.StringVar(&o.school, "school", "", "school id of a principal's role")
	fs.StringVar(&o.staff, "staff", "", "staff id of a teacher's role")
	fs.StringVar(&o.tokenID, "id", "", "id of an API token")
	fs.BoolVar(&o.passwordStdin, "password-stdin", false,
		"read the password from the first line of standard input")
	return o
}

// given reports which of the command's own flags hold a value.
func (o *usersOptions) given() map[string]bool {
	return map[string]bool{
		"email":          o.email != "",
		"role":           o.role != "",
		"school":         o.school != "",
		"staff":          o.staff != "",
		"id":             o.tokenID != "",
		"password-stdin": o.passwordStdin,
	}
}

// Actions and resources of the audit entries the users command writes.
const (
	auditCreateUser  = "create_user"
	auditDisableUser = "disable_user"
	auditEnableUser  = "enable_user"
	auditGrantRole   = "grant_role"
	auditRevokeRole  = "revoke_role"
	auditCreateToken = "create_token"
	auditRevokeToken = "revoke_token"
	auditSetPassword = "set_password"

	resourceUser  = "user"
	resourceToken = "token"
)

// userAction is one action of the users command: the flags it needs, the
// others it accepts, and the method of userAdmin that does it.
type userAction struct {
	name  string
	needs []string
	takes []string
	do    func(a *userAdmin, ctx context.Context) error
}

func userActions() []userAction {
	roleFlags := []string{"school", "staff"}
	return []userAction{
		{"add", []string{"email", "role"}, append(roleFlags, "password-stdin"),
			(*userAdmin).add},
		{"list", nil, nil, (*userAdmin).list},
		{"disable", []string{"email"}, nil, (*userAdmin).disable},
		{"enable", []string{"email"}, nil, (*userAdmin).enable},
		{"grant", []string{"email", "role"}, roleFlags, (*userAdmin).grant},
		{"revoke", []string{"email", "role"}, roleFlags, (*userAdmin).revoke},
		{"password", []string{"email", "password-stdin"}, nil, (*userAdmin).setPassword},
		{"token", []string{"email"}, nil, (*userAdmin).createToken},
		{"tokens", []string{"email"}, nil, (*userAdmin).listTokens},
		{"revoke-token", []string{"id"}, nil, (*userAdmin).revokeToken},
	}
}

// findUserAction returns the action named by the first argument.
func findUserAction(args []string) (userAction, error) {
	var names []string
	for _, act := range userActions() {
		names = append(names, act.name)
	}
	if len(args) == 0 {
		return userAction{}, usageError{msg: "users needs an action: " +
			strings.Join(names, ", ")}
	}
	for _, act := range userActions() {
		if act.name != args[0] {
			continue
		}
		if len(args) > 1 {
			return userAction{}, usageError{msg: fmt.Sprintf(
				"users %s takes flags only, got %q", act.name, args[1:])}
		}
		return act, nil
	}
	return userAction{}, usageError{msg: fmt.Sprintf("unknown users action %q (want %s)",
		args[0], strings.Join(names, ", "))}
}

// checkFlags refuses an action without the flags it needs or with flags
// it does not take.
func (act userAction) checkFlags(o *usersOptions) error {
	given := o.given()
	for _, name := range act.needs {
		if !given[name] {
			return usageError{msg: fmt.Sprintf("users %s needs --%s", act.name, name)}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(given)) {
		if given[name] && !slices.Contains(act.needs, name) &&
			!slices.Contains(act.takes, name) {
			return usageError{msg: fmt.Sprintf("users %s does not take --%s", act.name, name)}
		}
	}
	return nil
}

// roleOf builds the role the flags name and checks it can be held.
func roleOf(o *usersOptions) (policies.Role, error) {
	r := policies.Role{Role: o.role}
	idFlag := "--role"
	switch o.role {
	case policies.Admin, policies.DistrictLeader, policies.HRLeader:
		if o.school != "" || o.staff != "" {
			return r, usageError{msg: fmt.Sprintf("the %s role is held district-wide: "+
				"it takes neither --school nor --staff", o.role)}
		}
		r.Domain = policies.District
	case policies.Principal:
		if err := needOne(o.school, o.staff, "--school", "--staff", o.role); err != nil {
			return r, err
		}
		r.Domain, idFlag = policies.SchoolDomain(o.school), "--school"
	case policies.Teacher:
		if err := needOne(o.staff, o.school, "--staff", "--school", o.role); err != nil {
			return r, err
		}
		r.Domain, idFlag = policies.StaffDomain(o.staff), "--staff"
	}
	if err := r.Check(); err != nil {
		return r, usageError{msg: idFlag + ": " + ted.ErrorMessage(err)}
	}
	return r, nil
}

// needOne refuses a role held in the domain of one record when the flag
// naming that record is missing or the other flag is given.
func needOne(value, other, flag, otherFlag, role string) error {
	if value == "" {
		return usageError{msg: fmt.Sprintf("%s is needed for the %s role", flag, role)}
	}
	if other != "" {
		return usageError{msg: fmt.Sprintf("the %s role takes %s, not %s", role, flag,
			otherFlag)}
	}
	return nil
}

// roleText writes a role as role@domain.
func roleText(r policies.Role) string {
	return r.Role + "@" + r.Domain
}

// readPassword reads a password from the first line of r and checks its
// strength.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("--password-stdin: reading standard input: %w", err)
	}
	password := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if password == "" {
		return "", ted.Errorf(ted.CodeInvalid,
			"--password-stdin: standard input holds no password")
	}
	if err := models.CheckPasswordStrength(password); err != nil {
		return "", fmt.Errorf("--password-stdin: %w", err)
	}
	return password, nil
}

// userAdmin is what the actions of the users command work with.
type userAdmin struct {
	db  *models.DB
	enf *policies.Enforcer
	o   *usersOptions
	log *slog.Logger
	out io.Writer
	msg io.Writer // notes for the person at the terminal

	// actor names who runs the command, for the audit log.
	actor string
	// role and password are read from the flags and standard input
	// before the database is opened.
	role     policies.Role
	password string
}

func runUsers(ctx context.Context, e *env, args []string) error {
	o := e.flags.(*usersOptions)
	act, err := findUserAction(args)
	if err != nil {
		return err
	}
	if err := act.checkFlags(o); err != nil {
		return err
	}
	a := &userAdmin{o: o, log: newLogger(e.cfg, e.stderr), out: e.stdout, msg: e.stderr,
		actor: "cli:" + importer()}
	if err := a.readInput(); err != nil {
		return err
	}

	db, err := openCurrent(ctx, e.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if a.enf, err = policies.New(ctx, db); err != nil {
		return err
	}
	a.db = db
	return act.do(a, ctx)
}

// readInput checks the role the flags name and reads the password, so that
// a mistake in either stops the command before it changes anything.
func (a *userAdmin) readInput() error {
	var err error
	if a.o.role != "" {
		if a.role, err = roleOf(a.o); err != nil {
			return err
		}
	}
	if a.o.passwordStdin {
		if a.password, err = readPassword(stdin); err != nil {
			return err
		}
	}
	return nil
}

// record appends the entry of a change to the audit log: succeeded when
// err is nil, failed otherwise. It returns err, joined with the failure
// to write the entry if there is one.
func (a *userAdmin) record(ctx context.Context, action, resource, recordID, detail string,
	err error) error {
	e := models.AuditEntry{Actor: a.actor, Action: action, Resource: resource,
		RecordID: recordID, Outcome: models.AuditSucceeded, Detail: detail}
	if err != nil {
		e.Outcome = models.AuditFailed
		e.Detail = strings.TrimPrefix(detail+"; "+ted.ErrorMessage(err), "; ")
	}
	a.log.Debug("account change", "action", action, "resource", resource,
		"record_id", recordID, "outcome", e.Outcome)

	// The change is made: it is recorded even when the command is
	// interrupted.
	if aerr := a.db.Audit(context.WithoutCancel(ctx), e); aerr != nil {
		return errors.Join(err, fmt.Errorf("%s %s %s was not recorded in the audit log: %w",
			action, resource, recordID, aerr))
	}
	return err
}

// user finds the account of --email.
func (a *userAdmin) user(ctx context.Context) (models.User, error) {
	u, err := a.db.UserByEmail(ctx, a.o.email)
	if err != nil {
		return models.User{}, fmt.Errorf("--email: %w", err)
	}
	return u, nil
}

// checkDomain refuses a role in the domain of a school or staff member
// that is not in the database.
func (a *userAdmin) checkDomain(ctx context.Context) error {
	switch {
	case a.o.school != "":
		return a.exists(ctx, &models.School{}, "school_id", a.o.school, "school")
	case a.o.staff != "":
		return a.exists(ctx, &models.Staff{}, "staff_id", a.o.staff, "staff")
	}
	return nil
}

// exists refuses an id that no row of model's table has in column; flag
// names the flag that gave it.
func (a *userAdmin) exists(ctx context.Context, model any, column, id, flag string) error {
	var n int64
	err := a.db.Gorm(ctx).Model(model).Where(column+" = ?", id).Count(&n).Error
	if err != nil {
		return fmt.Errorf("looking up --%s %s: %w", flag, id, err)
	}
	if n == 0 {
		return ted.Errorf(ted.CodeNotFound, "--%s: %q is not in the database "+
			"(import the district's data first)", flag, id)
	}
	return nil
}

// add creates an account and grants it its role.
func (a *userAdmin) add(ctx context.Context) error {
	if err := a.checkDomain(ctx); err != nil {
		return err
	}
	u, err := a.db.CreateUser(ctx, a.o.email, a.password)
	if err != nil {
		return fmt.Errorf("adding an account: %w", err)
	}
	created := a.record(ctx, auditCreateUser, resourceUser, u.UserID, "", nil)
	grantErr := a.enf.Grant(u.UserID, a.role)
	granted := a.record(ctx, auditGrantRole, resourceUser, u.UserID, roleText(a.role),
		grantErr)
	if grantErr != nil {
		granted = fmt.Errorf("user %s was added without its role (grant it with "+
			"ted users grant): %w", u.UserID, granted)
	}
	if err := errors.Join(created, granted); err != nil {
		return err
	}
	fmt.Fprintln(a.out, u.UserID, u.Email, roleText(a.role))
	return nil
}

// list prints every account with its roles and active tokens.
func (a *userAdmin) list(ctx context.Context) error {
	users, err := a.db.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tUSER ID\tDISABLED\tROLES\tTOKENS")
	for _, u := range users {
		roles, err := a.enf.Roles(u.UserID)
		if err != nil {
			return err
		}
		tokens, err := a.db.APITokens(ctx, u.UserID)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", u.Email, u.UserID, yesNo(u.Disabled),
			rolesText(roles), activeTokens(tokens))
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// rolesText writes roles as role@domain, comma-separated, or "-" for
// none.
func rolesText(roles []policies.Role) string {
	if len(roles) == 0 {
		return "-"
	}
	list := make([]string, len(roles))
	for i, r := range roles {
		list[i] = roleText(r)
	}
	return strings.Join(list, ",")
}

// activeTokens counts the tokens not revoked.
func activeTokens(tokens []models.APIToken) int {
	n := 0
	for _, t := range tokens {
		if t.RevokedAt == nil {
			n++
		}
	}
	return n
}

// disable stops the account of --email.
func (a *userAdmin) disable(ctx context.Context) error { return a.setDisabled(ctx, true) }

// enable restores the account of --email.
func (a *userAdmin) enable(ctx context.Context) error { return a.setDisabled(ctx, false) }

// setDisabled disables or enables the account of --email.
func (a *userAdmin) setDisabled(ctx context.Context, disabled bool) error {
	u, err := a.user(ctx)
	if err != nil {
		return err
	}
	action, done := auditEnableUser, "enabled"
	if disabled {
		action, done = auditDisableUser, "disabled"
	}
	err = a.db.SetDisabled(ctx, u.UserID, disabled)
	if err := a.record(ctx, action, resourceUser, u.UserID, "", err); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "%s %s (user %s)\n", done, u.Email, u.UserID)
	return nil
}

// grant gives the account of --email the role of the flags.
func (a *userAdmin) grant(ctx context.Context) error {
	u, err := a.user(ctx)
	if err != nil {
		return err
	}
	err = a.checkDomain(ctx)
	if err == nil {
		err = a.enf.Grant(u.UserID, a.role)
	}
	err = a.record(ctx, auditGrantRole, resourceUser, u.UserID, roleText(a.role), err)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "%s holds %s\n", u.Email, roleText(a.role))
	return nil
}

// revoke takes the role of the flags from the account of --email. The
// school or staff member of the role need not be in the database any
// more.
func (a *userAdmin) revoke(ctx context.Context) error {
	u, err := a.user(ctx)
	if err != nil {
		return err
	}
	err = a.enf.Revoke(u.UserID, a.role)
	err = a.record(ctx, auditRevokeRole, resourceUser, u.UserID, roleText(a.role), err)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "%s no longer holds %s\n", u.Email, roleText(a.role))
	return nil
}

// setPassword replaces the password of the account of --email.
func (a *userAdmin) setPassword(ctx context.Context) error {
	u, err := a.user(ctx)
	if err != nil {
		return err
	}
	err = a.db.SetPassword(ctx, u.UserID, a.password)
	if err := a.record(ctx, auditSetPassword, resourceUser, u.UserID, "", err); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "set the password of %s; its sessions have ended\n", u.Email)
	return nil
}

// createToken makes an API token for the account of --email and prints
// it, the one time it is shown.
func (a *userAdmin) createToken(ctx context.Context) error {
	u, err := a.user(ctx)
	if err != nil {
		return err
	}
	token, t, err := a.db.CreateAPIToken(ctx, u.UserID)
	if err != nil {
		return a.record(ctx, auditCreateToken, resourceUser, u.UserID, "", err)
	}
	err = a.record(ctx, auditCreateToken, resourceToken, t.TokenID, "user "+u.UserID, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.out, token)
	fmt.Fprintf(a.msg, "token %s of %s: it is shown only this once, so keep it safe now\n",
		t.TokenID, u.Email)
	if u.Disabled {
		fmt.Fprintf(a.msg, "the account is disabled: the token works once it is enabled\n")
	}
	return nil
}

// listTokens prints the API tokens of the account of --email.
func (a *userAdmin) listTokens(ctx context.Context) error {
	u, err := a.user(ctx)
	if err != nil {
		return err
	}
	tokens, err := a.db.APITokens(ctx, u.UserID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TOKEN ID\tCREATED\tLAST USED\tREVOKED")
	for _, t := range tokens {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.TokenID, timeText(&t.CreatedAt, ""),
			timeText(t.LastUsedAt, "never"), timeText(t.RevokedAt, "no"))
	}
	return tw.Flush()
}

// timeText writes a time in UTC, or none when it is nil.
func timeText(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return t.UTC().Format(time.RFC3339)
}

// revokeToken stops the API token of --id from working.
func (a *userAdmin) revokeToken(ctx context.Context) error {
	start := time.Now()
	t, err := a.db.RevokeAPIToken(ctx, a.o.tokenID)
	if ted.ErrorCode(err) == ted.CodeNotFound {
		return fmt.Errorf("--id: %w", err)
	}
	already := err == nil && t.RevokedAt.Before(start)
	detail := ""
	switch {
	case already:
		detail = "user " + t.UserID + "; revoked already"
	case err == nil:
		detail = "user " + t.UserID
	}
	if err := a.record(ctx, auditRevokeToken, resourceToken, a.o.tokenID, detail,
		err); err != nil {
		return err
	}
	if already {
		fmt.Fprintf(a.out, "token %s was revoked already, at %s\n", t.TokenID,
			timeText(t.RevokedAt, ""))
		return nil
	}
	fmt.Fprintf(a.out, "revoked token %s\n", t.TokenID)
	return nil
}
