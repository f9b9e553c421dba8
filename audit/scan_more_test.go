package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/result"
)

func pageURLs(r *result.Result) []string {
	var out []string
	for _, p := range r.Pages {
		out = append(out, p.URL)
	}
	return out
}

func TestCrawlIsDeterministic(t *testing.T) {
	want := []string{
		"https://" + shopHost + "/",
		"https://" + shopHost + "/privacy-policy",
		"https://" + shopHost + "/about",
		"https://" + shopHost + "/contact",
	}
	for i := 0; i < 2; i++ {
		r, err := scanFixture(t, shopHost, ScanOptions{Pages: 4, Wait: 700 * time.Millisecond})
		if err != nil {
			t.Fatalf("scan %d: %v", i, err)
		}
		if got := pageURLs(r); !reflect.DeepEqual(got, want) {
			t.Fatalf("scan %d pages = %v, want %v", i, got, want)
		}
		for _, p := range r.Pages {
			if p.Status != 200 || p.Title == "" {
				t.Errorf("page %+v", p)
			}
		}
	}
}

func TestTransportHTTPS(t *testing.T) {
	r, err := scanFixture(t, shopHost, ScanOptions{Pages: 1, Wait: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	sec := r.Security
	if sec.HTTPSRedirect == nil || !*sec.HTTPSRedirect {
		t.Errorf("https_redirect = %v, want true", sec.HTTPSRedirect)
	}
	if sec.HSTS == nil || sec.HSTS.MaxAge != 31536000 || !sec.HSTS.IncludeSubdomains || !sec.HSTS.Preload {
		t.Errorf("hsts = %+v", sec.HSTS)
	}
	if sec.Headers["x-frame-options"] != "DENY" || !strings.Contains(sec.Headers["content-security-policy"], "default-src") {
		t.Errorf("headers = %v", sec.Headers)
	}
	if sec.TLS == nil || !strings.HasPrefix(sec.TLS.Protocol, "TLS 1.") || sec.TLS.Cipher == "" || sec.TLS.Issuer != "candor test site" || sec.TLS.NotAfter.Before(time.Now()) {
		t.Errorf("tls = %+v", sec.TLS)
	}
	// The redirect check is Candor's own probe, not the site's doing.
	for _, q := range r.Requests {
		if strings.HasPrefix(q.URL, "http://") {
			t.Errorf("probe request recorded: %s", q.URL)
		}
	}
}

func TestTransportPlainHTTP(t *testing.T) {
	r, err := scanFixture(t, "http://"+plainHost+"/", ScanOptions{Pages: 1, Wait: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Security.HTTPSRedirect == nil || *r.Security.HTTPSRedirect {
		t.Errorf("https_redirect = %v, want false", r.Security.HTTPSRedirect)
	}
	if r.Security.TLS != nil || r.Security.HSTS != nil {
		t.Errorf("plain http has tls %+v hsts %+v", r.Security.TLS, r.Security.HSTS)
	}
}

func TestTimeoutGivesPartialResult(t *testing.T) {
	start := time.Now()
	r, err := scanFixture(t, hangHost, ScanOptions{Pages: 1, Timeout: 3 * time.Second})
	took := time.Since(start)
	var se *ScanError
	if !errors.As(err, &se) || !strings.Contains(se.Cause, "did not finish within 3s") || !strings.Contains(se.Cause, "no response from https://"+hangHost+"/") {
		t.Fatalf("err = %v, want a timeout ScanError", err)
	}
	if took > 20*time.Second { // a generous bound: a hang would never end
		t.Errorf("the scan took %s with a 3s timeout", took)
	}
	if len(r.Errors) == 0 || r.Errors[len(r.Errors)-1].Stage != "timeout" {
		t.Errorf("errors = %+v, want a timeout entry", r.Errors)
	}
	if len(r.Pages) != 1 || r.Target != "https://"+hangHost+"/" || r.SchemaVersion == "" {
		t.Errorf("partial result: pages %+v target %q", r.Pages, r.Target)
	}
	if len(findRequest(r, hangHost)) == 0 {
		t.Errorf("the request that hung is not recorded")
	}
}

func TestBadTargets(t *testing.T) {
	tests := []struct {
		target, cause string
	}{
		{"javascript:alert(1)", "unsupported scheme"},
		{"file:///etc/passwd", "unsupported scheme"},
		{"data:text/html,<h1>hi</h1>", "unsupported scheme"},
		{"https://", "no host"},
		{"nx.invalid", "cannot resolve the host name"},
		{refused, "connection refused"},
		{loopHost, "redirect loop"},
		{"https://" + shopHost + "/missing", "HTTP 404"},
		{unavailHost, "HTTP 503"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			r, err := scanFixture(t, tt.target, ScanOptions{Pages: 2, Wait: 300 * time.Millisecond, Timeout: 15 * time.Second})
			if err == nil || !strings.Contains(err.Error(), tt.cause) {
				t.Fatalf("err = %v, want it to say %q", err, tt.cause)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if r == nil || len(r.Errors) == 0 {
				t.Fatalf("no error entry in the result: %+v", r)
			}
			if r.Pages == nil || r.Requests == nil || r.Cookies == nil {
				t.Errorf("nil lists in a partial result")
			}
		})
	}
}

func TestPolicyDiscovery(t *testing.T) {
	tmp := filepath.Join(t.TempDir(), "policy.html")
	if err := os.WriteFile(tmp, []byte("<p>file policy</p>"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		target, flag, foundBy, url, text string
	}{
		{shopHost, "", FoundByLinkText, "https://" + shopHost + "/privacy-policy", "cookieless analytics"},
		{pathPolicy, "", FoundByCommonPath, "https://" + pathPolicy + "/privacy", "privacy notice"},
		{noPolicy, "", FoundByNone, "", ""},
		{noPolicy, tmp, FoundByFlag, tmp, "file policy"},
		{noPolicy, "https://" + shopHost + "/privacy-policy", FoundByFlag, "https://" + shopHost + "/privacy-policy", "cookieless analytics"},
	}
	for _, tt := range tests {
		t.Run(tt.target+tt.foundBy, func(t *testing.T) {
			var gotURL, gotHTML string
			read := func(ctx context.Context, pageURL string, html []byte) (result.Policy, error) {
				gotURL, gotHTML = pageURL, string(html)
				return result.Policy{Title: "read", Claims: []result.Claim{{Kind: "test", Quote: "q"}}}, nil
			}
			r, err := scanFixture(t, tt.target, ScanOptions{Pages: 1, Wait: 300 * time.Millisecond, Policy: tt.flag, ReadPolicy: read})
			if err != nil {
				t.Fatal(err)
			}
			if r.Policy.FoundBy != tt.foundBy || r.Policy.URL != tt.url {
				t.Errorf("policy = %+v, want %s %s", r.Policy, tt.foundBy, tt.url)
			}
			if tt.foundBy == FoundByNone {
				if gotURL != "" || len(r.Policy.Claims) != 0 {
					t.Errorf("reader called for no policy")
				}
				return
			}
			if gotURL != tt.url || !strings.Contains(gotHTML, tt.text) {
				t.Errorf("reader got %s with %d bytes, want %s containing %q", gotURL, len(gotHTML), tt.url, tt.text)
			}
			if len(r.Policy.Claims) != 1 || r.Policy.Title != "read" {
				t.Errorf("claims of the reader not kept: %+v", r.Policy)
			}
		})
	}
}

func TestRequestCap(t *testing.T) {
	r, err := scanFixture(t, "many.test", ScanOptions{Pages: 1, Wait: time.Second, MaxRequestsPerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Requests) != 10 || r.RequestsDropped < 50 {
		t.Errorf("requests %d dropped %d, want 10 and at least 50", len(r.Requests), r.RequestsDropped)
	}
}

func TestArtifacts(t *testing.T) {
	dir := t.TempDir()
	png, har := filepath.Join(dir, "shot.png"), filepath.Join(dir, "scan.har")
	r, err := scanFixture(t, shopHost, ScanOptions{Pages: 2, Wait: 500 * time.Millisecond, Screenshot: png, HAR: har})
	if err != nil {
		t.Fatal(err)
	}
	if r.Artifacts.Screenshot != png || r.Artifacts.HAR != har {
		t.Errorf("artifacts = %+v", r.Artifacts)
	}
	img, err := os.ReadFile(png)
	if err != nil || !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("screenshot is not a PNG: %v", err)
	}
	data, err := os.ReadFile(har)
	if err != nil {
		t.Fatal(err)
	}
	var h harFile
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	if h.Log.Version != "1.2" || len(h.Log.Pages) != 2 || len(h.Log.Entries) != len(r.Requests) {
		t.Errorf("har: version %s, %d pages, %d entries for %d requests", h.Log.Version, len(h.Log.Pages), len(h.Log.Entries), len(r.Requests))
	}
	for _, e := range h.Log.Entries {
		if e.Request.URL == "" || e.StartedDateTime == "" || (e.Pageref != "page_1" && e.Pageref != "page_2") {
			t.Errorf("har entry %+v", e)
			break
		}
	}
}

func TestContextsAreIsolated(t *testing.T) {
	// A second scan must not see the cookies of the first.
	if _, err := scanFixture(t, shopHost, ScanOptions{Pages: 1, Wait: 300 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	r, err := scanFixture(t, noPolicy, ScanOptions{Pages: 1, Wait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Cookies) != 0 || len(r.Storage) != 0 {
		t.Errorf("cookies or storage leaked between scans: %+v %+v", r.Cookies, r.Storage)
	}
}

func TestMixedContent(t *testing.T) {
	r, err := scanFixture(t, "mixed.test", ScanOptions{Pages: 1, Wait: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]result.MixedContent{}
	for _, m := range r.Security.MixedContent {
		got[m.ResourceType] = m
	}
	if m, ok := got["Script"]; !ok || !m.Blocked || m.URL != "http://"+cdnHost+"/mixed.js" {
		t.Errorf("mixed script: %+v (all %+v)", m, r.Security.MixedContent)
	}
	if m, ok := got["Image"]; !ok || m.Page != "https://mixed.test/" {
		t.Errorf("mixed image: %+v (all %+v)", m, r.Security.MixedContent)
	}
}

func TestWebSocketAndEventSource(t *testing.T) {
	start := time.Now()
	// The banner search is off: it would watch the page for a while
	// whatever the network does.
	r, err := scanFixture(t, "ws.test", ScanOptions{Pages: 1, Wait: 40 * time.Second, Timeout: 90 * time.Second, Consent: ConsentOff})
	if err != nil {
		t.Fatal(err)
	}
	// An open socket and an event stream never finish: they must not keep
	// the network from counting as quiet, which would make the scan take
	// the whole 40 s wait. The margin is wide so that a loaded machine
	// cannot fail the test: a quiet page takes a second or two.
	if took := time.Since(start); took > 25*time.Second {
		t.Errorf("scan took %s: the open socket counted as a request in flight", took)
	}
	var ws, es bool
	for _, q := range r.Requests {
		if q.ResourceType == "WebSocket" && q.URL == "wss://ws.test/socket" {
			ws = true
			if q.Status != 101 {
				t.Errorf("websocket status %d", q.Status)
			}
		}
		es = es || q.ResourceType == "EventSource"
	}
	if !ws || !es {
		t.Errorf("websocket %v eventsource %v in %+v", ws, es, r.Requests)
	}
}

func TestBusyLoopEndsAtTimeout(t *testing.T) {
	start := time.Now()
	r, err := scanFixture(t, "busy.test", ScanOptions{Pages: 1, Timeout: 3 * time.Second})
	took := time.Since(start)
	if err == nil {
		t.Fatalf("no error for a hung page; result %+v", r.Pages)
	}
	if took > 20*time.Second { // a generous bound: a hang would never end
		t.Errorf("the scan took %s with a 3s timeout", took)
	}
	if len(r.Requests) == 0 || len(r.Errors) == 0 {
		t.Errorf("partial result: %d requests, errors %+v", len(r.Requests), r.Errors)
	}
}

func TestRedirectToAnotherDomainIsFirstParty(t *testing.T) {
	r, err := scanFixture(t, "old-brand.test", ScanOptions{Pages: 2, Wait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.FinalURL != "https://www.new-brand.test/" {
		t.Errorf("final url %s", r.FinalURL)
	}
	for _, q := range r.Requests {
		if q.Party != result.FirstParty {
			t.Errorf("%s is %s, want first party", q.URL, q.Party)
		}
	}
	if c := findCookie(r, "brand"); c == nil || c.Party != result.FirstParty {
		t.Errorf("cookie brand: %+v", c)
	}
	if got := pageURLs(r); len(got) != 2 || got[1] != "https://www.new-brand.test/shop" {
		t.Errorf("pages %v: the crawl did not follow the new domain", got)
	}
}
