package batch

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/candor-audit/candor/internal/testsite"
)

// The fixture hosts of this package's tests.
const (
	hangHost    = "hang.test"    // accepts and never answers
	trackerHost = "tracker.test" // sets a cookie named after the site that embeds it
	crashHost   = "crash.test"   // tells the test it was reached, then answers slowly
)

// fixtures holds the hooks the fixture handlers share with tests.
type fixtures struct {
	// crashHit receives once when crash.test is first requested.
	crashHit  chan struct{}
	crashOnce sync.Once
}

// numBenchSites is the size of the benchmark's fixture web.
const numBenchSites = 60

// benchThirdParties gives bench site i between 0 and 20 third parties.
func benchThirdParties(i int) int { return (i * 7) % 21 }

// benchKB gives bench site i a page weight between 1 and 200 KB of text.
func benchKB(i int) int { return []int{1, 10, 40, 100, 200}[i%5] }

// htmlPage renders a small HTML document.
func htmlPage(title, body string) string {
	return "<!doctype html><html><head><meta charset=utf-8><title>" + title + "</title></head><body>" + body + "</body></html>"
}

func writeHTML(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, s)
}

// simpleSite serves a landing page that loads n third-party images from
// tp0.test … tp(n-1).test and carries kb kilobytes of text.
func simpleSite(host string, thirdParties, kb int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, "<h1>%s</h1>", host)
		for i := range thirdParties {
			if i%3 == 2 {
				fmt.Fprintf(&b, `<script async src="https://tp%d.test/t.js?s=%s"></script>`, i, host)
				continue
			}
			fmt.Fprintf(&b, `<img src="https://tp%d.test/p.gif?s=%s" alt="">`, i, host)
		}
		filler := strings.Repeat("lorem ipsum dolor sit amet ", 40) // ~1 KB
		for range kb {
			b.WriteString("<p>" + filler + "</p>")
		}
		writeHTML(w, htmlPage(host, b.String()))
	})
}

// gif is a 1×1 transparent GIF.
var gif = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

func pixel(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "image/gif")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(gif)
}

// serveFixtures registers the fixture hosts on site: site0.test …
// site(n-1).test, the third parties tp0.test … tp19.test, and the special
// hosts above.
func serveFixtures(site *testsite.Site, f *fixtures, n int) {
	for i := range n {
		host := fmt.Sprintf("site%d.test", i)
		site.Handle(host, simpleSite(host, i%4, 1))
	}
	for i := range numBenchSites {
		host := fmt.Sprintf("bench%d.test", i)
		site.Handle(host, simpleSite(host, benchThirdParties(i), benchKB(i)))
	}
	for i := range 20 {
		site.Handle(fmt.Sprintf("tp%d.test", i), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ".js") {
				w.Header().Set("Content-Type", "text/javascript")
				fmt.Fprint(w, "(function(){var i=new Image();i.src=location.protocol+'//'+document.currentScript.src.split('/')[2]+'/hit.gif';})();")
				return
			}
			pixel(w)
		}))
	}
	site.Handle(hangHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	// The tracker sets uid=<embedding site> when the request carries no
	// cookie; the test then reads the Cookie headers it received.
	site.Handle(trackerHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Cookie") == "" {
			http.SetCookie(w, &http.Cookie{Name: "uid", Value: r.URL.Query().Get("site"), Path: "/", Secure: true, SameSite: http.SameSiteNoneMode, MaxAge: 3600})
		}
		pixel(w)
	}))
	for _, iso := range []string{"iso-a.test", "iso-b.test", "iso-c.test", "iso-d.test"} {
		site.Handle(iso, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/" {
				http.NotFound(w, r)
				return
			}
			host := strings.Split(r.Host, ":")[0]
			// The second pixel loads after the first has set the cookie: the
			// positive control that cookies work within one site.
			writeHTML(w, htmlPage(host, `<img id=a src="https://`+trackerHost+`/p.gif?site=`+host+`&n=1" alt="">
<script>document.getElementById("a").addEventListener("load", () => { const i = new Image(); i.src = "https://`+trackerHost+`/p.gif?site=`+host+`&n=2"; document.body.append(i); });</script>`))
		}))
	}
	site.Handle(crashHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		first := false
		f.crashOnce.Do(func() { first = true })
		if first {
			f.crashHit <- struct{}{}
			<-r.Context().Done() // the test kills the browser meanwhile
			return
		}
		writeHTML(w, htmlPage("crash", "<h1>second visit</h1>"))
	}))
}
