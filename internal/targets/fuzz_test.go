package targets

import (
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/party"
)

// FuzzReadList feeds arbitrary bytes to the list parser: it must never
// panic, every URL it keeps must be normalised and unique, and every
// warning must carry a line number within the input.
func FuzzReadList(f *testing.F) {
	for _, seed := range []string{
		"example.com\n# comment\n\nhttps://a.example/x # note\n",
		"\ufeffa.example\r\nfile:///etc/passwd\r\n",
		"javascript:alert(1)\ndata:text/html,x\n\x00\n",
		"http://[::1]:8080/\nhttp://user:pw@host/\nbücher.example\n",
		strings.Repeat("a", maxLineBytes+1) + "\nb.example",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var s Set
		if err := ReadList(&s, "fuzz", strings.NewReader(in)); err != nil {
			t.Fatalf("ReadList returned %v for an in-memory reader", err)
		}
		lines := strings.Count(in, "\n") + 1
		seen := map[string]bool{}
		for _, u := range s.URLs() {
			if seen[u] {
				t.Fatalf("duplicate %q", u)
			}
			seen[u] = true
			n, err := party.Normalize(u)
			if err != nil || n != u {
				t.Fatalf("kept %q, which normalises to %q, %v", u, n, err)
			}
		}
		for _, w := range s.Warnings() {
			if w.Line < 1 || w.Line > lines || w.Err == nil {
				t.Fatalf("warning %+v outside the %d lines", w, lines)
			}
		}
	})
}
