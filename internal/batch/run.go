package batch

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
)

// afterScanTimeout bounds the AfterScan hook, which also runs for a site
// interrupted by Ctrl-C so that what was gathered is written.
const afterScanTimeout = 30 * time.Second

// runner is the state of one Run shared by its workers.
type runner struct {
	cfg     Config
	targets []string
	pool    *pool
	jsonl   *lineWriter
	stop    context.CancelCauseFunc // ends the run on a fatal error
}

// Run scans targets (normalised URLs, see package targets) with
// cfg.Concurrency workers sharing one browser and returns the summary,
// whose rows are in input order. The summary files are written to
// cfg.OutDir also when the run stops early.
//
// The error is for the run, not for a site (a failed site is a row with
// status "error"): missing Launch or Scan, an output folder or JSON Lines
// writer that fails, a browser that cannot be started, or ctx cancelled
// (the error then wraps ctx's error).
func Run(ctx context.Context, cfg Config, targets []string) (Summary, error) {
	if cfg.Launch == nil || cfg.Scan == nil {
		return Summary{}, errors.New("batch: Config.Launch and Config.Scan are required")
	}
	cfg = cfg.withDefaults()
	start := time.Now()
	sum := Summary{StartedAt: start.UTC().Truncate(time.Millisecond), Total: len(targets), Sites: make([]Row, 0, len(targets))}
	if cfg.OutDir != "" {
		if err := makeDir(cfg.OutDir); err != nil {
			return sum, err
		}
	}
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	rn := &runner{
		cfg: cfg, targets: targets, stop: stop,
		pool: &pool{launch: cfg.Launch, close: cfg.Close, every: cfg.RestartEvery, log: cfg.Logger},
	}
	if cfg.JSONL != nil {
		rn.jsonl = &lineWriter{w: cfg.JSONL}
	}

	if len(targets) > 0 {
		// Start the browser now, so that one that cannot start fails the
		// run at once rather than site after site.
		rn.pool.mu.Lock()
		err := rn.pool.startLocked(runCtx)
		rn.pool.mu.Unlock()
		if err != nil {
			sum.DurationMS = time.Since(start).Milliseconds()
			sum.NotRun = len(targets)
			return sum, err
		}
	}

	jobs := make(chan int)
	rows := make(chan Row)
	go func() {
		defer close(jobs)
		for i := range targets {
			select {
			case jobs <- i:
			case <-runCtx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(cfg.Concurrency, max(len(targets), 1)) {
		wg.Go(func() {
			for i := range jobs {
				if runCtx.Err() != nil {
					return
				}
				rows <- rn.site(runCtx, i)
			}
		})
	}
	go func() { wg.Wait(); close(rows) }()

	prog := newProgress(cfg, len(targets))
	for row := range rows {
		sum.Sites = append(sum.Sites, row)
		prog.site(row)
		if cfg.OnResult != nil {
			cfg.OnResult(row)
		}
	}
	prog.finish()

	closeErr := rn.pool.shutdown()
	sum.Launches, sum.Restarts = rn.pool.stats()
	sum.finish()
	sum.DurationMS = time.Since(start).Milliseconds()
	var errs []error
	if cause := context.Cause(runCtx); cause != nil && !errors.Is(cause, context.Canceled) {
		errs = append(errs, cause)
	} else if ctx.Err() != nil {
		errs = append(errs, fmt.Errorf("run interrupted after %d of %d sites: %w", len(sum.Sites), len(targets), ctx.Err()))
	}
	if cfg.OutDir != "" {
		if err := writeSummary(cfg.OutDir, sum); err != nil {
			errs = append(errs, err)
		}
	}
	if closeErr != nil {
		cfg.Logger.Warn("close browser", "err", closeErr)
	}
	return sum, errors.Join(errs...)
}

// site scans (or skips) one target and writes its outputs.
func (rn *runner) site(ctx context.Context, i int) Row {
	target := rn.targets[i]
	var dir string
	if rn.cfg.OutDir != "" {
		dir = SiteDir(rn.cfg.OutDir, target)
		if rn.cfg.Resume {
			if row, ok := completed(dir); ok {
				row.Index, row.Target, row.Status, row.Dir = i, target, StatusSkipped, DirName(target)
				return row
			}
		}
	}
	if dir != "" {
		// Made before the scan, so that the pipeline can write the
		// screenshot and HAR there (see SiteDir).
		if err := makeDir(dir); err != nil {
			rn.stop(err)
			return rowFor(i, target, nil, err)
		}
	}
	r, attempts, err := rn.scanWithRetry(ctx, target)
	if r == nil {
		r = result.New(target, rn.cfg.ToolVersion)
		r.AddError("batch", target, err)
	}
	row := rowFor(i, target, r, err)
	row.Attempts = attempts
	if dir != "" {
		row.Dir = DirName(target)
		row = rn.writeSite(ctx, dir, r, row)
	}
	if rn.jsonl != nil {
		if err := rn.jsonl.write(r); err != nil {
			rn.stop(err)
		}
	}
	return row
}

// writeSite writes result.json, runs AfterScan and then writes site.json,
// the mark that the site is finished. A failing write ends the run.
func (rn *runner) writeSite(ctx context.Context, dir string, r *result.Result, row Row) Row {
	if err := writeResult(dir, r); err != nil {
		rn.stop(err)
		return row
	}
	if rn.cfg.AfterScan != nil {
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), afterScanTimeout)
		err := rn.cfg.AfterScan(actx, dir, r)
		cancel()
		if err != nil {
			row.Status = StatusError
			row.Error = joinMsg(row.Error, fmt.Sprintf("after scan: %v", err))
		}
	}
	if err := writeJSON(filepath.Join(dir, SiteFile), row); err != nil {
		rn.stop(err)
	}
	return row
}

func joinMsg(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// scanWithRetry scans target, and scans it once more on a new browser when
// the browser died under it. It returns the number of attempts.
func (rn *runner) scanWithRetry(ctx context.Context, target string) (*result.Result, int, error) {
	for attempt := 1; ; attempt++ {
		l, err := rn.pool.acquire(ctx)
		if err != nil {
			if rn.pool.gaveUp() {
				rn.stop(err)
			}
			return nil, attempt, err
		}
		r, abandoned, err := rn.scanOne(ctx, l.b, target)
		l.release()
		if err == nil {
			rn.logRestart(rn.pool.done(ctx, l.gen))
			return r, attempt, nil
		}
		if ctx.Err() != nil {
			return r, attempt, fmt.Errorf("interrupted: %w", err)
		}
		if abandoned || browserLost(l.b, r, err) {
			rn.cfg.Logger.Warn("browser lost during a scan", "target", target, "attempt", attempt, "err", err)
			rn.logRestart(rn.pool.restart(ctx, l.gen, "the browser was lost"))
			if attempt == 1 {
				continue
			}
			return r, attempt, err
		}
		rn.logRestart(rn.pool.done(ctx, l.gen))
		return r, attempt, err
	}
}

func (rn *runner) logRestart(err error) {
	if err == nil {
		return
	}
	rn.cfg.Logger.Error("restart browser", "err", err)
	if rn.pool.gaveUp() {
		rn.stop(err)
	}
}

// scanOne runs one Scan call bounded by the site timeout. A call that does
// not return within abandonGrace after its timeout is left behind (and
// reported as abandoned, which makes the browser suspect).
func (rn *runner) scanOne(ctx context.Context, b *audit.Browser, target string) (r *result.Result, abandoned bool, err error) {
	timeout := rn.cfg.SiteTimeout
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type outcome struct {
		r   *result.Result
		err error
	}
	ch := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- outcome{err: fmt.Errorf("scan %s: internal error: %v", target, p)}
			}
		}()
		r, err := rn.cfg.Scan(sctx, b, target)
		ch <- outcome{r, err}
	}()
	timedOut := func(o outcome) (*result.Result, bool, error) {
		if o.err != nil && ctx.Err() == nil && errors.Is(sctx.Err(), context.DeadlineExceeded) {
			o.err = fmt.Errorf("site timeout: %s did not finish within %s: %w", target, timeout, o.err)
		}
		return o.r, false, o.err
	}
	select {
	case o := <-ch:
		return timedOut(o)
	case <-sctx.Done():
	}
	grace := time.NewTimer(abandonGrace)
	defer grace.Stop()
	select {
	case o := <-ch:
		return timedOut(o)
	case <-grace.C:
		return nil, true, fmt.Errorf("site timeout: %s did not finish within %s and its scan did not stop; abandoned", target, timeout)
	}
}
