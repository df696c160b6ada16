package synth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readFiles returns the contents of every file Generate writes.
func readFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range FileNames() {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	return files
}

func TestGenerate_Determinism(t *testing.T) {
	small := mustScale(t, "small")
	first := readFiles(t, mustGenerate(t, small, 42))
	if len(first) != 14 {
		t.Fatalf("%d files, want 14", len(first))
	}

	t.Run("SameSeed", func(t *testing.T) {
		again := readFiles(t, mustGenerate(t, small, 42))
		for name, b := range first {
			if !bytes.Equal(b, again[name]) {
				t.Errorf("%s differs between two runs with the same seed", name)
			}
		}
	})

	t.Run("OtherSeed", func(t *testing.T) {
		other := readFiles(t, mustGenerate(t, small, 43))
		for name, b := range first {
			if name == "sbb_weights.csv" {
				continue // the weights are the district's policy, not drawn
			}
			if bytes.Equal(b, other[name]) {
				t.Errorf("%s is the same for seeds 42 and 43", name)
			}
		}
	})
}

func TestGenerate_Counts(t *testing.T) {
	cases := []struct {
		scale              Scale
		teachers, students [2]int
	}{
		{mustScale(t, "small"), [2]int{100, 140}, [2]int{1800, 2200}},
		{midScale(), [2]int{700, 1000}, [2]int{14000, 16000}},
	}
	for _, c := range cases {
		t.Run(c.scale.Name, func(t *testing.T) {
			b := readBundle(t, mustGenerate(t, c.scale, 3))
			if n := len(b["schools"].rows); n != c.scale.Schools() {
				t.Errorf("%d schools, want %d", n, c.scale.Schools())
			}
			teachers, students := map[string]int{}, map[string]int{}
			asg := b["staff_assignments"]
			for i := range asg.rows {
				if asg.get(i, "position") == "teacher" {
					teachers[asg.get(i, "school_year")]++
				}
			}
			for i := range b["students"].rows {
				students[b["students"].get(i, "school_year")]++
			}
			for yr := firstYear; yr <= lastYear; yr++ {
				y := fmt.Sprint(yr)
				if n := teachers[y]; n < c.teachers[0] || n > c.teachers[1] {
					t.Errorf("%s: %d teachers, want %v", y, n, c.teachers)
				}
				if n := students[y]; n < c.students[0] || n > c.students[1] {
					t.Errorf("%s: %d students, want %v", y, n, c.students)
				}
			}
		})
	}
}

func TestGenerate_Errors(t *testing.T) {
	t.Run("ErrCanceled", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Generate(ctx, dir, Options{Scale: mustScale(t, "small")})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("a cancelled run left %d files, such as %s", len(left), left[0].Name())
		}
	})

	t.Run("ErrNoFolder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "missing")
		_, err := Generate(context.Background(), dir, Options{Scale: mustScale(t, "small")})
		if err == nil || !strings.Contains(err.Error(), "schools.csv") {
			t.Fatalf("err = %v, want one naming the file it could not create", err)
		}
	})

	bad := []Scale{
		{Name: "NoHigh", Elementary: 2, Middle: 1, Students: 2000, ClassSize: 20},
		{Name: "NoFeeder", Elementary: 1, Middle: 2, High: 1, Students: 2000, ClassSize: 20},
		{Name: "TinyClasses", Elementary: 2, Middle: 1, High: 1, Students: 2000, ClassSize: 2},
		{Name: "FewStudents", Elementary: 2, Middle: 1, High: 1, Students: 50, ClassSize: 20},
	}
	for _, sc := range bad {
		t.Run("ErrScale"+sc.Name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Generate(context.Background(), dir, Options{Scale: sc})
			if err == nil || !strings.Contains(err.Error(), sc.Name) {
				t.Fatalf("err = %v, want one naming scale %s", err, sc.Name)
			}
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("a refused scale left %d files", len(left))
			}
		})
	}
}

func TestParseScale(t *testing.T) {
	for _, name := range []string{"small", "atlanta", "nyc"} {
		t.Run(name, func(t *testing.T) {
			sc, err := ParseScale(name)
			if err != nil || sc.Name != name {
				t.Fatalf("ParseScale(%q) = %+v, %v", name, sc, err)
			}
			if err := sc.validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("ErrUnknown", func(t *testing.T) {
		_, err := ParseScale("boston")
		if err == nil || !strings.Contains(err.Error(), "small, atlanta, nyc") {
			t.Fatalf("err = %v, want one listing the scales", err)
		}
	})
}

// benchmarkGenerate measures generating a district of the named scale,
// reporting the rows written per second.
func benchmarkGenerate(b *testing.B, name string) {
	sc, err := ParseScale(name)
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	for b.Loop() {
		dir := b.TempDir()
		sum, err := Generate(context.Background(), dir, Options{Scale: sc, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, f := range sum.Files {
			rows += f.Rows
		}
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(rows), "rows/op")
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkGenerate_Small(b *testing.B)   { benchmarkGenerate(b, "small") }
func BenchmarkGenerate_Atlanta(b *testing.B) { benchmarkGenerate(b, "atlanta") }
