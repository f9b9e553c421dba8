package reports

import (
	"fmt"
	"io"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// largeResult is a big scan: 5,000 requests to 200 organisations, 500
// cookies and 100 findings with evidence.
func largeResult() *result.Result {
	r := result.New("https://big.example/", "bench")
	for i := 0; i < 5000; i++ {
		org := fmt.Sprintf("Org %d", i%200)
		r.Requests = append(r.Requests, result.Request{
			URL: fmt.Sprintf("https://t%d.example/p?i=%d", i%200, i), Host: fmt.Sprintf("t%d.example", i%200), Site: fmt.Sprintf("t%d.example", i%200),
			Party: result.ThirdParty, ResourceType: []string{"Script", "Image", "XHR", "Ping"}[i%4], Org: org, Category: []string{"analytics", "advertising", "cdn"}[i%3],
			Page: "https://big.example/",
		})
	}
	for i := 0; i < 500; i++ {
		r.Cookies = append(r.Cookies, result.Cookie{Name: fmt.Sprintf("c%d", i), Domain: fmt.Sprintf(".t%d.example", i%200), Party: result.ThirdParty,
			Purpose: "advertising", Org: fmt.Sprintf("Org %d", i%200), SetBy: result.SetBy{Kind: "header", Host: fmt.Sprintf("t%d.example", i%200)}})
	}
	for i := 0; i < 100; i++ {
		f := result.Finding{ID: fmt.Sprintf("CANDOR-CLAIM-X:%d", i), Check: fmt.Sprintf("CANDOR-CLAIM-K%d", i%10), Title: "A claim", Severity: result.SeverityHigh,
			Outcome: []result.Outcome{result.OutcomeBroken, result.OutcomeKept, result.OutcomeUnverifiable}[i%3], Message: "Because."}
		if i%2 == 0 {
			f.Claim = &result.Claim{Kind: "no-tracking", Quote: "We do not track you.", Offset: i}
		} else {
			f.Check = "CANDOR-UNDISCLOSED-ORG"
			f.Outcome = result.OutcomeFail
		}
		for j := 0; j < 10; j++ {
			f.Evidence = append(f.Evidence, result.Evidence{Kind: "request", URL: fmt.Sprintf("https://t%d.example/p", j), Org: fmt.Sprintf("Org %d", j), Page: "https://big.example/"})
		}
		r.Findings = append(r.Findings, f)
	}
	r.Policy.URL = "https://big.example/privacy"
	r.Summary = &result.Summary{HygieneGrade: "B", HygieneScore: 75}
	return r
}

func BenchmarkWrite(b *testing.B) {
	r := largeResult()
	for _, format := range Formats() {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, format, r, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEscape(b *testing.B) {
	s := "Evil | Home <script>alert(1)</script> [x](javascript:alert(1)) \x1b[2J https://www.example.com/a?b=c"
	b.Run("markdown", func(b *testing.B) {
		for b.Loop() {
			_ = MarkdownText(s)
		}
	})
	b.Run("terminal", func(b *testing.B) {
		for b.Loop() {
			_ = TerminalText(s)
		}
	})
}
