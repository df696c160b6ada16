package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ted-dashboard/ted/analytics"
	"github.com/ted-dashboard/ted/ingest"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/policies"
	"github.com/ted-dashboard/ted/synth"
)

func demoCommand() command {
	return command{
		name:    "demo",
		summary: "serve a synthetic district with an account for each role",
		usage:   "demo [--scale small|atlanta|nyc] [--seed N] [--database-url URL] [--force] [flags]",
		long: `Demo shows TED at work in one command. It generates a synthetic district
(see ted help generate) in a temporary folder, imports it into a new
database, computes every school year, and adds one account for each role:
admin, hr_leader and district_leader, the principal of the school where
the most teachers have growth results in the latest school year, and the
teacher of that school whose growth results cover the most students. It
prints the address to open and each account's email and password, then
serves like ted serve until it receives SIGINT or SIGTERM.

The passwords are random and printed this once only: TED keeps only their
hashes. Run demo again with --force to start afresh with new passwords.

The database is ted-demo.db in the working folder unless --database-url
or TED_DATABASE_URL names another. A SQLite file that exists is replaced,
with everything it holds, only when --force is given. A PostgreSQL
database must hold no schools and no accounts: demo never empties one.
The database stays when demo stops, for ted serve to serve again.
At the atlanta scale the demo is ready in about 20 seconds on two cores.`,
		settings: []string{settingAddr, settingLogFormat, settingLogLevel, settingDistrict},
		flags:    demoFlags,
		run:      runDemo,
	}
}

// demoDatabaseFile is the SQLite file the demo fills when no database is
// named, apart from ted.db so that a district's own data is not touched.
const demoDatabaseFile = "ted-demo.db"

// demoOptions holds the flags of the demo command.
type demoOptions struct {
	scale       string
	seed        uint64
	force       bool
	databaseURL givenString
}

func demoFlags(fs *flag.FlagSet) any {
	o := &demoOptions{databaseURL: givenString{value: demoDatabaseFile}}
	fs.StringVar(&o.scale, "scale", "atlanta", "size of the district: small, atlanta or nyc")
	fs.Uint64Var(&o.seed, "seed", 1, "seed that selects the district")
	fs.BoolVar(&o.force, "force", false, "replace the SQLite file of the database if it exists")
	fs.Var(&o.databaseURL, settingDatabase,
		"postgres:// URL, or path of the SQLite file to create; TED_DATABASE_URL if set")
	return o
}

// givenString is a string flag that remembers whether it was given, so
// that its default can yield to the environment.
type givenString struct {
	value string
	given bool
}

func (s *givenString) String() string { return s.value }

func (s *givenString) Set(v string) error {
	s.value, s.given = v, true
	return nil
}

// demoDatabase is the database the demo fills, and where its name came
// from: --database-url, else TED_DATABASE_URL, else ted-demo.db (source
// "").
func demoDatabase(o *demoOptions, cfg Config) (url, source string, err error) {
	env := lookupSetting(settingDatabase).env
	switch {
	case o.databaseURL.given:
		source = "--" + settingDatabase
		if err := checkDatabaseURL(o.databaseURL.value); err != nil {
			return "", "", &configError{source: source, msg: err.Error()}
		}
		return o.databaseURL.value, source, nil
	case hasEnv(env):
		// The configuration has checked the variable already.
		return cfg.DatabaseURL, env, nil
	}
	return demoDatabaseFile, "", nil
}

func hasEnv(name string) bool {
	_, ok := os.LookupEnv(name)
	return ok
}

// demoAccount is an account the demo adds, with the password to print.
type demoAccount struct {
	email    string
	password string
	role     policies.Role
	// scope tells whose data the account sees.
	scope string
}

