// Package demo is Candor's built-in demo: a small outdoor shop, Acme
// Outdoor, with a privacy policy that makes promises the site breaks, and
// the third parties it loads (a Google tag, a Meta pixel, Plausible,
// Cloudflare's CDN, Cloudinary images) served under their real host names.
// Everything is embedded and served on loopback, so `candor demo` shows
// the whole product on a machine with no internet.
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/candor-audit/candor/internal/testsite"
)

// ShopHost is the demo shop's host name.
const ShopHost = "www.acme-outdoor.example"

// URL is the address of the demo shop's home page.
const URL = "https://" + ShopHost + "/"

//go:embed site
var files embed.FS

// Site is the running demo: the shop and its third parties on loopback.
type Site struct {
	srv *testsite.Site
}

// Start serves the demo site on ephemeral loopback ports (HTTP and HTTPS,
// with a certificate made at start).
func Start() (*Site, error) {
	srv, err := testsite.Start()
	if err != nil {
		return nil, fmt.Errorf("start demo site: %w", err)
	}
	root, err := fs.Sub(files, "site")
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("start demo site: %w", err)
	}
	entries, err := fs.ReadDir(root, ".")
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("start demo site: %w", err)
	}
	for _, e := range entries {
		host := e.Name()
		sub, err := fs.Sub(root, host)
		if err != nil {
			srv.Close()
			return nil, fmt.Errorf("start demo site: %w", err)
		}
		switch host {
		case "shop":
			srv.Handle(ShopHost, shop(sub))
		case "plausible.io":
			srv.Handle(host, plausible(static(sub)))
		default:
			srv.Handle(host, static(sub))
		}
	}
	srv.Handle("www.google-analytics.com", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	srv.Handle("www.facebook.com", http.HandlerFunc(pixel))
	return &Site{srv: srv}, nil
}

// ResolverRules returns the Chromium --host-resolver-rules that send the
// demo's host names (and only those) to the loopback servers.
func (s *Site) ResolverRules() string { return s.srv.ResolverRules() }

// Close stops the servers.
func (s *Site) Close() error { return s.srv.Close() }

// shop serves the shop's pages: "/about" from about.html, with the
// session cookie and security headers a real shop would send, and a
// redirect from http to https.
func shop(files fs.FS) http.Handler {
	fsrv := http.FileServer(http.FS(files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil {
			http.Redirect(w, r, "https://"+ShopHost+r.URL.RequestURI(), http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Strict-Transport-Security", "max-age=15552000")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "strict-origin-when-cross-origin")
		p := r.URL.Path
		if p == "/" || path.Ext(p) == "" {
			name := strings.TrimPrefix(p, "/") + ".html"
			if p == "/" {
				name = "index.html"
			}
			data, err := fs.ReadFile(files, name)
			if err != nil {
				http.NotFound(w, r)
				return
			}
			if _, err := r.Cookie("acme_session"); err != nil {
				http.SetCookie(w, &http.Cookie{Name: "acme_session", Value: "s3ss10n", Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(data)
			return
		}
		fsrv.ServeHTTP(w, r)
	})
}

// static serves a third party's files, with the right type for a script
// path that has no extension (such as /gtag/js).
func static(files fs.FS) http.Handler {
	fsrv := http.FileServer(http.FS(files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if path.Ext(r.URL.Path) == "" || path.Ext(r.URL.Path) == ".js" {
			w.Header().Set("Content-Type", "application/javascript")
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
		fsrv.ServeHTTP(w, r)
	})
}

// pixel is the Meta tracking pixel: a 1x1 GIF that sets a third-party
// advertising cookie.
func pixel(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Set-Cookie", "fr=0demo.1234567890; Path=/; Domain=.facebook.com; Max-Age=7776000; Secure; HttpOnly; SameSite=None")
	w.Header().Set("Content-Type", "image/gif")
	w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
}

// plausible answers Plausible's event endpoint and serves its script.
func plausible(files http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/event" {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			w.WriteHeader(http.StatusAccepted)
			return
		}
		files.ServeHTTP(w, r)
	})
}
