package policy

import "strings"

// block is one paragraph, list item, table row or heading of the extracted
// text: text[start:end] of the document it belongs to.
type block struct {
	start, end int
	heading    bool
}

// document is the text extracted from a policy: blocks separated by blank
// lines, headings kept as their own blocks so every sentence knows its
// section. Offsets of claims are byte offsets into text.
type document struct {
	text   string
	blocks []block
	title  string
	lang   string // declared language (HTML lang attribute), primary subtag
}

// docBuilder assembles a document block by block.
type docBuilder struct {
	sb     strings.Builder
	blocks []block
	title  string
}

// add appends one block after collapsing its white space; empty blocks are
// dropped.
func (b *docBuilder) add(text string, heading bool) {
	text = collapseSpace(text)
	if text == "" {
		return
	}
	if b.sb.Len() > 0 {
		b.sb.WriteString("\n\n")
	}
	start := b.sb.Len()
	b.sb.WriteString(text)
	b.blocks = append(b.blocks, block{start: start, end: b.sb.Len(), heading: heading})
}

func (b *docBuilder) done() document {
	return document{text: b.sb.String(), blocks: b.blocks, title: b.title}
}

// collapseSpace turns every run of white space (including no-break spaces
// and zero-width characters) into one space and trims the ends.
func collapseSpace(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2007', '\u202f', '\u2028', '\u2029', '\u3000', '\u1680',
			'\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2008', '\u2009', '\u200a', '\u0085':
			space = true
			continue
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
			continue
		}
		if r < 0x20 || r == 0x7f {
			space = true
			continue
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(r)
	}
	return sb.String()
}
