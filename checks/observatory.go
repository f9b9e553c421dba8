package checks

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// obsResult is one Mozilla HTTP Observatory–compatible test outcome.
type obsResult struct {
	test     string // the Observatory test name, e.g. strict-transport-security
	code     string // its result, e.g. hsts-not-implemented
	modifier int    // its score modifier
	// scored says the result counts towards the score; false when the
	// test could not be run on what the result holds.
	scored   bool
	outcome  result.Outcome
	message  string
	evidence []result.Evidence
}

// The Observatory tests Candor scores, in report order.
const (
	testCSP       = "content-security-policy"
	testCookies   = "cookies"
	testCORS      = "cross-origin-resource-sharing"
	testRedirect  = "redirection"
	testReferrer  = "referrer-policy"
	testHSTS      = "strict-transport-security"
	testSRI       = "subresource-integrity"
	testXCTO      = "x-content-type-options"
	testXFO       = "x-frame-options"
	testCORP      = "cross-origin-resource-policy"
	hstsMinMaxAge = 15552000 // 180 days, the Observatory's six months
)

var observatoryOrder = []string{testCSP, testCookies, testCORS, testRedirect, testReferrer, testHSTS, testSRI, testXCTO, testXFO, testCORP}

// observatory runs every scored test on the result once.
func observatory(in *Input) map[string]obsResult {
	out := map[string]obsResult{}
	h := in.Result.Security.Headers
	if len(h) == 0 {
		for _, t := range observatoryOrder {
			out[t] = obsResult{test: t, outcome: result.OutcomeUnverifiable,
				message: "No response headers of the main document were recorded, so this test could not run."}
		}
		return out
	}
	csp := parseCSP(h["content-security-policy"])
	out[testCSP] = cspTest(h["content-security-policy"], csp)
	out[testCookies] = cookieTest(in)
	out[testCORS] = corsTest(h["access-control-allow-origin"])
	out[testRedirect] = redirectTest(in)
	out[testReferrer] = referrerTest(h["referrer-policy"])
	out[testHSTS] = hstsTest(in)
	out[testSRI] = sriTest(in)
	out[testXCTO] = xctoTest(h["x-content-type-options"])
	out[testXFO] = xfoTest(h["x-frame-options"], csp)
	out[testCORP] = corpTest(h["cross-origin-resource-policy"])
	return out
}

// scoredResult builds a counted result; a non-negative modifier passes.
func scoredResult(test, code string, modifier int, message string, ev ...result.Evidence) obsResult {
	o := result.OutcomePass
	if modifier < 0 {
		o = result.OutcomeFail
	}
	return obsResult{test: test, code: code, modifier: modifier, scored: true, outcome: o, message: message, evidence: ev}
}

// hygieneScore applies the Observatory's arithmetic: start at 100, add
// every penalty, floor at 0, and add bonuses only when the score without
// them is at least 90. ok is false when no test was scored.
func hygieneScore(results map[string]obsResult) (score int, grade string, ok bool) {
	penalties, bonuses := 0, 0
	for _, r := range results {
		if !r.scored {
			continue
		}
		ok = true
		if r.modifier < 0 {
			penalties += r.modifier
		} else {
			bonuses += r.modifier
		}
	}
	if !ok {
		return 0, "", false
	}
	return finalScore(penalties, bonuses)
}

func finalScore(penalties, bonuses int) (int, string, bool) {
	score := max(100+penalties, 0)
	if score >= 90 {
		score += bonuses
	}
	return score, Grade(score), true
}

// Grade is the Observatory letter grade for a score.
func Grade(score int) string {
	bands := []struct {
		min   int
		grade string
	}{{100, "A+"}, {90, "A"}, {85, "A-"}, {80, "B+"}, {70, "B"}, {65, "B-"}, {60, "C+"}, {50, "C"}, {45, "C-"}, {40, "D+"}, {30, "D"}, {25, "D-"}}
	for _, b := range bands {
		if score >= b.min {
			return b.grade
		}
	}
	return "F"
}

