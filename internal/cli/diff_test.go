package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiffCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"worse", []string{oldResult, newResult}, 1, "Hotjar"},
		{"better", []string{newResult, oldResult}, 1, "JSDelivr CDN"}, // old result had JSDelivr: it comes back, a new third party
		{"same", []string{oldResult, oldResult}, 0, "No changes."},
		{"markdown", []string{oldResult, newResult, "-f", "markdown"}, 1, "# Candor diff"},
		{"json", []string{oldResult, newResult, "-f", "json"}, 1, `"worse": true`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, false, "", append([]string{"diff"}, tt.args...)...)
			if got.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", got.code, tt.code, got.errOut)
			}
			if !strings.Contains(got.out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, got.out)
			}
		})
	}
}

func TestDiffJSONShape(t *testing.T) {
	got := runCLI(t, false, "", "diff", oldResult, newResult, "-f", "json")
	var d struct {
		Worse     bool     `json:"worse"`
		Reasons   []string `json:"reasons"`
		OrgsAdded []struct {
			Name string `json:"name"`
		} `json:"orgs_added"`
	}
	if err := json.Unmarshal([]byte(got.out), &d); err != nil {
		t.Fatal(err)
	}
	if !d.Worse || len(d.Reasons) != 6 || len(d.OrgsAdded) != 1 || d.OrgsAdded[0].Name != "Hotjar" {
		t.Errorf("diff JSON %+v", d)
	}
}

func TestDiffOutputAndErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "changes.md")
	got := runCLI(t, false, "", "diff", oldResult, newResult, "-f", "markdown", "-o", path)
	if got.code != 1 || got.out != "" {
		t.Fatalf("exit %d, stdout %q", got.code, got.out)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "# Candor diff") {
		t.Errorf("file: %v %.30q", err, b)
	}
	for _, args := range [][]string{
		{"diff", oldResult},
		{"diff", oldResult, filepath.Join(dir, "none.json")},
		{"diff", oldResult, newResult, "-f", "sarif"},
	} {
		if got := runCLI(t, false, "", args...); got.code != ExitError {
			t.Errorf("%v: exit %d, want 2 (stderr %s)", args, got.code, got.errOut)
		}
	}
}
