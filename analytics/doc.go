// Package analytics computes TED's measures from plain Go values: student
// growth percentiles and value-added, effectiveness, workforce and budget
// measures. It knows nothing of the database or of HTTP, so that every
// formula can be tested on a slice of numbers.
package analytics