// csp is a parsed Content-Security-Policy: one directive map per policy
// (several headers may be joined by commas or newlines).
type csp []map[string][]string

func parseCSP(raw string) csp {
	var out csp
	for _, policy := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == '\n' }) {
		dirs := map[string][]string{}
		for _, d := range strings.Split(policy, ";") {
			f := strings.Fields(strings.ToLower(d))
			if len(f) == 0 {
				continue
			}
			if _, dup := dirs[f[0]]; !dup { // the first occurrence wins
				dirs[f[0]] = f[1:]
			}
		}
		if len(dirs) > 0 {
			out = append(out, dirs)
		}
	}
	return out
}

func (c csp) has(directive string) bool {
	for _, p := range c {
		if _, ok := p[directive]; ok {
			return true
		}
	}
	return false
}

func cspTest(raw string, c csp) obsResult {
	ev := headerEvidence("content-security-policy", raw, "")
	if strings.TrimSpace(raw) == "" {
		return scoredResult(testCSP, "csp-not-implemented", -25, "No Content-Security-Policy header.")
	}
	if len(c) == 0 {
		return scoredResult(testCSP, "csp-header-invalid", -25, "The Content-Security-Policy header could not be parsed.", ev)
	}
	// Each policy restricts on its own; the strictest one decides.
	best := obsResult{modifier: -100}
	for _, p := range c {
		if r := cspPolicyTest(p, ev); r.modifier > best.modifier {
			best = r
		}
	}
	return best
}

func cspPolicyTest(p map[string][]string, ev result.Evidence) obsResult {
	script, ok := p["script-src"]
	if !ok {
		script, ok = p["default-src"]
	}
	if !ok {
		return scoredResult(testCSP, "csp-implemented-with-unsafe-inline", -20, "The CSP sets neither script-src nor default-src, so any script may run.", ev)
	}
	has := func(list []string, v string) bool {
		for _, s := range list {
			if s == v {
				return true
			}
		}
		return false
	}
	nonceOrHash, strictDynamic := false, has(script, "'strict-dynamic'")
	broad, insecure := false, false
	for _, s := range script {
		switch {
		case strings.HasPrefix(s, "'nonce-"), strings.HasPrefix(s, "'sha256-"), strings.HasPrefix(s, "'sha384-"), strings.HasPrefix(s, "'sha512-"):
			nonceOrHash = true
		case s == "*" || s == "https:" || s == "data:" || s == "http:":
			broad = true
		case strings.HasPrefix(s, "http://"):
			insecure = true
		}
	}
	if strictDynamic && nonceOrHash {
		broad, insecure = false, false // host sources are ignored under strict-dynamic
	}
	switch {
	case has(script, "'unsafe-inline'") && !nonceOrHash:
		return scoredResult(testCSP, "csp-implemented-with-unsafe-inline", -20, "The CSP allows 'unsafe-inline' in script-src.", ev)
	case broad:
		return scoredResult(testCSP, "csp-implemented-with-unsafe-inline", -20, "The CSP lets scripts load from any host or data: URLs, which is as weak as 'unsafe-inline'.", ev)
	case insecure:
		return scoredResult(testCSP, "csp-implemented-with-insecure-scheme", -20, "The CSP allows scripts over plain http.", ev)
	case has(script, "'unsafe-eval'"):
		return scoredResult(testCSP, "csp-implemented-with-unsafe-eval", -10, "The CSP allows 'unsafe-eval' in script-src.", ev)
	}
	style, ok := p["style-src"]
	if !ok {
		style = p["default-src"]
	}
	if has(style, "'unsafe-inline'") {
		return scoredResult(testCSP, "csp-implemented-with-unsafe-inline-in-style-src-only", 0, "The CSP is sound for scripts but allows 'unsafe-inline' styles.", ev)
	}
	if d := p["default-src"]; len(d) == 1 && d[0] == "'none'" {
		return scoredResult(testCSP, "csp-implemented-with-no-unsafe-default-src-none", 10, "The CSP denies by default (default-src 'none') with no unsafe sources.", ev)
	}
	return scoredResult(testCSP, "csp-implemented-with-no-unsafe", 5, "The CSP has no unsafe script sources.", ev)
}

