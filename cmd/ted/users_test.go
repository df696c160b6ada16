package main

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/policies"
)

// usersDB imports the test bundle (schools S1 and S2, staff T1, T2, T3 and
// P1) into the database at url and opens it for the test to look into.
func usersDB(t *testing.T, url string) *models.DB {
	t.Helper()
	mustRun(t, "import", "--no-compute", "--database-url", url, testBundle)
	db, err := models.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// withStdin makes --password-stdin read text until the test ends.
func withStdin(t *testing.T, text string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(text)
	t.Cleanup(func() { stdin = old })
}

// runUsersCmd runs ted users with the database at url and returns what it
// printed on standard output and standard error.
func runUsersCmd(url string, args ...string) (stdout, stderr string, err error) {
	var out, msg bytes.Buffer
	args = append(append([]string{"users"}, args...), "--database-url", url)
	err = run(context.Background(), args, &out, &msg)
	return out.String(), msg.String(), err
}

// mustUsers runs ted users and fails the test when it fails.
func mustUsers(t *testing.T, url string, args ...string) (stdout, stderr string) {
	t.Helper()
	stdout, stderr, err := runUsersCmd(url, args...)
	if err != nil {
		t.Fatalf("ted users %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr)
	}
	return stdout, stderr
}

// mustAdd adds an account and returns its user id.
func mustAdd(t *testing.T, url string, args ...string) string {
	t.Helper()
	out, _ := mustUsers(t, url, append([]string{"add"}, args...)...)
	f := strings.Fields(out)
	if len(f) != 3 {
		t.Fatalf("add printed %q, want one line of user id, email and role", out)
	}
	return f[0]
}

// mustToken makes an API token for an account and returns it.
func mustToken(t *testing.T, url, email string) string {
	t.Helper()
	out, _ := mustUsers(t, url, "token", "--email", email)
	token := strings.TrimSuffix(out, "\n")
	if token == "" || strings.ContainsAny(token, " \n") {
		t.Fatalf("token printed %q, want one line holding the token", out)
	}
	return token
}

// roles returns the roles of a user as role@domain, read afresh from the
// database.
func roles(t *testing.T, db *models.DB, userID string) []string {
	t.Helper()
	enf, err := policies.New(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	list, err := enf.Roles(userID)
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, r := range list {
		text = append(text, roleText(r))
	}
	return text
}

func TestRun_UsersAdd(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		db := usersDB(t, url)
		ctx := context.Background()
		for _, c := range []struct {
			name, email, role string
			flags             []string
			want              string
		}{
			{"Admin", "Admin@District.example", "admin", nil, "admin@district"},
			{"DistrictLeader", "leader@district.example", "district_leader", nil,
				"district_leader@district"},
			{"HRLeader", "hr@district.example", "hr_leader", nil, "hr_leader@district"},
			{"Principal", "dee@district.example", "principal", []string{"--school", "S1"},
				"principal@school:S1"},
			{"Teacher", "ana@district.example", "teacher", []string{"--staff", "T1"},
				"teacher@staff:T1"},
		} {
			t.Run(c.name, func(t *testing.T) {
				args := append([]string{"add", "--email", c.email, "--role", c.role},
					c.flags...)
				out, _ := mustUsers(t, url, args...)
				f := strings.Fields(out)
				email := strings.ToLower(c.email)
				if len(f) != 3 || f[1] != email || f[2] != c.want {
					t.Fatalf("add printed %q, want id %s %s", out, email, c.want)
				}
				u, err := db.UserByEmail(ctx, email)
				if err != nil || u.UserID != f[0] || u.PasswordHash != "" {
					t.Fatalf("stored user = %+v, %v", u, err)
				}
				if got := roles(t, db, u.UserID); !slices.Equal(got, []string{c.want}) {
					t.Fatalf("roles = %v, want %s", got, c.want)
				}
			})
		}

		t.Run("PasswordStdin", func(t *testing.T) {
			withStdin(t, "a long passphrase\r\nsecond line\n")
			mustAdd(t, url, "--email", "cara@district.example", "--role", "teacher",
				"--staff", "T3", "--password-stdin")
			u, err := db.UserByEmail(ctx, "cara@district.example")
			if err != nil {
				t.Fatal(err)
			}
			if !models.CheckPassword(u.PasswordHash, "a long passphrase") {
				t.Fatal("the password read from standard input does not check")
			}
		})

		t.Run("List", func(t *testing.T) {
			out, _ := mustUsers(t, url, "list")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 7 || !strings.HasPrefix(lines[0], "EMAIL") {
				t.Fatalf("list:\n%s", out)
			}
			for _, want := range []string{"admin@district.example", "hr_leader@district",
				"dee@district.example", "principal@school:S1", "teacher@staff:T1"} {
				if !strings.Contains(out, want) {
					t.Errorf("list lacks %s:\n%s", want, out)
				}
			}
			if f := strings.Fields(lines[1]); len(f) != 5 ||
				f[0] != "admin@district.example" || f[2] != "no" || f[4] != "0" {
				t.Errorf("first row %q, want the admin, enabled, with no tokens", lines[1])
			}
		})
	})
}

func TestRun_UsersErrors(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		db := usersDB(t, url)
		mustAdd(t, url, "--email", "admin@district.example", "--role", "admin")

		for _, c := range []struct {
			name  string
			stdin string
			args  []string
			exit  int
			want  string
		}{
			{"ErrDuplicateEmail", "", []string{"add", "--email", "ADMIN@district.example",
				"--role", "hr_leader"}, 1, "admin@district.example already exists"},
			{"ErrPrincipalWithoutSchool", "", []string{"add", "--email", "p@district.example",
				"--role", "principal"}, 2, "--school is needed for the principal role"},
			{"ErrTeacherWithSchool", "", []string{"add", "--email", "t@district.example",
				"--role", "teacher", "--staff", "T1", "--school", "S1"}, 2, "not --school"},
			{"ErrAdminWithSchool", "", []string{"add", "--email", "a@district.example",
				"--role", "admin", "--school", "S1"}, 2, "district-wide"},
			{"ErrUnknownSchool", "", []string{"add", "--email", "p@district.example",
				"--role", "principal", "--school", "S9"}, 1, `--school: "S9" is not`},
			{"ErrUnknownStaff", "", []string{"add", "--email", "t@district.example",
				"--role", "teacher", "--staff", "T9"}, 1, `--staff: "T9" is not`},
			{"ErrUnknownRole", "", []string{"add", "--email", "x@district.example",
				"--role", "boss"}, 2, `--role: no role "boss"`},
			{"ErrBadEmail", "", []string{"add", "--email", "nobody", "--role", "admin"}, 1,
				"not an email address"},
			{"ErrShortPassword", "short\n", []string{"add", "--email", "x@district.example",
				"--role", "admin", "--password-stdin"}, 1, "at least 12 characters"},
			{"ErrNoPassword", "", []string{"password", "--email", "admin@district.example",
				"--password-stdin"}, 1, "holds no password"},
			{"ErrPasswordWithoutStdin", "", []string{"password", "--email",
				"admin@district.example"}, 2, "needs --password-stdin"},
			{"ErrUnknownEmail", "", []string{"disable", "--email", "who@district.example"}, 1,
				"--email: user who@district.example not found"},
			{"ErrFlagNotTaken", "", []string{"list", "--email", "admin@district.example"}, 2,
				"users list does not take --email"},
			{"ErrNoAction", "", nil, 2, "users needs an action"},
			{"ErrUnknownAction", "", []string{"remove"}, 2, "unknown users action \"remove\""},
			{"ErrUnknownToken", "", []string{"revoke-token", "--id", "0000"}, 1,
				"--id: token 0000 not found"},
		} {
			t.Run(c.name, func(t *testing.T) {
				withStdin(t, c.stdin)
				_, _, err := runUsersCmd(url, c.args...)
				if exitCode(err) != c.exit || !strings.Contains(errorLine(err), c.want) {
					t.Fatalf("err = %v, exits %d; want exit %d and %q", err, exitCode(err),
						c.exit, c.want)
				}
			})
		}

		// No failed add left an account behind.
		users, err := db.Users(context.Background())
		if err != nil || len(users) != 1 {
			t.Fatalf("users = %v, %v; want the admin only", users, err)
		}
	})
}

