package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/gate"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/reports"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// gateOptions are the flags that turn findings into an exit code, shared
// by scan and report so both gate the same way.
type gateOptions struct {
	FailOn     string
	ExitCode   int
	Severity   []string
	Baseline   string
	IgnoreFile string
	Config     string
}

// addGateFlags registers --fail-on, --exit-code, --severity, --baseline,
// --ignore-file and --config on cmd.
func addGateFlags(cmd *cobra.Command, o *gateOptions) {
	fl := cmd.Flags()
	fl.StringVar(&o.FailOn, "fail-on", gate.DefaultFailOn, "exit with --exit-code when a shown finding reaches this: broken (any broken claim), a severity (info, low, medium, high, critical: any broken claim or failed test at or above it), or none")
	fl.IntVar(&o.ExitCode, "exit-code", ExitFindings, "exit code when findings reach --fail-on (0 reports without failing)")
	fl.StringSliceVar(&o.Severity, "severity", nil, "show and gate only findings of these severities (comma-separated)")
	fl.StringVar(&o.Baseline, "baseline", "", "a saved result: show and gate only findings that are new or changed since it")
	fl.StringVar(&o.IgnoreFile, "ignore-file", "", "accepted findings (YAML; default "+gate.DefaultIgnoreFile+" in the working directory when present)")
	fl.StringVar(&o.Config, "config", "", "options file with the same names as the flags; flags win (default "+gate.DefaultConfigFile+" in the working directory when present)")
}

// applyConfig reads --config (or candor.yaml in the working directory when
// present) and sets every flag of cmd the command line did not. Keys that
// are flags of another candor command are skipped, so scan and report can
// share one file. It returns the config, whose Targets scan uses when no
// URL is given; nil when there is no file. A log-level or quiet it sets
// rebuilds f's logger. Call it first in RunE.
func applyConfig(cmd *cobra.Command, f *Factory, o *gateOptions) (*gate.Config, error) {
	path, required := o.Config, true
	if path == "" {
		path, required = gate.DefaultConfigFile, false
	}
	cfg, err := gate.LoadConfig(path, required)
	if err != nil {
		return nil, usageError("--config: %v", err)
	}
	if cfg == nil {
		return nil, nil
	}
	var others []*pflag.FlagSet
	for _, c := range cmd.Root().Commands() {
		if c != cmd {
			others = append(others, c.Flags())
		}
	}
	if err := cfg.ApplyFlags(cmd.Flags(), others...); err != nil {
		return nil, usageError("--config: %v", err)
	}
	if err := setupLogging(cmd, f); err != nil {
		return nil, usageError("--config: %v", err)
	}
	return cfg, nil
}

// gateSettings parses the gate flags and loads the baseline and ignore
// file they name.
func gateSettings(o *gateOptions) (gate.Options, error) {
	var g gate.Options
	th, err := gate.ParseFailOn(o.FailOn)
	if err != nil {
		return g, usageError("%v", err)
	}
	g.FailOn = th
	if o.ExitCode < 0 || o.ExitCode > 125 || o.ExitCode == ExitError {
		return g, usageError("--exit-code %d: want 0 to 125, other than %d (kept for errors)", o.ExitCode, ExitError)
	}
	if g.Severities, err = gate.ParseSeverities(o.Severity); err != nil {
		return g, usageError("--severity: %v", err)
	}
	if o.Baseline != "" {
		if g.Baseline, err = result.ReadFile(o.Baseline); err != nil {
			return g, usageError("--baseline: %v", err)
		}
	}
	path, required := o.IgnoreFile, true
	if path == "" {
		path, required = gate.DefaultIgnoreFile, false
	}
	if g.Ignore, err = gate.LoadIgnore(path, required); err != nil {
		return g, usageError("--ignore-file: %v", err)
	}
	g.Now = time.Now()
	return g, nil
}

// applyGate filters r by the gate flags — ignore file, baseline, severity —
// and logs expired ignore entries. Render outcome.Result (with
// outcome.Notes() above it), then return gateExit(outcome, o).
func applyGate(ctx context.Context, f *Factory, r *result.Result, o *gateOptions) (*gate.Outcome, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g, err := gateSettings(o)
	if err != nil {
		return nil, err
	}
	out := gate.Apply(r, g)
	for _, w := range out.Warnings {
		f.Logger.Warn(w)
	}
	return out, nil
}

// gateView picks what to render in format: the JSON result is always the
// whole result (it is the saved evidence a later baseline or diff needs);
// the other formats show the gate's filtered result with notes on what
// was hidden.
func gateView(format string, full *result.Result, out *gate.Outcome) (*result.Result, []string) {
	if strings.EqualFold(format, reports.FormatJSON) {
		return full, nil
	}
	return out.Result, out.Notes()
}

// gateExit is the error a command returns after rendering: nil, or a
// CodeError with --exit-code and a one-line reason when shown findings
// reach --fail-on.
func gateExit(out *gate.Outcome, o *gateOptions) error {
	if !out.Failed() || o.ExitCode == ExitOK {
		return nil
	}
	n := len(out.Failing)
	noun := "findings"
	if n == 1 {
		noun = "finding"
	}
	return &CodeError{Code: o.ExitCode, Err: fmt.Errorf("%d %s at or above --fail-on %s (first: %s)", n, noun, o.FailOn, out.Failing[0].ID)}
}
