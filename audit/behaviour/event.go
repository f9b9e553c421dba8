package behaviour

import (
	"encoding/json"
	"fmt"
)

// The kinds of Event the injected script reports.
const (
	EventCanvasRead  = "canvas-read"      // a canvas image was read back
	EventCanvasFont  = "canvas-font"      // measureText use by one script, cumulative
	EventWebGL       = "webgl"            // an unmasked GPU parameter or readPixels
	EventAudio       = "audio"            // audio samples read back
	EventDOMObserver = "dom-observer"     // a MutationObserver on the whole document
	EventListener    = "listener"         // a page-wide mouse or key listener
	EventSend        = "send"             // a payload sent by fetch, XHR, beacon or WebSocket
	EventAutomation  = "automation-probe" // a read of a property that tells automated browsers apart
)

// Event is one raw observation of the injected script. Only the fields of
// its Kind are set.
type Event struct {
	Kind   string `json:"kind"`
	Script string `json:"script"` // URL of the calling script, "" when unknown
	Page   string `json:"page"`   // URL of the document it ran in
	Frame  string `json:"frame"`  // URL of the frame, as the caller knows it

	// canvas-read
	Method      string `json:"method,omitempty"` // toDataURL, toBlob, convertToBlob, getImageData
	Mime        string `json:"mime,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	ReadWidth   int    `json:"read_width,omitempty"`
	ReadHeight  int    `json:"read_height,omitempty"`
	TextChars   int    `json:"text_chars,omitempty"` // distinct characters drawn as text
	Colours     int    `json:"colours,omitempty"`    // distinct styles text was drawn with
	SaveRestore bool   `json:"save_restore,omitempty"`
	Listener    bool   `json:"listener,omitempty"` // addEventListener on the canvas
	Context     string `json:"context,omitempty"`  // 2d, webgl, webgl2, … ("" when unknown)
	Drawn       bool   `json:"drawn,omitempty"`    // a WebGL draw call happened on it

	// canvas-font
	Fonts    int `json:"fonts,omitempty"`     // distinct font values measured with
	SameText int `json:"same_text,omitempty"` // most measureText calls on one string
	Calls    int `json:"calls,omitempty"`

	// webgl and automation-probe
	What string `json:"what,omitempty"` // unmasked-vendor, unmasked-renderer, read-pixels; navigator.webdriver

	// audio
	Read       string `json:"read,omitempty"` // getChannelData, getFloatFrequencyData, …
	Offline    bool   `json:"offline,omitempty"`
	Oscillator bool   `json:"oscillator,omitempty"`
	Compressor bool   `json:"compressor,omitempty"`
	Analyser   bool   `json:"analyser,omitempty"`

	// listener and send
	EventType string `json:"event,omitempty"` // mousemove, keydown, …
	Via       string `json:"via,omitempty"`   // fetch, xhr, beacon, websocket
	Bytes     int    `json:"bytes,omitempty"`
}

// maxPayload bounds one binding payload; the script's are far smaller.
const maxPayload = 64 << 10

// ParseEvent decodes one binding payload. frameURL is the URL of the frame
// whose execution context called the binding, as the caller knows it (from
// runtime.EventBindingCalled.ExecutionContextID); it may be "" and then the
// document URL the script reported stands in.
func ParseEvent(payload string, frameURL string) (Event, error) {
	if len(payload) > maxPayload {
		return Event{}, fmt.Errorf("behaviour event: payload of %d bytes is over the %d byte limit", len(payload), maxPayload)
	}
	var ev Event
	if err := json.Unmarshal([]byte(payload), &ev); err != nil {
		return Event{}, fmt.Errorf("behaviour event: decode payload: %w", err)
	}
	switch ev.Kind {
	case EventCanvasRead, EventCanvasFont, EventWebGL, EventAudio, EventDOMObserver, EventListener, EventSend, EventAutomation:
	default:
		return Event{}, fmt.Errorf("behaviour event: unknown kind %q", ev.Kind)
	}
	ev.Frame = frameURL
	if ev.Frame == "" {
		ev.Frame = ev.Page
	}
	return ev, nil
}
