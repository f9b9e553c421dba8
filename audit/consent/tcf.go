package consent

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// tcfTimeout bounds the wait for a CMP to answer __tcfapi.
const tcfTimeout = 3 * time.Second

// tcfJS asks the page's TCF v2 API for the consent string. It resolves to
// null when the page has no __tcfapi, to "" when the CMP answered without a
// string, and to the string otherwise. It tries getTCData, then waits for
// an addEventListener callback that carries a string.
const tcfJS = `new Promise((resolve) => {
  if (typeof window.__tcfapi !== 'function') return resolve(null);
  const timer = setTimeout(() => resolve(''), %d);
  const done = (s) => { clearTimeout(timer); resolve(s); };
  try {
    window.__tcfapi('getTCData', 2, (data, ok) => {
      if (ok && data && data.tcString) return done(String(data.tcString));
      window.__tcfapi('addEventListener', 2, (ev, ok2) => {
        if (ok2 && ev && ev.tcString) {
          if (ev.listenerId !== undefined) window.__tcfapi('removeEventListener', 2, () => {}, ev.listenerId);
          done(String(ev.tcString));
        }
      });
    });
  } catch (e) {
    done('');
  }
})`

// ReadTCString returns the IAB TCF consent string of the page of ctx, read
// through __tcfapi in the main frame's page world. It returns "" and no
// error when the page has no __tcfapi or its CMP gives no string within a
// few seconds.
func ReadTCString(ctx context.Context) (string, error) {
	tctx, cancel := context.WithTimeout(ctx, tcfTimeout+2*time.Second)
	defer cancel()
	s, err := chromedp.Run(tctx, chromedp.Evaluate[*string](fmt.Sprintf(tcfJS, tcfTimeout.Milliseconds()), chromedp.EvalAwaitPromise))
	if err != nil {
		return "", fmt.Errorf("read TCF string: %w", err)
	}
	if s == nil {
		return "", nil
	}
	return *s, nil
}
