package behaviour

import (
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// fp is a canvas read that meets every criterion; tests change one field.
var fp = Event{Kind: EventCanvasRead, Script: "https://fp.example/a.js", Page: "https://site.example/", Frame: "https://site.example/",
	Method: "toDataURL", Mime: "image/png", Width: 240, Height: 60, TextChars: 24, Colours: 2}

func TestAnalyzeCanvasCriteria(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Event)
		want   bool
	}{
		{"all criteria", func(*Event) {}, true},
		{"ten characters one colour", func(e *Event) { e.TextChars, e.Colours = 10, 1 }, true},
		{"nine characters one colour", func(e *Event) { e.TextChars, e.Colours = 9, 1 }, false},
		{"two colours few characters", func(e *Event) { e.TextChars, e.Colours = 2, 2 }, true},
		{"no text", func(e *Event) { e.TextChars, e.Colours = 0, 0 }, false},
		{"15 px high", func(e *Event) { e.Height = 15 }, false},
		{"15 px wide", func(e *Event) { e.Width = 15 }, false},
		{"16 px square", func(e *Event) { e.Width, e.Height = 16, 16 }, true},
		{"save or restore", func(e *Event) { e.SaveRestore = true }, false},
		{"event listener", func(e *Event) { e.Listener = true }, false},
		{"jpeg", func(e *Event) { e.Mime = "image/jpeg" }, false},
		{"webp", func(e *Event) { e.Mime = "image/webp" }, false},
		{"getImageData of a large area", func(e *Event) { e.Method, e.ReadWidth, e.ReadHeight = "getImageData", 240, 60 }, true},
		{"getImageData of one pixel", func(e *Event) { e.Method, e.ReadWidth, e.ReadHeight = "getImageData", 1, 1 }, false},
		{"webgl canvas", func(e *Event) { e.Context = "webgl" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := fp
			tc.change(&ev)
			got := only(Analyze([]Event{ev}, nil), KindCanvas)
			if (len(got) == 1) != tc.want {
				t.Fatalf("got %+v, want detected=%v", got, tc.want)
			}
			if tc.want && (got[0].Script != ev.Script || got[0].Host != "fp.example" || got[0].Page != ev.Page || got[0].Detail == "") {
				t.Errorf("behaviour %+v", got[0])
			}
		})
	}
}

func TestAnalyzeFontsWebGLAudio(t *testing.T) {
	font := func(fonts, same int) Event {
		return Event{Kind: EventCanvasFont, Script: "https://fp.example/f.js", Fonts: fonts, SameText: same, Calls: fonts}
	}
	tests := []struct {
		name   string
		events []Event
		kind   string
		want   bool
	}{
		{"50 fonts", []Event{font(50, 50)}, KindCanvasFnt, true},
		{"49 fonts", []Event{font(49, 49)}, KindCanvasFnt, false},
		{"fonts reported cumulatively", []Event{font(20, 20), font(35, 35), font(60, 60)}, KindCanvasFnt, true},
		{"many fonts, each text measured once", []Event{font(80, 1)}, KindCanvasFnt, false},
		{"unmasked renderer", []Event{{Kind: EventWebGL, What: "unmasked-renderer"}}, KindWebGL, true},
		{"unmasked vendor", []Event{{Kind: EventWebGL, What: "unmasked-vendor"}}, KindWebGL, true},
		{"readPixels after drawing", []Event{{Kind: EventWebGL, What: "read-pixels", Drawn: true}}, KindWebGL, true},
		{"readPixels of nothing", []Event{{Kind: EventWebGL, What: "read-pixels"}}, KindWebGL, false},
		{"webgl image read back", []Event{{Kind: EventCanvasRead, Method: "toDataURL", Context: "webgl", Drawn: true, Width: 256, Height: 128}}, KindWebGL, true},
		{"offline oscillator compressor", []Event{{Kind: EventAudio, Read: "getChannelData", Offline: true, Oscillator: true, Compressor: true}}, KindAudio, true},
		{"offline oscillator alone", []Event{{Kind: EventAudio, Read: "getChannelData", Offline: true, Oscillator: true}}, KindAudio, false},
		{"live analyser visualiser", []Event{{Kind: EventAudio, Read: "getByteFrequencyData", Analyser: true}}, KindAudio, false},
		{"live oscillator compressor analyser", []Event{{Kind: EventAudio, Read: "getFloatFrequencyData", Oscillator: true, Compressor: true, Analyser: true}}, KindAudio, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := only(Analyze(tc.events, nil), tc.kind)
			if (len(got) == 1) != tc.want {
				t.Errorf("got %+v, want detected=%v", got, tc.want)
			}
		})
	}
}

func TestAnalyzeDeduplicates(t *testing.T) {
	other := fp
	other.Script = "https://other.example/b.js"
	got := Analyze([]Event{fp, fp, other, fp}, nil)
	if len(got) != 2 || got[0].Script != fp.Script || got[1].Script != other.Script {
		t.Errorf("got %+v, want one per script in order", got)
	}
}

