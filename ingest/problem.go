package ingest

import (
	"fmt"
	"strconv"
)

// Problem is one thing wrong with a bundle, placed so that the person who
// keeps the file can find and fix it: file, line, column and what is wrong.
type Problem struct {
	File    string
	Line    int
	Column  string
	Message string
}

// String formats the problem as file:line: column: message, leaving out
// the line or the column when the problem has none.
func (p Problem) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
	}
	if p.Column != "" {
		s += ": " + p.Column
	}
	return s + ": " + p.Message
}

// InvalidError is a bundle that failed validation. Nothing of it was
// written.
type InvalidError struct {
	Problems []Problem
	// Stopped is true when validation stopped at the error limit, so that
	// more problems may follow the ones listed.
	Stopped bool
}

// Error summarizes the problems; the Problems list has the details.
func (e *InvalidError) Error() string {
	n := len(e.Problems)
	more := ""
	if e.Stopped {
		more = " (stopped at the limit; there may be more)"
	}
	noun := "problems"
	if n == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("the bundle has %d %s%s; nothing was imported", n, noun, more)
}
