package behaviour

import (
	"fmt"
	"testing"

	"github.com/candor-audit/candor/internal/result"
	"github.com/chromedp/chromedp"
)

func BenchmarkAnalyze(b *testing.B) {
	var events []Event
	for i := range 1000 {
		e := fp
		e.Script = fmt.Sprintf("https://s%d.example/a.js", i%50)
		e.TextChars = i % 20
		events = append(events, e, Event{Kind: EventCanvasFont, Script: e.Script, Fonts: i % 80, SameText: i % 80},
			Event{Kind: EventListener, Script: e.Script, EventType: "mousemove"})
	}
	var reqs []result.Request
	for i := range 500 {
		reqs = append(reqs, result.Request{URL: fmt.Sprintf("https://cdn%d.example/x.js", i), Host: fmt.Sprintf("cdn%d.example", i)})
	}
	reqs = append(reqs, result.Request{URL: "https://static.hotjar.com/c/hotjar-1.js", Host: "static.hotjar.com", ResourceType: "Script"})
	b.ReportAllocs()
	for b.Loop() {
		Analyze(events, reqs)
	}
}

func BenchmarkDecodeBeacon(b *testing.B) {
	req := result.Request{URL: "https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123XYZ9&gtm=45je4bk0v9&_p=1732612345&cid=123456789.1732612345&ul=en-us&sr=1920x1080&dl=https%3A%2F%2Fshop.example%2F&dt=Shop&en=page_view&ep.content_group=home"}
	other := result.Request{URL: "https://cdn.example/static/app.8f3a1c.js"}
	b.ReportAllocs()
	for b.Loop() {
		DecodeBeacon(req, "en=scroll&epn.percent_scrolled=90")
		DecodeBeacon(other, "")
	}
}

func BenchmarkFindLeak(b *testing.B) {
	canary := Canary()
	u := "https://collect.example/c?v=2&sid=1&payload=eyJhIjoxLCJiIjoiaGVsbG8gd29ybGQiLCJjIjpbMSwyLDNdfQ%3D%3D&t=1732612345678"
	body := `{"events":[{"type":"click","x":120,"y":300,"target":"button#buy"},{"type":"scroll","y":1200}],"session":"5f0c9a"}`
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := FindLeak(canary, u, body); ok {
			b.Fatal("found")
		}
	}
}

// BenchmarkPageLoad loads the canvas fixture in a fresh tab with and
// without the instrumentation: the difference is its cost per page.
func BenchmarkPageLoad(b *testing.B) {
	for _, instrumented := range []bool{false, true} {
		b.Run(fmt.Sprintf("instrumented=%v", instrumented), func(b *testing.B) {
			for b.Loop() {
				ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
				if err := chromedp.Do(ctx); err != nil {
					b.Fatal(err)
				}
				if instrumented {
					if err := Install(ctx); err != nil {
						b.Fatal(err)
					}
				}
				if err := chromedp.Do(ctx, chromedp.Navigate("http://shop.example/canvas.html")); err != nil {
					b.Fatal(err)
				}
				cancel()
			}
		})
	}
}
