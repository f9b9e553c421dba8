package audit

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/candor-audit/candor/internal/testsite"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Hosts of the robustness fixtures: sites that are broken or fight back.
const (
	slowSubHost  = "slowsub.test" // a page whose image and iframe never answer
	endlessHost  = "endless.test" // a long poll and a fetch every 100 ms, for ever
	bigHost      = "big.test"     // a 20 MB page
	floodHost    = "flood.test"   // 5,200 requests from one page
	emptyHost    = "empty.test"   // 200 with an empty body
	latinHost    = "latin1.test"  // windows-1252 without a charset
	bounceHost   = "bounce.test"  // navigates itself to a new URL again and again
	idnASCII     = "xn--bcher-kva.example"
	idnUnicode   = "bücher.example"
	chainHost    = "chain.test"        // redirect chains of any length
	crashHost    = "crash.test"        // its second page crashes the renderer
	stealthHost  = "stealth.test"      // looks for signs of a headless browser
	brokenPolicy = "brokenpolicy.test" // its privacy link answers 404
	pdfPolicy    = "pdfpolicy.test"    // its privacy policy is a PDF
	leaveHost    = "leave.test"        // asks "leave the page?" on beforeunload
	alertLoop    = "alertloop.test"    // alert() for ever
	popupHost    = "popup.test"        // opens windows
	downloadHost = "download.test"     // starts downloads
	inputsHost   = "manyinputs.test"   // 3,000 text fields
	unavailHost  = "unavailable.test"  // answers 503
	bigPageBytes = 20 << 20            // the size of bigHost's page
	floodCount   = 5200                // the requests of floodHost's page
	inputsCount  = 3000                // the fields of inputsHost's page
)

// robustState is what the robustness fixtures saw, for the tests to read.
type robustState struct {
	mu        sync.Mutex
	seen      map[string]string // stealthHost: what the page's script saw
	maxTyped  int               // inputsHost: most fields the page saw typed into
	popupLive int               // requests a popup window made while open
	crashes   int               // renderer crashes the crash fixture caused
}

func (st *robustState) set(f func()) {
	st.mu.Lock()
	defer st.mu.Unlock()
	f()
}

