package ingest

import "time"

// progressEvery is how many rows pass between progress reports.
const progressEvery = 4096

// Progress shows an import's progress to whoever runs it.
type Progress interface {
	// Start begins a file of size bytes.
	Start(file string, size int64) Tracker
}

// Tracker follows one file as it is checked and written.
type Tracker interface {
	// Update reports the rows and bytes read so far.
	Update(rows int, bytes int64)
	// Done ends the file with what was done with it.
	Done(FileResult)
}

// FileResult is what an import did with one file.
type FileResult struct {
	File      string
	Rows      int
	Inserted  int
	Updated   int
	Unchanged int
	Duration  time.Duration
}

// noProgress shows nothing.
type noProgress struct{}

func (noProgress) Start(string, int64) Tracker { return noProgress{} }
func (noProgress) Update(int, int64)           {}
func (noProgress) Done(FileResult)             {}
