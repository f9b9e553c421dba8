package batch

import (
	"context"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
)

// DefaultSiteTimeout bounds one site (all its attempts' scan calls each get
// this long) when Config.SiteTimeout is zero. It is above audit's default
// scan timeout so that the scan's own, gentler timeout normally fires
// first and returns a partial result.
const DefaultSiteTimeout = 2 * time.Minute

// abandonGrace is how long a Scan call may run past its site timeout
// before the worker gives up waiting for it and moves on.
const abandonGrace = 10 * time.Second

// Config is what one Run needs. Launch and Scan are required.
type Config struct {
	// Launch starts (or attaches to) the shared browser. Run calls it once
	// at the start and again after a crash or every RestartEvery sites.
	Launch func(ctx context.Context) (*audit.Browser, error)
	// Close stops a browser Run is done with; nil means
	// (*audit.Browser).Close.
	Close func(b *audit.Browser) error
	// Scan scans one target with b and returns its result (also a partial
	// one with an error): the caller's whole pipeline, e.g. b.Scan plus
	// policy reading and checks. It must honour ctx.
	Scan func(ctx context.Context, b *audit.Browser, target string) (*result.Result, error)
	// AfterScan, when set and OutDir is set, runs after result.json was
	// written, with the site's folder: the place for report.md and other
	// per-site files. Its error marks the site failed.
	AfterScan func(ctx context.Context, dir string, r *result.Result) error
	// OnResult, when set, is called once per site as it completes (in
	// completion order, from one goroutine at a time) with its row.
	OnResult func(Row)

	// Concurrency is the number of sites scanned at once; 0 means
	// runtime.NumCPU().
	Concurrency int
	// RestartEvery relaunches the browser after this many sites (after the
	// sites in flight finish); 0 never does, except after a crash.
	RestartEvery int
	// SiteTimeout bounds each scan call; 0 means DefaultSiteTimeout.
	SiteTimeout time.Duration

	// OutDir, when set, gets one folder per site and the summary files.
	OutDir string
	// Resume skips sites whose folder in OutDir holds a complete, successful
	// result from an earlier run.
	Resume bool
	// JSONL, when set, gets each result as one line of JSON.
	JSONL io.Writer

	// Progress is where the progress bar goes (normally stderr).
	Progress io.Writer
	// ProgressTTY says Progress is a terminal: draw a bar. Otherwise one
	// log line per site goes to Logger.
	ProgressTTY bool
	// Quiet shows neither bar nor per-site log lines.
	Quiet bool
	// Logger receives the per-site lines and diagnostics; nil means a text
	// logger on Progress (or nothing when Progress is nil too).
	Logger *slog.Logger
	// ToolVersion is written into the stand-in result of a site whose scan
	// returned no result at all.
	ToolVersion string
}

func (c Config) withDefaults() Config {
	if c.Concurrency <= 0 {
		c.Concurrency = runtime.NumCPU()
	}
	if c.SiteTimeout <= 0 {
		c.SiteTimeout = DefaultSiteTimeout
	}
	if c.Close == nil {
		c.Close = (*audit.Browser).Close
	}
	if c.Logger == nil {
		if c.Progress != nil {
			c.Logger = slog.New(slog.NewTextHandler(c.Progress, nil))
		} else {
			c.Logger = slog.New(slog.DiscardHandler)
		}
	}
	return c
}
