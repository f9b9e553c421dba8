package filterlist

import (
	"strings"
	"testing"
)

const sample = `[Adblock Plus 2.0]
! Title: test list
||google-analytics.com^
||stats.example.net^$third-party
||cdn.example.com/tracker/*.js
/pixel.gif?
|https://beacon.
/collect^
-analytics-v2.
##.ad-banner
||ads.example.org^$domain=news.example
||metrics.example.com^$script
@@||google-analytics.com/allowed^
/^https?:\/\/regex\./
`

func TestMatch(t *testing.T) {
	l, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if l.Rules != 8 || l.Skipped != 4 {
		t.Errorf("Rules, Skipped = %d, %d; want 8, 4", l.Rules, l.Skipped)
	}
	tests := []struct {
		url  string
		want bool
	}{
		{"https://www.google-analytics.com/g/collect?v=2", true},
		{"https://google-analytics.com/analytics.js", true},
		{"https://notgoogle-analytics.com/x", false},
		{"https://www.google-analytics.com/allowed/x", false}, // exception
		{"https://a.stats.example.net/p", true},
		{"https://cdn.example.com/tracker/t.js", true},
		{"https://cdn.example.com/lib/jquery.js", false},
		{"https://site.example/img/pixel.gif?id=1", true},
		{"https://site.example/img/pixel.gif", false},
		{"https://beacon.example/x", true},
		{"http://beacon.example/x", false},
		{"https://x.example/collect?x=1", true},
		{"https://x.example/collection", false},
		{"https://x.example/js/site-analytics-v2.js", true},
		{"https://ads.example.org/a.js", false},     // $domain= skipped
		{"https://metrics.example.com/m.js", false}, // $script skipped
		{"https://regex.example/", false},
		{"not a url", false},
	}
	for _, tt := range tests {
		if got := l.Match(tt.url); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
	var nilList *List
	if nilList.Match("https://www.google-analytics.com/") {
		t.Error("nil list matched")
	}
}

func TestParseFileMissing(t *testing.T) {
	if _, err := ParseFile("testdata/none.txt"); err == nil || !strings.Contains(err.Error(), "none.txt") {
		t.Errorf("err = %v, want one naming the file", err)
	}
}

func BenchmarkMatch(b *testing.B) {
	var sb strings.Builder
	for i := range 5000 {
		sb.WriteString("||tracker")
		sb.WriteString(strings.Repeat("x", i%7))
		sb.WriteString(".example")
		sb.WriteString(string(rune('a' + i%26)))
		sb.WriteString(".com^\n")
	}
	for range 500 {
		sb.WriteString("/some-pixel-path/*.gif\n")
	}
	l, err := Parse(strings.NewReader(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		l.Match("https://cdn.site.example/assets/app.js?v=3")
	}
}
