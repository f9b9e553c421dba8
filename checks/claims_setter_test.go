package checks

import (
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// A third-party advertising cookie set in the response to the page's own
// request breaks no-advertising even when the organisation's category is
// social: the page caused it. Set only inside an embed, it stays ambiguous.
func TestAdvertisingCookieSetByPageRequest(t *testing.T) {
	tests := []struct {
		name  string
		frame string
		want  result.Outcome
	}{
		{"page's own pixel", "", result.OutcomeBroken},
		{"inside an embed", "https://www.facebook.com/plugins/page.php", result.OutcomeUnverifiable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			r.Policy.Claims = []result.Claim{claim(KindNoAdvertising, "", 10)}
			pixel := req("www.facebook.com", "/tr?id=1&ev=PageView", "Image")
			if tt.frame != "" {
				pixel = inFrame(pixel, tt.frame)
			}
			r.Requests = append(r.Requests, pixel)
			fr := cookie("fr", ".facebook.com", result.SetByHeader)
			fr.SetBy.Host, fr.SetBy.URL = "www.facebook.com", pixel.URL
			r.Cookies = append(r.Cookies, fr)
			f := only(t, r, "CANDOR-CLAIM-NO-ADVERTISING")
			if f.Outcome != tt.want {
				t.Fatalf("outcome %s, want %s\n%s", f.Outcome, tt.want, describe(f))
			}
			if !hasEvidence(f, "cookie", "fr") {
				t.Errorf("evidence lacks fr\n%s", describe(f))
			}
		})
	}
}
