package party

import (
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

func TestSite(t *testing.T) {
	tests := []struct {
		host, want string
	}{
		{"www.example-shop.test", "example-shop.test"},
		{"WWW.Example.COM", "example.com"},
		{"example.com:8443", "example.com"},
		{".google-analytics.com", "google-analytics.com"},
		{"www.google-analytics.com.", "google-analytics.com"},
		{"shop.example.co.uk", "example.co.uk"},
		{"user.github.io", "user.github.io"},
		{"127.0.0.1", "127.0.0.1"},
		{"[::1]:443", "::1"},
		{"localhost", "localhost"},
		{"co.uk", "co.uk"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Site(tt.host); got != tt.want {
			t.Errorf("Site(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}

func TestClassifier(t *testing.T) {
	c := NewClassifier("www.example-shop.test", "shop-cdn.example", "")
	tests := []struct {
		host string
		want result.Party
	}{
		{"www.example-shop.test", result.FirstParty},
		{"static.example-shop.test", result.FirstParty},
		{".example-shop.test", result.FirstParty},
		{"img.shop-cdn.example", result.FirstParty},
		{"www.google-analytics.com", result.ThirdParty},
		{"example-shop.test.evil.com", result.ThirdParty},
		{"", result.ThirdParty},
	}
	for _, tt := range tests {
		if got := c.Of(tt.host); got != tt.want {
			t.Errorf("Of(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
	var zero *Classifier
	if got := zero.Of("example.com"); got != result.ThirdParty {
		t.Errorf("nil classifier: got %q", got)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "example.com", want: "https://example.com/"},
		{in: "  example.com/shop?q=1#top ", want: "https://example.com/shop?q=1"},
		{in: "HTTP://Example.COM", want: "http://example.com/"},
		{in: "https://example.com:8443/a", want: "https://example.com:8443/a"},
		{in: "localhost:8080", want: "https://localhost:8080/"},
		{in: "127.0.0.1:9/x", want: "https://127.0.0.1:9/x"},
		{in: "https://[::1]:8443/", want: "https://[::1]:8443/"},
		{in: "bücher.example", want: "https://xn--bcher-kva.example/"},
		{in: "file:///etc/passwd", bad: true},
		{in: "javascript:alert(1)", bad: true},
		{in: "data:text/html,hi", bad: true},
		{in: "ftp://example.com/", bad: true},
		{in: "https:example.com", bad: true},
		{in: "https://", bad: true},
		{in: "", bad: true},
		{in: "exa mple.com", bad: true},
		{in: "https://user:pw@example.com/", bad: true},
		{in: "https://exa_mple..com/", bad: true},
		{in: "https://example.com:99999999/", bad: true},
		{in: "https://ex%ample.com/", bad: true},
		{in: "http://<script>/", bad: true},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("Normalize(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
