package audit

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// errStillLoading is the navigation's error when the page answered but did
// not finish loading within the page wait: the page is taken as it is. It
// wraps context.DeadlineExceeded.
var errStillLoading = fmt.Errorf("the page was still loading: %w", context.DeadlineExceeded)

// maxPageHTML caps the rendered HTML kept of a page for the policy reader:
// a 20 MB page must not travel through the DevTools connection whole.
const maxPageHTML = 4 << 20

// pageHTMLJS reads the rendered HTML of the page, capped at maxPageHTML.
var pageHTMLJS = fmt.Sprintf(`document.documentElement ? document.documentElement.outerHTML.slice(0, %d) : ''`, maxPageHTML)

// pageInfoJS reads what the scan needs from a loaded page: its title and
// URL, its links (with their text and whether they sit in the footer) and a
// <link rel="privacy-policy">.
const pageInfoJS = `(() => {
  const inFooter = (el) => !!(el.closest && el.closest('footer, [role=contentinfo], #footer, .footer, .site-footer'));
  const links = [];
  for (const a of Array.from(document.querySelectorAll('a[href]')).slice(0, 5000)) {
    links.push({h: String(a.href || ''), t: String(a.textContent || '').trim().slice(0, 200), f: inFooter(a)});
  }
  const rel = document.querySelector('link[rel~="privacy-policy"][href], a[rel~="privacy-policy"][href]');
  const sri = [];
  for (const el of Array.from(document.querySelectorAll('script[src][integrity], link[rel~="stylesheet"][href][integrity]')).slice(0, 1000)) {
    sri.push({u: String(el.src || el.href || ''), i: String(el.getAttribute('integrity') || '').slice(0, 500)});
  }
  return {title: String(document.title || ''), url: String(location.href), links: links, rel: rel ? String(rel.href) : '', sri: sri};
})()`

// scrollJS scrolls to the bottom. When something on the page could react
// to scrolling — an IntersectionObserver or a scroll or wheel handler (the
// behaviour instrumentation watches for them), a lazily loaded element, or
// a frame whose own scripts may watch — it goes a viewport at a time, a step
// per rendered frame (or every 50 ms when no frame comes), so that content
// near each position loads; at most 30 steps. Otherwise one jump to the
// bottom does: every step renders the page again, which costs a core for
// half a second on a long page.
const scrollJS = `new Promise((resolve) => {
  const el = document.scrollingElement || document.documentElement;
  if (!el) { resolve(0); return; }
  const lazy = globalThis[Symbol.for('candor.lazy')];
  const watched = !lazy || !lazy.hooked || lazy.watch ||
    window.onscroll || window.onwheel || document.onscroll || document.onwheel ||
    document.querySelector('[loading="lazy" i], iframe, frame, embed, object');
  if (!watched) { window.scrollTo(0, el.scrollHeight); resolve(1); return; }
  let steps = 0;
  const later = (fn) => {
    let ran = false;
    const once = () => { if (!ran) { ran = true; fn(); } };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
    setTimeout(once, 50);
  };
  const step = () => {
    const h = window.innerHeight || 700;
    window.scrollBy(0, h);
    steps++;
    if (steps >= 30 || window.scrollY + h >= el.scrollHeight) { window.scrollTo(0, el.scrollHeight); resolve(steps); return; }
    later(step);
  };
  step();
})`

// pageInfo is what pageInfoJS returns.
type pageInfo struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Links []struct {
		Href   string `json:"h"`
		Text   string `json:"t"`
		Footer bool   `json:"f"`
	} `json:"links"`
	Rel string `json:"rel"`
	// SRI lists the scripts and stylesheets that carry an integrity
	// attribute.
	SRI []struct {
		URL       string `json:"u"`
		Integrity string `json:"i"`
	} `json:"sri"`
}

// crawl loads the landing page, then same-site links (the privacy policy
// first) until opts.Pages pages were loaded. Only a landing page that does
// not load is an error; a later page that fails is recorded and skipped.
func (s *scan) crawl(work, hard context.Context) error {
	queue := []string{s.target.String()}
	seen := map[string]bool{}
	for idx := 0; idx < s.opts.Pages && len(queue) > 0; {
		if err := work.Err(); err != nil {
			return err
		}
		next := queue[0]
		queue = queue[1:]
		key := canonicalURL(next)
		if seen[key] {
			continue
		}
		seen[key] = true
		info, resp, err := s.visit(work, hard, idx, next)
		if idx == 0 {
			if err != nil {
				return err
			}
			s.landing(resp, info)
			s.startConsentPhases()
			queue = append(s.firstLinks(info), queue...)
		} else if info != nil {
			queue = append(queue, s.sameSiteLinks(info)...)
		}
		if info != nil {
			seen[canonicalURL(info.URL)] = true
		}
		idx++
	}
	return nil
}

