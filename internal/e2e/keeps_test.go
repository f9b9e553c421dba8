package e2e

import (
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// TestSiteKeepsEveryClaim scans a site whose policy matches what it does:
// cookieless Plausible analytics and a library from Cloudflare's CDN, both
// disclosed, and no cookies. Nothing may come out broken or undisclosed.
func TestSiteKeepsEveryClaim(t *testing.T) {
	t.Parallel()
	r := judgeScan(t, serve(t, siteSpec{
		Host: "www.keeps.test",
		Head: plausibleTag + cdnjsTag,
		Policy: []string{
			"We do not use cookies for advertising.",
			"We use Plausible for cookieless analytics.",
			"Our site is served by Cloudflare.",
			"This website does not set any cookies.",
			"We do not use Google Analytics.",
			"We do not track you.",
		},
	}))
	if r.Policy.FoundBy == "" || r.Policy.FoundBy == "none" || len(r.Policy.Claims) == 0 {
		t.Fatalf("policy not read: %s", dump(r))
	}
	// The page really made the requests the policy discloses.
	for _, want := range []struct{ host, path string }{{plausibleHost, "/js/script.js"}, {plausibleHost, "/api/event"}, {cdnjsHost, "/lodash.min.js"}} {
		if !seenRequest(r, want.host, want.path) {
			t.Errorf("no request to %s%s recorded\n%s", want.host, want.path, dump(r))
		}
	}
	if len(r.Cookies) != 0 {
		t.Errorf("cookies = %v, want none", r.Cookies)
	}
	for _, f := range r.Findings {
		if f.Outcome == result.OutcomeBroken {
			t.Errorf("broken: %s %s", f.ID, f.Message)
		}
	}
	// Every organisation contacted is disclosed: no undisclosed finding at
	// all, not even an informational one.
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Check, "CANDOR-UNDISCLOSED") {
			t.Errorf("undisclosed: %s %s %s", f.ID, f.Outcome, f.Message)
		}
	}
	if r.Summary == nil || r.Summary.Broken != 0 || r.Summary.Undisclosed != 0 {
		t.Errorf("summary = %+v, want 0 broken and 0 undisclosed", r.Summary)
	}
	// Each promise was read and judged kept.
	for _, want := range []struct{ check, kind, quote string }{
		{"CANDOR-CLAIM-NO-ADVERTISING", "no-advertising", "for advertising"},
		{"CANDOR-CLAIM-NO-COOKIES", "no-cookies", "does not set any cookies"},
		{"CANDOR-CLAIM-DENIES-THIRD-PARTY", "denies-third-party", "Google Analytics"},
	} {
		if f := claimFinding(t, r, want.check, want.kind, want.quote); f.Outcome != result.OutcomeKept {
			t.Errorf("%s: %s (%s), want kept", f.ID, f.Outcome, f.Message)
		}
	}
	// Cookieless aggregate analytics alone does not break "no tracking": it
	// is info, with the evidence for a person to judge.
	f := claimFinding(t, r, "CANDOR-CLAIM-NO-TRACKING", "no-tracking", "We do not track you.")
	if f.Outcome != result.OutcomeInfo || !hasEvidence(f, requestTo(plausibleHost, "/api/event")) {
		t.Errorf("%s: %s (%s), want info with the Plausible event as evidence", f.ID, f.Outcome, f.Message)
	}
	// Both disclosures were seen and kept.
	for _, subject := range []string{"Plausible", "Cloudflare"} {
		f := disclosure(t, r, subject)
		if f.Outcome != result.OutcomeKept {
			t.Errorf("disclosure of %s: %s (%s), want kept", subject, f.Outcome, f.Message)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Log(dump(r))
	}
}

// seenRequest reports whether r recorded a request to host whose URL
// contains path.
func seenRequest(r *result.Result, host, path string) bool {
	for _, q := range r.Requests {
		if q.Host == host && strings.Contains(q.URL, path) {
			return true
		}
	}
	return false
}
