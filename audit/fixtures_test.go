package audit

import (
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"

	"github.com/candor-audit/candor/internal/testsite"
)

// The fixture hosts. Each plays one part; the shop is the site scanned.
const (
	shopHost   = "www.example-shop.test"
	gtmHost    = "www.googletagmanager.com"
	gaHost     = "www.google-analytics.com"
	pixelHost  = "px.ads-tracker.test"
	cdnHost    = "cdn.shopimg.test"
	chatHost   = "widget.chat-vendor.test"
	chatAPI    = "api.chat-vendor.test"
	plainHost  = "plain.test"   // plain http, no redirect to https
	hangHost   = "hang.test"    // accepts and never answers
	loopHost   = "loop.test"    // redirects to itself
	refused    = "refused.test" // mapped to a closed port
	noPolicy   = "nopolicy.test"
	pathPolicy = "pathpolicy.test"
)

// extraRules are resolver rules the fixtures need besides the defaults.
var extraRules = []string{"MAP refused.test:443 127.0.0.1:1", "MAP *.invalid ~NOTFOUND"}

func doc(title, body string) string {
	return "<!doctype html><html><head><meta charset=utf-8><title>" + title + "</title></head><body>" + body + "</body></html>"
}

func html(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, body)
}

const shopFooter = `<footer><a href="/privacy-policy">Privacy policy</a> <a href="/terms">Terms</a></footer>`

// serveFixtures registers every fixture host on site.
func serveFixtures(site *testsite.Site) {
	shop := http.NewServeMux()
	shop.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil {
			http.Redirect(w, r, "https://"+shopHost+r.URL.RequestURI(), http.StatusMovedPermanently)
			return
		}
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Content-Security-Policy", "default-src 'self' https: 'unsafe-inline'")
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc123", Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
		html(w, doc("Example Shop", `
<nav><a href="/products">Products</a> <a href="/about">About us</a> <a href="/contact#form">Contact</a> <a href="https://elsewhere.test/">Partner</a></nav>
<h1>Welcome</h1>
<img src="https://`+cdnHost+`/logo.png" alt="logo">
<img src="https://`+pixelHost+`/pixel.gif" alt="">
<iframe src="https://`+chatHost+`/frame"></iframe>
<script>document.cookie = "cart=empty; path=/"; localStorage.setItem("theme", "dark"); sessionStorage.setItem("visit", "1");</script>
<script async src="https://`+gtmHost+`/gtag/js?id=G-TEST"></script>
<div style="height:3000px"></div><img loading="lazy" src="https://`+cdnHost+`/bottom.png" alt="">
`+shopFooter))
	})
	for _, p := range []string{"/products", "/about", "/contact", "/terms", "/products/shoes", "/privacy-policy"} {
		p := p
		shop.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			body := `<h1>` + p + `</h1><a href="/products/shoes">Shoes</a> <a href="/">Home</a>`
			if p == "/privacy-policy" {
				body = `<h1>Privacy policy</h1><p>We do not use advertising cookies.</p><div id="more"></div><script>document.getElementById("more").textContent = "We use Plausible for cookieless analytics.";</script>`
			}
			html(w, doc("Shop "+p, body+shopFooter))
		})
	}
	site.Handle(shopHost, shop)

	site.Handle(gtmHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, `(function(){
  document.cookie = "_ga=GA1.1.12345.67890; path=/; max-age=63072000";
  navigator.sendBeacon("https://`+gaHost+`/g/collect?v=2&tid=G-TEST", "en=page_view");
})();`)
	}))
	site.Handle(gaHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	site.Handle(pixelHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "uid=42; Path=/; Max-Age=3600; Secure; SameSite=None")
		w.Header().Set("Content-Type", "image/gif")
		w.Write(gif)
	}))
	site.Handle(cdnHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write(gif)
	}))
	chat := http.NewServeMux()
	chat.HandleFunc("/frame", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "chat_sid=9; Path=/; Secure; SameSite=None")
		html(w, doc("chat", `<script src="/widget.js"></script>`))
	})
	chat.HandleFunc("/widget.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, `document.cookie = "chat_seen=1; path=/; Secure; SameSite=None"; localStorage.setItem("chat_state", "open"); fetch("https://`+chatAPI+`/poll", {mode: "no-cors"});`)
	})
	site.Handle(chatHost, chat)
	site.Handle(chatAPI, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "{}") }))

	site.Handle(plainHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Plain", `<p>plain http</p><img src="http://`+cdnHost+`/x.png"><a href="/privacy">Privacy</a>`))
	}))
	site.Handle(hangHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	site.Handle(loopHost, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+loopHost+"/again", http.StatusFound)
	}))
	site.Handle(noPolicy, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/privacy" {
			html(w, doc("Soft 404", "<p>Page not found</p>"))
			return
		}
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		html(w, doc("No policy", `<p>nothing here</p>`))
	}))
	site.Handle(pathPolicy, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/privacy" {
			html(w, doc("Privacy", `<p>Our privacy notice.</p>`))
			return
		}
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		html(w, doc("Path policy", `<a href="/shop">Shop</a>`))
	}))
	site.Handle("hostile.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Hostile", `<script>alert("hi"); confirm("sure?"); prompt("name?"); window.open("https://`+cdnHost+`/popup"); </script><p>after dialogs</p>`))
	}))
	site.Handle("many.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		html(w, doc("Many", `<script>for (let i = 0; i < 60; i++) fetch("/r" + i);</script>`))
	}))
	site.Handle("mixed.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Mixed", `<img src="http://`+cdnHost+`/mixed.gif"><script src="http://`+cdnHost+`/mixed.js"></script>`))
	}))
	site.Handle("ws.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/socket" {
			acceptWebSocket(w, r)
			return
		}
		html(w, doc("WS", `<script>const s = new WebSocket("wss://ws.test/socket"); const e = new EventSource("/events");</script>`))
	}))
	site.Handle("old-brand.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://www.new-brand.test/", http.StatusMovedPermanently)
	}))
	site.Handle("www.new-brand.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/logo.gif" {
			w.Header().Set("Set-Cookie", "brand=1; Path=/")
			w.Write(gif)
			return
		}
		html(w, doc("New brand", `<img src="/logo.gif"><a href="/shop">Shop</a>`))
	}))
	site.Handle("busy.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("Busy", `<script>setTimeout(() => { for (;;) {} }, 50);</script><p>busy</p>`))
	}))
}

// acceptWebSocket answers a WebSocket handshake and then holds the
// connection open until the client goes away.
func acceptWebSocket(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Sec-WebSocket-Key")
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "no hijack", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", base64.StdEncoding.EncodeToString(h[:]))
	buf.Flush()
	io.Copy(io.Discard, conn)
}

// gif is a 1x1 transparent GIF.
var gif = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
