// Package audit gathers the evidence of a Candor scan: it drives headless
// Chromium through a site and records every request, cookie, storage key,
// the transport security of the main document and the site's privacy
// policy page into a result.Result.
//
// One Browser process serves many scans; each scan runs in its own
// isolated browser context (its own cookie jar and storage), so later a
// pool can scan several sites at once in one browser:
//
//	b, err := audit.Launch(ctx, audit.BrowserOptions{})
//	...
//	defer b.Close()
//	r, err := b.Scan(ctx, "example.com", audit.ScanOptions{Pages: 3})
//
// Scan always returns the result gathered so far, also with an error.
//
// Every page is watched by the behaviour instrumentation (audit/behaviour)
// from before its first script: fingerprinting, session recording, typed
// text sent away (with ScanOptions.KeyLogging) and tracking beacons end up
// in result.Behaviours and result.Beacons. When the landing page shows a
// cookie banner (audit/consent), the landing page is loaded again in two
// more browser contexts, after "Reject all" and after "Accept all", and
// with ScanOptions.GPC once more with Global Privacy Control on; these
// phases run beside the crawl and label what they saw with their phase
// (phases.go).
package audit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// browserNames are the programs looked up on PATH, in order, when neither
// --browser nor $CANDOR_BROWSER names one.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ErrNoBrowser is wrapped by the error of FindBrowser when no Chromium is
// found.
var ErrNoBrowser = errors.New("no Chromium browser found")

// FindBrowser returns the browser executable to run: flagPath (--browser)
// when set, else envPath ($CANDOR_BROWSER), else the first of chromium,
// chromium-browser, google-chrome and google-chrome-stable on PATH.
func FindBrowser(flagPath, envPath string) (string, error) {
	for _, c := range []struct{ path, from string }{{flagPath, "--browser"}, {envPath, "CANDOR_BROWSER"}} {
		if c.path == "" {
			continue
		}
		p, err := exec.LookPath(c.path)
		if err != nil {
			return "", fmt.Errorf("%s %s: not an executable browser: %w", c.from, c.path, err)
		}
		return p, nil
	}
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w on PATH (looked for %s): install it with `apt-get install chromium` (Debian/Ubuntu) or `brew install --cask chromium` (macOS), or name one with --browser PATH or CANDOR_BROWSER", ErrNoBrowser, strings.Join(browserNames, ", "))
}

// BrowserOptions says which browser to run and how.
type BrowserOptions struct {
	// ExecPath is the browser to start (--browser); empty means
	// $CANDOR_BROWSER, then the usual names on PATH.
	ExecPath string
	// RemoteURL attaches to a running browser at this DevTools address
	// (ws://host:port/ or http://host:port/) instead of starting one. Flags
	// below that are command-line switches then do not apply.
	RemoteURL string
	// UserAgent replaces the browser's user agent; empty means the
	// browser's own, with "HeadlessChrome" turned into "Chrome".
	UserAgent string
	// HostResolverRules is passed to Chromium's --host-resolver-rules.
	HostResolverRules string
	// Insecure ignores certificate errors.
	Insecure bool
	// ExtraFlags are further Chromium switches ("--name" or "--name=value").
	ExtraFlags []string
	// Env adds "NAME=value" variables to the browser's environment. For
	// example HOME=DIR makes Chromium on Linux read the certificate
	// database DIR/.pki/nssdb, which may trust a private authority.
	Env []string
	// Logger receives diagnostics; nil discards them.
	Logger *slog.Logger
}

// Browser is one running (or attached) Chromium. Its methods are safe for
// concurrent use: each Scan gets its own browser context.
type Browser struct {
	opts        BrowserOptions
	log         *slog.Logger
	allocCancel context.CancelFunc
	ctx         context.Context // the chromedp context that owns the browser
	cancel      context.CancelFunc
	profile     *profile // nil for a remote browser
	product     string
	userAgent   string
	pid         int

	closeOnce sync.Once
	closeErr  error
}

// Launch starts Chromium (or attaches to RemoteURL) and returns it ready to
// scan. ctx bounds the start only; the browser lives until Close.
func Launch(ctx context.Context, opts BrowserOptions) (*Browser, error) {
	b := &Browser{opts: opts, log: opts.Logger}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	var allocCtx context.Context
	if opts.RemoteURL != "" {
		allocCtx, b.allocCancel = remote.NewAllocator(context.Background(), opts.RemoteURL)
	} else {
		exe, err := FindBrowser(opts.ExecPath, os.Getenv("CANDOR_BROWSER"))
		if err != nil {
			return nil, err
		}
		if opts.UserAgent == "" {
			// Set the user agent for the whole browser, so that requests
			// the browser makes itself (such as the favicon) carry it too.
			b.opts.UserAgent = desktopUserAgent(ctx, exe)
		}
		b.profile, err = newProfile()
		if err != nil {
			return nil, err
		}
		allocCtx, b.allocCancel = chromedp.NewExecAllocator(context.Background(), b.allocatorOptions(exe)...)
	}
	logf := func(format string, args ...any) { b.log.Debug("chromium: " + fmt.Sprintf(format, args...)) }
	b.ctx, b.cancel = chromedp.NewContext(allocCtx, chromedp.WithBrowserOption(
		chromedp.WithBrowserLogf(logf), chromedp.WithBrowserErrorf(logf)))

	stop := context.AfterFunc(ctx, b.cancel)
	err := chromedp.Do(b.ctx)
	stopped := stop()
	if err == nil && !stopped {
		err = ctx.Err()
	}
	if err != nil {
		b.Close()
		if opts.RemoteURL != "" {
			return nil, fmt.Errorf("attach to browser at %s: %w", opts.RemoteURL, err)
		}
		return nil, fmt.Errorf("start browser: %w", err)
	}
	if p := chromedp.FromContext(b.ctx).Browser.Process(); p != nil {
		b.pid = p.Pid
	}
	vctx, vcancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer vcancel()
	v, err := chromedp.CallBrowser(vctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("start browser: read version: %w", err)
	}
	b.product = strings.Replace(v.Product, "HeadlessChrome", "Chrome", 1)
	b.userAgent = b.opts.UserAgent
	if b.userAgent == "" {
		b.userAgent = strings.Replace(v.UserAgent, "HeadlessChrome", "Chrome", 1)
	}
	return b, nil
}

