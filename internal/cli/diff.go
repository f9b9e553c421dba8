package cli

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/candor-audit/candor/internal/diff"
	"github.com/candor-audit/candor/internal/result"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	Format string
	Output string
}

const diffLong = `Compare two saved results of the same site and show what changed: third
parties and their sites, cookies (by name and domain), the policy's claims
(the policy was edited), verdicts that flipped and the hygiene grade.

Worse means: a new third party or third-party site, a new third-party or
non-essential cookie, a finding that became broken or failed, a new broken
or failed finding, or a lower hygiene grade.

Exit codes:
  0  nothing got worse
  1  something got worse
  2  bad usage or an unreadable result`

func newDiffCmd(f *Factory) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "Show what changed between two results; exit 1 when something got worse",
		Long:  diffLong,
		Example: `  candor diff last.json result.json
  candor diff last.json result.json -f markdown -o changes.md`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(f, o, args[0], args[1])
		},
	}
	cmd.Flags().StringVarP(&o.Format, "format", "f", "table", "output format: "+strings.Join(diff.Formats(), ", "))
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func runDiff(f *Factory, o *diffOptions, oldPath, newPath string) error {
	if err := diff.Render(&bytes.Buffer{}, o.Format, &diff.Diff{}); err != nil {
		return usageError("--format: %v", err)
	}
	old, err := readResult(f, oldPath)
	if err != nil {
		return err
	}
	cur, err := readResult(f, newPath)
	if err != nil {
		return err
	}
	if old.Target != cur.Target {
		f.Logger.Warn("comparing results of different targets", "old", old.Target, "new", cur.Target)
	}
	d := diff.Compare(old, cur)
	var buf bytes.Buffer
	if err := diff.Render(&buf, o.Format, d); err != nil {
		return err
	}
	if o.Output == "" || o.Output == "-" {
		if _, err := f.IO.Out.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write diff: %w", err)
		}
	} else if err := result.WriteFileAtomic(o.Output, buf.Bytes()); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	if reasons := d.Reasons(); len(reasons) > 0 {
		return &CodeError{Code: ExitFindings, Err: fmt.Errorf("worse than %s: %s", oldPath, strings.Join(reasons, "; "))}
	}
	return nil
}
