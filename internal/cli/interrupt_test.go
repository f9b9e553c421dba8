package cli

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/testsite"
)

// TestHelperCandor is not a test: TestScanInterrupted runs the test binary
// again with CANDOR_HELPER_ARGS set, and then this runs candor's Main as a
// real process that can receive signals.
func TestHelperCandor(t *testing.T) {
	raw := os.Getenv("CANDOR_HELPER_ARGS")
	if raw == "" {
		t.Skip("helper process only")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		os.Exit(99)
	}
	os.Exit(Main(args, SystemIO()))
}

// TestScanInterrupted sends SIGINT or SIGTERM to a candor process in the
// middle of a scan: it must write the partial result, exit 130 or 143,
// stop Chromium and remove its temporary profile.
func TestScanInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser in a child process")
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, ExitSIGINT}, {syscall.SIGTERM, ExitSIGTERM}} {
		t.Run(tt.sig.String(), func(t *testing.T) { testInterrupted(t, tt.sig, tt.code) })
	}
}

func testInterrupted(t *testing.T, sig syscall.Signal, wantCode int) {
	site, err := testsite.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	site.Handle("hang.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))

	tmp := t.TempDir()
	out := filepath.Join(tmp, "partial.json")
	args, _ := json.Marshal([]string{"scan", "hang.test", "--insecure", "--timeout", "60s", "-o", out,
		"--host-resolver-rules", site.ResolverRules()})
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCandor$")
	cmd.Env = append(os.Environ(), "CANDOR_HELPER_ARGS="+string(args), "TMPDIR="+tmp)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the landing page's request (the http:// check comes first).
	landing := func() bool {
		for _, h := range site.HitsFor("hang.test") {
			if h.Scheme == "https" {
				return true
			}
		}
		return false
	}
	deadline := time.Now().Add(20 * time.Second)
	for !landing() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if !landing() {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the scan never reached the site; stderr: %s", stderr.String())
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("candor did not stop within 15s of %v", sig)
	}
	if code := cmd.ProcessState.ExitCode(); code != wantCode {
		t.Errorf("exit code %d, want %d; stderr: %s", code, wantCode, stderr.String())
	}
	r, err := result.ReadFile(out)
	if err != nil {
		t.Fatalf("no partial result: %v", err)
	}
	interrupted := false
	for _, e := range r.Errors {
		interrupted = interrupted || e.Stage == "interrupted"
	}
	if !interrupted || len(r.Pages) != 1 {
		t.Errorf("partial result: errors %+v pages %+v", r.Errors, r.Pages)
	}
	matches, _ := filepath.Glob(filepath.Join(tmp, "candor-profile-*"))
	if len(matches) > 0 {
		t.Errorf("temporary profile left behind: %v", matches)
	}
	var left []int
	for i := 0; i < 40; i++ {
		if left = testsite.ProcessesWithArg("--user-data-dir=" + tmp); len(left) == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(left) > 0 {
		t.Errorf("Chromium left running: %v", left)
	}
}
