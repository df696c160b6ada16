package ingest

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

// DefaultMaxFileSize is the largest file a bundle may hold unless the
// importer is told otherwise: far above any district's real extract, low
// enough that a runaway file cannot exhaust the server.
const DefaultMaxFileSize = 4 << 30

// bundle is an opened district bundle: a folder, or a .zip holding the
// files at its top or in one folder.
type bundle struct {
	path  string
	fsys  fs.FS
	close func() error
	// files maps each bundle file name to its path in fsys.
	files map[string]string
	// others lists files that are not part of the bundle format.
	others      []string
	maxFileSize int64
}

// tooLargeError reports a file over the size limit.
type tooLargeError struct {
	file  string
	limit int64
}

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("file is larger than the limit of %s", formatBytes(e.limit))
}

// openBundle opens the folder or .zip at p and finds its files.
func openBundle(p string, maxFileSize int64) (*bundle, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("opening bundle: %w", err)
	}
	b := &bundle{path: p, maxFileSize: maxFileSize, close: func() error { return nil }}
	if st.IsDir() {
		b.fsys = os.DirFS(p)
	} else {
		zr, err := zip.OpenReader(p)
		if err != nil {
			return nil, fmt.Errorf("opening bundle %s: not a folder or a .zip file: %w", p, err)
		}
		b.fsys, b.close = zr, zr.Close
	}
	if err := b.find(); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// find locates the folder that holds schools.csv or staff.csv, the top or
// the only folder of a zip, and lists its CSV files.
func (b *bundle) find() error {
	dir, err := b.root()
	if err != nil {
		return err
	}
	entries, err := fs.ReadDir(b.fsys, dir)
	if err != nil {
		return fmt.Errorf("reading bundle %s: %w", b.path, err)
	}
	known := map[string]bool{}
	for _, s := range specs() {
		known[s.file] = true
	}
	b.files = map[string]string{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		name := strings.ToLower(e.Name())
		if known[name] {
			b.files[name] = path.Join(dir, e.Name())
			continue
		}
		b.others = append(b.others, e.Name())
	}
	sort.Strings(b.others)
	return nil
}

// root returns the folder of fsys that holds the bundle: "." when the
// files are at the top, else the one folder that holds staff.csv.
func (b *bundle) root() (string, error) {
	var dirs []string
	err := fs.WalkDir(b.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), "__MACOSX") ||
			(p != "." && strings.HasPrefix(d.Name(), "."))) {
			return fs.SkipDir
		}
		if !d.IsDir() && isCoreFile(d.Name()) {
			dirs = append(dirs, path.Dir(p))
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("reading bundle %s: %w", b.path, err)
	}
	depth := func(d string) int {
		if d == "." {
			return 0
		}
		return strings.Count(d, "/") + 1
	}
	sort.Slice(dirs, func(i, j int) bool {
		if di, dj := depth(dirs[i]), depth(dirs[j]); di != dj {
			return di < dj
		}
		return dirs[i] < dirs[j]
	})
	if len(dirs) == 0 {
		return ".", nil
	}
	return dirs[0], nil
}

func isCoreFile(name string) bool {
	n := strings.ToLower(name)
	return n == fileSchools || n == fileStaff
}

// open opens a bundle file for reading, limited to the maximum file size.
func (b *bundle) open(name string) (io.ReadCloser, int64, error) {
	f, err := b.fsys.Open(b.files[name])
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if st.Size() > b.maxFileSize {
		f.Close()
		return nil, 0, &tooLargeError{file: name, limit: b.maxFileSize}
	}
	tooBig := &tooLargeError{file: name, limit: b.maxFileSize}
	lr := &limitedReader{r: f, left: b.maxFileSize, err: tooBig}
	return struct {
		io.Reader
		io.Closer
	}{lr, f}, st.Size(), nil
}

// limitedReader fails with err once more than left bytes are read, which
// catches a zip entry that is larger than its header claims.
type limitedReader struct {
	r    io.Reader
	left int64
	err  error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, l.err
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, l.err
	}
	return n, err
}

// formatBytes writes a size in the largest binary unit that keeps it whole.
func formatBytes(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for n >= 1024 && n%1024 == 0 && i < len(units)-1 {
		n /= 1024
		i++
	}
	return fmt.Sprintf("%d %s", n, units[i])
}

// ParseSize reads a size such as 512MiB, 2GiB, 100MB or 1048576.
func ParseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1},
	}
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if strings.HasSuffix(strings.ToUpper(num), strings.ToUpper(u.suffix)) {
			num, mult = strings.TrimSpace(num[:len(num)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size (want a number of bytes, or like 512MiB or 2GiB)", s)
	}
	return n * mult, nil
}
