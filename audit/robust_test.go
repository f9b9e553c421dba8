package audit

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/candor-audit/candor/audit/behaviour"
	"github.com/candor-audit/candor/internal/result"
)

// hostileCase is one broken or hostile site: the scan to run and what
// must hold of its outcome.
type hostileCase struct {
	name   string
	target string
	opts   ScanOptions
	// policy, when set, receives the HTML handed to the policy reader.
	policy *policySeen
	check  func(t *testing.T, o scanOutcome)
}

// scanOutcome is what one scan returned and how long it took.
type scanOutcome struct {
	r    *result.Result
	err  error
	took time.Duration
}

// policySeen records the calls of a test's policy reader.
type policySeen struct {
	mu    sync.Mutex
	calls int
	url   string
	html  string
}

func (p *policySeen) read(ctx context.Context, pageURL string, html []byte) (result.Policy, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	p.url, p.html = pageURL, string(html)
	return result.Policy{Claims: []result.Claim{}}, nil
}

// hostileConcurrency is how many of the hostile scans run at once in the
// shared browser: they mostly wait, so a few at a time keep the test short.
const hostileConcurrency = 3

// TestHostileAndBrokenSites scans every broken or hostile fixture site and
// checks that each scan ends within its timeout with a clear one-line
// error or a recorded (partial) result. The scans run a few at a time in
// the shared browser; each case then checks its own outcome.
func TestHostileAndBrokenSites(t *testing.T) {
	t.Parallel()
	cases := hostileCases()
	outcomes := make([]scanOutcome, len(cases))
	sem := make(chan struct{}, hostileConcurrency)
	var wg sync.WaitGroup
	for i := range cases {
		c := &cases[i]
		if c.policy != nil {
			c.opts.ReadPolicy = c.policy.read
		}
		if c.opts.Wait == 0 {
			c.opts.Wait = time.Second
		}
		if c.opts.Timeout == 0 {
			c.opts.Timeout = 30 * time.Second
		}
		if c.opts.Pages == 0 {
			c.opts.Pages = 1
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			start := time.Now()
			r, err := env.browser.Scan(context.Background(), c.target, c.opts)
			outcomes[i] = scanOutcome{r: r, err: err, took: time.Since(start)}
		}()
	}
	wg.Wait()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := outcomes[i]
			t.Logf("took %s, err %v", o.took, o.err)
			if o.r == nil {
				t.Fatalf("no result (err %v)", o.err)
			}
			// Whatever happened: within the timeout (and its grace for
			// collecting), one line, and a result with its lists.
			if limit := cases[i].opts.Timeout + 10*time.Second; o.took > limit {
				t.Errorf("the scan took %s, more than its timeout %s", o.took, cases[i].opts.Timeout)
			}
			if o.err != nil && strings.Contains(o.err.Error(), "\n") {
				t.Errorf("the error is not one line: %q", o.err)
			}
			if o.r.Pages == nil || o.r.Requests == nil || o.r.Cookies == nil || o.r.Errors == nil {
				t.Errorf("nil lists in the result")
			}
			c.check(t, o)
		})
	}
}

