package audit

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/testsite"
)

// testEnv is the browser and fixture site shared by the tests of this
// binary: one Chromium, a fresh browser context per scan.
type testEnv struct {
	site    *testsite.Site
	browser *Browser
	robust  *robustState // what the robustness fixtures saw
}

// env is set once by TestMain before any test runs and never changed.
var env *testEnv

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	site, err := testsite.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer site.Close()
	serveFixtures(site)
	serveConsentFixtures(site)
	robust := &robustState{}
	serveRobustFixtures(site, robust, func() *Browser { return env.browser })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Launch(ctx, BrowserOptions{HostResolverRules: site.ResolverRules(extraRules...), Insecure: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "launch:", err)
		return 1
	}
	env = &testEnv{site: site, browser: b, robust: robust}
	code := m.Run()
	for _, p := range testsite.CloseBrowser(b, ProcessesUsing) {
		fmt.Fprintln(os.Stderr, "FAIL:", p)
		code = 1
	}
	return code
}

// scanFixture scans target with the shared browser and short waits.
func scanFixture(t *testing.T, target string, opts ScanOptions) (*resultT, error) {
	t.Helper()
	if opts.Wait == 0 {
		opts.Wait = 2 * time.Second
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	return env.browser.Scan(context.Background(), target, opts)
}
