package audit

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/testsite"
	"github.com/chromedp/chromedp"
)

// benchHost serves the page the benchmarks load: a small page with a
// stylesheet, a script, two images and a beacon, like a light real site.
const benchHost = "bench.test"

func serveBench() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			html(w, doc("Bench", `<link rel="stylesheet" href="/s.css"><h1>Bench</h1><img src="/a.gif"><img src="https://`+cdnHost+`/b.gif"><script src="/app.js"></script>`))
		case "/s.css":
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, "h1{color:#333}")
		case "/app.js":
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprint(w, `document.cookie="b=1; path=/"; navigator.sendBeacon("https://`+gaHost+`/g/collect")`)
		default:
			w.Header().Set("Content-Type", "image/gif")
			w.Write(gif)
		}
	})
}

// peakRSS returns this process's peak resident set size in MiB.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkBrowserStart is Launch and Close of a fresh Chromium.
func BenchmarkBrowserStart(b *testing.B) {
	for b.Loop() {
		br, err := Launch(context.Background(), BrowserOptions{HostResolverRules: env.site.ResolverRules(extraRules...), Insecure: true})
		if err != nil {
			b.Fatal(err)
		}
		br.Close()
	}
}

// BenchmarkScanOnePage is a full one-page scan in the shared browser:
// fresh browser context, instrumentation, load, scroll, network quiet
// (500 ms), cookies, storage, the http:// check and policy discovery.
func BenchmarkScanOnePage(b *testing.B) {
	env.site.Handle(benchHost, serveBench())
	for b.Loop() {
		if _, err := env.browser.Scan(context.Background(), benchHost, ScanOptions{Pages: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(peakRSS(), "MiB-peak-RSS")
}

// BenchmarkStartAndScanOnePage is what one `candor scan --pages 1` costs:
// start Chromium, scan one page, stop Chromium.
func BenchmarkStartAndScanOnePage(b *testing.B) {
	env.site.Handle(benchHost, serveBench())
	for b.Loop() {
		br, err := Launch(context.Background(), BrowserOptions{HostResolverRules: env.site.ResolverRules(extraRules...), Insecure: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := br.Scan(context.Background(), benchHost, ScanOptions{Pages: 1}); err != nil {
			b.Fatal(err)
		}
		br.Close()
	}
	b.ReportMetric(peakRSS(), "MiB-peak-RSS")
}

// BenchmarkBareNavigate is the floor inside a running browser: a new tab
// in a new browser context, navigate and wait for the load event, close;
// no instrumentation.
func BenchmarkBareNavigate(b *testing.B) {
	env.site.Handle(benchHost, serveBench())
	for b.Loop() {
		ctx, cancel := chromedp.NewContext(env.browser.ctx, chromedp.WithNewBrowserContext())
		if err := chromedp.Do(ctx, chromedp.Navigate("https://"+benchHost+"/")); err != nil {
			b.Fatal(err)
		}
		cancel()
	}
}

// BenchmarkBareStartNavigateQuiet is the floor of a whole run that, like
// a scan, waits for 500 ms of network quiet after the load: start a plain
// chromedp Chromium (no instrumentation), load the page in a new browser
// context, wait for quiet, stop the browser.
func BenchmarkBareStartNavigateQuiet(b *testing.B) {
	env.site.Handle(benchHost, serveBench())
	for b.Loop() {
		dir := b.TempDir()
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			testsite.AllocatorOptions(env.site.ResolverRules(extraRules...), chromedp.UserDataDir(dir),
				chromedp.Flag("disable-features", "Translate,"+BrowserUIFeatures))...)
		ctx, cancel := chromedp.NewContext(alloc)
		err := testsite.NavigateQuiet(ctx, "https://"+benchHost+"/", quietPeriod)
		cancel()
		cancelAlloc()
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareChromiumDumpDOM is the floor of a whole run: start
// Chromium, load the page, print its DOM and exit (chromium --headless
// --dump-dom), with the same profile-free flags.
func BenchmarkBareChromiumDumpDOM(b *testing.B) {
	env.site.Handle(benchHost, serveBench())
	exe, err := FindBrowser("", os.Getenv("CANDOR_BROWSER"))
	if err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		dir := b.TempDir()
		args := []string{"--headless", "--no-first-run", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--disable-quic", "--user-data-dir=" + dir, "--ignore-certificate-errors", "--disable-features=" + BrowserUIFeatures,
			"--host-resolver-rules=" + env.site.ResolverRules(extraRules...), "--dump-dom", "https://" + benchHost + "/"}
		if os.Getuid() == 0 {
			args = append([]string{"--no-sandbox"}, args...)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		out, err := exec.CommandContext(ctx, exe, args...).Output()
		cancel()
		if err != nil || !strings.Contains(string(out), "<h1>Bench</h1>") {
			b.Fatalf("dump-dom: %v: %.200s", err, out)
		}
		killUsing(dir)
	}
}

// BenchmarkConsentPhases is a one-page scan of a site with a cookie banner
// (OneTrust markup; analytics only after accept) with the landed phase
// only, with the reject and accept phases beside it, and with the gpc
// phase too. The phases run in browser contexts of their own, in parallel
// with the landed phase's crawl and policy discovery.
func BenchmarkConsentPhases(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts ScanOptions
	}{
		{"landed", ScanOptions{Pages: 1, Consent: ConsentOff}},
		{"landed+reject+accept", ScanOptions{Pages: 1}},
		{"landed+reject+accept+gpc", ScanOptions{Pages: 1, GPC: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				r, err := env.browser.Scan(context.Background(), consentOK, bc.opts)
				if err != nil {
					b.Fatal(err)
				}
				if want := 1 + 2*btoi(bc.opts.Consent == "") + btoi(bc.opts.GPC); len(r.Options.Phases) != want {
					b.Fatalf("phases %v, want %d", r.Options.Phases, want)
				}
			}
		})
	}
}
