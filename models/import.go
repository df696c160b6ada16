package models

import "time"

// Import records one run of a bundle import: who ran it, on which bundle
// (by checksum), when, and how it ended.
type Import struct {
	ImportID   string `gorm:"primaryKey"`
	ImportedBy string
	Source     string
	Checksum   string
	StartedAt  time.Time
	FinishedAt *time.Time
	Outcome    string
	Message    string
	Files      []ImportFile `gorm:"foreignKey:ImportID"`
}

// TableName names the table of imports.
func (Import) TableName() string { return "imports" }

// Outcomes of an import.
const (
	ImportSucceeded = "succeeded"
	ImportFailed    = "failed"
	ImportInvalid   = "invalid"
)

// ImportFile counts what one file of a bundle brought to an import.
type ImportFile struct {
	ImportID  string `gorm:"primaryKey"`
	File      string `gorm:"primaryKey"`
	RowsRead  int
	Inserted  int
	Updated   int
	Unchanged int
}

// TableName names the table of per-file import counts.
func (ImportFile) TableName() string { return "import_files" }
