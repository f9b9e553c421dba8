package behaviour

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// Bounds of TypeCanary: a hostile page with thousands of fields must not
// eat the scan's time.
const (
	// MaxCanaryFields caps the fields the canary is typed into.
	MaxCanaryFields = 20
	// canaryBudget caps the time spent typing on one page.
	canaryBudget = 5 * time.Second
)

// nthVisibleInputJS is a JavaScript function that returns the n-th
// visible, editable text field of the document (e-mail, text, search and
// untyped inputs, in document order), or null; it stops looking at the
// n-th, so a page with many fields costs little.
const nthVisibleInputJS = `((n) => {
	let seen = 0;
	for (const el of document.querySelectorAll('input')) {
		const type = (el.getAttribute('type') || 'text').toLowerCase();
		if (!['text', 'email', 'search'].includes(type) || el.disabled || el.readOnly) continue;
		const r = el.getBoundingClientRect();
		if (r.width < 1 || r.height < 1) continue;
		const cs = getComputedStyle(el);
		if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) continue;
		if (seen++ === n) return el;
	}
	return null;
})`

// TypeCanary types canary, key by key, into each visible e-mail, text and
// search input of the main frame, at most MaxCanaryFields of them and for
// at most a few seconds, and never submits: no Enter is sent and the last
// field is blurred afterwards, so change and blur listeners run too. It
// returns how many fields it typed into; running out of its time budget is
// not an error.
func TypeCanary(ctx context.Context, canary string) (n int, err error) {
	bctx, cancel := context.WithTimeout(ctx, canaryBudget)
	defer cancel()
	focused := false
	defer func() {
		// Blur the last field, also when the budget ran out while typing
		// into it, so that change and blur listeners run.
		if focused && err == nil {
			if berr := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`)); berr != nil {
				err = fmt.Errorf("type canary: blur: %w", berr)
			}
		}
	}()
	for i := range MaxCanaryFields {
		found, err := chromedp.Run(bctx, chromedp.Evaluate[int](fmt.Sprintf(
			`(() => { const el = %s(%d); if (!el) return 0; el.scrollIntoView({block: 'center'}); el.focus(); return document.activeElement === el ? 1 : 2; })()`,
			nthVisibleInputJS, i)))
		if err != nil {
			if budgetSpent(ctx, err) {
				break
			}
			return n, fmt.Errorf("type canary: focus input %d: %w", i, err)
		}
		if found == 0 {
			break
		}
		if found != 1 {
			continue // the page refused the focus
		}
		focused = true
		if err := chromedp.Do(bctx, chromedp.KeyEvent(canary)); err != nil {
			if budgetSpent(ctx, err) {
				break
			}
			return n, fmt.Errorf("type canary: type into input %d: %w", i, err)
		}
		n++
	}
	return n, nil
}

// budgetSpent says whether err is only the end of TypeCanary's own time
// budget while the caller's context is still live.
func budgetSpent(ctx context.Context, err error) bool {
	return ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded)
}
