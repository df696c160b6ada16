package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

func versionCommand() command {
	return command{
		name:    "version",
		summary: "print the version of this binary",
		usage:   "version",
		long: `Version prints the module version, the commit it was built from when
known, and the Go release.`,
		run: func(_ context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usageError{msg: "version takes no arguments"}
			}
			fmt.Fprintln(e.stdout, versionString())
			return nil
		},
	}
}

// versionString describes the build from the information Go records in
// every binary.
func versionString() string {
	version, commit, dirty := "(devel)", "", false
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	s := "ted " + version
	if commit != "" {
		s += " commit " + commit
		if dirty {
			s += "+dirty"
		}
	}
	return s + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}