// BrowserUIFeatures are the Chromium features, turned off in a browser
// Candor starts, of Chrome's own interface that a headless window would
// still build: the WebUI address-bar popups, each a hidden renderer per
// window, and the preloading of such WebUI. Every scan opens a window (its
// own browser context), so they cost ≈ 0.4 CPU-seconds per site; no page
// can see them. Benchmarks turn them off in their bare browsers too.
const BrowserUIFeatures = "WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI"

// allocatorOptions returns the switches for a browser Candor starts.
func (b *Browser) allocatorOptions(exe string) []chromedp.ExecAllocatorOption {
	o := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(b.profile.dir),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Headless,
		chromedp.WindowSize(viewportWidth, viewportHeight),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-hang-monitor", true),
		chromedp.Flag("disable-prompt-on-repost", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("force-color-profile", "srgb"),
		// Not an automation-flavoured browser: no navigator.webdriver.
		chromedp.Flag("disable-blink-features", "AutomationControlled"),
		// Keep cross-site iframes in the page's process so that their
		// requests, cookies and storage reach the page's DevTools session.
		chromedp.Flag("disable-features", "Translate,SitePerProcess,IsolateOrigins,ThirdPartyStoragePartitioning,TrackingProtection3pcd,"+BrowserUIFeatures),
		chromedp.Flag("disable-site-isolation-trials", true),
	}
	if os.Getuid() == 0 {
		b.log.Warn("running as root: starting Chromium with --no-sandbox")
		o = append(o, chromedp.NoSandbox)
	}
	if b.opts.UserAgent != "" {
		o = append(o, chromedp.UserAgent(b.opts.UserAgent))
	}
	if b.opts.HostResolverRules != "" {
		o = append(o, chromedp.Flag("host-resolver-rules", b.opts.HostResolverRules))
	}
	if b.opts.Insecure {
		o = append(o, chromedp.Flag("ignore-certificate-errors", true))
	}
	if len(b.opts.Env) > 0 {
		o = append(o, chromedp.Env(b.opts.Env...))
	}
	for _, f := range b.opts.ExtraFlags {
		name, value, hasValue := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if hasValue {
			o = append(o, chromedp.Flag(name, value))
		} else {
			o = append(o, chromedp.Flag(name, true))
		}
	}
	return o
}

// Product returns the browser's product name and version, e.g.
// "Chrome/156.0.8078.108".
func (b *Browser) Product() string { return b.product }

// UserAgent returns the user agent the scanned sites see.
func (b *Browser) UserAgent() string { return b.userAgent }

// PID returns the browser's process id, or 0 for a remote browser.
func (b *Browser) PID() int { return b.pid }

// ProfileDir returns the temporary profile folder, or "" for a remote
// browser.
func (b *Browser) ProfileDir() string {
	if b.profile == nil {
		return ""
	}
	return b.profile.dir
}

// Close stops the browser it started (the whole process tree) and removes
// the temporary profile; for a remote browser it only disconnects. It is
// safe to call more than once.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		if b.cancel != nil {
			if b.opts.RemoteURL == "" {
				cctx, ccancel := context.WithTimeout(b.ctx, 3*time.Second)
				if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
					b.log.Debug("close browser", "err", err)
				}
				ccancel()
			}
			b.cancel()
		}
		if b.allocCancel != nil {
			b.allocCancel()
		}
		if b.profile != nil {
			b.closeErr = b.profile.remove()
		}
	})
	return b.closeErr
}

// platformTokens are the platform parts of desktop Chrome's user agent.
var platformTokens = map[string]string{
	"linux":   "X11; Linux x86_64",
	"darwin":  "Macintosh; Intel Mac OS X 10_15_7",
	"windows": "Windows NT 10.0; Win64; x64",
}

// desktopUserAgent returns the user agent of desktop Chrome of the same
// major version as exe (from `exe --version`), or "" when the version
// cannot be read; the scan then overrides the user agent per tab.
func desktopUserAgent(ctx context.Context, exe string) string {
	vctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(vctx, exe, "--version").Output()
	if err != nil {
		return ""
	}
	m := versionRe.FindStringSubmatch(string(out))
	if m == nil {
		return ""
	}
	platform, ok := platformTokens[runtime.GOOS]
	if !ok {
		platform = platformTokens["linux"]
	}
	return "Mozilla/5.0 (" + platform + ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + m[1] + ".0.0.0 Safari/537.36"
}

// versionRe finds the major version in "Chromium 156.0.8078.108 …".
var versionRe = regexp.MustCompile(`\b(\d{2,4})\.\d+\.\d+\.\d+\b`)
