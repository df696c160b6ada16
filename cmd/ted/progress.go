package main

import (
	"fmt"
	"io"
	"os"
	"strings"
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

// barProgress redraws a line per file while it is read: a bar of the bytes
// read, the rows and the rate. When the file is done the line gives what
// was written.
type barProgress struct{ w io.Writer }

func (p *barProgress) Start(file string, size int64) ingest.Tracker {
	t := &barTracker{w: p.w, file: file, size: size, start: time.Now()}
	t.draw()
	return t
}

type barTracker struct {
	w     io.Writer
	file  string
	size  int64
	rows  int
	bytes int64
	start time.Time
	drawn time.Time
}

func (t *barTracker) Update(rows int, bytes int64) {
	t.rows, t.bytes = rows, bytes
	if time.Since(t.drawn) >= 100*time.Millisecond {
		t.draw()
	}
}

func (t *barTracker) Done(r ingest.FileResult) {
	t.rows, t.bytes = r.Rows, t.size
	t.draw()
	fmt.Fprintf(t.w, "  %s inserted, %s updated, %s unchanged\n",
		thousands(r.Inserted), thousands(r.Updated), thousands(r.Unchanged))
}

func (t *barTracker) draw() {
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
	fmt.Fprintf(t.w, "\r\033[K%-22s [%s%s] %s rows  %s rows/s", t.file,
		strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		thousands(t.rows), thousands(rate))
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
