// Package tlsprobe asks a server whether it still completes a handshake
// with the deprecated TLS 1.0 and TLS 1.1 protocols.
//
// Go's crypto/tls defaults to a TLS 1.2 minimum on both sides (since Go
// 1.22; GODEBUG tls10server=1 restores 1.0 for servers only). That default
// applies only when Config.MinVersion is zero, so the probe sets MinVersion
// and MaxVersion explicitly to the one version it tests and needs no
// GODEBUG setting. It offers every cipher suite Go implements, including
// those Go marks insecure, because old servers often only have those.
//
// Limits, stated honestly: a server whose only TLS 1.0/1.1 cipher suites
// are ones Go does not implement (DHE key exchange, RC4, export suites)
// is reported as not accepting that version, and the probe does not check
// the certificate (it asks only which protocol versions are accepted).
package tlsprobe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"
)

// Options tune a probe. The zero value is usable.
type Options struct {
	// Timeout bounds each handshake attempt; zero means 10 seconds.
	Timeout time.Duration
	// ServerName is sent as SNI; empty means host.
	ServerName string
}

// The versions probed, oldest first, with the names results use (the
// same spelling as result.TLS.Protocol).
var legacy = []struct {
	version uint16
	name    string
}{
	{tls.VersionTLS10, "TLS 1.0"},
	{tls.VersionTLS11, "TLS 1.1"},
}

// LegacyVersions returns the legacy protocol versions ("TLS 1.0",
// "TLS 1.1") that host:port accepted, oldest first; an empty, non-nil
// slice when it refused both. It returns an error when the server could
// not be reached at all, so "could not check" is never mistaken for
// "refused".
func LegacyVersions(ctx context.Context, host string, port int, opts Options) ([]string, error) {
	if host == "" || port <= 0 || port > 65535 {
		return nil, fmt.Errorf("probe legacy TLS: need a host and a port in 1-65535, got %q:%d", host, port)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	sni := opts.ServerName
	if sni == "" && net.ParseIP(host) == nil {
		sni = host
	}
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	accepted := []string{}
	for _, v := range legacy {
		ok, err := try(ctx, addr, sni, v.version, opts.Timeout)
		if err != nil {
			return nil, fmt.Errorf("probe %s on %s: %w", v.name, addr, err)
		}
		if ok {
			accepted = append(accepted, v.name)
		}
	}
	return accepted, nil
}

// try reports whether a handshake at exactly version succeeded. A refused
// handshake is (false, nil); a failure to connect is an error.
func try(ctx context.Context, addr, sni string, version uint16, timeout time.Duration) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false, fmt.Errorf("connect: %w", err)
	}
	defer raw.Close()
	conn := tls.Client(raw, &tls.Config{
		ServerName:         sni,
		MinVersion:         version,
		MaxVersion:         version,
		CipherSuites:       allSuites(),
		InsecureSkipVerify: true, // only the protocol version is asked about
	})
	err = conn.HandshakeContext(ctx)
	if err == nil {
		_ = conn.Close()
		return conn.ConnectionState().Version == version, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, fmt.Errorf("handshake: %w", ctxErr)
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return false, fmt.Errorf("handshake: %w", err)
	}
	// An alert, a reset or a closed connection during the handshake is
	// the server declining this version.
	return false, nil
}

func allSuites() []uint16 {
	var ids []uint16
	for _, s := range tls.CipherSuites() {
		ids = append(ids, s.ID)
	}
	for _, s := range tls.InsecureCipherSuites() {
		ids = append(ids, s.ID)
	}
	return ids
}
