package checks

import (
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/result"
)

// obsOf returns the Observatory result code and modifier a hygiene
// finding carries ("" when it was not scored).
func obsOf(f result.Finding) (string, string) {
	for _, ev := range f.Evidence {
		if ev.Kind == EvObservatory {
			return ev.Name, ev.Value
		}
	}
	return "", ""
}

func TestHygieneHeaders(t *testing.T) {
	tests := []struct {
		name    string
		check   string
		setup   func(*result.Result)
		code    string
		mod     string
		outcome result.Outcome
	}{
		// CSP.
		{"csp default-src none", "CANDOR-HDR-CSP", nil, "csp-implemented-with-no-unsafe-default-src-none", "10", result.OutcomePass},
		{"csp absent", "CANDOR-HDR-CSP", hdr("content-security-policy", ""), "csp-not-implemented", "-25", result.OutcomeFail},
		{"csp unparseable", "CANDOR-HDR-CSP", hdr("content-security-policy", " ; ; "), "csp-header-invalid", "-25", result.OutcomeFail},
		{"csp self", "CANDOR-HDR-CSP", hdr("content-security-policy", "default-src 'self'"), "csp-implemented-with-no-unsafe", "5", result.OutcomePass},
		{"csp unsafe-inline", "CANDOR-HDR-CSP", hdr("content-security-policy", "default-src 'self'; script-src 'self' 'unsafe-inline'"), "csp-implemented-with-unsafe-inline", "-20", result.OutcomeFail},
		{"csp unsafe-inline with nonce", "CANDOR-HDR-CSP", hdr("content-security-policy", "script-src 'nonce-abc' 'unsafe-inline' 'strict-dynamic'; object-src 'none'"), "csp-implemented-with-no-unsafe", "5", result.OutcomePass},
		{"csp unsafe-eval", "CANDOR-HDR-CSP", hdr("content-security-policy", "default-src 'self'; script-src 'self' 'unsafe-eval'"), "csp-implemented-with-unsafe-eval", "-10", result.OutcomeFail},
		{"csp http source", "CANDOR-HDR-CSP", hdr("content-security-policy", "script-src 'self' http://cdn.example"), "csp-implemented-with-insecure-scheme", "-20", result.OutcomeFail},
		{"csp any https host", "CANDOR-HDR-CSP", hdr("content-security-policy", "script-src https:"), "csp-implemented-with-unsafe-inline", "-20", result.OutcomeFail},
		{"csp frame-ancestors only", "CANDOR-HDR-CSP", hdr("content-security-policy", "frame-ancestors 'none'"), "csp-implemented-with-unsafe-inline", "-20", result.OutcomeFail},
		{"csp unsafe style only", "CANDOR-HDR-CSP", hdr("content-security-policy", "default-src 'self'; style-src 'self' 'unsafe-inline'"), "csp-implemented-with-unsafe-inline-in-style-src-only", "0", result.OutcomePass},
		// HSTS.
		{"hsts two years", "CANDOR-HDR-HSTS", nil, "hsts-implemented-max-age-at-least-six-months", "0", result.OutcomePass},
		{"hsts absent", "CANDOR-HDR-HSTS", func(r *result.Result) { r.Security.HSTS = nil }, "hsts-not-implemented", "-20", result.OutcomeFail},
		{"hsts short", "CANDOR-HDR-HSTS", func(r *result.Result) { r.Security.HSTS.MaxAge = 86400 }, "hsts-implemented-max-age-less-than-six-months", "-10", result.OutcomeFail},
		{"hsts without includeSubDomains fails, unscored", "CANDOR-HDR-HSTS", func(r *result.Result) { r.Security.HSTS.IncludeSubdomains = false },
			"hsts-implemented-max-age-at-least-six-months", "0", result.OutcomeFail},
		{"hsts on http", "CANDOR-HDR-HSTS", func(r *result.Result) { r.FinalURL = "http://site.example/" }, "hsts-not-implemented-no-https", "-20", result.OutcomeFail},
		// X-Content-Type-Options, X-Frame-Options.
		{"xcto", "CANDOR-HDR-XCTO", nil, "x-content-type-options-nosniff", "0", result.OutcomePass},
		{"xcto absent", "CANDOR-HDR-XCTO", hdr("x-content-type-options", ""), "x-content-type-options-not-implemented", "-5", result.OutcomeFail},
		{"xcto wrong", "CANDOR-HDR-XCTO", hdr("x-content-type-options", "sniff"), "x-content-type-options-header-invalid", "-5", result.OutcomeFail},
		{"xfo via csp", "CANDOR-HDR-XFO", nil, "x-frame-options-implemented-via-csp", "5", result.OutcomePass},
		{"xfo deny", "CANDOR-HDR-XFO", hdr("content-security-policy", "default-src 'self'"), "x-frame-options-sameorigin-or-deny", "0", result.OutcomePass},
		{"xfo none", "CANDOR-HDR-XFO", all(hdr("content-security-policy", ""), hdr("x-frame-options", "")), "x-frame-options-not-implemented", "-20", result.OutcomeFail},
		{"xfo invalid", "CANDOR-HDR-XFO", all(hdr("content-security-policy", ""), hdr("x-frame-options", "maybe")), "x-frame-options-header-invalid", "-20", result.OutcomeFail},
		// Referrer-Policy.
		{"referrer strict", "CANDOR-HDR-REFERRER-POLICY", nil, "referrer-policy-private", "5", result.OutcomePass},
		{"referrer absent", "CANDOR-HDR-REFERRER-POLICY", hdr("referrer-policy", ""), "referrer-policy-not-implemented", "0", result.OutcomePass},
		{"referrer unsafe", "CANDOR-HDR-REFERRER-POLICY", hdr("referrer-policy", "unsafe-url"), "referrer-policy-unsafe", "-5", result.OutcomeFail},
		{"referrer fallback list", "CANDOR-HDR-REFERRER-POLICY", hdr("referrer-policy", "no-referrer, strict-origin-when-cross-origin"), "referrer-policy-private", "5", result.OutcomePass},
		{"referrer nonsense", "CANDOR-HDR-REFERRER-POLICY", hdr("referrer-policy", "whatever"), "referrer-policy-header-invalid", "-5", result.OutcomeFail},
		// CORP, CORS.
		{"corp", "CANDOR-HDR-CORP", nil, "cross-origin-resource-policy-implemented-with-same-origin", "0", result.OutcomePass},
		{"corp invalid", "CANDOR-HDR-CORP", hdr("cross-origin-resource-policy", "nobody"), "cross-origin-resource-policy-header-invalid", "-5", result.OutcomeFail},
		{"cors public", "CANDOR-HDR-CORS", hdr("access-control-allow-origin", "*"), "cross-origin-resource-sharing-implemented-with-public-access", "0", result.OutcomePass},
		// Redirect.
		{"redirect", "CANDOR-TLS-REDIRECT", nil, "redirection-to-https", "0", result.OutcomePass},
		{"no redirect", "CANDOR-TLS-REDIRECT", func(r *result.Result) { no := false; r.Security.HTTPSRedirect = &no }, "redirection-missing", "-20", result.OutcomeFail},
		{"redirect unchecked", "CANDOR-TLS-REDIRECT", func(r *result.Result) { r.Security.HTTPSRedirect = nil }, "", "", result.OutcomeUnverifiable},
		// Cookies.
		{"no own cookies", "CANDOR-COOKIE-FLAGS", nil, "cookies-not-found", "0", result.OutcomePass},
		{"all flags", "CANDOR-COOKIE-FLAGS", addCookie(cookie("PHPSESSID", "site.example", result.SetByHeader)), "cookies-secure-with-httponly-sessions-and-samesite", "5", result.OutcomePass},
		{"session without secure, hsts", "CANDOR-COOKIE-FLAGS", addCookie(flags(cookie("PHPSESSID", "site.example", result.SetByHeader), false, true, "Lax")),
			"cookies-session-without-secure-flag-but-protected-by-hsts", "-10", result.OutcomeFail},
		{"session without secure, no hsts", "CANDOR-COOKIE-FLAGS", all(func(r *result.Result) { r.Security.HSTS = nil },
			addCookie(flags(cookie("PHPSESSID", "site.example", result.SetByHeader), false, true, "Lax"))),
			"cookies-session-without-secure-flag", "-40", result.OutcomeFail},
		{"session without httponly", "CANDOR-COOKIE-FLAGS", addCookie(flags(cookie("sessionid", "site.example", result.SetByHeader), true, false, "Lax")),
			"cookies-session-without-httponly-flag", "-30", result.OutcomeFail},
		{"csrf without samesite", "CANDOR-COOKIE-FLAGS", addCookie(flags(cookie("csrftoken", "site.example", result.SetByHeader), true, false, "")),
			"cookies-anticsrf-without-samesite-flag", "-20", result.OutcomeFail},
		{"script and third-party cookies are not the site's headers", "CANDOR-COOKIE-FLAGS",
			addCookie(flags(gaCookie, false, false, ""), flags(ideCookie, false, false, "")), "cookies-not-found", "0", result.OutcomePass},
		// SRI.
		{"no external scripts", "CANDOR-SRI", nil, "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", "0", result.OutcomePass},
		{"external scripts over https without SRI", "CANDOR-SRI", addReq(cdnjs), "sri-not-implemented-but-external-scripts-loaded-securely", "-5", result.OutcomeFail},
		{"external scripts over https with SRI", "CANDOR-SRI", addReq(withSRI(cdnjs)), "sri-implemented-and-external-scripts-loaded-securely", "5", result.OutcomePass},
		{"external script over http", "CANDOR-SRI", addReq(result.Request{URL: "http://cdn.example/x.js", Host: "cdn.example", Site: "cdn.example", Party: result.ThirdParty, ResourceType: "Script", Page: siteURL}),
			"sri-not-implemented-and-external-scripts-not-loaded-securely", "-50", result.OutcomeFail},
		{"external script over http with SRI", "CANDOR-SRI", addReq(withSRI(result.Request{URL: "http://cdn.example/x.js", Host: "cdn.example", Site: "cdn.example", Party: result.ThirdParty, ResourceType: "Script", Page: siteURL})),
			"sri-implemented-but-external-scripts-not-loaded-securely", "-20", result.OutcomeFail},
		// Headers not recorded at all.
		{"no headers recorded", "CANDOR-HDR-CSP", func(r *result.Result) { r.Security.Headers = map[string]string{} }, "", "", result.OutcomeUnverifiable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			if tt.setup != nil {
				tt.setup(r)
			}
			f := only(t, r, tt.check)
			code, mod := obsOf(f)
			if code != tt.code || mod != tt.mod || f.Outcome != tt.outcome {
				t.Errorf("got %s %s %s, want %s %s %s\n%s", code, mod, f.Outcome, tt.code, tt.mod, tt.outcome, describe(f))
			}
		})
	}
}