// hostileCases are the broken and hostile sites of the robustness table
// (docs/robustness.md).
func hostileCases() []hostileCase {
	bigPolicy, latinPolicy, brokenSeen, pdfSeen := &policySeen{}, &policySeen{}, &policySeen{}, &policySeen{}
	return []hostileCase{
		{
			name: "landing page never answers", target: hangHost,
			opts: ScanOptions{LoadTimeout: 2 * time.Second, Timeout: 20 * time.Second},
			check: func(t *testing.T, o scanOutcome) {
				wantScanError(t, o.err, "https://"+hangHost+"/", "no response")
				// The 2 s load timeout ended it, not the 20 s scan timeout.
				wantError(t, o.r, "navigate", "https://"+hangHost+"/", "no response")
				for _, e := range o.r.Errors {
					if e.Stage == "timeout" {
						t.Errorf("the scan ran into its own timeout: %+v", e)
					}
				}
			},
		},
		{
			// The load timeout is above the scan's 30 s timeout: had the
			// hanging image held the page until then, the scan would end in
			// a timeout error, which wantNoError rejects.
			name: "subresource never answers", target: slowSubHost, opts: ScanOptions{Wait: time.Second, LoadTimeout: time.Minute},
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				// The load event never comes: the page is taken after
				// --wait, not after the 20 s load timeout.
				if p := o.r.Pages[0]; p.Status != 200 || p.Title != "Slow subresource" || p.Error != "" {
					t.Errorf("page %+v", p)
				}
				if len(findRequest(o.r, hangHost)) == 0 {
					t.Errorf("the request that never answered is not recorded")
				}
			},
		},
		{
			name: "page never stops loading", target: endlessHost, opts: ScanOptions{Wait: time.Second},
			check: func(t *testing.T, o scanOutcome) {
				// A wait that never ended would run into the 30 s scan
				// timeout, an error wantNoError rejects.
				wantNoError(t, o)
				ticks := 0
				for _, q := range findRequest(o.r, endlessHost) {
					if strings.Contains(q.URL, "/tick") {
						ticks++
					}
				}
				if ticks < 3 {
					t.Errorf("%d ticks recorded", ticks)
				}
			},
		},
		{
			name: "20 MB page", target: bigHost, policy: bigPolicy, opts: ScanOptions{Timeout: 60 * time.Second},
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if p := o.r.Pages[0]; p.Status != 200 || p.Title != "Big" {
					t.Errorf("page %+v", p)
				}
				bigPolicy.mu.Lock()
				defer bigPolicy.mu.Unlock()
				if bigPolicy.calls != 1 || len(bigPolicy.html) < 1<<20 || len(bigPolicy.html) > maxPageHTML {
					t.Errorf("policy reader got %d calls, %d bytes; want one call with at most %d", bigPolicy.calls, len(bigPolicy.html), maxPageHTML)
				}
			},
		},
		{
			name: "5,200 requests on one page", target: floodHost, opts: ScanOptions{Wait: 2 * time.Second, Timeout: 60 * time.Second},
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if len(o.r.Requests) != defaultMaxRequests || o.r.RequestsDropped < floodCount+1-defaultMaxRequests {
					t.Errorf("%d requests recorded, %d dropped; want %d and at least %d", len(o.r.Requests), o.r.RequestsDropped, defaultMaxRequests, floodCount+1-defaultMaxRequests)
				}
			},
		},
		{
			name: "empty body", target: emptyHost,
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if p := o.r.Pages[0]; p.Status != 200 || p.Title != "" || p.Error != "" {
					t.Errorf("page %+v", p)
				}
			},
		},
		{
			name: "empty body without content type", target: "https://" + emptyHost + "/plain",
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if p := o.r.Pages[0]; p.Status != 200 || p.Error != "" {
					t.Errorf("page %+v", p)
				}
			},
		},
		{
			name: "windows-1252 without charset", target: latinHost, policy: latinPolicy,
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if p := o.r.Pages[0]; p.Title != "Café crème" {
					t.Errorf("title %q, want Café crème", p.Title)
				}
				latinPolicy.mu.Lock()
				defer latinPolicy.mu.Unlock()
				if !utf8.ValidString(latinPolicy.html) || !strings.Contains(latinPolicy.html, "données – jamais") {
					t.Errorf("policy text not decoded to UTF-8: %q", latinPolicy.html)
				}
				if o.r.Policy.FoundBy != FoundByLinkText || o.r.Policy.URL != "https://"+latinHost+"/privacy" {
					t.Errorf("policy %+v", o.r.Policy)
				}
			},
		},
		{
			name: "page navigates away again and again", target: "https://" + bounceHost + "/n0",
			opts: ScanOptions{Pages: 2, Timeout: 15 * time.Second},
			check: func(t *testing.T, o scanOutcome) {
				if len(o.r.Pages) == 0 || o.r.Pages[0].URL != "https://"+bounceHost+"/n0" {
					t.Fatalf("pages %+v", o.r.Pages)
				}
				if o.err != nil {
					t.Logf("err (allowed): %v", o.err)
				}
				docs := 0
				for _, q := range findRequest(o.r, bounceHost) {
					if q.ResourceType == "Document" {
						docs++
					}
				}
				if docs < 3 {
					t.Errorf("%d documents recorded; the page's own navigations are evidence too", docs)
				}
			},
		},
		{
			name: "IDN host", target: "https://" + idnUnicode + "/",
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				want := "https://" + idnASCII + "/"
				if o.r.Target != want || o.r.FinalURL != want || o.r.Pages[0].Title != "Bücher" {
					t.Errorf("target %q final %q title %q, want %s", o.r.Target, o.r.FinalURL, o.r.Pages[0].Title, want)
				}
				for _, q := range o.r.Requests {
					if q.Host != idnASCII {
						t.Errorf("request host %q, want the punycode %s", q.Host, idnASCII)
					}
				}
			},
		},
		{
			name: "redirect chain of 5 hops", target: "https://" + chainHost + "/5/0",
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if o.r.FinalURL != "https://"+chainHost+"/5/5" {
					t.Errorf("final url %s", o.r.FinalURL)
				}
				var final *result.Request
				for _, q := range findRequest(o.r, chainHost) {
					if q.URL == o.r.FinalURL {
						final = &q
					}
				}
				if final == nil || len(final.RedirectedFrom) != 5 || final.RedirectedFrom[0] != "https://"+chainHost+"/5/0" {
					t.Errorf("redirect chain not recorded: %+v", final)
				}
			},
		},
		{
			name: "redirect chain of 25 hops", target: "https://" + chainHost + "/25/0",
			check: func(t *testing.T, o scanOutcome) {
				wantScanError(t, o.err, "https://"+chainHost+"/25/0", "too many redirects")
				wantError(t, o.r, "navigate", "https://"+chainHost+"/25/0", "more than 20 hops")
				if n := len(findRequest(o.r, chainHost)); n < 20 {
					t.Errorf("%d hops recorded, want the 20 the browser followed", n)
				}
			},
		},
		{
			name: "renderer crash", target: crashHost, opts: ScanOptions{Pages: 3, Wait: 10 * time.Second},
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if got := pageURLs(o.r); !slices.Equal(got, []string{"https://" + crashHost + "/", "https://" + crashHost + "/a-boom", "https://" + crashHost + "/b-after"}) {
					t.Fatalf("pages %v", got)
				}
				if p := o.r.Pages[1]; !strings.Contains(p.Error, "crashed") {
					t.Errorf("crashed page %+v", p)
				}
				if p := o.r.Pages[2]; p.Status != 200 || p.Title != "After the crash" || p.Error != "" {
					t.Errorf("the page after the crash: %+v", p)
				}
				wantError(t, o.r, "crash", "https://"+crashHost+"/a-boom", "renderer crash")
				env.robust.mu.Lock()
				defer env.robust.mu.Unlock()
				if env.robust.crashes == 0 {
					t.Errorf("the fixture never crashed the tab")
				}
			},
		},
		{
			name: "page looks for a headless browser", target: stealthHost,
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				env.robust.mu.Lock()
				seen := env.robust.seen
				env.robust.mu.Unlock()
				t.Logf("the page saw %v", seen)
				if seen["webdriver"] != "false" || strings.Contains(seen["ua"], "Headless") || seen["ua"] != o.r.Browser.UserAgent || seen["languages"] == "0" {
					t.Errorf("the page saw an automated browser: %v", seen)
				}
				// That the page looked is recorded, with the script that did.
				recorded := false
				for _, b := range o.r.Behaviours {
					recorded = recorded || b.Kind == "headless-detection" && b.Script == "https://"+stealthHost+"/" && strings.Contains(b.Detail, "navigator.webdriver")
				}
				if !recorded {
					t.Errorf("behaviours %+v, want the page's headless check", o.r.Behaviours)
				}
			},
		},
		{
			name: "policy link answers 404", target: brokenPolicy, policy: brokenSeen,
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if o.r.Policy.FoundBy != FoundByLinkText || o.r.Policy.URL != "https://"+brokenPolicy+"/privacy" {
					t.Errorf("policy %+v", o.r.Policy)
				}
				wantError(t, o.r, "policy", "https://"+brokenPolicy+"/privacy", "HTTP 404")
				if brokenSeen.calls != 0 {
					t.Errorf("the reader read a 404 page")
				}
			},
		},
		{
			name: "policy is a PDF", target: pdfPolicy, policy: pdfSeen, opts: ScanOptions{Pages: 2},
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if o.r.Policy.FoundBy != FoundByLinkText || o.r.Policy.URL != "https://"+pdfPolicy+"/legal/privacy" {
					t.Errorf("policy %+v", o.r.Policy)
				}
				wantError(t, o.r, "policy", "https://"+pdfPolicy+"/legal/privacy", "is a PDF")
				if pdfSeen.calls != 0 {
					t.Errorf("the reader read the PDF viewer: %q", pdfSeen.html)
				}
			},
		},
		{
			name: "dialogs and popups", target: "hostile.test",
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				p := o.r.Pages[0]
				if want := []string{"alert: hi", "confirm: sure?", "prompt: name?"}; !slices.Equal(p.Dialogs, want) {
					t.Errorf("dialogs %q, want %q", p.Dialogs, want)
				}
				if !slices.Equal(p.Popups, []string{"https://" + cdnHost + "/popup"}) {
					t.Errorf("popups %q", p.Popups)
				}
			},
		},
		{
			name: "beforeunload", target: leaveHost, opts: ScanOptions{Pages: 2, KeyLogging: true},
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if len(o.r.Pages) != 2 || o.r.Pages[1].URL != "https://"+leaveHost+"/next" || o.r.Pages[1].Status != 200 {
					t.Fatalf("the scan did not leave the page: %+v", o.r.Pages)
				}
				if !slices.Contains(o.r.Pages[0].Dialogs, "beforeunload") {
					t.Errorf("dialogs %q, want beforeunload", o.r.Pages[0].Dialogs)
				}
			},
		},
		{
			name: "alert loop", target: alertLoop, opts: ScanOptions{Timeout: 8 * time.Second},
			check: func(t *testing.T, o scanOutcome) {
				if o.err != nil {
					t.Logf("err (allowed): %v", o.err)
				}
				if len(o.r.Pages) == 0 {
					t.Fatal("no page recorded")
				}
				d := o.r.Pages[0].Dialogs
				if len(d) != maxNotesPerPage || !strings.HasPrefix(d[0], "alert: again") {
					t.Errorf("%d dialogs (%q), want the first %d", len(d), d, maxNotesPerPage)
				}
			},
		},
		{
			name: "popups are recorded and closed", target: popupHost, opts: ScanOptions{KeyLogging: true, Wait: 1500 * time.Millisecond},
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				p := o.r.Pages[0]
				for _, want := range []string{"/scripted-popup", "/blank-target", "/typed-popup"} {
					if !slices.Contains(p.Popups, "https://"+popupHost+want) {
						t.Errorf("popups %q: %s missing", p.Popups, want)
					}
				}
				if len(o.r.Pages) != 1 {
					t.Errorf("a popup was followed: %v", pageURLs(o.r))
				}
				for _, q := range o.r.Requests {
					if strings.Contains(q.URL, "/alive") {
						t.Errorf("a popup's request is recorded as the page's: %s", q.URL)
					}
				}
				env.robust.mu.Lock()
				defer env.robust.mu.Unlock()
				// An open popup calls every 100 ms; the scan stays on the
				// page for more than 1.5 s after typing opened it.
				if env.robust.popupLive > 8 {
					t.Errorf("the popup stayed open: %d calls from it", env.robust.popupLive)
				}
			},
		},
		{
			name: "download started by the page", target: downloadHost,
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				if d := o.r.Pages[0].Downloads; !slices.Equal(d, []string{"https://" + downloadHost + "/file.zip"}) {
					t.Errorf("downloads %q", d)
				}
			},
		},
		{
			name: "landing URL is a download", target: "https://" + downloadHost + "/file.zip",
			check: func(t *testing.T, o scanOutcome) {
				wantScanError(t, o.err, "https://"+downloadHost+"/file.zip", "file download")
			},
		},
		{
			name: "3,000 text fields", target: inputsHost, opts: ScanOptions{KeyLogging: true},
			check: func(t *testing.T, o scanOutcome) {
				wantNoError(t, o)
				env.robust.mu.Lock()
				typed := env.robust.maxTyped
				env.robust.mu.Unlock()
				if typed < 1 || typed > behaviour.MaxCanaryFields {
					t.Errorf("the canary was typed into %d fields, want 1 to %d", typed, behaviour.MaxCanaryFields)
				}
			},
		},
	}
}

