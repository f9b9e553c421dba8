package audit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/testsite"
)

// TestCloseAfterInterruptedScans starts a browser of its own, interrupts
// one scan mid-navigation by cancelling its context and closes the browser
// under another that is still loading. Each scan must return promptly with
// its partial result, and Close must leave no process of the browser's
// tree and no profile behind.
func TestCloseAfterInterruptedScans(t *testing.T) {
	t.Parallel()
	lctx, lcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer lcancel()
	b, err := Launch(lctx, BrowserOptions{HostResolverRules: env.site.ResolverRules(extraRules...), Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	profile := b.ProfileDir()
	if st, err := os.Stat(profile); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("profile %s: %v %v, want a private 0700 folder", profile, st, err)
	}
	if st, err := os.Stat(filepath.Join(profile, "Default", "Preferences")); err != nil || st.Mode().Perm()&0o077 != 0 {
		t.Errorf("profile preferences: %v %v, want no access for others", st, err)
	}

	// Cancelled while the landing page is loading.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	done := make(chan scanOutcome, 1)
	go func() {
		r, err := b.Scan(ctx, "https://"+hangHost+"/cancelled", ScanOptions{Pages: 1, Timeout: 60 * time.Second})
		done <- scanOutcome{r: r, err: err, took: time.Since(start)}
	}()
	waitHit(t, hangHost, "/cancelled")
	cancel()
	o := waitScan(t, done, 10*time.Second)
	if o.err == nil || !strings.Contains(o.err.Error(), "interrupted") {
		t.Errorf("err = %v, want interrupted", o.err)
	}
	if !hasStage(o.r, "interrupted") || len(o.r.Pages) != 1 {
		t.Errorf("partial result: pages %+v errors %+v", o.r.Pages, o.r.Errors)
	}

	// Still loading when the browser is closed under it.
	done = make(chan scanOutcome, 1)
	start = time.Now()
	go func() {
		r, err := b.Scan(context.Background(), "https://"+hangHost+"/closed", ScanOptions{Pages: 1, Timeout: 60 * time.Second})
		done <- scanOutcome{r: r, err: err, took: time.Since(start)}
	}()
	waitHit(t, hangHost, "/closed")
	tree := append(testsite.ChromiumDescendants(b.PID()), b.PID())
	if len(tree) < 3 {
		t.Errorf("browser process tree %v: want the browser and its helpers", tree)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	o = waitScan(t, done, 10*time.Second)
	if o.err == nil || o.r == nil {
		t.Errorf("scan under a closed browser: err %v, result %v", o.err, o.r)
	}
	for _, pid := range tree {
		if alive(pid) {
			t.Errorf("process %d of the browser's tree is still running after Close", pid)
		}
	}
	if left := ProcessesUsing(profile); len(left) > 0 {
		t.Errorf("processes using the profile after Close: %v", left)
	}
	if _, err := os.Stat(profile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile %s not removed: %v", profile, err)
	}
}

// waitHit waits until the fixture site has served host's path.
func waitHit(t *testing.T, host, path string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, h := range env.site.HitsFor(host) {
			if h.Path == path {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the scan never asked %s for %s", host, path)
}

// waitScan waits at most limit for a scan to return.
func waitScan(t *testing.T, done <-chan scanOutcome, limit time.Duration) scanOutcome {
	t.Helper()
	select {
	case o := <-done:
		return o
	case <-time.After(limit):
		t.Fatalf("the scan did not return within %s", limit)
		return scanOutcome{}
	}
}

func hasStage(r *result.Result, stage string) bool {
	for _, e := range r.Errors {
		if e.Stage == stage {
			return true
		}
	}
	return false
}

// alive says whether pid is a live, non-zombie process.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	s := string(stat)
	end := strings.LastIndexByte(s, ')')
	return end < 0 || !strings.HasPrefix(strings.TrimSpace(s[end+1:]), "Z")
}