func hdr(name, value string) func(*result.Result) {
	return func(r *result.Result) {
		if value == "" {
			delete(r.Security.Headers, name)
			return
		}
		r.Security.Headers[name] = value
	}
}

func flags(c result.Cookie, secure, httpOnly bool, sameSite string) result.Cookie {
	c.Secure, c.HTTPOnly, c.SameSite = secure, httpOnly, sameSite
	return c
}

func TestTLSHygiene(t *testing.T) {
	tests := []struct {
		name    string
		check   string
		setup   func(*result.Result)
		outcome result.Outcome
		sev     result.Severity
	}{
		{"cert fine", "CANDOR-TLS-CERT-EXPIRY", nil, result.OutcomePass, result.SeverityInfo},
		{"cert in 10 days", "CANDOR-TLS-CERT-EXPIRY", func(r *result.Result) { r.Security.TLS.NotAfter = scanStart.AddDate(0, 0, 10) }, result.OutcomeFail, result.SeverityHigh},
		{"cert in 15 days", "CANDOR-TLS-CERT-EXPIRY", func(r *result.Result) { r.Security.TLS.NotAfter = scanStart.AddDate(0, 0, 15) }, result.OutcomePass, result.SeverityInfo},
		{"cert expired", "CANDOR-TLS-CERT-EXPIRY", func(r *result.Result) { r.Security.TLS.NotAfter = scanStart.AddDate(0, 0, -1) }, result.OutcomeFail, result.SeverityCritical},
		{"no scan time", "CANDOR-TLS-CERT-EXPIRY", func(r *result.Result) { r.StartedAt = time.Time{} }, result.OutcomeUnverifiable, result.SeverityInfo},
		{"no tls recorded", "CANDOR-TLS-CERT-EXPIRY", func(r *result.Result) { r.Security.TLS = nil }, result.OutcomeUnverifiable, result.SeverityInfo},
		{"legacy refused", "CANDOR-TLS-LEGACY", nil, result.OutcomePass, result.SeverityInfo},
		{"legacy accepted", "CANDOR-TLS-LEGACY", func(r *result.Result) { r.Security.TLS.Legacy = []string{"TLS 1.0", "TLS 1.1"} }, result.OutcomeFail, result.SeverityMedium},
		{"legacy not probed", "CANDOR-TLS-LEGACY", func(r *result.Result) { r.Security.TLS.Legacy = nil }, result.OutcomeUnverifiable, result.SeverityInfo},
		{"no mixed content", "CANDOR-TLS-MIXED-CONTENT", nil, result.OutcomePass, result.SeverityInfo},
		{"mixed loaded", "CANDOR-TLS-MIXED-CONTENT", func(r *result.Result) {
			r.Security.MixedContent = []result.MixedContent{{URL: "http://x.example/a.png", ResourceType: "Image", Page: siteURL}}
		}, result.OutcomeFail, result.SeverityMedium},
		{"mixed blocked", "CANDOR-TLS-MIXED-CONTENT", func(r *result.Result) {
			r.Security.MixedContent = []result.MixedContent{{URL: "http://x.example/a.js", ResourceType: "Script", Page: siteURL, Blocked: true}}
		}, result.OutcomeInfo, result.SeverityLow},
		{"coop", "CANDOR-HDR-COOP", nil, result.OutcomePass, result.SeverityInfo},
		{"coop absent", "CANDOR-HDR-COOP", hdr("cross-origin-opener-policy", ""), result.OutcomeInfo, result.SeverityLow},
		{"no headless check", "CANDOR-SCAN-HEADLESS-DETECTION", func(r *result.Result) { r.Options.Phases = []string{"landed"} }, result.OutcomePass, result.SeverityInfo},
		{"headless check", "CANDOR-SCAN-HEADLESS-DETECTION", func(r *result.Result) {
			r.Behaviours = append(r.Behaviours, result.Behaviour{Kind: BehaviourHeadless, Script: "https://bot.example/check.js", Host: "bot.example", Page: siteURL, Detail: "read navigator.webdriver"})
		}, result.OutcomeInfo, result.SeverityLow},
		{"headless not watched", "CANDOR-SCAN-HEADLESS-DETECTION", func(r *result.Result) { r.Options.Phases = nil }, result.OutcomeUnverifiable, result.SeverityInfo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			if tt.setup != nil {
				tt.setup(r)
			}
			f := only(t, r, tt.check)
			if f.Outcome != tt.outcome || f.Severity != tt.sev {
				t.Errorf("got %s/%s, want %s/%s\n%s", f.Outcome, f.Severity, tt.outcome, tt.sev, describe(f))
			}
			if code, _ := obsOf(f); code != "" {
				t.Errorf("%s carries a score modifier; it is not an Observatory test", tt.check)
			}
		})
	}
}

