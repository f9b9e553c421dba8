package audit

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// redirectCheckCap bounds the check of http://host/.
const redirectCheckCap = 5 * time.Second

// redirectCheck is the outcome of checkHTTPSRedirect.
type redirectCheck struct {
	redirects *bool // nil when it could not be checked
	err       error
}

// checkHTTPSRedirect asks the browser for http://host/ in a tab of its own
// browser context, so it neither sees nor leaves cookies or HSTS state of
// the scan, and runs beside the crawl. Only the first answer counts: a
// redirect to https means yes, any other response no. An answer the
// browser made up from its HSTS preload list counts as yes.
func (s *scan) checkHTTPSRedirect(work context.Context, host string) redirectCheck {
	httpURL := (&url.URL{Scheme: "http", Host: host, Path: "/"}).String()
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
	answer := make(chan redirectCheck, 1)
	report := func(v *bool, err error) {
		select {
		case answer <- redirectCheck{v, err}:
		default:
		}
	}
	var docID network.RequestID
	err := chromedp.Listen(tab, func(ev any) {
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
		case *network.EventLoadingFailed:
			if docID != "" && ev.RequestID == docID {
				report(nil, fmt.Errorf("%s did not load: %s", httpURL, describeLoadError(ev.ErrorText)))
			}
		}
	})
	if err != nil {
		return redirectCheck{err: err}
	}
	tctx, tcancel := context.WithCancel(tab)
	defer tcancel()
	go func() {
		if err := chromedp.Do(tctx, chromedp.Navigate(httpURL)); err != nil && tctx.Err() == nil {
			var le *chromedp.LoadError
			if errors.As(err, &le) {
				report(nil, fmt.Errorf("%s did not load: %s", httpURL, describeLoadError(le.ErrorText)))
			}
		}
	}()
	select {
	case a := <-answer:
		return a
	case <-ctx.Done():
		return redirectCheck{err: fmt.Errorf("%s did not answer within %s", httpURL, redirectCheckCap)}
	}
}

// landing records what the landing page says about the site as a whole:
// its final URL, headers, HSTS and TLS.
func (s *scan) landing(resp *network.Response, info *pageInfo) {
	if info != nil && info.URL != "" {
		s.res.FinalURL = info.URL
	}
	if resp == nil {
		return
	}
	if s.res.FinalURL == "" {
		s.res.FinalURL = resp.URL
	}
	// A site that redirects to another domain (brand.com to brand.net) is
	// that domain too: both are first party from now on.
	if final := hostOf(s.res.FinalURL); final != "" && !s.cls.SameSite(final) {
		s.cls = party.NewClassifier(final, append([]string{s.target.Hostname()}, s.opts.FirstParty...)...)
		s.col.mu.Lock()
		s.col.cls = s.cls
		s.col.mu.Unlock()
	}
	for k, v := range resp.Headers {
		if str, ok := v.(string); ok {
			s.res.Security.Headers[strings.ToLower(k)] = str
		}
	}
	if raw, ok := s.res.Security.Headers["strict-transport-security"]; ok && strings.HasPrefix(resp.URL, "https://") {
		s.res.Security.HSTS = parseHSTS(raw)
	}
	if s.target.Scheme == "http" {
		yes := strings.HasPrefix(resp.URL, "https://")
		s.res.Security.HTTPSRedirect = &yes
	}
	if sd := resp.SecurityDetails; sd != nil {
		s.res.Security.TLS = &result.TLS{
			Protocol:    sd.Protocol,
			Cipher:      sd.Cipher,
			KeyExchange: firstNonEmpty(sd.KeyExchange, sd.KeyExchangeGroup),
			Issuer:      sd.Issuer,
			Subject:     sd.SubjectName,
			SANs:        sd.SanList,
			NotBefore:   epoch(float64(sd.ValidFrom)),
			NotAfter:    epoch(float64(sd.ValidTo)),
		}
	}
}

// parseHSTS reads a Strict-Transport-Security value. Unknown directives are
// ignored; a missing or bad max-age gives 0.
func parseHSTS(raw string) *result.HSTS {
	h := &result.HSTS{Raw: raw}
	// Several headers arrive joined by a newline; the first one counts.
	first, _, _ := strings.Cut(raw, "\n")
	for _, d := range strings.Split(first, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "max-age":
			n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(v), `"`), 10, 64)
			if err == nil && n > 0 {
				h.MaxAge = n
			}
		case "includesubdomains":
			h.IncludeSubdomains = true
		case "preload":
			h.Preload = true
		}
	}
	return h
}

// mixedContent lists the http:// content of https pages: what the browser
// reported (blocked, upgraded to https, or loaded with a warning), then
// http:// requests of https pages it did not report.
func mixedContent(reported []result.MixedContent, xs []*exchange) []result.MixedContent {
	out := []result.MixedContent{}
	seen := map[string]bool{}
	add := func(m result.MixedContent) {
		k := m.Page + "\x00" + m.URL
		if !seen[k] {
			seen[k] = true
			out = append(out, m)
		}
	}
	for _, m := range reported {
		add(m)
	}
	for _, x := range xs {
		if !strings.HasPrefix(x.req.Page, "https://") {
			continue
		}
		if !x.mixed && !strings.HasPrefix(x.req.URL, "http://") {
			continue
		}
		if x.req.ResourceType == "Document" && x.req.FrameURL == x.req.URL && x.req.Initiator == "" {
			continue // a top-level navigation, not content of the page
		}
		add(result.MixedContent{URL: x.req.URL, ResourceType: x.req.ResourceType, Page: x.req.Page, Blocked: x.req.Blocked})
	}
	return out
}

// screenshot writes a PNG of the viewport of the landing page.
func (s *scan) screenshot(ctx context.Context) {
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = result.WriteFileAtomic(s.opts.Screenshot, png)
	}
	if err != nil {
		s.res.AddError("screenshot", s.opts.Screenshot, err)
		return
	}
	s.res.Artifacts.Screenshot = s.opts.Screenshot
}

func epoch(sec float64) time.Time {
	if sec <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(sec * 1000)).UTC()
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// fileExists reports whether p names a regular file.
func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
