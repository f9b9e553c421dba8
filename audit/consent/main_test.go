package consent

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/testsite"
	"github.com/chromedp/chromedp"
)

// browser is the chromedp context of the one Chromium this test binary
// runs; TestMain starts and stops it.
var browser context.Context

// genericPage is a fixed cookie banner with the buttons a test names.
var genericPage = template.Must(template.New("generic").Parse(`<!doctype html>
<html lang="{{.Lang}}"><title>generic</title>
<p>Article text.</p>
{{range .Filler}}<div class="row"><p>Paragraph {{.}} of a long article that mentions nothing in particular.</p><a href="#{{.}}">link</a></div>
{{end}}<div style="position:fixed;bottom:0;left:0;right:0;background:#eee;padding:1em">
  <p>{{.Text}}</p>
  {{range .Buttons}}<button onclick="document.cookie='clicked=' + encodeURIComponent(this.textContent) + ';path=/'">{{.}}</button>{{end}}
  <a href="/privacy">Privacy</a>
</div>`))

// fixtures serves testdata/<host>/<path> for any host, so real-looking
// names resolve to this server through --host-resolver-rules; /generic
// renders genericPage and /headers echoes the privacy-signal headers.
func fixtures(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/generic":
		q := r.URL.Query()
		n, _ := strconv.Atoi(q.Get("filler"))
		filler := make([]int, min(n, 10000))
		for i := range filler {
			filler[i] = i
		}
		_ = genericPage.Execute(w, map[string]any{"Lang": q.Get("lang"), "Text": q.Get("text"), "Buttons": q["b"], "Filler": filler})
		return
	case "/headers":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "sec-gpc=%s dnt=%s", r.Header.Get("Sec-GPC"), r.Header.Get("DNT"))
		return
	}
	host := strings.ToLower(r.Host)
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	http.ServeFile(w, r, filepath.Join("testdata", host, filepath.FromSlash(filepath.Clean("/"+r.URL.Path))))
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// run starts the fixture servers and the browser, runs the tests and stops
// everything it started, also when a test fails.
func run(m *testing.M) int {
	plain := httptest.NewServer(http.HandlerFunc(fixtures))
	defer plain.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(fixtures))
	defer tlsSrv.Close()

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browserOptions(plain.URL, tlsSrv.URL)...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "start chromium:", err)
		return 1
	}
	browser = ctx
	code := m.Run()
	if err := chromedp.Cancel(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "stop chromium:", err)
	}
	// No Chromium started by this test binary may outlive it.
	if left := testsite.WaitNoChromium(os.Getpid(), 2*time.Second); len(left) > 0 {
		fmt.Fprintln(os.Stderr, "Chromium processes left behind:", left)
		return 1
	}
	return code
}

// browserOptions are the test browser's flags: headless, every host mapped to
// the fixture servers, nothing else reachable.
func browserOptions(plainURL, tlsURL string) []chromedp.ExecAllocatorOption {
	return testsite.AllocatorOptions(testsite.RulesFor(plainURL, tlsURL))
}

// open loads page in a tab of a fresh browser context that closes when the
// test ends or after 30 s.
func open(t *testing.T, page string) context.Context {
	t.Helper()
	tctx, cancelTimeout := context.WithTimeout(browser, 30*time.Second)
	ctx, cancel := chromedp.NewContext(tctx, chromedp.WithNewBrowserContext())
	t.Cleanup(func() {
		cancel()
		cancelTimeout()
	})
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatalf("navigate %s: %v", page, err)
	}
	return ctx
}

// cookie returns the value of a cookie the page can read, waiting up to
// wait for it to appear; "" when it never does.
func cookie(t *testing.T, ctx context.Context, name string, wait time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		all, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie`))
		if err != nil {
			t.Fatalf("read cookies: %v", err)
		}
		for part := range strings.SplitSeq(all, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(part), "="); ok && k == name {
				u, _ := url.QueryUnescape(v)
				return u
			}
		}
		if time.Now().After(deadline) {
			return ""
		}
		time.Sleep(20 * time.Millisecond)
	}
}
