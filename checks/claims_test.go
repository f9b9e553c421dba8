package checks

import (
	"errors"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// claimCase holds one claim against one hand-built site.
type claimCase struct {
	name    string
	kind    string
	subject string
	setup   func(r *result.Result)
	want    result.Outcome
	// evidence lists "kind:name" items the finding must list, e.g.
	// "cookie:_ga" or "request:www.google-analytics.com".
	evidence []string
	// message is a substring the message must contain.
	message string
}

func checkForKind(t *testing.T, kind string) string {
	t.Helper()
	for _, c := range All() {
		for _, k := range c.Claims {
			if k == kind {
				return c.ID
			}
		}
	}
	return "CANDOR-CLAIM-OTHER"
}

func runClaimCases(t *testing.T, cases []claimCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanSite()
			r.Policy.Claims = append(r.Policy.Claims, claim(tc.kind, tc.subject, 100))
			if tc.setup != nil {
				tc.setup(r)
			}
			id := checkForKind(t, tc.kind)
			var f *result.Finding
			for _, x := range judge(t, r, id) {
				if x.Claim != nil && x.Claim.Offset == 100 && x.Claim.Kind == tc.kind {
					f = &x
					break
				}
			}
			if f == nil {
				t.Fatalf("%s gave no finding for the claim", id)
			}
			if f.Outcome != tc.want {
				t.Errorf("outcome = %s, want %s\n%s", f.Outcome, tc.want, describe(*f))
			}
			if f.Outcome == result.OutcomeBroken && f.Claim.Quote == "" {
				t.Errorf("broken without the quote")
			}
			for _, e := range tc.evidence {
				kind, name, _ := strings.Cut(e, ":")
				if !hasEvidence(*f, kind, name) {
					t.Errorf("evidence lacks %s\n%s", e, describe(*f))
				}
			}
			if tc.want == result.OutcomeBroken && len(f.Evidence) == 0 {
				t.Errorf("broken without evidence")
			}
			if tc.message != "" && !strings.Contains(f.Message, tc.message) {
				t.Errorf("message %q lacks %q", f.Message, tc.message)
			}
		})
	}
}

// Building blocks for the cases.
func addReq(qs ...result.Request) func(*result.Result) {
	return func(r *result.Result) { r.Requests = append(r.Requests, qs...) }
}

func addCookie(cs ...result.Cookie) func(*result.Result) {
	return func(r *result.Result) { r.Cookies = append(r.Cookies, cs...) }
}

func addClaim(cs ...result.Claim) func(*result.Result) {
	return func(r *result.Result) { r.Policy.Claims = append(r.Policy.Claims, cs...) }
}

func all(fs ...func(*result.Result)) func(*result.Result) {
	return func(r *result.Result) {
		for _, f := range fs {
			f(r)
		}
	}
}

// Common observations.
var (
	gaScript  = req("www.googletagmanager.com", "/gtag/js?id=G-1", "Script")
	gaBeacon  = req("region1.google-analytics.com", "/g/collect?v=2", "Ping")
	gaCookie  = cookie("_ga", ".site.example", result.SetByScript)
	cdnjs     = req("cdnjs.cloudflare.com", "/ajax/libs/jquery/3.7.1/jquery.min.js", "Script")
	fbScript  = req("connect.facebook.net", "/en_US/fbevents.js", "Script")
	fbPixel   = req("www.facebook.com", "/tr/?id=1&ev=PageView", "Image")
	fbpCookie = cookie("_fbp", ".site.example", result.SetByScript)
	frCookie  = cookie("fr", ".facebook.com", result.SetByHeader)
	dcReq     = req("googleads.g.doubleclick.net", "/pagead/id", "XHR")
	ideCookie = cookie("IDE", ".doubleclick.net", result.SetByHeader)
	hjScript  = req("static.hotjar.com", "/c/hotjar-1.js", "Script")
	hjCookie  = cookie("_hjSessionUser_1", ".site.example", result.SetByScript)
	plausible = req("plausible.io", "/js/script.js", "Script")
	ytFrame   = req("www.youtube-nocookie.com", "/embed/abc", "Document")
	ytURL     = "https://www.youtube-nocookie.com/embed/abc"
	ytPlayer  = inFrame(req("www.youtube.com", "/s/player/base.js", "Script"), ytURL)
	ytAds     = inFrame(req("googleads.g.doubleclick.net", "/pagead/id", "XHR"), ytURL)
	ytGA      = inFrame(req("www.google-analytics.com", "/collect", "Ping"), ytURL)
)

