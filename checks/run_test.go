package checks

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/classify"
	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/result"
)

// keeperSite is a site whose policy makes many claims and keeps them all:
// it embeds a disclosed YouTube video (whose player loads Google ads and
// analytics inside its iframe), loads disclosed OpenStreetMap tiles and a
// disclosed Cloudflare CDN script, and sets only a session cookie.
func keeperSite() *result.Result {
	r := cleanSite()
	r.Requests = append(r.Requests, ytFrame, ytPlayer, ytAds, ytGA, cdnjs,
		req("a.tile.openstreetmap.org", "/1/2/3.png", "Image"))
	r.Cookies = append(r.Cookies, cookie("PHPSESSID", "site.example", result.SetByHeader))
	r.Policy.Claims = []result.Claim{
		claim(KindNoThirdPartyCookies, "", 10),
		claim(KindEssentialCookiesOnly, "", 20),
		claim(KindNoAdvertising, "", 30),
		claim(KindNoThirdPartyScripts, "", 40),
		claim(KindDisclosesThirdParty, "YouTube", 50),
		claim(KindDisclosesThirdParty, "OpenStreetMap", 60),
		claim(KindDisclosesThirdParty, "Cloudflare", 70),
		claim(KindDisclosesCookie, "PHPSESSID", 80),
		claim(KindEncryptsInTransit, "TLS 1.2", 90),
		claim(KindSecurityHeaders, "", 100),
		claim(KindNoSelling, "", 110),
	}
	return r
}

func TestSiteThatKeepsEveryClaim(t *testing.T) {
	r := keeperSite()
	fs := Run(r, Options{Entities: testEntities(t)})
	s := Summarize(fs)
	for _, f := range fs {
		if f.Outcome == result.OutcomeBroken || f.Check == "CANDOR-UNDISCLOSED" && f.Outcome == result.OutcomeFail {
			t.Errorf("unexpected %s", describe(f))
		}
	}
	if s.Broken != 0 {
		t.Errorf("Broken = %d, want 0", s.Broken)
	}
	// The YouTube player's own Google requests are covered by the YouTube
	// disclosure: nothing is undisclosed.
	if s.Undisclosed != 0 {
		t.Errorf("Undisclosed = %d, want 0", s.Undisclosed)
	}
	if s.Kept != 10 || s.Unverifiable != 1 {
		t.Errorf("Kept, Unverifiable = %d, %d; want 10, 1 (no-selling)\n%+v", s.Kept, s.Unverifiable, s)
	}
	if s.HygieneGrade != "A+" {
		t.Errorf("grade %s, want A+", s.HygieneGrade)
	}
}

func TestSiteWithNothingUndisclosed(t *testing.T) {
	r := cleanSite()
	r.Requests = append(r.Requests, cdnjs, req("a.tile.openstreetmap.org", "/1/2/3.png", "Image"))
	r.Policy.Claims = []result.Claim{
		claim(KindNoTracking, "", 1), claim(KindNoAnalytics, "", 2), claim(KindNoCookies, "", 3),
		claim(KindDisclosesThirdParty, "Cloudflare", 4), claim(KindDisclosesThirdParty, "OpenStreetMap", 5),
	}
	s := Summarize(Run(r, Options{Entities: testEntities(t)}))
	if s.Broken != 0 || s.Undisclosed != 0 || s.Kept != 5 {
		t.Errorf("summary %+v, want 5 kept, 0 broken, 0 undisclosed", s)
	}
}

func TestRunIsDeterministicAndPure(t *testing.T) {
	r := keeperSite()
	r.Requests = append(r.Requests, gaBeacon, fbPixel, hjScript, req("t.unknown.example", "/x", "Image"))
	r.Cookies = append(r.Cookies, gaCookie, fbpCookie, frCookie, ideCookie)
	before, _ := json.Marshal(r)
	opts := Options{Entities: testEntities(t)}
	a := Run(r, opts)
	b := Run(r, opts)
	after, _ := json.Marshal(r)
	if string(before) != string(after) {
		t.Error("Run modified the result")
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs gave different findings")
	}
	ids := map[string]bool{}
	for _, f := range a {
		if ids[f.ID] {
			t.Errorf("duplicate finding ID %s", f.ID)
		}
		ids[f.ID] = true
		if f.Check == "" || f.Title == "" || f.Severity == "" || f.Outcome == "" || f.Message == "" || f.Evidence == nil {
			t.Errorf("incomplete finding %+v", f)
		}
		if !strings.HasPrefix(f.ID, f.Check) {
			t.Errorf("ID %s does not start with its check %s", f.ID, f.Check)
		}
	}
	// IDs depend on the claim and organisation, not on the order of
	// observations.
	r2 := keeperSite()
	r2.Requests = append(r2.Requests, hjScript, req("t.unknown.example", "/x", "Image"), fbPixel, gaBeacon)
	r2.Cookies = append(r2.Cookies, ideCookie, frCookie, fbpCookie, gaCookie)
	c := Run(r2, opts)
	if len(c) != len(a) {
		t.Fatalf("%d findings after reordering observations, want %d", len(c), len(a))
	}
	for i := range a {
		if a[i].ID != c[i].ID || a[i].Outcome != c[i].Outcome {
			t.Errorf("finding %d: %s %s vs %s %s", i, a[i].ID, a[i].Outcome, c[i].ID, c[i].Outcome)
		}
	}
}

