// Package e2e holds Candor's end-to-end tests of the verdicts: real
// Chromium loads fixture sites served on loopback (real tracker host names
// mapped to 127.0.0.1), the scan's policy reader reads their policy pages,
// and classification and the checks judge the result exactly as
// `candor scan` does. Each test asserts the verdict and the evidence a
// person would be shown. The package holds tests only.
package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/audit/policy"
	"github.com/candor-audit/candor/checks"
	"github.com/candor-audit/candor/internal/classify"
	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/entities"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/testsite"
)

// testEnv is what every test of this binary shares: one fixture site, one
// Chromium (each scan gets a fresh browser context) and the databases the
// judgement uses.
type testEnv struct {
	site    *testsite.Site
	browser *audit.Browser
	db      classify.Databases
}

// env is set once by TestMain before any test runs and never changed.
var env *testEnv

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	site, err := testsite.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start fixture site:", err)
		return 1
	}
	defer site.Close()
	serveTrackers(site)
	ents, err := entities.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: load organisation data:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := audit.Launch(ctx, audit.BrowserOptions{HostResolverRules: site.ResolverRules(), Insecure: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: launch Chromium:", err)
		return 1
	}
	env = &testEnv{site: site, browser: b, db: classify.Databases{Entities: ents, Cookies: cookies.New()}}
	code := m.Run()
	for _, p := range testsite.CloseBrowser(b, audit.ProcessesUsing) {
		fmt.Fprintln(os.Stderr, "FAIL:", p)
		code = 1
	}
	return code
}

// Scan settings for every fixture: one page (the policy page is loaded on
// its own), a short quiet wait, no cookie banner phases.
const (
	scanPages   = 1
	scanWait    = 700 * time.Millisecond
	scanTimeout = 30 * time.Second
)

// judgeScan scans target with the shared browser and the scan's own policy
// reader, then judges the result as the CLI does (internal/cli/pipeline.go:
// classify.Enrich, checks.Run, checks.Summarize). The legacy TLS probe is
// skipped, as the CLI skips it under --host-resolver-rules. A scan error
// fails the test.
func judgeScan(t *testing.T, target string) *result.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*scanTimeout)
	defer cancel()
	r, err := env.browser.Scan(ctx, target, audit.ScanOptions{
		Pages:      scanPages,
		Wait:       scanWait,
		Timeout:    scanTimeout,
		ReadPolicy: readPolicy,
		Consent:    audit.ConsentOff,
	})
	if err != nil {
		t.Fatalf("scan %s: %v", target, err)
	}
	classify.Enrich(r, env.db)
	r.Findings = checks.Run(r, checks.Options{Entities: env.db.Entities, Cookies: env.db.Cookies})
	s := checks.Summarize(r.Findings)
	r.Summary = &s
	r.Normalize()
	for _, e := range r.Errors {
		t.Logf("scan %s: error entry %s %s: %s", target, e.Stage, e.URL, e.Message)
	}
	return r
}

// readPolicy is the scan's policy reader, as the CLI wires it.
func readPolicy(ctx context.Context, pageURL string, data []byte) (result.Policy, error) {
	return policy.Read(ctx, policy.Source{Name: pageURL, URL: pageURL, Data: data})
}

// findingsOf returns the findings of check id (a check ID such as
// CANDOR-CLAIM-NO-ANALYTICS).
func findingsOf(r *result.Result, check string) []result.Finding {
	var out []result.Finding
	for _, f := range r.Findings {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

// claimFinding returns the finding that judges the claim of kind whose quote
// contains quote (any quote when quote is ""), failing the test when there
// is none.
func claimFinding(t *testing.T, r *result.Result, check, kind, quote string) result.Finding {
	t.Helper()
	for _, f := range findingsOf(r, check) {
		if f.Claim != nil && f.Claim.Kind == kind && strings.Contains(f.Claim.Quote, quote) {
			return f
		}
	}
	t.Fatalf("no %s finding for a %s claim quoting %q\n%s", check, kind, quote, dump(r))
	return result.Finding{}
}

// hasEvidence reports whether f holds an evidence item that match accepts.
func hasEvidence(f result.Finding, match func(result.Evidence) bool) bool {
	for _, e := range f.Evidence {
		if match(e) {
			return true
		}
	}
	return false
}

// requestTo matches request evidence to host whose URL contains path.
func requestTo(host, path string) func(result.Evidence) bool {
	return func(e result.Evidence) bool {
		return e.Kind == "request" && e.Host == host && strings.Contains(e.URL, path)
	}
}

// cookieNamed matches cookie evidence for name on a domain ending in domain;
// setterHost, when not "", must be the host that set it.
func cookieNamed(name, domain, setterHost string) func(result.Evidence) bool {
	return func(e result.Evidence) bool {
		if e.Kind != "cookie" || e.Name != name || !strings.HasSuffix(e.Domain, domain) {
			return false
		}
		return setterHost == "" || (e.SetBy != nil && e.SetBy.Host == setterHost)
	}
}

// undisclosedFails returns the undisclosed-practice findings that gate (fail).
func undisclosedFails(r *result.Result) []result.Finding {
	var out []result.Finding
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Check, "CANDOR-UNDISCLOSED") && f.Outcome == result.OutcomeFail {
			out = append(out, f)
		}
	}
	return out
}

// dump lists the claims, findings and observations of r for a failure
// message.
func dump(r *result.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "policy %s (%s), %d claims:\n", r.Policy.URL, r.Policy.FoundBy, len(r.Policy.Claims))
	for _, c := range r.Policy.Claims {
		fmt.Fprintf(&b, "  claim %s %q scope=%s: %q\n", c.Kind, c.Subject, c.Scope, c.Quote)
	}
	for _, q := range r.Requests {
		fmt.Fprintf(&b, "  request %s %s %s org=%q cat=%q party=%s\n", q.ResourceType, q.Method, q.URL, q.Org, q.Category, q.Party)
	}
	for _, c := range r.Cookies {
		fmt.Fprintf(&b, "  cookie %s domain=%s party=%s purpose=%s org=%q set_by=%s %s\n", c.Name, c.Domain, c.Party, c.Purpose, c.Org, c.SetBy.Kind, c.SetBy.Host)
	}
	for _, st := range r.Storage {
		fmt.Fprintf(&b, "  storage %s %s %q party=%s\n", st.Kind, st.Origin, st.Key, st.Party)
	}
	for _, bh := range r.Behaviours {
		fmt.Fprintf(&b, "  behaviour %s %s org=%q\n", bh.Kind, bh.Script, bh.Org)
	}
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "  finding %s %s %s: %s\n", f.ID, f.Outcome, f.Severity, f.Message)
		for _, e := range f.Evidence {
			setter := ""
			if e.SetBy != nil {
				setter = e.SetBy.Kind + " " + e.SetBy.Host
			}
			fmt.Fprintf(&b, "    evidence %s url=%s host=%s name=%s domain=%s setter=%s\n", e.Kind, e.URL, e.Host, e.Name, e.Domain, setter)
		}
	}
	return b.String()
}

// disclosure returns the discloses-third-party finding whose claim subject
// starts with subject, failing the test when there is none.
func disclosure(t *testing.T, r *result.Result, subject string) result.Finding {
	t.Helper()
	for _, f := range findingsOf(r, "CANDOR-CLAIM-DISCLOSES-THIRD-PARTY") {
		if f.Claim != nil && strings.HasPrefix(strings.ToLower(f.Claim.Subject), strings.ToLower(subject)) {
			return f
		}
	}
	t.Fatalf("no disclosure of %s\n%s", subject, dump(r))
	return result.Finding{}
}