func runDemo(ctx context.Context, e *env, args []string) error {
	o := e.flags.(*demoOptions)
	if len(args) > 0 {
		return usageError{msg: fmt.Sprintf("demo takes no arguments, got %q", args)}
	}
	scale, err := synth.ParseScale(o.scale)
	if err != nil {
		return usageError{msg: "--scale: " + err.Error()}
	}
	cfg := e.cfg
	url, source, err := demoDatabase(o, cfg)
	if err != nil {
		return err
	}
	cfg.DatabaseURL = url
	district, err := loadDistrictConfig(cfg.DistrictConfig)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, e.stderr)
	logger.Info("starting ted demo", "version", versionString(), "config", cfg)

	// The address is taken first, so that a busy port stops the demo
	// before it spends time preparing.
	ln, err := listen(cfg.Addr)
	if err != nil {
		return err
	}

	start := time.Now()
	d := &demo{cfg: cfg, source: source, force: o.force, district: district,
		log: logger, msg: e.stderr}
	db, accounts, err := d.prepare(ctx, synth.Options{Scale: scale, Seed: o.seed})
	if err != nil {
		ln.Close()
		return err
	}
	defer db.Close()

	fmt.Fprintf(e.stdout, "TED demo of the %s district of seed %d in %s, ready in %.1f s.\n",
		scale.Name, o.seed, redactURL(url), time.Since(start).Seconds())
	printDemoAccounts(e.stdout, openURL(ln.Addr()), accounts)
	return serveAPI(ctx, db, ln, district, logger)
}

// demo prepares the database of the demo command.
type demo struct {
	cfg      Config
	source   string // where the database's name came from
	force    bool
	district analytics.Config
	log      *slog.Logger
	msg      io.Writer // progress for the person at the terminal
}

// origin tells where the name of the database came from, for messages:
// nothing when it is the default.
func (d *demo) origin() string {
	if d.source == "" {
		return ""
	}
	return " (from " + d.source + ")"
}

// prepare fills a new database with a synthetic district, its computed
// results and an account per role. When it fails, a SQLite file it made
// is removed, as it holds part of a demo only.
func (d *demo) prepare(ctx context.Context, opt synth.Options) (*models.DB,
	[]demoAccount, error) {
	sqlite := !models.IsPostgres(d.cfg.DatabaseURL)
	path := strings.TrimPrefix(d.cfg.DatabaseURL, "file:")
	if sqlite {
		if err := d.clearSQLite(path); err != nil {
			return nil, nil, err
		}
	}

	db, accounts, err := d.fill(ctx, opt)
	if err != nil && sqlite {
		for _, f := range sqliteFiles(path) {
			os.Remove(f)
		}
	}
	return db, accounts, err
}

// fill opens the database, imports the district and adds the accounts.
func (d *demo) fill(ctx context.Context, opt synth.Options) (*models.DB,
	[]demoAccount, error) {
	db, err := d.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	accounts, err := d.load(ctx, db, opt)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, accounts, nil
}

// load imports the district, computes its years and adds the accounts.
func (d *demo) load(ctx context.Context, db *models.DB, opt synth.Options) (
	[]demoAccount, error) {
	if err := d.importDistrict(ctx, db, opt); err != nil {
		return nil, err
	}

	start := time.Now()
	if err := computeYears(ctx, db, 0, d.district, d.msg, d.log); err != nil {
		return nil, err
	}
	d.log.Info("computed every school year", "duration", time.Since(start))
	return d.addAccounts(ctx, db)
}

// sqliteFiles lists the files of a SQLite database: the file itself, its
// write-ahead log and its shared memory.
func sqliteFiles(path string) []string {
	return []string{path, path + "-wal", path + "-shm"}
}

// clearSQLite makes way for a new SQLite file at path. A file there is a
// user's data: it is removed only when --force is given.
func (d *demo) clearSQLite(path string) error {
	var found []string
	for _, f := range sqliteFiles(path) {
		st, err := os.Lstat(f)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("checking the database file: %w", err)
		}
		if st.IsDir() {
			return fmt.Errorf("the database %s%s is a folder, not a SQLite file",
				f, d.origin())
		}
		found = append(found, f)
	}
	if len(found) == 0 {
		return nil
	}
	if !d.force {
		return fmt.Errorf("the database file %s%s exists: run ted demo --force to "+
			"replace it and everything it holds, or name another file with --%s",
			path, d.origin(), settingDatabase)
	}
	for _, f := range found {
		if err := os.Remove(f); err != nil {
			return fmt.Errorf("replacing the database file: %w", err)
		}
	}
	fmt.Fprintf(d.msg, "removed the database file %s (--force)\n", path)
	return nil
}