func TestEnrichedResultGivesSameVerdicts(t *testing.T) {
	build := func() *result.Result {
		r := cleanSite()
		r.Requests = append(r.Requests, gaScript, gaBeacon, fbScript, fbPixel, dcReq, hjScript, plausible, cdnjs, ytFrame, ytPlayer, ytAds)
		r.Cookies = append(r.Cookies, gaCookie, fbpCookie, frCookie, ideCookie, hjCookie, cookie("PHPSESSID", "site.example", result.SetByHeader))
		for i, k := range []string{KindNoCookies, KindNoThirdPartyCookies, KindEssentialCookiesOnly, KindNoAnalytics, KindNoAdvertising, KindNoTracking, KindNoThirdPartyScripts} {
			r.Policy.Claims = append(r.Policy.Claims, claim(k, "", i))
		}
		r.Policy.Claims = append(r.Policy.Claims, claim(KindDisclosesThirdParty, "YouTube", 99))
		return r
	}
	ents := testEntities(t)
	plain := Run(build(), Options{Entities: ents})
	enriched := build()
	classify.Enrich(enriched, classify.Databases{Entities: ents, Cookies: cookies.New()})
	if enriched.Requests[2].Org == "" || enriched.Cookies[0].Purpose == "" {
		t.Fatal("Enrich labelled nothing")
	}
	got := Run(enriched, Options{Entities: ents})
	if len(got) != len(plain) {
		t.Fatalf("%d findings enriched, %d plain", len(got), len(plain))
	}
	for i := range got {
		if got[i].ID != plain[i].ID || got[i].Outcome != plain[i].Outcome {
			t.Errorf("%s: enriched %s, plain %s", got[i].ID, got[i].Outcome, plain[i].Outcome)
		}
	}
}

func TestNilResult(t *testing.T) {
	fs := Run(nil, Options{})
	if len(fs) != 1 || fs[0].Outcome != result.OutcomeError {
		t.Errorf("Run(nil) = %+v, want one error finding", fs)
	}
}

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	kinds := map[string]string{}
	for _, c := range All() {
		if seen[c.ID] {
			t.Errorf("duplicate check ID %s", c.ID)
		}
		seen[c.ID] = true
		if !strings.HasPrefix(c.ID, "CANDOR-") || c.Title == "" || c.Rationale == "" || c.Remediation == "" || c.Rule == "" || c.Judge == nil || c.Severity == "" {
			t.Errorf("check %s lacks metadata", c.ID)
		}
		if c.Group == GroupHygiene && c.Observatory == "" {
			t.Errorf("hygiene check %s does not state the Observatory's rule", c.ID)
		}
		for _, k := range c.Claims {
			if other, ok := kinds[k]; ok {
				t.Errorf("claim kind %s judged by both %s and %s", k, other, c.ID)
			}
			kinds[k] = c.ID
		}
	}
	for _, k := range []string{KindNoCookies, KindNoThirdPartyCookies, KindEssentialCookiesOnly, KindDisclosesCookie, KindNoTracking,
		KindNoAnalytics, KindNoAdvertising, KindNoThirdPartyScripts, KindNoFingerprinting, KindConsentBeforeTracking, KindHonorsGPCDNT,
		KindDisclosesThirdParty, KindEncryptsInTransit, KindSecurityHeaders, KindNoSelling, KindNoSharing, KindNoIPLogging, KindRetention,
		KindDataLocation, KindPasswordHashing, KindEncryptionAtRest} {
		if kinds[k] == "" {
			t.Errorf("no check judges %s", k)
		}
	}
}
