package audit

import (
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

type resultT = result.Result

func findRequest(r *result.Result, host string) []result.Request {
	var out []result.Request
	for _, q := range r.Requests {
		if q.Host == host {
			out = append(out, q)
		}
	}
	return out
}

func findCookie(r *result.Result, name string) *result.Cookie {
	for i := range r.Cookies {
		if r.Cookies[i].Name == name {
			return &r.Cookies[i]
		}
	}
	return nil
}

func TestScanShopLandingPage(t *testing.T) {
	r, err := scanFixture(t, shopHost, ScanOptions{Pages: 1})
	if err != nil {
		t.Fatalf("scan: %v (errors %v)", err, r.Errors)
	}
	if r.FinalURL != "https://"+shopHost+"/" {
		t.Errorf("final url %q", r.FinalURL)
	}
	if len(r.Pages) != 1 || r.Pages[0].Status != 200 || r.Pages[0].Title != "Example Shop" {
		t.Errorf("pages = %+v", r.Pages)
	}
	for _, tt := range []struct {
		host  string
		party result.Party
		typ   string
	}{
		{shopHost, result.FirstParty, "Document"},
		{gtmHost, result.ThirdParty, "Script"},
		{gaHost, result.ThirdParty, "Ping"},
		{pixelHost, result.ThirdParty, "Image"},
		{cdnHost, result.ThirdParty, "Image"},
		{chatHost, result.ThirdParty, "Document"},
		{chatAPI, result.ThirdParty, "Fetch"},
	} {
		reqs := findRequest(r, tt.host)
		if len(reqs) == 0 {
			t.Errorf("no request to %s", tt.host)
			continue
		}
		found := false
		for _, q := range reqs {
			if q.Party != tt.party {
				t.Errorf("%s: party %q, want %q", q.URL, q.Party, tt.party)
			}
			if q.ResourceType == tt.typ {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s request in %+v", tt.host, tt.typ, reqs)
		}
	}
	// The lazy image at the bottom loads only after the scroll.
	lazy := false
	for _, q := range findRequest(r, cdnHost) {
		if q.URL == "https://"+cdnHost+"/bottom.png" {
			lazy = true
		}
	}
	if !lazy {
		t.Errorf("the lazy image at the bottom of the page was not requested: scroll did not happen")
	}
	// Initiators: the beacon was sent by the tag manager script.
	for _, q := range findRequest(r, gaHost) {
		if q.Initiator != "https://"+gtmHost+"/gtag/js?id=G-TEST" {
			t.Errorf("beacon initiator = %q", q.Initiator)
		}
	}
	for _, q := range findRequest(r, chatAPI) {
		if q.FrameURL != "https://"+chatHost+"/frame" {
			t.Errorf("iframe fetch frame_url = %q", q.FrameURL)
		}
	}

	for _, tt := range []struct {
		name, kind, setterHost string
		party                  result.Party
		session                bool
	}{
		{"session", result.SetByHeader, shopHost, result.FirstParty, true},
		{"cart", result.SetByScript, shopHost, result.FirstParty, true},
		{"_ga", result.SetByScript, gtmHost, result.FirstParty, false},
		{"uid", result.SetByHeader, pixelHost, result.ThirdParty, false},
		{"chat_sid", result.SetByHeader, chatHost, result.ThirdParty, true},
		{"chat_seen", result.SetByScript, chatHost, result.ThirdParty, true},
	} {
		c := findCookie(r, tt.name)
		if c == nil {
			t.Errorf("cookie %s missing; have %+v", tt.name, r.Cookies)
			continue
		}
		if c.SetBy.Kind != tt.kind || c.SetBy.Host != tt.setterHost {
			t.Errorf("cookie %s set by %+v, want %s from %s", tt.name, c.SetBy, tt.kind, tt.setterHost)
		}
		if c.Party != tt.party || c.Session != tt.session || (c.Expires == nil) != tt.session {
			t.Errorf("cookie %s: party %s session %v expires %v", tt.name, c.Party, c.Session, c.Expires)
		}
	}
	if c := findCookie(r, "session"); c != nil && (!c.HTTPOnly || !c.Secure || c.SameSite != "Lax") {
		t.Errorf("session cookie flags: %+v", c)
	}
	// Storage, the cross-site iframe's included.
	type key struct{ origin, kind, key string }
	want := map[key]result.Party{
		{"https://" + shopHost, "local", "theme"}:      result.FirstParty,
		{"https://" + shopHost, "session", "visit"}:    result.FirstParty,
		{"https://" + chatHost, "local", "chat_state"}: result.ThirdParty,
	}
	for _, it := range r.Storage {
		k := key{it.Origin, it.Kind, it.Key}
		if p, ok := want[k]; ok {
			if it.Party != p || it.Size == 0 {
				t.Errorf("storage %+v: want party %s and a size", it, p)
			}
			delete(want, k)
		}
	}
	if len(want) > 0 {
		t.Errorf("storage missing %v; have %+v", want, r.Storage)
	}
}