// sessionCookie follows the Observatory: a cookie whose name mentions a
// session or login.
func sessionCookie(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "sess") || strings.Contains(n, "login")
}

func csrfCookie(name string) bool {
	return strings.Contains(strings.ToLower(name), "csrf") || strings.Contains(strings.ToLower(name), "xsrf")
}

// cookieTest grades the site's own cookies set by its responses (the
// Observatory sees Set-Cookie headers, not cookies written by scripts).
func cookieTest(in *Input) obsResult {
	hsts := in.Result.Security.HSTS != nil && in.https
	worst := obsResult{}
	worstSet := false
	consider := func(code string, mod int, msg string, ev result.Evidence) {
		if !worstSet || mod < worst.modifier {
			worst = scoredResult(testCookies, code, mod, msg, ev)
			worstSet = true
		}
	}
	n, allSameSite := 0, true
	for _, ci := range in.cookies {
		c := ci.c
		if ci.third || c.SetBy.Kind == "script" || ci.phase != PhaseLanded {
			continue
		}
		n++
		ev := cookieEvidence(ci, "")
		session, csrf := sessionCookie(c.Name), csrfCookie(c.Name)
		if c.SameSite == "" {
			allSameSite = false
		}
		if !c.Secure {
			switch {
			case session && hsts:
				consider("cookies-session-without-secure-flag-but-protected-by-hsts", -10, "Session cookie "+c.Name+" lacks Secure (HSTS limits the harm).", ev)
			case session:
				consider("cookies-session-without-secure-flag", -40, "Session cookie "+c.Name+" lacks the Secure flag.", ev)
			case hsts:
				consider("cookies-without-secure-flag-but-protected-by-hsts", -5, "Cookie "+c.Name+" lacks Secure (HSTS limits the harm).", ev)
			default:
				consider("cookies-without-secure-flag", -20, "Cookie "+c.Name+" lacks the Secure flag.", ev)
			}
		}
		if session && !csrf && !c.HTTPOnly {
			consider("cookies-session-without-httponly-flag", -30, "Session cookie "+c.Name+" lacks the HttpOnly flag.", ev)
		}
		if csrf && c.SameSite == "" {
			consider("cookies-anticsrf-without-samesite-flag", -20, "Anti-CSRF cookie "+c.Name+" lacks SameSite.", ev)
		}
	}
	switch {
	case n == 0:
		return scoredResult(testCookies, "cookies-not-found", 0, "The site set no cookies of its own by header.")
	case worstSet:
		return worst
	case allSameSite:
		return scoredResult(testCookies, "cookies-secure-with-httponly-sessions-and-samesite", 5, "Every cookie is Secure, session cookies are HttpOnly, and all set SameSite.")
	}
	return scoredResult(testCookies, "cookies-secure-with-httponly-sessions", 0, "Every cookie is Secure and session cookies are HttpOnly, but not all set SameSite.")
}

func corsTest(acao string) obsResult {
	ev := headerEvidence("access-control-allow-origin", acao, "")
	switch strings.TrimSpace(acao) {
	case "":
		return scoredResult(testCORS, "cross-origin-resource-sharing-not-implemented", 0, "Content is not shared cross-origin.")
	case "*":
		return scoredResult(testCORS, "cross-origin-resource-sharing-implemented-with-public-access", 0, "Public content is visible to every origin (Access-Control-Allow-Origin: *).", ev)
	}
	return scoredResult(testCORS, "cross-origin-resource-sharing-implemented-with-restricted-access", 0, "Content is shared with specific origins only.", ev)
}

func redirectTest(in *Input) obsResult {
	sec := in.Result.Security
	switch {
	case !in.https:
		return scoredResult(testRedirect, "redirection-missing", -20, "The site ends on a plain http page.", result.Evidence{Kind: EvPage, URL: in.Result.FinalURL})
	case sec.HTTPSRedirect == nil:
		return obsResult{test: testRedirect, outcome: result.OutcomeUnverifiable, message: "Whether http:// redirects to https was not checked; not scored."}
	case !*sec.HTTPSRedirect:
		return scoredResult(testRedirect, "redirection-missing", -20, "http:// does not redirect to https.", result.Evidence{Kind: EvPage, URL: "http://" + in.host + "/"})
	}
	return scoredResult(testRedirect, "redirection-to-https", 0, "http:// redirects to https.")
}

