package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func load(t *testing.T, name string) *result.Result {
	t.Helper()
	r, err := result.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCompare(t *testing.T) {
	d := Compare(load(t, "old.json"), load(t, "new.json"))
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	check("OrgsAdded", d.OrgsAdded, []Org{{Name: "Hotjar", Category: "analytics"}})
	check("OrgsRemoved", d.OrgsRemoved, []Org{{Name: "JSDelivr CDN", Category: "cdn"}})
	check("SitesAdded", d.SitesAdded, []string{"hotjar.com"})
	check("SitesRemoved", d.SitesRemoved, []string{"jsdelivr.net"})
	check("CookiesAdded", d.CookiesAdded, []Cookie{
		{Name: "_hjSessionUser_1", Domain: ".shop.example", Party: "first", Purpose: "analytics", Org: "Hotjar"},
		{Name: "lang", Domain: "shop.example", Party: "first", Purpose: "functional"},
	})
	check("CookiesRemoved", d.CookiesRemoved, []Cookie{{Name: "fr", Domain: ".facebook.com", Party: "third", Purpose: "advertising", Org: "Facebook"}})
	check("ClaimsAdded", d.ClaimsAdded, []Claim{{Kind: "no-selling", Quote: "We do not sell personal data to anyone."}})
	check("ClaimsRemoved", d.ClaimsRemoved, []Claim{{Kind: "no-selling", Quote: "We never sell your personal data."}})
	check("Flipped", d.Flipped, []Flip{
		{ID: "CANDOR-CLAIM-ENCRYPTS:website", Check: "CANDOR-CLAIM-ENCRYPTS", Title: "Policy says data is encrypted in transit", Severity: "medium", From: "kept", To: "broken", Worse: true},
		{ID: "CANDOR-HDR-CSP", Check: "CANDOR-HDR-CSP", Title: "Content-Security-Policy header", Severity: "medium", From: "fail", To: "pass", Worse: false},
	})
	check("FindingsNew", d.FindingsNew, []Finding{{ID: "CANDOR-UNDISCLOSED-ORG:Hotjar", Check: "CANDOR-UNDISCLOSED-ORG", Title: "Undisclosed third party: Hotjar (analytics)", Severity: "high", Outcome: "fail"}})
	check("FindingsGone", d.FindingsGone, []Finding{{ID: "CANDOR-TLS-CERT-EXPIRY", Check: "CANDOR-TLS-CERT-EXPIRY", Title: "Certificate expiry", Severity: "low", Outcome: "fail"}})
	check("Grade", d.Grade, &GradeDiff{From: "C", To: "D", FromScore: 65, ToScore: 40, Worse: true})
	check("Reasons", d.Reasons(), []string{
		"new third party: Hotjar",
		"new third-party site: hotjar.com",
		"new cookie: _hjSessionUser_1 on .shop.example",
		"CANDOR-CLAIM-ENCRYPTS:website went from kept to broken",
		"new finding CANDOR-UNDISCLOSED-ORG:Hotjar: fail",
		"hygiene grade fell from C to D",
	})
	if !d.Worse() {
		t.Error("Worse() = false")
	}
}

func TestWorse(t *testing.T) {
	base := func() *result.Result { return load(t, "old.json") }
	tests := []struct {
		name   string
		change func(r *result.Result)
		worse  bool
	}{
		{"identical", func(r *result.Result) {}, false},
		{"only improvements", func(r *result.Result) {
			r.Requests = r.Requests[:2] // first-party only: every third party gone
			r.Cookies = r.Cookies[:1]
			r.Summary.HygieneGrade, r.Summary.HygieneScore = "B", 80
		}, false},
		{"new essential first-party cookie", func(r *result.Result) {
			r.Cookies = append(r.Cookies, result.Cookie{Name: "csrftoken", Domain: "shop.example", Party: result.FirstParty, Purpose: "essential"})
		}, false},
		{"new unknown first-party cookie", func(r *result.Result) {
			r.Cookies = append(r.Cookies, result.Cookie{Name: "x", Domain: "shop.example", Party: result.FirstParty, Purpose: "unknown"})
		}, true},
		{"policy edited only", func(r *result.Result) { r.Policy.Claims = r.Policy.Claims[:1] }, false},
		{"flip to unverifiable", func(r *result.Result) { r.Findings[2].Outcome = result.OutcomeUnverifiable }, false},
		{"flip to fail", func(r *result.Result) { r.Findings[6].Outcome = result.OutcomeFail }, true},
		{"score down, same grade", func(r *result.Result) { r.Summary.HygieneScore = 60 }, true},
		{"new passing finding", func(r *result.Result) {
			r.Findings = append(r.Findings, result.Finding{ID: "NEW", Outcome: result.OutcomePass})
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := base()
			tt.change(cur)
			d := Compare(base(), cur)
			if d.Worse() != tt.worse {
				t.Errorf("Worse() = %v, want %v (reasons %v)", d.Worse(), tt.worse, d.Reasons())
			}
		})
	}
	if d := Compare(base(), base()); !d.Empty() {
		t.Error("a result compared with itself is not empty")
	}
}

func TestRenderGolden(t *testing.T) {
	d := Compare(load(t, "old.json"), load(t, "new.json"))
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, format, d); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", "diff."+format)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./internal/diff -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from %s (go test ./internal/diff -update to accept):\n%s", format, path, buf.String())
			}
		})
	}
	if err := Render(&bytes.Buffer{}, "sarif", d); err == nil || !strings.Contains(err.Error(), "table, markdown, json") {
		t.Errorf("Render(sarif) = %v", err)
	}
}

func TestRenderJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, "json", Compare(load(t, "old.json"), load(t, "old.json"))); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["worse"] != false || got["orgs_added"] == nil || got["reasons"] == nil {
		t.Errorf("no-change JSON: worse=%v orgs_added=%v reasons=%v (want false, [], [])", got["worse"], got["orgs_added"], got["reasons"])
	}
}

func TestRenderHostile(t *testing.T) {
	old := load(t, "old.json")
	cur := load(t, "old.json")
	cur.Cookies = append(cur.Cookies, result.Cookie{Name: "id|`x`\n<script>\x1b[2J", Domain: ".evil.example|x", Party: result.ThirdParty})
	cur.Policy.Claims = append(cur.Policy.Claims, result.Claim{Kind: "no-cookies", Quote: "[x](javascript:alert(1)) | \x1b]8;;http://phish/\x07y"})
	d := Compare(old, cur)
	var tbl, md bytes.Buffer
	if err := Render(&tbl, "table", d); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(tbl.Bytes(), 0x1b) {
		t.Error("table diff carries an escape character")
	}
	if err := Render(&md, "markdown", d); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(md.String(), "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		n := 0
		for i := 0; i < len(line); i++ {
			if line[i] == '|' && (i == 0 || line[i-1] != '\\') {
				n++
			}
		}
		if n != 5 {
			t.Errorf("row has %d cell borders, want 5: %q", n, line)
		}
		if strings.Contains(line, "](javascript") && !strings.Contains(line, `\](javascript`) {
			t.Errorf("live link in %q", line)
		}
	}
}
