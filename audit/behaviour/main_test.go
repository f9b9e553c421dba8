package behaviour

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/testsite"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser is the chromedp context of the one Chromium this test binary
// runs; TestMain starts and stops it.
var browser context.Context

// fixtures serves testdata/<host>/<path> for any host, so real-looking
// third-party names resolve to this server through --host-resolver-rules.
// A POST to any path answers 204.
func fixtures(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost || strings.HasPrefix(r.URL.Path, "/collect") || strings.HasPrefix(r.URL.Path, "/suggest") {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	host := strings.ToLower(r.Host)
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	p := filepath.Join("testdata", host, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
	if strings.HasSuffix(r.URL.Path, "/") {
		p = filepath.Join(p, "index.html")
	}
	http.ServeFile(w, r, p)
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
	return testsite.AllocatorOptions(testsite.RulesFor(plainURL, tlsURL), chromedp.Flag("use-angle", "swiftshader"), chromedp.Flag("enable-unsafe-swiftshader", true))
}

// newTab opens a tab in a fresh browser context (no shared cookies or
// cache) that closes when the test ends or after 30 s.
func newTab(t *testing.T) context.Context {
	t.Helper()
	tctx, cancelTimeout := context.WithTimeout(browser, 30*time.Second)
	ctx, cancel := chromedp.NewContext(tctx, chromedp.WithNewBrowserContext())
	t.Cleanup(func() {
		cancel()
		cancelTimeout()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return ctx
}

// eventLog gathers the behaviour events and the requests (with bodies) of
// one tab, the way the scan is meant to.
type eventLog struct {
	mu       sync.Mutex
	events   []Event
	requests []sentRequest
}

// sentRequest is a request as the browser sent it.
type sentRequest struct {
	URL, Host, Body string
}

// instrument installs the behaviour script and starts recording; call it
// before navigating.
func instrument(t *testing.T, ctx context.Context) *eventLog {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network.enable: %v", err)
	}
	rec := &eventLog{}
	bindings := chromedp.Events(ctx, runtime.BindingCalled)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	if err := Install(ctx); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range bindings {
			if err != nil {
				return
			}
			if ev.Name != BindingName {
				continue
			}
			e, err := ParseEvent(ev.Payload, "")
			if err != nil {
				t.Errorf("parse event %q: %v", ev.Payload, err)
				continue
			}
			rec.mu.Lock()
			rec.events = append(rec.events, e)
			rec.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			var body strings.Builder
			for _, e := range ev.Request.PostDataEntries {
				body.Write(e.Bytes)
			}
			u, _ := url.Parse(ev.Request.URL)
			rec.mu.Lock()
			rec.requests = append(rec.requests, sentRequest{URL: ev.Request.URL, Host: u.Hostname(), Body: body.String()})
			rec.mu.Unlock()
		}
	}()
	return rec
}

// waitEvents waits until the recorded events satisfy ok, and returns them.
func (r *eventLog) waitEvents(t *testing.T, ok func([]Event) bool) []Event {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		evs := append([]Event(nil), r.events...)
		r.mu.Unlock()
		if ok(evs) {
			return evs
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for behaviour events; have %+v", evs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitRequest waits for a request whose URL contains part.
func (r *eventLog) waitRequest(t *testing.T, part string) sentRequest {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		for _, q := range r.requests {
			if strings.Contains(q.URL, part) {
				r.mu.Unlock()
				return q
			}
		}
		r.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for a request to %s", part)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
