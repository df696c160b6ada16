package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"io"
	"strings"
	"time"
)

// keyLoader calls fn with each natural key stored in the database for a
// file's table, formatted as appendKey formats them.
type keyLoader func(ctx context.Context, s *spec, fn func(key []byte)) error

// keyHash identifies a natural key by two independent 64-bit hashes of it.
// Sets of keys hold hashes rather than the keys, which keeps a district of
// millions of rows small and fast to check; two different keys share a
// hash with a chance far below that of a disk error.
type keyHash [2]uint64

// errStop ends an import once the error limit is reached.
var errStop = errors.New("too many problems")

// loader reads each file of a bundle once, checking every row and feeding
// the good ones to the database. Once any problem is found it stops
// feeding rows but goes on checking, so that one run reports every problem
// (up to a limit) and the transaction is rolled back with nothing written.
type loader struct {
	b        *bundle
	loadKeys keyLoader
	max      int
	progress Progress

	problems []Problem
	stopped  bool
	warnings []string
	// keys holds, for each file that others refer to, its keys with the
	// line of each.
	keys map[string]map[keyHash]int32
	// stored holds the keys already in the database of the files that
	// others refer to.
	stored map[string]map[keyHash]struct{}
	rows   map[string]int
	hash   hash.Hash
	seeds  [2]maphash.Seed
}

