package testsite

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestDispatchByHost(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Handle("www.example-shop.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "shop") }))
	s.Handle("WWW.Google-Analytics.com", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ga") }))

	tlsPort, httpPort := s.TLSPort(), s.HTTPPort()
	tests := []struct {
		scheme, host, want string
		port               int
		status             int
	}{
		{"https", "www.example-shop.test", "shop", tlsPort, 200},
		{"http", "www.google-analytics.com", "ga", httpPort, 200},
		{"https", "unknown.test", "", tlsPort, 404},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s://127.0.0.1:%d/x", tt.scheme, tt.port), nil)
		req.Host = tt.host
		tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.scheme, tt.host, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || (tt.want != "" && string(body) != tt.want) {
			t.Errorf("%s %s: %d %q, want %d %q", tt.scheme, tt.host, resp.StatusCode, body, tt.status, tt.want)
		}
	}
	if got := len(s.HitsFor("www.example-shop.test")); got != 1 {
		t.Errorf("HitsFor shop = %d, want 1", got)
	}
	rules := s.ResolverRules("MAP refused.test 127.0.0.1:1")
	for _, want := range []string{"MAP refused.test 127.0.0.1:1, ", fmt.Sprintf("MAP *:443 127.0.0.1:%d", tlsPort), fmt.Sprintf("MAP *:80 127.0.0.1:%d", httpPort), "MAP * ~NOTFOUND"} {
		if !strings.Contains(rules, want) {
			t.Errorf("ResolverRules = %q, missing %q", rules, want)
		}
	}
}
