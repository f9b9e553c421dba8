package consent

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
)

// BenchmarkFind measures one Find on a loaded page: a platform banner
// found by markup, and a generic banner found by text on a page of 3000
// paragraphs.
func BenchmarkFind(b *testing.B) {
	generic := url.Values{"lang": {"en"}, "text": {"We use cookies."}, "b": {"Reject all", "Accept all"}, "filler": {"3000"}}
	for _, tc := range []struct{ name, page string }{
		{"markup", site + "/onetrust.html"},
		{"generic-3000-paragraphs", "http://www.shop.example/generic?" + generic.Encode()},
		{"oopif", site + "/iframe.html"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.Navigate(tc.page)); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if banner, err := Find(ctx); err != nil || banner == nil {
					b.Fatalf("Find = %v, %v", banner, err)
				}
			}
		})
	}
}
