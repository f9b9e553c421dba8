package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/version"
	"github.com/candor-audit/candor/reports"
	"github.com/spf13/cobra"
)

// Scanner is a browser that scans sites: *audit.Browser, or a test's shared
// browser.
type Scanner interface {
	Scan(ctx context.Context, target string, opts audit.ScanOptions) (*result.Result, error)
	Close() error
}

// browserFlags are the flags that choose and set up the browser.
type browserFlags struct {
	Browser           string
	BrowserURL        string
	UserAgent         string
	HostResolverRules string
	Insecure          bool
}

// scanFlags are the flags that shape a scan, its judgement and its output.
type scanFlags struct {
	Timeout     time.Duration
	Wait        time.Duration
	LoadTimeout time.Duration
	Pages       int
	FirstParty  []string
	Screenshot  string
	HAR         string
	Format      string
	Output      string
	Consent     string
	GPC         bool
	NoKeylog    bool
	Judge       judgeFlags
	Gate        gateOptions
}

// ScanOptions are the options of `candor scan`.
type ScanOptions struct {
	browserFlags
	scanFlags
	manyFlags
	Policy  string
	Targets []string
}

const scanLong = `Scan loads a site in headless Chromium and records what it really does:
every request (first or third party, by registrable domain), every cookie
and who set it (a Set-Cookie header or a script writing document.cookie),
localStorage and sessionStorage keys, the main document's security headers,
HSTS, TLS and mixed content, and the privacy policy it links to.

It loads the landing page, then same-site links (the privacy policy first)
up to --pages, scrolling each page to the bottom and waiting until the
network is quiet (no request for 500 ms, at most --wait). A bare host means
https. The whole scan stops at --timeout with the partial result.`

const scanExample = `  candor scan example.com
  candor scan https://shop.example/ --pages 5 -f json -o result.json
  candor scan example.com --first-party example-cdn.net --har scan.har --screenshot home.png
  candor scan example.com --policy ./privacy.html
  candor scan http://127.0.0.1:8080/ --insecure --timeout 2m`

func newScanCmd(f *Factory) *cobra.Command {
	o := &ScanOptions{}
	cmd := &cobra.Command{
		Use:     "scan [URL...]",
		Short:   "Record what a website really does in a real browser",
		Long:    scanLong,
		Example: scanExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := applyConfig(cmd, f, &o.Gate)
			if err != nil {
				return err
			}
			o.Targets = args
			if len(args) == 0 && cfg != nil {
				o.Targets = cfg.Targets
			}
			if o.many() {
				return runScanMany(cmd.Context(), f, o)
			}
			if len(o.Targets) == 0 {
				return usageError("no site to scan: give a URL, -i FILE (one URL a line) or --sitemap URL")
			}
			return runScan(cmd.Context(), f, o)
		},
	}
	addBrowserFlags(cmd, &o.browserFlags)
	addManyFlags(cmd, &o.manyFlags)
	addScanFlags(cmd, &o.scanFlags)
	cmd.Flags().StringVar(&o.Policy, "policy", "", "read this privacy policy (URL or local file) instead of finding it on the site")
	return cmd
}

func addBrowserFlags(cmd *cobra.Command, b *browserFlags) {
	fl := cmd.Flags()
	fl.StringVar(&b.Browser, "browser", "", "Chromium to run (default: $CANDOR_BROWSER, then chromium, chromium-browser, google-chrome, google-chrome-stable on PATH)")
	fl.StringVar(&b.BrowserURL, "browser-url", "", "use a running Chrome/Chromium at this DevTools `URL` (ws://host:port/… or http://host:port) instead of starting one")
	fl.StringVar(&b.UserAgent, "user-agent", "", "user agent to send (default: the browser's own, without \"Headless\")")
	fl.StringVar(&b.HostResolverRules, "host-resolver-rules", "", "Chromium host resolver rules, e.g. \"MAP *:443 127.0.0.1:8443\" (testing and special networks)")
	fl.BoolVar(&b.Insecure, "insecure", false, "ignore TLS certificate errors (recorded in the result)")
}