func TestClaimNoCookies(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "none set", kind: KindNoCookies, want: result.OutcomeKept, message: "No cookie"},
		{name: "session cookie", kind: KindNoCookies, setup: addCookie(cookie("PHPSESSID", "site.example", result.SetByHeader)),
			want: result.OutcomeBroken, evidence: []string{"cookie:PHPSESSID"}},
		{name: "ga by script", kind: KindNoCookies, setup: addCookie(gaCookie), want: result.OutcomeBroken, evidence: []string{"cookie:_ga"}},
		{name: "nothing loaded", kind: KindNoCookies, setup: func(r *result.Result) { r.Pages[0].Error = "net::ERR_NAME_NOT_RESOLVED" },
			want: result.OutcomeUnverifiable, message: "No page loaded"},
		{name: "app claim", kind: KindNoCookies, setup: func(r *result.Result) {
			r.Policy.Claims[0].Scope = result.ScopeApp
			r.Cookies = append(r.Cookies, gaCookie)
		}, want: result.OutcomeOutOfScope},
		{name: "no quote, never broken", kind: KindNoCookies, setup: func(r *result.Result) {
			r.Policy.Claims[0].Quote = ""
			r.Cookies = append(r.Cookies, gaCookie)
		}, want: result.OutcomeUnverifiable, evidence: []string{"cookie:_ga"}, message: "no quote"},
	})
}

func TestClaimNoThirdPartyCookies(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "first-party only", kind: KindNoThirdPartyCookies, setup: addCookie(gaCookie), want: result.OutcomeKept},
		{name: "facebook fr", kind: KindNoThirdPartyCookies, setup: addCookie(fbpCookie, frCookie),
			want: result.OutcomeBroken, evidence: []string{"cookie:fr"}},
		{name: "doubleclick IDE", kind: KindNoThirdPartyCookies, setup: addCookie(ideCookie), want: result.OutcomeBroken, evidence: []string{"cookie:IDE"}},
	})
}

func TestClaimEssentialCookiesOnly(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "session and csrf", kind: KindEssentialCookiesOnly, setup: addCookie(
			cookie("PHPSESSID", "site.example", result.SetByHeader), cookie("csrftoken", "site.example", result.SetByHeader),
			cookie("__cf_bm", ".site.example", result.SetByHeader)),
			want: result.OutcomeKept},
		{name: "ga by script", kind: KindEssentialCookiesOnly, setup: addCookie(gaCookie), want: result.OutcomeBroken, evidence: []string{"cookie:_ga"}},
		{name: "third-party IDE", kind: KindEssentialCookiesOnly, setup: addCookie(ideCookie), want: result.OutcomeBroken, evidence: []string{"cookie:IDE"}},
		{name: "hotjar", kind: KindEssentialCookiesOnly, setup: addCookie(hjCookie), want: result.OutcomeBroken},
		{name: "unknown first-party", kind: KindEssentialCookiesOnly, setup: addCookie(cookie("prefs_x", "site.example", result.SetByScript)),
			want: result.OutcomeUnverifiable, evidence: []string{"cookie:prefs_x"}},
		{name: "unknown but named by the policy", kind: KindEssentialCookiesOnly, setup: all(
			addCookie(cookie("fca_eoi_pagecount", "site.example", result.SetByScript)),
			addClaim(claim(KindDisclosesCookie, "fca_eoi_pagecount", 200))),
			want: result.OutcomeKept},
		{name: "named by the policy but known analytics", kind: KindEssentialCookiesOnly, setup: all(
			addCookie(gaCookie), addClaim(claim(KindDisclosesCookie, "_ga", 200))),
			want: result.OutcomeBroken},
		{name: "functional is not proven essential", kind: KindEssentialCookiesOnly, setup: addCookie(cookie("wp-settings-1", "site.example", result.SetByHeader)),
			want: result.OutcomeUnverifiable},
		{name: "ga plus unknown: broken, both listed", kind: KindEssentialCookiesOnly, setup: addCookie(gaCookie, cookie("prefs_x", "site.example", result.SetByScript)),
			want: result.OutcomeBroken, evidence: []string{"cookie:_ga", "cookie:prefs_x"}},
	})
}

