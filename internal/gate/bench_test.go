package gate

import (
	"fmt"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/result"
)

func BenchmarkApply(b *testing.B) {
	r := result.New("https://big.example/", "bench")
	base := result.New("https://big.example/", "bench")
	for i := 0; i < 1000; i++ {
		f := result.Finding{ID: fmt.Sprintf("F-%d", i), Check: fmt.Sprintf("CANDOR-K%d", i%20), Severity: result.SeverityMedium, Outcome: result.OutcomeFail,
			Evidence: []result.Evidence{{Kind: "request", URL: fmt.Sprintf("https://t%d.example/x", i), Host: fmt.Sprintf("t%d.example", i)}}}
		r.Findings = append(r.Findings, f)
		if i%2 == 0 {
			base.Findings = append(base.Findings, f)
		}
	}
	var entries []IgnoreEntry
	for i := 0; i < 50; i++ {
		entries = append(entries, IgnoreEntry{Check: fmt.Sprintf("CANDOR-K%d", i), Host: "*.example", Reason: "r"})
	}
	th, _ := ParseFailOn("medium")
	opts := Options{FailOn: th, Baseline: base, Ignore: &IgnoreFile{Entries: entries[25:]}, Now: time.Now()}
	b.ReportAllocs()
	for b.Loop() {
		_ = Apply(r, opts)
	}
}
