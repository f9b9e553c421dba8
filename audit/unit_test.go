package audit

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/cdproto/network"
)

func TestParseSetCookie(t *testing.T) {
	tests := []struct {
		line string
		want setCookie
		ok   bool
	}{
		{"a=1", setCookie{Name: "a"}, true},
		{" _ga = GA1.1 ; Path=/ ; Domain=.Example.com; Secure", setCookie{Name: "_ga", Domain: "example.com", Path: "/"}, true},
		{"uid=42; Max-Age=3600; domain=px.test", setCookie{Name: "uid", Domain: "px.test"}, true},
		{"justavalue", setCookie{Name: ""}, true},
		{"", setCookie{}, false},
		{"=v; path=/x", setCookie{Name: "", Path: "/x"}, true},
	}
	for _, tt := range tests {
		got, ok := parseSetCookie(tt.line)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseSetCookie(%q) = %+v, %v; want %+v, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseSetCookie(f *testing.F) {
	for _, s := range []string{"a=1", "_ga=GA1; Domain=.x.com; Path=/", ";;;", "=", "a=b=c; domain=", "\x00=\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		sc, ok := parseSetCookie(line)
		if !ok {
			return
		}
		if strings.ContainsAny(sc.Name, ";") || strings.HasPrefix(sc.Domain, ".") {
			t.Fatalf("parseSetCookie(%q) = %+v", line, sc)
		}
	})
}

func TestSetterFor(t *testing.T) {
	writes := []cookieWrite{
		{line: "_ga=1; path=/", kind: result.SetByScript, url: "https://gtm.test/js", host: "gtm.test", docHost: "www.shop.test"},
		{line: "sid=1; Domain=shop.test", kind: result.SetByHeader, url: "https://www.shop.test/", host: "www.shop.test", docHost: "www.shop.test"},
		{line: "_ga=2; path=/", kind: result.SetByScript, url: "https://other.test/a.js", host: "other.test", docHost: "www.shop.test"},
		{line: "uid=1", kind: result.SetByHeader, url: "https://px.test/p", host: "px.test", docHost: "px.test"},
	}
	tests := []struct {
		ck   network.Cookie
		want result.SetBy
	}{
		{network.Cookie{Name: "_ga", Domain: "www.shop.test", Path: "/"}, result.SetBy{Kind: result.SetByScript, URL: "https://other.test/a.js", Host: "other.test"}},
		{network.Cookie{Name: "sid", Domain: ".shop.test", Path: "/"}, result.SetBy{Kind: result.SetByHeader, URL: "https://www.shop.test/", Host: "www.shop.test"}},
		{network.Cookie{Name: "sid", Domain: "www.shop.test", Path: "/"}, result.SetBy{Kind: result.SetByUnknown}},
		{network.Cookie{Name: "uid", Domain: "px.test", Path: "/"}, result.SetBy{Kind: result.SetByHeader, URL: "https://px.test/p", Host: "px.test"}},
		{network.Cookie{Name: "uid", Domain: "other.test", Path: "/"}, result.SetBy{Kind: result.SetByUnknown}},
	}
	for _, tt := range tests {
		ck := tt.ck
		if got := setterFor(&ck, writes); got != tt.want {
			t.Errorf("setterFor(%s@%s) = %+v, want %+v", ck.Name, ck.Domain, got, tt.want)
		}
	}
}

func TestParseHSTS(t *testing.T) {
	tests := []struct {
		raw  string
		want result.HSTS
	}{
		{"max-age=31536000; includeSubDomains; preload", result.HSTS{MaxAge: 31536000, IncludeSubdomains: true, Preload: true}},
		{`max-age="600"`, result.HSTS{MaxAge: 600}},
		{"MAX-AGE=0", result.HSTS{}},
		{"max-age=abc; includesubdomains", result.HSTS{IncludeSubdomains: true}},
		{"max-age=10\nmax-age=20; preload", result.HSTS{MaxAge: 10}},
	}
	for _, tt := range tests {
		got := parseHSTS(tt.raw)
		tt.want.Raw = tt.raw
		if *got != tt.want {
			t.Errorf("parseHSTS(%q) = %+v, want %+v", tt.raw, *got, tt.want)
		}
	}
}

func TestFindPolicyLinks(t *testing.T) {
	info := &pageInfo{}
	add := func(href, text string, footer bool) {
		info.Links = append(info.Links, struct {
			Href   string `json:"h"`
			Text   string `json:"t"`
			Footer bool   `json:"f"`
		}{href, text, footer})
	}
	add("https://s.test/cookie-policy", "Cookie policy", true)
	add("https://s.test/blog/privacy-news", "News", false)
	add("https://s.test/datenschutz", "Datenschutzerklärung", true)
	add("https://s.test/about", "About", true)
	add("javascript:void(0)", "Privacy settings", true)
	got := findPolicyLinks(info)
	var urls []string
	for _, l := range got {
		urls = append(urls, l.URL)
	}
	want := []string{"https://s.test/datenschutz", "https://s.test/blog/privacy-news", "https://s.test/cookie-policy"}
	if !reflect.DeepEqual(urls, want) {
		t.Errorf("order = %v, want %v", urls, want)
	}
	info.Rel = "https://s.test/legal/p"
	if got := findPolicyLinks(info); got[0].URL != info.Rel || got[0].FoundBy != FoundByLinkRel {
		t.Errorf("link rel not first: %+v", got[0])
	}
}

func TestSameSiteLinksOrder(t *testing.T) {
	s := &scan{cls: party.NewClassifier("www.shop.test", "shop-cdn.test")}
	info := &pageInfo{URL: "https://www.shop.test/"}
	for _, h := range []string{"https://www.shop.test/b/c", "https://shop.test/z", "https://www.shop.test/a#x", "https://other.test/", "https://www.shop.test/a", "mailto:x@shop.test", "https://www.shop.test/", "https://www.shop.test/file.pdf", "https://img.shop-cdn.test/p"} {
		info.Links = append(info.Links, struct {
			Href   string `json:"h"`
			Text   string `json:"t"`
			Footer bool   `json:"f"`
		}{Href: h})
	}
	got := s.sameSiteLinks(info)
	want := []string{"https://img.shop-cdn.test/p", "https://shop.test/z", "https://www.shop.test/a", "https://www.shop.test/b/c"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("links = %v, want %v", got, want)
	}
}

func TestDescribeLoadError(t *testing.T) {
	for text, want := range map[string]string{
		"net::ERR_NAME_NOT_RESOLVED":        "cannot resolve the host name",
		"net::ERR_CERT_AUTHORITY_INVALID":   "self-signed or a private authority); use --insecure",
		"net::ERR_TOO_MANY_REDIRECTS":       "redirect loop",
		"net::ERR_CERT_DATE_INVALID":        "has expired or is not valid yet; use --insecure",
		"net::ERR_CERT_COMMON_NAME_INVALID": "is for another host name; use --insecure",
		"net::ERR_CERT_REVOKED":             "TLS certificate error; use --insecure",
		"net::ERR_EMPTY_RESPONSE":           "without a response",
		"net::ERR_SOMETHING_NEW":            "net::ERR_SOMETHING_NEW",
		"":                                  "did not load",
	} {
		if got := describeLoadError(text); !strings.Contains(got, want) {
			t.Errorf("describeLoadError(%q) = %q, want it to contain %q", text, got, want)
		}
	}
}

func TestFindBrowser(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "my-chrome")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := FindBrowser(fake, "/nope"); err != nil || got != fake {
		t.Errorf("flag: %q, %v", got, err)
	}
	if got, err := FindBrowser("", fake); err != nil || got != fake {
		t.Errorf("env: %q, %v", got, err)
	}
	if _, err := FindBrowser(filepath.Join(dir, "missing"), ""); err == nil || !strings.Contains(err.Error(), "--browser") {
		t.Errorf("missing flag path: %v", err)
	}
	t.Setenv("PATH", dir)
	if _, err := FindBrowser("", ""); !errors.Is(err, ErrNoBrowser) || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("empty PATH: %v", err)
	}
}
