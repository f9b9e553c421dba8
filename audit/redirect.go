package audit

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// The check whether http://host/ redirects to https. It asks the browser,
// so the answer comes from where the scan looks from (a remote browser, a
// proxy, the resolver rules). The response is stopped at its headers: the
// http:// page is never rendered.
const (
	// redirectCheckCap bounds the check of http://host/.
	redirectCheckCap = 5 * time.Second
	// quickRedirectCap bounds the check in the scan's own tab before the
	// landing page loads. A site whose port 80 does not answer that fast is
	// checked in a tab of its own beside the crawl instead.
	quickRedirectCap = 1500 * time.Millisecond
)

// redirectCheck is the outcome of a check of http://host/.
type redirectCheck struct {
	redirects *bool // nil when it could not be checked
	err       error
}

// startRedirectCheck checks http://host/ for an https target. It first asks
// in the scan's own tab before anything was loaded there — no cookie, cache
// or HSTS state of the site exists yet, and the cookies the answer set are
// cleared — which costs no renderer of its own. When port 80 does not
// answer within quickRedirectCap, the check goes on in a tab of a browser
// context of its own beside the crawl; joinRedirect collects it.
func (s *scan) startRedirectCheck(work, tab context.Context) {
	if s.target.Scheme != "https" {
		return
	}
	httpURL := (&url.URL{Scheme: "http", Host: s.target.Host, Path: "/"}).String()
	ch := make(chan redirectCheck, 1)
	s.redirect = ch
	if rc, ok := s.redirectInTab(work, tab, httpURL); ok {
		ch <- rc
		return
	}
	s.log.Debug("http:// did not answer quickly; checking beside the crawl", "url", httpURL)
	go func() { ch <- s.redirectInOwnTab(work, httpURL) }()
}

// redirectInTab checks httpURL in the scan's tab; ok is false when there
// was no answer within quickRedirectCap.
func (s *scan) redirectInTab(work, tab context.Context, httpURL string) (redirectCheck, bool) {
	ctx, cancel := context.WithTimeout(work, quickRedirectCap)
	defer cancel()
	rc, answered := probeRedirect(ctx, tab, httpURL)
	// Leave the tab as it was: no interception, nothing loading, no cookie
	// from the answer (the landing page must find a fresh browser).
	cleanup, cancelCleanup := context.WithTimeout(work, 5*time.Second)
	defer cancelCleanup()
	if !answered {
		_, _ = chromedp.Run(cleanup, chromedp.Navigate("about:blank"))
	}
	if _, err := chromedp.Call(cleanup, fetch.Disable, struct{}{}); err != nil && work.Err() == nil {
		// The landing page would stop at its headers too.
		s.log.Warn("could not end the interception of the http:// check", "err", err)
	}
	if _, err := chromedp.CallBrowser(cleanup, storage.ClearCookies, storage.ClearCookiesParams{BrowserContextID: s.browserContextID}); err != nil {
		s.log.Debug("clear the cookies of the http:// check", "err", err)
	}
	return rc, answered
}

// redirectInOwnTab checks httpURL in a tab of a browser context of its own,
// so it neither sees nor leaves the scan's cookies or HSTS state.
func (s *scan) redirectInOwnTab(work context.Context, httpURL string) redirectCheck {
	tab, cancelTab := chromedp.NewContext(s.b.ctx, chromedp.WithNewBrowserContext())
	defer cancelTab()
	ctx, cancel := context.WithTimeout(work, redirectCheckCap)
	defer cancel()
	stop := context.AfterFunc(ctx, cancelTab)
	defer stop()
	if err := chromedp.Do(tab); err != nil {
		return redirectCheck{err: fmt.Errorf("open a tab: %w", err)}
	}
	if _, err := chromedp.Call(tab, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: s.b.userAgent}); err != nil {
		return redirectCheck{err: fmt.Errorf("set user agent: %w", err)}
	}
	rc, answered := probeRedirect(ctx, tab, httpURL)
	if !answered {
		return redirectCheck{err: fmt.Errorf("%s did not answer within %s", httpURL, redirectCheckCap)}
	}
	return rc
}

