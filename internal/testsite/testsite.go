// Package testsite serves fixture web sites on loopback for browser tests
// and the demo. One Site runs an HTTP and an HTTPS server on 127.0.0.1 and
// hands each request to the handler registered for its Host header, so a
// single pair of ports can play "www.example-shop.test",
// "www.google-analytics.com", "connect.facebook.net" and any other host.
// Chromium reaches them under their real names through the host resolver
// rules that ResolverRules returns:
//
//	site, err := testsite.Start()
//	...
//	defer site.Close()
//	site.Handle("www.example-shop.test", shopHandler)
//	site.Handle("www.google-analytics.com", gaHandler)
//	flags := site.ChromeFlags() // pass to Chromium
//
// Hosts can be added while the servers run. A request for a host with no
// handler gets 404. Nothing here leaves the machine.
package testsite

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Hit is one request a Site served.
type Hit struct {
	Scheme    string // "http" or "https"
	Host      string // Host header without the port
	Method    string
	Path      string // path and query
	Cookie    string // the Cookie request header
	UserAgent string // the User-Agent request header
	Time      time.Time
}

// Site is a pair of loopback servers that dispatch by Host header.
type Site struct {
	httpLn, tlsLn net.Listener
	httpSrv       *http.Server
	tlsSrv        *http.Server

	mu    sync.RWMutex
	hosts map[string]http.Handler
	hits  []Hit
}

// Start starts the HTTP and HTTPS servers on ephemeral ports of 127.0.0.1.
// The HTTPS server uses a self-signed certificate made at start, so
// Chromium must ignore certificate errors (ChromeFlags does).
func Start() (*Site, error) {
	cert, err := SelfSigned("candor test site")
	if err != nil {
		return nil, err
	}
	s := &Site{hosts: map[string]http.Handler{}}
	s.httpLn, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("testsite: listen: %w", err)
	}
	rawTLS, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.httpLn.Close()
		return nil, fmt.Errorf("testsite: listen: %w", err)
	}
	s.tlsLn = tls.NewListener(rawTLS, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	s.httpSrv = &http.Server{Handler: s.dispatch("http"), ReadHeaderTimeout: 10 * time.Second, ErrorLog: quietLog()}
	s.tlsSrv = &http.Server{Handler: s.dispatch("https"), ReadHeaderTimeout: 10 * time.Second, ErrorLog: quietLog()}
	go s.httpSrv.Serve(s.httpLn)
	go s.tlsSrv.Serve(s.tlsLn)
	return s, nil
}

// Close stops both servers, cutting open connections (long polls included).
func (s *Site) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	e1 := s.httpSrv.Shutdown(ctx)
	e2 := s.tlsSrv.Shutdown(ctx)
	s.httpSrv.Close()
	s.tlsSrv.Close()
	if errors.Is(e1, context.DeadlineExceeded) {
		e1 = nil
	}
	if errors.Is(e2, context.DeadlineExceeded) {
		e2 = nil
	}
	return errors.Join(e1, e2)
}

// Handle serves host (a name without port, any case) with h on both the
// HTTP and the HTTPS server. A later call for the same host replaces h.
func (s *Site) Handle(host string, h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hosts[strings.ToLower(host)] = h
}

// HTTPPort returns the port of the plain HTTP server.
func (s *Site) HTTPPort() int { return s.httpLn.Addr().(*net.TCPAddr).Port }

// TLSPort returns the port of the HTTPS server.
func (s *Site) TLSPort() int { return s.tlsLn.Addr().(*net.TCPAddr).Port }

// ResolverRules returns the value for Chromium's --host-resolver-rules:
// extra rules first (e.g. "MAP refused.test 127.0.0.1:1"), then every
// host's port 443 to the HTTPS server and port 80 to the HTTP server, and
// every other name to NOTFOUND, so no request can leave the machine.
func (s *Site) ResolverRules(extra ...string) string {
	rules := append([]string{}, extra...)
	rules = append(rules,
		fmt.Sprintf("MAP *:443 127.0.0.1:%d", s.TLSPort()),
		fmt.Sprintf("MAP *:80 127.0.0.1:%d", s.HTTPPort()),
		"MAP * ~NOTFOUND",
	)
	return strings.Join(rules, ", ")
}

// ChromeFlags returns the Chromium command-line flags that route every host
// to this site and accept its self-signed certificate.
func (s *Site) ChromeFlags(extraRules ...string) []string {
	return []string{
		"--host-resolver-rules=" + s.ResolverRules(extraRules...),
		"--ignore-certificate-errors",
	}
}

// Hits returns a copy of the requests served so far, oldest first.
func (s *Site) Hits() []Hit {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Hit(nil), s.hits...)
}

// HitsFor returns the requests served for host.
func (s *Site) HitsFor(host string) []Hit {
	var out []Hit
	for _, h := range s.Hits() {
		if h.Host == strings.ToLower(host) {
			out = append(out, h)
		}
	}
	return out
}

func (s *Site) dispatch(scheme string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		s.mu.Lock()
		s.hits = append(s.hits, Hit{Scheme: scheme, Host: host, Method: r.Method, Path: r.URL.RequestURI(), Cookie: r.Header.Get("Cookie"), UserAgent: r.UserAgent(), Time: time.Now()})
		h := s.hosts[host]
		s.mu.Unlock()
		if h == nil {
			http.Error(w, "testsite: no handler for host "+host, http.StatusNotFound)
			return
		}
		h.ServeHTTP(w, r)
	})
}
