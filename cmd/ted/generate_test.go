package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/synth"
)

// folderNames returns the names in a folder, sorted.
func folderNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestRun_Generate(t *testing.T) {
	bundle := slices.Sorted(slices.Values(synth.FileNames()))

	t.Run("Small", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "district", "bundle")
		out := mustRun(t, "generate", "--scale", "small", "--seed", "3", "--out", dir)
		for _, name := range bundle {
			if !strings.Contains(out, name) {
				t.Errorf("summary does not list %s:\n%s", name, out)
			}
		}
		if !strings.Contains(out, "total") || !strings.Contains(out, "seconds") {
			t.Errorf("summary has no total or time:\n%s", out)
		}
		if got := folderNames(t, dir); !slices.Equal(got, bundle) {
			t.Errorf("folder holds %v, want exactly %v", got, bundle)
		}
	})

	t.Run("ErrNotEmpty", func(t *testing.T) {
		dir := t.TempDir()
		notes := filepath.Join(dir, "notes.txt")
		os.WriteFile(notes, []byte("keep"), 0o644)
		err := run(context.Background(), []string{"generate", "--out", dir},
			io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), dir) ||
			!strings.Contains(err.Error(), "--force") {
			t.Fatalf("err = %v, want one naming the folder and --force", err)
		}
		if got := folderNames(t, dir); !slices.Equal(got, []string{"notes.txt"}) {
			t.Errorf("refused run changed the folder: %v", got)
		}
	})

	t.Run("Force", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("keep"), 0o644)
		os.WriteFile(filepath.Join(dir, "schools.csv"), []byte("old"), 0o644)
		mustRun(t, "generate", "--out", dir, "--force")
		want := slices.Sorted(slices.Values(append(synth.FileNames(), "notes.txt")))
		if got := folderNames(t, dir); !slices.Equal(got, want) {
			t.Errorf("folder holds %v, want %v", got, want)
		}
		schools, _ := os.ReadFile(filepath.Join(dir, "schools.csv"))
		if !strings.HasPrefix(string(schools), "school_id,name,level,region\n") {
			t.Errorf("schools.csv was not replaced: %q", schools)
		}
	})

	t.Run("Help", func(t *testing.T) {
		out := mustRun(t, "help", "generate")
		for _, want := range []string{"--scale", "--seed", "--out", "--force", "truth.csv"} {
			if !strings.Contains(out, want) {
				t.Errorf("help generate does not mention %s:\n%s", want, out)
			}
		}
	})

	bad := []struct {
		name string
		args []string
		want string
	}{
		{"ErrBadScale", []string{"--scale", "boston", "--out", "x"}, "--scale"},
		{"ErrMissingOut", []string{"--scale", "small"}, "--out"},
		{"ErrArguments", []string{"--out", "x", "extra"}, "no arguments"},
		{"ErrBadSeed", []string{"--seed", "-1", "--out", "x"}, "seed"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			err := run(context.Background(), append([]string{"generate"}, c.args...),
				io.Discard, io.Discard)
			var usage usageError
			if !errors.As(err, &usage) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want a usage error naming %s", err, c.want)
			}
			if got := folderNames(t, dir); len(got) > 0 {
				t.Errorf("a refused run wrote %v", got)
			}
		})
	}
}
