package batch

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/testsite"
	"github.com/chromedp/chromedp"
)

// benchTargets returns the URLs of the benchmark's fixture web.
func benchTargets() []string {
	out := make([]string, numBenchSites)
	for i := range out {
		out[i] = fmt.Sprintf("https://bench%d.test/", i)
	}
	return out
}

// defaultScan is Candor's scan with its default options, as `candor scan`
// runs it (without policy reading and checks, which are pure Go on text).
func defaultScan(ctx context.Context, b *audit.Browser, target string) (*result.Result, error) {
	return b.Scan(ctx, target, audit.ScanOptions{})
}

// BenchmarkBatch scans the 60-site fixture web with a fresh browser at
// concurrency 1, 2 and 4 and reports sites/s, per-site p50/p95, Candor's
// RSS and the browser tree's peak memory.
func BenchmarkBatch(b *testing.B) {
	for _, c := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("c=%d", c), func(b *testing.B) {
			var durs []time.Duration
			var sites int
			var elapsed time.Duration
			var mem memPeak
			for range b.N {
				var browser launchedBrowser
				cfg := Config{
					Launch:      browser.wrap(ownLaunch),
					Scan:        defaultScan,
					Concurrency: c,
					Quiet:       true,
					JSONL:       io.Discard,
					OnResult: func(r Row) {
						if r.Status != StatusOK {
							b.Errorf("%s: %s", r.Target, r.Error)
						}
						durs = append(durs, time.Duration(r.DurationMS)*time.Millisecond)
					},
				}
				stop := mem.sample(browser.pid)
				start := time.Now()
				sum, err := Run(context.Background(), cfg, benchTargets())
				elapsed += time.Since(start)
				stop()
				if err != nil {
					b.Fatal(err)
				}
				sites += len(sum.Sites)
			}
			reportTimes(b, sites, elapsed, durs)
			mem.report(b)
		})
	}
}

// BenchmarkBareChromium loads the same pages in a plain chromedp browser —
// a fresh browser context per site, navigate, wait for the load event, no
// instrumentation — as the floor Candor is measured against. The quiet=…
// runs also wait for 500 ms of network quiet after the load, as every scan
// must: the floor for a tool that records what a page does after it loads.
func BenchmarkBareChromium(b *testing.B) {
	for _, bc := range []struct {
		c     int
		quiet time.Duration
	}{{1, 0}, {2, 0}, {4, 0}, {1, 500 * time.Millisecond}, {2, 500 * time.Millisecond}} {
		c, quiet := bc.c, bc.quiet
		name := fmt.Sprintf("c=%d", c)
		if quiet > 0 {
			name += fmt.Sprintf("/quiet=%s", quiet)
		}
		b.Run(name, func(b *testing.B) {
			opts := append(chromedp.DefaultExecAllocatorOptions[:],
				chromedp.UserDataDir(b.TempDir()),
				chromedp.Flag("host-resolver-rules", env.site.ResolverRules()),
				chromedp.Flag("ignore-certificate-errors", true),
				chromedp.Flag("disable-quic", true),
				chromedp.Flag("disable-dev-shm-usage", true),
				chromedp.Flag("disable-features", "Translate,"+audit.BrowserUIFeatures),
			)
			if os.Getuid() == 0 {
				opts = append(opts, chromedp.NoSandbox)
			}
			allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
			defer cancelAlloc()
			bctx, cancelBrowser := chromedp.NewContext(allocCtx)
			defer cancelBrowser()
			if err := chromedp.Do(bctx); err != nil {
				b.Fatal(err)
			}
			pid := chromedp.FromContext(bctx).Browser.Process().Pid
			var mu sync.Mutex
			var durs []time.Duration
			var elapsed time.Duration
			sites := 0
			var mem memPeak
			b.ResetTimer()
			for range b.N {
				stop := mem.sample(func() int { return pid })
				start := time.Now()
				jobs := make(chan string)
				var wg sync.WaitGroup
				for range c {
					wg.Go(func() {
						for u := range jobs {
							d, err := bareLoad(bctx, u, quiet)
							if err != nil {
								b.Errorf("%s: %v", u, err)
							}
							mu.Lock()
							durs = append(durs, d)
							mu.Unlock()
						}
					})
				}
				for _, u := range benchTargets() {
					jobs <- u
				}
				close(jobs)
				wg.Wait()
				elapsed += time.Since(start)
				stop()
				sites += numBenchSites
			}
			reportTimes(b, sites, elapsed, durs)
			mem.report(b)
			cctx, ccancel := context.WithTimeout(bctx, 5*time.Second)
			chromedp.Cancel(cctx)
			ccancel()
		})
	}
}

