package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes content to a new file in a temporary folder.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func configShow(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"config", "show"}, args...), &out,
		&errOut)
	return out.String(), err
}

func TestRun_ConfigShow(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		out, err := configShow(t)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"# District configuration: TED's defaults.",
			"observation = 0.5", "novice_years = 3.0", "expiring_days = 180",
			"min_teachers = 5", "method = 'weighted'"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("FileOverridesSomeKeys", func(t *testing.T) {
		path := writeFile(t, "district.toml",
			"[workforce]\nnovice_years = 2\n\n[composite]\nmethod = \"tem\"\n")
		out, err := configShow(t, "--district-config", path)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"novice_years = 2.0", "method = 'tem'",
			"expiring_days = 180", "with " + path} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("OutputReadsBackUnchanged", func(t *testing.T) {
		first, err := configShow(t)
		if err != nil {
			t.Fatal(err)
		}
		path := writeFile(t, "district.toml", first)
		again, err := configShow(t, "--district-config", path)
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := strings.Cut(again, "\n")
		_, want, _ := strings.Cut(first, "\n")
		if body != want {
			t.Fatalf("read back:\n%s\nwant:\n%s", body, want)
		}
	})

	errTests := []struct {
		name, file, want string
	}{
		{"ErrUnknownKey", "[workforce]\nnovice_year = 2\n",
			"workforce.novice_year: is not a key TED knows"},
		{"ErrType", "[workforce]\nnovice_years = \"two\"\n",
			`workforce.novice_years: "two" is not a number`},
		{"ErrValue", "[composite.weights]\ngrowth = -1\n",
			"composite.weights: must be 0 or more each"},
		{"ErrListLength", "[composite.tem]\ngrowth_cuts = [20, 35]\n",
			"composite.tem.growth_cuts: must be a list of 3 values"},
		{"ErrNotTOML", "[workforce\nnovice_years = 2\n", ":1: toml: "},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "district.toml", tt.file)
			_, err := configShow(t, "--district-config", path)
			if err == nil || !strings.Contains(err.Error(), tt.want) ||
				!strings.HasPrefix(err.Error(), path) {
				t.Fatalf("err = %v, want %s: ... %q", err, path, tt.want)
			}
		})
	}

	t.Run("ErrMissingFile", func(t *testing.T) {
		_, err := configShow(t, "--district-config", filepath.Join(t.TempDir(), "none.toml"))
		if err == nil || !strings.HasPrefix(err.Error(), "--district-config: file") {
			t.Fatalf("err = %v", err)
		}
	})
}
