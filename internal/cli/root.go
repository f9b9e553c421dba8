// Package cli holds Candor's commands. Each command has an options struct
// and a constructor that takes a *Factory, so commands run in-process in
// tests with their own streams.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

const rootLong = `Candor checks whether a website does what its own privacy policy says.

It loads the site in headless Chromium, records every request, cookie and
storage key and the transport security of the main document, reads the
site's privacy policy into claims, and judges each claim kept, broken or
unverifiable, with the evidence.

Exit codes:
  0  no finding at or above the failure threshold
  1  findings at or above --fail-on (see --exit-code)
  2  bad usage or a runtime error (the message names the input and the cause)
  130/143  interrupted by SIGINT/SIGTERM (partial results are still written)`

// NewRootCmd builds the candor command tree.
func NewRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:           "candor",
		Short:         "Check a website against its own privacy policy",
		Long:          rootLong,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return setupLogging(cmd, f)
		},
	}
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.PersistentFlags().String("log-level", "warn", "log detail on stderr: debug, info, warn or error")
	root.PersistentFlags().BoolP("quiet", "q", false, "log only errors on stderr and show no progress")

	root.AddCommand(
		newVersionCmd(f),
		newPolicyCmd(f),
		newReportCmd(f),
		newDiffCmd(f),
		newScanCmd(f),
		newDemoCmd(f),
	)
	return root
}

// Main runs candor with args and returns the process exit code. SIGINT and
// SIGTERM cancel the context: commands stop, write what they have, and the
// exit code is 130 or 143.
func Main(args []string, streams *IOStreams) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var got os.Signal
	done := make(chan struct{})
	go func() {
		select {
		case got = <-sigs:
			cancel()
		case <-done:
		}
	}()

	f := NewFactory(streams)
	root := NewRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	close(done)
	if got != nil {
		if err != nil {
			fmt.Fprintf(streams.ErrOut, "candor: interrupted: %v\n", err)
		}
		if got == syscall.SIGTERM {
			return ExitSIGTERM
		}
		return ExitSIGINT
	}
	if err != nil {
		var ce *CodeError
		if !errors.As(err, &ce) || ce.Err != nil {
			fmt.Fprintf(streams.ErrOut, "candor: %v\n", err)
		}
		if !errors.As(err, &ce) && isUsage(err) {
			return ExitError
		}
	}
	return exitCode(err)
}

// isUsage recognises cobra's own argument and flag errors.
func isUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument", "flag needs an argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("unknown level %q (want debug, info, warn or error)", s)
	}
	return l, nil
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// setupLogging builds f's logger from --log-level and --quiet. It runs
// before every command and again once a config file has set either.
func setupLogging(cmd *cobra.Command, f *Factory) error {
	name, _ := cmd.Flags().GetString("log-level")
	quiet, _ := cmd.Flags().GetBool("quiet")
	level, err := parseLevel(name)
	if err != nil {
		return usageError("--log-level: %v", err)
	}
	if quiet {
		level = slog.LevelError
	}
	f.Quiet = quiet
	f.Logger = newLogger(f.IO.ErrOut, level)
	return nil
}