func TestRun_UsersTokens(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		db := usersDB(t, url)
		ctx := context.Background()
		const email = "api@district.example"
		id := mustAdd(t, url, "--email", email, "--role", "district_leader")

		token := mustToken(t, url, email)
		tok, u, err := db.APITokenUser(ctx, token)
		if err != nil || u.UserID != id {
			t.Fatalf("APITokenUser = %+v, %v; want user %s", u, err, id)
		}

		t.Run("Note", func(t *testing.T) {
			_, note := mustUsers(t, url, "token", "--email", email)
			if !strings.Contains(note, "only this once") || strings.Contains(note, "tedt_") {
				t.Fatalf("note on standard error = %q", note)
			}
		})

		t.Run("DisableEnable", func(t *testing.T) {
			mustUsers(t, url, "disable", "--email", email)
			if _, _, err := db.APITokenUser(ctx, token); !errors.Is(err, models.ErrBadToken) {
				t.Fatalf("token of a disabled account: err = %v, want ErrBadToken", err)
			}
			out, _ := mustUsers(t, url, "list")
			if f := strings.Fields(strings.Split(out, "\n")[1]); f[2] != "yes" {
				t.Fatalf("list does not show the account disabled:\n%s", out)
			}
			mustUsers(t, url, "enable", "--email", email)
			if _, _, err := db.APITokenUser(ctx, token); err != nil {
				t.Fatalf("token after enabling: %v", err)
			}
		})

		t.Run("RevokeToken", func(t *testing.T) {
			mustUsers(t, url, "revoke-token", "--id", tok.TokenID)
			if _, _, err := db.APITokenUser(ctx, token); !errors.Is(err, models.ErrBadToken) {
				t.Fatalf("revoked token: err = %v, want ErrBadToken", err)
			}
			out, _ := mustUsers(t, url, "revoke-token", "--id", tok.TokenID)
			if !strings.Contains(out, "revoked already") {
				t.Fatalf("second revoke printed %q", out)
			}
		})

		t.Run("List", func(t *testing.T) {
			out, _ := mustUsers(t, url, "tokens", "--email", email)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 3 || !strings.HasPrefix(lines[0], "TOKEN ID") {
				t.Fatalf("tokens:\n%s", out)
			}
			for _, line := range lines[1:] {
				f := strings.Fields(line)
				revoked := f[0] == tok.TokenID
				if len(f) != 4 || (f[3] == "no") == revoked {
					t.Errorf("token row %q: revoked should be %v", line, revoked)
				}
			}
			out, _ = mustUsers(t, url, "list")
			if f := strings.Fields(strings.Split(out, "\n")[1]); f[4] != "1" {
				t.Fatalf("list counts %s active tokens, want 1:\n%s", f[4], out)
			}
		})
	})
}

