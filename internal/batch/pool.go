package batch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
)

// maxLaunchFailures is how many launches in a row may fail before the run
// gives up: by then every remaining site would fail the same way.
const maxLaunchFailures = 3

// launchBackoff is the wait before the second launch attempt in a row;
// the n-th waits n-1 times as long.
const launchBackoff = 2 * time.Second

// errLaunch marks a failure to start the browser.
var errLaunch = errors.New("cannot start the browser")

// pool owns the shared browser. A scan holds a read lease for as long as
// it uses the browser; a restart takes the write lock, so it waits for
// the scans in flight and keeps new ones out until the new browser is up.
type pool struct {
	launch func(context.Context) (*audit.Browser, error)
	close  func(*audit.Browser) error
	every  int
	log    *slog.Logger

	mu       sync.RWMutex
	b        *audit.Browser // nil before the first launch and after a failed one
	gen      int            // counts launches; tells a stale restart request from a fresh one
	scans    int            // scans finished on this generation
	launches int
	restarts int
	failures int // launches failed in a row
}

// lease is one scan's use of the browser.
type lease struct {
	b       *audit.Browser
	gen     int
	release func()
}

// acquire returns the current browser, launching one if there is none.
func (p *pool) acquire(ctx context.Context) (lease, error) {
	for {
		p.mu.RLock()
		if p.b != nil {
			l := lease{b: p.b, gen: p.gen, release: sync.OnceFunc(p.mu.RUnlock)}
			return l, nil
		}
		p.mu.RUnlock()
		p.mu.Lock()
		err := p.startLocked(ctx)
		p.mu.Unlock()
		if err != nil {
			return lease{}, err
		}
	}
}

// startLocked launches a browser when there is none. p.mu is held.
func (p *pool) startLocked(ctx context.Context) error {
	if p.b != nil {
		return nil
	}
	if p.failures >= maxLaunchFailures {
		return fmt.Errorf("%w: %d launches in a row failed", errLaunch, p.failures)
	}
	if p.failures > 0 {
		// Give a remote browser service time to come back: 2s, then 4s.
		t := time.NewTimer(time.Duration(p.failures) * launchBackoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w: %w", errLaunch, ctx.Err())
		case <-t.C:
		}
	}
	b, err := p.launch(ctx)
	if err == nil && b == nil {
		err = errors.New("the launch function returned no browser")
	}
	if err != nil {
		p.failures++
		return fmt.Errorf("%w: %w", errLaunch, err)
	}
	p.failures = 0
	p.b = b
	p.gen++
	p.launches++
	p.scans = 0
	p.log.Debug("browser started", "pid", b.PID(), "launch", p.launches)
	return nil
}

// restart replaces the browser of generation gen, unless another worker
// replaced it already. It waits for the scans in flight to end.
func (p *pool) restart(ctx context.Context, gen int, why string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gen != gen || p.b == nil {
		return nil
	}
	p.log.Info("restarting the browser", "why", why, "pid", p.b.PID())
	if err := p.close(p.b); err != nil {
		p.log.Warn("close browser", "err", err)
	}
	p.b = nil
	p.restarts++
	return p.startLocked(ctx)
}

// done counts a finished scan and, every p.every scans, restarts the
// browser.
func (p *pool) done(ctx context.Context, gen int) error {
	if p.every <= 0 {
		return nil
	}
	p.mu.Lock()
	due := false
	if p.gen == gen {
		p.scans++
		due = p.scans == p.every
	}
	p.mu.Unlock()
	if !due {
		return nil
	}
	return p.restart(ctx, gen, fmt.Sprintf("every %d sites", p.every))
}

// shutdown closes the browser.
func (p *pool) shutdown() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.b == nil {
		return nil
	}
	err := p.close(p.b)
	p.b = nil
	if err != nil {
		return fmt.Errorf("close browser: %w", err)
	}
	return nil
}

// stats returns the launch and restart counts.
func (p *pool) stats() (launches, restarts int) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.launches, p.restarts
}

// browserLost reports whether a failed scan failed because the browser
// went away: its process is gone, or the scan could not use the browser
// at all (chromedp's "lost the connection" or a "browser" stage error,
// which is how a dead remote browser shows).
func browserLost(b *audit.Browser, r *result.Result, err error) bool {
	if b != nil && b.PID() > 0 && !processAlive(b.PID()) {
		return true
	}
	if err != nil {
		msg := err.Error()
		if strings.Contains(msg, "lost the connection to the browser") || strings.Contains(msg, "browser process exited") {
			return true
		}
	}
	if r != nil {
		for _, e := range r.Errors {
			if e.Stage == "browser" {
				return true
			}
		}
	}
	return false
}

// processAlive reports whether pid is a running (not zombie) process.
func processAlive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		if _, perr := os.Stat("/proc/self"); perr != nil {
			// No /proc (macOS): signal 0 tells whether the process exists.
			return syscall.Kill(pid, 0) == nil
		}
		return false
	}
	s := string(stat)
	end := strings.LastIndexByte(s, ')')
	if end < 0 {
		return false
	}
	fields := strings.Fields(s[end+1:])
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}

// gaveUp reports whether launching failed too often to go on.
func (p *pool) gaveUp() bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.failures >= maxLaunchFailures
}
