package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// TestActionScriptScans runs the action's script steps end to end: a real
// scan in Chromium of a fixture site, the reports, and the gate.
func TestActionScriptScans(t *testing.T) {
	site, _ := startScanFixture(t)
	bin := buildCandor(t)
	script, err := filepath.Abs("../../scripts/action-run.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	// Resolver rules hold spaces, so they travel in a config file, as a
	// team would keep its scan options.
	config := filepath.Join(dir, "candor.yaml")
	yaml := "insecure: true\npages: 1\nwait: 500ms\nhost-resolver-rules: \"" + site.ResolverRules() + "\"\n"
	if err := os.WriteFile(config, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"NO_COLOR=1",
		"CANDOR_BIN=" + bin,
		"CANDOR_URLS=https://www.cli-shop.test/",
		"CANDOR_ARGS=--config " + config,
		"CANDOR_FAIL_ON=high",
		"CANDOR_OUTPUT_DIR=" + out,
		"GITHUB_OUTPUT=" + filepath.Join(dir, "github_output"),
		"RUNNER_TEMP=" + dir,
	}
	code, stdout, stderr := runBinary(t, "bash", env, script)
	// The fixture's Google tag is undisclosed: a high finding fails the gate.
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	r, err := result.ReadFile(filepath.Join(out, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Target != "https://www.cli-shop.test/" || len(r.Requests) == 0 || r.Summary == nil {
		t.Errorf("the action's result is not a judged scan of the fixture: target %s, %d requests", r.Target, len(r.Requests))
	}
	for _, name := range []string{"report.md", "candor.sarif"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("no %s: %v", name, err)
		}
	}
}
