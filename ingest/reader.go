package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// maxFieldSize is the longest field TED reads; anything longer is a sign of
// a broken file, such as a quote that is never closed.
const maxFieldSize = 1 << 20

// record is one data row of a file: its line and its fields in the order
// of the spec's columns, "" where the file lacks the column.
type record struct {
	line   int
	fields []string
}

// fileReader reads one bundle file row by row, mapping its columns onto a
// spec and reporting malformed CSV as problems instead of failing.
type fileReader struct {
	spec *spec
	csv  *csv.Reader
	// pos maps each spec column to the file's column, or -1 if absent.
	pos      []int
	width    int
	warnings []string
	fields   []string
	done     bool
}

// newFileReader reads the header of r and checks it against the spec. A
// missing required column or a repeated column is a problem for the whole
// file, returned with a nil reader.
func newFileReader(s *spec, r io.Reader) (*fileReader, []Problem) {
	// A byte order mark goes before the CSV reader sees it, so that a
	// quoted first column name reads as quoted.
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = 0

	header, err := cr.Read()
	if err == io.EOF {
		return nil, []Problem{{File: s.file, Line: 1,
			Message: "file is empty (want a header row naming the columns)"}}
	}
	if err != nil {
		return nil, []Problem{csvProblem(s.file, err)}
	}

	fr := &fileReader{spec: s, csv: cr, width: len(header), pos: make([]int, len(s.columns))}
	for i := range fr.pos {
		fr.pos[i] = -1
	}
	var problems []Problem
	seen := map[string]bool{}
	for i, h := range header {
		// Lower-casing would turn bad bytes into valid replacement
		// characters, so they are looked for first.
		if !utf8.ValidString(h) {
			problems = append(problems, Problem{File: s.file, Line: 1,
				Message: fmt.Sprintf("column %d: name is not valid UTF-8", i+1)})
			continue
		}
		name := strings.ToLower(strings.TrimSpace(h))
		if seen[name] {
			problems = append(problems, Problem{File: s.file, Line: 1, Column: name,
				Message: "column appears twice in the header"})
			continue
		}
		seen[name] = true
		j := fr.column(name)
		if j < 0 {
			fr.warnings = append(fr.warnings, fmt.Sprintf(
				"%s: column %q is not part of the bundle format and is ignored", s.file, h))
			continue
		}
		fr.pos[j] = i
	}
	for j, c := range s.columns {
		if c.required && fr.pos[j] < 0 {
			problems = append(problems, Problem{File: s.file, Line: 1, Column: c.name,
				Message: "required column is missing from the header"})
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	fr.fields = make([]string, len(s.columns))
	return fr, nil
}

func (fr *fileReader) column(name string) int {
	for j, c := range fr.spec.columns {
		if c.name == name {
			return j
		}
	}
	return -1
}

// next returns the next row. At the end of the file it returns false. A
// row that is not well-formed CSV yields a problem and no record; a broken
// quote ends the file, since the rows after it cannot be told apart.
func (fr *fileReader) next() (record, *Problem, bool) {
	if fr.done {
		return record{}, nil, false
	}
	raw, err := fr.csv.Read()
	if err == io.EOF {
		fr.done = true
		return record{}, nil, false
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			p := Problem{File: fr.spec.file, Line: pe.StartLine, Message: fmt.Sprintf(
				"row has %d fields, the header has %d", len(raw), fr.width)}
			return record{}, &p, true
		}
		fr.done = true
		p := csvProblem(fr.spec.file, err)
		return record{}, &p, true
	}
	line, _ := fr.csv.FieldPos(0)
	if len(raw) != fr.width {
		p := Problem{File: fr.spec.file, Line: line, Message: fmt.Sprintf(
			"row has %d fields, the header has %d", len(raw), fr.width)}
		return record{}, &p, true
	}

	for i, f := range raw {
		if len(f) > maxFieldSize {
			p := Problem{File: fr.spec.file, Line: line, Message: fmt.Sprintf(
				"field %d is longer than 1 MiB", i+1)}
			return record{}, &p, true
		}
		if !utf8.ValidString(f) {
			p := Problem{File: fr.spec.file, Line: line, Message: fmt.Sprintf(
				"field %d is not valid UTF-8 (save the file as UTF-8)", i+1)}
			return record{}, &p, true
		}
	}
	for j, i := range fr.pos {
		fr.fields[j] = ""
		if i >= 0 {
			fr.fields[j] = strings.TrimSpace(raw[i])
		}
	}
	return record{line: line, fields: fr.fields}, nil, true
}

// csvProblem explains an error of the CSV reader with its line.
func csvProblem(file string, err error) Problem {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		var tooBig *tooLargeError
		if errors.As(err, &tooBig) {
			return Problem{File: file, Message: tooBig.Error()}
		}
		return Problem{File: file, Message: fmt.Sprintf("cannot be read: %v", err)}
	}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		return Problem{File: file, Line: pe.StartLine, Message: fmt.Sprintf(
			"a quote opened on this line is not closed (the file ends or breaks at line %d)",
			pe.Line)}
	case errors.Is(pe.Err, csv.ErrQuote):
		return Problem{File: file, Line: pe.Line, Message: "a quoted field is not closed " +
			"properly (double a quote inside quotes: \"\")"}
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return Problem{File: file, Line: pe.Line, Message: "a quote appears inside an " +
			"unquoted field (quote the whole field and double the quote)"}
	}
	var tooBig *tooLargeError
	if errors.As(pe.Err, &tooBig) {
		return Problem{File: file, Message: tooBig.Error()}
	}
	return Problem{File: file, Line: pe.Line, Message: fmt.Sprintf("is not valid CSV: %v", pe.Err)}
}
