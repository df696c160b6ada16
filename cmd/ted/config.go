package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ted-dashboard/ted/models"
)

// Config is everything ted can be told by flags and TED_* environment
// variables. Its defaults live in defaultConfig and nowhere else.
type Config struct {
	// DatabaseURL is a postgres:// URL or the path of a SQLite file.
	DatabaseURL string
	// Addr is the host:port the server listens on.
	Addr string
	// LogFormat is "text" or "json".
	LogFormat string
	// LogLevel is "debug", "info", "warn" or "error".
	LogLevel string
	// DistrictConfig is the path of the district's analytics
	// configuration, a TOML file; empty means METHODS.md's defaults.
	DistrictConfig string
}

func defaultConfig() Config {
	return Config{
		DatabaseURL: "ted.db",
		Addr:        "127.0.0.1:8080",
		LogFormat:   "text",
		LogLevel:    "info",
	}
}

// setting ties one Config field to its environment variable and flag.
type setting struct {
	env   string
	flag  string
	usage string
	field func(*Config) *string
}

// Names of the settings, as commands list them.
const (
	settingDatabase  = "database-url"
	settingAddr      = "addr"
	settingLogFormat = "log-format"
	settingLogLevel  = "log-level"
	settingDistrict  = "district-config"
)

func settingsTable() []setting {
	return []setting{
		{"TED_DATABASE_URL", settingDatabase,
			"postgres:// URL, or path of the SQLite file",
			func(c *Config) *string { return &c.DatabaseURL }},
		{"TED_ADDR", settingAddr,
			"host:port the server listens on",
			func(c *Config) *string { return &c.Addr }},
		{"TED_LOG_FORMAT", settingLogFormat,
			"log format: text or json",
			func(c *Config) *string { return &c.LogFormat }},
		{"TED_LOG_LEVEL", settingLogLevel,
			"log level: debug, info, warn or error",
			func(c *Config) *string { return &c.LogLevel }},
		{"TED_DISTRICT_CONFIG", settingDistrict,
			"district configuration file (TOML); empty for the defaults",
			func(c *Config) *string { return &c.DistrictConfig }},
	}
}

func allSettings() []string {
	var names []string
	for _, s := range settingsTable() {
		names = append(names, s.flag)
	}
	return names
}

func lookupSetting(name string) setting {
	for _, s := range settingsTable() {
		if s.flag == name {
			return s
		}
	}
	panic("unknown setting " + name)
}

// configError is a setting with a value ted cannot use. It names where the
// value came from, the flag or the environment variable, so the user knows
// what to fix.
type configError struct {
	source string
	msg    string
}

func (e *configError) Error() string {
	return e.source + ": " + e.msg
}

// loadConfig builds the configuration for a command: defaults, then the
// environment, then the flags in args. names lists the settings the command
// accepts; the others keep their defaults and environment values but are
// not flags of the command. Flags may come before or after the command's
// arguments, which are left in fs.Args order by parseFlags.
func loadConfig(lookupEnv func(string) (string, bool), fs *flag.FlagSet,
	args []string, names []string) (Config, []string, error) {
	cfg := defaultConfig()
	source := map[string]string{}
	for _, s := range settingsTable() {
		source[s.flag] = s.env
		if v, ok := lookupEnv(s.env); ok {
			*s.field(&cfg) = v
			source[s.flag] = s.env
		}
	}

	for _, name := range names {
		s := lookupSetting(name)
		fs.StringVar(s.field(&cfg), s.flag, *s.field(&cfg), s.usage)
	}
	rest, err := parseFlags(fs, args)
	if err != nil {
		return Config{}, nil, err
	}
	fs.Visit(func(f *flag.Flag) {
		if _, ok := source[f.Name]; ok {
			source[f.Name] = "--" + f.Name
		}
	})

	if err := cfg.validate(source); err != nil {
		return Config{}, nil, err
	}
	return cfg, rest, nil
}

