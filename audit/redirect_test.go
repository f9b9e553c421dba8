package audit

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
)

// TestRedirectCheck covers the answers of the http:// check of an https
// site: a redirect to https, a page served over http, a redirect that stays
// on http, a port 80 that never answers (checked beside the crawl, then
// reported as not checked) — and that a cookie the http:// answer sets does
// not reach the scan.
func TestRedirectCheck(t *testing.T) {
	for _, tc := range []struct {
		name    string
		http    http.HandlerFunc // what http://host/ answers
		want    *bool
		wantErr string
	}{
		{
			name: "redirects",
			http: func(w http.ResponseWriter, r *http.Request) {
				http.SetCookie(w, &http.Cookie{Name: "from_http", Value: "1", Path: "/", MaxAge: 3600})
				http.Redirect(w, r, "https://"+r.Host+"/", http.StatusMovedPermanently)
			},
			want: new(true),
		},
		{
			name: "serves http",
			http: func(w http.ResponseWriter, r *http.Request) {
				http.SetCookie(w, &http.Cookie{Name: "from_http", Value: "1", Path: "/", MaxAge: 3600})
				html(w, doc("plain", `<img src="/over-http.gif">`))
			},
			want: new(false),
		},
		{
			name: "stays on http",
			http: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/" {
					http.Redirect(w, r, "/home", http.StatusFound)
					return
				}
				html(w, doc("home", "home"))
			},
			want: new(false),
		},
		{
			name:    "port 80 hangs",
			http:    func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			wantErr: "did not answer within",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host := "redirect-" + strings.ReplaceAll(tc.name, " ", "-") + ".test"
			env.site.Handle(host, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.TLS == nil {
					tc.http(w, r)
					return
				}
				if r.URL.Path != "/" {
					http.NotFound(w, r)
					return
				}
				html(w, doc("secure", "secure"))
			}))
			r, err := scanFixture(t, host, ScanOptions{Pages: 1, Consent: ConsentOff, Wait: 500 * time.Millisecond})
			if err != nil {
				t.Fatalf("scan: %v (errors %v)", err, r.Errors)
			}
			got := r.Security.HTTPSRedirect
			if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
				t.Errorf("https_redirect = %v, want %v", ptrString(got), ptrString(tc.want))
			}
			var transportErr string
			for _, e := range r.Errors {
				if e.Stage == "transport" {
					transportErr = e.Message
				}
			}
			if tc.wantErr == "" && transportErr != "" || !strings.Contains(transportErr, tc.wantErr) {
				t.Errorf("transport error %q, want %q", transportErr, tc.wantErr)
			}
			if c := findCookie(r, "from_http"); c != nil {
				t.Errorf("the http:// answer's cookie reached the scan: %+v", c)
			}
			for _, q := range r.Requests {
				if strings.HasPrefix(q.URL, "http://") {
					t.Errorf("the check's request was recorded as the site's: %s", q.URL)
				}
			}
			if len(r.Pages) != 1 || r.Pages[0].Status != 200 || r.Pages[0].Title != "secure" {
				t.Errorf("landing page = %+v", r.Pages)
			}
		})
	}
}

func ptrString(b *bool) string {
	if b == nil {
		return "nil"
	}
	if *b {
		return "true"
	}
	return "false"
}

func TestRedirectsToHTTPS(t *testing.T) {
	loc := func(v string) []*fetch.HeaderEntry { return []*fetch.HeaderEntry{{Name: "location", Value: v}} }
	for _, tc := range []struct {
		status  int64
		headers []*fetch.HeaderEntry
		want    bool
	}{
		{301, loc("https://a.test/"), true},
		{308, loc("HTTPS://a.test/x"), true},
		{302, loc("/login"), false},
		{302, loc("//a.test/"), false}, // scheme-relative: stays on http
		{301, nil, false},
		{200, loc("https://a.test/"), false},
		{307, loc(" https://b.test/ "), true},
	} {
		if got := redirectsToHTTPS("http://a.test/", tc.status, tc.headers); got != tc.want {
			t.Errorf("%d %v: got %v, want %v", tc.status, tc.headers, got, tc.want)
		}
	}
}