// open opens the database, checks it holds no district and applies the
// migrations.
func (d *demo) open(ctx context.Context) (*models.DB, error) {
	db, m, err := openDatabase(ctx, d.cfg)
	if err != nil {
		return nil, err
	}
	err = d.checkEmpty(ctx, db)
	if err == nil {
		_, err = m.Up(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// checkEmpty refuses a database that holds schools or accounts, which the
// demo's district would be mixed into.
func (d *demo) checkEmpty(ctx context.Context, db *models.DB) error {
	g := db.Gorm(ctx)
	for _, table := range []string{"schools", "users"} {
		if !g.Migrator().HasTable(table) {
			continue
		}
		var n int64
		if err := g.Table(table).Count(&n).Error; err != nil {
			return fmt.Errorf("checking the database is empty: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("the database %s%s holds %s already: ted demo needs an "+
				"empty one, and --force replaces a SQLite file but never empties a "+
				"PostgreSQL database", redactURL(d.cfg.DatabaseURL), d.origin(), table)
		}
	}
	return nil
}

// importDistrict generates the district in a temporary folder and imports
// it, showing the import's progress.
func (d *demo) importDistrict(ctx context.Context, db *models.DB,
	opt synth.Options) error {
	dir, err := os.MkdirTemp("", "ted-demo-")
	if err != nil {
		return fmt.Errorf("creating a folder for the district: %w", err)
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	if _, err := synth.Generate(ctx, dir, opt); err != nil {
		return fmt.Errorf("generate %s district: %w", opt.Scale.Name, err)
	}
	d.log.Info("generated the demo district", "scale", opt.Scale.Name, "seed", opt.Seed,
		"duration", time.Since(start))
	// The true effects of the teachers are not part of the bundle.
	if err := os.Remove(filepath.Join(dir, "truth.csv")); err != nil {
		return fmt.Errorf("generate %s district: %w", opt.Scale.Name, err)
	}

	res, err := ingest.Import(ctx, db, dir, ingest.Options{
		ImportedBy: importer(),
		Progress:   newProgress(d.msg),
	})
	appendAudit(ctx, db, d.msg, "import", "bundle", res.ImportID, err)
	if err != nil {
		return fmt.Errorf("importing the demo district: %w", err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(d.msg, "warning:", w)
	}
	d.log.Info("imported the demo district", "import", res.ImportID,
		"duration", res.Duration)
	return nil
}

// addAccounts adds an account per role, as ted users add does.
func (d *demo) addAccounts(ctx context.Context, db *models.DB) ([]demoAccount, error) {
	school, err := demoSchool(ctx, db)
	if err != nil {
		return nil, err
	}
	teacher, err := demoTeacher(ctx, db, school)
	if err != nil {
		return nil, err
	}
	accounts := []demoAccount{
		{email: "admin@demo.ted", role: policies.Role{Role: policies.Admin},
			scope: "everything; manages accounts and policies"},
		{email: "hr@demo.ted", role: policies.Role{Role: policies.HRLeader},
			scope: "every school and teacher"},
		{email: "district@demo.ted", role: policies.Role{Role: policies.DistrictLeader},
			scope: "every school and the district, not single teachers"},
		{email: "principal@demo.ted", role: policies.Role{Role: policies.Principal},
			scope: school.scope()},
		{email: "teacher@demo.ted", role: policies.Role{Role: policies.Teacher},
			scope: teacher.scope(school)},
	}

	enf, err := policies.New(ctx, db)
	if err != nil {
		return nil, err
	}
	for i := range accounts {
		a := &accounts[i]
		o := &usersOptions{email: a.email, role: a.role.Role}
		switch a.role.Role {
		case policies.Principal:
			o.school = school.SchoolID
		case policies.Teacher:
			o.staff = teacher.StaffID
		}
		// 26 letters and digits: 130 bits from the system's secure source.
		a.password = rand.Text()
		if err := d.addAccount(ctx, db, enf, o, a); err != nil {
			return nil, err
		}
	}
	return accounts, nil
}

// addAccount adds one account with the users command's own steps, which
// record each change in the audit log.
func (d *demo) addAccount(ctx context.Context, db *models.DB, enf *policies.Enforcer,
	o *usersOptions, a *demoAccount) error {
	u := &userAdmin{db: db, enf: enf, o: o, log: d.log, out: io.Discard, msg: d.msg,
		actor: "cli:" + importer(), password: a.password}
	if err := u.readInput(); err != nil {
		return err
	}
	a.role = u.role
	return u.add(ctx)
}

// positionTeacher is the position of teachers in staff assignments.
const positionTeacher = "teacher"

// demoSchoolPick is the school whose principal the demo signs in as.
type demoSchoolPick struct {
	SchoolYear int
	SchoolID   string
	Level      string
	Teachers   int
	WithGrowth int
}

func (s demoSchoolPick) scope() string {
	return fmt.Sprintf("school %s (%s) and its teachers, %d of %d with growth "+
		"results in %d", s.SchoolID, s.Level, s.WithGrowth, s.Teachers, s.SchoolYear)
}

// demoSchool picks the school of the latest school year where the most
// teachers have growth results, so that the principal sees them: the
// largest high schools have none, since students are tested in grades 3
// to 8. Among equals it takes the school with the most teachers, then the
// first by id.
func demoSchool(ctx context.Context, db *models.DB) (demoSchoolPick, error) {
	var p demoSchoolPick
	err := db.Gorm(ctx).Raw(`SELECT a.school_year, a.school_id, s.level,
			COUNT(DISTINCT a.staff_id) AS teachers,
			COUNT(DISTINCT g.staff_id) AS with_growth
		FROM staff_assignments a
		JOIN schools s ON s.school_id = a.school_id
		LEFT JOIN teacher_growth g ON g.school_year = a.school_year
			AND g.staff_id = a.staff_id AND g.subject = ?
			AND g.median_sgp IS NOT NULL
		WHERE a.position = ?
			AND a.school_year = (SELECT MAX(school_year) FROM staff_assignments)
		GROUP BY a.school_year, a.school_id, s.level
		ORDER BY with_growth DESC, teachers DESC, a.school_id
		LIMIT 1`, models.SubjectAll, positionTeacher).Scan(&p).Error
	if err != nil {
		return p, fmt.Errorf("choosing the principal's school: %w", err)
	}
	if p.SchoolID == "" {
		return p, errors.New("the demo district has no teachers")
	}
	return p, nil
}

// demoTeacherPick is the teacher the demo signs in as.
type demoTeacherPick struct {
	StaffID string
	GrowthN *int
}

func (t demoTeacherPick) scope(s demoSchoolPick) string {
	growth := "no growth results"
	if t.GrowthN != nil {
		growth = fmt.Sprintf("growth results of %d students", *t.GrowthN)
	}
	return fmt.Sprintf("their own record: staff %s, at %s in %d, %s", t.StaffID,
		s.SchoolID, s.SchoolYear, growth)
}

// demoTeacher picks a teacher of the school in its year: the one whose
// growth results cover the most students, the first by id among equals.
func demoTeacher(ctx context.Context, db *models.DB, s demoSchoolPick) (
	demoTeacherPick, error) {
	var t demoTeacherPick
	err := db.Gorm(ctx).Raw(`SELECT a.staff_id, g.growth_n
		FROM staff_assignments a
		LEFT JOIN teacher_growth g ON g.school_year = a.school_year
			AND g.staff_id = a.staff_id AND g.subject = ?
			AND g.median_sgp IS NOT NULL
		WHERE a.school_year = ? AND a.school_id = ? AND a.position = ?
		ORDER BY CASE WHEN g.growth_n IS NULL THEN 1 ELSE 0 END,
			g.growth_n DESC, a.staff_id
		LIMIT 1`, models.SubjectAll, s.SchoolYear, s.SchoolID, positionTeacher).
		Scan(&t).Error
	if err != nil {
		return t, fmt.Errorf("choosing the teacher: %w", err)
	}
	return t, nil
}

// openURL is the address a browser opens for the server on addr: a
// server listening on every interface is reached on this computer.
func openURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// printDemoAccounts prints where to open TED and the accounts to sign in
// with.
func printDemoAccounts(w io.Writer, url string, accounts []demoAccount) {
	fmt.Fprintf(w, "Open %s and sign in as one of these accounts. Their passwords "+
		"are shown only this once.\n\n", url)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tEMAIL\tPASSWORD\tSEES")
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.role.Role, a.email, a.password, a.scope)
	}
	tw.Flush()
	fmt.Fprintln(w)
}