func wantNoError(t *testing.T, o scanOutcome) {
	t.Helper()
	if o.err != nil {
		t.Fatalf("scan: %v (errors %+v)", o.err, o.r.Errors)
	}
	for _, e := range o.r.Errors {
		if e.Stage == "timeout" {
			t.Fatalf("the scan ran into its timeout: %+v", e)
		}
	}
}

// wantScanError checks that err is a *ScanError for pageURL whose message
// names the URL and says cause.
func wantScanError(t *testing.T, err error, pageURL, cause string) {
	t.Helper()
	var se *ScanError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a ScanError", err)
	}
	if !strings.Contains(err.Error(), pageURL) || !strings.Contains(se.Cause, cause) {
		t.Errorf("err = %q, want it to name %s and say %q", err, pageURL, cause)
	}
}

// wantError checks that the result has an error entry of stage for u
// that says msg.
func wantError(t *testing.T, r *result.Result, stage, u, msg string) {
	t.Helper()
	for _, e := range r.Errors {
		if e.Stage == stage && e.URL == u && strings.Contains(e.Message, msg) {
			return
		}
	}
	t.Errorf("no %s error for %s saying %q in %+v", stage, u, msg, r.Errors)
}

func TestOneLine(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"hello", 10, "hello"},
		{"two\nlines\r\n", 20, "two lines"},
		{"\x1b[31mred\x1b[0m", 20, "[31mred [0m"},
		{"ünïcödé text", 5, "ünïcö…"},
		{"a\u2028b", 5, "a b"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in, tt.n); got != tt.want {
			t.Errorf("oneLine(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
