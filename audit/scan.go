package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/candor-audit/candor/audit/behaviour"
	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// scan is the state of one Browser.Scan.
type scan struct {
	b                *Browser
	opts             ScanOptions
	log              *slog.Logger
	res              *result.Result
	cls              *party.Classifier
	col              *collector
	target           *url.URL
	browserContextID cdp.BrowserContextID
	seenCookies      map[string]bool
	seenStorage      map[string]bool
	policyLinks      []policyLink // candidates found on the landing page
	policyHTML       map[string]string
	integrity        map[string]string // SRI attribute by resource URL, guarded by col.mu
	deadline         time.Time
	redirect         chan redirectCheck // the check of http://host/, when one runs

	phase      string          // "" for the landed phase, else PhaseReject, PhaseAccept or PhaseGPC
	banner     *result.Banner  // the cookie banner found on the landing page
	tcString   string          // the IAB TCF string, when the page has __tcfapi
	canary     string          // the text typed into form fields, "" before any was typed
	canaryMark int             // the index of the first request hop sent after the canary was typed
	phases     chan *phaseScan // the other consent phases report here
	phaseWG    sync.WaitGroup  // the running consent phases
	phaseNames []string        // the consent phases started, in order
	answering  bool            // the reject and accept phases were started
	writeMark  int             // cookie writes from this index on came after the banner's answer; -1 in the landed phase
	rewritten  map[string]bool // cookies seen before the answer and recorded because it wrote them again
	phaseCtx   context.Context // ends the consent phases early
	stopPhases context.CancelFunc

	pageBehaviours []result.Behaviour // from the instrumentation, page by page
}

// Scan loads target and the pages it links to in a fresh browser context
// and records what they do. It always returns a result; the error, if any,
// says why the result is incomplete (a *ScanError for a target that did not
// load or a scan that ran out of time).
func (b *Browser) Scan(ctx context.Context, target string, opts ScanOptions) (*result.Result, error) {
	opts = opts.withDefaults()
	start := time.Now()
	r := result.New(target, opts.ToolVersion)
	r.StartedAt = start.UTC().Truncate(time.Millisecond)
	r.Browser = result.Browser{Product: b.product, UserAgent: b.userAgent, Remote: b.opts.RemoteURL != ""}
	r.Options = result.Options{
		Pages:      opts.Pages,
		WaitMS:     opts.Wait.Milliseconds(),
		TimeoutMS:  opts.Timeout.Milliseconds(),
		Insecure:   b.opts.Insecure,
		FirstParty: opts.FirstParty,
	}
	defer func() {
		r.DurationMS = time.Since(start).Milliseconds()
		r.Normalize()
	}()
	if err := opts.validate(); err != nil {
		r.AddError("input", target, err)
		return r, fmt.Errorf("scan %s: %w", target, err)
	}
	norm, err := party.Normalize(target)
	if err != nil {
		r.AddError("input", target, err)
		return r, err
	}
	r.Target = norm
	u, _ := url.Parse(norm)
	log := opts.Logger
	if log == nil {
		log = b.log
	}
	s := &scan{
		b: b, opts: opts, log: log, res: r, target: u,
		cls:         party.NewClassifier(u.Hostname(), opts.FirstParty...),
		seenCookies: map[string]bool{},
		seenStorage: map[string]bool{},
		policyHTML:  map[string]string{},
		integrity:   map[string]string{},
		deadline:    start.Add(opts.Timeout),
		phases:      make(chan *phaseScan, 4),
		canaryMark:  -1,
		writeMark:   -1,
	}
	return r, s.run(ctx)
}

// run drives the scan. The work stops a little before the deadline so that
// what was recorded can still be collected within the timeout.
func (s *scan) run(ctx context.Context) error {
	grace := min(2*time.Second, s.opts.Timeout/5)
	s.col = newCollector(s.cls, s.opts.MaxRequestsPerPage, "__candor_"+randomHex(6))
	tabCtx, cancelTab := chromedp.NewContext(s.b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(s.col.onEvent))
	defer cancelTab()
	hard, cancelHard := context.WithDeadline(tabCtx, s.deadline)
	defer cancelHard()
	// The user's cancellation (Ctrl-C) and the deadline end the tab.
	stopUser := context.AfterFunc(ctx, cancelTab)
	defer stopUser()
	stopHard := context.AfterFunc(hard, cancelTab)
	defer stopHard()
	work, cancelWork := context.WithDeadline(hard, s.deadline.Add(-grace))
	defer cancelWork()

	if err := chromedp.Do(tabCtx); err != nil {
		return s.fail(ctx, "browser", s.target.String(), "cannot open a browser tab", err)
	}
	s.log.Debug("tab open", "took", time.Since(s.res.StartedAt))
	s.browserContextID = browserContextOf(tabCtx)
	s.col.setMainFrame(cdp.FrameID(chromedp.FromContext(tabCtx).Target.TargetID))
	defer s.joinRedirect(hard)
	// The consent phases end with the scan; their observations join the
	// result, also a partial one.
	s.phaseCtx, s.stopPhases = context.WithCancel(ctx)
	defer s.stopPhases()
	defer s.joinPhases()
	if s.opts.GPC {
		s.startPhase(PhaseGPC)
	}
	if err := s.setup(work); err != nil {
		return s.fail(ctx, "browser", s.target.String(), "cannot set up the browser tab", err)
	}
	s.log.Debug("tab set up", "took", time.Since(s.res.StartedAt))
	go s.guard(hard)

	s.startRedirectCheck(work, tabCtx)
	err := s.crawl(work, hard)
	s.log.Debug("crawl done", "took", time.Since(s.res.StartedAt))
	if err == nil {
		err = s.policy(work, hard)
		s.log.Debug("policy done", "took", time.Since(s.res.StartedAt))
	}
	s.joinRedirect(hard)
	s.log.Debug("redirect check done", "took", time.Since(s.res.StartedAt))
	if err != nil {
		return s.fail(ctx, "", "", "", err)
	}
	if s.opts.HAR != "" {
		if herr := s.writeHAR(s.opts.HAR); herr != nil {
			s.res.AddError("har", s.opts.HAR, herr)
		}
	}
	s.finishRequests()
	return nil
}

