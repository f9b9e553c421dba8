package policy

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// seedsDir is the shared, read-only folder of seed policies, relative to
// this package (audit/policy -> ../../../shared/seeds).
const seedsDir = "../../../shared/seeds"

// seedRow is one row of a table in claims.md.
type seedRow struct {
	seed, kind, subject, scope string
	fragments                  []string
}

var (
	rxSeedHeading = regexp.MustCompile(`^## (\d{3}) `)
	rxQuoted      = regexp.MustCompile(`"([^"]+)"`)
)

// parseClaimsMD reads the claim tables of claims.md.
func parseClaimsMD(t *testing.T, path string) []seedRow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("seed labels not available (../shared must sit beside the repository): %v", err)
	}
	var rows []seedRow
	seed := ""
	var prev []string
	for _, line := range strings.Split(string(data), "\n") {
		if m := rxSeedHeading.FindStringSubmatch(line); m != nil {
			seed = m[1]
			continue
		}
		if seed == "" || !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| kind") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 4 {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		var frags []string
		for _, m := range rxQuoted.FindAllStringSubmatch(cells[3], -1) {
			frags = append(frags, m[1])
		}
		if len(frags) == 0 && strings.Contains(cells[3], "same sentence") {
			frags = prev
		}
		prev = frags
		rows = append(rows, seedRow{seed: seed, kind: cells[0], subject: cells[1], scope: cells[2], fragments: frags})
	}
	if len(rows) < 40 {
		t.Fatalf("parsed only %d rows from %s", len(rows), path)
	}
	return rows
}

type seedExtras struct {
	Periods map[string][]struct {
		Subject  string `json:"subject"`
		Fragment string `json:"fragment"`
	} `json:"periods"`
	NotClaims []struct {
		Seed     string `json:"seed"`
		Kind     string `json:"kind"`
		Fragment string `json:"fragment"`
	} `json:"not_claims"`
}

// norm makes a quote and a fragment comparable: Markdown emphasis marks
// and typographic quotes are dropped, space collapsed.
func norm(s string) string {
	s = strings.NewReplacer("_", "", "*", "", "’", "'", "‘", "'", "“", `"`, "”", `"`).Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func readSeeds(t *testing.T) map[string]result.Policy {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed policies in %s (../shared must sit beside the repository)", seedsDir)
	}
	out := map[string]result.Policy{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Read(context.Background(), Source{Name: f, Data: data})
		if err != nil {
			t.Fatalf("Read(%s): %v", f, err)
		}
		out[filepath.Base(f)[:3]] = p
	}
	return out
}

// TestSeeds checks every claim row of claims.md against the five seed
// policies: kind, subject and scope must match and the quote must hold
// one of the row's fragments; the not-claims must not come out.
func TestSeeds(t *testing.T) {
	rows := parseClaimsMD(t, filepath.Join(seedsDir, "claims.md"))
	var extras seedExtras
	data, err := os.ReadFile("testdata/seeds.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &extras); err != nil {
		t.Fatalf("testdata/seeds.json: %v", err)
	}
	policies := readSeeds(t)
	for _, r := range rows {
		type want struct{ subject, fragment string }
		var wants []want
		switch {
		case r.kind == "retention" && strings.Contains(r.subject, "several"):
			for _, p := range extras.Periods[r.seed] {
				wants = append(wants, want{p.Subject, p.Fragment})
			}
			if len(wants) == 0 {
				t.Errorf("seed %s: no periods in seeds.json for %q", r.seed, r.subject)
			}
		case r.kind == "discloses-third-party" && strings.Contains(r.subject, ","):
			for _, s := range strings.Split(r.subject, ",") {
				wants = append(wants, want{strings.TrimSpace(s), ""})
			}
		case r.kind == "data-location":
			// one claim per place: "EU (eu-west-1, Ireland)" is EU and Ireland
			main, rest, _ := strings.Cut(r.subject, " (")
			wants = append(wants, want{main, ""})
			if strings.Contains(rest, "Ireland") {
				wants = append(wants, want{"Ireland", ""})
			}
		default:
			wants = append(wants, want{r.subject, ""})
		}
		for _, w := range wants {
			frags := r.fragments
			if w.fragment != "" {
				frags = []string{w.fragment}
			}
			if !hasClaim(policies[r.seed], r.kind, w.subject, r.scope, frags) {
				t.Errorf("seed %s: missing %s %q scope %s with fragment %q", r.seed, r.kind, w.subject, r.scope, frags)
				for _, c := range policies[r.seed].Claims {
					if c.Kind == r.kind {
						t.Logf("    have %s %q %s %s: %.100s", c.Kind, c.Subject, c.Scope, c.Rule, c.Quote)
					}
				}
			}
		}
	}
	for _, nc := range extras.NotClaims {
		for _, c := range policies[nc.Seed].Claims {
			if c.Kind == nc.Kind && strings.Contains(norm(c.Quote), norm(nc.Fragment)) {
				t.Errorf("seed %s: not-a-claim came out: %s (%s) from %q", nc.Seed, c.Kind, c.Rule, c.Quote)
			}
		}
	}
	for _, seed := range []string{"003", "004"} {
		for _, c := range policies[seed].Claims {
			if c.Kind == "no-ip-logging" {
				t.Errorf("seed %s says IP addresses are collected, yet gave no-ip-logging: %q", seed, c.Quote)
			}
		}
	}
}

func hasClaim(p result.Policy, kind, subject, scope string, frags []string) bool {
	for _, c := range p.Claims {
		if c.Kind != kind || c.Subject != subject || c.Scope != scope {
			continue
		}
		if len(frags) == 0 {
			return true
		}
		for _, f := range frags {
			if strings.Contains(norm(c.Quote), norm(f)) {
				return true
			}
		}
	}
	return false
}

// TestSeedQuotesAreVerbatim checks every claim's quote sits at its offset
// in the extracted text, by re-reading the extracted text.
func TestSeedQuotesAreVerbatim(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(files) == 0 {
		t.Fatal("no seeds (../shared must sit beside the repository)")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := textDocument(string(data), sniffFormat(data, "") == formatMarkdown)
		p, err := Read(context.Background(), Source{Name: f, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Claims {
			if c.Offset < 0 || c.Offset+len(c.Quote) > len(doc.text) || doc.text[c.Offset:c.Offset+len(c.Quote)] != c.Quote {
				t.Errorf("%s: quote not at offset %d: %q", filepath.Base(f), c.Offset, c.Quote)
			}
			if c.Rule == "" || c.Scope == "" {
				t.Errorf("%s: claim without rule or scope: %+v", filepath.Base(f), c)
			}
		}
	}
}