func addScanFlags(cmd *cobra.Command, s *scanFlags) {
	fl := cmd.Flags()
	fl.DurationVar(&s.Timeout, "timeout", audit.DefaultTimeout, "stop the whole scan after this long and write the partial result")
	fl.DurationVar(&s.Wait, "wait", audit.DefaultWait, "wait at most this long per page for the network to go quiet")
	fl.DurationVar(&s.LoadTimeout, "load-timeout", audit.DefaultLoadTimeout, "give up on a page that sends no response at all within this long")
	fl.IntVar(&s.Pages, "pages", audit.DefaultPages, "pages to load: the landing page, then same-site links")
	fl.StringArrayVar(&s.FirstParty, "first-party", nil, "another domain that belongs to the site (repeatable)")
	fl.StringVar(&s.Screenshot, "screenshot", "", "write a PNG of the landing page to `FILE`")
	fl.StringVar(&s.HAR, "har", "", "write a HAR 1.2 log of all pages to `FILE`")
	fl.StringVarP(&s.Format, "format", "f", "", "output format: "+strings.Join(reports.Formats(), ", ")+", or jsonl (one JSON result a line, for many sites) (default: from the --output extension .json, .md or .sarif, else table)")
	fl.StringVarP(&s.Output, "output", "o", "", "write the report to `FILE` (atomically, mode 0600) instead of stdout")
	fl.StringVar(&s.Consent, "consent", audit.ConsentAuto, "load the site again after answering the cookie banner: auto (when a banner is found), on (always), off (never)")
	fl.BoolVar(&s.GPC, "gpc", false, "also load the landing page with Global Privacy Control and Do Not Track on, to judge whether the site honours them")
	fl.BoolVar(&s.NoKeylog, "no-keylog", false, "do not type a unique canary into text fields to detect key logging")
	addJudgeFlags(cmd, &s.Judge)
	addGateFlags(cmd, &s.Gate)
}

// format is -f, or the format the --output file's extension names, or table.
func (s *scanFlags) format() string {
	if s.Format != "" {
		return s.Format
	}
	switch strings.ToLower(filepath.Ext(s.Output)) {
	case ".json":
		return reports.FormatJSON
	case ".md", ".markdown":
		return reports.FormatMarkdown
	case ".sarif":
		return reports.FormatSARIF
	}
	return reports.FormatTable
}

// validate checks the flags a user can get wrong.
func (s *scanFlags) validate() error {
	switch {
	case s.Pages < 1:
		return usageError("--pages %d: want 1 or more", s.Pages)
	case s.Pages > 1000:
		return usageError("--pages %d: at most 1000", s.Pages)
	case s.Timeout <= 0:
		return usageError("--timeout %s: want a positive duration such as 60s", s.Timeout)
	case s.Wait <= 0:
		return usageError("--wait %s: want a positive duration such as 5s", s.Wait)
	case s.LoadTimeout <= 0:
		return usageError("--load-timeout %s: want a positive duration such as 20s", s.LoadTimeout)
	case s.Consent != audit.ConsentAuto && s.Consent != audit.ConsentOn && s.Consent != audit.ConsentOff:
		return usageError("--consent %q: want auto, on or off", s.Consent)
	}
	for _, d := range s.FirstParty {
		if party.Site(d) == "" {
			return usageError("--first-party %q: want a domain such as example-cdn.net", d)
		}
	}
	// Refuse an unknown -f, a bad gate flag, baseline or ignore file before
	// the browser starts, not after the scan.
	// JSON Lines (many sites) is a stream of whole results, one a line.
	if format := s.format(); format != formatJSONL {
		if _, err := reports.New(format, reports.Options{}); err != nil {
			return usageError("--format: %v", err)
		}
	}
	if _, err := gateSettings(&s.Gate); err != nil {
		return err
	}
	return nil
}

