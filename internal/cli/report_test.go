package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fixtures owned by the reports and diff packages.
var (
	basicResult   = filepath.Join("..", "..", "reports", "testdata", "basic.json")
	hostileResult = filepath.Join("..", "..", "reports", "testdata", "hostile.json")
	goldenDir     = filepath.Join("..", "..", "reports", "testdata", "golden")
	oldResult     = filepath.Join("..", "diff", "testdata", "old.json")
	newResult     = filepath.Join("..", "diff", "testdata", "new.json")
)

type runOut struct {
	code        int
	out, errOut string
}

// runCLI runs candor in-process with its own streams; tty says whether
// stdout is a terminal.
func runCLI(t *testing.T, tty bool, stdin string, args ...string) runOut {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut, OutTTY: tty})
	return runOut{code, out.String(), errOut.String()}
}

func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReportFormats(t *testing.T) {
	tests := []struct {
		format, golden string
	}{
		{"markdown", "basic.md"},
		{"json", "basic.out.json"},
		{"sarif", "basic.sarif"},
		{"table", "basic.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			got := runCLI(t, false, "", "report", basicResult, "-f", tt.format, "--fail-on", "none")
			if got.code != ExitOK {
				t.Fatalf("exit %d: %s", got.code, got.errOut)
			}
			if got.out != golden(t, tt.golden) {
				t.Errorf("candor report -f %s differs from the writer's golden file %s", tt.format, tt.golden)
			}
		})
	}
}

// TestReportRoundTrip: the JSON a report writes, reported again, gives the
// same Markdown.
func TestReportRoundTrip(t *testing.T) {
	js := runCLI(t, false, "", "report", basicResult, "-f", "json", "--fail-on", "none")
	if js.code != 0 {
		t.Fatalf("exit %d: %s", js.code, js.errOut)
	}
	md := runCLI(t, false, js.out, "report", "-", "-f", "markdown", "--fail-on", "none")
	if md.code != 0 {
		t.Fatalf("exit %d: %s", md.code, md.errOut)
	}
	if md.out != golden(t, "basic.md") {
		t.Error("scan JSON -> report -> markdown is not the same document")
	}
}

func TestReportColour(t *testing.T) {
	tests := []struct {
		name    string
		tty     bool
		noColor bool
		args    []string
		color   bool
	}{
		{"terminal", true, false, nil, true},
		{"piped", false, false, nil, false},
		{"NO_COLOR", true, true, nil, false},
		{"to a file", true, false, []string{"-o", "FILE"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.noColor {
				t.Setenv("NO_COLOR", "1")
			} else {
				os.Unsetenv("NO_COLOR")
			}
			file := filepath.Join(t.TempDir(), "report.txt")
			args := []string{"report", hostileResult, "--fail-on", "none"}
			for _, a := range tt.args {
				if a == "FILE" {
					a = file
				}
				args = append(args, a)
			}
			got := runCLI(t, tt.tty, "", args...)
			if got.code != 0 {
				t.Fatalf("exit %d: %s", got.code, got.errOut)
			}
			text := got.out
			if len(tt.args) > 0 {
				b, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				text = string(b)
				if got.out != "" {
					t.Error("stdout should be empty with -o")
				}
			}
			if has := strings.Contains(text, "\x1b["); has != tt.color {
				t.Errorf("colour codes present = %v, want %v", has, tt.color)
			}
			// The hostile fixture's own sequences never reach the terminal.
			for _, bad := range []string{"\x1b[2J", "\x1b]8", "\x07", "\u202e"} {
				if strings.Contains(text, bad) {
					t.Errorf("output carries %q from the page", bad)
				}
			}
		})
	}
}

