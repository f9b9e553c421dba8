package reports

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/mdtest"
	"github.com/candor-audit/candor/internal/result"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// ownSGR is the only escape sequence the table writer may emit: its own
// colour codes.
var ownSGR = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func render(t *testing.T, format string, r *result.Result, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, r, opts); err != nil {
		t.Fatalf("Write %s: %v", format, err)
	}
	return buf.String()
}

func TestHostileTerminal(t *testing.T) {
	r := loadFixture(t, "hostile")
	for _, color := range []bool{false, true} {
		out := render(t, FormatTable, r, Options{Color: color})
		rest := ownSGR.ReplaceAllString(out, "")
		if !color && rest != out {
			t.Errorf("colour off but output has SGR codes")
		}
		for _, r := range rest {
			if r != '\n' && (isControl(r) || isBidi(r)) {
				t.Fatalf("color=%v: output keeps control %U:\n%q", color, r, out)
			}
		}
		for _, want := range []string{"id|`x` <script>", "[x](javascript:alert(1))RED"} {
			if !strings.Contains(rest, want) {
				t.Errorf("color=%v: the hostile string %q should be shown, inert, in the output", color, want)
			}
		}
	}
}

func TestHostileMarkdown(t *testing.T) {
	r := loadFixture(t, "hostile")
	out := render(t, FormatMarkdown, r, Options{})
	inFence, inTable, cols := false, false, 0
	for n, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			// Mermaid: labels hold no quote, bracket or backtick of their own.
			if m := regexp.MustCompile(`\["([^"]*)"\]`).FindAllStringSubmatch(line, -1); m != nil {
				for _, g := range m {
					if strings.ContainsAny(g[1], "[]`<>") {
						t.Errorf("line %d: mermaid label %q not inert", n+1, g[1])
					}
				}
			}
			if strings.Count(line, `"`)%2 != 0 {
				t.Errorf("line %d: unbalanced quote in mermaid: %q", n+1, line)
			}
			continue
		}
		if strings.HasPrefix(line, "|") {
			if !inTable {
				inTable, cols = true, mdtest.Pipes(line)
			} else if got := mdtest.Pipes(line); got != cols {
				t.Errorf("line %d: %d cell separators, the table has %d: %q", n+1, got, cols, line)
			}
		} else {
			inTable = false
		}
		text := mdtest.StripCodeSpans(line)
		for i := 0; i < len(text); i++ {
			switch text[i] {
			case '<', '[', '`':
				if !mdtest.Escaped(text, i) && !strings.HasPrefix(text[i:], "[Method](#method)") && !strings.HasPrefix(text[i:], "[Screenshot") {
					t.Errorf("line %d: unescaped %q outside a code span: %q", n+1, text[i], line)
				}
			}
		}
		if strings.ContainsRune(line, 0x1b) {
			t.Errorf("line %d: escape character in Markdown", n+1)
		}
	}
	if inFence {
		t.Error("a code fence was left open")
	}
	for _, heading := range []string{"# Privacy audit", "## Summary", "## Broken claims", "## Cookies", "## Method"} {
		if !strings.Contains(out, "\n"+heading) && !strings.HasPrefix(out, heading) {
			t.Errorf("heading %q missing: injected text broke the structure", heading)
		}
	}
	if strings.Count(out, "\n# ") != 0 {
		t.Error("the page title injected a second top-level heading")
	}
}

func TestHostileSARIF(t *testing.T) {
	r := loadFixture(t, "hostile")
	out := render(t, FormatSARIF, r, Options{})
	if strings.ContainsRune(out, 0x1b) || strings.Contains(out, `\u001b`) {
		t.Error("SARIF carries an escape character")
	}
	rep, err := sarif.FromString(out)
	if err != nil {
		t.Fatalf("parse SARIF: %v", err)
	}
	if err := rep.Validate(); err != nil {
		t.Fatalf("hostile SARIF fails the 2.1.0 schema: %v", err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			r := loadFixture(t, fx)
			out := render(t, FormatJSON, r, Options{})
			back, err := result.Decode(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r, back) {
				t.Error("json output does not decode to the same result")
			}
			// And the Markdown of the re-read result is the same document.
			if a, b := render(t, FormatMarkdown, r, Options{}), render(t, FormatMarkdown, back, Options{}); a != b {
				t.Error("Markdown differs after a JSON round trip")
			}
		})
	}
}

