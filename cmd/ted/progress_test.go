package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/ingest"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 1657623: "1,657,623", -12345: "-12,345",
	} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestNewProgress_Pipe(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	tr := p.Start("enrollments.csv", 1000)
	tr.Update(4096, 500)
	tr.Done(ingest.FileResult{File: "enrollments.csv", Rows: 921805, Inserted: 921805,
		Duration: 1500 * time.Millisecond})
	want := "enrollments.csv: 921,805 rows, 921,805 inserted, 0 updated, 0 unchanged, 1.50 s\n"
	if buf.String() != want {
		t.Fatalf("progress in a pipe = %q, want %q", buf.String(), want)
	}
}

func TestBarProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &barProgress{w: &buf}
	first := p.Start("students.csv", 100)
	first.Update(50, 50)
	// The next file is read while the first is still being written.
	second := p.Start("sections.csv", 10)
	first.Done(ingest.FileResult{File: "students.csv", Rows: 100, Inserted: 100})
	second.Done(ingest.FileResult{File: "sections.csv", Rows: 10, Unchanged: 10})

	out := buf.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d finished lines, want 2:\n%q", len(lines), out)
	}
	if !strings.Contains(lines[0], "students.csv           100 rows, 100 inserted") {
		t.Errorf("first line = %q", lines[0])
	}
	// After the first file's line the bar of the second is drawn again.
	if !strings.Contains(lines[1], "sections.csv           [") ||
		!strings.HasSuffix(lines[1], "10 rows, 0 inserted, 0 updated, 10 unchanged, 0.00 s") {
		t.Errorf("second line = %q", lines[1])
	}
}