func TestRun_UsersRoles(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		db := usersDB(t, url)
		const email = "dee@district.example"
		id := mustAdd(t, url, "--email", email, "--role", "principal", "--school", "S1")

		for _, c := range []struct {
			name string
			args []string
			want []string
		}{
			{"GrantSecondSchool", []string{"grant", "--role", "principal", "--school", "S2"},
				[]string{"principal@school:S1", "principal@school:S2"}},
			{"GrantTeacher", []string{"grant", "--role", "teacher", "--staff", "P1"},
				[]string{"principal@school:S1", "principal@school:S2", "teacher@staff:P1"}},
			{"RevokeSchool", []string{"revoke", "--role", "principal", "--school", "S1"},
				[]string{"principal@school:S2", "teacher@staff:P1"}},
			{"RevokeTeacher", []string{"revoke", "--role", "teacher", "--staff", "P1"},
				[]string{"principal@school:S2"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				mustUsers(t, url, append(c.args, "--email", email)...)
				if got := roles(t, db, id); !slices.Equal(got, c.want) {
					t.Fatalf("roles = %v, want %v", got, c.want)
				}
			})
		}

		t.Run("ErrGrantUnknownSchool", func(t *testing.T) {
			_, _, err := runUsersCmd(url, "grant", "--email", email, "--role", "principal",
				"--school", "S9")
			if exitCode(err) != 1 {
				t.Fatalf("err = %v, want exit 1", err)
			}
		})

		t.Run("ErrRevokeNotHeld", func(t *testing.T) {
			_, _, err := runUsersCmd(url, "revoke", "--email", email, "--role", "admin")
			if exitCode(err) != 1 || !strings.Contains(err.Error(), "does not hold") {
				t.Fatalf("err = %v, want exit 1 naming the role not held", err)
			}
		})
	})
}

