package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
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
	loaded := false // html is the page's, even when empty
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
		var err error
		pageURL, html, err = s.pickPolicyLink(work)
		if err != nil {
			return err
		}
		loaded = pageURL != ""
		if pageURL == "" && len(s.policyLinks) == 0 {
			if u := s.probeCommonPaths(work); u != "" {
				pol.URL, pol.FoundBy, pageURL = u, FoundByCommonPath, u
			}
		}
		if pageURL == "" && len(s.policyLinks) > 0 {
			return nil // the links that failed are in errors and pol
		}
	}
	if pageURL == "" {
		pol.FoundBy = FoundByNone
		return nil
	}
	if html == "" && !loaded {
		html = s.policyHTML[canonicalURL(pageURL)]
	}
	if html == "" && !loaded {
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
	got.Warnings = append(pol.Warnings, got.Warnings...)
	if got.Claims == nil {
		got.Claims = pol.Claims
	}
	*pol = got
	return nil
}

// maxPolicyTries caps the privacy links tried when the first fails.
const maxPolicyTries = 3

// pickPolicyLink loads the best policy link of the landing page; when it
// fails (a 404, a PDF, no answer), the next links that name privacy are
// tried. Each failure is an error entry. It returns the link read and its
// HTML, or "" when none could be read: result.Policy then names the first
// link and how it was found, and errors say why it was not read.
func (s *scan) pickPolicyLink(work context.Context) (string, string, error) {
	pol := &s.res.Policy
	for i, l := range s.policyLinks {
		if i >= maxPolicyTries || (i > 0 && l.rank >= privacyRankLimit) {
			break
		}
		if i == 0 {
			pol.URL, pol.FoundBy = l.URL, l.FoundBy
		}
		html := s.policyHTML[canonicalURL(l.URL)]
		if html != "" {
			pol.URL, pol.FoundBy = l.URL, l.FoundBy
			return l.URL, html, nil
		}
		html, err := s.loadPolicy(work, l.URL)
		if err == nil {
			if i > 0 {
				pol.Warnings = append(pol.Warnings, fmt.Sprintf("the first privacy link (%s) could not be read; %s was read instead", s.policyLinks[0].URL, l.URL))
			}
			pol.URL, pol.FoundBy = l.URL, l.FoundBy
			return l.URL, html, nil
		}
		if work.Err() != nil {
			return "", "", work.Err()
		}
		s.res.AddError("policy", l.URL, err)
	}
	return "", "", nil
}

// privacyRankLimit is the rank from which a policy link only says
// "policy" (findPolicyLinks): such links are not tried after a failure.
const privacyRankLimit = 100000

// errPolicyPDF is the error for a privacy policy published as a PDF.
var errPolicyPDF = errors.New("the privacy policy is a PDF, not a web page; it was not read (save it as HTML or text and pass it with --policy FILE)")

// loadPolicy opens the policy in the tab (it may be rendered by script),
// without recording it as a page of the site, and returns its HTML.
func (s *scan) loadPolicy(work context.Context, pageURL string) (string, error) {
	s.col.pause()
	ctx, cancel := context.WithTimeout(work, s.opts.LoadTimeout)
	defer cancel()
	if strings.EqualFold(path.Ext(pathOf(pageURL)), ".pdf") {
		return "", errPolicyPDF
	}
	resp, err := s.navigate(ctx, pageURL)
	if err != nil {
		var le *chromedp.LoadError
		switch {
		case errors.As(err, &le):
			return "", fmt.Errorf("load the privacy policy: %s", describeLoadError(le.ErrorText))
		case !errors.Is(err, context.DeadlineExceeded) || work.Err() != nil:
			return "", fmt.Errorf("load the privacy policy: %w", err)
		case resp == nil:
			return "", fmt.Errorf("load the privacy policy: no response: the server did not answer within %s", s.opts.LoadTimeout)
		}
	}
	if resp != nil && resp.Status >= 400 {
		return "", fmt.Errorf("load the privacy policy: the link is broken: HTTP %d %s", resp.Status, resp.StatusText)
	}
	if resp != nil && strings.Contains(strings.ToLower(resp.MimeType), "pdf") {
		return "", errPolicyPDF
	}
	if resp != nil && resp.MimeType != "" && !strings.Contains(resp.MimeType, "html") && !strings.HasPrefix(resp.MimeType, "text/") {
		return "", fmt.Errorf("the privacy policy is %s, not a web page; it was not read", resp.MimeType)
	}
	s.waitQuiet(ctx)
	return chromedp.Run(ctx, chromedp.Evaluate[string](pageHTMLJS))
}

// probePathJS asks the site, from its own page, which common policy path
// answers with an HTML page that speaks of privacy; the paths are asked at
// once and the first in list order wins. The two %s are the JSON lists of
// paths and of policy words.
const probePathJS = `(async (paths, words) => {
  const probe = async (p) => {
    try {
      const r = await fetch(p, {credentials: 'same-origin', redirect: 'follow'});
      const ct = r.headers.get('content-type') || '';
      if (!r.ok || !ct.includes('html')) return '';
      // A soft 404 (the same page for every path) does not count.
      const text = (await r.text()).slice(0, 200000).toLowerCase();
      return words.some((w) => text.includes(w)) ? new URL(r.url, location.href).href : '';
    } catch (e) {
      return '';
    }
  };
  const found = await Promise.all(paths.map(probe));
  return found.find((u) => u !== '') || '';
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
