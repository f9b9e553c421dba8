package behaviour

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// The behaviour kinds Analyze and LeakBehaviour produce (result.Behaviour.Kind).
const (
	KindCanvas    = "canvas-fingerprinting"
	KindCanvasFnt = "canvas-font-fingerprinting"
	KindWebGL     = "webgl-fingerprinting"
	KindAudio     = "audio-fingerprinting"
	KindRecorder  = "session-recording"
	KindKeyLog    = "key-logging"
	// KindHeadless is a script that checks whether the browser is automated
	// or headless: the page may show a scanner something else than people.
	KindHeadless = "headless-detection"
)

// The thresholds of the accepted research criteria (Englehardt and
// Narayanan, "Online tracking: A 1-million-site measurement and analysis",
// 2016, and the OpenWPM canvas and font heuristics).
const (
	minCanvasSide  = 16 // px, both sides of the canvas and of a getImageData area
	minTextChars   = 10 // distinct characters of text drawn, or
	minTextColours = 2  // distinct styles text was drawn with
	minFonts       = 50 // distinct fonts measured …
	minSameText    = 50 // … with at least this many measureText calls on one string
	minSends       = 2  // payloads sent by a script that observes the whole page
)

// Analyze applies the fingerprinting thresholds to the raw events of one
// page load and finds session recorders by the hosts the page contacted and
// by behaviour. It sets Kind, Script, Host, Page, Frame, Detail, and Org and
// Phase where it knows them; the caller fills Party (and the top-level Page
// for events from iframes, whose Page is the frame's own document). The
// result is deduplicated by kind, script and frame and keeps input order.
func Analyze(events []Event, requests []result.Request) []result.Behaviour {
	var out []result.Behaviour
	seen := map[string]bool{}
	add := func(b result.Behaviour) {
		key := b.Kind + "\x00" + b.Script + "\x00" + b.Frame + "\x00" + b.Org + "\x00" + b.Phase
		if seen[key] {
			return
		}
		seen[key] = true
		out = append(out, b)
	}
	fromEvent := func(kind string, ev Event, detail string) result.Behaviour {
		return result.Behaviour{Kind: kind, Script: ev.Script, Host: hostOf(ev.Script), Page: ev.Page, Frame: ev.Frame, Detail: detail}
	}

	fonts := map[string]*Event{} // script+frame -> cumulative maximum
	var fontOrder []string
	for _, ev := range events {
		switch ev.Kind {
		case EventCanvasRead:
			if d, ok := canvasFingerprint(ev); ok {
				add(fromEvent(KindCanvas, ev, d))
			}
			if d, ok := webglImage(ev); ok {
				add(fromEvent(KindWebGL, ev, d))
			}
		case EventCanvasFont:
			key := ev.Script + "\x00" + ev.Frame
			f, ok := fonts[key]
			if !ok {
				c := ev
				fonts[key] = &c
				fontOrder = append(fontOrder, key)
				continue
			}
			f.Fonts = max(f.Fonts, ev.Fonts)
			f.SameText = max(f.SameText, ev.SameText)
			f.Calls = max(f.Calls, ev.Calls)
		case EventWebGL:
			if d, ok := webglFingerprint(ev); ok {
				add(fromEvent(KindWebGL, ev, d))
			}
		case EventAudio:
			if d, ok := audioFingerprint(ev); ok {
				add(fromEvent(KindAudio, ev, d))
			}
		case EventAutomation:
			add(fromEvent(KindHeadless, ev, fmt.Sprintf(
				"read %s, which tells automated and headless browsers from people's; the page may behave differently for a scanner", ev.What)))
		}
	}
	for _, key := range fontOrder {
		f := fonts[key]
		if f.Fonts >= minFonts && f.SameText >= minSameText {
			add(fromEvent(KindCanvasFnt, *f, fmt.Sprintf(
				"measureText over %d distinct fonts, %d calls on the same text", f.Fonts, f.SameText)))
		}
	}
	for _, b := range recordersByBehaviour(events) {
		add(b)
	}
	for _, b := range recordersByHost(requests) {
		add(b)
	}
	return out
}

// canvasFingerprint applies the canvas criteria to one read-back.
func canvasFingerprint(ev Event) (string, bool) {
	if ev.Context != "" && ev.Context != "2d" {
		return "", false
	}
	if ev.Width < minCanvasSide || ev.Height < minCanvasSide {
		return "", false
	}
	if ev.Method == "getImageData" && (ev.ReadWidth < minCanvasSide || ev.ReadHeight < minCanvasSide) {
		return "", false
	}
	if lossy(ev.Mime) {
		return "", false
	}
	if ev.TextChars < minTextChars && ev.Colours < minTextColours {
		return "", false
	}
	if ev.SaveRestore || ev.Listener {
		return "", false
	}
	return fmt.Sprintf("canvas %d×%d read with %s after text of %d distinct characters in %d colours; no save/restore or event listener",
		ev.Width, ev.Height, ev.Method, ev.TextChars, ev.Colours), true
}

// lossy reports whether an image format loses detail, which a fingerprinter
// would not ask for.
func lossy(mime string) bool {
	m := strings.ToLower(strings.TrimSpace(mime))
	return m == "image/jpeg" || m == "image/jpg" || m == "image/webp"
}

// webglImage reports a WebGL drawing read back as an image.
func webglImage(ev Event) (string, bool) {
	if !strings.Contains(ev.Context, "webgl") || !ev.Drawn {
		return "", false
	}
	return fmt.Sprintf("image of a %s drawing read back with %s", ev.Context, ev.Method), true
}

// webglFingerprint applies the WebGL criteria to one webgl event.
func webglFingerprint(ev Event) (string, bool) {
	switch ev.What {
	case "unmasked-vendor":
		return "read UNMASKED_VENDOR_WEBGL through WEBGL_debug_renderer_info", true
	case "unmasked-renderer":
		return "read UNMASKED_RENDERER_WEBGL through WEBGL_debug_renderer_info", true
	case "read-pixels":
		if ev.Drawn {
			return "readPixels after drawing", true
		}
	}
	return "", false
}

// audioFingerprint applies the AudioContext criteria to one read-back.
func audioFingerprint(ev Event) (string, bool) {
	switch {
	case ev.Offline && ev.Oscillator && (ev.Compressor || ev.Analyser):
		return fmt.Sprintf("OfflineAudioContext with oscillator%s read back with %s", audioNodes(ev), ev.Read), true
	case ev.Oscillator && ev.Compressor && ev.Analyser && strings.HasPrefix(ev.Read, "get") && ev.Read != "getChannelData":
		return fmt.Sprintf("AudioContext with oscillator%s read back with %s", audioNodes(ev), ev.Read), true
	}
	return "", false
}

func audioNodes(ev Event) string {
	s := ""
	if ev.Compressor {
		s += ", compressor"
	}
	if ev.Analyser {
		s += ", analyser"
	}
	return s
}

// hostOf returns the lower-case host of a URL, "" when it has none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}
