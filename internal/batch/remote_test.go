package batch

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
)

// startRemoteChromium starts a Chromium that this test, not audit, owns,
// with a DevTools port picked by the browser, and returns its websocket
// URL. The browser is killed (its whole process group) at cleanup.
func startRemoteChromium(t *testing.T) string {
	t.Helper()
	exe, err := audit.FindBrowser("", os.Getenv("CANDOR_BROWSER"))
	if err != nil {
		t.Skip(err)
	}
	profile := t.TempDir()
	args := append([]string{
		"--headless", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
		"--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-quic", "--disable-dev-shm-usage", "about:blank",
	}, env.site.ChromeFlags()...)
	if os.Getuid() == 0 {
		args = append(args, "--no-sandbox")
	}
	cmd := exec.Command(exe, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if _, ws, ok := strings.Cut(sc.Text(), "DevTools listening on "); ok {
				found <- strings.TrimSpace(ws)
				break
			}
		}
		io.Copy(io.Discard, stderr) // keep the pipe drained
	}()
	select {
	case ws := <-found:
		return ws
	case <-time.After(20 * time.Second):
		t.Fatal("the remote Chromium did not print its DevTools URL")
		return ""
	}
}

func TestRemoteBrowser(t *testing.T) {
	ws := startRemoteChromium(t)
	if !strings.HasPrefix(ws, "ws://127.0.0.1:") {
		t.Fatalf("DevTools URL %q", ws)
	}
	var jsonl bytes.Buffer
	cfg := testConfig()
	cfg.Close = nil // disconnects only: the browser is the test's
	cfg.Launch = func(ctx context.Context) (*audit.Browser, error) {
		return audit.Launch(ctx, audit.BrowserOptions{RemoteURL: ws})
	}
	cfg.JSONL = &jsonl
	targets := append(sites(45, 48), "https://iso-c.test/")
	sum, err := Run(context.Background(), cfg, targets)
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != len(targets) {
		t.Fatalf("ok %d of %d through the remote browser: %+v", sum.OK, len(targets), sum.Sites)
	}
	for _, line := range bytes.Split(bytes.TrimSpace(jsonl.Bytes()), []byte("\n")) {
		r, err := result.Decode(bytes.NewReader(line))
		if err != nil {
			t.Fatal(err)
		}
		if !r.Browser.Remote {
			t.Errorf("%s: result does not say the browser was remote", r.Target)
		}
		if len(r.Pages) == 0 || r.Pages[0].Status != 200 {
			t.Errorf("%s: pages %+v", r.Target, r.Pages)
		}
	}
	// The remote browser outlives the run: Candor only disconnected.
	if err := probeDevTools(ws); err != nil {
		t.Errorf("remote browser gone after the run: %v", err)
	}
}

// probeDevTools attaches once more to the browser at ws.
func probeDevTools(ws string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := audit.Launch(ctx, audit.BrowserOptions{RemoteURL: ws})
	if err != nil {
		return fmt.Errorf("attach: %w", err)
	}
	return b.Close()
}
