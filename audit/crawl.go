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

// navigateCap bounds how long one navigation may wait for the load event;
// a page still loading then is recorded as it is.
const navigateCap = 20 * time.Second

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
  return {title: String(document.title || ''), url: String(location.href), links: links, rel: rel ? String(rel.href) : ''};
})()`

// scrollJS scrolls to the bottom in viewport steps so lazy content loads.
const scrollJS = `new Promise((resolve) => {
  let steps = 0;
  const step = () => {
    const el = document.scrollingElement || document.documentElement;
    if (!el) { resolve(0); return; }
    window.scrollBy(0, window.innerHeight || 700);
    steps++;
    if (steps >= 30 || window.scrollY + (window.innerHeight || 700) >= el.scrollHeight) { window.scrollTo(0, el.scrollHeight); resolve(steps); return; }
    setTimeout(step, 40);
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
// go quiet and collects its cookies and storage.
func (s *scan) visit(work, hard context.Context, idx int, pageURL string) (*pageInfo, *network.Response, error) {
	s.log.Info("loading page", "n", idx+1, "url", pageURL)
	s.col.startPage(idx, pageURL)
	pg := result.Page{URL: pageURL}
	start := time.Now()
	defer func() {
		pg.LoadMS = time.Since(start).Milliseconds()
		s.res.Pages = append(s.res.Pages, pg)
	}()

	nav, cancel := context.WithTimeout(work, navigateCap)
	resp, err := s.navigate(nav, pageURL)
	cancel()
	s.log.Debug("navigated", "url", pageURL, "took", time.Since(start), "err", err)
	if resp != nil {
		pg.Status = int(resp.Status)
		pg.FinalURL = resp.URL
	}
	if err != nil {
		if work.Err() != nil {
			pg.Error = "the scan ran out of time while the page loaded"
			s.harvest(hard, pageURL)
			return nil, nil, work.Err()
		}
		var le *chromedp.LoadError
		if errors.As(err, &le) {
			cause := describeLoadError(le.ErrorText)
			pg.Error = cause
			s.res.AddError("navigate", pageURL, errors.New(cause))
			s.harvest(hard, pageURL)
			return nil, nil, &ScanError{URL: pageURL, Cause: cause, Err: err}
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			pg.Error = err.Error()
			s.res.AddError("navigate", pageURL, err)
			return nil, nil, &ScanError{URL: pageURL, Cause: "the page did not load: " + err.Error(), Err: err}
		}
		// The load event did not come in time: take the page as it is.
		pg.Error = fmt.Sprintf("the page was still loading after %s", navigateCap)
		_, _ = chromedp.Call(work, page.StopLoading, struct{}{})
	}
	if idx == 0 && s.opts.Screenshot != "" {
		s.screenshot(work)
	}
	if _, err := chromedp.Run(work, chromedp.Evaluate[int](scrollJS, chromedp.EvalAwaitPromise)); err != nil {
		s.log.Debug("scroll", "url", pageURL, "err", err)
	}
	s.waitQuiet(work)
	if idx == 0 {
		s.lookForBanner(work, start)
	}
	s.typeCanary(work)
	info, err := chromedp.Run(work, chromedp.Evaluate[*pageInfo](pageInfoJS))
	if err != nil || info == nil {
		if work.Err() != nil {
			s.harvest(hard, pageURL)
			return nil, resp, work.Err()
		}
		s.res.AddError("page", pageURL, fmt.Errorf("read the page: %w", err))
		info = &pageInfo{URL: pg.FinalURL}
	}
	pg.Title = info.Title
	if info.URL != "" {
		pg.FinalURL = info.URL
	}
	if resp == nil || resp.Status < 400 { // an error page is no privacy policy
		if html, err := chromedp.Run(work, chromedp.Evaluate[string](`document.documentElement ? document.documentElement.outerHTML : ''`)); err == nil {
			s.policyHTML[canonicalURL(pg.FinalURL)] = html
			s.policyHTML[canonicalURL(pageURL)] = html
		}
	}
	s.harvest(hard, pageURL)
	if idx == 0 && resp != nil && resp.Status >= 400 {
		cause := fmt.Sprintf("the site answered HTTP %d %s", resp.Status, resp.StatusText)
		pg.Error = cause
		s.res.AddError("navigate", pageURL, errors.New(cause))
		return info, resp, &ScanError{URL: pageURL, Cause: cause}
	}
	return info, resp, nil
}

// navigate loads pageURL and waits for its load event. A main document
// that fails (no such host, refused, TLS error, …) ends the wait at once:
// Chromium's error page would otherwise keep it going.
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
	select {
	case o := <-done:
		return o.resp, o.err
	case text := <-s.col.docFail:
		cancel()
		<-done
		return nil, &chromedp.LoadError{ErrorText: text}
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

// waitQuiet returns when no request was in flight for quietPeriod, or after
// opts.Wait.
func (s *scan) waitQuiet(ctx context.Context) {
	limit := time.Now().Add(s.opts.Wait)
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for time.Now().Before(limit) {
		if s.col.quietFor() >= quietPeriod {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
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