func TestClaimNoAnalytics(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "cloudflare CDN does not break it", kind: KindNoAnalytics, setup: addReq(cdnjs), want: result.OutcomeKept},
		{name: "google analytics with _ga", kind: KindNoAnalytics, setup: all(addReq(gaScript, gaBeacon), addCookie(gaCookie)),
			want: result.OutcomeBroken, evidence: []string{"request:region1.google-analytics.com", "cookie:_ga"}},
		{name: "_ga alone", kind: KindNoAnalytics, setup: addCookie(gaCookie), want: result.OutcomeBroken, evidence: []string{"cookie:_ga"}},
		{name: "hotjar recorder", kind: KindNoAnalytics, setup: all(addReq(hjScript), addCookie(hjCookie)),
			want: result.OutcomeBroken, evidence: []string{"request:static.hotjar.com"}},
		{name: "cookieless plausible is still analytics", kind: KindNoAnalytics, setup: addReq(plausible), want: result.OutcomeBroken},
		{name: "analytics inside a youtube embed", kind: KindNoAnalytics, setup: addReq(ytFrame, ytGA),
			want: result.OutcomeUnverifiable, evidence: []string{"request:www.google-analytics.com"}, message: "person must judge"},
		{name: "tag manager alone", kind: KindNoAnalytics, setup: addReq(gaScript), want: result.OutcomeUnverifiable},
		{name: "third-party analytics cookie with no request", kind: KindNoAnalytics,
			setup: addCookie(cookie("_ga", ".other.example", result.SetByHeader)), want: result.OutcomeUnverifiable},
		{name: "unknown host on the filter list", kind: KindNoAnalytics, setup: func(r *result.Result) {
			q := req("t.unknown.example", "/p.gif", "Image")
			q.Tracking = true
			r.Requests = append(r.Requests, q)
		}, want: result.OutcomeUnverifiable},
		{name: "first-party requests only", kind: KindNoAnalytics, setup: addReq(req(siteHost, "/analytics.js", "Script")), want: result.OutcomeKept},
		{name: "a frame the browser isolated", kind: KindNoAnalytics, setup: func(r *result.Result) {
			r.AddError("frames", "https://widget.example/frame", errors.New("the browser ran this cross-site frame in a process of its own"))
		}, want: result.OutcomeUnverifiable, message: "https://widget.example/frame"},
		{name: "a frame the browser isolated does not hide a break", kind: KindNoAnalytics, setup: all(addReq(plausible), func(r *result.Result) {
			r.AddError("frames", "https://widget.example/frame", errors.New("isolated"))
		}), want: result.OutcomeBroken},
	})
}

func TestClaimNoAdvertising(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "nothing", kind: KindNoAdvertising, want: result.OutcomeKept},
		{name: "doubleclick IDE", kind: KindNoAdvertising, setup: all(addReq(dcReq), addCookie(ideCookie)),
			want: result.OutcomeBroken, evidence: []string{"request:googleads.g.doubleclick.net", "cookie:IDE"}},
		{name: "facebook pixel with _fbp", kind: KindNoAdvertising, setup: all(addReq(fbScript, fbPixel), addCookie(fbpCookie, frCookie)),
			want: result.OutcomeBroken, evidence: []string{"cookie:_fbp"}},
		{name: "ads inside an undisclosed youtube embed", kind: KindNoAdvertising, setup: addReq(ytFrame, ytPlayer, ytAds), want: result.OutcomeUnverifiable},
		{name: "ads inside a disclosed youtube embed: listed, kept", kind: KindNoAdvertising,
			setup: all(addReq(ytFrame, ytPlayer, ytAds), addClaim(claim(KindDisclosesThirdParty, "YouTube", 200))),
			want:  result.OutcomeKept, evidence: []string{"request:googleads.g.doubleclick.net"}, message: "Listed, not counted"},
		{name: "IDE cookie without a request from the page", kind: KindNoAdvertising, setup: addCookie(ideCookie), want: result.OutcomeUnverifiable},
		{name: "marketing cookie", kind: KindNoAdvertising, setup: addCookie(cookie("hubspotutk", ".site.example", result.SetByScript)), want: result.OutcomeUnverifiable},
		{name: "analytics is not advertising", kind: KindNoAdvertising, setup: all(addReq(gaBeacon), addCookie(gaCookie)), want: result.OutcomeKept},
		{name: "cdn", kind: KindNoAdvertising, setup: addReq(cdnjs), want: result.OutcomeKept},
	})
}

