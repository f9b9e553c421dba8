package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildCandor compiles cmd/candor into a temporary folder.
func buildCandor(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "candor")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/candor")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBinary runs bin with args and returns its exit code and stderr.
func runBinary(t *testing.T, bin string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errOut.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String(), errOut.String()
	}
	t.Fatalf("run %s: %v", bin, err)
	return -1, "", ""
}

func TestExitCodesBinary(t *testing.T) {
	bin := buildCandor(t)
	dir := t.TempDir()
	badIgnore := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badIgnore, []byte("ignore:\n  - id: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"clean at threshold", []string{"report", basicResult, "--fail-on", "critical"}, 0},
		{"broken claim, default threshold", []string{"report", basicResult}, 1},
		{"findings at severity", []string{"report", basicResult, "--fail-on", "medium", "-f", "sarif"}, 1},
		{"custom exit code", []string{"report", basicResult, "--exit-code", "4"}, 4},
		{"baseline hides known findings", []string{"report", basicResult, "--baseline", basicResult}, 0},
		{"unknown flag", []string{"report", basicResult, "--nope"}, 2},
		{"unknown command", []string{"repotr"}, 2},
		{"missing file", []string{"report", filepath.Join(dir, "none.json")}, 2},
		{"bad ignore file", []string{"report", basicResult, "--ignore-file", badIgnore}, 2},
		{"bad format", []string{"report", basicResult, "-f", "pdf"}, 2},
		{"diff worse", []string{"diff", oldResult, newResult}, 1},
		{"diff unchanged", []string{"diff", newResult, newResult}, 0},
		{"diff bad input", []string{"diff", oldResult, badIgnore}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runBinary(t, bin, []string{"NO_COLOR=1"}, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if tt.code == 2 && !strings.Contains(stderr, "candor:") {
				t.Errorf("an error exit says nothing: %q", stderr)
			}
		})
	}
}

// TestActionScript runs the GitHub Action's steps (scripts/action-run.sh)
// in its report mode, on a saved result: the scan step needs `candor scan`
// and a browser, the rest is the same script.
func TestActionScript(t *testing.T) {
	bin := buildCandor(t)
	script, err := filepath.Abs("../../scripts/action-run.sh")
	if err != nil {
		t.Fatal(err)
	}
	saved, err := filepath.Abs(basicResult)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		env      []string
		code     int
		report   string
		reportGo string // golden file the report must equal
	}{
		{"broken claim fails", []string{"CANDOR_FAIL_ON=broken"}, 1, "report.md", "basic.md"},
		{"fail-on none passes", []string{"CANDOR_FAIL_ON=none", "CANDOR_FORMAT=table"}, 0, "report.txt", "basic.txt"},
		{"baseline of itself passes", []string{"CANDOR_BASELINE=" + saved}, 0, "report.md", "basic.md"},
		{"missing baseline is skipped", []string{"CANDOR_BASELINE=/nonexistent/last.json"}, 1, "report.md", "basic.md"},
		{"sarif format", []string{"CANDOR_FORMAT=sarif", "CANDOR_FAIL_ON=critical"}, 0, "candor.sarif", "basic.sarif"},
		{"builds candor itself", []string{"CANDOR_BIN=", "CANDOR_FAIL_ON=none"}, 0, "report.md", "basic.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			outputs := filepath.Join(dir, "github_output")
			summary := filepath.Join(dir, "summary.md")
			env := append([]string{
				"NO_COLOR=1",
				"CANDOR_BIN=" + bin,
				"CANDOR_RESULT=" + saved,
				"CANDOR_OUTPUT_DIR=" + filepath.Join(dir, "out"),
				"GITHUB_OUTPUT=" + outputs,
				"GITHUB_STEP_SUMMARY=" + summary,
				"RUNNER_TEMP=" + dir,
			}, tt.env...)
			code, stdout, stderr := runBinary(t, "bash", env, script)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stdout, "VERDICT") {
				t.Error("the gate's table is not in the log")
			}
			b, err := os.ReadFile(outputs)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				k, v, _ := strings.Cut(line, "=")
				got[k] = v
			}
			out := filepath.Join(dir, "out")
			if got["bin"] == "" {
				t.Error("no bin output")
			}
			want := map[string]string{
				"result":    filepath.Join(out, "result.json"),
				"report":    filepath.Join(out, tt.report),
				"sarif":     filepath.Join(out, "candor.sarif"),
				"exit-code": strings.TrimSpace(string(rune('0' + tt.code))),
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("output %s = %q, want %q", k, got[k], v)
				}
			}
			report, err := os.ReadFile(got["report"])
			if err != nil {
				t.Fatal(err)
			}
			if string(report) != golden(t, tt.reportGo) {
				t.Errorf("%s is not the report of the saved result", got["report"])
			}
			if _, err := os.Stat(got["sarif"]); err != nil {
				t.Errorf("no SARIF: %v", err)
			}
			if s, err := os.ReadFile(summary); err != nil || string(s) != golden(t, "basic.md") {
				t.Errorf("job summary is not the Markdown report (%v)", err)
			}
		})
	}
}

func TestActionScriptErrors(t *testing.T) {
	bin := buildCandor(t)
	script, err := filepath.Abs("../../scripts/action-run.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, env := range map[string][]string{
		"no urls and no result": {"CANDOR_URLS="},
		"missing result":        {"CANDOR_RESULT=" + filepath.Join(dir, "none.json")},
		"bad format":            {"CANDOR_RESULT=" + basicResult, "CANDOR_FORMAT=pdf"},
	} {
		t.Run(name, func(t *testing.T) {
			env = append([]string{"CANDOR_BIN=" + bin, "CANDOR_OUTPUT_DIR=" + filepath.Join(dir, "out"), "GITHUB_OUTPUT=" + filepath.Join(dir, "o")}, env...)
			code, _, stderr := runBinary(t, "bash", env, script)
			if code != 2 || !strings.Contains(stderr, "candor action:") {
				t.Errorf("exit %d, stderr %q; want 2 with a message", code, stderr)
			}
		})
	}
}
