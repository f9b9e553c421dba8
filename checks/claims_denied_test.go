package checks

import (
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

func TestClaimDeniesThirdParty(t *testing.T) {
	const id = "CANDOR-CLAIM-DENIES-THIRD-PARTY"
	tests := []struct {
		name     string
		subject  string
		mutate   func(r *result.Result)
		want     result.Outcome
		evidence string // a host or cookie name the evidence must name
	}{
		{"not seen", "Google Analytics", func(*result.Result) {}, result.OutcomeKept, ""},
		{"beacon breaks it", "Google Analytics", func(r *result.Result) {
			r.Requests = append(r.Requests, req("www.google-analytics.com", "/g/collect?tid=G-1", "Ping"))
		}, result.OutcomeBroken, "www.google-analytics.com"},
		{"its cookie breaks it", "Google Analytics", func(r *result.Result) {
			r.Cookies = append(r.Cookies, cookie("_ga", siteHost, result.SetByScript))
		}, result.OutcomeBroken, "_ga"},
		{"another Google product does not", "Google Analytics", func(r *result.Result) {
			r.Requests = append(r.Requests, req("fonts.googleapis.com", "/css2", "Stylesheet"))
		}, result.OutcomeKept, ""},
		{"inside an embed it is for a person to judge", "Google Analytics", func(r *result.Result) {
			r.Requests = append(r.Requests, inFrame(req("www.google-analytics.com", "/g/collect", "Ping"), "https://www.youtube.com/embed/x"))
		}, result.OutcomeUnverifiable, "www.google-analytics.com"},
		{"alias subject", "Meta", func(r *result.Result) {
			r.Requests = append(r.Requests, req("connect.facebook.net", "/en_US/fbevents.js", "Script"))
		}, result.OutcomeBroken, "connect.facebook.net"},
		{"no subject", "", func(*result.Result) {}, result.OutcomeUnverifiable, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			r.Policy.Claims = []result.Claim{claim(KindDeniesThirdParty, tt.subject, 10)}
			tt.mutate(r)
			f := only(t, r, id)
			if f.Outcome != tt.want {
				t.Fatalf("outcome %s, want %s\n%s", f.Outcome, tt.want, describe(f))
			}
			if tt.evidence != "" && !hasEvidence(f, "request", tt.evidence) && !hasEvidence(f, "cookie", tt.evidence) {
				t.Errorf("evidence does not name %s\n%s", tt.evidence, describe(f))
			}
			if f.Outcome == result.OutcomeBroken && (f.Claim == nil || f.Claim.Quote == "") {
				t.Errorf("a broken finding without its quote: %+v", f)
			}
		})
	}
}
