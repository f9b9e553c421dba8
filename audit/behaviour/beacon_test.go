package behaviour

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

func TestDecodeBeacon(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		body   string
		vendor string
		id     string
		events []string
		params map[string]string
	}{
		{
			name:   "facebook pixel purchase",
			url:    "https://www.facebook.com/tr/?id=1234567890123456&ev=Purchase&dl=https%3A%2F%2Fshop.example%2Fcheckout&rl=&if=false&ts=1732612345678&cd[currency]=EUR&cd[value]=59.90&cd[content_ids]=%5B%22sku-1%22%5D&ud[em]=5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8&sw=1920&sh=1080&v=2.9.170&r=stable&ec=4&o=4126&fbp=fb.1.1732612345000.123&it=1732612345000&coo=false&rqm=GET",
			vendor: VendorFacebook, id: "1234567890123456", events: []string{"Purchase"},
			params: map[string]string{"cd[currency]": "EUR", "cd[value]": "59.90", "cd[content_ids]": `["sku-1"]`,
				"ud[em]": "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", "dl": "https://shop.example/checkout"},
		},
		{
			name:   "facebook pixel POST body",
			url:    "https://www.facebook.com/tr/",
			body:   "id=987654321&ev=PageView&dl=https%3A%2F%2Fshop.example%2F&cd[page]=home",
			vendor: VendorFacebook, id: "987654321", events: []string{"PageView"},
			params: map[string]string{"dl": "https://shop.example/", "cd[page]": "home"},
		},
		{
			name:   "ga4 page view",
			url:    "https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123XYZ9&gtm=45je4bk0v9&_p=1732612345&cid=123456789.1732612345&ul=en-us&sr=1920x1080&_s=1&sid=1732612345&sct=1&seg=0&dl=https%3A%2F%2Fshop.example%2F&dt=Shop&en=page_view&_fv=1&_ss=1&ep.content_group=home&epn.items=3",
			vendor: VendorGA4, id: "G-ABC123XYZ9", events: []string{"page_view"},
			params: map[string]string{"dl": "https://shop.example/", "dt": "Shop", "ep.content_group": "home", "epn.items": "3"},
		},
		{
			name:   "ga4 batched events in the body",
			url:    "https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123XYZ9&cid=1.2&dl=https%3A%2F%2Fshop.example%2Fcart",
			body:   "en=add_to_cart&ep.currency=EUR&epn.value=19.5\nen=begin_checkout&ep.coupon=WINTER",
			vendor: VendorGA4, id: "G-ABC123XYZ9", events: []string{"add_to_cart", "begin_checkout"},
			params: map[string]string{"dl": "https://shop.example/cart", "ep.currency": "EUR", "epn.value": "19.5", "ep.coupon": "WINTER"},
		},
		{
			name:   "ga4 through server-side tagging on the site's own host",
			url:    "https://metrics.shop.example/g/collect?v=2&tid=G-SSTAG12345&en=scroll",
			vendor: VendorGA4, id: "G-SSTAG12345", events: []string{"scroll"},
		},
		{
			name:   "universal analytics page view",
			url:    "https://www.google-analytics.com/collect?v=1&_v=j101&a=1&t=pageview&_s=1&dl=https%3A%2F%2Fshop.example%2F&ul=en-us&dt=Shop&sd=24-bit&sr=1920x1080&je=0&_u=IEBAAEAB~&jid=&gjid=&cid=1.2&tid=UA-12345-1&_gid=3.4&z=5",
			vendor: VendorUA, id: "UA-12345-1", events: []string{"pageview"},
			params: map[string]string{"dl": "https://shop.example/", "dt": "Shop"},
		},
		{
			name:   "universal analytics event in the body",
			url:    "https://www.google-analytics.com/collect",
			body:   "v=1&t=event&tid=UA-999-2&cid=5.6&ec=video&ea=play&el=intro",
			vendor: VendorUA, id: "UA-999-2", events: []string{"event"},
			params: map[string]string{"ec": "video", "ea": "play", "el": "intro"},
		},
		{
			name:   "google ads conversion",
			url:    "https://www.googleadservices.com/pagead/conversion/987654321/?random=1732612345&cv=11&fst=1732612345&bg=ffffff&guid=ON&async=1&gtm=45be4bk0&label=AbCdEfGhIjK&value=59.9&currency_code=EUR&url=https%3A%2F%2Fshop.example%2Fthanks&data=event%3Dpurchase%3Bvalue%3D59.9",
			vendor: VendorGoogleAds, id: "AW-987654321", events: []string{"conversion", "purchase"},
			params: map[string]string{"label": "AbCdEfGhIjK", "value": "59.9", "currency_code": "EUR", "url": "https://shop.example/thanks", "data": "event=purchase;value=59.9"},
		},
		{
			name:   "google ads remarketing on doubleclick",
			url:    "https://googleads.g.doubleclick.net/pagead/viewthroughconversion/987654321/?random=1&cv=11&fst=1&num=1&guid=ON&url=https%3A%2F%2Fshop.example%2F&data=event%3Dpage_view",
			vendor: VendorGoogleAds, id: "AW-987654321", events: []string{"view-through-conversion", "page_view"},
			params: map[string]string{"url": "https://shop.example/", "data": "event=page_view"},
		},
		{
			name:   "google ads user list on google.com",
			url:    "https://www.google.com/pagead/1p-user-list/987654321/?random=1&cv=11&data=event%3Dgtag.config",
			vendor: VendorGoogleAds, id: "AW-987654321", events: []string{"remarketing", "gtag.config"},
			params: map[string]string{"data": "event=gtag.config"},
		},
		{
			name:   "tiktok pixel",
			url:    "https://analytics.tiktok.com/api/v2/pixel",
			body:   `{"event":"CompletePayment","message_id":"messageId-1","event_id":"","is_onsite":false,"timestamp":"2026-11-26T09:00:00.000Z","context":{"ad":{},"user":{"sha256_email":"a1b2c3"},"pixel":{"code":"C4ABCDEF123456789"},"page":{"url":"https://shop.example/thanks","referrer":""},"library":{"name":"pixel.js","version":"2.2.1"},"device":{"platform":"pc"},"session_id":"s1"},"properties":{"currency":"EUR","value":59.9},"_inspection":{}}`,
			vendor: VendorTikTok, id: "C4ABCDEF123456789", events: []string{"CompletePayment"},
			params: map[string]string{"page.url": "https://shop.example/thanks", "properties.currency": "EUR", "properties.value": "59.9", "user.sha256_email": "a1b2c3"},
		},
		{
			name:   "tiktok batch",
			url:    "https://analytics.tiktok.com/api/v2/pixel/batch",
			body:   `{"batch":[{"event":"Pageview","context":{"pixel":{"code":"C4XYZ"}}},{"event":"ClickButton","context":{"pixel":{"code":"C4XYZ"}}}]}`,
			vendor: VendorTikTok, id: "C4XYZ", events: []string{"Pageview", "ClickButton"},
		},
		{
			name:   "linkedin insight page view",
			url:    "https://px.ads.linkedin.com/collect?v=2&fmt=js&pid=1234567&time=1732612345678&url=https%3A%2F%2Fshop.example%2F",
			vendor: VendorLinkedIn, id: "1234567", events: []string{"pageview"},
			params: map[string]string{"url": "https://shop.example/"},
		},
		{
			name:   "linkedin conversion",
			url:    "https://px.ads.linkedin.com/collect/?pid=1234567&conversionId=7654321&fmt=gif",
			vendor: VendorLinkedIn, id: "1234567", events: []string{"conversion:7654321"},
			params: map[string]string{"conversionId": "7654321"},
		},
		{
			name:   "linkedin web analytics body",
			url:    "https://px.ads.linkedin.com/wa/",
			body:   `{"pids":[1234567],"scriptVersion":181,"time":1732612345678,"domain":"shop.example","url":"https://shop.example/","pageUrl":"https://shop.example/","href":"https://shop.example/"}`,
			vendor: VendorLinkedIn, id: "1234567", events: []string{"pageview"},
			params: map[string]string{"url": "https://shop.example/"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := result.Request{URL: tc.url, Page: "https://shop.example/", Phase: "accept"}
			b, ok := DecodeBeacon(req, tc.body)
			if !ok {
				t.Fatal("not decoded")
			}
			if b.Vendor != tc.vendor || b.ID != tc.id || !slices.Equal(b.Events, tc.events) {
				t.Errorf("got %s %q %q, want %s %q %q", b.Vendor, b.ID, b.Events, tc.vendor, tc.id, tc.events)
			}
			if b.URL != tc.url || b.Page != req.Page || b.Phase != "accept" {
				t.Errorf("url/page/phase = %q %q %q", b.URL, b.Page, b.Phase)
			}
			for k, v := range tc.params {
				if b.Params[k] != v {
					t.Errorf("param %s = %q, want %q (all: %v)", k, b.Params[k], v, b.Params)
				}
			}
			if tc.params == nil && len(b.Params) > 0 && tc.vendor != VendorGA4 && tc.vendor != VendorTikTok {
				t.Errorf("unexpected params %v", slices.Sorted(maps.Keys(b.Params)))
			}
		})
	}
}

