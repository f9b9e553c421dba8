package reports

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/candor-audit/candor/internal/mdtest"
)

func TestTerminalText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Shop Example", "Shop Example"},
		{"clear screen", "a\x1b[2Jb", "ab"},
		{"colour", "\x1b[31mred\x1b[0m", "red"},
		{"osc 8 hyperlink with BEL", "\x1b]8;;https://phish.example/\x07click\x1b]8;;\x07", "click"},
		{"osc 8 hyperlink with ST", "\x1b]8;;https://phish.example/\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"window title", "\x1b]0;pwned\x07ok", "ok"},
		{"8-bit CSI", "a\u009b31mb", "ab"},
		{"8-bit OSC", "a\u009d8;;x\u009cb", "ab"},
		{"two-byte escape", "a\x1bcb", "ab"},
		{"newlines and tabs", "a\nb\r\nc\td", "a b c d"},
		{"other C0", "a\x00b\x07c\x08d", "abcd"},
		{"bidi override", "invoice\u202egnp.exe", "invoicegnp.exe"},
		{"bidi isolate", "a\u2066b\u2069c", "abc"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"unterminated CSI", "a\x1b[12", "a"},
		{"unterminated OSC", "a\x1b]8;;http://x", "a"},
		{"CSI cut by newline", "a\x1b[1\nb", "a b"},
		{"collapse spaces", "  a   b  ", "a b"},
		{"keeps unicode", "Café — 東京", "Café — 東京"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TerminalText(tt.in); got != tt.want {
				t.Errorf("TerminalText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "We never sell data.", "We never sell data."},
		{"pipe", "a|b", `a\|b`},
		{"newline", "a\n# b", `a \# b`},
		{"html", "<script>x</script>", `\<script\>x\</script\>`},
		{"link", "[x](javascript:alert(1))", `\[x\](javascript:alert(1))`},
		{"image", "![x](y)", `\!\[x\](y)`},
		{"code span", "a `b` c", "a \\`b\\` c"},
		{"emphasis", "*a* _b_ ~c~", `\*a\* \_b\_ \~c\~`},
		{"autolink scheme", "see https://evil.example", `see https\://evil.example`},
		{"autolink www", "www.evil.example", `www\.evil.example`},
		{"email", "a@b.example", `a\@b.example`},
		{"entity", "&lt;", `\&lt;`},
		{"heading start", "# x", `\# x`},
		{"list start", "- x", `\- x`},
		{"ordered list start", "1. x", `1\. x`},
		{"ordered list paren", "12) x", `12\) x`},
		{"quote start", "> x", `\> x`},
		{"math", "$x$", `\$x\$`},
		{"backslash", `a\|b`, `a\\\|b`},
		{"escape sequence", "a\x1b[2Jb", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MarkdownText(tt.in); got != tt.want {
				t.Errorf("MarkdownText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownCode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		inTable bool
		want    string
	}{
		{"plain", "_ga", false, "`_ga`"},
		{"empty", "", false, ""},
		{"backtick inside", "a`b", false, "``a`b``"},
		{"triple backticks", "a```b", false, "````a```b````"},
		{"leading backtick", "`a", false, "`` `a ``"},
		{"html stays literal", "<script>", false, "`<script>`"},
		{"pipe outside table", "a|b", false, "`a|b`"},
		{"pipe in table", "a|b", true, "`a\\|b`"},
		{"newline", "a\nb", true, "`a b`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MarkdownCode(tt.in, tt.inTable); got != tt.want {
				t.Errorf("MarkdownCode(%q, %v) = %q, want %q", tt.in, tt.inTable, got, tt.want)
			}
		})
	}
}

func TestMermaidLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Google Analytics", "Google Analytics"},
		{`a"] --> x["b`, "a#34;#93; --#62; x#91;#34;b"},
		{"<b>x</b>", "#60;b#62;x#60;/b#62;"},
		{"a```b", "a#96;#96;#96;b"},
		{"a\nb", "a b"},
	}
	for _, tt := range tests {
		if got := MermaidLabel(tt.in); got != tt.want {
			t.Errorf("MermaidLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// fuzzSeeds are the hostile strings both fuzz targets start from; the
// committed corpus in testdata/fuzz holds more.
var fuzzSeeds = []string{
	"Evil | Home\n# Injected\n<script>alert(1)</script>",
	"[x](javascript:alert(1))",
	"\x1b[2J\x1b]8;;https://phish.example/\x07click\x1b]8;;\x07",
	"``` </code> `` ` ",
	"\u202egnp.exe \u009b31m \u009d0;t\u009c",
	"www.evil.example https://evil.example a@b.c",
	`\|\\|`,
}

// checkTerminal fails when s could still drive a terminal.
func checkTerminal(t *testing.T, in, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("TerminalText(%q) is not valid UTF-8: %q", in, s)
	}
	for _, r := range s {
		if isControl(r) || isBidi(r) {
			t.Fatalf("TerminalText(%q) = %q keeps control %U", in, s, r)
		}
	}
}

func FuzzTerminalEscape(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := TerminalText(in)
		checkTerminal(t, in, out)
		if again := TerminalText(out); again != out {
			t.Fatalf("TerminalText is not idempotent: %q -> %q -> %q", in, out, again)
		}
	})
}

// checkMarkdownText fails when s could break a table, start a block or
// open a link, HTML or a code span.
func checkMarkdownText(t *testing.T, in, s string) {
	t.Helper()
	if strings.ContainsAny(s, "\n\r") {
		t.Fatalf("MarkdownText(%q) = %q has a line break", in, s)
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("|<>[]`*_&#", s[i]) >= 0 && !mdtest.Escaped(s, i) {
			t.Fatalf("MarkdownText(%q) = %q has an unescaped %q at %d", in, s, s[i], i)
		}
	}
	for i := 0; i+3 <= len(s); i++ {
		if s[i:i+3] == "://" && !mdtest.Escaped(s, i) {
			t.Fatalf("MarkdownText(%q) = %q can still autolink a URL", in, s)
		}
	}
	if strings.Contains(strings.ToLower(s), "www.") {
		t.Fatalf("MarkdownText(%q) = %q can still autolink www.", in, s)
	}
	checkTerminal(t, in, s)
}

// checkMarkdownCode fails when the content can close the span early or, in
// a table, split the cell.
func checkMarkdownCode(t *testing.T, in, s string, inTable bool) {
	t.Helper()
	if s == "" {
		return
	}
	n := 0
	for n < len(s) && s[n] == '`' {
		n++
	}
	fence := strings.Repeat("`", n)
	if n == 0 || !strings.HasSuffix(s, fence) || len(s) < 2*n {
		t.Fatalf("MarkdownCode(%q) = %q is not fenced", in, s)
	}
	inner := s[n : len(s)-n]
	if strings.Contains(inner, fence) {
		t.Fatalf("MarkdownCode(%q) = %q: content holds the fence", in, s)
	}
	if strings.ContainsAny(s, "\n\r") {
		t.Fatalf("MarkdownCode(%q) = %q has a line break", in, s)
	}
	if inTable {
		for i := 0; i < len(s); i++ {
			if s[i] == '|' && (i == 0 || s[i-1] != '\\') {
				t.Fatalf("MarkdownCode(%q, true) = %q has a bare pipe", in, s)
			}
		}
	}
}

func FuzzMarkdownEscape(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkMarkdownText(t, in, MarkdownText(in))
		checkMarkdownCode(t, in, MarkdownCode(in, true), true)
		checkMarkdownCode(t, in, MarkdownCode(in, false), false)
		label := MermaidLabel(in)
		if strings.ContainsAny(label, "\"`<>[]{}|\n") {
			t.Fatalf("MermaidLabel(%q) = %q keeps a delimiter", in, label)
		}
	})
}