func referrerTest(raw string) obsResult {
	ev := headerEvidence("referrer-policy", raw, "")
	if strings.TrimSpace(raw) == "" {
		return scoredResult(testReferrer, "referrer-policy-not-implemented", 0, "No Referrer-Policy header (browsers default to strict-origin-when-cross-origin).")
	}
	// The last policy the browser understands applies.
	tokens := strings.Split(strings.ToLower(raw), ",")
	for i := len(tokens) - 1; i >= 0; i-- {
		switch strings.TrimSpace(tokens[i]) {
		case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
			return scoredResult(testReferrer, "referrer-policy-private", 5, "Referrer-Policy keeps URLs private.", ev)
		case "no-referrer-when-downgrade":
			return scoredResult(testReferrer, "referrer-policy-no-referrer-when-downgrade", 0, "Referrer-Policy sends full URLs to https sites.", ev)
		case "origin", "origin-when-cross-origin", "unsafe-url":
			return scoredResult(testReferrer, "referrer-policy-unsafe", -5, "Referrer-Policy sends referrers to other sites.", ev)
		}
	}
	return scoredResult(testReferrer, "referrer-policy-header-invalid", -5, "Referrer-Policy has no recognised value.", ev)
}

func hstsTest(in *Input) obsResult {
	h := in.Result.Security.HSTS
	switch {
	case !in.https:
		return scoredResult(testHSTS, "hsts-not-implemented-no-https", -20, "HSTS cannot be set on a site served over plain http.")
	case h == nil:
		return scoredResult(testHSTS, "hsts-not-implemented", -20, "No Strict-Transport-Security header.")
	}
	ev := headerEvidence("strict-transport-security", h.Raw, "")
	switch {
	case h.Raw != "" && !strings.Contains(strings.ToLower(h.Raw), "max-age"):
		return scoredResult(testHSTS, "hsts-header-invalid", -20, "The Strict-Transport-Security header has no max-age.", ev)
	case h.MaxAge < hstsMinMaxAge:
		return scoredResult(testHSTS, "hsts-implemented-max-age-less-than-six-months", -10,
			fmt.Sprintf("HSTS max-age is %d s, under six months (%d s).", h.MaxAge, hstsMinMaxAge), ev)
	}
	r := scoredResult(testHSTS, "hsts-implemented-max-age-at-least-six-months", 0, fmt.Sprintf("HSTS max-age is %d s.", h.MaxAge), ev)
	if !h.IncludeSubdomains {
		// Candor is stricter than the Observatory here: the score is
		// unchanged, the test fails.
		r.outcome = result.OutcomeFail
		r.message += " It lacks includeSubDomains, which Candor requires (the Observatory does not score it)."
	}
	if h.Preload {
		r.message += " The preload directive is set; whether the host is on the browsers' preload list is not checked, so no bonus is given."
	}
	return r
}

