package e2e

import (
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// TestCookieClaims scans sites whose cookies keep or break the cookie
// claims: a first-party session cookie breaks "no cookies"; PHPSESSID alone
// keeps "essential cookies only", and _ga beside it breaks it.
func TestCookieClaims(t *testing.T) {
	t.Parallel()
	const phpsessid = "PHPSESSID=9f1c0e2ab7d34e55; Path=/; Secure; HttpOnly; SameSite=Lax"
	tests := []struct {
		name string
		spec siteSpec
		want []expect
	}{
		{
			name: "first-party session cookie breaks no cookies",
			spec: siteSpec{
				Host:       "www.nocookies.test",
				SetCookies: []string{"sid=c2Vzc2lvbi0xMjM; Path=/; Secure; HttpOnly; SameSite=Lax"},
				Policy:     []string{"This website does not use cookies."},
			},
			want: []expect{
				{Check: "CANDOR-CLAIM-NO-COOKIES", Kind: "no-cookies", Quote: "does not use cookies", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{cookieEv("sid", "www.nocookies.test", "www.nocookies.test")}},
			},
		},
		{
			name: "PHPSESSID alone keeps essential cookies only",
			spec: siteSpec{
				Host:       "www.essential.test",
				SetCookies: []string{phpsessid},
				Policy:     []string{"We only use strictly necessary cookies."},
			},
			want: []expect{
				{Check: "CANDOR-CLAIM-ESSENTIAL-COOKIES-ONLY", Kind: "essential-cookies-only", Quote: "strictly necessary", Outcome: result.OutcomeKept},
			},
		},
		{
			name: "_ga beside PHPSESSID breaks essential cookies only",
			spec: siteSpec{
				Host:       "www.essential-ga.test",
				Head:       gtagTag,
				SetCookies: []string{phpsessid},
				Policy:     []string{"We only use strictly necessary cookies."},
			},
			want: []expect{
				{Check: "CANDOR-CLAIM-ESSENTIAL-COOKIES-ONLY", Kind: "essential-cookies-only", Quote: "strictly necessary", Outcome: result.OutcomeBroken,
					Evidence: []evidenceWant{cookieEv("_ga", "essential-ga.test", gtmHost)}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := judgeScan(t, serve(t, tt.spec))
			assertFindings(t, r, tt.want)
			// PHPSESSID never counts against the claim.
			for _, w := range tt.want {
				if w.Check != "CANDOR-CLAIM-ESSENTIAL-COOKIES-ONLY" {
					continue
				}
				if f := w.find(t, r); hasEvidence(f, cookieNamed("PHPSESSID", "", "")) && f.Outcome == result.OutcomeBroken {
					t.Errorf("%s lists PHPSESSID as evidence against essential cookies only", f.ID)
				}
			}
		})
	}
}
