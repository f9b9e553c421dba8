package e2e

import (
	"fmt"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/testsite"
)

// The tracker hosts, by their real names; the resolver rules send them to
// the fixture site on loopback.
const (
	gtmHost       = "www.googletagmanager.com"
	gaHost        = "www.google-analytics.com"
	fbScriptHost  = "connect.facebook.net"
	fbHost        = "www.facebook.com"
	adsHost       = "googleads.g.doubleclick.net"
	hotjarHost    = "static.hotjar.com"
	hotjarIngest  = "in.hotjar.com"
	plausibleHost = "plausible.io"
	cdnjsHost     = "cdnjs.cloudflare.com"
	jsdelivrHost  = "cdn.jsdelivr.net"
	youtubeHost   = "www.youtube.com"
)

// The scripts and pixels the fixture sites load, as a site's HTML would.
const (
	gtagTag      = `<script async src="https://www.googletagmanager.com/gtag/js?id=G-E2ETEST01"></script>`
	fbPixelTag   = `<script async src="https://connect.facebook.net/en_US/fbevents.js"></script>`
	adsTag       = `<img height="1" width="1" alt="" src="https://googleads.g.doubleclick.net/pagead/viewthroughconversion/987654321/?guid=ON&script=0">`
	hotjarTag    = `<script async src="https://static.hotjar.com/c/hotjar-3456789.js?sv=6"></script>`
	plausibleTag = `<script defer data-domain="keeps.test" src="https://plausible.io/js/script.js"></script>`
	cdnjsTag     = `<script src="https://cdnjs.cloudflare.com/ajax/libs/lodash.js/4.17.21/lodash.min.js"></script>`
	jsdelivrTag  = `<script src="https://cdn.jsdelivr.net/npm/alpinejs@3.14.1/dist/cdn.min.js"></script>`
	youtubeTag   = `<iframe width="560" height="315" src="https://www.youtube.com/embed/x" title="Tune" allowfullscreen></iframe>`
)

// siteDomainJS computes the registrable domain the way analytics tags pick
// the cookie domain: the host without its first label when it has three.
const siteDomainJS = `location.hostname.split(".").slice(-2).join(".")`

// gtagJS stands in for Google's gtag.js: it writes the _ga client id on the
// site's domain with document.cookie and sends a GA4 page view beacon.
const gtagJS = `(function () {
  var domain = ` + siteDomainJS + `;
  var cid = Math.floor(Math.random() * 2147483647) + "." + Math.floor(Date.now() / 1000);
  document.cookie = "_ga=GA1.1." + cid + "; domain=." + domain + "; path=/; max-age=63072000; SameSite=Lax";
  document.cookie = "_ga_E2ETEST01=GS1.1." + Math.floor(Date.now() / 1000) + ".1.0; domain=." + domain + "; path=/; max-age=63072000; SameSite=Lax";
  var q = "v=2&tid=G-E2ETEST01&cid=" + encodeURIComponent(cid) + "&en=page_view&dl=" + encodeURIComponent(location.href) + "&dt=" + encodeURIComponent(document.title);
  navigator.sendBeacon("https://www.google-analytics.com/g/collect?" + q);
})();`

// fbeventsJS stands in for Meta's pixel: it writes _fbp on the site's
// domain and requests the /tr image, whose answer sets fr on facebook.com.
const fbeventsJS = `(function () {
  var domain = ` + siteDomainJS + `;
  var fbp = "fb.1." + Date.now() + "." + Math.floor(Math.random() * 1e10);
  document.cookie = "_fbp=" + fbp + "; domain=." + domain + "; path=/; max-age=7776000; SameSite=Lax";
  var img = new Image(1, 1);
  img.src = "https://www.facebook.com/tr/?id=112233445566778&ev=PageView&dl=" + encodeURIComponent(location.href) + "&fbp=" + fbp;
  document.body.appendChild(img);
})();`