// sriTest needs the integrity attribute of each script element, which the
// result does not record. It can still fail a site for external scripts
// over plain http (at least -20 whatever SRI says); otherwise it is
// unverifiable.
func sriTest(in *Input) obsResult {
	var insecure, external, missing evidenceList
	for _, ri := range in.reqs {
		if ri.req.ResourceType != "Script" || ri.inFrame || !ri.third {
			continue
		}
		external.request(ri, "")
		if ri.req.Integrity == "" {
			missing.request(ri, "no integrity attribute")
		}
		if u, err := url.Parse(ri.req.URL); err == nil && u.Scheme == "http" {
			insecure.request(ri, "external script over plain http")
		}
	}
	switch {
	case external.empty():
		return scoredResult(testSRI, "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0, "No external script was loaded by the page.")
	case !insecure.empty() && missing.empty():
		return scoredResult(testSRI, "sri-implemented-but-external-scripts-not-loaded-securely", -20,
			"External scripts carry integrity attributes but load over plain http.", insecure.list()...)
	case !insecure.empty():
		return scoredResult(testSRI, "sri-not-implemented-and-external-scripts-not-loaded-securely", -50,
			"External scripts load over plain http without integrity attributes.", append(insecure.list(), missing.list()...)...)
	case missing.empty():
		return scoredResult(testSRI, "sri-implemented-and-external-scripts-loaded-securely", 5,
			"Every external script loads over https with an integrity attribute.", external.list()...)
	}
	return scoredResult(testSRI, "sri-not-implemented-but-external-scripts-loaded-securely", -5,
		"External scripts load without integrity attributes, so a compromised host could change them.", missing.list()...)
}

func xctoTest(raw string) obsResult {
	ev := headerEvidence("x-content-type-options", raw, "")
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "nosniff":
		return scoredResult(testXCTO, "x-content-type-options-nosniff", 0, "X-Content-Type-Options is nosniff.", ev)
	case "":
		return scoredResult(testXCTO, "x-content-type-options-not-implemented", -5, "No X-Content-Type-Options header.")
	}
	return scoredResult(testXCTO, "x-content-type-options-header-invalid", -5, "X-Content-Type-Options is not nosniff.", ev)
}

func xfoTest(raw string, c csp) obsResult {
	if c.has("frame-ancestors") {
		return scoredResult(testXFO, "x-frame-options-implemented-via-csp", 5, "Framing is controlled by the CSP frame-ancestors directive.")
	}
	ev := headerEvidence("x-frame-options", raw, "")
	v := strings.ToLower(strings.TrimSpace(raw))
	switch {
	case v == "":
		return scoredResult(testXFO, "x-frame-options-not-implemented", -20, "Neither X-Frame-Options nor CSP frame-ancestors is set, so any site may frame this one.")
	case v == "deny" || v == "sameorigin":
		return scoredResult(testXFO, "x-frame-options-sameorigin-or-deny", 0, "X-Frame-Options is "+raw+".", ev)
	case strings.HasPrefix(v, "allow-from"):
		return scoredResult(testXFO, "x-frame-options-allow-from-origin", 0, "X-Frame-Options uses ALLOW-FROM, which current browsers ignore.", ev)
	}
	return scoredResult(testXFO, "x-frame-options-header-invalid", -20, "X-Frame-Options has no recognised value.", ev)
}

func corpTest(raw string) obsResult {
	ev := headerEvidence("cross-origin-resource-policy", raw, "")
	switch v := strings.ToLower(strings.TrimSpace(raw)); v {
	case "":
		return scoredResult(testCORP, "cross-origin-resource-policy-not-implemented", 0, "No Cross-Origin-Resource-Policy header.")
	case "same-origin", "same-site", "cross-origin":
		return scoredResult(testCORP, "cross-origin-resource-policy-implemented-with-"+v, 0, "Cross-Origin-Resource-Policy is "+v+".", ev)
	}
	return scoredResult(testCORP, "cross-origin-resource-policy-header-invalid", -5, "Cross-Origin-Resource-Policy has no recognised value.", ev)
}

// obsFinding turns a test result into a finding with its Observatory
// result and modifier as evidence, which Summarize reads.
func obsFinding(r obsResult) result.Finding {
	ev := append([]result.Evidence{}, r.evidence...)
	if r.scored {
		ev = append(ev, result.Evidence{Kind: EvObservatory, Name: r.code, Value: fmt.Sprintf("%d", r.modifier), Detail: "Mozilla HTTP Observatory test " + r.test})
	}
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Kind != EvObservatory && ev[j].Kind == EvObservatory })
	return result.Finding{Outcome: r.outcome, Evidence: ev, Message: r.message}
}

func hygieneJudge(test string) func(*Input) []result.Finding {
	return func(in *Input) []result.Finding {
		return []result.Finding{obsFinding(in.hygiene[test])}
	}
}
