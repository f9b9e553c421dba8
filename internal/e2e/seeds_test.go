package e2e

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/candor-audit/candor/audit/policy"
	"github.com/candor-audit/candor/internal/result"
)

// TestSeedPolicies serves the real seed policies (../../../shared/seeds) as
// fixture sites' policy pages, in the minimal HTML a site would send, and
// checks the verdicts on sites that keep and sites that break them.
func TestSeedPolicies(t *testing.T) {
	t.Parallel()
	const thirdParties = "The Session has no third-party scripts or cookies: no advertising; no tracking; no analytics."
	tests := []struct {
		name, seed string
		spec       siteSpec
		want       []expect
		// gating says whether undisclosed practice that fails may appear.
		gating bool
	}{
		{
			name: "000 thesession.org on a clean site with a YouTube embed",
			seed: "000_",
			spec: siteSpec{Host: "www.session-clean.test", Body: youtubeTag},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-THIRD-PARTY-SCRIPTS", Kind: "no-third-party-scripts", Quote: thirdParties, Outcome: result.OutcomeKept,
					// The player's script runs inside the disclosed embed: listed, not breaking.
					Evidence: []evidenceWant{reqEv(youtubeHost, "/s/player/e2e/player_ias.vflset/en_US/base.js")}},
				{Check: "CANDOR-CLAIM-DISCLOSES-THIRD-PARTY", Kind: "discloses-third-party", Quote: "YouTube", Outcome: result.OutcomeKept,
					Evidence: []evidenceWant{reqEv(youtubeHost, "/embed/x")}},
				{Check: "CANDOR-CLAIM-NO-THIRD-PARTY-COOKIES", Kind: "no-third-party-cookies", Quote: thirdParties, Outcome: result.OutcomeKept},
				{Check: "CANDOR-CLAIM-NO-ANALYTICS", Kind: "no-analytics", Quote: thirdParties, Outcome: result.OutcomeKept},
				{Check: "CANDOR-CLAIM-NO-TRACKING", Kind: "no-tracking", Quote: thirdParties, Outcome: result.OutcomeKept},
				{Check: "CANDOR-CLAIM-NO-ADVERTISING", Kind: "no-advertising", Quote: thirdParties, Outcome: result.OutcomeKept},
			},
		},
		{
			name: "000 thesession.org on a site with Google Analytics",
			seed: "000_",
			spec: siteSpec{Host: "www.session-ga.test", Head: gtagTag},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-ANALYTICS", Kind: "no-analytics", Quote: "no analytics", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(gaHost, "/g/collect"), cookieEv("_ga", "session-ga.test", gtmHost)}},
				{Check: "CANDOR-CLAIM-NO-TRACKING", Kind: "no-tracking", Quote: "no tracking", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{cookieEv("_ga", "session-ga.test", gtmHost)}},
				{Check: "CANDOR-CLAIM-NO-THIRD-PARTY-SCRIPTS", Kind: "no-third-party-scripts", Quote: "no third-party scripts", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(gtmHost, "/gtag/js?id=G-E2ETEST01")}},
				{Check: "CANDOR-UNDISCLOSED", Subject: "google", Outcome: result.OutcomeFail, Severity: result.SeverityHigh},
			},
			gating: true,
		},
		{
			name: "001 getsession.org: app claims out of scope, website disclosures kept",
			seed: "001_",
			spec: siteSpec{Host: "www.getsession-site.test", Head: cdnjsTag,
				Body: `<script>document.cookie = "fca_eoi_pagecount=1; path=/; max-age=2592000; SameSite=Lax";</script>`},
			want: []expect{
				{Check: "CANDOR-CLAIM-BACKEND", Kind: "no-sharing", Quote: "The Session App does not collect or share your information.", Outcome: result.OutcomeOutOfScope},
				{Check: "CANDOR-CLAIM-BACKEND", Kind: "no-ip-logging", Quote: "IP address", Outcome: result.OutcomeOutOfScope},
				{Check: "CANDOR-CLAIM-DISCLOSES-THIRD-PARTY", Kind: "discloses-third-party", Quote: "Google Play", Outcome: result.OutcomeOutOfScope},
				{Check: "CANDOR-CLAIM-DISCLOSES-THIRD-PARTY", Kind: "discloses-third-party", Quote: "We use Cloudflare services", Outcome: result.OutcomeKept,
					Evidence: []evidenceWant{reqEv(cdnjsHost, "/lodash.min.js")}},
				{Check: "CANDOR-CLAIM-DISCLOSES-COOKIE", Kind: "discloses-cookie", Quote: "fca_eoi_pagecount", Outcome: result.OutcomeKept,
					Evidence: []evidenceWant{cookieEv("fca_eoi_pagecount", "www.getsession-site.test", "")}},
				{Check: "CANDOR-CLAIM-NO-TRACKING", Kind: "no-tracking", Quote: "never attempts to link your usage", Outcome: result.OutcomeKept},
			},
		},
		{
			name: "002 getsession.org flattened: app claims out of scope",
			seed: "002_",
			spec: siteSpec{Host: "www.getsession-flat.test", Head: cdnjsTag},
			want: []expect{
				{Check: "CANDOR-CLAIM-BACKEND", Kind: "no-sharing", Quote: "does not collect or share your information", Outcome: result.OutcomeOutOfScope},
				{Check: "CANDOR-CLAIM-BACKEND", Kind: "no-ip-logging", Quote: "your IP is not recorded", Outcome: result.OutcomeOutOfScope},
				{Check: "CANDOR-CLAIM-DISCLOSES-THIRD-PARTY", Kind: "discloses-third-party", Quote: "We use Cloudflare services", Outcome: result.OutcomeKept},
				{Check: "CANDOR-CLAIM-NO-TRACKING", Kind: "no-tracking", Quote: "never attempts to link your usage", Outcome: result.OutcomeKept},
			},
		},
		{
			name: "003 SessionLinked on a site with Hotjar",
			seed: "003_",
			spec: siteSpec{Host: "www.sessionlinked-site.test", Head: hotjarTag},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-TRACKING", Kind: "no-tracking", Quote: "We do not run third-party tracking scripts on our website.", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(hotjarHost, "/c/hotjar-3456789.js"), behaviourEv("session-recording", hotjarHost)}},
				{Check: "CANDOR-CLAIM-ESSENTIAL-COOKIES-ONLY", Kind: "essential-cookies-only", Quote: "does not set non-essential cookies", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{cookieEv("_hjSessionUser_3456789", "sessionlinked-site.test", hotjarHost)}},
				{Check: "CANDOR-CLAIM-NO-ANALYTICS", Kind: "no-analytics", Quote: "third-party analytics providers", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(hotjarIngest, "/visit-data")}},
				{Check: "CANDOR-UNDISCLOSED", Subject: "hotjar", Outcome: result.OutcomeFail, Severity: result.SeverityHigh},
				{Check: "CANDOR-UNDISCLOSED-BEHAVIOUR", Subject: "session-recording-hotjar", Outcome: result.OutcomeFail},
			},
			gating: true,
		},
		{
			name: "004 masession with a DoubleClick tag",
			seed: "004_",
			spec: siteSpec{Host: "www.masession-site.test", Body: adsTag,
				SetCookies: []string{"__Host-session=6b1d0c; Path=/; Secure; HttpOnly; SameSite=Lax"}},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-ADVERTISING", Kind: "no-advertising", Quote: "We do not use third-party advertising trackers.", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{reqEv(adsHost, "/pagead/viewthroughconversion/"), cookieEv("IDE", "doubleclick.net", adsHost)}},
				{Check: "CANDOR-CLAIM-ESSENTIAL-COOKIES-ONLY", Kind: "essential-cookies-only", Quote: "essential authentication and session cookies", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{cookieEv("IDE", "doubleclick.net", adsHost)}},
			},
			gating: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.spec.PolicyHTML = seedHTML(readSeed(t, tt.seed))
			r := judgeScan(t, serve(t, tt.spec))
			assertFindings(t, r, tt.want)
			assertEveryClaimJudged(t, r)
			if fails := undisclosedFails(r); !tt.gating && len(fails) > 0 {
				for _, f := range fails {
					t.Errorf("undisclosed (fail) on a site that discloses everything: %s %s", f.ID, f.Message)
				}
			}
		})
	}
}

