package e2e

import (
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// expect is one finding a fixture site must produce.
type expect struct {
	// Check is the check's ID. For a claim check, Kind and Quote (a
	// fragment of the policy sentence) pick the claim; for undisclosed
	// practice, Subject is a fragment of the finding's ID.
	Check, Kind, Quote, Subject string
	Outcome                     result.Outcome
	// Severity, when set, must be the finding's.
	Severity result.Severity
	// Evidence must all be present on the finding.
	Evidence []evidenceWant
}

// evidenceWant is one evidence item a finding must carry, described for
// the failure message.
type evidenceWant struct {
	what  string
	match func(result.Evidence) bool
}

func reqEv(host, path string) evidenceWant {
	return evidenceWant{"request to " + host + path, requestTo(host, path)}
}

func cookieEv(name, domain, setter string) evidenceWant {
	return evidenceWant{"cookie " + name + " on " + domain + " set by " + setter, cookieNamed(name, domain, setter)}
}

func behaviourEv(kind, host string) evidenceWant {
	return evidenceWant{kind + " by a script from " + host, func(e result.Evidence) bool {
		return e.Kind == "behaviour" && e.Name == kind && e.Host == host
	}}
}

// find returns the finding w describes.
func (w expect) find(t *testing.T, r *result.Result) result.Finding {
	t.Helper()
	if w.Kind != "" {
		return claimFinding(t, r, w.Check, w.Kind, w.Quote)
	}
	for _, f := range findingsOf(r, w.Check) {
		if strings.Contains(strings.ToLower(f.ID), strings.ToLower(w.Subject)) {
			return f
		}
	}
	t.Fatalf("no %s finding about %q\n%s", w.Check, w.Subject, dump(r))
	return result.Finding{}
}

// assertFindings checks every expectation against r.
func assertFindings(t *testing.T, r *result.Result, wants []expect) {
	t.Helper()
	for _, w := range wants {
		f := w.find(t, r)
		if f.Outcome != w.Outcome {
			t.Errorf("%s: outcome %s (%s), want %s", f.ID, f.Outcome, f.Message, w.Outcome)
		}
		if w.Severity != "" && f.Severity != w.Severity {
			t.Errorf("%s: severity %s, want %s", f.ID, f.Severity, w.Severity)
		}
		if w.Outcome == result.OutcomeBroken && (f.Claim == nil || !strings.Contains(f.Claim.Quote, w.Quote)) {
			t.Errorf("%s: broken without the policy's quote %q: %+v", f.ID, w.Quote, f.Claim)
		}
		for _, ev := range w.Evidence {
			if !hasEvidence(f, ev.match) {
				t.Errorf("%s: no evidence %s", f.ID, ev.what)
			}
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Log(dump(r))
	}
}

// TestClaimsBrokenByTrackers scans one site per tracker, each with a policy
// that promises what the tracker breaks, and checks the exact verdict and
// the evidence that proves it.
func TestClaimsBrokenByTrackers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		spec siteSpec
		want []expect
		// quiet: no undisclosed practice may fail (gate a CI run).
		quiet bool
	}{
		{
			name: "Google Analytics vs no analytics and no Google Analytics",
			spec: siteSpec{
				Host:   "www.ga-site.test",
				Head:   gtagTag,
				Policy: []string{"We do not use analytics.", "We do not use Google Analytics."},
			},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-ANALYTICS", Kind: "no-analytics", Quote: "We do not use analytics.", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(gaHost, "/g/collect?v=2&tid=G-E2ETEST01"), cookieEv("_ga", "ga-site.test", gtmHost)}},
				{Check: "CANDOR-CLAIM-DENIES-THIRD-PARTY", Kind: "denies-third-party", Quote: "Google Analytics", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(gaHost, "/g/collect")}},
				{Check: "CANDOR-UNDISCLOSED", Subject: "google", Outcome: result.OutcomeFail, Severity: result.SeverityHigh,
					Evidence: []evidenceWant{reqEv(gaHost, "/g/collect")}},
			},
		},
		{
			name: "Facebook pixel vs no advertising and no third-party cookies",
			spec: siteSpec{
				Host:   "www.fb-site.test",
				Head:   fbPixelTag,
				Policy: []string{"We do not show ads on this website.", "We do not allow third-party cookies."},
			},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-ADVERTISING", Kind: "no-advertising", Quote: "We do not show ads", Outcome: result.OutcomeBroken,
					// Facebook's category is social, so its cookies (not its
					// requests) are what make this advertising.
					Evidence: []evidenceWant{cookieEv("_fbp", "fb-site.test", fbScriptHost), cookieEv("fr", "facebook.com", fbHost)}},
				{Check: "CANDOR-CLAIM-NO-THIRD-PARTY-COOKIES", Kind: "no-third-party-cookies", Quote: "third-party cookies", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{cookieEv("fr", "facebook.com", fbHost)}},
				{Check: "CANDOR-UNDISCLOSED", Subject: "facebook", Outcome: result.OutcomeFail, Severity: result.SeverityHigh,
					Evidence: []evidenceWant{reqEv(fbScriptHost, "/en_US/fbevents.js"), reqEv(fbHost, "/tr/?id=112233445566778&ev=PageView")}},
			},
		},
		{
			name: "Facebook pixel without cookies vs no advertising and no tracking",
			spec: siteSpec{
				// Meta does not recognise this visitor: no fr, and the
				// noscript pixel sets no _fbp.
				Host:   "www.fb-nocookie.test",
				Body:   `<img height="1" width="1" style="display:none" alt="" src="https://www.facebook.com/tr?id=112233445566778&ev=PageView&noscript=1">`,
				Policy: []string{"We do not show ads on this website.", "We do not track you."},
			},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-ADVERTISING", Kind: "no-advertising", Quote: "We do not show ads", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(fbHost, "/tr?id=112233445566778&ev=PageView")}},
				{Check: "CANDOR-CLAIM-NO-TRACKING", Kind: "no-tracking", Quote: "We do not track you.", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(fbHost, "/tr?id=112233445566778&ev=PageView")}},
			},
		},
		{
			name: "DoubleClick IDE vs no advertising",
			spec: siteSpec{
				Host:   "www.ads-site.test",
				Body:   adsTag,
				Policy: []string{"There is no advertising on this site."},
			},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-ADVERTISING", Kind: "no-advertising", Quote: "no advertising", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(adsHost, "/pagead/viewthroughconversion/987654321/"), cookieEv("IDE", "doubleclick.net", adsHost)}},
				{Check: "CANDOR-UNDISCLOSED", Subject: "google", Outcome: result.OutcomeFail, Severity: result.SeverityHigh,
					Evidence: []evidenceWant{cookieEv("IDE", "doubleclick.net", adsHost)}},
			},
		},
		{
			name: "Hotjar recorder vs no tracking",
			spec: siteSpec{
				Host:   "www.hotjar-site.test",
				Head:   hotjarTag,
				Policy: []string{"We do not track you."},
			},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-TRACKING", Kind: "no-tracking", Quote: "We do not track you.", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(hotjarHost, "/c/hotjar-3456789.js"), cookieEv("_hjSessionUser_3456789", "hotjar-site.test", hotjarHost),
						behaviourEv("session-recording", hotjarHost)}},
				{Check: "CANDOR-UNDISCLOSED", Subject: "hotjar", Outcome: result.OutcomeFail, Severity: result.SeverityHigh,
					Evidence: []evidenceWant{reqEv(hotjarHost, "/c/hotjar-3456789.js"), reqEv(hotjarIngest, "/api/v2/client/sites/3456789/visit-data")}},
				{Check: "CANDOR-UNDISCLOSED-BEHAVIOUR", Subject: "session-recording-hotjar", Outcome: result.OutcomeFail, Severity: result.SeverityHigh,
					Evidence: []evidenceWant{behaviourEv("session-recording", hotjarHost)}},
			},
		},
		{
			name: "undisclosed CDN is low and does not gate",
			spec: siteSpec{
				Host:   "www.cdn-site.test",
				Head:   jsdelivrTag,
				Policy: []string{"We do not use analytics."},
			},
			want: []expect{
				{Check: "CANDOR-UNDISCLOSED", Subject: "jsdelivr", Outcome: result.OutcomeInfo, Severity: result.SeverityLow,
					Evidence: []evidenceWant{reqEv(jsdelivrHost, "/npm/alpinejs@3.14.1/dist/cdn.min.js")}},
				{Check: "CANDOR-CLAIM-NO-ANALYTICS", Kind: "no-analytics", Quote: "We do not use analytics.", Outcome: result.OutcomeKept},
			},
			quiet: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := judgeScan(t, serve(t, tt.spec))
			assertFindings(t, r, tt.want)
			if tt.quiet {
				for _, f := range undisclosedFails(r) {
					t.Errorf("undisclosed practice fails: %s %s", f.ID, f.Message)
				}
			}
		})
	}
}
