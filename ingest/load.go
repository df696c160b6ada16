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
	"sync"
	"sync/atomic"
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
	// partial names the files some of whose rows could not be read, so
	// their keys are not all known: references to them go unchecked
	// rather than fail for rows that are there. The import fails on the
	// file's own problems anyway.
	partial map[string]bool
	rows    map[string]int
	hash    hash.Hash
	seeds   [2]maphash.Seed

	// mu guards problems and stopped, which the goroutines that check
	// files add to; bad tells without the lock whether there is any.
	mu  sync.Mutex
	bad atomic.Bool
}

func newLoader(b *bundle, load keyLoader, max int, progress Progress) *loader {
	l := &loader{
		b: b, loadKeys: load, max: max, progress: progress,
		keys:    map[string]map[keyHash]int32{},
		stored:  map[string]map[keyHash]struct{}{},
		partial: map[string]bool{},
		rows:    map[string]int{},
		hash:    sha256.New(),
		seeds:   [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
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
	return l.bad.Load()
}

// checksum is the SHA-256 of the bundle's files, names included, in the
// order they are read.
func (l *loader) checksum() string {
	return hex.EncodeToString(l.hash.Sum(nil))
}

// add records a problem and returns errStop once the limit is reached.
func (l *loader) add(p Problem) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.problems) >= l.max {
		l.stopped = true
		return errStop
	}
	l.problems = append(l.problems, p)
	l.bad.Store(true)
	return nil
}

// stage is one file on its way through an import: read and checked by its
// own goroutine, written by the writer.
type stage struct {
	spec *spec
	// ready is closed once the header is read: src is then set, or nil
	// when the file cannot be read.
	ready chan struct{}
	// done is closed once every row is read and checked.
	done chan struct{}
	src  *rowSource
}

// run loads every file of the bundle through w, parents first. Each file
// is read and checked in a goroutine of its own, which starts once the
// file before it is checked, since its references need that file's keys;
// so the next file is checked while the database still builds the keys
// of the one before. run returns errStop at the error limit and other
// errors when the database fails; problems with the data are in
// l.problems.
func (l *loader) run(ctx context.Context, w writer) ([]FileResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()

	var stages []*stage
	prev := make(chan struct{})
	close(prev)
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
		st := &stage{spec: s, ready: make(chan struct{}), done: make(chan struct{})}
		stages = append(stages, st)
		wg.Add(1)
		go func(prev <-chan struct{}) {
			defer wg.Done()
			defer close(st.done)
			// The file before must be finished with even when the import
			// stops: checks share the loader's keys and checksum, so two
			// never run at once.
			<-prev
			if ctx.Err() != nil {
				close(st.ready)
				return
			}
			l.check(ctx, w, st)
		}(prev)
		prev = st.done
	}

	var results []FileResult
	for _, st := range stages {
		res, err := l.write(ctx, w, st)
		if err != nil {
			return nil, err
		}
		if st.src != nil {
			results = append(results, res)
		}
	}
	return results, nil
}

// check reads and checks one file, handing its good rows to the writer in
// batches while the bundle is sound.
func (l *loader) check(ctx context.Context, w writer, st *stage) {
	s := st.spec
	f, size, err := l.b.open(s.file)
	if err != nil {
		l.add(csvProblem(s.file, err))
		l.partial[s.file] = true
		close(st.ready)
		return
	}
	defer f.Close()
	io.WriteString(l.hash, s.file+"\x00")
	read := &countingReader{r: f}
	fr, problems := newFileReader(s, io.TeeReader(read, l.hash))
	for _, p := range problems {
		l.add(p)
	}
	if fr == nil {
		l.partial[s.file] = true
		close(st.ready)
		return
	}

	csv, rows := w.form(s)
	src := &rowSource{
		ctx: ctx, l: l, spec: s, fr: fr, conv: w.convert, read: read, size: size,
		track:   l.progress.Start(s.file, size),
		started: time.Now(),
		csv:     csv, batchRows: rows,
		batches: make(chan batch, batchesAhead),
		seen:    make(map[keyHash]int32, estimateRows(size)),
		row:     make([]any, len(s.columns)),
	}
	st.src = src
	close(st.ready)

	src.produce()
	l.warnings = append(l.warnings, fr.warnings...)
	l.rows[s.file] = src.n
	l.keys[s.file] = src.seen
}

