package batch

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/testsite"
)

// numSites is how many plain fixture sites (siteN.test) are served.
const numSites = 60

// testEnv is the fixture web and the browser shared by the tests of this
// binary; tests that kill or restart a browser launch their own.
type testEnv struct {
	site    *testsite.Site
	fx      *fixtures
	browser *audit.Browser
}

// env is set once by TestMain before any test runs.
var env *testEnv

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	if os.Getenv(fixtureServerEnv) != "" {
		return serveFixturesForever()
	}
	site, err := testsite.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer site.Close()
	fx := &fixtures{crashHit: make(chan struct{}, 1)}
	serveFixtures(site, fx, numSites)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := audit.Launch(ctx, browserOptions(site))
	if err != nil {
		fmt.Fprintln(os.Stderr, "launch:", err)
		return 1
	}
	env = &testEnv{site: site, fx: fx, browser: b}
	code := m.Run()
	for _, p := range testsite.CloseBrowser(b, audit.ProcessesUsing) {
		fmt.Fprintln(os.Stderr, "FAIL:", p)
		code = 1
	}
	return code
}

func browserOptions(site *testsite.Site) audit.BrowserOptions {
	return audit.BrowserOptions{HostResolverRules: site.ResolverRules(), Insecure: true}
}

// sharedLaunch returns the binary's browser; sharedClose leaves it
// running for the next test.
func sharedLaunch(context.Context) (*audit.Browser, error) { return env.browser, nil }
func sharedClose(*audit.Browser) error                     { return nil }

// ownLaunch starts a fresh browser for tests that kill or restart it.
func ownLaunch(ctx context.Context) (*audit.Browser, error) {
	return audit.Launch(ctx, browserOptions(env.site))
}

// quickScan is a light pipeline: one page, short waits, and a made-up
// summary so that the summary columns have something to show.
func quickScan(ctx context.Context, b *audit.Browser, target string) (*result.Result, error) {
	r, err := b.Scan(ctx, target, audit.ScanOptions{Pages: 1, Wait: time.Second, Timeout: 40 * time.Second})
	if r != nil && err == nil {
		r.Summary = &result.Summary{Kept: 2, Broken: 1, Unverifiable: 0, HygieneGrade: "B"}
	}
	return r, err
}

// testConfig is a Config on the shared browser with quiet output.
func testConfig() Config {
	return Config{Launch: sharedLaunch, Close: sharedClose, Scan: quickScan, Concurrency: 2, SiteTimeout: 60 * time.Second, Quiet: true}
}

// sites returns the URLs of fixture sites from..to-1.
func sites(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("https://site%d.test/", i))
	}
	return out
}
