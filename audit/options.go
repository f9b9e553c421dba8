package audit

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/candor-audit/candor/internal/result"
)

// The browser window every scan emulates.
const (
	viewportWidth  = 1366
	viewportHeight = 768
)

// Defaults of ScanOptions.
const (
	DefaultPages   = 3
	DefaultWait    = 5 * time.Second
	DefaultTimeout = 60 * time.Second
	// DefaultLoadTimeout is how long a page may take to answer at all.
	DefaultLoadTimeout = 20 * time.Second
	// quietPeriod is how long no request may be in flight for the network
	// to count as quiet.
	quietPeriod = 500 * time.Millisecond
)

// PolicyReader turns the rendered HTML of a privacy policy page into
// claims. The scan fills URL and FoundBy of the returned policy itself.
type PolicyReader func(ctx context.Context, pageURL string, html []byte) (result.Policy, error)

// ScanOptions are the settings of one scan.
type ScanOptions struct {
	// Pages is how many pages to load: the landing page, then same-site
	// links (the privacy policy first). Zero means DefaultPages.
	Pages int
	// Wait caps how long each page may take to go quiet after it was
	// scrolled to the bottom. Zero means DefaultWait.
	Wait time.Duration
	// Timeout bounds the whole scan; on expiry the partial result is
	// returned with an error entry. Zero means DefaultTimeout.
	Timeout time.Duration
	// FirstParty lists other domains that belong to the site.
	FirstParty []string
	// Screenshot, when set, is the file to write a PNG of the landing page.
	Screenshot string
	// HAR, when set, is the file to write a HAR 1.2 log of all pages.
	HAR string
	// Policy overrides privacy policy discovery: a URL to load or a local
	// file to read.
	Policy string
	// ReadPolicy reads the policy's claims; nil leaves the claims empty.
	ReadPolicy PolicyReader
	// LoadTimeout caps how long a page may take to send its first response;
	// a page that sends none by then did not load. Zero means
	// DefaultLoadTimeout. Once the response came, the page's load event is
	// awaited for at most Wait: a request that never ends does not hold
	// the scan.
	LoadTimeout time.Duration
	// MaxRequestsPerPage caps the requests recorded per page; zero means
	// 5,000. Requests over the cap are counted in RequestsDropped.
	MaxRequestsPerPage int
	// ToolVersion is written to result.Tool.Version.
	ToolVersion string
	// Logger receives progress and diagnostics; nil uses the browser's.
	Logger *slog.Logger
	// Consent says when to load the landing page again after answering the
	// cookie banner: ConsentAuto (the default, "") when a banner is found,
	// ConsentOn always, ConsentOff never (and no banner is looked for).
	Consent string
	// GPC adds a phase that loads the landing page with Global Privacy
	// Control and Do Not Track on, and reads /.well-known/gpc.json.
	GPC bool
	// KeyLogging types a unique canary into the visible text fields of
	// each page of the landed phase, without submitting, and reports the
	// requests that carry it.
	KeyLogging bool
}

// The values of ScanOptions.Consent.
const (
	ConsentAuto = "auto"
	ConsentOn   = "on"
	ConsentOff  = "off"
)

// validate rejects settings no scan can run with.
func (o ScanOptions) validate() error {
	switch o.Consent {
	case ConsentAuto, ConsentOn, ConsentOff:
		return nil
	}
	return fmt.Errorf("consent mode %q: want auto, on or off", o.Consent)
}

func (o ScanOptions) withDefaults() ScanOptions {
	if o.Pages <= 0 {
		o.Pages = DefaultPages
	}
	if o.Wait <= 0 {
		o.Wait = DefaultWait
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.LoadTimeout <= 0 {
		o.LoadTimeout = DefaultLoadTimeout
	}
	if o.Consent == "" {
		o.Consent = ConsentAuto
	}
	if o.MaxRequestsPerPage <= 0 {
		o.MaxRequestsPerPage = defaultMaxRequests
	}
	return o
}