// serveRobustFixtures registers the robustness fixtures on site; the crash
// fixture uses the shared browser b to crash the renderer of the tab that
// asks for it.
func serveRobustFixtures(site *testsite.Site, st *robustState, b func() *Browser) {
	site.Handle(unavailHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	site.Handle(slowSubHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Slow subresource", `<p>text</p><img src="https://`+hangHost+`/never.png"><iframe src="https://`+hangHost+`/frame"></iframe>`))
	}))
	site.Handle(endlessHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			html(w, doc("Endless", `<script>
fetch("/poll").catch(() => {});
let n = 0; setInterval(() => { fetch("/tick?" + (n++)).catch(() => {}); }, 100);
</script><p>always busy</p>`))
		case "/poll": // a long poll that answers only when the client leaves
			<-r.Context().Done()
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	site.Handle(bigHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		head := `<!doctype html><html><head><title>Big</title><link rel="privacy-policy" href="/"></head><body>`
		para := "<p>" + strings.Repeat("lorem ipsum dolor sit amet ", 37) + "</p>\n"
		var buf bytes.Buffer
		buf.WriteString(head)
		for buf.Len()+len(para) < bigPageBytes-20 {
			buf.WriteString(para)
		}
		buf.WriteString("</body></html>")
		w.Write(buf.Bytes())
	}))
	site.Handle(floodHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		html(w, doc("Flood", fmt.Sprintf(`<script>for (let i = 0; i < %d; i++) fetch("/r" + i).catch(() => {});</script>`, floodCount)))
	}))
	site.Handle(emptyHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
		}
		w.WriteHeader(http.StatusOK) // and no body
	}))
	site.Handle(latinHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // no charset, and none in the page
		switch r.URL.Path {
		case "/":
			w.Write([]byte("<html><head><title>Caf\xe9 cr\xe8me</title></head><body><p>Bient\xf4t \x80 5</p><footer><a href=\"/privacy\">Confidentialit\xe9</a></footer></body></html>"))
		case "/privacy":
			w.Write([]byte("<html><head><title>Politique</title></head><body><p>Nous ne vendons pas vos donn\xe9es \x96 jamais.</p></body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	site.Handle(bounceHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/n"))
		html(w, doc("Bounce "+strconv.Itoa(n), fmt.Sprintf(`<script>setTimeout(() => { location.href = "/n%d"; }, 30);</script>`, n+1)))
	}))
	site.Handle(idnASCII, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Bücher", `<p>IDN</p>`))
	}))
	site.Handle(chainHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// /N/k redirects to /N/k+1 until k = N, which is the page.
		var total, k int
		if _, err := fmt.Sscanf(r.URL.Path, "/%d/%d", &total, &k); err != nil {
			http.NotFound(w, r)
			return
		}
		if k < total {
			http.Redirect(w, r, fmt.Sprintf("/%d/%d", total, k+1), http.StatusFound)
			return
		}
		html(w, doc("End of the chain", "<p>arrived</p>"))
	}))
	site.Handle(crashHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			html(w, doc("Crash home", `<a href="/a-boom">Boom</a> <a href="/b-after">After</a>`))
		case "/a-boom":
			html(w, doc("Boom", `<script>fetch("/trigger");</script><p>this page crashes</p>`))
		case "/b-after":
			html(w, doc("After the crash", `<p>still scanning</p>`))
		case "/trigger": // in flight, so the scan stays on the page, until the crash
			crashTab(b(), "https://"+crashHost+"/a-boom", st)
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	site.Handle(stealthHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/seen" {
			seen := map[string]string{}
			for k, v := range r.URL.Query() {
				seen[k] = v[0]
			}
			st.set(func() { st.seen = seen })
			w.WriteHeader(http.StatusNoContent)
			return
		}
		html(w, doc("Stealth", `<script>
const q = new URLSearchParams({
  webdriver: String(navigator.webdriver),
  ua: navigator.userAgent,
  languages: String((navigator.languages || []).length),
  plugins: String((navigator.plugins || []).length),
  chrome: String(typeof window.chrome),
  outer: String(window.outerWidth) + "x" + String(window.outerHeight),
});
fetch("/seen?" + q.toString());
</script>`))
	}))
	site.Handle(brokenPolicy, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		html(w, doc("Broken policy link", `<footer><a href="/privacy">Privacy policy</a></footer>`))
	}))
	site.Handle(pdfPolicy, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			html(w, doc("PDF policy", `<footer><a href="/legal/privacy">Privacy notice</a></footer>`))
		case "/legal/privacy":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"))
		default:
			http.NotFound(w, r)
		}
	}))
	site.Handle(leaveHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Leave", `<input type="text" name="q"><a href="/next">Next</a>
<script>window.addEventListener("beforeunload", (e) => { e.preventDefault(); e.returnValue = "Leave?"; return "Leave?"; });</script>`))
	}))
	site.Handle(alertLoop, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Alerts", `<p>before</p><script>setTimeout(() => { for (let i = 0; ; i++) alert("again " + i); }, 50);</script>`))
	}))
	site.Handle(popupHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			html(w, doc("Popups", `<input type="text" oninput="if (!window.opened) { window.opened = true; window.open('/typed-popup'); }">
<a id="blank" href="/blank-target" target="_blank">offer</a>
<script>window.open("/scripted-popup"); document.getElementById("blank").click();</script>`))
		case "/alive":
			st.set(func() { st.popupLive++ })
			w.WriteHeader(http.StatusNoContent)
		default: // every popup reports that it is open, every 100 ms
			html(w, doc("Popup", `<script>setInterval(() => fetch("/alive"), 100);</script>`))
		}
	}))
	site.Handle(downloadHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			html(w, doc("Downloads", `<a id="dl" href="/file.zip" download>get</a><script>document.getElementById("dl").click();</script>`))
		case "/file.zip":
			w.Header().Set("Content-Type", "application/zip")
			w.Header().Set("Content-Disposition", `attachment; filename="file.zip"`)
			w.Write([]byte("PK\x03\x04 not really a zip"))
		default:
			http.NotFound(w, r)
		}
	}))
	site.Handle(inputsHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/typed" {
			n, _ := strconv.Atoi(r.URL.Query().Get("n"))
			st.set(func() { st.maxTyped = max(st.maxTyped, n) })
			w.WriteHeader(http.StatusNoContent)
			return
		}
		var b strings.Builder
		for i := range inputsCount {
			fmt.Fprintf(&b, `<input type="text" name="f%d">`, i)
		}
		html(w, doc("Many inputs", b.String()+`<script>
const typed = new Set();
document.addEventListener("input", (e) => typed.add(e.target.name));
document.addEventListener("focusout", () => { navigator.sendBeacon("/typed?n=" + typed.size); });
</script>`))
	}))
}

// crashTab crashes the renderer of the tab showing pageURL, as a hostile
// page could: it attaches a second DevTools session to the tab and sends
// Page.crash, then leaves the tab.
func crashTab(b *Browser, pageURL string, st *robustState) {
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			return
		}
		for _, ti := range infos {
			if ti.Type != "page" || ti.URL != pageURL {
				continue
			}
			tab, cancelTab := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID), chromedp.WithDetachOnCancel())
			if err := chromedp.Do(tab); err != nil { // attach first: that can be slow
				cancelTab()
				return
			}
			cctx, cancelCall := context.WithTimeout(tab, time.Second)
			_, _ = chromedp.Call(cctx, page.Crash, cdp.Empty{}) // no answer comes from a crashed renderer
			cancelCall()
			cancelTab()
			st.set(func() { st.crashes++ })
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
