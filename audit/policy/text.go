package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	rxBullet       = regexp.MustCompile(`^\s*(?:[-*+•·◦▪▸►‣–—]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])\s+`)
	rxSymbolBullet = regexp.MustCompile(`^\s*[-*+•·◦▪▸►‣–—]\s+`)
	rxNumHeading   = regexp.MustCompile(`^(?:(?:section|article|part|§)\s*)?\d{1,2}(?:\.\d{1,2})*\.?\s+\S`)
	rxATX          = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	rxSetextLine   = regexp.MustCompile(`^\s{0,3}(?:=+|-+)\s*$`)
	rxRule         = regexp.MustCompile(`^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$`)
	rxTableSep     = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	rxMDImage      = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	rxMDInlineLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	rxMDRefLink    = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	rxMDAutolink   = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	rxMDStrong     = regexp.MustCompile(`(^|[\s(\[“"'])(\*\*|__)([^\s*_](?:[^*]*?[^\s*_])?)(\*\*|__)`)
	rxMDEm         = regexp.MustCompile(`(^|[\s(\[“"'])([*_])([^\s*_](?:[^*_]*?[^\s*_])?)([*_])([\s.,;:!?)\]”"']|$)`)
	rxMDCode       = regexp.MustCompile("`([^`]*)`")
	rxHTMLTagInMD  = regexp.MustCompile(`</?[a-zA-Z][^>]{0,200}>`)
)

// textDocument splits plain text or Markdown into blocks. Lines are joined
// into paragraphs; a bullet, a heading-like line or a blank line starts a
// new block.
func textDocument(text string, markdown bool) document {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	var b docBuilder
	var para []string
	paraItem := false
	flush := func() {
		if len(para) > 0 {
			b.add(strings.Join(para, " "), false)
		}
		para = para[:0]
		paraItem = false
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			flush()
			continue
		}
		if markdown {
			if m := rxATX.FindStringSubmatch(line); m != nil {
				flush()
				b.add(mdInline(m[2]), true)
				continue
			}
			if i+1 < len(lines) && rxSetextLine.MatchString(lines[i+1]) && !rxBullet.MatchString(line) && len(para) == 0 {
				b.add(mdInline(trimmed), true)
				i++
				continue
			}
			if rxRule.MatchString(line) || rxTableSep.MatchString(line) {
				flush()
				continue
			}
			trimmed = strings.TrimLeft(trimmed, "> ")
			if strings.HasPrefix(trimmed, "|") {
				flush()
				b.add(tableRow(trimmed), false)
				continue
			}
			trimmed = mdInline(trimmed)
		}
		if rxSymbolBullet.MatchString(trimmed) || (rxBullet.MatchString(trimmed) && !isHeadingLine(trimmed, next(lines, i))) {
			flush()
			para = append(para, trimmed)
			paraItem = true
			continue
		}
		if len(para) == 0 && isHeadingLine(trimmed, next(lines, i)) || len(para) > 0 && rxNumHeading.MatchString(trimmed) && isHeadingLine(trimmed, next(lines, i)) && (paraItem || endsSentence(para[len(para)-1])) {
			flush()
			b.add(trimmed, true)
			continue
		}
		if len(para) > 0 && (endsSentence(para[len(para)-1]) && startsUpper(trimmed) || paraItem && endsSentence(para[len(para)-1])) {
			flush()
			if isHeadingLine(trimmed, next(lines, i)) {
				b.add(trimmed, true)
				continue
			}
		}
		para = append(para, trimmed)
	}
	flush()
	return b.done()
}

func next(lines []string, i int) string {
	for j := i + 1; j < len(lines); j++ {
		if t := strings.TrimSpace(lines[j]); t != "" {
			return t
		}
	}
	return ""
}

// isHeadingLine says whether a line of plain text reads as a heading: short,
// no closing punctuation, and not the start of a run-on sentence.
func isHeadingLine(line, nextLine string) bool {
	if utf8.RuneCountInString(line) > 90 || strings.Count(line, " ") > 11 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	switch last {
	case '.', ',', ';', ':', '!', ')', '"', '”', '’', '\'', '…':
		return false // a question may head an FAQ answer; other marks end sentences
	}
	first, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && first != '§' {
		return false
	}
	if rxSymbolBullet.MatchString(line) {
		return false
	}
	if nextLine != "" {
		nf, _ := utf8.DecodeRuneInString(nextLine)
		if unicode.IsLower(nf) {
			return false // a wrapped sentence continues on the next line
		}
	}
	return true
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, `)"'”’»]`)
	last, _ := utf8.DecodeLastRuneInString(s)
	return last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == '…'
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '(' || r == '§'
}

// mdInline removes Markdown inline syntax: links keep their text, emphasis
// and code marks go, HTML tags go.
func mdInline(s string) string {
	if !strings.ContainsAny(s, "[*_`<") {
		return s
	}
	s = rxMDImage.ReplaceAllString(s, "$1")
	s = rxMDInlineLink.ReplaceAllString(s, "$1")
	s = rxMDRefLink.ReplaceAllString(s, "$1")
	s = rxMDAutolink.ReplaceAllString(s, "$1")
	s = rxMDCode.ReplaceAllString(s, "$1")
	s = rxHTMLTagInMD.ReplaceAllString(s, "")
	s = rxMDStrong.ReplaceAllString(s, "$1$3")
	s = rxMDEm.ReplaceAllString(s, "$1$3$5")
	return s
}

// tableRow turns a Markdown table row into cells joined by " | ".
func tableRow(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "|")
	cells := strings.Split(s, "|")
	out := cells[:0]
	for _, c := range cells {
		if c = strings.TrimSpace(mdInline(c)); c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, " | ")
}