// parseFlags parses flags wherever they stand among the arguments, so that
// "ted migrate up --database-url x" works as well as the flags first. A
// "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		consumed := len(args) - fs.NArg()
		if consumed > 0 && args[consumed-1] == "--" {
			return append(rest, fs.Args()...), nil
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	return rest, nil
}

// validate checks every setting and names the source of the first bad one.
func (c Config) validate(source map[string]string) error {
	checks := []struct {
		name string
		err  error
	}{
		{settingDatabase, checkDatabaseURL(c.DatabaseURL)},
		{settingAddr, checkAddr(c.Addr)},
		{settingLogFormat, checkOneOf(c.LogFormat, "text", "json")},
		{settingLogLevel, checkOneOf(c.LogLevel, "debug", "info", "warn", "error")},
		{settingDistrict, checkFile(c.DistrictConfig)},
	}
	for _, ch := range checks {
		if ch.err != nil {
			return &configError{source: source[ch.name], msg: ch.err.Error()}
		}
	}
	return nil
}

func checkDatabaseURL(v string) error {
	switch {
	case v == "":
		return fmt.Errorf("is empty (want a postgres:// URL or a SQLite file path)")
	case models.IsPostgres(v):
		u, err := url.Parse(v)
		if err != nil {
			return fmt.Errorf("is not a valid postgres:// URL")
		}
		if u.Host == "" && u.Query().Get("host") == "" {
			return fmt.Errorf("%q names no host (want postgres://user@host:5432/db)",
				redactURL(v))
		}
		return nil
	case strings.Contains(v, "://"):
		scheme, _, _ := strings.Cut(v, "://")
		return fmt.Errorf("scheme %q is not supported "+
			"(want a postgres:// URL or a SQLite file path)", scheme)
	case keywordSettings.MatchString(v):
		// A libpq connection string is no file name; its value is not
		// repeated, as it may hold a password.
		return fmt.Errorf("holds key=value settings; write them as a URL " +
			"(postgres://user:password@host:5432/db)")
	}

	dir := filepath.Dir(strings.TrimPrefix(v, "file:"))
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("folder %q of the SQLite file does not exist", dir)
	}
	return nil
}

// keywordSettings matches the start of a libpq "host=... dbname=..."
// connection string.
var keywordSettings = regexp.MustCompile(`^\s*[A-Za-z_]+\s*=`)

// checkFile accepts "" or the path of a readable file.
func checkFile(v string) error {
	if v == "" {
		return nil
	}
	st, err := os.Stat(v)
	if err != nil {
		return fmt.Errorf("file %q cannot be read", v)
	}
	if st.IsDir() {
		return fmt.Errorf("%q is a folder, not a file", v)
	}
	return nil
}

func checkAddr(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%q is not host:port", v)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q has no valid port", v)
	}
	return nil
}

func checkOneOf(v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
}

// LogValue shows the configuration in logs with the database password
// masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("database_url", redactURL(c.DatabaseURL)),
		slog.String("addr", c.Addr),
		slog.String("log_format", c.LogFormat),
		slog.String("log_level", c.LogLevel),
		slog.String("district_config", c.DistrictConfig),
	)
}

// redactURL masks the password of a database URL, in its user part or in a
// password parameter. A SQLite path is returned as it is.
func redactURL(v string) string {
	if !strings.Contains(v, "://") {
		return v
	}
	u, err := url.Parse(v)
	if err != nil {
		return "(unparsable URL)"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// newLogger builds the logger the configuration asks for, writing to w.
func newLogger(c Config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// printSettings lists settings with their flag, variable and default.
func printSettings(w io.Writer, names []string) {
	def := defaultConfig()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, name := range names {
		s := lookupSetting(name)
		fmt.Fprintf(tw, "  --%s, %s\t%s (default %q)\n", s.flag, s.env, s.usage, *s.field(&def))
	}
	tw.Flush()
}
