package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/batch"
	"github.com/candor-audit/candor/internal/gate"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/targets"
	"github.com/candor-audit/candor/internal/version"
	"github.com/candor-audit/candor/reports"
	"github.com/spf13/cobra"
)

// formatJSONL writes one whole JSON result a line: the stream for many sites.
const formatJSONL = "jsonl"

// manyFlags are the flags for scanning many sites in one run.
type manyFlags struct {
	Input        string
	Sitemap      string
	Limit        int
	Shard        string
	Concurrency  int
	OutDir       string
	Resume       bool
	RestartEvery int
}

func addManyFlags(cmd *cobra.Command, m *manyFlags) {
	fl := cmd.Flags()
	fl.StringVarP(&m.Input, "input", "i", "", "read URLs from `FILE`, one a line (# comments, blank lines skipped; - for stdin)")
	fl.StringVar(&m.Sitemap, "sitemap", "", "scan the URLs of this sitemap (nested indexes and gzip too; a bare host means its /sitemap.xml)")
	fl.IntVar(&m.Limit, "limit", 0, "scan at most this many URLs of the list (0: all)")
	fl.StringVar(&m.Shard, "shard", "", "take the i-th of n deterministic slices of the list, as `i/n` (1-based: 1/4 … 4/4)")
	fl.IntVarP(&m.Concurrency, "concurrency", "c", 0, "sites scanned at once in one browser, each in its own context (default: the number of cores)")
	fl.StringVar(&m.OutDir, "out-dir", "", "write one folder per site (result.json, report.md, screenshot, HAR) and summary.md/summary.json into `DIR`")
	fl.BoolVar(&m.Resume, "resume", false, "with --out-dir: skip sites already complete there")
	fl.IntVar(&m.RestartEvery, "restart-every", 0, "restart the browser after this many sites (0: only after a crash)")
}

// many reports whether the options ask for the many-sites path.
func (o *ScanOptions) many() bool {
	return len(o.Targets) > 1 || o.Input != "" || o.Sitemap != "" || o.OutDir != "" || o.format() == formatJSONL
}

