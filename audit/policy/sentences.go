package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is one sentence of the extracted text with what the rules need.
type sentence struct {
	text    string // verbatim from the extracted text
	lc      string // lower case, typographic quotes and dashes made plain
	offset  int    // byte offset of text in the extracted text
	section string // nearest heading above, "" when none
	block   int    // index of the block it came from
	// carry is the scope named by an earlier sentence of the same block,
	// used only for flattened text where headings are lost.
	carry string
	// question is the FAQ question this sentence answers, when it directly
	// follows one ("Do you use cookies? No."); lower-cased.
	question string
	// scope caches namedScope(text) once scoped is set.
	scope  string
	scoped bool
}

// maxSentence bounds a sentence; longer runs are cut at a space.
const maxSentence = 1500

// abbreviations whose full stop does not end a sentence (lower case, no
// final dot).
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "eg": true, "ie": true, "inc": true, "ltd": true, "llc": true, "co": true,
	"corp": true, "mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "vs": true,
	"sec": true, "para": true, "approx": true, "incl": true, "cf": true,
	"al": true, "fig": true, "p": true, "pp": true, "u.s": true, "u.k": true, "e.u": true, "z.b": true,
	"d.h": true, "bzw": true, "usw": true, "ca": true, "u.a": true, "ggf": true, "vgl": true, "abs": true,
	"gem": true, "lit": true, "dsgvo": false, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "etc.,": true,
	"a.m": true, "p.m": true, "resp": true, "max": true, "min": true, "v": true, "ver": true, "dept": true,
	"gmbh": false, "s.a": true, "b.v": true, "n.v": true, "pty": true, "bspw": true, "evtl": true, "inkl": true,
	"sog": true, "u.u": true, "z.t": true,
}

// segment splits the document's blocks into sentences.
func segment(doc document) []sentence {
	var out []sentence
	section := ""
	for bi, b := range doc.blocks {
		text := doc.text[b.start:b.end]
		if b.heading {
			section = text
			continue
		}
		first := len(out)
		for _, sp := range splitSentences(text) {
			s := text[sp[0]:sp[1]]
			if !hasLetter(s) {
				continue
			}
			out = append(out, sentence{text: s, lc: lower(s), offset: b.start + sp[0], section: section, block: bi})
		}
		sents := out[first:]
		if len(text) > 1200 && len(sents) >= 10 {
			carryScope(sents)
		}
		for i := 1; i < len(sents); i++ {
			if strings.HasSuffix(sents[i-1].text, "?") && faqAnswer(sents[i].lc) {
				sents[i].question = sents[i-1].lc
			}
		}
		if len(sents) > 0 && strings.HasSuffix(section, "?") && faqAnswer(sents[0].lc) && sents[0].question == "" {
			sents[0].question = lower(section)
		}
	}
	return out
}

// faqAnswer reports whether a sentence opens with a bare yes or no.
func faqAnswer(lc string) bool {
	for _, p := range []string{"no.", "no,", "no!", "no ", "nope", "never.", "never,", "nein", "yes", "ja"} {
		if strings.HasPrefix(lc, p) {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// splitSentences returns [start,end) byte spans of the sentences in one
// block of collapsed text.
func splitSentences(text string) [][2]int {
	var spans [][2]int
	start := 0
	emit := func(end int) {
		s := strings.TrimSpace(text[start:end])
		if s != "" {
			lead := start + strings.Index(text[start:end], s)
			for len(s) > maxSentence {
				cut := strings.LastIndexByte(s[:maxSentence], ' ')
				if cut <= 0 {
					cut = maxSentence
					for cut < len(s) && !utf8.RuneStart(s[cut]) {
						cut++
					}
				}
				spans = append(spans, [2]int{lead, lead + cut})
				rest := strings.TrimLeft(s[cut:], " ")
				lead += len(s) - len(rest)
				s = rest
			}
			if s != "" {
				spans = append(spans, [2]int{lead, lead + len(s)})
			}
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		var endLen int
		switch {
		case c == '.' || c == '!' || c == '?':
			endLen = 1
		case c == 0xe2 && strings.HasPrefix(text[i:], "…"):
			endLen = len("…")
		case c == 0xe3 && strings.HasPrefix(text[i:], "。"):
			endLen = len("。")
		default:
			continue
		}
		j := i + endLen
		for j < len(text) && strings.ContainsRune(`.!?)"'»]`, rune(text[j])) {
			j++
		}
		for _, q := range []string{"”", "’"} {
			if strings.HasPrefix(text[j:], q) {
				j += len(q)
			}
		}
		if j >= len(text) {
			break
		}
		if text[j] != ' ' {
			i = j - 1
			continue
		}
		k := j + 1
		r, _ := utf8.DecodeRuneInString(text[k:])
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘(„«[•¿¡`, r)) {
			i = j - 1
			continue
		}
		if c == '.' && unicode.IsDigit(r) && numberAbbrev(text[start:i]) {
			i = j - 1
			continue
		}
		if c == '.' && isAbbrev(text[start:i]) {
			i = j - 1
			continue
		}
		emit(j)
		i = j - 1
	}
	emit(len(text))
	return spans
}

// numberAbbrev reports whether the word before a full stop abbreviates
// "number" or "article" ("No. 5", "Art. 6"), which only counts before a digit.
func numberAbbrev(before string) bool {
	w := before
	if i := strings.LastIndexAny(w, " ("); i >= 0 {
		w = w[i+1:]
	}
	switch strings.ToLower(w) {
	case "no", "nr", "art", "nos":
		return true
	}
	return false
}

// isAbbrev reports whether the word that ends at the end of before (just
// ahead of a full stop) is an abbreviation or an initial.
func isAbbrev(before string) bool {
	w := before
	if i := strings.LastIndexAny(w, " (\"“'"); i >= 0 {
		w = w[i+1:]
	}
	if w == "" {
		return false
	}
	lw := strings.ToLower(w)
	if abbreviations[lw] {
		return true
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
		return true // an initial: "J. Smith"
	}
	// dotted forms such as "e.g" or "U.S"
	if strings.Contains(lw, ".") && len(lw) <= 6 {
		return true
	}
	return false
}

// lower returns s in lower case with curly quotes, dashes and no-break
// hyphens made plain so rules can be written in ASCII.
func lower(s string) string {
	s = strings.ToLower(s)
	if !needsPlain(s) {
		return s
	}
	return plainReplacer.Replace(s)
}

func needsPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

var plainReplacer = strings.NewReplacer(
	"’", "'", "‘", "'", "ʼ", "'", "`", "'", "“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`,
	"‐", "-", "‑", "-", "‒", "-", "–", " - ", "—", " - ", "―", " - ", "\u00a0", " ",
)