func TestRecorderVendor(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://static.hotjar.com/c/hotjar-123.js?sv=6", "Hotjar"},
		{"https://in.hotjar.com/api/v2/client/sites/123/visit-data", "Hotjar"},
		{"https://edge.fullstory.com/s/fs.js", "FullStory"},
		{"https://www.clarity.ms/tag/abcdef", "Microsoft Clarity"},
		{"https://k.clarity.ms/collect", "Microsoft Clarity"},
		{"https://web-sdk.smartlook.com/recorder.js", "Smartlook"},
		{"https://cdn.mouseflow.com/projects/x.js", "Mouseflow"},
		{"https://cdn.lr-ingest.io/LogRocket.min.js", "LogRocket"},
		{"https://mc.yandex.ru/webvisor/12345?rn=1", "Yandex Metrica Webvisor"},
		{"https://mc.yandex.ru/watch/12345", ""}, // Metrica without Webvisor
		{"https://tools.luckyorange.com/core/lo.js", "Lucky Orange"},
		{"https://cdn.inspectlet.com/inspectlet.js", "Inspectlet"},
		{"https://nothotjar.com/x.js", ""},
		{"https://www.google-analytics.com/g/collect", ""},
		{"::not a url", ""},
	}
	for _, tc := range tests {
		if got := RecorderVendor(tc.url); got != tc.want {
			t.Errorf("RecorderVendor(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}

func TestAnalyzeRecordersByHost(t *testing.T) {
	page := "https://site.example/"
	reqs := []result.Request{
		{URL: "https://site.example/", Host: "site.example", ResourceType: "Document", Page: page},
		{URL: "https://in.hotjar.com/api/v2/sites/1", Host: "in.hotjar.com", ResourceType: "XHR", Page: page, Phase: "accept"},
		{URL: "https://static.hotjar.com/c/hotjar-1.js", Host: "static.hotjar.com", ResourceType: "Script", Page: page, Phase: "accept"},
		{URL: "https://www.clarity.ms/tag/xyz", Host: "www.clarity.ms", ResourceType: "Script", Page: page, Phase: "accept", FrameURL: page},
		{URL: "https://in.hotjar.com/api/v2/sites/1", Host: "in.hotjar.com", ResourceType: "XHR", Page: page, Phase: "reject"},
	}
	got := only(Analyze(nil, reqs), KindRecorder)
	want := []struct{ org, script, phase string }{
		{"Hotjar", "https://static.hotjar.com/c/hotjar-1.js", "accept"},
		{"Microsoft Clarity", "https://www.clarity.ms/tag/xyz", "accept"},
		{"Hotjar", "https://in.hotjar.com/api/v2/sites/1", "reject"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		if got[i].Org != w.org || got[i].Script != w.script || got[i].Phase != w.phase || got[i].Page != page {
			t.Errorf("behaviour %d = %+v, want %+v", i, got[i], w)
		}
	}
}

func TestAnalyzeRecorderBehaviourNeedsEverySignal(t *testing.T) {
	s := "https://app.example/bundle.js"
	all := []Event{
		{Kind: EventDOMObserver, Script: s},
		{Kind: EventListener, Script: s, EventType: "mousemove"},
		{Kind: EventListener, Script: s, EventType: "keydown"},
		{Kind: EventSend, Script: s, Via: "fetch", Bytes: 300},
		{Kind: EventSend, Script: s, Via: "fetch", Bytes: 200},
	}
	if got := only(Analyze(all, nil), KindRecorder); len(got) != 1 || !strings.HasPrefix(got[0].Detail, "by behaviour") {
		t.Fatalf("all signals: got %+v", got)
	}
	for i := range all[:4] {
		missing := append(append([]Event(nil), all[:i]...), all[i+1:]...)
		if got := only(Analyze(missing, nil), KindRecorder); len(got) != 0 {
			t.Errorf("without %+v: got %+v", all[i], got)
		}
	}
}

func TestParseEvent(t *testing.T) {
	ev, err := ParseEvent(`{"kind":"canvas-read","script":"https://a.example/x.js","page":"https://s.example/","method":"toDataURL","width":300,"height":150,"text_chars":12}`, "")
	if err != nil || ev.Width != 300 || ev.TextChars != 12 || ev.Frame != "https://s.example/" {
		t.Errorf("got %+v, %v", ev, err)
	}
	ev, err = ParseEvent(`{"kind":"webgl","what":"unmasked-vendor","page":"https://f.example/"}`, "https://f.example/frame")
	if err != nil || ev.Frame != "https://f.example/frame" {
		t.Errorf("got %+v, %v", ev, err)
	}
	for _, bad := range []string{``, `{`, `[]`, `{"kind":"nope"}`, `{"kind":"webgl","width":"wide"}`, `{"kind":"webgl","script":"` + strings.Repeat("a", maxPayload) + `"}`} {
		if _, err := ParseEvent(bad, ""); err == nil {
			t.Errorf("ParseEvent(%.40q) accepted", bad)
		}
	}
}

func TestAnalyzeHeadlessProbe(t *testing.T) {
	probe := Event{Kind: EventAutomation, Script: "https://bot.example/check.js", Page: "https://s.example/", Frame: "https://s.example/", What: "navigator.webdriver"}
	got := Analyze([]Event{probe, probe}, nil)
	if len(got) != 1 {
		t.Fatalf("got %d behaviours, want one: %+v", len(got), got)
	}
	b := got[0]
	if b.Kind != KindHeadless || b.Host != "bot.example" || !strings.Contains(b.Detail, "navigator.webdriver") {
		t.Errorf("got %+v", b)
	}
	if ev, err := ParseEvent(`{"kind":"automation-probe","what":"navigator.webdriver","script":"https://bot.example/check.js","page":"https://s.example/"}`, ""); err != nil || ev.What != "navigator.webdriver" {
		t.Errorf("ParseEvent: %+v, %v", ev, err)
	}
}