// visit loads one page, scrolls it to the bottom, waits for the network to
// go quiet and collects its cookies and storage. A renderer crash ends the
// work on the page; it is recorded, and only for the landing page is it
// the scan's error.
func (s *scan) visit(work, hard context.Context, idx int, pageURL string) (*pageInfo, *network.Response, error) {
	s.log.Info("loading page", "n", idx+1, "url", pageURL)
	s.col.startPage(idx, pageURL)
	pg := result.Page{URL: pageURL}
	start := time.Now()
	defer func() {
		pg.LoadMS = time.Since(start).Milliseconds()
		s.res.Pages = append(s.res.Pages, pg)
	}()
	pctx, crashed, end := s.watchCrash(work)
	defer end()
	crash := func(resp *network.Response) (*pageInfo, *network.Response, error) {
		pg.Error = crashCause
		s.res.AddError("crash", pageURL, errors.New(crashCause))
		s.harvestAfterCrash(hard, pageURL)
		if idx == 0 {
			return nil, resp, &ScanError{URL: pageURL, Cause: crashCause}
		}
		return nil, resp, nil
	}

	nav, cancel := context.WithTimeout(pctx, s.opts.LoadTimeout)
	resp, err := s.navigate(nav, pageURL)
	cancel()
	if resp == nil && err == nil {
		// The navigation's own events were missed (seen under heavy load):
		// the collector saw the main document's response too.
		resp = s.col.docResponse()
	}
	s.log.Debug("navigated", "url", pageURL, "took", time.Since(start), "err", err)
	if resp != nil {
		pg.Status = int(resp.Status)
		pg.FinalURL = resp.URL
	}
	if err != nil {
		var le *chromedp.LoadError
		switch {
		case work.Err() != nil:
			pg.Error = "the scan ran out of time while the page loaded"
			s.harvest(hard, pageURL)
			return nil, nil, work.Err()
		case crashed():
			return crash(resp)
		case errors.As(err, &le):
			cause := s.describeFailedLoad(le.ErrorText, pageURL)
			pg.Error = cause
			s.res.AddError("navigate", pageURL, errors.New(cause))
			s.harvest(hard, pageURL)
			return nil, nil, &ScanError{URL: pageURL, Cause: cause, Err: err}
		case !errors.Is(err, context.DeadlineExceeded):
			pg.Error = err.Error()
			s.res.AddError("navigate", pageURL, err)
			return nil, nil, &ScanError{URL: pageURL, Cause: "the page did not load: " + err.Error(), Err: err}
		case resp == nil:
			cause := fmt.Sprintf("no response: the server did not answer within %s", s.opts.LoadTimeout)
			pg.Error = cause
			s.res.AddError("navigate", pageURL, errors.New(cause))
			s.harvest(hard, pageURL)
			return nil, nil, &ScanError{URL: pageURL, Cause: cause, Err: err}
		}
		// The load event did not come in time (a request that never
		// ends): stop loading and take the page as it is.
		s.log.Debug("page still loading; taken as it is", "url", pageURL, "wait", s.opts.Wait)
		_, _ = chromedp.Call(pctx, page.StopLoading, struct{}{})
	}
	if idx == 0 && s.opts.Screenshot != "" {
		s.screenshot(pctx)
	}
	s.settle(pctx, idx, pageURL, start)
	s.typeCanary(pctx)
	info, err := chromedp.Run(pctx, chromedp.Evaluate[*pageInfo](pageInfoJS))
	if crashed() {
		return crash(resp)
	}
	if err != nil || info == nil {
		if work.Err() != nil {
			s.harvest(hard, pageURL)
			return nil, resp, work.Err()
		}
		s.res.AddError("page", pageURL, fmt.Errorf("read the page: %w", err))
		info = &pageInfo{URL: pg.FinalURL}
	}
	s.noteIntegrity(info)
	pg.Title = oneLine(info.Title, 500)
	if info.URL != "" {
		pg.FinalURL = info.URL
	}
	if isWebPage(resp) { // an error page or a PDF is no privacy policy
		if html, err := chromedp.Run(pctx, chromedp.Evaluate[string](pageHTMLJS)); err == nil {
			s.policyHTML[canonicalURL(pg.FinalURL)] = html
			s.policyHTML[canonicalURL(pageURL)] = html
		}
	}
	s.harvest(hard, pageURL)
	if crashed() {
		return crash(resp)
	}
	if idx == 0 && resp != nil && resp.Status >= 400 {
		cause := fmt.Sprintf("the site answered HTTP %d %s", resp.Status, resp.StatusText)
		pg.Error = cause
		s.res.AddError("navigate", pageURL, errors.New(cause))
		return info, resp, &ScanError{URL: pageURL, Cause: cause}
	}
	return info, resp, nil
}