// bareLoad opens a tab in a new browser context, navigates to u and waits
// for the load event, then for quiet of network quiet when quiet > 0.
func bareLoad(bctx context.Context, u string, quiet time.Duration) (time.Duration, error) {
	start := time.Now()
	tctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, tcancel := context.WithTimeout(tctx, 30*time.Second)
	defer tcancel()
	var err error
	if quiet > 0 {
		err = testsite.NavigateQuiet(ctx, u, quiet)
	} else {
		err = chromedp.Do(ctx, chromedp.Navigate(u))
	}
	return time.Since(start), err
}

// reportTimes reports throughput and per-site percentiles.
func reportTimes(b *testing.B, sites int, elapsed time.Duration, durs []time.Duration) {
	if len(durs) == 0 || elapsed == 0 {
		return
	}
	slices.Sort(durs)
	pct := func(p float64) float64 {
		return float64(durs[min(len(durs)-1, int(p*float64(len(durs))))].Milliseconds())
	}
	b.ReportMetric(float64(sites)/elapsed.Seconds(), "sites/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(0, "ns/op") // one op is a whole run; the metrics above say more
}

// launchedBrowser remembers the process of the browser a run launched
// last (a restart replaces it), for the memory sampler.
type launchedBrowser struct {
	mu   sync.Mutex
	last int
}

// wrap returns launch, noting the PID of every browser it starts.
func (l *launchedBrowser) wrap(launch func(context.Context) (*audit.Browser, error)) func(context.Context) (*audit.Browser, error) {
	return func(ctx context.Context) (*audit.Browser, error) {
		br, err := launch(ctx)
		if err == nil {
			l.mu.Lock()
			l.last = br.PID()
			l.mu.Unlock()
		}
		return br, err
	}
}

// pid returns the PID of the browser launched last, 0 before any.
func (l *launchedBrowser) pid() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

// memPeak samples Candor's RSS and the browser tree's RSS and PSS.
type memPeak struct {
	mu                        sync.Mutex
	selfRSS, treeRSS, treePSS int64 // peaks, bytes
}

// sample polls every 500ms until the returned stop is called. Reading
// smaps_rollup of every browser process is costly for the kernel: polled
// every 100ms it took a fifth of a core and slowed the runs it measured.
func (m *memPeak) sample(pid func() int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			self := procKB(os.Getpid(), "status", "VmRSS:") * 1024
			var rss, pss int64
			if p := pid(); p > 0 {
				for _, q := range append(testsite.ChromiumDescendants(p), p) {
					rss += procKB(q, "status", "VmRSS:") * 1024
					pss += procKB(q, "smaps_rollup", "Pss:") * 1024
				}
			}
			m.mu.Lock()
			m.selfRSS, m.treeRSS, m.treePSS = max(m.selfRSS, self), max(m.treeRSS, rss), max(m.treePSS, pss)
			m.mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

func (m *memPeak) report(b *testing.B) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b.ReportMetric(float64(m.selfRSS)/(1<<20), "candor-rss-MB")
	b.ReportMetric(float64(m.treeRSS)/(1<<20), "browser-rss-MB")
	b.ReportMetric(float64(m.treePSS)/(1<<20), "browser-pss-MB")
}

// procKB reads a "Name:   123 kB" line of /proc/pid/file.
func procKB(pid int, file, key string) int64 {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), file))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// BenchmarkLongRun scans 500 sites once and reports Candor's RSS at site
// 50 and site 500 and its spread in between, to show memory stays flat.
// It runs only with CANDOR_BENCH_LONG=1 (it takes minutes).
func BenchmarkLongRun(b *testing.B) {
	if os.Getenv("CANDOR_BENCH_LONG") == "" {
		b.Skip("set CANDOR_BENCH_LONG=1 to scan 500 sites")
	}
	total := 500
	if n, err := strconv.Atoi(os.Getenv("CANDOR_BENCH_LONG")); err == nil && n > 50 {
		total = n
	}
	profDir := os.Getenv("CANDOR_BENCH_HEAPPROF") // when set: heap profiles at site 50 and at the end
	targets := make([]string, total)
	for i := range targets {
		targets[i] = fmt.Sprintf("https://bench%d.test/?visit=%d", i%numBenchSites, i)
	}
	rules := startFixtureProcess(b)
	launch := func(ctx context.Context) (*audit.Browser, error) {
		return audit.Launch(ctx, audit.BrowserOptions{HostResolverRules: rules, Insecure: true})
	}
	for range b.N {
		var rss []int64  // Candor's RSS after each site, bytes
		var heap []int64 // live heap after each site's GC cycle, bytes
		var browserPeak memPeak
		var browser launchedBrowser
		cfg := Config{
			Launch:       browser.wrap(launch),
			Scan:         defaultScan,
			Quiet:        true,
			OutDir:       b.TempDir(),
			JSONL:        io.Discard,
			RestartEvery: 0,
			OnResult: func(r Row) {
				if r.Status != StatusOK {
					b.Errorf("%s: %s", r.Target, r.Error)
				}
				rss = append(rss, procKB(os.Getpid(), "status", "VmRSS:")*1024)
				heap = append(heap, liveHeap())
				if profDir != "" && (len(rss) == 50 || len(rss) == total) {
					writeHeapProfile(b, filepath.Join(profDir, fmt.Sprintf("heap-%d.pprof", len(rss))))
				}
			},
		}
		stop := browserPeak.sample(browser.pid)
		start := time.Now()
		sum, err := Run(context.Background(), cfg, targets)
		elapsed := time.Since(start)
		stop()
		if err != nil {
			b.Fatal(err)
		}
		window := rss[49:]
		lo, hi := slices.Min(window), slices.Max(window)
		mb := func(v int64) float64 { return float64(v) / (1 << 20) }
		b.ReportMetric(float64(len(sum.Sites))/elapsed.Seconds(), "sites/s")
		b.ReportMetric(mb(rss[49]), "rss@50-MB")
		b.ReportMetric(mb(rss[len(rss)-1]), "rss@end-MB")
		b.ReportMetric(mb(lo), "rss-min-MB")
		b.ReportMetric(mb(hi), "rss-max-MB")
		b.ReportMetric(100*float64(rss[len(rss)-1]-rss[49])/float64(rss[49]), "rss-change-%")
		b.ReportMetric(mb(heap[49]), "heap@50-MB")
		b.ReportMetric(mb(heap[len(heap)-1]), "heap@end-MB")
		b.ReportMetric(mb(slices.Max(heap[49:])), "heap-max-MB")
		browserPeak.report(b)
		b.ReportMetric(0, "ns/op")
	}
}

