package audit

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestIsolatedFramesAreReported scans the shop, whose chat widget is a
// cross-site iframe, with a browser that isolates sites (as a remote
// browser may): the frame's own activity cannot be seen, and the result
// says so. Candor's own browser keeps the frame in the page's process:
// no such entry, and the frame's request is recorded.
func TestIsolatedFramesAreReported(t *testing.T) {
	frames := func(r *resultT) []string {
		var out []string
		for _, e := range r.Errors {
			if e.Stage == "frames" {
				out = append(out, e.URL+": "+e.Message)
			}
		}
		return out
	}
	r, err := scanFixture(t, shopHost, ScanOptions{Pages: 1, Consent: ConsentOff})
	if err != nil {
		t.Fatal(err)
	}
	if got := frames(r); len(got) != 0 || len(findRequest(r, chatAPI)) == 0 {
		t.Errorf("Candor's browser: frames entries %q, requests to %s %d; want none and the frame's request", got, chatAPI, len(findRequest(r, chatAPI)))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := Launch(ctx, BrowserOptions{HostResolverRules: env.site.ResolverRules(extraRules...), Insecure: true,
		ExtraFlags: []string{"--site-per-process", "--enable-features=SitePerProcess"}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r, err = b.Scan(ctx, shopHost, ScanOptions{Pages: 1, Consent: ConsentOff, Wait: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	got := frames(r)
	if len(got) != 1 || !strings.HasPrefix(got[0], "https://"+chatHost+"/frame: ") || !strings.Contains(got[0], "site isolation") || !strings.Contains(got[0], "on https://"+shopHost+"/") {
		t.Errorf("isolating browser: frames entries %q, want one for the chat frame", got)
	}
}
