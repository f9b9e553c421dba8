package tlsprobe

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// serve starts a TLS server on 127.0.0.1 that accepts only versions
// min..max and returns its host and port.
func serve(t *testing.T, min, max uint16) (string, int) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	srv.TLS = &tls.Config{MinVersion: min, MaxVersion: max}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	return u.Hostname(), port
}

func TestLegacyVersions(t *testing.T) {
	tests := []struct {
		name     string
		min, max uint16
		want     []string
	}{
		{"only 1.0 and 1.1", tls.VersionTLS10, tls.VersionTLS11, []string{"TLS 1.0", "TLS 1.1"}},
		{"only 1.0", tls.VersionTLS10, tls.VersionTLS10, []string{"TLS 1.0"}},
		{"1.1 to 1.3", tls.VersionTLS11, tls.VersionTLS13, []string{"TLS 1.1"}},
		{"1.2 and up", tls.VersionTLS12, tls.VersionTLS13, []string{}},
		{"only 1.3", tls.VersionTLS13, tls.VersionTLS13, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host, port := serve(t, tt.min, tt.max)
			got, err := LegacyVersions(context.Background(), host, port, Options{Timeout: 5 * time.Second})
			if err != nil {
				t.Fatalf("LegacyVersions: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LegacyVersions = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLegacyVersionsUnreachable(t *testing.T) {
	// A port that was just free: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	got, err := LegacyVersions(context.Background(), "127.0.0.1", port, Options{Timeout: 2 * time.Second})
	if err == nil {
		t.Fatalf("LegacyVersions on a closed port = %q, want an error (could not check is not refused)", got)
	}
}

func TestLegacyVersionsSilentServerTimesOut(t *testing.T) {
	// Accepts TCP but never answers the handshake.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	port := l.Addr().(*net.TCPAddr).Port
	if _, err := LegacyVersions(context.Background(), "127.0.0.1", port, Options{Timeout: 300 * time.Millisecond}); err == nil {
		t.Fatal("silent server: want a timeout error")
	}
}

func TestLegacyVersionsHonoursContext(t *testing.T) {
	host, port := serve(t, tls.VersionTLS10, tls.VersionTLS11)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LegacyVersions(ctx, host, port, Options{}); err == nil {
		t.Fatal("cancelled context: want an error")
	}
}

func TestLegacyVersionsBadInput(t *testing.T) {
	for _, tt := range []struct {
		host string
		port int
	}{{"", 443}, {"example.org", 0}, {"example.org", 70000}} {
		if _, err := LegacyVersions(context.Background(), tt.host, tt.port, Options{}); err == nil {
			t.Errorf("LegacyVersions(%q, %d): want an error", tt.host, tt.port)
		}
	}
}