func TestGrade(t *testing.T) {
	for score, want := range map[int]string{135: "A+", 100: "A+", 99: "A", 90: "A", 89: "A-", 85: "A-", 84: "B+", 80: "B+", 79: "B", 70: "B",
		69: "B-", 65: "B-", 64: "C+", 60: "C+", 59: "C", 50: "C", 49: "C-", 45: "C-", 44: "D+", 40: "D+", 39: "D", 30: "D", 29: "D-", 25: "D-", 24: "F", 0: "F"} {
		if got := Grade(score); got != want {
			t.Errorf("Grade(%d) = %s, want %s", score, got, want)
		}
	}
}

func TestHygieneScore(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*result.Result)
		score int
		grade string
	}{
		// CSP +10, XFO via CSP +5, referrer +5, the rest 0; SRI unscored.
		{"clean site", nil, 120, "A+"},
		// Bonuses dropped below 90: -25 CSP, -20 XFO, -20 HSTS = 35.
		{"bare site", func(r *result.Result) {
			r.Security.Headers = map[string]string{"content-type": "text/html", "referrer-policy": "no-referrer"}
			r.Security.HSTS = nil
		}, 100 - 25 - 20 - 20 - 5, "D"},
		// A -5 keeps the score at 95, over 90, so the bonuses count.
		{"one small penalty", hdr("x-content-type-options", ""), 115, "A+"},
		{"floor at zero", func(r *result.Result) {
			r.Security.Headers = map[string]string{"content-type": "text/html"}
			r.Security.HSTS = nil
			no := false
			r.Security.HTTPSRedirect = &no
			r.Cookies = append(r.Cookies, flags(cookie("PHPSESSID", "site.example", result.SetByHeader), false, false, ""))
		}, 0, "F"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			if tt.setup != nil {
				tt.setup(r)
			}
			in, err := NewInput(r, Options{Entities: testEntities(t)})
			if err != nil {
				t.Fatal(err)
			}
			s := Summarize(RunChecks(in, All()))
			if s.HygieneScore != tt.score || s.HygieneGrade != tt.grade {
				t.Errorf("score %d %s, want %d %s", s.HygieneScore, s.HygieneGrade, tt.score, tt.grade)
			}
		})
	}
	if s := Summarize(nil); s.HygieneGrade != "" || s.HygieneScore != 0 {
		t.Errorf("no findings: %+v, want no grade", s)
	}
}

// withSRI gives a request the integrity attribute of its element.
func withSRI(q result.Request) result.Request {
	q.Integrity = "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"
	return q
}