// fail turns err into the scan's error and records it. A timeout and a
// cancellation become errors of their own kind.
func (s *scan) fail(userCtx context.Context, stage, u, cause string, err error) error {
	defer s.finishRequests()
	if s.stopPhases != nil {
		s.stopPhases() // the landed phase failed: the others are pointless
	}
	if s.opts.HAR != "" {
		if herr := s.writeHAR(s.opts.HAR); herr != nil {
			s.res.AddError("har", s.opts.HAR, herr)
		}
	}
	var se *ScanError
	switch {
	case userCtx.Err() != nil:
		s.res.AddError("interrupted", s.target.String(), errors.New("the scan was interrupted; the result is partial"))
		return fmt.Errorf("scan %s: interrupted: %w", s.target, userCtx.Err())
	case errors.As(err, &se):
		return se
	case !time.Now().Before(s.deadline.Add(-s.graceLeft())) || errors.Is(err, context.DeadlineExceeded):
		msg := fmt.Sprintf("the scan did not finish within %s; the result is partial", s.opts.Timeout)
		if len(s.res.Pages) == 1 && s.res.Pages[0].Status == 0 {
			msg = fmt.Sprintf("the scan did not finish within %s: no response from %s; the result is partial", s.opts.Timeout, s.res.Pages[0].URL)
		}
		s.res.AddError("timeout", s.target.String(), errors.New(msg))
		return &ScanError{URL: s.target.String(), Cause: msg, Err: err}
	}
	if stage != "" {
		s.res.AddError(stage, u, fmt.Errorf("%s: %w", cause, err))
	}
	return &ScanError{URL: s.target.String(), Cause: fmt.Sprintf("%s: %v", cause, err), Err: err}
}

// joinRedirect waits for the check of http://host/ and records it.
func (s *scan) joinRedirect(hard context.Context) {
	if s.redirect == nil {
		return
	}
	ch := s.redirect
	s.redirect = nil
	select {
	case rc := <-ch:
		if rc.err != nil {
			s.res.AddError("transport", "http://"+s.target.Host+"/", fmt.Errorf("could not check the redirect to https: %w", rc.err))
			return
		}
		s.res.Security.HTTPSRedirect = rc.redirects
	case <-hard.Done():
	}
}

func (s *scan) graceLeft() time.Duration { return min(2*time.Second, s.opts.Timeout/5) }

// setup prepares the tab before the first navigation: the document.cookie
// hook and the behaviour instrumentation in every frame, the user agent,
// the window size, no downloads, and for the gpc phase the privacy signals.
func (s *scan) setup(ctx context.Context) error {
	hook := fmt.Sprintf(cookieHookJS, s.col.bindName)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, runtime.AddBinding, runtime.AddBindingParams{Name: s.col.bindName}); err != nil {
			return fmt.Errorf("add binding: %w", err)
		}
		if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hook}); err != nil {
			return fmt.Errorf("add cookie hook: %w", err)
		}
		if _, err := cdp.Call(ctx, t, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: s.b.userAgent}); err != nil {
			return fmt.Errorf("set user agent: %w", err)
		}
		if _, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: viewportWidth, Height: viewportHeight, DeviceScaleFactor: 1}); err != nil {
			return fmt.Errorf("set window size: %w", err)
		}
		if _, err := cdp.Call(ctx, t, audits.Enable, cdp.Empty{}); err != nil {
			return fmt.Errorf("enable issues: %w", err)
		}
		if s.phase == PhaseGPC {
			if err := sendGPC(ctx, t); err != nil {
				return err
			}
		}
		// Ignored by browsers that predate the command.
		_, _ = cdp.Call(ctx, t, network.SetCookieControls, network.SetCookieControlsParams{EnableThirdPartyCookieRestriction: false})
		return nil
	}), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorDeny, BrowserContextID: s.browserContextID, EventsEnabled: new(true)})
		if err != nil {
			return fmt.Errorf("refuse downloads: %w", err)
		}
		return nil
	}))
	if err != nil {
		return err
	}
	// The behaviour instrumentation, in every frame before any page script.
	return behaviour.Install(ctx)
}

// finishRequests copies the recorded requests into the result, with the
// beacons and behaviours that depend on them.
func (s *scan) finishRequests() {
	s.col.mu.Lock()
	defer s.col.mu.Unlock()
	s.res.Requests = s.res.Requests[:0]
	for _, x := range s.col.exchanges {
		q := x.req
		q.Party = s.cls.Of(q.Host) // the site's domains may have grown at the landing page
		if in := s.integrity[q.URL]; in != "" {
			q.Integrity = in
		}
		s.res.Requests = append(s.res.Requests, q)
	}
	for i := range s.res.Cookies {
		s.res.Cookies[i].Party = s.cls.Of(s.res.Cookies[i].Domain)
	}
	for i := range s.res.Storage {
		s.res.Storage[i].Party = s.cls.Of(hostOf(s.res.Storage[i].Origin))
	}
	s.decodeRequests()
	s.attachNotes()
	s.noteIsolatedFrames()
	s.res.RequestsDropped = s.col.dropped
	s.res.Security.MixedContent = mixedContent(s.col.mixed, s.col.exchanges)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
