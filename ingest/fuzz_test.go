package ingest

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
)

// discardWriter reads every row it is given and stores nothing.
type discardWriter struct{}

func (discardWriter) form(*spec) (bool, int) { return false, 16 }

func (discardWriter) convert(v any) any { return v }

func (discardWriter) write(_ context.Context, _ *spec, src *rowSource) (int, int, error) {
	n := 0
	for b := range src.batches {
		n += b.rows
	}
	return n, 0, nil
}

func (discardWriter) exec(context.Context, string, ...any) error { return nil }

func noStoredKeys(context.Context, *spec, func([]byte)) error {
	return nil
}

// FuzzLoad feeds arbitrary bytes to the reader and checker as one file of
// an otherwise valid bundle. Whatever the bytes, loading must end with
// problems or rows, never a panic, and a problem must name its file.
func FuzzLoad(f *testing.F) {
	base := baseBundle(f)
	files := specs()
	for _, bad := range badBundles() {
		edited := bad.edit(base)
		for i, s := range files {
			if edited[s.file] != base[s.file] {
				f.Add(uint8(i), []byte(edited[s.file]))
			}
		}
	}
	for i, s := range files {
		f.Add(uint8(i), []byte(base[s.file]))
		// A staff.csv without its columns stops the import at the limit
		// while later files wait to be checked.
		if s.file == fileStaff {
			f.Add(uint8(i), []byte("s,f"))
		}
	}

	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		target := files[int(which)%len(files)].file
		fsys := fstest.MapFS{}
		for name, text := range base {
			fsys[name] = &fstest.MapFile{Data: []byte(text)}
		}
		fsys[target] = &fstest.MapFile{Data: content}

		b := &bundle{path: "fuzz", fsys: fsys, maxFileSize: 1 << 20,
			close: func() error { return nil }}
		if err := b.find(); err != nil {
			t.Fatal(err)
		}
		l := newLoader(b, noStoredKeys, 3, noProgress{})
		_, err := l.run(context.Background(), discardWriter{})
		if err != nil && !errors.Is(err, errStop) {
			t.Fatalf("load failed: %v", err)
		}
		for _, p := range l.problems {
			if p.File == "" || p.Message == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
		}
	})
}
