package checks

import (
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// seedClaim builds a claim like the policy reader's for the seed policies
// (see ../../shared/seeds/claims.md).
func seedClaim(kind, subject, scope string, offset int, quote string) result.Claim {
	return result.Claim{Kind: kind, Subject: subject, Scope: scope, Offset: offset, Quote: quote, Rule: "seed"}
}

// TestSeedLikeClaims runs the whole registry over results built from the
// seed policies' claim sets and plausible observations of each site, and
// checks the verdicts a person would expect. Run with -v to read them.
func TestSeedLikeClaims(t *testing.T) {
	type expect struct {
		id      string
		outcome result.Outcome
	}
	tests := []struct {
		name   string
		claims []result.Claim
		setup  func(*result.Result)
		want   []expect
	}{
		{
			name: "000 thesession.org: embeds disclosed, nothing else",
			claims: []result.Claim{
				seedClaim(KindNoThirdPartyScripts, "", "website", 100, "has no third-party scripts or cookies"),
				seedClaim(KindNoThirdPartyCookies, "", "website", 101, "has no third-party scripts or cookies"),
				seedClaim(KindNoAdvertising, "", "website", 200, "no advertising"),
				seedClaim(KindNoTracking, "", "website", 210, "no tracking"),
				seedClaim(KindNoAnalytics, "", "website", 220, "no analytics"),
				seedClaim(KindDisclosesThirdParty, "YouTube", "website", 300, "iframes with YouTube or Vimeo videos"),
				seedClaim(KindDisclosesThirdParty, "Vimeo", "website", 300, "iframes with YouTube or Vimeo videos"),
				seedClaim(KindDisclosesThirdParty, "SoundCloud", "website", 310, "Soundcloud players"),
				seedClaim(KindDisclosesThirdParty, "OpenStreetMap", "website", 320, "map tiles from OpenStreetMap"),
				seedClaim(KindEncryptsInTransit, "", "website", 400, "make sure it's secure"),
				seedClaim(KindSecurityHeaders, "", "website", 410, "examine the security headers"),
				seedClaim(KindNoSelling, "", "website", 500, "never, _ever_ be shared, sold or given away"),
				seedClaim(KindNoSharing, "", "website", 500, "never, _ever_ be shared, sold or given away"),
				seedClaim(KindPasswordHashing, "", "website", 600, "not stored in plaintext—it is encrypted"),
			},
			setup: addReq(ytFrame, ytPlayer, ytAds, ytGA, req("w.soundcloud.com", "/player/?url=x", "Document"),
				inFrame(req("widget.sndcdn.com", "/widget.js", "Script"), "https://w.soundcloud.com/player/?url=x"),
				req("a.tile.openstreetmap.org", "/5/1/2.png", "Image")),
			want: []expect{
				{"CANDOR-CLAIM-NO-THIRD-PARTY-SCRIPTS/100", result.OutcomeKept},
				{"CANDOR-CLAIM-NO-THIRD-PARTY-COOKIES/101", result.OutcomeKept},
				{"CANDOR-CLAIM-NO-ADVERTISING/200", result.OutcomeKept},
				{"CANDOR-CLAIM-NO-TRACKING/210", result.OutcomeKept},
				{"CANDOR-CLAIM-NO-ANALYTICS/220", result.OutcomeKept},
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/300-youtube", result.OutcomeKept},
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/300-vimeo", result.OutcomeInfo},
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/310-soundcloud", result.OutcomeKept},
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/320-openstreetmap", result.OutcomeKept},
				{"CANDOR-CLAIM-ENCRYPTS-IN-TRANSIT/400", result.OutcomeKept},
				{"CANDOR-CLAIM-SECURITY-HEADERS/410", result.OutcomeKept},
				{"CANDOR-CLAIM-BACKEND/500", result.OutcomeUnverifiable},
				{"CANDOR-CLAIM-BACKEND/500~2", result.OutcomeUnverifiable},
				{"CANDOR-POLICY-MISSING", result.OutcomePass},
			},
		},
		{
			name: "001 getsession.org: Cloudflare, WordPress, newsletter cookie",
			claims: []result.Claim{
				seedClaim(KindNoSharing, "", "app", 10, "does not collect or share your information"),
				seedClaim(KindNoIPLogging, "", "app", 20, "such as your IP address"),
				seedClaim(KindNoTracking, "", "website", 30, "never attempts to link your usage of the website to your real identity"),
				seedClaim(KindDisclosesThirdParty, "Campaign Monitor", "website", 40, "the third party Campaign Monitor email newsletter platform"),
				seedClaim(KindDisclosesCookie, "fca_eoi_pagecount", "website", 50, "This cookie (fca_eoi_pagecount)"),
				seedClaim(KindDisclosesThirdParty, "WordPress", "website", 60, "embedded into WordPress"),
				seedClaim(KindNoSelling, "", "website", 70, "We will never share or sell your personal details"),
				seedClaim(KindDisclosesThirdParty, "Cloudflare", "website", 80, "We use Cloudflare services"),
				seedClaim(KindRetention, "7 days", "website", 90, "can be stored for up to 7 days"),
				seedClaim(KindDisclosesThirdParty, "Google Play, App Store", "app", 100, "the Google Play and the App Store may collect information"),
			},
			setup: all(
				addReq(req("s0.wp.com", "/wp-includes/js/jquery.js", "Script"), req("static.cloudflareinsights.com", "/beacon.min.js", "Script")),
				addCookie(cookie("fca_eoi_pagecount", "getsession.example", result.SetByScript), cookie("__cf_bm", ".site.example", result.SetByHeader))),
			want: []expect{
				{"CANDOR-CLAIM-BACKEND/10", result.OutcomeOutOfScope},
				{"CANDOR-CLAIM-BACKEND/20", result.OutcomeOutOfScope},
				{"CANDOR-CLAIM-NO-TRACKING/30", result.OutcomeInfo}, // Cloudflare Web Analytics: cookieless
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/40-campaign-monitor", result.OutcomeInfo},
				{"CANDOR-CLAIM-DISCLOSES-COOKIE/50-fca-eoi-pagecount", result.OutcomeKept},
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/60-wordpress", result.OutcomeKept},
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/80-cloudflare", result.OutcomeKept},
				{"CANDOR-CLAIM-BACKEND/90-7-days", result.OutcomeUnverifiable},
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/100-google-play-app-store", result.OutcomeOutOfScope},
			},
		},
		{
			name: "003 SessionLinked: AWS and Stripe disclosed, but Google Analytics runs",
			claims: []result.Claim{
				seedClaim(KindDisclosesThirdParty, "Amazon Web Services", "service", 10, "Authentication is handled by AWS Cognito"),
				seedClaim(KindDisclosesThirdParty, "Stripe", "service", 20, "Card details are handled directly by Stripe"),
				seedClaim(KindNoAdvertising, "", "website", 30, "We do not share your personal information with advertisers"),
				seedClaim(KindNoAnalytics, "", "website", 40, "or third-party analytics providers"),
				seedClaim(KindNoTracking, "", "website", 50, "We do not run third-party tracking scripts on our website"),
				seedClaim(KindEssentialCookiesOnly, "", "website", 60, "does not set non-essential cookies"),
				seedClaim(KindEncryptsInTransit, "TLS 1.2", "service", 70, "TLS 1.2+ for all data in transit"),
			},
			setup: all(
				addReq(req("cognito-idp.eu-west-1.amazonaws.com", "/", "Fetch"), req("js.stripe.com", "/v3/", "Script"), gaScript, gaBeacon),
				addCookie(gaCookie, cookie("__stripe_mid", ".site.example", result.SetByScript)),
				func(r *result.Result) { r.Security.TLS.Legacy = []string{"TLS 1.1"} }),
			want: []expect{
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/10-amazon-web-services", result.OutcomeKept},
				{"CANDOR-CLAIM-DISCLOSES-THIRD-PARTY/20-stripe", result.OutcomeKept},
				{"CANDOR-CLAIM-NO-ADVERTISING/30", result.OutcomeKept},
				{"CANDOR-CLAIM-NO-ANALYTICS/40", result.OutcomeBroken},
				{"CANDOR-CLAIM-NO-TRACKING/50", result.OutcomeBroken},
				{"CANDOR-CLAIM-ESSENTIAL-COOKIES-ONLY/60", result.OutcomeBroken},
				{"CANDOR-CLAIM-ENCRYPTS-IN-TRANSIT/70-tls-1.2", result.OutcomeBroken},
				{"CANDOR-UNDISCLOSED/google", result.OutcomeFail},
				{"CANDOR-TLS-LEGACY", result.OutcomeFail},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			r.Policy.Claims = tt.claims
			if tt.setup != nil {
				tt.setup(r)
			}
			fs := Run(r, Options{Entities: testEntities(t)})
			byID := map[string]result.Finding{}
			for _, f := range fs {
				byID[f.ID] = f
				t.Log(describe(f))
			}
			t.Logf("summary: %+v", Summarize(fs))
			for _, w := range tt.want {
				f, ok := byID[w.id]
				if !ok {
					t.Errorf("no finding %s", w.id)
					continue
				}
				if f.Outcome != w.outcome {
					t.Errorf("%s = %s, want %s: %s", w.id, f.Outcome, w.outcome, f.Message)
				}
			}
			for _, f := range fs {
				if f.Outcome == result.OutcomeBroken && (f.Claim == nil || f.Claim.Quote == "" || len(f.Evidence) == 0) {
					t.Errorf("%s broken without quote and evidence", f.ID)
				}
			}
		})
	}
}
