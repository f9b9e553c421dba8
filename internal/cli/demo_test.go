package cli

import (
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/demo"
	"github.com/candor-audit/candor/internal/result"
)

// TestDemoCommand runs the real demo: its own site and its own browser.
func TestDemoCommand(t *testing.T) {
	t.Cleanup(func() { assertNoChromium(t) })
	code, out, stderr := runScanCLI(t, &Factory{}, "demo", "-f", "json", "--wait", "2s")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	validateSchema(t, out)
	r, err := result.Decode(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if r.Target != demo.URL || !r.Options.Insecure || len(r.Pages) != 3 {
		t.Errorf("target %s insecure %v pages %+v", r.Target, r.Options.Insecure, r.Pages)
	}
	if r.Policy.URL != demo.URL+"privacy" || r.Policy.FoundBy != "link-text" {
		t.Errorf("policy = %+v", r.Policy)
	}
	hosts := map[string]bool{}
	for _, q := range r.Requests {
		hosts[q.Host] = true
	}
	for _, h := range []string{"www.googletagmanager.com", "www.google-analytics.com", "connect.facebook.net", "www.facebook.com", "plausible.io", "cdnjs.cloudflare.com", "res.cloudinary.com"} {
		if !hosts[h] {
			t.Errorf("no request to %s", h)
		}
	}
	want := map[string]string{"_ga": "script", "_fbp": "script", "fr": "header", "acme_session": "header"}
	for _, c := range r.Cookies {
		if k, ok := want[c.Name]; ok {
			if c.SetBy.Kind != k {
				t.Errorf("cookie %s set by %+v", c.Name, c.SetBy)
			}
			delete(want, c.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("cookies missing: %v", want)
	}
}