// BenchmarkBatchOverhead measures what Run adds around a scan — the pool,
// the result.json and site.json writes, JSON Lines and the summary — with
// a stand-in Scan that returns a realistic result (300 requests, 40
// cookies) at once. One op is one site.
func BenchmarkBatchOverhead(b *testing.B) {
	fake := func(ctx context.Context, _ *audit.Browser, target string) (*result.Result, error) {
		r := result.New(target, "bench")
		for i := range 300 {
			r.Requests = append(r.Requests, result.Request{URL: fmt.Sprintf("https://tp%d.example/p.gif?i=%d", i%20, i), Host: fmt.Sprintf("tp%d.example", i%20), Site: fmt.Sprintf("tp%d.example", i%20), Party: result.ThirdParty, ResourceType: "Image", Method: "GET", Status: 200})
		}
		for i := range 40 {
			r.Cookies = append(r.Cookies, result.Cookie{Name: fmt.Sprintf("c%d", i), Domain: "example.com", Path: "/", Party: result.FirstParty, SetBy: result.SetBy{Kind: result.SetByHeader}})
		}
		r.Summary = &result.Summary{Kept: 3, HygieneGrade: "B"}
		return r, nil
	}
	targets := make([]string, b.N)
	for i := range targets {
		targets[i] = fmt.Sprintf("https://s%d.example/", i)
	}
	cfg := Config{Launch: sharedLaunch, Close: sharedClose, Scan: fake, Concurrency: 2, Quiet: true, OutDir: b.TempDir(), JSONL: io.Discard}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := Run(context.Background(), cfg, targets); err != nil {
		b.Fatal(err)
	}
}

// liveHeap returns the heap memory held by live objects after the last
// garbage collection.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// writeHeapProfile writes a heap profile after a full collection.
func writeHeapProfile(b *testing.B, path string) {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		b.Error(err)
		return
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Error(err)
	}
}
