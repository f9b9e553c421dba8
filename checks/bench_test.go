package checks

import (
	"fmt"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// largeResult builds a result with 5,000 requests over 260 hosts (known
// trackers, CDNs, embeds and unidentified hosts, some inside iframes),
// 500 cookies and 100 claims of every kind.
func largeResult() *result.Result {
	r := cleanSite()
	known := []string{"region1.google-analytics.com", "www.googletagmanager.com", "connect.facebook.net", "www.facebook.com",
		"googleads.g.doubleclick.net", "static.hotjar.com", "cdnjs.cloudflare.com", "cdn.jsdelivr.net", "fonts.googleapis.com",
		"plausible.io", "js.stripe.com", "a.tile.openstreetmap.org", "www.youtube.com", "w.soundcloud.com", "bat.bing.com",
		"snap.licdn.com", "analytics.tiktok.com", "www.clarity.ms", "s0.wp.com", "cognito-idp.eu-west-1.amazonaws.com"}
	types := []string{"Script", "Image", "XHR", "Fetch", "Ping", "Stylesheet", "Font", "Document"}
	r.Requests = make([]result.Request, 0, 5000)
	for i := range 5000 {
		var host string
		switch {
		case i%4 == 0:
			host = siteHost
		case i%4 == 1:
			host = known[i%len(known)]
		default:
			host = fmt.Sprintf("h%d.unknown%d.example", i%7, i%240)
		}
		q := req(host, fmt.Sprintf("/p/%d?x=%d", i%97, i), types[i%len(types)])
		if i%50 == 0 {
			q = inFrame(q, ytURL)
		}
		if i%33 == 0 {
			q.Tracking = true
		}
		r.Requests = append(r.Requests, q)
	}
	names := []string{"_ga", "_gid", "_fbp", "_hjSessionUser_1", "PHPSESSID", "csrftoken", "__cf_bm", "prefs", "lang", "_clck"}
	r.Cookies = make([]result.Cookie, 0, 500)
	for i := range 500 {
		domain := ".site.example"
		if i%3 == 0 {
			domain = fmt.Sprintf(".unknown%d.example", i%240)
		}
		if i%10 == 0 {
			domain = ".doubleclick.net"
		}
		name := names[i%len(names)]
		if i%10 == 0 {
			name = "IDE"
		}
		r.Cookies = append(r.Cookies, cookie(fmt.Sprintf("%s%d", name, i/len(names)%2), domain, result.SetByScript))
	}
	kinds := []string{KindNoCookies, KindNoThirdPartyCookies, KindEssentialCookiesOnly, KindDisclosesCookie, KindNoTracking,
		KindNoAnalytics, KindNoAdvertising, KindNoThirdPartyScripts, KindNoFingerprinting, KindConsentBeforeTracking,
		KindDisclosesThirdParty, KindEncryptsInTransit, KindSecurityHeaders, KindNoSelling, KindRetention}
	subjects := []string{"Google", "YouTube", "Cloudflare", "Stripe", "AWS", "Meta", "OpenStreetMap", "SoundCloud", "Vimeo", "Campaign Monitor"}
	for i := range 100 {
		k := kinds[i%len(kinds)]
		subject := ""
		switch k {
		case KindDisclosesThirdParty:
			subject = subjects[i%len(subjects)]
		case KindDisclosesCookie:
			subject = names[i%len(names)]
		case KindEncryptsInTransit:
			subject = "TLS 1.2"
		}
		r.Policy.Claims = append(r.Policy.Claims, claim(k, subject, i*10))
	}
	return r
}

func BenchmarkRun(b *testing.B) {
	r := largeResult()
	opts := Options{Entities: testEntities(b)}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Run(r, opts))
	}
	b.ReportMetric(float64(n), "findings")
}

func BenchmarkSummarize(b *testing.B) {
	fs := Run(largeResult(), Options{Entities: testEntities(b)})
	b.ReportAllocs()
	for b.Loop() {
		Summarize(fs)
	}
}
