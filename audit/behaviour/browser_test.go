package behaviour

import (
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/chromedp"
)

// load instruments a fresh tab, opens a fixture page and returns the
// recorder.
func load(t *testing.T, page string) *eventLog {
	t.Helper()
	ctx := newTab(t)
	rec := instrument(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatalf("navigate %s: %v", page, err)
	}
	return rec
}

// only returns the behaviours of one kind.
func only(bs []result.Behaviour, kind string) []result.Behaviour {
	var out []result.Behaviour
	for _, b := range bs {
		if b.Kind == kind {
			out = append(out, b)
		}
	}
	return out
}

func TestBrowserDetectsFingerprinting(t *testing.T) {
	tests := []struct {
		name, page, event, kind, script string
	}{
		{"canvas", "http://shop.example/canvas.html", EventCanvasRead, KindCanvas, "//fp.tracker.example/fp.js"},
		{"canvas font", "http://shop.example/fonts.html", EventCanvasFont, KindCanvasFnt, "//fp.tracker.example/fonts.js"},
		{"webgl", "http://shop.example/webgl.html", EventWebGL, KindWebGL, "//fp.tracker.example/webgl.js"},
		{"audio", "http://shop.example/audio.html", EventAudio, KindAudio, "//fp.tracker.example/audio.js"},
		{"headless check", "http://shop.example/botcheck.html", EventAutomation, KindHeadless, "//fp.tracker.example/botcheck.js"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := load(t, tc.page)
			var got []result.Behaviour
			rec.waitEvents(t, func(evs []Event) bool {
				got = only(Analyze(evs, nil), tc.kind)
				return len(got) > 0
			})
			if len(got) != 1 {
				t.Fatalf("got %d %s behaviours, want 1: %+v", len(got), tc.kind, got)
			}
			b := got[0]
			if !strings.HasSuffix(b.Script, tc.script) || b.Host != "fp.tracker.example" {
				t.Errorf("script %q host %q, want …%s on fp.tracker.example", b.Script, b.Host, tc.script)
			}
			if !strings.HasSuffix(b.Page, tc.page[len("http:"):]) || b.Detail == "" {
				t.Errorf("page %q detail %q", b.Page, b.Detail)
			}
		})
	}
}

func TestBrowserSameProcessIframe(t *testing.T) {
	rec := load(t, "http://shop.example/framed.html")
	var got []result.Behaviour
	rec.waitEvents(t, func(evs []Event) bool {
		got = only(Analyze(evs, nil), KindCanvas)
		return len(got) > 0
	})
	if !strings.HasSuffix(got[0].Frame, "//shop.example/canvas.html") || !strings.HasSuffix(got[0].Script, "//fp.tracker.example/fp.js") {
		t.Errorf("got %+v, want the iframe's document and the vendor script", got[0])
	}
}

func TestBrowserChartIsNotFingerprinting(t *testing.T) {
	rec := load(t, "http://shop.example/chart.html")
	// The chart reads its canvas twice (the export and the emoji probe)
	// and measures labels: wait for all of it, then judge.
	evs := rec.waitEvents(t, func(evs []Event) bool {
		reads, fonts := 0, false
		for _, e := range evs {
			reads += map[bool]int{true: 1}[e.Kind == EventCanvasRead]
			fonts = fonts || e.Kind == EventCanvasFont && e.Calls >= 30
		}
		return reads >= 2 && fonts
	})
	for _, e := range evs {
		if e.Kind == EventCanvasRead && !strings.HasSuffix(e.Script, "//cdn.charts.example/chart.js") {
			t.Errorf("canvas read attributed to %q, want the chart script", e.Script)
		}
	}
	if bs := Analyze(evs, nil); len(bs) != 0 {
		t.Errorf("chart drawing judged as %+v, want nothing", bs)
	}
}