func TestReportGate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ignoreBroken := write("ignore.yaml", "ignore:\n  - id: \"CANDOR-CLAIM-NO-ANALYTICS:*\"\n    reason: analytics disclosed in the cookie banner\n")
	ignoreExpired := write("expired.yaml", "ignore:\n  - id: \"CANDOR-CLAIM-NO-ANALYTICS:*\"\n    reason: temporary\n    expires: 2020-01-01\n")
	badYAML := write("bad.yaml", "ignore:\n  - id: x\n    reason: [oops\n")
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   string
		stdout   string
		noStdout string
	}{
		{"default fails on a broken claim", nil, 1, "1 finding at or above --fail-on broken", "", ""},
		{"none", []string{"--fail-on", "none"}, 0, "", "", ""},
		{"critical", []string{"--fail-on", "critical"}, 0, "", "", ""},
		{"high counts the undisclosed finding too", []string{"--fail-on", "high"}, 1, "2 findings", "", ""},
		{"exit-code", []string{"--exit-code", "3"}, 3, "", "", ""},
		{"exit-code 0 reports without failing", []string{"--exit-code", "0"}, 0, "", "", ""},
		{"severity hides the broken claim", []string{"--severity", "low,medium", "--fail-on", "info"}, 1, "", "", "Policy says no analytics"},
		{"baseline of itself", []string{"--baseline", basicResult}, 0, "", "findings already in the baseline", ""},
		{"baseline of an older scan", []string{"--baseline", newResult, "--fail-on", "info"}, 1, "", "", ""},
		{"ignore file", []string{"--ignore-file", ignoreBroken}, 0, "", "hidden by the ignore file", ""},
		{"expired ignore entry", []string{"--ignore-file", ignoreExpired}, 1, "expired on 2020-01-01", "", ""},
		{"bad yaml", []string{"--ignore-file", badYAML}, 2, "bad.yaml:3", "", ""},
		{"missing ignore file", []string{"--ignore-file", filepath.Join(dir, "nope.yaml")}, 2, "nope.yaml", "", ""},
		{"bad fail-on", []string{"--fail-on", "severe"}, 2, "--fail-on", "", ""},
		{"bad exit-code", []string{"--exit-code", "2"}, 2, "--exit-code", "", ""},
		{"bad severity", []string{"--severity", "urgent"}, 2, "urgent", "", ""},
		{"missing baseline", []string{"--baseline", filepath.Join(dir, "none.json")}, 2, "--baseline", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"report", basicResult, "-f", "markdown"}, tt.args...)
			got := runCLI(t, false, "", args...)
			if got.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", got.code, tt.code, got.errOut)
			}
			if tt.stderr != "" && !strings.Contains(got.errOut, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", got.errOut, tt.stderr)
			}
			if tt.stdout != "" && !strings.Contains(got.out, tt.stdout) {
				t.Errorf("stdout lacks %q", tt.stdout)
			}
			if tt.noStdout != "" && strings.Contains(got.out, tt.noStdout) {
				t.Errorf("stdout should not show %q", tt.noStdout)
			}
		})
	}
}

