package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// env returns a lookup function over a fixed environment.
func fakeEnv(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

func load(t *testing.T, vars map[string]string, args ...string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg, _, err := loadConfig(fakeEnv(vars), fs, args, allSettings())
	return cfg, err
}

func TestLoadConfig(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		cfg, err := load(t, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := Config{DatabaseURL: "ted.db", Addr: "127.0.0.1:8080",
			LogFormat: "text", LogLevel: "info"}
		if cfg != want {
			t.Fatalf("defaults = %+v, want %+v", cfg, want)
		}
	})

	t.Run("EnvironmentOverrides", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "district.db")
		cfg, err := load(t, map[string]string{
			"TED_DATABASE_URL": dbPath,
			"TED_ADDR":         "0.0.0.0:9000",
			"TED_LOG_FORMAT":   "json",
			"TED_LOG_LEVEL":    "debug",
		})
		if err != nil {
			t.Fatal(err)
		}
		want := Config{DatabaseURL: dbPath, Addr: "0.0.0.0:9000",
			LogFormat: "json", LogLevel: "debug"}
		if cfg != want {
			t.Fatalf("config = %+v, want %+v", cfg, want)
		}
	})

	t.Run("FlagsOverrideEnvironment", func(t *testing.T) {
		cfg, err := load(t, map[string]string{"TED_ADDR": "0.0.0.0:9000"},
			"--addr", "127.0.0.1:9100")
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Addr != "127.0.0.1:9100" {
			t.Fatalf("addr = %q, want the flag's value", cfg.Addr)
		}
	})

	t.Run("FlagsAmongArguments", func(t *testing.T) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		_, rest, err := loadConfig(fakeEnv(nil), fs,
			[]string{"up", "--log-level", "warn", "extra", "--", "--addr"}, allSettings())
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"up", "extra", "--addr"}; !slices.Equal(rest, want) {
			t.Fatalf("arguments = %q, want %q", rest, want)
		}
	})

	t.Run("PostgresURL", func(t *testing.T) {
		url := "postgres://ted:secret@db.example:5432/ted?sslmode=require"
		cfg, err := load(t, map[string]string{"TED_DATABASE_URL": url})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.DatabaseURL != url {
			t.Fatalf("database url = %q", cfg.DatabaseURL)
		}
	})
}

func TestLoadConfig_Errors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-folder", "ted.db")
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"ErrDatabaseScheme", map[string]string{"TED_DATABASE_URL": "mysql://root@localhost/ted"},
			nil, `TED_DATABASE_URL: scheme "mysql" is not supported`},
		{"ErrDatabaseNoHost", map[string]string{"TED_DATABASE_URL": "postgres://"},
			nil, "TED_DATABASE_URL: "},
		{"ErrDatabaseEmpty", map[string]string{"TED_DATABASE_URL": ""},
			nil, "TED_DATABASE_URL: is empty"},
		{"ErrDatabaseFolder", map[string]string{"TED_DATABASE_URL": missing},
			nil, "TED_DATABASE_URL: folder"},
		{"ErrDatabaseKeywords", map[string]string{
			"TED_DATABASE_URL": "host=db1 password=secret dbname=ted"},
			nil, "TED_DATABASE_URL: holds key=value settings; write them as a URL"},
		{"ErrDatabaseFlag", nil, []string{"--database-url", "mysql://x/y"},
			"--database-url: scheme"},
		{"ErrAddr", map[string]string{"TED_ADDR": "8080"},
			nil, `TED_ADDR: "8080" is not host:port`},
		{"ErrLogFormat", map[string]string{"TED_LOG_FORMAT": "xml"},
			nil, `TED_LOG_FORMAT: "xml" is not one of text, json`},
		{"ErrLogLevel", nil, []string{"--log-level", "loud"}, `--log-level: "loud" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.vars, tt.args...)
			var cfgErr *configError
			if !errors.As(err, &cfgErr) {
				t.Fatalf("err = %v, want a configuration error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %q, want it to start with %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("err = %q shows the password", err)
			}
		})
	}
}

func TestConfig_LogValue(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	cfg := defaultConfig()
	cfg.DatabaseURL = "postgres://ted:hunter2@db:5432/ted?password=hunter3"
	logger.Info("starting", "config", cfg)

	out := buf.String()
	if strings.Contains(out, "hunter2") || strings.Contains(out, "hunter3") {
		t.Fatalf("log shows a password: %s", out)
	}
	if !strings.Contains(out, "config.database_url=") || !strings.Contains(out, "db:5432") {
		t.Fatalf("log lacks the masked database url: %s", out)
	}
	if !strings.Contains(out, "config.addr=127.0.0.1:8080") {
		t.Fatalf("log lacks the address: %s", out)
	}
}