// assertEveryClaimJudged checks that each claim read has exactly one
// finding, and that app claims are out of scope and nothing else is.
func assertEveryClaimJudged(t *testing.T, r *result.Result) {
	t.Helper()
	type key struct {
		kind, subject string
		offset        int
	}
	judged := map[key]result.Outcome{}
	for _, f := range r.Findings {
		if f.Claim != nil {
			judged[key{f.Claim.Kind, f.Claim.Subject, f.Claim.Offset}] = f.Outcome
		}
	}
	for _, c := range r.Policy.Claims {
		out, ok := judged[key{c.Kind, c.Subject, c.Offset}]
		switch {
		case !ok:
			t.Errorf("claim %s %q at %d has no finding", c.Kind, c.Subject, c.Offset)
		case (c.Scope == result.ScopeApp) != (out == result.OutcomeOutOfScope):
			t.Errorf("claim %s %q scope %s judged %s", c.Kind, c.Subject, c.Scope, out)
		}
	}
}

// TestSeedPolicyServedAsPlainText serves each seed as text/plain, as a site
// publishing privacy.txt would, and expects the scan to read the same
// claims (kind, subject, scope) as reading the file itself.
func TestSeedPolicyServedAsPlainText(t *testing.T) {
	t.Parallel()
	for i, seed := range []string{"000_", "001_", "002_", "003_", "004_"} {
		t.Run(seed, func(t *testing.T) {
			t.Parallel()
			text := readSeed(t, seed)
			direct, err := policy.Read(context.Background(), policy.Source{Name: seed, Data: []byte(text)})
			if err != nil {
				t.Fatal(err)
			}
			r := judgeScan(t, serve(t, siteSpec{Host: fmt.Sprintf("www.plain-seed-%d.test", i), PolicyPlain: text}))
			got, want := claimSet(r.Policy.Claims), claimSet(direct.Claims)
			for _, c := range want {
				if !slices.Contains(got, c) {
					t.Errorf("claim read from the file but not from the text/plain page: %s", c)
				}
			}
			for _, c := range got {
				if !slices.Contains(want, c) {
					t.Errorf("claim read from the text/plain page but not from the file: %s", c)
				}
			}
		})
	}
}

// claimSet lists the distinct kind|subject|scope|quote of claims, sorted.
func claimSet(cs []result.Claim) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		k := c.Kind + "|" + c.Subject + "|" + c.Scope + "|" + c.Quote
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
