package checks

import (
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// A Meta pixel hit that sets no cookie still breaks no-advertising and
// no-tracking: the decoded beacon is the evidence.
func TestAdvertisingPixelBeacon(t *testing.T) {
	tests := []struct {
		check  string
		kind   string
		vendor string
		want   result.Outcome
	}{
		{"CANDOR-CLAIM-NO-ADVERTISING", KindNoAdvertising, "facebook-pixel", result.OutcomeBroken},
		{"CANDOR-CLAIM-NO-TRACKING", KindNoTracking, "facebook-pixel", result.OutcomeBroken},
		// An analytics hit is not an advertising pixel.
		{"CANDOR-CLAIM-NO-ADVERTISING", KindNoAdvertising, "ga4", result.OutcomeKept},
	}
	for _, tt := range tests {
		t.Run(tt.check+" "+tt.vendor, func(t *testing.T) {
			r := cleanSite()
			r.Policy.Claims = []result.Claim{claim(tt.kind, "", 10)}
			hit := req("www.facebook.com", "/tr?id=42&ev=PageView", "Image")
			r.Requests = append(r.Requests, hit)
			r.Beacons = []result.Beacon{{Vendor: tt.vendor, URL: hit.URL, ID: "42", Events: []string{"PageView"}, Page: siteURL}}
			f := only(t, r, tt.check)
			if f.Outcome != tt.want {
				t.Fatalf("outcome %s, want %s\n%s", f.Outcome, tt.want, describe(f))
			}
			if tt.want == result.OutcomeBroken && !hasEvidence(f, "request", "www.facebook.com") {
				t.Errorf("the pixel hit is not in the evidence\n%s", describe(f))
			}
		})
	}
}
