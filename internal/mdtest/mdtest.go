// Package mdtest reads Markdown the way GitHub renders it, for tests that
// check a report survived hostile page text: which backticks open code
// spans, which characters a backslash escapes, how many cells a table row
// has.
package mdtest

import "strings"

// Escaped reports whether s[i] is preceded by an odd number of
// backslashes, so that Markdown reads it as a literal character.
func Escaped(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// Pipes counts the unescaped pipes of a table row; GitHub splits cells on
// them even inside code spans.
func Pipes(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '|' && !Escaped(line, i) {
			n++
		}
	}
	return n
}

// StripCodeSpans replaces the code spans of one line with "CODE", following
// CommonMark: a run of n backticks opens a span that only the next run of
// exactly n closes; a run with no closer is literal text.
func StripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' || Escaped(line, i) {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := run(line, i)
		end := closingRun(line, i+n, n)
		if end < 0 {
			b.WriteString(line[i : i+n])
			i += n
			continue
		}
		b.WriteString("CODE")
		i = end + n
	}
	return b.String()
}

// run returns the length of the run of backticks at i.
func run(line string, i int) int {
	n := 0
	for i+n < len(line) && line[i+n] == '`' {
		n++
	}
	return n
}

// closingRun finds the next run of exactly n backticks from i, or -1.
func closingRun(line string, i, n int) int {
	for i < len(line) {
		if line[i] != '`' {
			i++
			continue
		}
		m := run(line, i)
		if m == n {
			return i
		}
		i += m
	}
	return -1
}