// probeRedirect loads httpURL in tab and returns the first answer: a
// redirect to https means yes, any other response no, and an answer the
// browser made up from its HSTS preload list yes. The document is stopped
// at its response headers. answered is false when ctx ended first.
func probeRedirect(ctx, tab context.Context, httpURL string) (rc redirectCheck, answered bool) {
	answer := make(chan redirectCheck, 1)
	report := func(v *bool, err error) {
		select {
		case answer <- redirectCheck{v, err}:
		default:
		}
	}
	// The commands go to tab, and end with ctx.
	tctx, cancel := context.WithCancel(tab)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	// ended receives when the document's load is over, so that its failure
	// cannot reach the landing page's navigation that follows.
	ended := make(chan struct{}, 1)
	lctx, stopListening := context.WithCancel(tctx)
	defer stopListening()
	var docID network.RequestID // used only by the listener
	err := chromedp.Listen(lctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.Type != network.ResourceTypeDocument || ev.Request == nil {
				return
			}
			if docID == "" && ev.Request.URL == httpURL {
				docID = ev.RequestID
				return
			}
			if ev.RequestID == docID && ev.RedirectResponse != nil {
				yes := strings.HasPrefix(ev.Request.URL, "https://")
				report(&yes, nil)
			}
		case *network.EventResponseReceived:
			if docID != "" && ev.RequestID == docID {
				no := false
				report(&no, nil)
			}
		case *fetch.EventRequestPaused:
			go answerPaused(tab, ev, httpURL, report)
		case *network.EventLoadingFailed:
			if docID != "" && ev.RequestID == docID {
				report(nil, fmt.Errorf("%s did not load: %s", httpURL, describeLoadError(ev.ErrorText)))
				signalEnd(ended)
			}
		case *network.EventLoadingFinished:
			if docID != "" && ev.RequestID == docID {
				signalEnd(ended)
			}
		}
	})
	if err != nil {
		return redirectCheck{err: err}, true
	}
	stopDocs := fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*", ResourceType: network.ResourceTypeDocument, RequestStage: fetch.RequestStageResponse}}}
	if _, err := chromedp.Call(tctx, fetch.Enable, stopDocs); err != nil {
		if tctx.Err() != nil {
			return redirectCheck{}, false
		}
		return redirectCheck{err: fmt.Errorf("intercept documents: %w", err)}, true
	}
	nctx, stopNavigating := context.WithCancel(tctx)
	defer stopNavigating()
	go func() {
		// Navigate ends with the abort of the stopped document, or earlier.
		if err := chromedp.Do(nctx, chromedp.Navigate(httpURL)); err != nil && nctx.Err() == nil {
			var le *chromedp.LoadError
			if errors.As(err, &le) {
				report(nil, fmt.Errorf("%s did not load: %s", httpURL, describeLoadError(le.ErrorText)))
			}
		}
	}()
	select {
	case rc = <-answer:
	case <-ctx.Done():
		return redirectCheck{}, false
	}
	select { // let the stopped document end before the tab is used again
	case <-ended:
	case <-ctx.Done():
	}
	return rc, true
}

// answerPaused answers a document stopped at its response headers: the
// http:// document gives the check's answer, and every stopped document is
// then aborted so that the browser renders nothing. A document that failed
// goes on, so that Network.loadingFailed says why.
func answerPaused(tab context.Context, ev *fetch.EventRequestPaused, httpURL string, report func(*bool, error)) {
	if ev.ResponseErrorReason != "" || ev.Request == nil {
		_, _ = chromedp.Call(tab, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		return
	}
	if ev.Request.URL == httpURL {
		yes := redirectsToHTTPS(ev.Request.URL, ev.ResponseStatusCode, ev.ResponseHeaders)
		report(&yes, nil)
	}
	_, _ = chromedp.Call(tab, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonAborted})
}

func signalEnd(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// redirectsToHTTPS says whether a response to from is a redirect whose
// Location leads to an https URL.
func redirectsToHTTPS(from string, status int64, headers []*fetch.HeaderEntry) bool {
	if status < 300 || status > 399 {
		return false
	}
	for _, h := range headers {
		if !strings.EqualFold(h.Name, "Location") {
			continue
		}
		base, err := url.Parse(from)
		if err != nil {
			return false
		}
		next, err := base.Parse(strings.TrimSpace(h.Value))
		return err == nil && strings.EqualFold(next.Scheme, "https")
	}
	return false
}
