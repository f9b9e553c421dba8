package batch

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows how the run goes: a bar on a terminal, one log line per
// site otherwise, nothing when quiet. Its methods are called from the
// collector goroutine only.
type progress struct {
	bar    *progressbar.ProgressBar
	log    *slog.Logger
	quiet  bool
	total  int
	done   int
	failed int
}

func newProgress(c Config, total int) *progress {
	p := &progress{log: c.Logger, quiet: c.Quiet, total: total}
	if !c.Quiet && c.ProgressTTY && c.Progress != nil {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(c.Progress),
			progressbar.OptionSetDescription("scanning"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("sites"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(c.Progress) }),
		)
	}
	return p
}

// site records one finished (or skipped) site.
func (p *progress) site(r Row) {
	p.done++
	if r.Status == StatusError {
		p.failed++
	}
	switch {
	case p.quiet:
	case p.bar != nil:
		if p.failed > 0 {
			p.bar.Describe(fmt.Sprintf("scanning, %d failed", p.failed))
		}
		_ = p.bar.Add(1)
	default:
		attrs := []any{"n", p.done, "of", p.total, "target", r.Target, "status", r.Status, "ms", r.DurationMS}
		if r.Attempts > 1 {
			attrs = append(attrs, "attempts", r.Attempts)
		}
		if r.Error != "" {
			p.log.Warn("site failed", append(attrs, "err", r.Error)...)
			return
		}
		p.log.Info("site done", attrs...)
	}
}

// finish ends the bar.
func (p *progress) finish() {
	// A full bar has ended its line already (OnCompletion).
	if p.bar != nil && p.done < p.total {
		_ = p.bar.Exit()
	}
}