// hotjarJS stands in for the Hotjar recorder: a first-party user cookie,
// page-wide listeners and a DOM observer, and recorded batches posted to
// Hotjar's ingest host.
const hotjarJS = `(function () {
  var domain = ` + siteDomainJS + `;
  document.cookie = "_hjSessionUser_3456789=eyJpZCI6IjEifQ==; domain=." + domain + "; path=/; max-age=31536000; SameSite=Lax";
  var events = [];
  new MutationObserver(function (m) { events.push({t: "mut", n: m.length}); })
    .observe(document, {childList: true, attributes: true, characterData: true, subtree: true});
  ["mousemove", "click", "scroll"].forEach(function (e) { document.addEventListener(e, function () { events.push({t: e}); }, true); });
  ["keydown", "input"].forEach(function (e) { document.addEventListener(e, function () { events.push({t: e}); }, true); });
  function send() {
    fetch("https://in.hotjar.com/api/v2/client/sites/3456789/visit-data?sv=6", {method: "POST", mode: "no-cors", body: JSON.stringify({url: location.href, events: events.concat([{t: "ping"}])})});
  }
  send();
  setTimeout(send, 150);
})();`

// plausibleJS stands in for Plausible: one cookieless page view event.
const plausibleJS = `(function () {
  var s = document.currentScript;
  fetch("https://plausible.io/api/event", {method: "POST", mode: "no-cors", keepalive: true,
    body: JSON.stringify({n: "pageview", u: location.href, d: s && s.getAttribute("data-domain"), r: document.referrer || null})});
})();`

