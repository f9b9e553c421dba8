package policy

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusItem is one labelled line of testdata/corpus/*.jsonl.
type corpusItem struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Section  string `json:"section"`
	DocScope string `json:"doc_scope"`
	Claims   []struct {
		Kind    string `json:"kind"`
		Subject string `json:"subject"`
		Scope   string `json:"scope"`
	} `json:"claims"`
	Note string `json:"note"`
	file string
}

func loadCorpus(t *testing.T, pattern string) []corpusItem {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	var items []corpusItem
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			var it corpusItem
			if err := json.Unmarshal([]byte(line), &it); err != nil {
				t.Fatalf("%s:%d: %v", f, n, err)
			}
			it.file = filepath.Base(f)
			items = append(items, it)
		}
		fh.Close()
	}
	return items
}

// claimKey identifies a claim for scoring; organisation names fold case.
func claimKey(kind, subject string) string {
	if kind == "discloses-third-party" {
		subject = strings.ToLower(subject)
	}
	return kind + "|" + subject
}

// score runs the reader over items and reports precision and recall per
// kind and overall, and scope accuracy over the matched claims.
func score(t *testing.T, items []corpusItem) (precision, recall float64) {
	t.Helper()
	type counts struct{ tp, fp, fn int }
	per := map[string]*counts{}
	get := func(k string) *counts {
		if per[k] == nil {
			per[k] = &counts{}
		}
		return per[k]
	}
	var total counts
	scopeOK, scopeAll := 0, 0
	var misses []string
	for _, it := range items {
		docScope := it.DocScope
		if docScope == "" {
			docScope = "website"
		}
		p := readPassage(context.Background(), it.Text, it.Section, docScope)
		got := map[string]string{}
		gotRule := map[string]string{}
		for _, c := range p.Claims {
			k := claimKey(c.Kind, c.Subject)
			if _, ok := got[k]; !ok {
				got[k] = c.Scope
				gotRule[k] = c.Rule
			}
		}
		want := map[string]string{}
		for _, c := range it.Claims {
			want[claimKey(c.Kind, c.Subject)] = c.Scope
		}
		for k, scope := range want {
			kind := strings.SplitN(k, "|", 2)[0]
			if gs, ok := got[k]; ok {
				get(kind).tp++
				total.tp++
				scopeAll++
				if gs == scope {
					scopeOK++
				} else {
					misses = append(misses, fmt.Sprintf("SCOPE %s: %s want %s got %s: %.120q", it.ID, k, scope, gs, it.Text))
				}
			} else {
				get(kind).fn++
				total.fn++
				misses = append(misses, fmt.Sprintf("MISS  %s: %s: %.160q", it.ID, k, it.Text))
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				kind := strings.SplitN(k, "|", 2)[0]
				get(kind).fp++
				total.fp++
				misses = append(misses, fmt.Sprintf("EXTRA %s: %s (%s): %.160q", it.ID, k, gotRule[k], it.Text))
			}
		}
	}
	kinds := make([]string, 0, len(per))
	for k := range per {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 1
		}
		return float64(a) / float64(b)
	}
	for _, k := range kinds {
		c := per[k]
		t.Logf("%-26s precision %5.1f%%  recall %5.1f%%  (tp %d fp %d fn %d)", k, 100*ratio(c.tp, c.tp+c.fp), 100*ratio(c.tp, c.tp+c.fn), c.tp, c.fp, c.fn)
	}
	precision, recall = ratio(total.tp, total.tp+total.fp), ratio(total.tp, total.tp+total.fn)
	t.Logf("OVERALL %d items: precision %.1f%% recall %.1f%% (tp %d fp %d fn %d); scope accuracy %.1f%% (%d/%d)",
		len(items), 100*precision, 100*recall, total.tp, total.fp, total.fn, 100*ratio(scopeOK, scopeAll), scopeOK, scopeAll)
	sort.Strings(misses)
	for _, m := range misses {
		t.Log(m)
	}
	return precision, recall
}

// TestCorpus measures the reader on the labelled sets, each with its own
// floors (docs/claims.md):
//   - corpus: written by others without reading the rules, then used to
//     improve them;
//   - dev: the small set written alongside the rules, read perfectly;
//   - heldout: written after the rules by someone who read only the
//     labelling conventions and the claim vocabulary. Its number is the
//     honest one; do not tune the rules on it: when its misses are fixed,
//     the set moves into testdata/corpus and a new one is written.
func TestCorpus(t *testing.T) {
	for _, set := range []struct {
		name, dir         string
		precision, recall float64
	}{
		{"corpus", "testdata/corpus", 0.97, 0.90},
		{"dev", "testdata/corpus_dev", 1, 1},
		{"heldout", "testdata/corpus_heldout", 0.85, 0.70},
	} {
		t.Run(set.name, func(t *testing.T) {
			items := loadCorpus(t, set.dir+"/*.jsonl")
			if len(items) == 0 {
				t.Fatalf("%s has no *.jsonl files", set.dir)
			}
			p, r := score(t, items)
			if p < set.precision || r < set.recall {
				t.Errorf("%s: precision %.1f%% (want ≥ %.0f%%), recall %.1f%% (want ≥ %.0f%%)",
					set.dir, 100*p, 100*set.precision, 100*r, 100*set.recall)
			}
		})
	}
}
