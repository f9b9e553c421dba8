package policy

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
)

// format is what a policy source holds, decided from its content (and its
// declared content type when that is specific).
type format int

const (
	formatText format = iota
	formatMarkdown
	formatHTML
	formatPDF
	formatBinary
)

func (f format) String() string {
	switch f {
	case formatMarkdown:
		return "markdown"
	case formatHTML:
		return "html"
	case formatPDF:
		return "pdf"
	case formatBinary:
		return "binary"
	default:
		return "text"
	}
}

// magic numbers of binary formats a user might point Candor at by mistake.
var binaryMagic = [][]byte{
	[]byte("PK\x03\x04"),           // zip, docx, odt
	[]byte("\x89PNG"),              // png
	[]byte("GIF8"),                 // gif
	[]byte("\xff\xd8\xff"),         // jpeg
	[]byte("\x1f\x8b"),             // gzip
	[]byte("\x7fELF"),              // executables
	[]byte("\xd0\xcf\x11\xe0"),     // old Office documents
	[]byte("{\\rtf"),               // rtf: text, but not one we read
	[]byte("RIFF"),                 // webp, wav
	[]byte("\x00\x00\x01\x00"),     // ico
	[]byte("wOFF"), []byte("wOF2"), // web fonts
}

var (
	rxHTMLStart  = regexp.MustCompile(`(?i)^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|article|main|section|table|ul|ol|span|a\s|br|header|nav|link|script|style)\b`)
	rxHTMLTags   = regexp.MustCompile(`(?i)</(?:p|div|h[1-6]|li|td|section|article|span|a|body|html)>`)
	rxMDHeading  = regexp.MustCompile(`(?m)^#{1,6}\s+\S`)
	rxMDSetext   = regexp.MustCompile(`(?m)^\S.*\n(?:={3,}|-{3,})\s*$`)
	rxMDLink     = regexp.MustCompile(`\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)`)
	rxMDEmphasis = regexp.MustCompile(`(?:^|\s)(?:\*\*|__)\S[^*_\n]{0,80}\S(?:\*\*|__)(?:\s|[.,;:]|$)`)
)

// sniff decides the format of data (already UTF-8 when it is text).
// The declared content type is trusted for HTML, PDF and images; for text
// types the content decides between text and Markdown.
func sniffFormat(data []byte, contentType string) format {
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return formatPDF
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, m) {
			return formatBinary
		}
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/pdf":
		return formatPDF
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"),
		mt == "application/zip", mt == "application/octet-stream" && looksBinary(data):
		return formatBinary
	case mt == "text/html", mt == "application/xhtml+xml":
		return formatHTML
	}
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	if rxHTMLStart.Match(head) || len(rxHTMLTags.FindAllIndex(head, 4)) >= 3 {
		return formatHTML
	}
	if looksBinary(data) {
		return formatBinary
	}
	if mt == "text/markdown" || mt == "text/x-markdown" {
		return formatMarkdown
	}
	sample := data
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	if rxMDHeading.Match(sample) || rxMDSetext.Match(sample) || len(rxMDLink.FindAllIndex(sample, 2)) >= 2 || len(rxMDEmphasis.FindAllIndex(sample, 2)) >= 2 {
		return formatMarkdown
	}
	return formatText
}

// looksBinary reports whether data (a prefix is enough) has NUL bytes or
// many control characters, which text never has.
func looksBinary(data []byte) bool {
	if len(data) > 8192 {
		data = data[:8192]
	}
	if len(data) == 0 {
		return false
	}
	ctl := 0
	for _, c := range data {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctl++
		}
	}
	return ctl*100 > len(data) // more than 1%
}