func TestClaimNoTracking(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "nothing", kind: KindNoTracking, want: result.OutcomeKept, message: "without watching fingerprinting"},
		{name: "cloudflare CDN", kind: KindNoTracking, setup: addReq(cdnjs), want: result.OutcomeKept},
		{name: "plausible alone is info", kind: KindNoTracking, setup: addReq(plausible, req("plausible.io", "/api/event", "Ping")),
			want: result.OutcomeInfo, evidence: []string{"request:plausible.io"}, message: "cookieless"},
		{name: "google analytics with _ga", kind: KindNoTracking, setup: all(addReq(gaScript, gaBeacon), addCookie(gaCookie)),
			want: result.OutcomeBroken, evidence: []string{"request:region1.google-analytics.com", "cookie:_ga"}},
		{name: "google analytics, no identifier seen", kind: KindNoTracking, setup: addReq(gaBeacon), want: result.OutcomeUnverifiable},
		{name: "facebook pixel, _fbp and fr", kind: KindNoTracking, setup: all(addReq(fbScript, fbPixel), addCookie(fbpCookie, frCookie)),
			want: result.OutcomeBroken, evidence: []string{"request:connect.facebook.net", "cookie:_fbp", "cookie:fr"}},
		{name: "facebook widget, no identifier", kind: KindNoTracking, setup: addReq(fbScript), want: result.OutcomeUnverifiable},
		{name: "doubleclick", kind: KindNoTracking, setup: all(addReq(dcReq), addCookie(ideCookie)), want: result.OutcomeBroken, evidence: []string{"cookie:IDE"}},
		{name: "hotjar recorder", kind: KindNoTracking, setup: all(addReq(hjScript), addCookie(hjCookie)),
			want: result.OutcomeBroken, evidence: []string{"request:static.hotjar.com", "cookie:_hjSessionUser_1"}},
		{name: "hotjar storage key", kind: KindNoTracking, setup: func(r *result.Result) {
			r.Storage = append(r.Storage, result.StorageItem{Origin: siteURL[:len(siteURL)-1], Kind: "local", Key: "_hjSessionStorageTest", Party: result.FirstParty})
		}, want: result.OutcomeBroken, evidence: []string{"storage:_hjSessionStorageTest"}},
		{name: "plausible and GA: broken", kind: KindNoTracking, setup: all(addReq(plausible, gaBeacon), addCookie(gaCookie)), want: result.OutcomeBroken},
		{name: "tracking inside an undisclosed youtube embed", kind: KindNoTracking, setup: addReq(ytFrame, ytAds), want: result.OutcomeUnverifiable},
		{name: "tracking inside a disclosed youtube embed", kind: KindNoTracking,
			setup: all(addReq(ytFrame, ytAds), addClaim(claim(KindDisclosesThirdParty, "YouTube", 200))), want: result.OutcomeKept},
	})
}

