package demo

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// get fetches path from host on the demo's HTTPS server.
func get(t *testing.T, s *Site, host, path string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", fmt.Sprintf("https://127.0.0.1:%d%s", s.srv.TLSPort(), path), nil)
	req.Host = host
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestDemoSiteServes(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		host, path, contains, ctype string
	}{
		{ShopHost, "/", "Gear for every trail", "text/html"},
		{ShopHost, "/privacy", "We do not use advertising cookies", "text/html"},
		{ShopHost, "/about", "About us", "text/html"},
		{ShopHost, "/js/cart.js", "localStorage", ""},
		{"www.googletagmanager.com", "/gtag/js?id=G-DEMO123", "_ga=", "application/javascript"},
		{"connect.facebook.net", "/en_US/fbevents.js", "_fbp=", "application/javascript"},
		{"res.cloudinary.com", "/acme/image/tent.svg", "<svg", "image/svg+xml"},
	}
	for _, tt := range tests {
		resp, body := get(t, s, tt.host, tt.path)
		if resp.StatusCode != 200 || !strings.Contains(body, tt.contains) || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.ctype) {
			t.Errorf("%s%s: %d %s, body has %q: %v", tt.host, tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.contains, strings.Contains(body, tt.contains))
		}
	}
	if resp, _ := get(t, s, ShopHost, "/nope"); resp.StatusCode != 404 {
		t.Errorf("/nope: %d", resp.StatusCode)
	}
	if resp, _ := get(t, s, "www.facebook.com", "/tr?id=1"); !strings.Contains(resp.Header.Get("Set-Cookie"), "fr=") {
		t.Errorf("pixel sets no cookie")
	}
	if !strings.Contains(s.ResolverRules(), "MAP * ~NOTFOUND") {
		t.Errorf("rules %q do not keep other hosts off the network", s.ResolverRules())
	}
}
