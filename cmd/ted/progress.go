package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ted-dashboard/ted/ingest"
)

// isTerminal reports whether w is a terminal a person watches, where
// progress can be redrawn in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newProgress shows an import's progress on w: a bar redrawn in place on a
// terminal, or one line per written file in a log or a pipe.
func newProgress(w io.Writer) ingest.Progress {
	if isTerminal(w) {
		return &barProgress{w: w}
	}
	return lineProgress{w: w}
}

// lineProgress writes one summary line per file.
type lineProgress struct{ w io.Writer }

func (p lineProgress) Start(string, int64) ingest.Tracker {
	return lineTracker{w: p.w}
}

type lineTracker struct{ w io.Writer }

func (t lineTracker) Update(int, int64) {}

func (t lineTracker) Done(r ingest.FileResult) {
	fmt.Fprintf(t.w, "%s: %s rows, %s inserted, %s updated, %s unchanged, %.2f s\n",
		r.File, thousands(r.Rows), thousands(r.Inserted), thousands(r.Updated),
		thousands(r.Unchanged), r.Duration.Seconds())
}

// barProgress keeps one line at the bottom of the terminal for the file
// being read: a bar of its bytes, its rows and their rate. As each file is
// written, a line above it says what was done. Files are read ahead of
// the database, so trackers of two files may be live at once; the line
// shows the newest.
type barProgress struct {
	w      io.Writer
	mu     sync.Mutex
	active *barTracker
}

func (p *barProgress) Start(file string, size int64) ingest.Tracker {
	t := &barTracker{p: p, file: file, size: size, start: time.Now()}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.active = t
	p.draw()
	return t
}

// draw redraws the status line; p.mu is held.
func (p *barProgress) draw() {
	t := p.active
	if t == nil {
		return
	}
	t.drawn = time.Now()
	const width = 24
	filled := width
	if t.size > 0 {
		filled = int(min(width, t.bytes*width/t.size))
	}
	rate := 0
	if secs := time.Since(t.start).Seconds(); secs > 0 {
		rate = int(float64(t.rows) / secs)
	}
	fmt.Fprintf(p.w, "\r\033[K%-22s [%s%s] %s rows  %s rows/s", t.file,
		strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		thousands(t.rows), thousands(rate))
}

type barTracker struct {
	p     *barProgress
	file  string
	size  int64
	rows  int
	bytes int64
	start time.Time
	drawn time.Time
}

func (t *barTracker) Update(rows int, bytes int64) {
	t.p.mu.Lock()
	defer t.p.mu.Unlock()
	t.rows, t.bytes = rows, bytes
	if t.p.active == t && time.Since(t.drawn) >= 100*time.Millisecond {
		t.p.draw()
	}
}

func (t *barTracker) Done(r ingest.FileResult) {
	t.p.mu.Lock()
	defer t.p.mu.Unlock()
	fmt.Fprintf(t.p.w, "\r\033[K%-22s %s rows, %s inserted, %s updated, %s unchanged, %.2f s\n",
		r.File, thousands(r.Rows), thousands(r.Inserted), thousands(r.Updated),
		thousands(r.Unchanged), r.Duration.Seconds())
	if t.p.active == t {
		t.p.active = nil
		return
	}
	t.p.draw()
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
