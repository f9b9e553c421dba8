package diff

import (
	"fmt"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

func bigResult(shift int) *result.Result {
	r := result.New("https://big.example/", "bench")
	for i := 0; i < 5000; i++ {
		n := (i + shift) % 300
		r.Requests = append(r.Requests, result.Request{Host: fmt.Sprintf("t%d.example", n), Site: fmt.Sprintf("t%d.example", n), Party: result.ThirdParty, Org: fmt.Sprintf("Org %d", n)})
	}
	for i := 0; i < 500; i++ {
		r.Cookies = append(r.Cookies, result.Cookie{Name: fmt.Sprintf("c%d", i+shift), Domain: ".x.example", Party: result.ThirdParty})
	}
	for i := 0; i < 100; i++ {
		r.Policy.Claims = append(r.Policy.Claims, result.Claim{Kind: "k", Quote: fmt.Sprintf("We promise %d.", i+shift)})
		r.Findings = append(r.Findings, result.Finding{ID: fmt.Sprintf("F-%d", i+shift), Outcome: result.OutcomeKept})
	}
	return r
}

func BenchmarkCompare(b *testing.B) {
	old, cur := bigResult(0), bigResult(7)
	b.ReportAllocs()
	for b.Loop() {
		_ = Compare(old, cur).Worse()
	}
}
