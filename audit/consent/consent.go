// Package consent finds cookie banners and answers them. An embedded
// script (banner.js) looks for the markup of the common consent platforms
// and for generic banners by their button text, in the document, its open
// shadow roots and every frame; Find describes the banner, Click presses
// its first-layer "accept all" or "reject all" button, ReadTCString reads
// the IAB TCF consent string and GPCScript sends the Global Privacy
// Control signal.
package consent

import (
	_ "embed" // the banner finder
	"errors"
	"fmt"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

//go:embed banner.js
var bannerJS string

// Choice is the answer to give a banner.
type Choice int

// The choices.
const (
	Accept Choice = iota + 1
	Reject
)

// String returns "accept" or "reject".
func (c Choice) String() string {
	switch c {
	case Accept:
		return "accept"
	case Reject:
		return "reject"
	}
	return fmt.Sprintf("Choice(%d)", int(c))
}

// Errors of Click.
var (
	// ErrNoBanner means no frame of the page shows a cookie banner.
	ErrNoBanner = errors.New("no cookie banner found")
	// ErrNoButton means the banner's first layer has no button for the
	// choice (for Reject, a finding in itself under GDPR guidance).
	ErrNoButton = errors.New("the banner has no such button on its first layer")
)

// found is what banner.js returns for one frame.
type found struct {
	Found    bool   `json:"found"`
	Platform string `json:"platform"`
	FoundBy  string `json:"found_by"`
	InShadow bool   `json:"in_shadow"`
	Language string `json:"language"`
	Accept   string `json:"accept"`
	Reject   string `json:"reject"`
	Clicked  string `json:"clicked"`
}

// banner converts a frame's answer to the result type.
func (f found) banner(frameURL string) *result.Banner {
	return &result.Banner{
		Platform: f.Platform, FoundBy: f.FoundBy, Frame: frameURL, InShadow: f.InShadow,
		Language: f.Language, Accept: f.Accept, Reject: f.Reject,
	}
}

// expression calls banner.js with one action: find, accept or reject.
func expression(action string) string {
	fn := strings.TrimRight(strings.TrimSpace(bannerJS), ";")
	return "(" + fn + ")(" + fmt.Sprintf("%q", action) + ")"
}

// GPCScript returns a script that makes navigator.globalPrivacyControl true
// (and navigator.doNotTrack "1", to match the DNT header) before any page
// script runs. Install it with Page.addScriptToEvaluateOnNewDocument
// (runImmediately) in the page and in every out-of-process iframe target of
// the gpc phase, together with the headers of GPCHeaders.
func GPCScript() string { return gpcJS }

const gpcJS = `(() => {
  const define = (name, value) => {
    try {
      Object.defineProperty(Navigator.prototype, name, {
        get: { [name]() { return value; } }[name],
        configurable: true,
        enumerable: true,
      });
    } catch (e) {}
  };
  define('globalPrivacyControl', true);
  define('doNotTrack', '1');
})();`

// GPCHeaders returns the request headers of the gpc phase, to send with
// Network.setExtraHTTPHeaders on every target: Sec-GPC: 1 and DNT: 1.
func GPCHeaders() map[string]string {
	return map[string]string{"Sec-GPC": "1", "DNT": "1"}
}
