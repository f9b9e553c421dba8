package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/batch"
	"github.com/candor-audit/candor/internal/result"
)

// TestScanManySites runs `candor scan` over a list file with --out-dir and
// JSON Lines, through its own browser, as a scheduled job would.
func TestScanManySites(t *testing.T) {
	site, _ := startScanFixture(t) // its cleanup also checks that no Chromium is left
	dir := t.TempDir()
	list := filepath.Join(dir, "sites.txt")
	if err := os.WriteFile(list, []byte("# two shops and a mistake\nwww.cli-shop.test\n\nhttps://www.cli-shop.test/\njavascript:alert(1)\nrefused.test\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	rules := site.ResolverRules("MAP refused.test:443 127.0.0.1:1")
	code, stdout, stderr := runScanCLI(t, &Factory{}, "scan", "-i", list, "--out-dir", out, "-f", "jsonl",
		"--host-resolver-rules", rules, "--insecure", "--pages", "1", "--wait", "500ms", "-c", "2", "--fail-on", "none")
	// refused.test cannot be scanned: exit 2, after everything was written.
	if code != ExitError {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitError, stderr)
	}
	if !strings.Contains(stderr, "sites.txt:5") || !strings.Contains(stderr, "1 of 2 sites could not be scanned") {
		t.Errorf("stderr does not name the bad line and the failed site:\n%s", stderr)
	}
	var lines []*result.Result
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		r, err := result.Decode(strings.NewReader(sc.Text()))
		if err != nil {
			t.Fatalf("a JSONL line is not a result: %v", err)
		}
		lines = append(lines, r)
	}
	if len(lines) != 2 {
		t.Fatalf("%d JSON lines, want 2 (duplicates removed, bad line skipped)", len(lines))
	}
	shop := batch.SiteDir(out, "https://www.cli-shop.test/")
	for _, name := range []string{"result.json", "report.md", "site.json"} {
		if _, err := os.Stat(filepath.Join(shop, name)); err != nil {
			t.Errorf("site folder lacks %s: %v", name, err)
		}
	}
	r, err := result.ReadFile(filepath.Join(shop, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Summary == nil || len(r.Findings) == 0 {
		t.Errorf("the site's result was not judged: summary %+v, %d findings", r.Summary, len(r.Findings))
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.md"))
	if err != nil || !strings.Contains(string(summary), "2 sites: 1 ok, 1 failed") {
		t.Errorf("summary.md: %v\n%s", err, summary)
	}

	// --resume skips the complete site and scans only the failed one again.
	code, stdout, _ = runScanCLI(t, &Factory{}, "scan", "-i", list, "--out-dir", out, "--resume",
		"--host-resolver-rules", rules, "--insecure", "--pages", "1", "--wait", "500ms", "--fail-on", "none")
	if code != ExitError || !strings.Contains(stdout, "1 skipped") {
		t.Errorf("resume: exit %d, summary:\n%s", code, stdout)
	}
}

func TestScanManyBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no targets", []string{"scan"}, "no site to scan"},
		{"output with many", []string{"scan", "a.example", "b.example", "-o", "x.json"}, "--out-dir"},
		{"resume without out-dir", []string{"scan", "-i", "-", "--resume"}, "--resume needs --out-dir"},
		{"sarif for many", []string{"scan", "a.example", "b.example", "-f", "sarif"}, "with many sites"},
		{"bad shard", []string{"scan", "a.example", "b.example", "--shard", "5/4"}, "--shard"},
		{"negative restart", []string{"scan", "a.example", "b.example", "--restart-every", "-1"}, "--restart-every -1"},
		{"negative concurrency", []string{"scan", "a.example", "b.example", "-c", "-2"}, "--concurrency -2"},
		{"empty list", []string{"scan", "-i", "-"}, "no sites to scan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runScanCLI(t, &Factory{}, tt.args...)
			if code != ExitError || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

// TestScanManyWithoutBrowser checks that a run whose browser cannot start
// prints only the error: no empty summary on stdout.
func TestScanManyWithoutBrowser(t *testing.T) {
	code, stdout, stderr := runScanCLI(t, &Factory{}, "scan", "a.example", "b.example", "--browser", "/no/such/chromium")
	if code != ExitError || stdout != "" || !strings.Contains(stderr, "/no/such/chromium") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2, nothing on stdout, and the browser path named", code, stdout, stderr)
	}
}
