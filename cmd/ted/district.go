package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"

	"github.com/pelletier/go-toml/v2"

	"github.com/ted-dashboard/ted/analytics"
)

func configCommand() command {
	return command{
		name:    "config",
		summary: "show the district configuration the analytics use",
		usage:   "config show [flags]",
		long: `Config show prints the effective district configuration as TOML: the
defaults of TED's methods, overridden by the file that --district-config
or TED_DISTRICT_CONFIG names. The file has the same sections and keys;
any it leaves out keep their default. A key TED does not know, or a value
it cannot use, is an error naming the key.`,
		settings: []string{settingDistrict},
		run:      runConfig,
	}
}

func runConfig(_ context.Context, e *env, args []string) error {
	if len(args) != 1 || args[0] != "show" {
		return usageError{msg: "config takes one action: show"}
	}
	cfg, err := loadDistrictConfig(e.cfg.DistrictConfig)
	if err != nil {
		return err
	}
	return writeDistrictConfig(e.stdout, cfg, e.cfg.DistrictConfig)
}

// loadDistrictConfig reads the district's configuration from path over the
// defaults, or returns the defaults when path is empty. Errors name the
// file, the key and, for a file that is not TOML, the line.
func loadDistrictConfig(path string) (analytics.Config, error) {
	cfg := analytics.DefaultConfig()
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("district configuration: %w", err)
	}

	// The file is read as plain TOML first, then each key is matched to
	// its setting, so that a mistake is told by the key's name.
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var dec *toml.DecodeError
		if errors.As(err, &dec) {
			row, _ := dec.Position()
			return cfg, fmt.Errorf("%s:%d: %s", path, row, dec.Error())
		}
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	if err := assign(reflect.ValueOf(&cfg).Elem(), doc, ""); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// assign sets the setting dst, whose key is key, to the TOML value v.
func assign(dst reflect.Value, v any, key string) error {
	switch dst.Kind() {
	case reflect.Struct:
		table, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: must be a table of settings", key)
		}
		return assignTable(dst, table, key)
	case reflect.Array:
		list, ok := v.([]any)
		if !ok || len(list) != dst.Len() {
			return fmt.Errorf("%s: must be a list of %d values", key, dst.Len())
		}
		for i, item := range list {
			if err := assign(dst.Index(i), item, fmt.Sprintf("%s[%d]", key, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: %s is not text (write it in quotes)", key, shown(v))
		}
		dst.SetString(str)
		return nil
	case reflect.Int:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("%s: %s is not a whole number", key, shown(v))
		}
		dst.SetInt(n)
		return nil
	case reflect.Float64:
		switch n := v.(type) {
		case int64:
			dst.SetFloat(float64(n))
		case float64:
			dst.SetFloat(n)
		default:
			return fmt.Errorf("%s: %s is not a number", key, shown(v))
		}
		return nil
	}
	return fmt.Errorf("%s: cannot be set from the file", key)
}

// assignTable sets the fields of the struct dst from a TOML table, each
// field found by its toml tag.
func assignTable(dst reflect.Value, table map[string]any, key string) error {
	names := make([]string, 0, len(table))
	for name := range table {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		full := name
		if key != "" {
			full = key + "." + name
		}
		field, ok := fieldByTag(dst, name)
		if !ok {
			return fmt.Errorf("%s: is not a key TED knows", full)
		}
		if err := assign(field, table[name], full); err != nil {
			return err
		}
	}
	return nil
}

// shown quotes text, so that a value is told apart from its key.
func shown(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

func fieldByTag(dst reflect.Value, name string) (reflect.Value, bool) {
	t := dst.Type()
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("toml") == name {
			return dst.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// writeDistrictConfig prints a configuration as TOML, saying where it
// comes from.
func writeDistrictConfig(w io.Writer, cfg analytics.Config, path string) error {
	source := "TED's defaults"
	if path != "" {
		source = "TED's defaults with " + path
	}
	if _, err := fmt.Fprintf(w, "# District configuration: %s.\n\n", source); err != nil {
		return err
	}
	enc := toml.NewEncoder(w)
	enc.SetIndentTables(true)
	return enc.Encode(cfg)
}
