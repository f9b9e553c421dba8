package audit

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

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
