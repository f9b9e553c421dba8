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
	profile := b.ProfileDir()
	if err := b.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
		code = 1
	}
	if left := leftovers(profile); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: Chromium processes left behind: %v\n", left)
		code = 1
	}
	if _, err := os.Stat(profile); err == nil {
		fmt.Fprintf(os.Stderr, "FAIL: browser profile %s left behind\n", profile)
		code = 1
	}
	return code
}

// leftovers waits briefly for the browser's processes to be gone and
// returns any that are not.
func leftovers(profile string) []int {
	var left []int
	for i := 0; i < 40; i++ {
		left = append(testsite.ChromiumDescendants(os.Getpid()), ProcessesUsing(profile)...)
		if len(left) == 0 {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return left
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
