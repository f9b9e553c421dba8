package testsite

import (
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/chromedp/chromedp"
)

// RulesFor maps every host to two test servers, given by their URLs (as
// httptest reports them): https to tlsURL, http to plainURL, nothing else.
func RulesFor(plainURL, tlsURL string) string {
	port := func(raw string) string {
		u, _ := url.Parse(raw)
		return u.Port()
	}
	return fmt.Sprintf("MAP *:443 127.0.0.1:%s, MAP *:80 127.0.0.1:%s, MAP * ~NOTFOUND", port(tlsURL), port(plainURL))
}

// AllocatorOptions are the flags of a test browser that reaches only
// loopback through rules: headless Debian Chromium, certificate errors
// ignored, no background networking, and --no-sandbox only as root.
func AllocatorOptions(rules string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Flag("host-resolver-rules", rules),
		chromedp.Flag("ignore-certificate-errors", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		// Chrome's hidden address-bar WebUI, a renderer per window (see
		// audit.BrowserUIFeatures).
		chromedp.Flag("disable-features", "Translate,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI"),
	)
	opts = append(opts, extra...)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	return opts
}

// Browser is what CloseBrowser needs of a launched browser.
type Browser interface {
	Close() error
	ProfileDir() string
}

// CloseBrowser closes b at the end of a test binary and returns what is
// wrong afterwards: a close error, Chromium processes still alive (this
// binary's descendants, and those using(profile) reports), or a profile
// folder left on disk. An empty list means a clean stop.
func CloseBrowser(b Browser, using func(profile string) []int) []string {
	var problems []string
	profile := b.ProfileDir()
	if err := b.Close(); err != nil {
		problems = append(problems, "close: "+err.Error())
	}
	left := WaitNoChromium(os.Getpid(), 2*time.Second)
	if using != nil {
		left = append(left, using(profile)...)
	}
	if len(left) > 0 {
		problems = append(problems, fmt.Sprintf("Chromium processes left behind: %v", left))
	}
	if _, err := os.Stat(profile); profile != "" && err == nil {
		problems = append(problems, "browser profile "+profile+" left behind")
	}
	return problems
}