func TestRun_UsersPassword(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		db := usersDB(t, url)
		ctx := context.Background()
		const email = "hr@district.example"
		withStdin(t, "the first passphrase\n")
		id := mustAdd(t, url, "--email", email, "--role", "hr_leader", "--password-stdin")
		session, _, err := db.CreateSession(ctx, id, time.Hour)
		if err != nil {
			t.Fatal(err)
		}

		withStdin(t, "the second passphrase")
		mustUsers(t, url, "password", "--email", email, "--password-stdin")
		u, err := db.UserByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !models.CheckPassword(u.PasswordHash, "the second passphrase") ||
			models.CheckPassword(u.PasswordHash, "the first passphrase") {
			t.Fatal("the new password does not check, or the old one still does")
		}
		_, _, err = db.SessionUser(ctx, session, time.Hour)
		if !errors.Is(err, models.ErrBadToken) {
			t.Fatalf("session after a new password: err = %v, want ErrBadToken", err)
		}
	})
}

func TestRun_UsersAudit(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		db := usersDB(t, url)
		ctx := context.Background()
		const email = "ana@district.example"
		id := mustAdd(t, url, "--email", email, "--role", "teacher", "--staff", "T1")
		token := mustToken(t, url, email)
		tok, _, err := db.APITokenUser(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		withStdin(t, "a long passphrase\n")
		for _, args := range [][]string{
			{"disable", "--email", email},
			{"enable", "--email", email},
			{"grant", "--email", email, "--role", "principal", "--school", "S2"},
			{"revoke", "--email", email, "--role", "principal", "--school", "S2"},
			{"revoke-token", "--id", tok.TokenID},
			{"password", "--email", email, "--password-stdin"},
		} {
			mustUsers(t, url, args...)
		}
		runUsersCmd(url, "revoke", "--email", email, "--role", "hr_leader")

		entries, total, err := db.AuditEntries(ctx, models.AuditFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range slices.Backward(entries) {
			if e.Resource != "user" && e.Resource != "token" {
				total-- // the import of the bundle
				continue
			}
			if !strings.HasPrefix(e.Actor, "cli:") || e.UserID != "" {
				t.Errorf("entry %s acted by %q (user %q), want cli:<os user>", e.Action,
					e.Actor, e.UserID)
			}
			got = append(got, strings.Join([]string{e.Action, e.Resource, e.RecordID,
				e.Outcome}, " "))
		}
		want := []string{
			"create_user user " + id + " succeeded",
			"grant_role user " + id + " succeeded",
			"create_token token " + tok.TokenID + " succeeded",
			"disable_user user " + id + " succeeded",
			"enable_user user " + id + " succeeded",
			"grant_role user " + id + " succeeded",
			"revoke_role user " + id + " succeeded",
			"revoke_token token " + tok.TokenID + " succeeded",
			"set_password user " + id + " succeeded",
			"revoke_role user " + id + " failed",
		}
		if total != len(want) || !slices.Equal(got, want) {
			t.Fatalf("audit log (%d entries):\n%s\nwant:\n%s", total,
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if d := entries[0].Detail; !strings.Contains(d, "hr_leader@district") {
			t.Errorf("failed revoke's detail = %q, want the role", d)
		}
	})
}
