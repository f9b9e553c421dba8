package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/candor-audit/candor/audit/consent"
	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The consent phases: each is an isolated load of the landing page in a
// browser context of its own. The landed phase is the scan itself, and its
// observations carry no phase label; the others label theirs.
const (
	PhaseLanded = "landed" // no interaction: the crawl of the scan
	PhaseReject = "reject" // after "Reject all" on the banner's first layer
	PhaseAccept = "accept" // after "Accept all"
	PhaseGPC    = "gpc"    // with Global Privacy Control and Do Not Track on
)

// noRejectButton is the phase error when the banner's first layer offers
// no way to refuse.
const noRejectButton = "no reject button on first layer"

// minPhaseBannerWait is how long a phase waits at least for the banner the
// landed phase saw.
const minPhaseBannerWait = time.Second

// answerSettle is how long a phase lets the banner's click handlers run
// before it views the page again.
const answerSettle = 500 * time.Millisecond

// phaseScan is one consent phase's run: its own scan state (collector,
// result, browser context) and what happened to the banner.
type phaseScan struct {
	name      string
	sub       *scan
	clicked   string
	err       string
	tcString  string
	wellKnown string
}

// startConsentPhases starts the reject and accept phases, once, when the
// landed phase found a banner (or consent mode is on). They run beside the
// rest of the crawl.
func (s *scan) startConsentPhases() {
	if s.phase != "" || s.opts.Consent == ConsentOff || s.answering {
		return
	}
	if s.banner == nil && s.opts.Consent != ConsentOn {
		return
	}
	s.answering = true
	s.startPhase(PhaseReject)
	s.startPhase(PhaseAccept)
}

// startPhase runs the named phase in the background.
func (s *scan) startPhase(name string) {
	s.phaseNames = append(s.phaseNames, name)
	s.phaseWG.Add(1)
	go func() {
		defer s.phaseWG.Done()
		s.phases <- s.runPhase(s.phaseCtx, name)
	}()
}

// joinPhases waits for the phases (they end by the scan's deadline at the
// latest), merges their observations into the result, and fills
// result.Consent and the phases of result.Options.
func (s *scan) joinPhases() {
	done := make(chan struct{})
	go func() {
		s.phaseWG.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Until(s.deadline) + 3*time.Second):
		s.log.Warn("consent phases did not end in time")
	}
	got := map[string]*phaseScan{}
	for {
		select {
		case ps := <-s.phases:
			got[ps.name] = ps
			continue
		default:
		}
		break
	}
	s.res.Options.Phases = []string{PhaseLanded}
	var c *result.Consent
	if s.opts.Consent != ConsentOff || s.opts.GPC {
		c = &result.Consent{Banner: s.banner, Phases: []result.ConsentPhase{{Name: PhaseLanded}}, TCString: s.tcString}
	}
	for _, name := range s.phaseNames {
		ps := got[name]
		s.res.Options.Phases = append(s.res.Options.Phases, name)
		if ps == nil {
			c.Phases = append(c.Phases, result.ConsentPhase{Name: name, Error: "the phase did not finish in time"})
			continue
		}
		s.mergePhase(ps)
		c.Phases = append(c.Phases, result.ConsentPhase{Name: name, Clicked: ps.clicked, Error: ps.err})
		if c.TCString == "" {
			c.TCString = ps.tcString
		}
		if ps.wellKnown != "" {
			c.GPCWellKnown = ps.wellKnown
		}
	}
	s.res.Consent = c
}

// mergePhase adds a phase's observations to the result, labelled with the
// phase and with parties relative to the site as the landed phase ended.
func (s *scan) mergePhase(ps *phaseScan) {
	r := ps.sub.res
	for _, p := range r.Pages {
		p.Phase = ps.name
		s.res.Pages = append(s.res.Pages, p)
	}
	for _, q := range r.Requests {
		q.Party, q.Phase = s.cls.Of(q.Host), ps.name
		s.res.Requests = append(s.res.Requests, q)
	}
	for _, c := range r.Cookies {
		c.Party, c.Phase = s.cls.Of(c.Domain), ps.name
		s.res.Cookies = append(s.res.Cookies, c)
	}
	for _, it := range r.Storage {
		it.Party, it.Phase = s.cls.Of(hostOf(it.Origin)), ps.name
		s.res.Storage = append(s.res.Storage, it)
	}
	for _, b := range r.Behaviours {
		b.Phase = ps.name
		b.Party = s.behaviourParty(b)
		s.res.Behaviours = append(s.res.Behaviours, b)
	}
	for _, b := range r.Beacons {
		b.Phase = ps.name
		s.res.Beacons = append(s.res.Beacons, b)
	}
	for _, e := range r.Errors {
		e.Message = ps.name + " phase: " + e.Message
		s.res.Errors = append(s.res.Errors, e)
	}
	s.res.RequestsDropped += r.RequestsDropped
}