func TestReportConfig(t *testing.T) {
	dir := t.TempDir()
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	result := abs(basicResult)
	t.Chdir(dir)
	if err := os.WriteFile("candor.yaml", []byte("format: json\nfail-on: none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := runCLI(t, false, "", "report", result)
	if got.code != 0 || !strings.HasPrefix(got.out, "{") {
		t.Fatalf("candor.yaml not applied: exit %d, stdout starts %.20q, stderr %s", got.code, got.out, got.errOut)
	}
	// Flags win over the file.
	got = runCLI(t, false, "", "report", result, "--fail-on", "broken", "-f", "markdown")
	if got.code != 1 || !strings.HasPrefix(got.out, "# Privacy audit") {
		t.Errorf("flags should override candor.yaml: exit %d, stdout starts %.20q", got.code, got.out)
	}
	if err := os.WriteFile("other.yaml", []byte("fail-on: none\nformatt: json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got = runCLI(t, false, "", "report", result, "--config", "other.yaml")
	if got.code != 2 || !strings.Contains(got.errOut, "other.yaml:2") || !strings.Contains(got.errOut, "formatt") {
		t.Errorf("unknown key: exit %d, stderr %q", got.code, got.errOut)
	}
	// The default ignore file in the working directory applies.
	if err := os.WriteFile(".candorignore.yaml", []byte("ignore:\n  - check: CANDOR-CLAIM-NO-ANALYTICS\n    reason: accepted\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got = runCLI(t, false, "", "report", result, "--fail-on", "broken")
	if got.code != 0 {
		t.Errorf(".candorignore.yaml not applied: exit %d, stderr %s", got.code, got.errOut)
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	notResult := filepath.Join(dir, "x.json")
	if err := os.WriteFile(notResult, []byte(`{"hello": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		stderr string
	}{
		{"no argument", []string{"report"}, "", "accepts 1 arg"},
		{"missing file", []string{"report", filepath.Join(dir, "none.json")}, "", "none.json"},
		{"not a result", []string{"report", notResult}, "", "not a Candor result"},
		{"bad stdin", []string{"report", "-"}, "garbage", "stdin"},
		{"unknown format", []string{"report", basicResult, "-f", "html"}, "", "unknown format \"html\""},
		{"unwritable output", []string{"report", basicResult, "--fail-on", "none", "-o", filepath.Join(dir, "no", "such", "dir.md")}, "", "--output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, false, tt.stdin, tt.args...)
			if got.code != ExitError {
				t.Errorf("exit %d, want 2", got.code)
			}
			if !strings.Contains(got.errOut, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", got.errOut, tt.stderr)
			}
		})
	}
}

// TestReportJSONUnfiltered: filters shape the views, never the saved result.
func TestReportJSONUnfiltered(t *testing.T) {
	got := runCLI(t, false, "", "report", basicResult, "-f", "json", "--baseline", basicResult, "--severity", "high")
	if got.code != 0 {
		t.Fatalf("exit %d: %s", got.code, got.errOut)
	}
	if got.out != golden(t, "basic.out.json") {
		t.Error("-f json with filters is not the whole result")
	}
	md := runCLI(t, false, "", "report", basicResult, "-f", "markdown", "--severity", "high", "--fail-on", "none")
	if strings.Contains(md.out, "Policy says data is encrypted in transit") || !strings.Contains(md.out, "not shown (--severity)") {
		t.Error("-f markdown with --severity high should hide the medium finding and say so")
	}
}

func TestReportOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.md")
	got := runCLI(t, false, "", "report", basicResult, "-f", "markdown", "-o", path)
	if got.code != 1 || got.out != "" {
		t.Fatalf("exit %d (want 1: the gate still applies), stdout %q", got.code, got.out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != golden(t, "basic.md") {
		t.Error("the file is not the Markdown report")
	}
}

// TestConfigSetsLogging checks that log-level and quiet in candor.yaml
// take effect like the flags: an expired ignore entry's warning shows at
// the default level and not with quiet, and a bad level is refused.
func TestConfigSetsLogging(t *testing.T) {
	result, err := filepath.Abs(basicResult)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	ignore := "ignore:\n  - check: CANDOR-CLAIM-NO-ANALYTICS\n    reason: accepted\n    expires: 2020-01-01\n"
	if err := os.WriteFile(".candorignore.yaml", []byte(ignore), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		config   string
		code     int
		want     string // in stderr
		wantNone string // not in stderr
	}{
		{"fail-on: none\n", 0, "expired on 2020-01-01", ""},
		{"fail-on: none\nquiet: true\n", 0, "", "expired"},
		{"fail-on: none\nlog-level: error\n", 0, "", "expired"},
		{"fail-on: none\nlog-level: loud\n", 2, "--log-level", ""},
	} {
		if err := os.WriteFile("candor.yaml", []byte(tc.config), 0o644); err != nil {
			t.Fatal(err)
		}
		got := runCLI(t, false, "", "report", result, "-f", "json")
		if got.code != tc.code || !strings.Contains(got.errOut, tc.want) || tc.wantNone != "" && strings.Contains(got.errOut, tc.wantNone) {
			t.Errorf("config %q: exit %d, stderr %q; want exit %d, stderr with %q and without %q", tc.config, got.code, got.errOut, tc.code, tc.want, tc.wantNone)
		}
	}
}
