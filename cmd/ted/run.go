package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// usageError is a mistake in how ted was called. It exits with status 2;
// an empty msg means the usage text has already been printed.
type usageError struct{ msg string }

func (e usageError) Error() string {
	if e.msg == "" {
		return "usage error"
	}
	return e.msg
}

// command is one subcommand of ted.
type command struct {
	name    string
	summary string
	usage   string
	// long explains the command in help, after its usage line.
	long string
	// settings lists the configuration the command reads.
	settings []string
	// flags declares the command's own flags on fs and returns the value
	// they fill, which the command finds in env.flags.
	flags func(fs *flag.FlagSet) any
	run   func(ctx context.Context, env *env, args []string) error
}

// env is what every command is given: its configuration, where to write,
// and the logger built from the configuration.
type env struct {
	cfg    Config
	flags  any
	stdout io.Writer
	stderr io.Writer
}

// commands lists ted's subcommands in the order help shows them.
func commands() []command {
	return []command{
		serveCommand(),
		demoCommand(),
		migrateCommand(),
		importCommand(),
		computeCommand(),
		configCommand(),
		exportCommand(),
		usersCommand(),
		generateCommand(),
		versionCommand(),
	}
}

// run executes ted with the arguments that follow the program name. It is
// the whole program but for the exit status, so tests can start it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stderr)
		return usageError{}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(rest, stdout)
	}

	for _, cmd := range commands() {
		if cmd.name == name {
			return runCommand(ctx, cmd, rest, stdout, stderr)
		}
	}
	printUsage(stderr)
	return usageError{msg: fmt.Sprintf("unknown command %q", name)}
}

// runCommand parses the command's flags over the environment's settings and
// runs it.
func runCommand(ctx context.Context, cmd command, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ted "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { printCommandUsage(stderr, cmd) }
	var flags any
	if cmd.flags != nil {
		flags = cmd.flags(fs)
	}

	cfg, rest, err := loadConfig(os.LookupEnv, fs, args, cmd.settings)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		var bad *configError
		if errors.As(err, &bad) {
			return err
		}
		return usageError{msg: err.Error()}
	}
	return cmd.run(ctx, &env{cfg: cfg, flags: flags, stdout: stdout, stderr: stderr}, rest)
}

// help prints the overview, or one command's usage and flags.
func help(args []string, w io.Writer) error {
	if len(args) == 0 {
		printUsage(w)
		return nil
	}
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			printCommandUsage(w, cmd)
			return nil
		}
	}
	return usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `TED, the Teacher Effectiveness Dashboard, turns a district's HR,
assessment, evaluation and finance data into growth, effectiveness,
workforce and budget measures, served as dashboards and a JSON API.

Usage:
  ted <command> [flags] [arguments]

Commands:
`)
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	for _, cmd := range commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintf(tw, "  %s\t%s\n", "help", "show help for a command")
	tw.Flush()

	fmt.Fprint(w, "\nSettings (flag, environment variable):\n")
	printSettings(w, allSettings())
	fmt.Fprint(w, "\nFlags override the environment. Run \"ted help <command>\" for details.\n")
}

func printCommandUsage(w io.Writer, cmd command) {
	fmt.Fprintf(w, "Usage:\n  ted %s\n\n%s\n", cmd.usage, strings.TrimSpace(cmd.long))
	if cmd.flags != nil {
		fmt.Fprint(w, "\nFlags:\n")
		fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
		cmd.flags(fs)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fs.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(tw, "  --%s\t%s (default %s)\n", f.Name, f.Usage, f.DefValue)
		})
		tw.Flush()
	}
	if len(cmd.settings) > 0 {
		fmt.Fprint(w, "\nFlags and environment:\n")
		printSettings(w, cmd.settings)
	}
}
