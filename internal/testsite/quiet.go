package testsite

import (
	"context"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// NavigateQuiet is the floor benchmarks compare a scan with: it loads u in
// the tab of ctx and then waits until no request was in flight for quiet,
// as a scan must, without any of the scan's instrumentation.
func NavigateQuiet(ctx context.Context, u string, quiet time.Duration) error {
	var mu sync.Mutex
	inflight := map[network.RequestID]bool{}
	last := time.Now()
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	err := chromedp.Listen(lctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			inflight[ev.RequestID] = true
		case *network.EventLoadingFinished:
			delete(inflight, ev.RequestID)
		case *network.EventLoadingFailed:
			delete(inflight, ev.RequestID)
		default:
			return
		}
		last = time.Now()
	})
	if err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return err
	}
	for {
		mu.Lock()
		idle := len(inflight) == 0
		left := quiet - time.Since(last)
		mu.Unlock()
		if idle && left <= 0 {
			return nil
		}
		if !idle || left > 20*time.Millisecond {
			left = 20 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(left):
		}
	}
}