func TestClaimNoThirdPartyScripts(t *testing.T) {
	disclosesYouTube := addClaim(claim(KindDisclosesThirdParty, "YouTube", 200))
	runClaimCases(t, []claimCase{
		{name: "own scripts only", kind: KindNoThirdPartyScripts, want: result.OutcomeKept},
		{name: "third-party image is not a script", kind: KindNoThirdPartyScripts, setup: addReq(req("a.tile.openstreetmap.org", "/1/2/3.png", "Image")), want: result.OutcomeKept},
		{name: "undisclosed CDN script", kind: KindNoThirdPartyScripts, setup: addReq(cdnjs),
			want: result.OutcomeBroken, evidence: []string{"request:cdnjs.cloudflare.com"}},
		{name: "disclosed CDN script", kind: KindNoThirdPartyScripts, setup: all(addReq(cdnjs), addClaim(claim(KindDisclosesThirdParty, "Cloudflare", 200))),
			want: result.OutcomeKept, evidence: []string{"request:cdnjs.cloudflare.com"}},
		{name: "disclosed youtube embed", kind: KindNoThirdPartyScripts, setup: all(addReq(ytFrame, ytPlayer), disclosesYouTube),
			want: result.OutcomeKept, evidence: []string{"request:www.youtube.com"}},
		{name: "undisclosed youtube embed", kind: KindNoThirdPartyScripts, setup: addReq(ytFrame, ytPlayer), want: result.OutcomeUnverifiable},
		{name: "unidentified host", kind: KindNoThirdPartyScripts, setup: addReq(req("static.site-assets.example", "/a.js", "Script")),
			want: result.OutcomeUnverifiable, message: "person must judge"},
		{name: "facebook script undisclosed", kind: KindNoThirdPartyScripts, setup: addReq(fbScript), want: result.OutcomeBroken},
		{name: "facebook script disclosed as Meta", kind: KindNoThirdPartyScripts, setup: all(addReq(fbScript), addClaim(claim(KindDisclosesThirdParty, "Meta", 200))),
			want: result.OutcomeKept},
	})
}

func TestClaimDisclosures(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "cloudflare seen", kind: KindDisclosesThirdParty, subject: "Cloudflare", setup: addReq(cdnjs),
			want: result.OutcomeKept, evidence: []string{"request:cdnjs.cloudflare.com"}, message: "was seen"},
		{name: "cloudflare seen by cookie", kind: KindDisclosesThirdParty, subject: "Cloudflare", setup: addCookie(cookie("__cf_bm", ".site.example", result.SetByHeader)),
			want: result.OutcomeKept, evidence: []string{"cookie:__cf_bm"}},
		{name: "stripe not seen", kind: KindDisclosesThirdParty, subject: "Stripe", want: result.OutcomeInfo, message: "not seen on the 1 page scanned"},
		{name: "aws via cognito", kind: KindDisclosesThirdParty, subject: "Amazon Web Services",
			setup: addReq(req("cognito-idp.eu-west-1.amazonaws.com", "/", "Fetch")), want: result.OutcomeKept},
		{name: "soundcloud spelled lower", kind: KindDisclosesThirdParty, subject: "Soundcloud",
			setup: addReq(req("w.soundcloud.com", "/player/", "Document")), want: result.OutcomeKept},
		{name: "openstreetmap tiles", kind: KindDisclosesThirdParty, subject: "OpenStreetMap",
			setup: addReq(req("a.tile.openstreetmap.org", "/1/2/3.png", "Image")), want: result.OutcomeKept},
		{name: "app scope", kind: KindDisclosesThirdParty, subject: "Google Play", setup: func(r *result.Result) { r.Policy.Claims[0].Scope = result.ScopeApp },
			want: result.OutcomeOutOfScope},
		{name: "cookie seen", kind: KindDisclosesCookie, subject: "fca_eoi_pagecount",
			setup: addCookie(cookie("fca_eoi_pagecount", "site.example", result.SetByScript)), want: result.OutcomeKept, evidence: []string{"cookie:fca_eoi_pagecount"}},
		{name: "cookie not seen", kind: KindDisclosesCookie, subject: "fca_eoi_pagecount", want: result.OutcomeInfo, message: "not seen"},
	})
}