// write hands one checked file to the writer, or, once the bundle has a
// problem, lets it be checked to the end without writing.
func (l *loader) write(ctx context.Context, w writer, st *stage) (FileResult, error) {
	select {
	case <-st.ready:
	case <-ctx.Done():
		return FileResult{}, ctx.Err()
	}
	src := st.src
	if src == nil {
		return FileResult{}, nil
	}

	res := FileResult{File: st.spec.file}
	var err error
	if !l.invalid() {
		res.Inserted, res.Updated, err = w.write(ctx, st.spec, src)
	}
	// The writer stops at the end of the rows or at a problem; the rest
	// of the file is still checked.
	for range src.batches {
	}
	<-st.done
	if err == nil {
		err = src.err
	}
	res.Rows = src.n
	res.Unchanged = src.n - res.Inserted - res.Updated
	res.Duration = time.Since(src.started)
	if l.invalid() || err != nil {
		res.Inserted, res.Updated, res.Unchanged = 0, 0, 0
	}
	src.track.Done(res)
	return res, err
}

// batchesAhead is how many batches of rows a file's checking may run
// ahead of the database.
const batchesAhead = 256

// copyBatchBytes is the size of a batch of COPY text.
const copyBatchBytes = 64 << 10

// batch is a run of checked rows on their way to the database: COPY text,
// or the values of the rows one after the other.
type batch struct {
	rows int
	csv  []byte
	args []any
}

// rowSource reads the rows of one file, checks each, and sends the good
// ones on in batches while the bundle has no problem.
type rowSource struct {
	ctx     context.Context
	l       *loader
	spec    *spec
	fr      *fileReader
	conv    func(any) any
	track   Tracker
	read    *countingReader
	started time.Time
	// size is the file's size in bytes.
	size int64
	// csv says batches carry COPY text; otherwise they carry batchRows
	// rows of values.
	csv       bool
	batchRows int
	// batches carries the good rows to the writer; it is closed when the
	// file is read.
	batches chan batch
	// seen maps each key of the file to its line.
	seen map[keyHash]int32
	// buf holds the key of a row while it is looked up.
	buf []byte
	row []any
	n   int
	err error
}

// produce reads the file to its end, sending batches of good rows.
func (r *rowSource) produce() {
	defer close(r.batches)
	fresh := func() batch {
		if r.csv {
			return batch{csv: make([]byte, 0, copyBatchBytes+4<<10)}
		}
		return batch{args: make([]any, 0, r.batchRows*len(r.spec.columns))}
	}
	b := fresh()
	for r.next() {
		if r.csv {
			b.csv = appendCSVRecord(b.csv, r.spec, r.fr.fields, r.row)
		} else {
			for _, v := range r.row {
				b.args = append(b.args, r.conv(v))
			}
		}
		b.rows++
		if (r.csv && len(b.csv) >= copyBatchBytes) || (!r.csv && b.rows == r.batchRows) {
			if !r.send(b) {
				return
			}
			b = fresh()
		}
	}
	if b.rows > 0 {
		r.send(b)
	}
}

func (r *rowSource) send(b batch) bool {
	select {
	case r.batches <- b:
		return true
	case <-r.ctx.Done():
		r.err = r.ctx.Err()
		return false
	}
}

// next reads up to the next good row and returns true, or false at the
// end of the file or on an error. Once the bundle has a problem it yields
// no more rows but reads on to the end, checking each.
func (r *rowSource) next() bool {
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
			r.l.partial[r.spec.file] = true
			r.err = r.l.add(*p)
			continue
		}
		if err := r.check(rec); err != nil {
			r.err = err
			return false
		}
		if !r.l.invalid() {
			return true
		}
	}
	return false
}

// failed reports whether the rows sent must not be kept: the bundle has a
// problem, or reading stopped on an error. It is meant for after the
// batches are drained.
func (r *rowSource) failed() bool {
	return r.err != nil || r.l.invalid()
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
		if bad&maskOf(idx) != 0 || r.row[idx[0]] == nil || r.l.partial[ref.parent] {
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
