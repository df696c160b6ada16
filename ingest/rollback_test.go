package ingest

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/migrations"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// failingInserts makes the database refuse every new assessment, as a full
// disk or a broken constraint would, after the files before it are written.
func failingInserts(t *testing.T, db *models.DB) {
	t.Helper()
	stmts := []string{
		`CREATE TRIGGER refuse_assessments BEFORE INSERT ON assessments
		 BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
	}
	if db.Dialect() == migrations.Postgres {
		stmts = []string{
			`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
			 $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`,
			`CREATE TRIGGER refuse_assessments BEFORE INSERT ON assessments
			 FOR EACH ROW EXECUTE FUNCTION refuse()`,
		}
	}
	for _, stmt := range stmts {
		if _, err := db.SQL().Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImport_RollsBack(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		failingInserts(t, db)
		before := snapshot(t, db)

		res, err := Import(ctx, db, baseBundle(t).write(t), Options{})
		if err == nil || !strings.Contains(err.Error(), "rolled back, nothing was written") ||
			!strings.Contains(err.Error(), "disk full") {
			t.Fatalf("err = %v, want the rollback with its cause", err)
		}
		assertSameTables(t, before, snapshot(t, db))

		var imp models.Import
		if err := db.Gorm(ctx).Take(&imp, "import_id = ?", res.ImportID).Error; err != nil {
			t.Fatal(err)
		}
		if imp.Outcome != models.ImportFailed || !strings.Contains(imp.Message, "disk full") {
			t.Fatalf("failed import recorded as %+v", imp)
		}
	})
}

// killer ends the import's connections when the import reaches a file, as
// a server restart would.
type killer struct {
	t    *testing.T
	db   *models.DB
	file string
}

func (k killer) Start(file string, size int64) Tracker {
	if file == k.file {
		_, err := k.db.SQL().Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE application_name = 'ted_import_under_test'`)
		if err != nil {
			k.t.Fatal(err)
		}
	}
	return noProgress{}
}

func TestImport_DatabaseGoesAway(t *testing.T) {
	// The import runs on its own connection; a second pool watches and
	// ends it midway.
	url := modeltest.URL(t, "postgres")
	ctx := context.Background()
	db, err := models.Open(ctx, url+"&application_name=ted_import_under_test")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, _ := db.Migrator(ctx)
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	watcher, err := models.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()

	_, err = Import(ctx, db, baseBundle(t).write(t),
		Options{Progress: killer{t: t, db: watcher, file: fileEnrollments}})
	if err == nil || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("err = %v, want the import rolled back", err)
	}
	if rows := tableRows(t, watcher, "schools"); len(rows) != 0 {
		t.Fatalf("schools after the failed import: %v", rows)
	}
}

func TestImport_Zip(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		// A district zips the folder, so its files sit one folder down.
		path := filepath.Join(t.TempDir(), "district.zip")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(f)
		for name, content := range baseBundle(t).with("README.txt", "notes") {
			w, err := zw.Create("export-2024/" + name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(content))
		}
		zw.Close()
		f.Close()

		res, err := Import(context.Background(), db, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != len(specs()) || fileResult(t, res, fileEnrollments).Inserted != 4 {
			t.Fatalf("zip import: %+v", res.Files)
		}
		dir := mustImport(t, db, baseBundle(t))
		if dir.Checksum != res.Checksum {
			t.Fatal("the zip and the folder of the same files differ in checksum")
		}
	})
}

func TestImport_ErrNotABundle(t *testing.T) {
	db := modeltest.Open(t, "sqlite")
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, []byte("not a zip"), 0o644)
	for _, p := range []string{path, filepath.Join(t.TempDir(), "missing")} {
		if _, err := Import(context.Background(), db, p, Options{}); err == nil {
			t.Errorf("Import(%q) succeeded", p)
		}
	}
}

// sgpdata is the sample bundle converted from the R package SGPdata,
// kept beside the project rather than in it.
const sgpdata = "../../shared/data/sgpdata"

func TestImport_SGPData(t *testing.T) {
	if _, err := os.Stat(sgpdata); err != nil {
		t.Skip("sample bundle not present at " + sgpdata)
	}
	if testing.Short() {
		t.Skip("the sample bundle takes a while to import")
	}
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		res, err := Import(context.Background(), db, sgpdata, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{
			fileSchools: 121, fileStaff: 3954, fileAssignments: 15775,
			fileStudents: 185021, fileSections: 23073, fileEnrollments: 494987,
			fileAssessments: 366195,
		}
		for file, n := range want {
			if f := fileResult(t, res, file); f.Inserted != n || f.Rows != n {
				t.Errorf("%s: %+v, want %d rows inserted", file, f, n)
			}
		}
		if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], "README.md") {
			t.Errorf("warnings = %q", res.Warnings)
		}
	})
}
