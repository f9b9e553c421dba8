package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/reports"
	"github.com/spf13/cobra"
)

type reportOptions struct {
	Format string
	Output string
	Gate   gateOptions
}

const reportLong = `Render a saved result again, without a browser: as a terminal table, the
Markdown report an auditor hands over, the JSON result, or SARIF for code
scanning. The gate flags work as in scan, so a CI job can scan once with
-f json and then report and gate in as many formats as it needs. The
filters (--severity, --baseline, the ignore file) shape what the table,
Markdown and SARIF show; -f json always writes the whole result.

Exit codes:
  0  no shown finding at or above --fail-on
  1  findings at or above --fail-on (or the code given with --exit-code)
  2  bad usage, an unreadable result or ignore/config file`

func newReportCmd(f *Factory) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report RESULT.json",
		Short: "Render a saved result as table, markdown, json or sarif, and gate on it",
		Long:  reportLong,
		Example: `  candor report result.json
  candor report result.json -f markdown -o report.md
  candor report result.json -f sarif -o candor.sarif --fail-on none
  candor report result.json --baseline last.json --fail-on high`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := applyConfig(cmd, f, &o.Gate); err != nil {
				return err
			}
			return runReport(cmd, f, o, args[0])
		},
	}
	cmd.Flags().StringVarP(&o.Format, "format", "f", reports.FormatTable, "output format: "+strings.Join(reports.Formats(), ", "))
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write to this file instead of stdout")
	addGateFlags(cmd, &o.Gate)
	return cmd
}

func runReport(cmd *cobra.Command, f *Factory, o *reportOptions, path string) error {
	if _, err := reports.New(o.Format, reports.Options{}); err != nil {
		return usageError("--format: %v", err)
	}
	r, err := readResult(f, path)
	if err != nil {
		return err
	}
	out, err := applyGate(cmd.Context(), f, r, &o.Gate)
	if err != nil {
		return err
	}
	view, notes := gateView(o.Format, r, out)
	opts := reports.Options{Notes: notes, Color: o.Output == "" && f.IO.ColorOut()}
	if err := writeReport(f.IO.Out, o.Output, o.Format, view, opts); err != nil {
		return err
	}
	return gateExit(out, &o.Gate)
}

// readResult loads a saved result from path, or from stdin for "-".
func readResult(f *Factory, path string) (*result.Result, error) {
	if path == "-" {
		r, err := result.Decode(f.IO.In)
		if err != nil {
			return nil, usageError("read result from stdin: %v", err)
		}
		return r, nil
	}
	r, err := result.ReadFile(path)
	if err != nil {
		return nil, usageError("%v (give the JSON a scan wrote with -f json)", err)
	}
	return r, nil
}

// writeReport renders r to path (atomically) or, when path is "" or "-",
// to out.
func writeReport(out io.Writer, path, format string, r *result.Result, opts reports.Options) error {
	if path == "" || path == "-" {
		return reports.Write(out, format, r, opts)
	}
	var buf bytes.Buffer
	if err := reports.Write(&buf, format, r, opts); err != nil {
		return err
	}
	if err := result.WriteFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}
