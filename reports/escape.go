package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Everything a scanned site controls — page titles, URLs, host names,
// cookie names, policy quotes — is hostile. The functions here make such a
// string inert for one output: a terminal, a Markdown document, a Mermaid
// label. They never fail; what cannot be shown safely is dropped or encoded.

// TerminalText returns s with every terminal control removed: ANSI escape
// sequences (CSI, OSC such as OSC 8 hyperlinks, DCS/APC/PM/SOS strings and
// two-byte escapes, in their 7-bit and 8-bit forms), the remaining C0 and C1
// control characters, DEL, and the Unicode bidirectional overrides that can
// reorder what a reader sees. Newlines and tabs become single spaces, runs
// of spaces collapse and invalid UTF-8 becomes U+FFFD.
func TerminalText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	emit := func(r rune) {
		if r == ' ' {
			if space || b.Len() == 0 {
				return
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b: // ESC
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // 8-bit OSC, DCS, SOS, PM, APC
			i = skipString(s, i+size)
			continue
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			emit(' ')
		case isControl(r) || isBidi(r):
			// dropped
		default:
			emit(r)
		}
		i += size
	}
	return strings.TrimRight(b.String(), " ")
}

// skipEscape returns the index after the escape sequence whose ESC ended
// just before i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// Two-byte escape (ESC c, ESC 7, …), plus any intermediate bytes.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes up to and including the
// final byte of a control sequence.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 || c >= 0x7f {
			// A byte that cannot be inside a CSI ends it; it is left for
			// the caller, which drops it if it is a control.
			return i - 1
		}
	}
	return i
}

// skipString skips an OSC/DCS-style string up to its terminator: BEL,
// ESC \ or the 8-bit ST.
func skipString(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x07 || r == 0x9c:
			return i + size
		case r == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		}
		i += size
	}
	return i
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f)
}

// isBidi reports the invisible characters that change the order or
// direction in which text is displayed.
func isBidi(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// plain is TerminalText without collapsing: the shared first step of every
// other escaper, which removes controls and turns line breaks into spaces.
func plain(s string) string { return TerminalText(s) }

// MarkdownText makes s safe as inline Markdown text anywhere — a paragraph,
// a list item, a heading or a table cell: one line, no HTML, no links or
// autolinks, no emphasis or code spans, no pipes that would split a table
// cell and no character that could start a block.
func MarkdownText(s string) string {
	s = plain(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '~', '&', '$', '{', '}', '@':
			b.WriteByte('\\')
		case ':':
			if strings.HasPrefix(s[i:], "://") {
				b.WriteByte('\\')
			}
		case '.':
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") || i == 0 || leadingDigits(s[:i]) {
				b.WriteByte('\\')
			}
		case '-', '+', '=', '!', '(', ')':
			if i == 0 || (r == ')' && leadingDigits(s[:i])) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// leadingDigits reports whether p is all ASCII digits, so that a following
// "." or ")" would start an ordered list.
func leadingDigits(p string) bool {
	if p == "" {
		return false
	}
	for _, c := range p {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// MarkdownCode returns s as a Markdown code span: literal, no HTML, no
// links. The fence is one backtick longer than the longest run inside s, so
// s cannot close it. inTable escapes pipes, which GitHub splits cells on
// even inside code spans. An empty s gives "".
func MarkdownCode(s string, inTable bool) string {
	s = plain(s)
	if s == "" {
		return ""
	}
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	fence := strings.Repeat("`", longest+1)
	if s[0] == '`' || s[len(s)-1] == '`' || s[0] == ' ' && s[len(s)-1] == ' ' {
		s = " " + s + " "
	}
	return fence + s + fence
}

// MermaidLabel makes s safe inside a double-quoted Mermaid node or edge
// label: letters, digits and a few punctuation marks pass, anything else
// (quotes, brackets, HTML, backticks that could close the fence) becomes a
// Mermaid entity such as #35; for "#".
func MermaidLabel(s string) string {
	s = plain(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" .-_,:/'+", r) {
			b.WriteRune(r)
			continue
		}
		b.WriteString("#")
		b.WriteString(itoa(int(r)))
		b.WriteString(";")
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d [12]byte
	i := len(d)
	for n > 0 {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return string(d[i:])
}

// sarifText makes s a plain SARIF message string: no controls, and square
// brackets escaped so a viewer does not read them as an embedded link.
func sarifText(s string) string {
	s = plain(s)
	r := strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`)
	return r.Replace(s)
}