func TestDecodeBeaconRejects(t *testing.T) {
	for _, u := range []string{
		"https://www.facebook.com/",
		"https://www.facebook.com/tr/",                            // no pixel id
		"https://connect.facebook.net/en_US/fbevents.js",          // the library, not a hit
		"https://shop.example/g/collect?q=shoes",                  // not GA4 parameters
		"https://www.google-analytics.com/collect?v=1&t=pageview", // no property id
		"https://www.googletagmanager.com/gtag/js?id=G-ABC",
		"https://www.google.com/search?q=pagead",
		"https://analytics.tiktok.com/i18n/pixel/events.js",
		"https://px.ads.linkedin.com/collect?fmt=gif",
		"https://shop.example/tr?id=1&ev=PageView",
		"not a url",
	} {
		if b, ok := DecodeBeacon(result.Request{URL: u}, ""); ok {
			t.Errorf("DecodeBeacon(%q) = %+v, want none", u, b)
		}
	}
}

func TestEncodingsAndFindLeak(t *testing.T) {
	canary := "candor.k2m4q7x9zt3a@example.com"
	b64 := base64.StdEncoding.EncodeToString([]byte(canary))
	inJSON := base64.StdEncoding.EncodeToString([]byte(`{"f":"` + canary + `","x":1}`))
	tests := []struct {
		name, url, body, want string
	}{
		{"plain in body", "https://t.example/c", `{"email":"` + canary + `"}`, EncPlain},
		{"url-encoded in query", "https://t.example/c?e=" + url.QueryEscape(canary), "", EncURL},
		{"url-encoded twice", "https://t.example/c?e=" + url.QueryEscape(url.QueryEscape(canary)), "", EncURL},
		{"base64", "https://t.example/c", "d=" + b64, EncBase64},
		{"base64 inside encoded json", "https://t.example/c?p=" + inJSON, "", EncBase64},
		{"base64 url-encoded", "https://t.example/c?p=" + url.QueryEscape(b64), "", EncBase64},
		{"md5", "https://t.example/c?h=" + digest(md5.New(), canary), "", EncMD5},
		{"sha1", "https://t.example/c?h=" + digest(sha1.New(), canary), "", EncSHA1},
		{"another md5", "https://t.example/c?h=f2d4f0d1d2c7d8ff8a4c3d7bb1f4a0f2", "", ""},
		{"sha256 upper case", "https://t.example/c?h=" + strings.ToUpper(digest(sha256.New(), canary)), "", EncSHA256},
		{"absent", "https://t.example/c?e=someone%40example.com", "x=1", ""},
		{"prefix only", "https://t.example/c?e=" + canary[:10], "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := FindLeak(canary, tc.url, tc.body)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("FindLeak = %q %v, want %q", got, ok, tc.want)
			}
		})
	}
	// Every listed encoding is found, and names the right kind.
	for _, enc := range Encodings(canary) {
		if _, ok := FindLeak(canary, "https://t.example/?v="+enc, ""); !ok {
			t.Errorf("encoding %q not found", enc)
		}
	}
	if _, ok := FindLeak("", "https://t.example/", ""); ok {
		t.Error("empty canary found")
	}
}

func TestCanaryIsUniqueAndLowerCase(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		c := Canary()
		if seen[c] || c != strings.ToLower(c) || len(c) != len("candor.")+12+len("@example.com") {
			t.Fatalf("canary %q (seen before: %v)", c, seen[c])
		}
		seen[c] = true
	}
}

// digest returns the hex digest of s.
func digest(h hash.Hash, s string) string {
	h.Write([]byte(s))
	return hex.EncodeToString(h.Sum(nil))
}