func TestSARIF(t *testing.T) {
	r := loadFixture(t, "basic")
	out := render(t, FormatSARIF, r, Options{})
	rep, err := sarif.FromString(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Validate(); err != nil {
		t.Fatalf("SARIF fails the 2.1.0 schema: %v", err)
	}
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID                   string `json:"id"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				RuleIndex           int               `json:"ruleIndex"`
				Level               string            `json:"level"`
				Kind                string            `json:"kind"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							Snippet struct {
								Text string `json:"text"`
							} `json:"snippet"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 {
		t.Fatalf("version %q, %d runs", doc.Version, len(doc.Runs))
	}
	run := doc.Runs[0]
	// Kept and pass findings are not alerts; broken, fail, unverifiable are.
	wantRules := []string{"CANDOR-CLAIM-NO-ANALYTICS", "CANDOR-CLAIM-NO-SELLING", "CANDOR-HDR-CSP", "CANDOR-TLS-CERT-EXPIRY", "CANDOR-UNDISCLOSED-ORG"}
	var gotRules []string
	for _, ru := range run.Tool.Driver.Rules {
		gotRules = append(gotRules, ru.ID)
	}
	if !reflect.DeepEqual(gotRules, wantRules) {
		t.Errorf("rules %v, want %v", gotRules, wantRules)
	}
	want := map[string]struct{ level, kind string }{
		"CANDOR-CLAIM-NO-ANALYTICS": {"error", "fail"},
		"CANDOR-CLAIM-NO-SELLING":   {"note", "review"},
		"CANDOR-HDR-CSP":            {"warning", "fail"},
		"CANDOR-TLS-CERT-EXPIRY":    {"note", "fail"},
		"CANDOR-UNDISCLOSED-ORG":    {"error", "fail"},
	}
	if len(run.Results) != len(want) {
		t.Fatalf("%d results, want %d", len(run.Results), len(want))
	}
	for _, res := range run.Results {
		w := want[res.RuleID]
		if res.Level != w.level || res.Kind != w.kind {
			t.Errorf("%s: level %s kind %s, want %s %s", res.RuleID, res.Level, res.Kind, w.level, w.kind)
		}
		if gotRules[res.RuleIndex] != res.RuleID {
			t.Errorf("%s: ruleIndex %d points at %s", res.RuleID, res.RuleIndex, gotRules[res.RuleIndex])
		}
		if res.PartialFingerprints["candorFindingId/v1"] == "" {
			t.Errorf("%s: no finding id fingerprint", res.RuleID)
		}
		if res.RuleID == "CANDOR-CLAIM-NO-ANALYTICS" {
			if len(res.Locations) != 2 {
				t.Fatalf("claim finding: %d locations, want policy and page", len(res.Locations))
			}
			pol, page := res.Locations[0].PhysicalLocation, res.Locations[1].PhysicalLocation
			if pol.ArtifactLocation.URI != "https://shop.example/privacy" || pol.Region == nil ||
				pol.Region.Snippet.Text != "We do not use analytics or tracking tools on our website." {
				t.Errorf("policy location %+v", pol)
			}
			if page.ArtifactLocation.URI != "https://shop.example/" {
				t.Errorf("page location %q", page.ArtifactLocation.URI)
			}
		}
	}
}

func TestUriRef(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://shop.example/a?b=1&c=2#x", "https://shop.example/a?b=1&c=2#x"},
		{"https://e.example/p?q=<script>", "https://e.example/p?q=%3Cscript%3E"},
		{"https://e.example/\x1b[2J |x", "https://e.example/%1B[2J%20%7Cx"},
	}
	for _, tt := range tests {
		if got := uriRef(tt.in); got != tt.want {
			t.Errorf("uriRef(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNewFormats(t *testing.T) {
	for _, f := range append(Formats(), "md", "MARKDOWN") {
		if _, err := New(f, Options{}); err != nil {
			t.Errorf("New(%q): %v", f, err)
		}
	}
	if _, err := New("html", Options{}); err == nil || !strings.Contains(err.Error(), "table, markdown, json, sarif") {
		t.Errorf("New(html) = %v, want an error listing the formats", err)
	}
}
