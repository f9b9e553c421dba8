package checks

import (
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

func TestUndisclosed(t *testing.T) {
	type want struct {
		id       string
		outcome  result.Outcome
		severity result.Severity
		evidence []string
	}
	tests := []struct {
		name  string
		setup func(*result.Result)
		want  []want
	}{
		{name: "nothing third-party", want: nil},
		{name: "undisclosed CDN is low and info", setup: addReq(req("cdn.jsdelivr.net", "/npm/x.js", "Script")),
			want: []want{{"CANDOR-UNDISCLOSED/jsdelivr-cdn", result.OutcomeInfo, result.SeverityLow, []string{"request:cdn.jsdelivr.net"}}}},
		{name: "google analytics grouped under Google with its cookie", setup: all(addReq(gaScript, gaBeacon, req("fonts.googleapis.com", "/css", "Stylesheet")), addCookie(gaCookie)),
			want: []want{{"CANDOR-UNDISCLOSED/google", result.OutcomeFail, result.SeverityHigh,
				[]string{"request:region1.google-analytics.com", "request:www.googletagmanager.com", "request:fonts.googleapis.com", "cookie:_ga"}}}},
		{name: "google disclosed by company name", setup: all(addReq(gaBeacon), addCookie(gaCookie), addClaim(claim(KindDisclosesThirdParty, "Google", 5))), want: nil},
		{name: "disclosing Google Fonts leaves Google Analytics undisclosed", setup: all(
			addReq(gaBeacon, req("fonts.googleapis.com", "/css", "Stylesheet")), addClaim(claim(KindDisclosesThirdParty, "Google Fonts", 5))),
			want: []want{{"CANDOR-UNDISCLOSED/google", result.OutcomeFail, result.SeverityHigh, []string{"request:region1.google-analytics.com"}}}},
		{name: "facebook pixel", setup: all(addReq(fbScript, fbPixel), addCookie(fbpCookie, frCookie)),
			want: []want{{"CANDOR-UNDISCLOSED/facebook", result.OutcomeFail, result.SeverityHigh, []string{"cookie:_fbp", "cookie:fr", "request:www.facebook.com"}}}},
		{name: "hotjar", setup: all(addReq(hjScript), addCookie(hjCookie)),
			want: []want{{"CANDOR-UNDISCLOSED/hotjar", result.OutcomeFail, result.SeverityHigh, []string{"request:static.hotjar.com"}}}},
		{name: "what a disclosed youtube embed does inside its iframe is covered", setup: all(addReq(ytFrame, ytPlayer, ytAds), addClaim(claim(KindDisclosesThirdParty, "YouTube", 5))),
			want: nil},
		{name: "undisclosed youtube embed", setup: addReq(ytFrame, ytPlayer, ytAds),
			want: []want{
				{"CANDOR-UNDISCLOSED/google", result.OutcomeInfo, result.SeverityLow, []string{"request:googleads.g.doubleclick.net"}},
				{"CANDOR-UNDISCLOSED/youtube", result.OutcomeFail, result.SeverityMedium, []string{"request:www.youtube-nocookie.com", "request:www.youtube.com"}},
			}},
		{name: "unidentified host", setup: addReq(req("t.unknown.example", "/x.gif", "Image")),
			want: []want{{"CANDOR-UNDISCLOSED/unknown.example", result.OutcomeInfo, result.SeverityLow, nil}}},
		{name: "disclosed cookie name", setup: all(addCookie(gaCookie), addClaim(claim(KindDisclosesCookie, "_ga", 5))), want: nil},
		{name: "essential first-party cookie is not undisclosed", setup: addCookie(cookie("PHPSESSID", "site.example", result.SetByHeader)), want: nil},
		{name: "two organisations sorted by name", setup: addReq(hjScript, cdnjs),
			want: []want{
				{"CANDOR-UNDISCLOSED/cloudflare", result.OutcomeInfo, result.SeverityLow, nil},
				{"CANDOR-UNDISCLOSED/hotjar", result.OutcomeFail, result.SeverityHigh, nil},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			if tt.setup != nil {
				tt.setup(r)
			}
			got := judge(t, r, "CANDOR-UNDISCLOSED")
			if len(got) != len(tt.want) {
				for _, f := range got {
					t.Log(describe(f))
				}
				t.Fatalf("%d findings, want %d", len(got), len(tt.want))
			}
			for i, w := range tt.want {
				f := got[i]
				if f.ID != w.id || f.Outcome != w.outcome || f.Severity != w.severity {
					t.Errorf("finding %d = %s %s/%s, want %s %s/%s", i, f.ID, f.Outcome, f.Severity, w.id, w.outcome, w.severity)
				}
				for _, e := range w.evidence {
					kind, name, _ := strings.Cut(e, ":")
					if !hasEvidence(f, kind, name) {
						t.Errorf("%s lacks evidence %s\n%s", f.ID, e, describe(f))
					}
				}
			}
		})
	}
}

func TestPolicyMissing(t *testing.T) {
	tests := []struct {
		name   string
		policy result.Policy
		want   result.Outcome
	}{
		{"not found", result.Policy{FoundBy: "none"}, result.OutcomeFail},
		{"no url", result.Policy{}, result.OutcomeFail},
		{"found, no claims", result.Policy{URL: siteURL + "privacy", FoundBy: "link-text"}, result.OutcomeInfo},
		{"found with claims", result.Policy{URL: siteURL + "privacy", FoundBy: "link-rel", Claims: []result.Claim{claim(KindNoCookies, "", 1)}}, result.OutcomePass},
	}
	for _, tt := range tests {
		r := cleanSite()
		r.Policy = tt.policy
		f := only(t, r, "CANDOR-POLICY-MISSING")
		if f.Outcome != tt.want || f.ID != "CANDOR-POLICY-MISSING" {
			t.Errorf("%s: %s %s, want %s", tt.name, f.ID, f.Outcome, tt.want)
		}
	}
}
