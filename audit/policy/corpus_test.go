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

// TestCorpus measures the reader on the labelled corpus written by another
// engineer (testdata/corpus): precision must reach 97% and recall 90%.
func TestCorpus(t *testing.T) {
	items := loadCorpus(t, "testdata/corpus/*.jsonl")
	if len(items) == 0 {
		t.Fatal("testdata/corpus/ has no *.jsonl files")
	}
	p, r := score(t, items)
	if p < 0.97 || r < 0.90 {
		t.Errorf("precision %.1f%% (want ≥ 97%%), recall %.1f%% (want ≥ 90%%)", 100*p, 100*r)
	}
}

// TestCorpusDev runs the small development set written alongside the
// rules; it must be read perfectly.
func TestCorpusDev(t *testing.T) {
	items := loadCorpus(t, "testdata/corpus_dev/*.jsonl")
	if len(items) == 0 {
		t.Fatal("testdata/corpus_dev is empty")
	}
	p, r := score(t, items)
	if p < 1 || r < 1 {
		t.Errorf("development set: precision %.1f%%, recall %.1f%% (want 100%%)", 100*p, 100*r)
	}
}

// TestCorpusHeldOut measures the reader on a set written after the rules,
// by someone who read only the labelling conventions and the claim
// vocabulary (testdata/corpus_heldout). Its number is the honest one; do
// not tune the rules on it: when its misses are fixed, the set moves into
// testdata/corpus and a new one is written (docs/claims.md). The floor is
// lower than the tuned corpus's.
func TestCorpusHeldOut(t *testing.T) {
	items := loadCorpus(t, "testdata/corpus_heldout/*.jsonl")
	if len(items) == 0 {
		t.Fatal("testdata/corpus_heldout is empty")
	}
	p, r := score(t, items)
	if p < 0.85 || r < 0.70 {
		t.Errorf("held-out set: precision %.1f%% (want ≥ 85%%), recall %.1f%% (want ≥ 70%%)", 100*p, 100*r)
	}
}