// launch starts the browser the flags ask for.
func launch(ctx context.Context, f *Factory, b browserFlags, rules string, insecure bool) (Scanner, error) {
	opts := audit.BrowserOptions{
		ExecPath:          b.Browser,
		RemoteURL:         b.BrowserURL,
		UserAgent:         b.UserAgent,
		HostResolverRules: rules,
		Insecure:          insecure,
		Logger:            f.Logger,
	}
	if f.Launch != nil {
		return f.Launch(ctx, opts)
	}
	br, err := audit.Launch(ctx, opts)
	if err != nil {
		if errors.Is(err, audit.ErrNoBrowser) || b.Browser != "" {
			return nil, usageError("%v", err)
		}
		return nil, err
	}
	return br, nil
}

func runScan(ctx context.Context, f *Factory, o *ScanOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	target := o.Targets[0]
	if _, err := party.Normalize(target); err != nil {
		return usageError("%v", err)
	}
	// Candor's own TLS probe cannot follow the browser's resolver rules.
	o.Judge.TLSProbe = o.Judge.TLSProbe && o.HostResolverRules == ""
	j, err := newJudge(o.Judge)
	if err != nil {
		return err
	}
	br, err := launch(ctx, f, o.browserFlags, o.HostResolverRules, o.Insecure)
	if err != nil {
		return err
	}
	defer br.Close()
	r, err := br.Scan(ctx, target, o.auditOptions(f, o.Policy))
	return finishScan(ctx, f, &o.scanFlags, j, r, err)
}

// auditOptions are the browser-side options the flags ask for.
func (s *scanFlags) auditOptions(f *Factory, policyFlag string) audit.ScanOptions {
	read := f.ReadPolicy
	if read == nil {
		read = readPolicy
	}
	return audit.ScanOptions{
		Pages:       s.Pages,
		Wait:        s.Wait,
		LoadTimeout: s.LoadTimeout,
		Timeout:     s.Timeout,
		FirstParty:  s.FirstParty,
		Screenshot:  s.Screenshot,
		HAR:         s.HAR,
		Policy:      policyFlag,
		ReadPolicy:  read,
		Consent:     s.Consent,
		GPC:         s.GPC,
		KeyLogging:  !s.NoKeylog,
		// The tool version is this build's.
		ToolVersion: version.String(),
		Logger:      f.Logger,
	}
}

// finishScan judges the result, writes the report and turns a scan error
// or the gate into the command's error. A failed scan still writes its
// partial result to --output; on stdout only a result whose landing page
// loaded is printed.
func finishScan(ctx context.Context, f *Factory, s *scanFlags, j *judge, r *result.Result, scanErr error) error {
	var gateErr error
	if r != nil {
		// Judging is pure and fast: a partial result is judged too, so its
		// report says what could be seen. A cancelled context only skips
		// the TLS probe.
		j.run(ctx, r)
		if s.Output != "" || scanErr == nil || landed(r) {
			if err := s.writeJudged(context.WithoutCancel(ctx), f, r, &gateErr); err != nil {
				if scanErr != nil {
					return fmt.Errorf("%w (and the partial result was not written: %v)", scanErr, err)
				}
				return err
			}
		}
	}
	if scanErr != nil {
		var se *audit.ScanError
		if errors.As(scanErr, &se) {
			return &CodeError{Code: ExitError, Err: se}
		}
		return scanErr
	}
	return gateErr
}

// writeJudged applies the gate (ignore file, baseline, severity) and writes
// the report; *gateErr is set to the exit the gate asks for.
func (s *scanFlags) writeJudged(ctx context.Context, f *Factory, r *result.Result, gateErr *error) error {
	out, err := applyGate(ctx, f, r, &s.Gate)
	if err != nil {
		return err
	}
	format := s.format()
	view, notes := gateView(format, r, out)
	opts := reports.Options{Notes: notes, Color: s.Output == "" && f.IO.ColorOut()}
	if err := writeReport(f.IO.Out, s.Output, format, view, opts); err != nil {
		return err
	}
	*gateErr = gateExit(out, &s.Gate)
	return nil
}

// landed reports whether the landing page of r loaded.
func landed(r *result.Result) bool {
	return len(r.Pages) > 0 && r.Pages[0].Error == "" && r.Pages[0].Status > 0 && r.Pages[0].Status < 400
}