// runPhase loads the landing page in a fresh browser context and, for
// reject and accept, answers the banner; for gpc it sends the signals.
func (s *scan) runPhase(ctx context.Context, name string) *phaseScan {
	start := time.Now()
	sub := &scan{
		b: s.b, opts: s.opts, log: s.log.With("phase", name), res: result.New(s.target.String(), ""),
		cls: s.cls, target: s.target, deadline: s.deadline, phase: name, canaryMark: -1, writeMark: -1,
		seenCookies: map[string]bool{}, seenStorage: map[string]bool{}, policyHTML: map[string]string{}, integrity: map[string]string{},
	}
	sub.opts.Screenshot, sub.opts.HAR = "", ""
	ps := &phaseScan{name: name, sub: sub}
	defer func() { s.log.Debug("phase done", "phase", name, "took", time.Since(start), "err", ps.err) }()

	grace := min(2*time.Second, s.opts.Timeout/5)
	sub.col = newCollector(s.cls, s.opts.MaxRequestsPerPage, "__candor_"+randomHex(6))
	sub.col.phase = name
	tabCtx, cancelTab := chromedp.NewContext(s.b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(sub.col.onEvent))
	defer cancelTab()
	stopUser := context.AfterFunc(ctx, cancelTab)
	defer stopUser()
	hard, cancelHard := context.WithDeadline(tabCtx, s.deadline)
	defer cancelHard()
	stopHard := context.AfterFunc(hard, cancelTab)
	defer stopHard()
	work, cancelWork := context.WithDeadline(hard, s.deadline.Add(-grace))
	defer cancelWork()

	if err := chromedp.Do(tabCtx); err != nil {
		ps.err = "cannot open a browser tab: " + err.Error()
		return ps
	}
	sub.browserContextID = browserContextOf(tabCtx)
	sub.col.setMainFrame(cdp.FrameID(chromedp.FromContext(tabCtx).Target.TargetID))
	if err := sub.setup(work); err != nil {
		ps.err = "cannot set up the browser tab: " + err.Error()
		return ps
	}
	go sub.guard(hard)
	defer sub.finishRequests()

	pwork, crashed, endCrash := sub.watchCrash(work)
	defer endCrash()
	switch name {
	case PhaseGPC:
		sub.loadWithSignals(pwork, hard, ps)
	case PhaseReject:
		sub.loadAndAnswer(pwork, hard, consent.Reject, ps)
	case PhaseAccept:
		sub.loadAndAnswer(pwork, hard, consent.Accept, ps)
	}
	switch {
	case crashed():
		ps.err = crashCause
	case ps.err == "" && work.Err() != nil:
		ps.err = "the phase ran out of time"
	}
	return ps
}

// loadPage loads the landing page in a phase, scrolls it and waits for it
// to go quiet. It returns the page record, or ok false when it did not
// load.
func (s *scan) loadPage(work context.Context, ps *phaseScan) (result.Page, bool) {
	pg := result.Page{URL: s.target.String()}
	start := time.Now()
	resp, loading, cause := s.loadLanding(work)
	if resp != nil {
		pg.Status, pg.FinalURL = int(resp.Status), resp.URL
	}
	if cause != "" {
		pg.Error = cause
		ps.err = "the landing page did not load: " + cause
		pg.LoadMS = time.Since(start).Milliseconds()
		return pg, false
	}
	if loading { // take the page as it is
		_, _ = chromedp.Call(work, page.StopLoading, struct{}{})
	}
	if _, err := chromedp.Run(work, chromedp.Evaluate[int](scrollJS, chromedp.EvalAwaitPromise)); err != nil {
		s.log.Debug("scroll", "err", err)
	}
	s.waitQuiet(work)
	if title, err := chromedp.Run(work, chromedp.Evaluate[string](`String(document.title || '')`)); err == nil {
		pg.Title = oneLine(title, 500)
	}
	if u, err := chromedp.Run(work, chromedp.Evaluate[string](`String(location.href)`)); err == nil && u != "" {
		pg.FinalURL = u
	}
	pg.LoadMS = time.Since(start).Milliseconds()
	return pg, true
}

