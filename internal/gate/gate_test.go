package gate

import (
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/result"
	"github.com/spf13/pflag"
)

func claim() *result.Claim { return &result.Claim{Kind: "no-analytics", Quote: "We use no analytics."} }

// sample is a small result with one finding of each shape the gate cares
// about.
func sample() *result.Result {
	r := result.New("https://shop.example/", "test")
	r.Findings = []result.Finding{
		{ID: "CLAIM-A", Check: "CANDOR-CLAIM-NO-ANALYTICS", Severity: result.SeverityHigh, Outcome: result.OutcomeBroken, Claim: claim(),
			Evidence: []result.Evidence{{Kind: "request", URL: "https://www.google-analytics.com/g/collect", Host: "www.google-analytics.com"}}},
		{ID: "CLAIM-B", Check: "CANDOR-CLAIM-NO-SELLING", Severity: result.SeverityLow, Outcome: result.OutcomeUnverifiable, Claim: claim()},
		{ID: "CLAIM-C", Check: "CANDOR-CLAIM-ENCRYPTS-IN-TRANSIT", Severity: result.SeverityMedium, Outcome: result.OutcomeKept, Claim: claim()},
		{ID: "UND-FB", Check: "CANDOR-UNDISCLOSED", Severity: result.SeverityHigh, Outcome: result.OutcomeFail,
			Evidence: []result.Evidence{{Kind: "request", URL: "https://www.facebook.com/tr", Host: "www.facebook.com"}, {Kind: "cookie", Name: "fr", Domain: ".facebook.com"}}},
		{ID: "UND-CDN", Check: "CANDOR-UNDISCLOSED", Severity: result.SeverityLow, Outcome: result.OutcomeFail,
			Evidence: []result.Evidence{{Kind: "request", URL: "https://cdn.jsdelivr.net/x.js", Host: "cdn.jsdelivr.net"}}},
		{ID: "HDR-CSP", Check: "CANDOR-HDR-CSP", Severity: result.SeverityMedium, Outcome: result.OutcomeFail,
			Evidence: []result.Evidence{{Kind: "header", Name: "content-security-policy", Page: "https://shop.example/"}}},
		{ID: "HDR-HSTS", Check: "CANDOR-HDR-HSTS", Severity: result.SeverityMedium, Outcome: result.OutcomePass},
	}
	r.Summary = &result.Summary{Kept: 1, Broken: 1, Unverifiable: 1, Undisclosed: 2, HygieneScore: 70, HygieneGrade: "B"}
	return r
}

func ids(fs []result.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.ID)
	}
	return strings.Join(s, ",")
}

func TestThreshold(t *testing.T) {
	tests := []struct {
		failOn  string
		failing string
	}{
		{"", "CLAIM-A"},
		{"broken", "CLAIM-A"},
		{"none", ""},
		{"critical", ""},
		{"HIGH", "CLAIM-A,UND-FB"},
		{"medium", "CLAIM-A,UND-FB,HDR-CSP"},
		{"low", "CLAIM-A,UND-FB,UND-CDN,HDR-CSP"},
		{"info", "CLAIM-A,UND-FB,UND-CDN,HDR-CSP"},
	}
	for _, tt := range tests {
		t.Run(tt.failOn, func(t *testing.T) {
			th, err := ParseFailOn(tt.failOn)
			if err != nil {
				t.Fatal(err)
			}
			out := Apply(sample(), Options{FailOn: th})
			if got := ids(out.Failing); got != tt.failing {
				t.Errorf("failing %q, want %q", got, tt.failing)
			}
			if out.Failed() != (tt.failing != "") {
				t.Errorf("Failed() = %v", out.Failed())
			}
		})
	}
	if _, err := ParseFailOn("severe"); err == nil || !strings.Contains(err.Error(), "severe") {
		t.Errorf("ParseFailOn(severe) = %v, want an error naming the value", err)
	}
}

func TestSeverityFilter(t *testing.T) {
	sev, err := ParseSeverities([]string{"high,critical"})
	if err != nil {
		t.Fatal(err)
	}
	th, _ := ParseFailOn("low")
	r := sample()
	out := Apply(r, Options{FailOn: th, Severities: sev})
	if got := ids(out.Result.Findings); got != "CLAIM-A,UND-FB" {
		t.Errorf("shown %q", got)
	}
	if got := ids(out.Failing); got != "CLAIM-A,UND-FB" {
		t.Errorf("failing %q: a hidden finding must not fail the build", got)
	}
	if out.BelowSeverity != 5 || len(out.Notes()) != 1 {
		t.Errorf("BelowSeverity %d, notes %v", out.BelowSeverity, out.Notes())
	}
	s := out.Result.Summary
	if s.Broken != 1 || s.Kept != 0 || s.Undisclosed != 1 || s.HygieneGrade != "B" {
		t.Errorf("summary not recounted: %+v", *s)
	}
	if len(r.Findings) != 7 || r.Summary.Kept != 1 {
		t.Error("Apply changed its input")
	}
	if _, err := ParseSeverities([]string{"high", "urgent"}); err == nil {
		t.Error("ParseSeverities accepted urgent")
	}
}