// isWebPage says whether a page's response is an HTML (or text) page that
// answered without an error: the only kind whose HTML can be a privacy
// policy. A page without a response (taken as it was) counts.
func isWebPage(resp *network.Response) bool {
	if resp == nil {
		return true
	}
	mt := strings.ToLower(resp.MimeType)
	return resp.Status < 400 && (mt == "" || strings.Contains(mt, "html") || strings.HasPrefix(mt, "text/"))
}

// describeFailedLoad explains a failed main-document load; an aborted load
// that was a download says so.
func (s *scan) describeFailedLoad(errorText, pageURL string) string {
	if strings.Contains(errorText, "ERR_ABORTED") {
		// The browser reports the download a moment after the abort.
		for i := 0; i < 40; i++ {
			s.col.mu.Lock()
			dl := s.col.lastDownload
			s.col.mu.Unlock()
			if dl != "" {
				return fmt.Sprintf("the address is a file download (%s), not a web page; the download was refused", oneLine(dl, 200))
			}
			time.Sleep(25 * time.Millisecond)
		}
	}
	return describeLoadError(errorText)
}

// navigate loads pageURL and waits for its load event, at most opts.Wait
// after the main document itself was loaded (a subresource that never
// ends must not hold the scan); it then returns the response with
// errStillLoading.
// A main document that fails (no such host, refused, TLS error, …) ends
// the wait at once: Chromium's error page would otherwise keep it going.
func (s *scan) navigate(ctx context.Context, pageURL string) (*network.Response, error) {
	s.col.clearDocFail()
	nctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type outcome struct {
		resp *network.Response
		err  error
	}
	done := make(chan outcome, 1)
	go func() {
		resp, err := chromedp.Run(nctx, chromedp.NavigateResponse(pageURL))
		done <- outcome{resp, err}
	}()
	var docResp *network.Response
	var loadWait <-chan time.Time
	for {
		select {
		case o := <-done:
			if o.resp == nil && errors.Is(o.err, context.DeadlineExceeded) {
				// The page answered but is still loading (a document that
				// never ends): take it as it is.
				if r := s.col.docResponse(); r != nil {
					return r, errStillLoading
				}
			}
			return o.resp, o.err
		case text := <-s.col.docFail:
			cancel()
			<-done
			return nil, &chromedp.LoadError{ErrorText: text}
		case r := <-s.col.docResp:
			docResp = r
			if loadWait == nil {
				t := time.NewTimer(s.opts.Wait)
				defer t.Stop()
				loadWait = t.C
			}
		case <-loadWait:
			cancel()
			<-done
			return docResp, errStillLoading
		}
	}
}

// harvest collects the cookies and storage present now. It runs on the
// hard deadline so that it still works after the work deadline passed.
func (s *scan) harvest(hard context.Context, pageURL string) {
	defer func(t time.Time) { s.log.Debug("harvested", "url", pageURL, "took", time.Since(t)) }(time.Now())
	ctx, cancel := context.WithTimeout(hard, 3*time.Second)
	defer cancel()
	if err := s.harvestCookies(ctx, pageURL); err != nil {
		s.res.AddError("cookies", pageURL, err)
	}
	if err := s.harvestStorage(ctx, pageURL); err != nil {
		s.res.AddError("storage", pageURL, err)
	}
	s.fetchBodies(ctx)
	s.analyzePage(pageURL)
}

// harvestAfterCrash collects what survives a renderer crash: the cookies,
// which the browser keeps; the page's storage and request bodies went with
// the renderer.
func (s *scan) harvestAfterCrash(hard context.Context, pageURL string) {
	ctx, cancel := context.WithTimeout(hard, 3*time.Second)
	defer cancel()
	if err := s.harvestCookies(ctx, pageURL); err != nil {
		s.res.AddError("cookies", pageURL, err)
	}
	s.analyzePage(pageURL)
}

