package ingest

import (
	"context"
	"testing"

	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/synth"
)

// BenchmarkImport_Atlanta imports a generated district of Atlanta's size
// into a fresh database: a district's first import, the heaviest one.
func BenchmarkImport_Atlanta(b *testing.B) {
	scale, err := synth.ParseScale("atlanta")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	sum, err := synth.Generate(context.Background(), dir, synth.Options{Scale: scale, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	for _, s := range specs() {
		rows += sum.Rows(s.file)
	}

	for _, dialect := range modeltest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := modeltest.Open(b, dialect)
				b.StartTimer()
				if _, err := Import(context.Background(), db, dir, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
