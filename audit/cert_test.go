package audit

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCA is a private certificate authority for the certificate tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Candor Test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &testCA{cert: cert, key: key}
}

// leaf issues a server certificate for names, valid from notBefore to
// notAfter, signed by ca or, with selfSigned, by itself.
func (ca *testCA) leaf(t *testing.T, serial int64, names []string, notBefore, notAfter time.Time, selfSigned bool) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	parent, signer := ca.cert, any(ca.key)
	if selfSigned {
		parent, signer = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// trustingHome makes a home folder whose NSS certificate database
// (~/.pki/nssdb, which Chromium on Linux reads) trusts ca. It needs
// certutil (Debian: libnss3-tools), which .ci/run installs.
func trustingHome(t *testing.T, ca *testCA) string {
	t.Helper()
	certutil, err := exec.LookPath("certutil")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("certutil is missing: .ci/run installs it (apt-get install libnss3-tools)")
		}
		t.Skip("certutil not found (apt-get install libnss3-tools); needed to make Chromium trust a test CA")
	}
	home := t.TempDir()
	db := filepath.Join(home, ".pki", "nssdb")
	if err := os.MkdirAll(db, 0o700); err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(home, "ca.der")
	if err := os.WriteFile(caFile, ca.cert.Raw, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-N", "-d", "sql:" + db, "--empty-password"},
		{"-A", "-d", "sql:" + db, "-n", "candor-test-ca", "-t", "C,,", "-i", caFile},
	} {
		if out, err := exec.Command(certutil, args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v: %s", args, err, out)
		}
	}
	return home
}

// TestCertificateErrors scans sites whose certificates are expired, for
// another host, or self-signed, with a browser that trusts the test CA —
// so each error is the real one, not the missing trust that would mask it
// — and a site with a good certificate from the same CA as the control.
// Each failure is a one-line error naming the URL and the cause, and the
// result says what was attempted.
func TestCertificateErrors(t *testing.T) {
	ca := newTestCA(t)
	home := trustingHome(t, ca)
	now := time.Now()
	certs := map[string]tls.Certificate{
		"good.test":       ca.leaf(t, 2, []string{"good.test"}, now.Add(-time.Hour), now.Add(24*time.Hour), false),
		"expired.test":    ca.leaf(t, 3, []string{"expired.test"}, now.Add(-72*time.Hour), now.Add(-24*time.Hour), false),
		"wronghost.test":  ca.leaf(t, 4, []string{"other-name.test"}, now.Add(-time.Hour), now.Add(24*time.Hour), false),
		"selfsigned.test": ca.leaf(t, 5, []string{"selfsigned.test"}, now.Add(-time.Hour), now.Add(24*time.Hour), true),
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			html(w, doc("secure", "<h1>secure</h1>"))
		}),
		TLSConfig: &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			c, ok := certs[hello.ServerName]
			if !ok {
				return nil, fmt.Errorf("no certificate for %q", hello.ServerName)
			}
			return &c, nil
		}},
		ErrorLog: log.New(io.Discard, "", 0), // refused handshakes are the point
	}
	go srv.ServeTLS(ln, "", "")
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	rules := fmt.Sprintf("MAP *:443 %s, MAP * ~NOTFOUND", ln.Addr())
	b, err := Launch(ctx, BrowserOptions{HostResolverRules: rules, Env: []string{"HOME=" + home}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	for _, tc := range []struct {
		host, want string // want: "" for a scan that works
	}{
		{"good.test", ""},
		{"expired.test", "has expired or is not valid yet; use --insecure to scan anyway (net::ERR_CERT_DATE_INVALID)"},
		{"wronghost.test", "is for another host name; use --insecure to scan anyway (net::ERR_CERT_COMMON_NAME_INVALID)"},
		{"selfsigned.test", "not signed by an authority the browser trusts (self-signed or a private authority); use --insecure to scan anyway (net::ERR_CERT_AUTHORITY_INVALID)"},
	} {
		t.Run(tc.host, func(t *testing.T) {
			r, err := b.Scan(ctx, tc.host, ScanOptions{Pages: 1, Consent: ConsentOff, Wait: 300 * time.Millisecond, Timeout: 30 * time.Second})
			if tc.want == "" {
				if err != nil {
					t.Fatalf("a good certificate from the trusted CA: %v", err)
				}
				if r.Security.TLS == nil || r.Security.TLS.Issuer != "Candor Test CA" {
					t.Errorf("tls = %+v, want the test CA as issuer", r.Security.TLS)
				}
				return
			}
			var se *ScanError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *ScanError", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "scan https://"+tc.host+"/: ") || !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line naming https://%s/ and %q", msg, tc.host, tc.want)
			}
			if len(r.Pages) != 1 || !strings.Contains(r.Pages[0].Error, tc.want) {
				t.Errorf("pages = %+v, want the landing page with the cause", r.Pages)
			}
		})
	}
}