// settle scrolls the page to the bottom and waits for the network to go
// quiet; on the landing page the cookie banner is looked for meanwhile.
func (s *scan) settle(ctx context.Context, idx int, pageURL string, start time.Time) {
	settled := make(chan struct{})
	bannerDone := make(chan struct{})
	if idx == 0 {
		go func() {
			defer close(bannerDone)
			s.lookForBanner(ctx, start, settled)
		}()
	} else {
		close(bannerDone)
	}
	steps, err := chromedp.Run(ctx, chromedp.Evaluate[int](scrollJS, chromedp.EvalAwaitPromise))
	if err != nil {
		s.log.Debug("scroll", "url", pageURL, "err", err)
	}
	s.log.Debug("scrolled", "url", pageURL, "steps", steps, "after", time.Since(start))
	s.waitQuiet(ctx)
	s.log.Debug("network quiet", "url", pageURL, "after", time.Since(start))
	close(settled)
	<-bannerDone
	s.log.Debug("settled", "url", pageURL, "after", time.Since(start))
}

// waitQuiet returns when no request was in flight for quietPeriod, or after
// opts.Wait. It sleeps until the quiet period would end, so it returns
// within a few milliseconds of it.
func (s *scan) waitQuiet(ctx context.Context) {
	limit := time.Now().Add(s.opts.Wait)
	for {
		left := time.Until(limit)
		if left <= 0 {
			return
		}
		quiet := s.col.quietFor()
		if quiet >= quietPeriod {
			return
		}
		// While a request is in flight, look again soon.
		next := min(quietPeriod-quiet, 50*time.Millisecond, left)
		if quiet > 0 {
			next = min(quietPeriod-quiet, left)
		}
		if !sleep(ctx, next) {
			return
		}
	}
}

// firstLinks orders the landing page's links for the crawl: the privacy
// policy link first, then the other same-site links.
func (s *scan) firstLinks(info *pageInfo) []string {
	s.policyLinks = findPolicyLinks(info)
	links := s.sameSiteLinks(info)
	for _, pl := range s.policyLinks {
		if u, ok := s.crawlable(pl.URL); ok {
			return append([]string{u}, links...)
		}
	}
	return links
}

// sameSiteLinks returns the page's links to the site's own pages, without
// fragments and duplicates, in a fixed order: fewer path segments first,
// then alphabetical. The same page gives the same list every time.
func (s *scan) sameSiteLinks(info *pageInfo) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range info.Links {
		u, ok := s.crawlable(l.Href)
		if !ok || seen[u] || canonicalURL(u) == canonicalURL(info.URL) {
			continue
		}
		seen[u] = true
		out = append(out, u)
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := depth(out[i]), depth(out[j])
		if di != dj {
			return di < dj
		}
		return out[i] < out[j]
	})
	return out
}

// skipExt are file types that are not web pages.
var skipExt = map[string]bool{
	".pdf": true, ".zip": true, ".gz": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true,
	".svg": true, ".webp": true, ".mp4": true, ".mp3": true, ".dmg": true, ".exe": true, ".xml": true,
	".css": true, ".js": true, ".json": true, ".ico": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true,
}

// crawlable says whether href is a same-site http(s) page and returns it
// without its fragment.
func (s *scan) crawlable(href string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	if !s.cls.SameSite(u.Hostname()) {
		return "", false
	}
	if skipExt[strings.ToLower(path.Ext(u.Path))] {
		return "", false
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), true
}

// canonicalURL is the form used to tell whether two URLs are the same page.
func canonicalURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Fragment, u.RawFragment = "", ""
	u.Host = strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

func depth(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return 0
	}
	return strings.Count(strings.Trim(u.Path, "/"), "/") + btoi(strings.Trim(u.Path, "/") != "")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// noteIntegrity remembers the Subresource Integrity attributes the page
// declared, by resource URL, for finishRequests.
func (s *scan) noteIntegrity(info *pageInfo) {
	s.col.mu.Lock()
	defer s.col.mu.Unlock()
	for _, e := range info.SRI {
		if e.URL != "" && e.Integrity != "" {
			s.integrity[e.URL] = e.Integrity
		}
	}
}
