package behaviour

import (
	"context"
	"fmt"

	"github.com/chromedp/chromedp"
)

// visibleInputs is a JavaScript expression for the visible, editable text
// fields of the document (e-mail, text, search and untyped inputs), in
// document order.
const visibleInputs = `Array.from(document.querySelectorAll('input')).filter((el) => {
	const type = (el.getAttribute('type') || 'text').toLowerCase();
	if (!['text', 'email', 'search'].includes(type) || el.disabled || el.readOnly) return false;
	const r = el.getBoundingClientRect();
	if (r.width < 1 || r.height < 1) return false;
	const cs = getComputedStyle(el);
	return cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) !== 0;
})`

// TypeCanary types canary, key by key, into each visible e-mail, text and
// search input of the main frame, and never submits: no Enter is sent and
// the last field is blurred afterwards, so change and blur listeners run
// too. It returns how many fields it typed into.
func TypeCanary(ctx context.Context, canary string) (n int, err error) {
	count, err := chromedp.Run(ctx, chromedp.Evaluate[int](visibleInputs+`.length`))
	if err != nil {
		return 0, fmt.Errorf("type canary: list inputs: %w", err)
	}
	for i := range count {
		focused, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(
			`(() => { const el = %s[%d]; if (!el) return false; el.scrollIntoView({block: 'center'}); el.focus(); return document.activeElement === el; })()`,
			visibleInputs, i)))
		if err != nil {
			return n, fmt.Errorf("type canary: focus input %d: %w", i, err)
		}
		if !focused {
			continue
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(canary)); err != nil {
			return n, fmt.Errorf("type canary: type into input %d: %w", i, err)
		}
		n++
	}
	if n > 0 {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`)); err != nil {
			return n, fmt.Errorf("type canary: blur: %w", err)
		}
	}
	return n, nil
}
