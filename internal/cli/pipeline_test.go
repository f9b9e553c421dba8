package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
)

// TestScanJudgesAndGates runs the whole pipeline: a real scan, the policy
// reader on a --policy file, classification, the checks, the gate and the
// report writers.
func TestScanJudgesAndGates(t *testing.T) {
	_, b := startScanFixture(t)
	f := &Factory{Launch: func(ctx context.Context, opts audit.BrowserOptions) (Scanner, error) {
		return sharedScanner{b}, nil
	}}
	dir := t.TempDir()
	policy := filepath.Join(dir, "privacy.txt")
	if err := os.WriteFile(policy, []byte("Privacy\n\nWe do not use analytics on this website. We use Cloudflare to serve the site.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"scan", "www.cli-shop.test", "--pages", "1", "--wait", "500ms", "--policy", policy}

	tests := []struct {
		name     string
		args     []string
		wantCode int
		check    func(t *testing.T, out, file string)
	}{
		{
			name:     "broken claim fails by default",
			args:     []string{"-o", "result.json"},
			wantCode: ExitFindings,
			check: func(t *testing.T, _, file string) {
				r, err := result.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				var broken *result.Finding
				for i, fd := range r.Findings {
					if fd.Check == "CANDOR-CLAIM-NO-ANALYTICS" {
						broken = &r.Findings[i]
					}
				}
				if broken == nil || broken.Outcome != result.OutcomeBroken {
					t.Fatalf("no broken no-analytics finding in %+v", r.Findings)
				}
				if broken.Claim == nil || !strings.Contains(broken.Claim.Quote, "We do not use analytics") {
					t.Errorf("claim = %+v", broken.Claim)
				}
				ev := false
				for _, e := range broken.Evidence {
					ev = ev || (e.Kind == "cookie" && e.Name == "_ga")
				}
				if !ev {
					t.Errorf("evidence lacks the _ga cookie: %+v", broken.Evidence)
				}
				if r.Summary == nil || r.Summary.Broken == 0 {
					t.Errorf("summary = %+v", r.Summary)
				}
				if r.Policy.FoundBy != "flag" || len(r.Policy.Claims) == 0 {
					t.Errorf("policy = %+v", r.Policy)
				}
			},
		},
		{
			name:     "fail-on none exits 0 and markdown follows the extension",
			args:     []string{"--fail-on", "none", "-o", "report.md"},
			wantCode: ExitOK,
			check: func(t *testing.T, _, file string) {
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(string(data), "#") || !strings.Contains(string(data), "We do not use analytics") {
					t.Errorf("report.md is not the Markdown report:\n%.400s", data)
				}
			},
		},
		{
			name:     "exit-code picks the code",
			args:     []string{"--exit-code", "7", "-f", "sarif"},
			wantCode: 7,
			check: func(t *testing.T, out, _ string) {
				if !strings.Contains(out, `"version": "2.1.0"`) || !strings.Contains(out, "CANDOR-CLAIM-NO-ANALYTICS") {
					t.Errorf("stdout is not SARIF naming the broken claim:\n%.400s", out)
				}
			},
		},
		{
			name:     "table on stdout by default",
			args:     []string{"--fail-on", "none"},
			wantCode: ExitOK,
			check: func(t *testing.T, out, _ string) {
				if !strings.Contains(out, "BROKEN CLAIMS") || strings.Contains(out, "\x1b[") {
					t.Errorf("stdout is not a plain table:\n%.400s", out)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, base...), tt.args...)
			file := ""
			for i, a := range args {
				if a == "-o" {
					file = filepath.Join(t.TempDir(), args[i+1])
					args[i+1] = file
				}
			}
			code, out, stderr := runScanCLI(t, f, args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr)
			}
			tt.check(t, out, file)
		})
	}
}

func TestScanFormatFromOutput(t *testing.T) {
	tests := []struct{ format, output, want string }{
		{"", "", "table"},
		{"", "r.json", "json"},
		{"", "r.MD", "markdown"},
		{"", "x.sarif", "sarif"},
		{"", "x.txt", "table"},
		{"json", "x.md", "json"},
	}
	for _, tt := range tests {
		s := scanFlags{Format: tt.format, Output: tt.output}
		if got := s.format(); got != tt.want {
			t.Errorf("format(%q, %q) = %q, want %q", tt.format, tt.output, got, tt.want)
		}
	}
}