func TestClaimEncryptsInTransit(t *testing.T) {
	no := false
	runClaimCases(t, []claimCase{
		{name: "tls 1.3, redirect, legacy refused", kind: KindEncryptsInTransit, subject: "TLS 1.2", want: result.OutcomeKept},
		{name: "no minimum stated", kind: KindEncryptsInTransit, want: result.OutcomeKept},
		{name: "legacy TLS 1.0 under a 1.2 minimum", kind: KindEncryptsInTransit, subject: "TLS 1.2",
			setup: func(r *result.Result) { r.Security.TLS.Legacy = []string{"TLS 1.0"} }, want: result.OutcomeBroken, evidence: []string{"tls:TLS 1.0"}},
		{name: "legacy TLS 1.0, no minimum: listed", kind: KindEncryptsInTransit,
			setup: func(r *result.Result) { r.Security.TLS.Legacy = []string{"TLS 1.0"} }, want: result.OutcomeKept, evidence: []string{"tls:TLS 1.0"}},
		{name: "negotiated below minimum", kind: KindEncryptsInTransit, subject: "TLS 1.3",
			setup: func(r *result.Result) { r.Security.TLS.Protocol = "TLS 1.2" }, want: result.OutcomeBroken},
		{name: "legacy not probed", kind: KindEncryptsInTransit, subject: "TLS 1.2",
			setup: func(r *result.Result) { r.Security.TLS.Legacy = nil }, want: result.OutcomeUnverifiable, message: "not probed"},
		{name: "plain http", kind: KindEncryptsInTransit, setup: func(r *result.Result) {
			r.FinalURL = "http://site.example/"
			r.Security.TLS = nil
		}, want: result.OutcomeBroken},
		{name: "no redirect", kind: KindEncryptsInTransit, setup: func(r *result.Result) { r.Security.HTTPSRedirect = &no }, want: result.OutcomeBroken},
		{name: "redirect not checked", kind: KindEncryptsInTransit, setup: func(r *result.Result) { r.Security.HTTPSRedirect = nil }, want: result.OutcomeUnverifiable},
		{name: "mixed content loaded", kind: KindEncryptsInTransit, setup: func(r *result.Result) {
			r.Security.MixedContent = []result.MixedContent{{URL: "http://img.example/a.png", ResourceType: "Image", Page: siteURL}}
		}, want: result.OutcomeBroken, evidence: []string{"request:http://img.example/a.png"}},
		{name: "mixed content blocked", kind: KindEncryptsInTransit, setup: func(r *result.Result) {
			r.Security.MixedContent = []result.MixedContent{{URL: "http://img.example/a.js", ResourceType: "Script", Page: siteURL, Blocked: true}}
		}, want: result.OutcomeKept, evidence: []string{"request:http://img.example/a.js"}},
		{name: "service scope says so", kind: KindEncryptsInTransit, subject: "TLS 1.2", setup: func(r *result.Result) { r.Policy.Claims[0].Scope = result.ScopeService },
			want: result.OutcomeKept, message: "whole service"},
	})
}

func TestClaimSecurityHeaders(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "A+ headers", kind: KindSecurityHeaders, want: result.OutcomeKept, message: "grade A+"},
		{name: "no security headers", kind: KindSecurityHeaders, setup: func(r *result.Result) {
			r.Security.Headers = map[string]string{"content-type": "text/html"}
			r.Security.HSTS = nil
		}, want: result.OutcomeBroken, evidence: []string{"observatory:csp-not-implemented"}},
		{name: "headers not recorded", kind: KindSecurityHeaders, setup: func(r *result.Result) { r.Security.Headers = map[string]string{} },
			want: result.OutcomeUnverifiable},
		{name: "middling", kind: KindSecurityHeaders, setup: func(r *result.Result) {
			delete(r.Security.Headers, "content-security-policy") // -25
			delete(r.Security.Headers, "x-frame-options")         // -20 (frame-ancestors went with the CSP)
		}, want: result.OutcomeUnverifiable, message: "grade C"},
	})
}

func TestClaimsNotJudged(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "selling", kind: KindNoSelling, want: result.OutcomeUnverifiable, message: "out of sight"},
		{name: "ip logging", kind: KindNoIPLogging, want: result.OutcomeUnverifiable, message: "IP address"},
		{name: "retention", kind: KindRetention, subject: "7 days", want: result.OutcomeUnverifiable},
		{name: "data location", kind: KindDataLocation, subject: "EU", want: result.OutcomeUnverifiable},
		{name: "hashing", kind: KindPasswordHashing, want: result.OutcomeUnverifiable},
		{name: "at rest", kind: KindEncryptionAtRest, want: result.OutcomeUnverifiable},
		{name: "sharing in app scope", kind: KindNoSharing, setup: func(r *result.Result) { r.Policy.Claims[0].Scope = result.ScopeApp }, want: result.OutcomeOutOfScope},
		{name: "unknown kind", kind: "no-dark-patterns", want: result.OutcomeUnverifiable, message: "no rule"},
	})
}