// loadLanding loads the landing page in a consent phase, within the load
// timeout. cause says why it did not load, "" when it did; loading is true
// when it answered but had not finished loading within the page wait.
func (s *scan) loadLanding(work context.Context) (resp *network.Response, loading bool, cause string) {
	nav, cancel := context.WithTimeout(work, s.opts.LoadTimeout)
	resp, err := s.navigate(nav, s.target.String())
	cancel()
	var le *chromedp.LoadError
	switch {
	case work.Err() != nil:
		return resp, false, "the scan ran out of time while the page loaded"
	case err == nil:
		return resp, false, ""
	case errors.As(err, &le):
		return resp, false, describeLoadError(le.ErrorText)
	case !errors.Is(err, context.DeadlineExceeded):
		return resp, false, err.Error()
	case resp == nil:
		return nil, false, fmt.Sprintf("no response: the server did not answer within %s", s.opts.LoadTimeout)
	}
	return resp, true, ""
}

// loadWithSignals is the gpc phase: the landing page loaded with the
// signals on, recorded from the first request, then /.well-known/gpc.json.
func (s *scan) loadWithSignals(work, hard context.Context, ps *phaseScan) {
	target := s.target.String()
	s.col.startPage(0, target)
	pg, ok := s.loadPage(work, ps)
	s.harvest(hard, target)
	s.res.Pages = append(s.res.Pages, pg)
	if !ok {
		return
	}
	s.col.pause() // Candor's own fetch is not the site's doing
	ps.wellKnown = readGPCWellKnown(work)
}

// loadAndAnswer is the reject or accept phase: the landing page loaded,
// the banner answered as soon as it shows, and the page viewed again with
// the answer stored. Only what follows the answer is recorded: requests
// and behaviour from the click on, cookies and storage keys that are new
// or were written again after it.
func (s *scan) loadAndAnswer(work, hard context.Context, choice consent.Choice, ps *phaseScan) {
	target := s.target.String()
	s.col.startPage(0, target)
	s.col.pause()
	start := time.Now()
	if _, _, cause := s.loadLanding(work); cause != "" {
		ps.err = "the landing page did not load: " + cause
		return
	}
	wait := max(s.bannerWait(), minPhaseBannerWait)
	var clicked string
	var err error
	for {
		if _, err = consent.Find(work); err == nil {
			// What is there now belongs to the landed phase: mark it
			// seen, then record what the answer brings.
			s.harvest(hard, target)
			s.res.Cookies, s.res.Storage, s.pageBehaviours = nil, nil, nil
			s.col.mu.Lock()
			s.writeMark = len(s.col.writes)
			s.col.mu.Unlock()
			s.col.resume()
			clicked, err = consent.Click(work, choice)
		}
		if !errors.Is(err, consent.ErrNoBanner) || time.Since(start) >= wait || !sleep(work, bannerPoll) {
			break
		}
	}
	if err != nil {
		s.discard() // no answer: nothing of this phase is the answer's doing
	}
	switch {
	case errors.Is(err, consent.ErrNoButton) && choice == consent.Reject:
		ps.err = noRejectButton
		return
	case errors.Is(err, consent.ErrNoButton):
		ps.err = "no " + choice.String() + " button on first layer"
		return
	case errors.Is(err, consent.ErrNoBanner):
		ps.err = consent.ErrNoBanner.Error()
		return
	case err != nil:
		ps.err = "could not answer the banner: " + firstLine(err.Error())
		return
	}
	ps.clicked = clicked
	s.log.Info("answered the cookie banner", "choice", choice, "clicked", clicked)
	// Give the click's handlers a moment to send what they send; the next
	// view of the page then shows what the stored answer brings.
	sleep(work, answerSettle)
	pg, ok := s.loadPage(work, ps)
	s.harvest(hard, target)
	s.res.Pages = append(s.res.Pages, pg)
	if ok && choice == consent.Accept {
		if tc, err := consent.ReadTCString(work); err == nil {
			ps.tcString = tc
		}
	}
}

// gpcWellKnownJS fetches /.well-known/gpc.json of the page's origin and
// resolves to its text when it is served as a small JSON object, else "".
const gpcWellKnownJS = `fetch(new URL('/.well-known/gpc.json', location.origin).href, {credentials: 'omit', redirect: 'follow'})
  .then((r) => r.ok ? r.text() : '')
  .then((t) => { t = String(t).trim(); return t.startsWith('{') && t.length <= 4096 ? t : ''; })
  .catch(() => '')`

// readGPCWellKnown reads /.well-known/gpc.json through the page, so the
// browser context's network settings apply.
func readGPCWellKnown(ctx context.Context) string {
	fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	body, err := chromedp.Run(fctx, chromedp.Evaluate[string](gpcWellKnownJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return ""
	}
	return body
}

// firstLine returns s up to its first line break.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// discard stops recording and forgets what was recorded.
func (s *scan) discard() {
	s.col.mu.Lock()
	defer s.col.mu.Unlock()
	s.col.recording = false
	s.col.exchanges, s.col.events, s.col.dropped = nil, nil, 0
	s.col.writes = nil
	s.res.Cookies, s.res.Storage, s.pageBehaviours = nil, nil, nil
}