// serveTrackers registers the tracker hosts on site.
func serveTrackers(site *testsite.Site) {
	site.Handle(gtmHost, script(gtagJS))
	site.Handle(gaHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(http.StatusNoContent)
	}))
	site.Handle(fbScriptHost, script(fbeventsJS))
	// Meta's pixel endpoint sets fr for a visitor it recognises; pages of a
	// host named "*nocookie*" stand for a visitor it does not.
	fbPixel, fbPixelNoCookie := pixel("fr=1Abc2Def3.E2E..Bm; Domain=.facebook.com; Path=/; Max-Age=7776000; SameSite=None; Secure; HttpOnly"), pixel("")
	site.Handle(fbHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Referer(), "nocookie") {
			fbPixelNoCookie.ServeHTTP(w, r)
			return
		}
		fbPixel.ServeHTTP(w, r)
	}))
	site.Handle(adsHost, pixel("IDE=AHWqTUm_e2e-IDE-cookie; Domain=.doubleclick.net; Path=/; Max-Age=33696000; SameSite=None; Secure; HttpOnly"))
	site.Handle(hotjarHost, script(hotjarJS))
	site.Handle(hotjarIngest, noContent())
	site.Handle(plausibleHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/event" {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		script(plausibleJS).ServeHTTP(w, r)
	}))
	site.Handle(cdnjsHost, script(`window._ = {VERSION: "4.17.21"};`))
	site.Handle(jsdelivrHost, script(`window.Alpine = {version: "3.14.1"};`))
	// A YouTube player: a document with the player's own script, no cookie.
	site.Handle(youtubeHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/s/player/") {
			script(`window.ytplayer = {ready: true};`).ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>YouTube</title><script src="/s/player/e2e/player_ias.vflset/en_US/base.js"></script></head><body><div id="player"></div></body></html>`)
	}))
}

// script serves body as JavaScript.
func script(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript; charset=utf-8")
		fmt.Fprint(w, body)
	})
}

// pixel answers with a 1×1 GIF and the Set-Cookie header setCookie, if any.
func pixel(setCookie string) http.Handler {
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if setCookie != "" {
			w.Header().Set("Set-Cookie", setCookie)
		}
		w.Header().Set("Content-Type", "image/gif")
		w.Write(gif)
	})
}

func noContent() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
}

// siteSpec is a first-party fixture site: a landing page whose footer links
// /privacy, and the policy page.
type siteSpec struct {
	// Host is the site's host name, unique to the test (e.g.
	// "www.ga-site.test").
	Host string
	// Title is the landing page's <title>, as HTML.
	Title string
	// Head and Body are HTML added to the landing page.
	Head, Body string
	// SetCookies are Set-Cookie headers the landing page answers with.
	SetCookies []string
	// Policy is the policy page: its paragraphs as plain text (escaped and
	// wrapped in HTML), or with PolicyPlain the whole body as text/plain.
	Policy      []string
	PolicyPlain string
	// PolicyHTML, when set, is used inside <main> as is.
	PolicyHTML string
}

// serve registers spec on the shared fixture site and returns the URL to scan.
func serve(t *testing.T, spec siteSpec) string {
	t.Helper()
	if spec.Title == "" {
		spec.Title = html.EscapeString(spec.Host)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		for _, c := range spec.SetCookies {
			w.Header().Add("Set-Cookie", c)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>%s</head>
<body><header><h1>%s</h1></header><main><p>Welcome. Tunes, sessions and events.</p>%s</main>
<footer><a href="/privacy">Privacy policy</a> · <a href="/about">About</a></footer></body></html>`,
			spec.Title, spec.Head, html.EscapeString(spec.Host), spec.Body)
	})
	mux.HandleFunc("/privacy", func(w http.ResponseWriter, r *http.Request) {
		if spec.PolicyPlain != "" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, spec.PolicyPlain)
			return
		}
		body := spec.PolicyHTML
		if body == "" {
			var b strings.Builder
			for _, p := range spec.Policy {
				b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
			}
			body = b.String()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Privacy policy</title></head>
<body><main><article><h1>Privacy policy</h1>
%s</article></main><footer><a href="/">Home</a></footer></body></html>`, body)
	})
	env.site.Handle(spec.Host, mux)
	return "https://" + spec.Host + "/"
}

// seedDir is the shared seed policies, relative to this package; they are
// read at test time and never copied into the repository.
const seedDir = "../../../shared/seeds"

var (
	rxSetext   = regexp.MustCompile(`^\s*(=+|-+)\s*$`)
	rxATX      = regexp.MustCompile(`^#{1,6}\s+(.*)$`)
	rxBulletLn = regexp.MustCompile(`^\s*[*•-]\s+(.*)$`)
	rxMDLink   = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]*)\)`)
	rxMDEm     = regexp.MustCompile(`(^|\W)_([^_]+)_(\W|$)`)
)

// seedHTML turns a seed policy (Markdown or one paragraph per line, as the
// seeds were extracted) into the minimal HTML a site would serve: each line
// a paragraph, Markdown and underlined headings as <h2>, bullets as a list,
// Markdown links as links.
func seedHTML(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var b strings.Builder
	inList := false
	endList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == "":
			endList()
		case i+1 < len(lines) && rxSetext.MatchString(lines[i+1]) && !rxBulletLn.MatchString(line):
			endList()
			b.WriteString("<h2>" + seedInline(line) + "</h2>\n")
			i++
		case rxATX.MatchString(line):
			endList()
			b.WriteString("<h2>" + seedInline(rxATX.FindStringSubmatch(line)[1]) + "</h2>\n")
		case rxBulletLn.MatchString(line):
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			b.WriteString("<li>" + seedInline(rxBulletLn.FindStringSubmatch(line)[1]) + "</li>\n")
		default:
			endList()
			b.WriteString("<p>" + seedInline(line) + "</p>\n")
		}
	}
	endList()
	return b.String()
}

// seedInline escapes one line and turns its Markdown links and emphasis
// into HTML.
func seedInline(s string) string {
	s = html.EscapeString(s)
	s = rxMDLink.ReplaceAllString(s, `<a href="$2">$1</a>`)
	return rxMDEm.ReplaceAllString(s, `$1<em>$2</em>$3`)
}

// readSeed returns the text of the seed policy whose file name starts with
// prefix (e.g. "000_").
func readSeed(t *testing.T, prefix string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedDir, prefix+"*.txt"))
	if err != nil || len(files) != 1 {
		t.Fatalf("seed %s*.txt in %s: found %v (%v)", prefix, seedDir, files, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	return string(data)
}
