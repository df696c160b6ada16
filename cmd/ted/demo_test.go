package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/policies"
)

// demoRun is ted demo running in the background.
type demoRun struct {
	base   string
	stdout *syncBuffer
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startDemo runs ted demo at the small scale on the database at url and
// waits until it serves.
func startDemo(t *testing.T, url string, flags ...string) *demoRun {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	d := &demoRun{base: "http://" + addr, stdout: &syncBuffer{}, logs: &syncBuffer{},
		cancel: cancel, done: make(chan error, 1)}
	args := append([]string{"demo", "--scale", "small", "--addr", addr,
		"--database-url", url}, flags...)
	go func() { d.done <- run(ctx, args, d.stdout, d.logs) }()
	t.Cleanup(cancel)
	waitHealthy(t, d.base, d.done)
	return d
}

// stop ends the demo and fails the test unless it stops cleanly.
func (d *demoRun) stop(t *testing.T) {
	t.Helper()
	d.cancel()
	select {
	case err := <-d.done:
		if err != nil {
			t.Fatalf("demo returned %v after shutdown\nlog: %s", err, d.logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("demo did not stop after its context ended")
	}
}

// runRefused runs a demo that is to be refused. Were it to start
// instead, it is stopped after a while, so that the test fails rather than
// waits.
func runRefused(t *testing.T, args ...string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return run(ctx, append([]string{"demo"}, args...), io.Discard, io.Discard)
}

// printedAccount is an account as the demo printed it.
type printedAccount struct {
	role, email, password string
}

// demoAccountsOf reads the table of accounts the demo printed, in the
// order printed.
func demoAccountsOf(t *testing.T, out string) []printedAccount {
	t.Helper()
	var list []printedAccount
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && strings.HasSuffix(f[1], "@demo.ted") {
			list = append(list, printedAccount{role: f[0], email: f[1], password: f[2]})
		}
	}
	return list
}

// signIn signs in through the API and returns the status and the
// session's token.
func signIn(t *testing.T, base, email, password string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json",
		bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Token string `json:"token"`
	}
	json.NewDecoder(resp.Body).Decode(&res)
	return resp.StatusCode, res.Token
}

// rolesOfToken asks /api/v1/me which roles the holder of token has.
func rolesOfToken(t *testing.T, base, token string) []policies.Role {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/me = %d", resp.StatusCode)
	}
	var me struct {
		Roles []policies.Role `json:"roles"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil {
		t.Fatal(err)
	}
	return me.Roles
}

// openDemoDB opens the database the demo filled, for the test to look
// into.
func openDemoDB(t *testing.T, url string) *models.DB {
	t.Helper()
	db, err := models.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestRun_Demo(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		d := startDemo(t, url)
		out := d.stdout.String()
		accounts := demoAccountsOf(t, out)

		t.Run("Printed", func(t *testing.T) {
			if !strings.Contains(out, d.base+"/") || !strings.Contains(out, "ready in") {
				t.Errorf("demo did not print its address and time:\n%s", out)
			}
			var got []string
			for _, a := range accounts {
				got = append(got, a.role+" "+a.email)
				if len(a.password) < 16 {
					t.Errorf("password of %s has %d characters", a.email, len(a.password))
				}
			}
			want := []string{"admin admin@demo.ted", "hr_leader hr@demo.ted",
				"district_leader district@demo.ted", "principal principal@demo.ted",
				"teacher teacher@demo.ted"}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("accounts = %q, want %q\n%s", got, want, out)
			}
		})

		t.Run("SignIn", func(t *testing.T) {
			for _, a := range accounts {
				st, token := signIn(t, d.base, a.email, a.password)
				if st != http.StatusOK || token == "" {
					t.Fatalf("signing in as %s = %d", a.email, st)
				}
				roles := rolesOfToken(t, d.base, token)
				if len(roles) != 1 || roles[0].Role != a.role {
					t.Errorf("%s holds %v, want the %s role", a.email, roles, a.role)
				}
			}
		})

		t.Run("Scopes", func(t *testing.T) {
			db := openDemoDB(t, url)
			school, err := demoSchool(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			teacher, err := demoTeacher(context.Background(), db, school)
			if err != nil {
				t.Fatal(err)
			}
			if school.WithGrowth == 0 || teacher.GrowthN == nil {
				t.Errorf("principal's school %+v or teacher %+v without growth results",
					school, teacher)
			}
			for _, want := range []string{"school " + school.SchoolID,
				"staff " + teacher.StaffID} {
				if !strings.Contains(out, want) {
					t.Errorf("demo does not say the accounts see %s:\n%s", want, out)
				}
			}
		})

		t.Run("SchoolMetrics", func(t *testing.T) {
			ctx := context.Background()
			db := openDemoDB(t, url)
			years, err := compute.Years(ctx, db)
			if err != nil || len(years) < 2 {
				t.Fatalf("years = %v, %v", years, err)
			}
			for _, y := range years {
				var n int64
				err := db.Gorm(ctx).Model(&models.SchoolMetrics{}).
					Where("school_year = ?", y).Count(&n).Error
				if err != nil || n == 0 {
					t.Errorf("school_metrics of %d: %d rows, %v", y, n, err)
				}
			}
		})

		t.Run("Audit", func(t *testing.T) {
			db := openDemoDB(t, url)
			entries, _, err := db.AuditEntries(context.Background(),
				models.AuditFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			counts := map[string]int{}
			for _, e := range entries {
				if strings.HasPrefix(e.Actor, "cli:") && e.Outcome == models.AuditSucceeded {
					counts[e.Action]++
				}
			}
			if counts[auditCreateUser] != 5 || counts[auditGrantRole] != 5 ||
				counts["import"] != 1 {
				t.Errorf("audit log counts %v, want 5 accounts, 5 roles, 1 import", counts)
			}
		})

		if t.Failed() {
			t.Logf("log:\n%s", d.logs.String())
		}
		d.stop(t)

		t.Run("ErrNotEmpty", func(t *testing.T) {
			before := demoFingerprint(t, url)
			err := runRefused(t, "--scale", "small", "--addr", freeAddr(t),
				"--database-url", url)
			if err == nil {
				t.Fatal("a second demo into the same database succeeded")
			}
			want := "--force"
			if models.IsPostgres(url) {
				want = "holds schools already"
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want one saying %q", err, want)
			}
			if after := demoFingerprint(t, url); after != before {
				t.Errorf("the refused demo changed the database: %s, then %s", before, after)
			}
		})
	})
}

// demoFingerprint sums up a database, to tell whether it changed: the
// contents of a SQLite file and the files beside it, or the accounts of
// a PostgreSQL database.
func demoFingerprint(t *testing.T, url string) string {
	t.Helper()
	if models.IsPostgres(url) {
		users, err := openDemoDB(t, url).Users(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, u := range users {
			ids = append(ids, u.UserID+" "+u.PasswordHash)
		}
		return strings.Join(ids, ",")
	}
	var parts []string
	for _, f := range sqliteFiles(url) {
		b, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			parts = append(parts, "absent")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		parts = append(parts, hex.EncodeToString(sum[:8]))
	}
	return strings.Join(parts, ",")
}

func TestRun_DemoForce(t *testing.T) {
	url := modeltest.URL(t, "sqlite")
	first := startDemo(t, url)
	old := demoAccountsOf(t, first.stdout.String())
	first.stop(t)

	again := startDemo(t, url, "--force")
	defer again.stop(t)
	accounts := demoAccountsOf(t, again.stdout.String())
	if len(accounts) != 5 || len(old) != 5 {
		t.Fatalf("accounts printed: %d, then %d", len(old), len(accounts))
	}
	if !strings.Contains(again.logs.String(), "removed the database file") {
		t.Errorf("--force did not say it replaced the file:\n%s", again.logs.String())
	}
	for i, a := range accounts {
		if a.password == old[i].password {
			t.Errorf("%s kept its password", a.email)
		}
		if st, _ := signIn(t, again.base, a.email, a.password); st != http.StatusOK {
			t.Errorf("signing in as %s with the new password = %d", a.email, st)
		}
	}
	if st, _ := signIn(t, again.base, old[0].email, old[0].password); st == http.StatusOK {
		t.Error("the password of the replaced database still signs in")
	}
}

func TestRun_DemoErrors(t *testing.T) {
	t.Run("ErrUsage", func(t *testing.T) {
		for _, args := range [][]string{{"extra"}, {"--scale", "huge"}} {
			var usage usageError
			if err := runRefused(t, args...); !errors.As(err, &usage) {
				t.Errorf("run(%q) = %v, want a usage error", args, err)
			}
		}
	})

	t.Run("ErrBadDatabaseURL", func(t *testing.T) {
		err := runRefused(t, "--database-url", "mysql://root@localhost/ted")
		if err == nil || !strings.Contains(err.Error(), "--database-url") {
			t.Fatalf("err = %v, want one naming --database-url", err)
		}
	})

	t.Run("ErrFolder", func(t *testing.T) {
		err := runRefused(t, "--scale", "small", "--addr", freeAddr(t),
			"--database-url", t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "is a folder") {
			t.Fatalf("err = %v, want one saying the database is a folder", err)
		}
	})

	// The database is named by the flag, else the environment, else
	// ted-demo.db in the working folder; a file there stops the demo.
	for _, tc := range []struct {
		name, env, want string
	}{
		{"ErrDefaultExists", "", "ted-demo.db exists"},
		{"ErrEnvironmentExists", "mine.db", "mine.db (from TED_DATABASE_URL) exists"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			t.Setenv("TED_DATABASE_URL", tc.env)
			if tc.env == "" {
				os.Unsetenv("TED_DATABASE_URL")
			}
			file := filepath.Join(dir, demoDatabaseFile)
			if tc.env != "" {
				file = filepath.Join(dir, tc.env)
			}
			if err := os.WriteFile(file, []byte("a district's data"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := runRefused(t, "--scale", "small", "--addr", freeAddr(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one saying %q", err, tc.want)
			}
			if b, _ := os.ReadFile(file); string(b) != "a district's data" {
				t.Fatalf("the refused demo changed %s", file)
			}
		})
	}
}