func TestBaseline(t *testing.T) {
	old := sample()
	cur := sample()
	// CLAIM-C flipped from kept to broken; a new finding appeared.
	cur.Findings[2].Outcome = result.OutcomeBroken
	cur.Findings = append(cur.Findings, result.Finding{ID: "CLAIM-D", Check: "CANDOR-CLAIM-NO-COOKIES", Severity: result.SeverityHigh, Outcome: result.OutcomeBroken, Claim: claim()})
	out := Apply(cur, Options{Baseline: old})
	if got := ids(out.Result.Findings); got != "CLAIM-C,CLAIM-D" {
		t.Errorf("shown %q, want only the flipped and the new finding", got)
	}
	if got := ids(out.Failing); got != "CLAIM-C,CLAIM-D" {
		t.Errorf("failing %q", got)
	}
	if out.InBaseline != 7-1 {
		t.Errorf("InBaseline %d", out.InBaseline)
	}
	same := Apply(sample(), Options{Baseline: sample()})
	if same.Failed() || len(same.Result.Findings) != 0 {
		t.Errorf("an unchanged result against itself: failing %q shown %q", ids(same.Failing), ids(same.Result.Findings))
	}
}

func TestIgnore(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		yaml     string
		ignored  string
		failing  string
		warnings int
	}{
		{"by id", "ignore:\n  - id: CLAIM-A\n    reason: accepted\n", "CLAIM-A", "", 0},
		{"by id glob", "ignore:\n  - id: \"UND-*\"\n    reason: r\n", "UND-FB,UND-CDN", "CLAIM-A", 0},
		{"by check", "ignore:\n  - check: candor-hdr-csp\n    reason: r\n", "HDR-CSP", "CLAIM-A", 0},
		{"check and host", "ignore:\n  - check: CANDOR-UNDISCLOSED\n    host: \"*.jsdelivr.net\"\n    reason: CDN\n", "UND-CDN", "CLAIM-A", 0},
		{"host must match all evidence", "ignore:\n  - check: CANDOR-UNDISCLOSED\n    host: www.facebook.com\n    reason: r\n", "", "CLAIM-A", 0},
		{"host of page for header findings", "ignore:\n  - check: CANDOR-HDR-*\n    host: shop.example\n    reason: r\n", "HDR-CSP", "CLAIM-A", 0},
		{"url glob", "ignore:\n  - id: CLAIM-A\n    url: \"https://www.google-analytics.com/*\"\n    reason: r\n", "CLAIM-A", "", 0},
		{"url no match", "ignore:\n  - id: CLAIM-A\n    url: \"https://other.example/*\"\n    reason: r\n", "", "CLAIM-A", 0},
		{"expires today still applies", "ignore:\n  - id: CLAIM-A\n    reason: r\n    expires: 2026-11-20\n", "CLAIM-A", "", 0},
		{"expired", "ignore:\n  - id: CLAIM-A\n    reason: r\n    expires: 2026-11-19\n", "", "CLAIM-A", 1},
		{"empty file", "", "", "CLAIM-A", 0},
		{"empty list", "ignore:\n", "", "CLAIM-A", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ig, err := ParseIgnore(".candorignore.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			out := Apply(sample(), Options{Ignore: ig, Now: now})
			var got []result.Finding
			for _, s := range out.Ignored {
				got = append(got, s.Finding)
			}
			if ids(got) != tt.ignored {
				t.Errorf("ignored %q, want %q", ids(got), tt.ignored)
			}
			if ids(out.Failing) != tt.failing {
				t.Errorf("failing %q, want %q", ids(out.Failing), tt.failing)
			}
			if len(out.Warnings) != tt.warnings {
				t.Errorf("warnings %v", out.Warnings)
			}
			if tt.warnings > 0 && !strings.Contains(out.Warnings[0], ".candorignore.yaml:2") {
				t.Errorf("warning %q should name the file and line", out.Warnings[0])
			}
		})
	}
}

func TestIgnoreErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"syntax", "ignore:\n  - id: a\n    reason: [unclosed\n", ".candorignore.yaml:3"},
		{"bad indentation", "ignore:\n  - id: a\n   reason: r\n", ".candorignore.yaml:"},
		{"unknown field", "ignore:\n  - id: a\n    reason: r\n    hots: x\n", ".candorignore.yaml:4"},
		{"no id or check", "ignore:\n  - reason: r\n", ".candorignore.yaml:2: entry needs an id"},
		{"no reason", "ignore:\n  - id: a\n  - id: b\n    reason: r\n", ".candorignore.yaml:2: entry for id a needs a reason"},
		{"bad date", "ignore:\n  - id: a\n    reason: r\n    expires: next week\n", ".candorignore.yaml:2: expires \"next week\""},
		{"unknown top key", "ignores:\n  - id: a\n", ".candorignore.yaml:1: unknown key \"ignores\""},
		{"not a list", "ignore: a\n", ".candorignore.yaml:1: ignore: want a list"},
		{"scalar entry", "ignore:\n  - a\n", ".candorignore.yaml:2: an ignore entry is a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIgnore(".candorignore.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadMissing(t *testing.T) {
	dir := t.TempDir()
	if ig, err := LoadIgnore(dir+"/none.yaml", false); ig != nil || err != nil {
		t.Errorf("optional missing ignore file: %v %v", ig, err)
	}
	if _, err := LoadIgnore(dir+"/none.yaml", true); err == nil {
		t.Error("a named ignore file that is missing must be an error")
	}
	if c, err := LoadConfig(dir+"/none.yaml", false); c != nil || err != nil {
		t.Errorf("optional missing config: %v %v", c, err)
	}
	if _, err := LoadConfig(dir+"/none.yaml", true); err == nil {
		t.Error("a named config that is missing must be an error")
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		p, s string
		want bool
	}{
		{"*", "", true},
		{"*.example", "a.b.example", true},
		{"*.example", "example", false},
		{"a?c", "abc", true},
		{"a*c*e", "abXcYe", true},
		{"a*c", "abcd", false},
		{"CANDOR-HDR-*", "CANDOR-HDR-CSP", true},
	}
	for _, tt := range tests {
		if got := glob(tt.p, tt.s, false); got != tt.want {
			t.Errorf("glob(%q, %q) = %v", tt.p, tt.s, got)
		}
	}
}

func newFlags() (*pflag.FlagSet, *string, *int, *[]string, *bool) {
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	format := fs.StringP("format", "f", "table", "")
	pages := fs.Int("pages", 1, "")
	sev := fs.StringSlice("severity", nil, "")
	insecure := fs.Bool("insecure", false, "")
	return fs, format, pages, sev, insecure
}

func TestConfig(t *testing.T) {
	cfg, err := ParseConfig("candor.yaml", []byte("targets:\n  - https://shop.example/\nformat: sarif\npages: 5\nseverity: [high, critical]\ninsecure: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Targets) != 1 || cfg.Targets[0] != "https://shop.example/" {
		t.Errorf("targets %v", cfg.Targets)
	}
	fs, format, pages, sev, insecure := newFlags()
	if err := fs.Parse([]string{"--pages", "2"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.ApplyFlags(fs); err != nil {
		t.Fatal(err)
	}
	if *format != "sarif" || *pages != 2 || strings.Join(*sev, ",") != "high,critical" || !*insecure {
		t.Errorf("format %s pages %d severity %v insecure %v: want sarif, 2 (flag wins), high,critical, true", *format, *pages, *sev, *insecure)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown option", "format: json\npagez: 3\n", "candor.yaml:2: unknown option \"pagez\""},
		{"bad value", "pages: many\n", "candor.yaml:1: pages:"},
		{"list for scalar", "format: [a, b]\n", "candor.yaml:1: format takes one value"},
		{"nested", "format:\n  a: b\n", "candor.yaml:2: format: want a value"},
		{"syntax", "format: json\n  pages: 3\n", "candor.yaml:"},
		{"duplicate", "pages: 1\npages: 2\n", "candor.yaml:2"},
		{"not a mapping", "- a\n", "candor.yaml:1: want a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig("candor.yaml", []byte(tt.yaml))
			if err == nil {
				fs, _, _, _, _ := newFlags()
				err = cfg.ApplyFlags(fs)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestConfigSharedKeys(t *testing.T) {
	cfg, err := ParseConfig("candor.yaml", []byte("format: markdown\npages: 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	report := pflag.NewFlagSet("report", pflag.ContinueOnError)
	format := report.String("format", "table", "")
	scan, _, _, _, _ := newFlags()
	if err := cfg.ApplyFlags(report, scan); err != nil {
		t.Fatalf("a scan-only key must be skipped by report: %v", err)
	}
	if *format != "markdown" {
		t.Errorf("format %q", *format)
	}
	if err := cfg.ApplyFlags(pflag.NewFlagSet("x", pflag.ContinueOnError)); err == nil {
		t.Error("keys no command knows must be an error")
	}
}