func TestBrowserSessionRecorderByBehaviour(t *testing.T) {
	rec := load(t, "http://shop.example/replay.html")
	var got []result.Behaviour
	rec.waitEvents(t, func(evs []Event) bool {
		got = only(Analyze(evs, nil), KindRecorder)
		return len(got) > 0
	})
	if !strings.HasSuffix(got[0].Script, "//cdn.replay.example/rec.js") || !strings.HasPrefix(got[0].Detail, "by behaviour") {
		t.Errorf("got %+v", got[0])
	}
}

func TestBrowserHooksStayNative(t *testing.T) {
	ctx := newTab(t)
	instrument(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://shop.example/chart.html")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[
		HTMLCanvasElement.prototype.toDataURL.toString(),
		HTMLCanvasElement.prototype.toDataURL.name,
		String(CanvasRenderingContext2D.prototype.getImageData.length),
		Function.prototype.toString.toString(),
		window.fetch.toString(),
		typeof window.__candorBehaviour,
		Object.getOwnPropertyDescriptor(Navigator.prototype, 'webdriver').get.toString(),
		Object.getOwnPropertyDescriptor(Navigator.prototype, 'webdriver').get.name,
	].join('|')`))
	if err != nil {
		t.Fatal(err)
	}
	want := "function toDataURL() { [native code] }|toDataURL|4|function toString() { [native code] }|function fetch() { [native code] }|undefined|function get webdriver() { [native code] }|get webdriver"
	if got != want {
		t.Errorf("hooked functions look like\n%s\nwant\n%s", got, want)
	}
}

func TestBrowserKeyLogging(t *testing.T) {
	ctx := newTab(t)
	rec := instrument(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate("https://shop.example/signup.html")); err != nil {
		t.Fatal(err)
	}
	canary := Canary()
	n, err := TypeCanary(ctx, canary)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 { // e-mail and name; not hidden, not password
		t.Errorf("typed into %d fields, want 2", n)
	}
	body := rec.waitRequest(t, "keys.tracker.example/collect")
	if enc, ok := FindLeak(canary, body.URL, body.Body); !ok || enc != EncBase64 {
		t.Errorf("POST %s %q: leak %q %v, want base64", body.URL, body.Body, enc, ok)
	}
	hash := rec.waitRequest(t, "keys.tracker.example/collect/em")
	if enc, ok := FindLeak(canary, hash.URL, hash.Body); !ok || enc != EncSHA256 {
		t.Errorf("GET %s: leak %q %v, want sha256", hash.URL, enc, ok)
	}
	if enc, ok := FindLeak(Canary(), body.URL, body.Body); ok {
		t.Errorf("another canary found as %s", enc)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, r := range rec.requests {
		if strings.Contains(r.URL, "/register") {
			t.Errorf("the form was submitted: %s", r.URL)
		}
	}
}

func TestBrowserFirstPartySearch(t *testing.T) {
	ctx := newTab(t)
	rec := instrument(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate("https://shop.example/search.html")); err != nil {
		t.Fatal(err)
	}
	canary := Canary()
	if n, err := TypeCanary(ctx, canary); err != nil || n != 1 {
		t.Fatalf("typed into %d fields (%v), want 1", n, err)
	}
	// The suggestions follow each key; the last one carries the whole text.
	want := "/suggest?q=" + strings.ReplaceAll(canary, "@", "%40")
	r := rec.waitRequest(t, want)
	enc, ok := FindLeak(canary, r.URL, r.Body)
	if !ok || enc != EncURL {
		t.Errorf("leak %q %v, want url-encoded", enc, ok)
	}
	if r.Host != "shop.example" {
		t.Errorf("host %q: the search goes to the site itself; party is the caller's call", r.Host)
	}
}

func TestBrowserTypeCanaryWithoutInputs(t *testing.T) {
	ctx := newTab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://shop.example/canvas.html")); err != nil {
		t.Fatal(err)
	}
	if n, err := TypeCanary(ctx, Canary()); n != 0 || err != nil {
		t.Errorf("TypeCanary = %d, %v; want 0, nil", n, err)
	}
}
