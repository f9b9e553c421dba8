package audit

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTLSFailureWithoutInsecure starts a second browser that checks
// certificates: the fixture's self-signed certificate must fail the scan
// with a TLS error that points to --insecure, and Close must leave nothing.
func TestTLSFailureWithoutInsecure(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Launch(ctx, BrowserOptions{HostResolverRules: env.site.ResolverRules(extraRules...)})
	if err != nil {
		t.Fatal(err)
	}
	profile := b.ProfileDir()
	if st, err := os.Stat(profile); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("profile %s: %v %v, want a 0700 folder", profile, st, err)
	}
	if strings.Contains(b.UserAgent(), "Headless") || !strings.Contains(b.UserAgent(), "Chrome/") {
		t.Errorf("user agent %q", b.UserAgent())
	}
	r, err := b.Scan(ctx, shopHost, ScanOptions{Pages: 1, Wait: 300 * time.Millisecond})
	var se *ScanError
	if !errors.As(err, &se) || !strings.Contains(se.Cause, "--insecure") || !strings.Contains(se.Cause, "ERR_CERT") {
		t.Errorf("err = %v, want a certificate error that names --insecure", err)
	}
	if r.Options.Insecure {
		t.Errorf("result says insecure")
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if left := ProcessesUsing(profile); len(left) > 0 {
		t.Errorf("processes left after Close: %v", left)
	}
	if _, err := os.Stat(profile); !os.IsNotExist(err) {
		t.Errorf("profile %s not removed: %v", profile, err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestUserAgentSeenBySite checks that the user agent the site sees is the
// one asked for, and the default one has no "HeadlessChrome".
func TestUserAgentSeenBySite(t *testing.T) {
	r, err := scanFixture(t, noPolicy, ScanOptions{Pages: 1, Wait: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.Browser.UserAgent, "Headless") || r.Browser.Product == "" {
		t.Errorf("browser = %+v", r.Browser)
	}
	// Every request of the scan, the http:// check's included.
	n := 0
	for _, h := range env.site.HitsFor(noPolicy) {
		if h.Time.Before(r.StartedAt) {
			continue
		}
		n++
		if h.UserAgent != r.Browser.UserAgent {
			t.Errorf("%s://%s%s: site saw %q, result says %q", h.Scheme, h.Host, h.Path, h.UserAgent, r.Browser.UserAgent)
		}
	}
	if n < 2 {
		t.Errorf("%d requests seen, want the page and the http:// check", n)
	}
}

// TestRemoteBrowser attaches to a Chromium started outside Candor through
// its DevTools address, scans with it, and leaves it running.
func TestRemoteBrowser(t *testing.T) {
	exe, err := FindBrowser("", os.Getenv("CANDOR_BROWSER"))
	if err != nil {
		t.Skip(err)
	}
	dir, err := os.MkdirTemp("", "candor-remote-test-")
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--headless", "--no-first-run", "--remote-debugging-port=0", "--user-data-dir=" + dir,
		"--ignore-certificate-errors", "--host-resolver-rules=" + env.site.ResolverRules(extraRules...), "about:blank"}
	if os.Getuid() == 0 {
		args = append([]string{"--no-sandbox"}, args...)
	}
	cmd := exec.Command(exe, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		if err := (&profile{dir: dir}).remove(); err != nil {
			t.Error(err)
		}
	}()
	ws := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "DevTools listening on "); ok {
				ws <- u
			}
		}
	}()
	var wsURL string
	select {
	case wsURL = <-ws:
	case <-time.After(15 * time.Second):
		t.Fatal("no DevTools address from Chromium")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Launch(ctx, BrowserOptions{RemoteURL: wsURL})
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.Scan(ctx, shopHost, ScanOptions{Pages: 1, Wait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Browser.Remote || findCookie(r, "_ga") == nil || b.PID() != 0 || b.ProfileDir() != "" {
		t.Errorf("remote scan: browser %+v, cookies %d", r.Browser, len(r.Cookies))
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if cmd.ProcessState != nil || cmd.Process.Signal(syscallZero()) != nil {
		t.Errorf("Close stopped a browser Candor did not start")
	}
}

func syscallZero() os.Signal { return syscall.Signal(0) }
