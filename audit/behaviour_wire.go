package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/candor-audit/candor/audit/behaviour"
	"github.com/candor-audit/candor/audit/consent"
	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The behaviour watching of a scan: the instrumentation's reports become
// result.Behaviours per page, request bodies become decoded beacons, and a
// canary typed into form fields is looked for in every later request.
const (
	// maxBannerWait caps how long the landing page is watched for a cookie
	// banner that appears late.
	maxBannerWait = 3 * time.Second
	// bannerPoll is how often the page is asked for a banner meanwhile.
	bannerPoll = 150 * time.Millisecond
	// keyLogWait is how long requests are awaited after the canary was typed.
	keyLogWait = 2 * time.Second
	// maxBodyFetches caps the request bodies fetched from the browser per
	// page when the request event did not carry them.
	maxBodyFetches = 50
	// maxLeaks caps the key-logging behaviours recorded per scan.
	maxLeaks = 20
)

// bannerWait is how long a page is watched for a cookie banner, from the
// start of its navigation: a third of the page wait, at most maxBannerWait.
func (s *scan) bannerWait() time.Duration { return min(maxBannerWait, s.opts.Wait/3) }

// lookForBanner asks the landing page for a cookie banner every bannerPoll
// while the page settles, until one is found, bannerWait has passed since
// loaded, or settled is closed (the network went quiet); a last look is
// taken then, since a consent platform has rendered its banner by the time
// its script and configuration have been quiet for a while. It then reads
// the TCF string. It runs beside the scroll and the wait for network quiet.
func (s *scan) lookForBanner(ctx context.Context, loaded time.Time, settled <-chan struct{}) {
	if s.opts.Consent == ConsentOff {
		return
	}
	last := false
	for {
		b, err := consent.Find(ctx)
		if err != nil {
			s.log.Debug("find banner", "err", err)
		}
		if b != nil {
			s.banner = b
			s.log.Info("cookie banner found", "platform", b.Platform, "found_by", b.FoundBy, "reject", b.Reject != "")
			s.startConsentPhases() // at once: they need nothing more from this phase
			break
		}
		if last || time.Since(loaded) >= s.bannerWait() {
			break
		}
		t := time.NewTimer(bannerPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-settled:
			last = true
		case <-t.C:
		}
		t.Stop()
	}
	tc, err := consent.ReadTCString(ctx)
	if err != nil {
		s.log.Debug("read TCF string", "err", err)
	}
	s.tcString = tc
}

// typeCanary types the scan's canary into the visible text fields of the
// page, without submitting, and waits for what the page sends.
func (s *scan) typeCanary(ctx context.Context) {
	if !s.opts.KeyLogging || s.phase != "" {
		return
	}
	if s.canary == "" {
		s.canary = behaviour.Canary()
	}
	mark := s.col.count()
	n, err := behaviour.TypeCanary(ctx, s.canary)
	if err != nil {
		s.log.Debug("type canary", "err", err)
	}
	if n == 0 {
		return
	}
	if s.canaryMark < 0 {
		s.canaryMark = mark
	}
	s.log.Debug("typed the canary", "fields", n)
	if sleep(ctx, min(keyLogWait, max(s.opts.Wait, 500*time.Millisecond))) {
		s.waitQuiet(ctx)
	}
}

// fetchBodies asks the browser for the POST bodies of the current page's
// requests whose events did not carry them.
func (s *scan) fetchBodies(ctx context.Context) {
	s.col.mu.Lock()
	var want []*exchange
	for _, x := range s.col.exchanges {
		if x.needBody && x.pageIx == s.col.pageIdx && x.id != "" && len(want) < maxBodyFetches {
			want = append(want, x)
		}
	}
	s.col.mu.Unlock()
	for _, x := range want {
		res, err := chromedp.Call(ctx, network.GetRequestPostData, network.GetRequestPostDataParams{RequestID: x.id})
		s.col.mu.Lock()
		x.needBody = false
		if err == nil && len(res.PostData) <= maxBody {
			x.body = string(res.PostData)
		}
		s.col.mu.Unlock()
	}
}

// analyzePage turns the behaviour reports of the current page into
// behaviours attributed to the top-level page.
func (s *scan) analyzePage(pageURL string) {
	s.col.mu.Lock()
	idx := s.col.pageIdx
	var events []behaviour.Event
	for _, pe := range s.col.events {
		if pe.pageIx == idx {
			events = append(events, pe.ev)
		}
	}
	var reqs []result.Request
	for _, x := range s.col.exchanges {
		if x.pageIx == idx {
			reqs = append(reqs, x.req)
		}
	}
	mainDoc := s.col.frames[s.col.mainFrame]
	s.col.mu.Unlock()
	for _, b := range behaviour.Analyze(events, reqs) {
		if b.Frame == mainDoc || b.Frame == pageURL {
			b.Frame = ""
		}
		b.Page = pageURL
		b.Phase = s.phase
		b.Party = s.behaviourParty(b)
		s.pageBehaviours = append(s.pageBehaviours, b)
	}
}

// behaviourParty says whose a behaviour is: the calling script's host, or
// for an inline script the document it ran in.
func (s *scan) behaviourParty(b result.Behaviour) result.Party {
	host := b.Host
	if host == "" {
		host = hostOf(b.Frame)
	}
	if host == "" {
		host = hostOf(b.Page)
	}
	return s.cls.Of(host)
}

// decodeRequests rebuilds the beacons and the behaviours from the
// recorded requests: beacons decoded from URL and body, and a key-logging
// behaviour for each request sent after the canary was typed that carries
// it (one per receiving host and encoding). The caller holds s.col.mu and
// has just rebuilt s.res.Requests from s.col.exchanges, in the same order.
func (s *scan) decodeRequests() {
	s.res.Beacons = nil
	s.res.Behaviours = nil
	for _, b := range s.pageBehaviours {
		b.Party = s.behaviourParty(b)
		s.res.Behaviours = append(s.res.Behaviours, b)
	}
	seen := map[string]bool{}
	for i, x := range s.col.exchanges {
		if i >= len(s.res.Requests) {
			break
		}
		q := s.res.Requests[i]
		if b, ok := behaviour.DecodeBeacon(q, x.body); ok {
			s.res.Beacons = append(s.res.Beacons, b)
		}
		if s.canary == "" || s.canaryMark < 0 || i < s.canaryMark || len(seen) >= maxLeaks {
			continue
		}
		enc, ok := behaviour.FindLeak(s.canary, q.URL, x.body)
		if !ok || seen[q.Host+"\x00"+enc] {
			continue
		}
		seen[q.Host+"\x00"+enc] = true
		s.res.Behaviours = append(s.res.Behaviours, behaviour.LeakBehaviour(q, enc))
	}
}

// sendGPC turns Global Privacy Control and Do Not Track on for the target
// t: the request headers and navigator.globalPrivacyControl.
func sendGPC(ctx context.Context, t *chromedp.Target) error {
	headers := network.Headers{}
	for k, v := range consent.GPCHeaders() {
		headers[k] = v
	}
	if _, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: headers}); err != nil {
		return fmt.Errorf("send GPC headers: %w", err)
	}
	if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: consent.GPCScript(), RunImmediately: new(true),
	}); err != nil {
		return fmt.Errorf("add GPC script: %w", err)
	}
	return nil
}

// sleep waits d or until ctx ends; it reports whether the full d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