// runScanMany scans a list of sites with one browser and a pool of
// contexts. Results go to --out-dir (one folder a site) and/or to stdout
// as JSON Lines; stdout otherwise gets the summary. The exit code is 2 when
// a site could not be scanned, else the gate's over all sites.
func runScanMany(ctx context.Context, f *Factory, o *ScanOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	switch {
	case o.Gate.Baseline != "":
		return usageError("--baseline compares one site with its earlier result; with many sites use candor diff on each folder's result.json")
	case o.Output != "":
		return usageError("--output names one file; with many sites use --out-dir DIR (and -f jsonl for stdout)")
	case o.Resume && o.OutDir == "":
		return usageError("--resume needs --out-dir: it skips the sites already complete there")
	case o.Concurrency < 0:
		return usageError("--concurrency %d: want 1 or more", o.Concurrency)
	case o.RestartEvery < 0:
		return usageError("--restart-every %d: want 0 (only after a crash) or more", o.RestartEvery)
	}
	format := o.format()
	if format != formatJSONL && format != reports.FormatTable && format != reports.FormatMarkdown {
		return usageError("-f %s: with many sites stdout gets jsonl (every result) or the summary as table or markdown; per-site reports go to --out-dir", format)
	}
	g, err := gateSettings(&o.Gate)
	if err != nil {
		return err
	}
	loaded, err := targets.Load(ctx, targets.Options{Args: o.Targets, Input: o.Input, Stdin: f.IO.In, Sitemap: o.Sitemap, Limit: o.Limit, Shard: o.Shard})
	for _, w := range loaded.Warnings {
		f.Logger.Warn("skipped a target", "where", w.String())
	}
	if err != nil {
		return usageError("%v", err)
	}
	o.Judge.TLSProbe = o.Judge.TLSProbe && o.HostResolverRules == ""
	j, err := newJudge(o.Judge)
	if err != nil {
		return err
	}

	var gated gateTally
	cfg := batch.Config{
		Launch: func(ctx context.Context) (*audit.Browser, error) {
			return audit.Launch(ctx, audit.BrowserOptions{ExecPath: o.Browser, RemoteURL: o.BrowserURL, UserAgent: o.UserAgent,
				HostResolverRules: o.HostResolverRules, Insecure: o.Insecure, Logger: f.Logger})
		},
		Scan: func(ctx context.Context, b *audit.Browser, target string) (*result.Result, error) {
			opts := o.auditOptions(f, o.Policy)
			opts.Screenshot, opts.HAR = "", ""
			if o.OutDir != "" {
				dir := batch.SiteDir(o.OutDir, target)
				if o.Screenshot != "" {
					opts.Screenshot = filepath.Join(dir, "screenshot.png")
				}
				if o.HAR != "" {
					opts.HAR = filepath.Join(dir, "scan.har")
				}
			}
			r, err := b.Scan(ctx, target, opts)
			if r != nil {
				j.run(ctx, r)
				gated.add(gate.Apply(r, g))
			}
			return r, err
		},
		AfterScan: func(ctx context.Context, dir string, r *result.Result) error {
			return writeReport(io.Discard, filepath.Join(dir, "report.md"), reports.FormatMarkdown, r, reports.Options{})
		},
		Concurrency:  o.Concurrency,
		RestartEvery: o.RestartEvery,
		SiteTimeout:  o.Timeout + 30*time.Second,
		OutDir:       o.OutDir,
		Resume:       o.Resume,
		Progress:     f.IO.ErrOut,
		ProgressTTY:  f.IO.ErrTTY,
		Quiet:        f.Quiet,
		Logger:       f.Logger,
		ToolVersion:  version.String(),
	}
	if format == formatJSONL {
		cfg.JSONL = f.IO.Out
	}
	sum, runErr := batch.Run(ctx, cfg, loaded.URLs)
	// A run that failed before any site (no browser) has nothing to sum up:
	// the error alone says what to do.
	if format != formatJSONL && (runErr == nil || len(sum.Sites) > 0) {
		if err := writeSummary(f.IO.Out, format, sum); err != nil {
			return err
		}
	}
	switch {
	case runErr != nil && errors.Is(runErr, audit.ErrNoBrowser):
		return usageError("%v", runErr)
	case runErr != nil:
		return runErr
	case sum.Failed > 0:
		return &CodeError{Code: ExitError, Err: fmt.Errorf("%d of %d sites could not be scanned (see the summary)", sum.Failed, sum.Total)}
	}
	return gated.exit(&o.Gate)
}

// writeSummary prints the run's summary table to out.
func writeSummary(out io.Writer, format string, sum batch.Summary) error {
	md := sum.Markdown()
	if format == reports.FormatTable {
		// Targets come from the user's list and sitemaps: keep every line
		// free of terminal controls.
		lines := strings.Split(strings.TrimRight(md, "\n"), "\n")
		for i, l := range lines {
			lines[i] = reports.TerminalText(l)
		}
		md = strings.Join(lines, "\n") + "\n"
	}
	_, err := io.WriteString(out, md)
	return err
}

// gateTally gathers the gate's verdict over the sites of one run; sites
// finish on several goroutines.
type gateTally struct {
	mu      sync.Mutex
	failing int
	first   string
}

func (t *gateTally) add(out *gate.Outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if out.Failed() {
		if t.failing == 0 {
			t.first = out.Failing[0].ID
		}
		t.failing += len(out.Failing)
	}
}

// exit is the error the run ends with: nil, or --exit-code when some site
// had findings at or above --fail-on.
func (t *gateTally) exit(o *gateOptions) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failing == 0 || o.ExitCode == ExitOK {
		return nil
	}
	return &CodeError{Code: o.ExitCode, Err: fmt.Errorf("%d findings at or above --fail-on %s across the sites (first: %s)", t.failing, o.FailOn, t.first)}
}