func newLoader(b *bundle, load keyLoader, max int, progress Progress) *loader {
	l := &loader{
		b: b, loadKeys: load, max: max, progress: progress,
		keys:   map[string]map[keyHash]int32{},
		stored: map[string]map[keyHash]struct{}{},
		rows:   map[string]int{},
		hash:   sha256.New(),
		seeds:  [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
	}
	for _, name := range b.others {
		l.warnings = append(l.warnings, fmt.Sprintf(
			"%s is not part of the bundle format and is ignored", name))
	}
	return l
}

// keyHash hashes a key written by appendKey.
func (l *loader) keyHash(key []byte) keyHash {
	return keyHash{maphash.Bytes(l.seeds[0], key), maphash.Bytes(l.seeds[1], key)}
}

// loadStored reads the keys already stored of every file that a file of
// the bundle refers to. It runs before anything is written, since writing
// may lock those tables until the import ends.
func (l *loader) loadStored(ctx context.Context) error {
	for _, s := range specs() {
		if _, ok := l.b.files[s.file]; !ok {
			continue
		}
		for _, r := range s.refs {
			if _, done := l.stored[r.parent]; done {
				continue
			}
			set := map[keyHash]struct{}{}
			err := l.loadKeys(ctx, specByFile(r.parent), func(key []byte) {
				set[l.keyHash(key)] = struct{}{}
			})
			if err != nil {
				return fmt.Errorf("reading the stored keys of %s: %w", r.parent, err)
			}
			l.stored[r.parent] = set
		}
	}
	return nil
}

// invalid reports whether any problem has been found.
func (l *loader) invalid() bool {
	return len(l.problems) > 0
}

// checksum is the SHA-256 of the bundle's files, names included, in the
// order they are read.
func (l *loader) checksum() string {
	return hex.EncodeToString(l.hash.Sum(nil))
}

// add records a problem and returns errStop once the limit is reached.
func (l *loader) add(p Problem) error {
	if len(l.problems) >= l.max {
		l.stopped = true
		return errStop
	}
	l.problems = append(l.problems, p)
	return nil
}

// run loads every file of the bundle through w, parents first. It returns
// errStop at the error limit and other errors when the database fails;
// problems with the data are in l.problems.
func (l *loader) run(ctx context.Context, w writer) ([]FileResult, error) {
	referenced := map[string]bool{}
	for _, s := range specs() {
		for _, r := range s.refs {
			referenced[r.parent] = true
		}
	}

	var results []FileResult
	for _, s := range specs() {
		if _, ok := l.b.files[s.file]; !ok {
			if s.file == fileSchools || s.file == fileStaff {
				if err := l.add(Problem{File: s.file,
					Message: "required file is missing from the bundle"}); err != nil {
					return nil, err
				}
			}
			continue
		}
		res, src, err := l.file(ctx, w, s)
		if src != nil && referenced[s.file] {
			l.keys[s.file] = src.seen
		}
		if err != nil {
			return nil, err
		}
		if src != nil {
			results = append(results, res)
		}
	}
	return results, nil
}

// file checks one file and, while the bundle is sound, writes it.
func (l *loader) file(ctx context.Context, w writer, s *spec) (FileResult, *rowSource, error) {
	f, size, err := l.b.open(s.file)
	if err != nil {
		return FileResult{}, nil, l.add(csvProblem(s.file, err))
	}
	defer f.Close()
	io.WriteString(l.hash, s.file+"\x00")
	read := &countingReader{r: f}
	fr, problems := newFileReader(s, io.TeeReader(read, l.hash))
	for _, p := range problems {
		if err := l.add(p); err != nil {
			return FileResult{}, nil, err
		}
	}
	if fr == nil {
		return FileResult{}, nil, nil
	}
	l.warnings = append(l.warnings, fr.warnings...)

	started := time.Now()
	track := l.progress.Start(s.file, size)
	src := &rowSource{
		ctx: ctx, l: l, spec: s, fr: fr, conv: w.convert, track: track, read: read, size: size,
		seen: make(map[keyHash]int32, estimateRows(size)),
		row:  make([]any, len(s.columns)),
		out:  make([]any, len(s.columns)),
	}
	res := FileResult{File: s.file}
	if l.invalid() {
		src.drain()
	} else {
		res.Inserted, res.Updated, err = w.write(ctx, s, src)
		if err == nil {
			err = src.err
		}
		// A writer stops reading when the rows end or a problem turns up;
		// the rest of the file is still checked.
		src.drain()
	}
	if err == nil {
		err = src.err
	}
	l.rows[s.file] = src.n
	res.Rows = src.n
	res.Unchanged = src.n - res.Inserted - res.Updated
	res.Duration = time.Since(started)
	if l.invalid() || err != nil {
		res.Inserted, res.Updated, res.Unchanged = 0, 0, 0
	}
	track.Done(res)
	return res, src, err
}

// rowSource reads the rows of one file, checks each, and yields the good
// ones converted for the database while the bundle has no problem. It
// satisfies pgx.CopyFromSource.
type rowSource struct {
	ctx   context.Context
	l     *loader
	spec  *spec
	fr    *fileReader
	conv  func(any) any
	track Tracker
	read  *countingReader
	// size is the file's size in bytes.
	size int64
	// seen maps each key of the file to its line.
	seen map[keyHash]int32
	// buf holds the key of a reference while it is looked up.
	buf []byte
	row []any
	out []any
	n   int
	err error
}

// Next reads up to the next good row and returns true, or false at the
// end of the file or on an error. Once the bundle has a problem it yields
// no more rows but reads on to the end, checking each.
func (r *rowSource) Next() bool {
	for r.err == nil {
		rec, p, ok := r.fr.next()
		if !ok {
			return false
		}
		r.n++
		if r.n%progressEvery == 0 {
			r.track.Update(r.n, r.read.n)
			if err := r.ctx.Err(); err != nil {
				r.err = err
				return false
			}
		}
		if p != nil {
			r.err = r.l.add(*p)
			continue
		}
		if err := r.check(rec); err != nil {
			r.err = err
			return false
		}
		if r.l.invalid() {
			continue
		}
		for i, v := range r.row {
			r.out[i] = r.conv(v)
		}
		return true
	}
	return false
}

// failed reports whether the rows yielded so far must not be kept: the
// bundle has a problem, or reading stopped on an error.
func (r *rowSource) failed() bool {
	return r.err != nil || r.l.invalid()
}

// drain checks the rows that are left without yielding them.
func (r *rowSource) drain() {
	for r.Next() {
	}
}

// Values returns the current row; the next call to Next overwrites it.
func (r *rowSource) Values() ([]any, error) {
	return r.out, nil
}

// Err returns the error that stopped the rows: a database failure, a
// cancelled context, or errStop at the error limit.
func (r *rowSource) Err() error {
	return r.err
}

// check parses one row and checks that its key is new in the file and that
// what it refers to exists.
func (r *rowSource) check(rec record) error {
	s := r.spec
	var stop error
	report := func(col, msg string) {
		if stop == nil {
			stop = r.l.add(Problem{File: s.file, Line: rec.line, Column: col, Message: msg})
		}
	}
	bad := s.parseRow(rec, r.row, report)

	// A row whose key columns are sound still counts as present, so that
	// a bad date on a staff row does not also fail every row naming them.
	if bad&maskOf(s.keyIdx) == 0 {
		r.buf = appendKey(r.buf[:0], r.row, s.keyIdx)
		key := r.l.keyHash(r.buf)
		if first, dup := r.seen[key]; dup {
			report(s.key[len(s.key)-1], fmt.Sprintf(
				"%s repeats the row of line %d (same %s)",
				describeKey(s, r.row, s.keyIdx), first, strings.Join(s.key, ", ")))
		} else {
			r.seen[key] = int32(rec.line)
		}
	}

	for i, ref := range s.refs {
		idx := s.refIdx[i]
		if bad&maskOf(idx) != 0 || r.row[idx[0]] == nil {
			continue
		}
		r.buf = appendKey(r.buf[:0], r.row, idx)
		if !r.l.exists(ref.parent, r.l.keyHash(r.buf)) {
			report(ref.cols[len(ref.cols)-1], fmt.Sprintf(
				"%s is not in %s or already imported",
				describeKey(s, r.row, idx), ref.parent))
		}
	}
	return stop
}

// exists reports whether a key of the parent file is in the bundle or in
// the database.
func (l *loader) exists(parent string, key keyHash) bool {
	if _, ok := l.keys[parent][key]; ok {
		return true
	}
	_, ok := l.stored[parent][key]
	return ok
}

// describeKey quotes the values of a key for a message: "T9" alone, or
// "S1" of school year 2024 when the year is part of it.
func describeKey(s *spec, row []any, idx []int) string {
	var id, year string
	var others []string
	for _, j := range idx {
		switch {
		case row[j] == nil:
		case s.columns[j].kind == kindYear:
			year = keyPart(row[j])
		case id == "":
			id = fmt.Sprintf("%q", keyPart(row[j]))
		default:
			others = append(others, fmt.Sprintf("%q", keyPart(row[j])))
		}
	}
	if len(others) > 0 {
		id += " " + strings.Join(others, " ")
	}
	if year != "" {
		return id + " of school year " + year
	}
	return id
}

// estimateRows guesses a file's rows from its size, to size its maps.
func estimateRows(size int64) int {
	return int(min(size/32, 1<<24))
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func indexes(s *spec, cols []string) []int {
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = s.index(c)
	}
	return idx
}

func maskOf(idx []int) uint64 {
	var m uint64
	for _, j := range idx {
		m |= 1 << j
	}
	return m
}

func specByFile(name string) *spec {
	for _, s := range specs() {
		if s.file == name {
			return s
		}
	}
	panic("no bundle file " + name)
}
