package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// How a privacy policy was found (result.Policy.FoundBy).
const (
	FoundByLinkRel    = "link-rel"
	FoundByLinkText   = "link-text"
	FoundByCommonPath = "common-path"
	FoundByFlag       = "flag"
	FoundByNone       = "none"
)

// policyWords are the words, in several languages, that mark a link to a
// privacy policy in its text or URL.
var policyWords = []string{
	"privacy", "datenschutz", "confidentialité", "confidentialite", "privacidad",
	"privacybeleid", "integritetspolicy", "privacidade", "privatsphäre", "riservatezza",
	"polityka-prywatnosci", "polityka prywatności", "policy",
}

// commonPolicyPaths are tried, in order, when the page links to no policy.
var commonPolicyPaths = []string{"/privacy", "/privacy-policy", "/legal/privacy", "/datenschutz"}

// policyLink is one candidate link to the privacy policy.
type policyLink struct {
	URL     string
	FoundBy string
	rank    int // lower is better
}

// findPolicyLinks returns the candidate policy links of a page, best first:
// <link rel="privacy-policy">, then footer links, then other links; within
// those, links that say "privacy" (or its translations) before ones that
// only say "policy", then document order.
func findPolicyLinks(info *pageInfo) []policyLink {
	var out []policyLink
	seen := map[string]bool{}
	add := func(u, by string, rank int) {
		c := canonicalURL(u)
		if u == "" || seen[c] {
			return
		}
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") {
			return
		}
		seen[c] = true
		out = append(out, policyLink{URL: c, FoundBy: by, rank: rank})
	}
	if info == nil {
		return nil
	}
	if info.Rel != "" {
		add(info.Rel, FoundByLinkRel, 0)
	}
	for i, l := range info.Links {
		w := policyWordRank(l.Text + " " + pathOf(l.Href))
		if w < 0 {
			continue
		}
		rank := 1000 + w*100000 + i
		if !l.Footer {
			rank += 10000
		}
		add(l.Href, FoundByLinkText, rank)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rank < out[j].rank })
	return out
}

// policyWordRank returns 0 when s names privacy, 1 when it only says
// "policy", -1 when it says neither.
func policyWordRank(s string) int {
	s = strings.ToLower(s)
	for _, w := range policyWords[:len(policyWords)-1] {
		if strings.Contains(s, w) {
			return 0
		}
	}
	if strings.Contains(s, "policy") {
		return 1
	}
	return -1
}

func pathOf(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	return u.Path
}

// policy finds the privacy policy, loads its rendered HTML and hands it to
// opts.ReadPolicy. No policy found is not an error: FoundBy says "none".
func (s *scan) policy(work, hard context.Context) error {
	pol := &s.res.Policy
	var pageURL, html string
	switch {
	case s.opts.Policy != "" && fileExists(s.opts.Policy):
		data, err := os.ReadFile(s.opts.Policy)
		if err != nil {
			s.res.AddError("policy", s.opts.Policy, err)
			return nil
		}
		pol.URL, pol.FoundBy, pageURL, html = s.opts.Policy, FoundByFlag, s.opts.Policy, string(data)
	case s.opts.Policy != "":
		u, err := url.Parse(s.opts.Policy)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			s.res.AddError("policy", s.opts.Policy, errors.New("--policy is neither a readable file nor an http(s) URL"))
			pol.FoundBy = FoundByNone
			return nil
		}
		pol.URL, pol.FoundBy, pageURL = s.opts.Policy, FoundByFlag, s.opts.Policy
	default:
		for _, l := range s.policyLinks {
			pol.URL, pol.FoundBy, pageURL = l.URL, l.FoundBy, l.URL
			break
		}
		if pageURL == "" {
			if u := s.probeCommonPaths(work); u != "" {
				pol.URL, pol.FoundBy, pageURL = u, FoundByCommonPath, u
			}
		}
	}
	if pageURL == "" {
		pol.FoundBy = FoundByNone
		return nil
	}
	if html == "" {
		html = s.policyHTML[canonicalURL(pageURL)]
	}
	if html == "" {
		var err error
		html, err = s.loadPolicy(work, pageURL)
		if err != nil {
			if work.Err() != nil {
				return work.Err()
			}
			s.res.AddError("policy", pageURL, err)
			return nil
		}
	}
	if s.opts.ReadPolicy == nil {
		return nil
	}
	got, err := s.opts.ReadPolicy(hard, pageURL, []byte(html))
	if err != nil {
		s.res.AddError("policy", pageURL, err)
	}
	got.URL, got.FoundBy = pol.URL, pol.FoundBy
	if got.Claims == nil {
		got.Claims = pol.Claims
	}
	*pol = got
	return nil
}

// loadPolicy opens the policy in the tab (it may be rendered by script),
// without recording it as a page of the site, and returns its HTML.
func (s *scan) loadPolicy(work context.Context, pageURL string) (string, error) {
	s.col.pause()
	ctx, cancel := context.WithTimeout(work, navigateCap)
	defer cancel()
	resp, err := s.navigate(ctx, pageURL)
	if err != nil {
		var le *chromedp.LoadError
		if errors.As(err, &le) {
			return "", fmt.Errorf("load the privacy policy: %s", describeLoadError(le.ErrorText))
		}
		if !errors.Is(err, context.DeadlineExceeded) || work.Err() != nil {
			return "", fmt.Errorf("load the privacy policy: %w", err)
		}
	}
	if resp != nil && resp.Status >= 400 {
		return "", fmt.Errorf("load the privacy policy: HTTP %d", resp.Status)
	}
	if resp != nil && resp.MimeType != "" && !strings.Contains(resp.MimeType, "html") && !strings.HasPrefix(resp.MimeType, "text/") {
		return "", fmt.Errorf("the privacy policy is %s, not a web page; it was not read", resp.MimeType)
	}
	s.waitQuiet(ctx)
	return chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement ? document.documentElement.outerHTML : ''`))
}

// probePathJS asks the site, from its own page, which common policy path
// answers with an HTML page that speaks of privacy. The two %s are the
// JSON lists of paths and of policy words.
const probePathJS = `(async (paths, words) => {
  for (const p of paths) {
    try {
      const r = await fetch(p, {credentials: 'same-origin', redirect: 'follow'});
      const ct = r.headers.get('content-type') || '';
      if (!r.ok || !ct.includes('html')) continue;
      // A soft 404 (the same page for every path) does not count.
      const text = (await r.text()).slice(0, 200000).toLowerCase();
      if (words.some((w) => text.includes(w))) return new URL(r.url, location.href).href;
    } catch (e) {}
  }
  return '';
})(%s, %s)`

// probeCommonPaths tries the common policy paths on the landing origin.
func (s *scan) probeCommonPaths(work context.Context) string {
	if s.res.FinalURL == "" {
		return ""
	}
	s.col.pause()
	ctx, cancel := context.WithTimeout(work, 10*time.Second)
	defer cancel()
	paths, _ := json.Marshal(commonPolicyPaths)
	words, _ := json.Marshal(policyWords[:len(policyWords)-1])
	u, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(probePathJS, paths, words), chromedp.EvalAwaitPromise))
	if err != nil {
		s.log.Debug("probe policy paths", "err", err)
		return ""
	}
	return u
}
